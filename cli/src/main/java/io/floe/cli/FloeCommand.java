package io.floe.cli;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of {@code floe}'s subcommands: the Floe the global options choose, the output streams
 * and format. A subcommand implements {@link #run()} and prints through {@link #print(Tabular)};
 * exceptions it throws become one-line errors and exit codes ({@link ExitCodes}).
 */
public abstract class FloeCommand implements Callable<Integer> {
  /** Filled in by picocli: this command's model and command line. */
  @Spec protected CommandSpec spec;

  /** Creates the command (picocli instantiates subcommands). */
  protected FloeCommand() {}

  /**
   * Runs the command.
   *
   * @throws Exception when it fails; reported as a one-line error
   */
  protected abstract void run() throws Exception;

  /** The exit code {@link #call()} returns after {@link #run()}; see {@link #exitWith(int)}. */
  private int exitCode = ExitCodes.OK;

  @Override
  public final Integer call() throws Exception {
    run();
    out().flush();
    return exitCode;
  }

  /**
   * Makes the command end with another exit code than {@link ExitCodes#OK} after it printed its
   * output (for results that scripts branch on, such as an incompatible schema).
   *
   * @param code the exit code, one of {@link ExitCodes}
   */
  protected void exitWith(int code) {
    this.exitCode = code;
  }

  /**
   * The root command, holding the global options.
   *
   * @return the root
   */
  protected FloeCli cli() {
    return (FloeCli) spec.root().userObject();
  }

  /**
   * The Floe the global options choose, opened on first use and closed when {@code floe} ends.
   *
   * @return the Floe
   */
  protected Floe floe() {
    return cli().floe();
  }

  /**
   * Loads a table.
   *
   * @param name its full name
   * @return the table
   * @throws io.floe.NotFoundException when it does not exist
   */
  protected FloeTable table(String name) {
    return floe().loadTable(name);
  }

  /**
   * Standard output.
   *
   * @return the writer
   */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * Standard error, for progress and notes that must not mix with the output.
   *
   * @return the writer
   */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * The format chosen with {@code --output}.
   *
   * @return the format
   */
  protected OutputFormat format() {
    return cli().output();
  }

  /**
   * Prints rows in the chosen format.
   *
   * @param rows the rows
   */
  protected void print(Tabular rows) {
    rows.print(out(), format());
  }

  /**
   * A progress bar without percentage for an operation that reports no progress, drawn on standard
   * error when progress is on (a terminal, no {@code --no-progress}).
   *
   * @param task what is being done
   * @return the progress; close it when done
   */
  protected Progress spinner(String task) {
    return cli().progress() ? Progress.spinner(task, err()) : Progress.off();
  }

  /**
   * A progress bar measured in bytes, drawn on standard error when progress is on; report with
   * {@link Progress#update(long, long, long)}.
   *
   * @param task what is being done
   * @param totalBytes the total, or -1 when unknown
   * @return the progress; close it when done
   */
  protected Progress progress(String task, long totalBytes) {
    return cli().progress() ? Progress.bytes(task, totalBytes, err()) : Progress.off();
  }

  /**
   * A printer of rows as they come in the chosen format (JSON and CSV stream; see {@link
   * Tabular#printer}).
   *
   * @param columns the column names
   * @return the printer; close it to end the output
   */
  protected Tabular.Printer printer(List<String> columns) {
    return Tabular.printer(out(), format(), columns);
  }

  /**
   * Prints a message meant for people: to standard output in table format, to standard error
   * otherwise (so JSON and CSV stay parseable).
   *
   * @param message the message
   */
  protected void note(String message) {
    PrintWriter w = format() == OutputFormat.TABLE ? out() : err();
    w.println(message);
    w.flush();
  }
}
