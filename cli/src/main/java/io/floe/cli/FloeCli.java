package io.floe.cli;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.NotFoundException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code floe} command: inspect, query and maintain Iceberg tables from a shell.
 *
 * <p>The options here ({@code --catalog}, {@code --config}, {@code --warehouse}, {@code --output},
 * {@code --verbose}, {@code --no-progress}) apply to every subcommand and may be given before or
 * after it. Subcommands are registered in {@link Commands}; see {@code docs/cli.md}.
 *
 * <pre>{@code
 * int exit = FloeCli.run(new String[] {"table", "list", "--output", "json"});
 * }</pre>
 */
@Command(
    name = "floe",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = FloeCli.Version.class,
    description = "Inspect, query and maintain Iceberg tables.",
    synopsisSubcommandLabel = "COMMAND",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure (catalog, I/O, validation or commit error; the message says which)",
      "2:usage error (unknown command or option, bad argument)",
      "3:not found (namespace, table, snapshot, ref or catalog)",
      "4:already exists"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe ns create analytics",
      "  floe table create analytics.events -s events.avsc --partition-by 'day(ts)'",
      "  floe table list --output json",
      "  floe --catalog prod snapshots sales.orders",
      "  floe sql \"SELECT category, count(*) FROM analytics.events GROUP BY 1\"",
      "  floe shell"
    })
public final class FloeCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--catalog",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description =
          "A catalog of the configuration file or FLOE_CATALOG__<NAME>__<KEY> variables "
              + "(default: the local warehouse)")
  String catalog;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Catalog configuration, YAML or properties (default: $FLOE_CONFIG, ./floe.yaml, ~/.floe.yaml)")
  Path config;

  @Option(
      names = {"-w", "--warehouse"},
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "The local warehouse folder (default: $FLOE_WAREHOUSE or ./warehouse)")
  Path warehouse;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "table, json or csv (default: table)")
  OutputFormat output;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors")
  boolean verbose;

  @Option(
      names = "--no-progress",
      scope = ScopeType.INHERIT,
      description = "No progress bars (they show only on a terminal anyway)")
  boolean noProgress;

  private final Session session;
  private final FloeCli parent;

  /**
   * A {@code floe} command over the process environment and working folder.
   *
   * @return the command
   */
  public static FloeCli create() {
    return create(System.getenv(), Path.of("").toAbsolutePath(), Path.of(home()));
  }

  /**
   * A {@code floe} command with a given environment, working folder and home folder (for tests).
   *
   * @param env the environment variables ({@code FLOE_CONFIG}, {@code FLOE_WAREHOUSE}, {@code
   *     FLOE_CATALOG__*})
   * @param workDir the folder relative paths resolve against
   * @param home the home folder ({@code ~/.floe.yaml}, the shell's history)
   * @return the command
   */
  public static FloeCli create(Map<String, String> env, Path workDir, Path home) {
    return new FloeCli(new Session(env, workDir, home), null);
  }

  private static String home() {
    String home = System.getenv("HOME");
    return home != null && !home.isBlank() ? home : System.getProperty("user.home", ".");
  }

  private FloeCli(Session session, FloeCli parent) {
    this.session = session;
    this.parent = parent;
  }

  /** A command for the lines of a shell: same catalogs, this command's options as defaults. */
  FloeCli child() {
    return new FloeCli(session, this);
  }

  /**
   * Runs {@code floe} with the process's streams and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs {@code floe} with the process's streams.
   *
   * @param args the command line
   * @return the exit code ({@link ExitCodes})
   */
  public static int run(String[] args) {
    FloeCli cli = create();
    CommandLine cmd = cli.commandLine(args);
    try {
      return cmd.execute(args);
    } finally {
      cli.closeQuietly(cmd.getErr());
    }
  }

  /**
   * The picocli command line of this command, with every subcommand registered, the error handlers
   * that print one-line errors and map exceptions to {@link ExitCodes}, and case-insensitive enum
   * values.
   *
   * @return a new command line
   */
  public CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The picocli command line for one command line: only the subcommand it names is registered
   * (which is faster to start), or all of them when it names none that is known.
   *
   * @param args the command line, or null for every subcommand
   * @return a new command line
   */
  public CommandLine commandLine(String[] args) {
    CommandLine cmd = new CommandLine(this);
    if (args == null) {
      Commands.register(cmd);
    } else {
      Commands.register(cmd, args);
    }
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          report(ex, line.getErr());
          return exitCode(ex);
        });
    cmd.setParameterExceptionHandler(FloeCli::usageError);
    return cmd;
  }

  /**
   * Executes a command line and closes the catalogs it opened (for tests and embedding).
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit code
   */
  public int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(args);
    cmd.setOut(out);
    cmd.setErr(err);
    try {
      return cmd.execute(args);
    } finally {
      closeQuietly(err);
      out.flush();
      err.flush();
    }
  }

  void closeQuietly(PrintWriter err) {
    try {
      session.close();
    } catch (RuntimeException e) {
      err.println("floe: warning: closing the catalog failed: " + oneLine(e));
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** The Floe the options choose, opened on first use. */
  Floe floe() {
    return session.floe(catalog(), config(), warehouse());
  }

  boolean isShellLine() {
    return parent != null;
  }

  Session session() {
    return session;
  }

  String catalog() {
    return catalog != null ? catalog : parent != null ? parent.catalog() : null;
  }

  Path config() {
    return config != null ? config : parent != null ? parent.config() : null;
  }

  Path warehouse() {
    return warehouse != null ? warehouse : parent != null ? parent.warehouse() : null;
  }

  OutputFormat output() {
    return output != null ? output : parent != null ? parent.output() : OutputFormat.TABLE;
  }

  boolean verbose() {
    return verbose || (parent != null && parent.verbose());
  }

  boolean progress() {
    return !noProgress && (parent == null || parent.progress()) && System.console() != null;
  }

  private void report(Exception ex, PrintWriter err) {
    String message = oneLine(ex);
    if (ex instanceof NotFoundException nf && nf.table().isPresent()) {
      message += " (list the tables with 'floe table list')";
    }
    boolean expected =
        ex instanceof io.floe.FloeException || ex instanceof IllegalArgumentException;
    if (!expected && !verbose()) {
      message += " (" + ex.getClass().getName() + "; run with --verbose for the stack trace)";
    }
    err.println("floe: " + message);
    if (verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  static String oneLine(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      message = ex.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof NotFoundException) {
      return ExitCodes.NOT_FOUND;
    }
    if (ex instanceof AlreadyExistsException) {
      return ExitCodes.ALREADY_EXISTS;
    }
    if (ex instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILURE;
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine line = ex.getCommandLine();
    PrintWriter err = line.getErr();
    err.println("floe: " + oneLine(ex));
    if (ex instanceof UnmatchedArgumentException unmatched) {
      var suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        err.println("floe: did you mean: " + String.join(", ", suggestions) + "?");
      }
    }
    err.println("floe: see '" + line.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FloeCli.class.getPackage().getImplementationVersion();
      return new String[] {"floe " + Objects.requireNonNullElse(v, "(development build)")};
    }
  }
}
