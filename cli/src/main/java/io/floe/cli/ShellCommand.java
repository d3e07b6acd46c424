package io.floe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.shell.jline3.PicocliCommands;

/**
 * {@code floe shell}: an interactive session (JLine 3) that runs {@code floe} commands on one open
 * catalog, with history ({@code ~/.floe_history}), completion of commands, options, table names and
 * column names, and statements over several lines (a quote left open continues on the next line).
 */
@Command(
    name = "shell",
    description = {
      "An interactive session: floe commands without 'floe', with history and completion.",
      "Tab completes commands, options, table names and (after --select, --where, --column)"
          + " column names; 'exit' or Ctrl-D ends the session."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  floe shell", "  floe --catalog prod shell"})
public final class ShellCommand extends FloeCommand {
  /** Commands whose next argument is a table name. */
  private static final Set<String> TABLE_COMMANDS =
      Set.of(
          "schema",
          "history",
          "snapshots",
          "refs",
          "files",
          "manifests",
          "partitions",
          "metadata",
          "stats",
          "health",
          "scan",
          "head",
          "sample",
          "compact",
          "expire",
          "orphans",
          "rewrite-manifests",
          "rewrite-deletes",
          "describe",
          "show",
          "drop",
          "rename",
          "props",
          "properties",
          "diff",
          "apply",
          "analyze",
          "verify",
          "repair",
          "import",
          "export",
          "codegen");

  /** Options whose value is a column name, or a comma-separated list of them. */
  private static final Set<String> COLUMN_OPTIONS = Set.of("--select", "--where", "--column");

  /** Creates the command (picocli instantiates it). */
  public ShellCommand() {}

  @Override
  protected void run() throws IOException {
    FloeCli root = cli();
    if (root.isShellLine()) {
      err().println("floe: already in a shell");
      return;
    }
    FloeCli lines = root.child();
    CommandLine cmd = lines.commandLine();
    PicocliCommands commands = new PicocliCommands(cmd);
    SystemCompleter completer = commands.compileCompleters();
    completer.compile();
    Path history = root.session().home().resolve(".floe_history");
    // a quote left open (or a line ending in a backslash) continues on the next line: multi-line
    // SQL
    DefaultParser parser = new DefaultParser();
    parser.setEofOnUnclosedQuote(true);
    parser.setEofOnEscapedNewLine(true);
    try (Terminal terminal =
        TerminalBuilder.builder().system(true).jni(true).exec(true).ffm(false).build()) {
      PrintWriter out = terminal.writer();
      cmd.setOut(out);
      cmd.setErr(out);
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("floe")
              .completer(new AggregateCompleter(completer, new TableNames(lines)))
              .parser(parser)
              .variable(LineReader.HISTORY_FILE, history)
              .build();
      out.println("floe shell: type a command (help lists them; exit or Ctrl-D ends)");
      out.flush();
      while (true) {
        String line;
        try {
          line = reader.readLine("floe> ");
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        List<String> words = new ArrayList<>(reader.getParsedLine().words());
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
          continue;
        }
        String first = words.get(0);
        if (first.equals("exit") || first.equals("quit")) {
          break;
        }
        if (first.equals("help")) {
          if (words.size() == 1) {
            cmd.usage(out);
            out.flush();
            continue;
          }
          words.remove(0);
          words.add("--help");
        }
        cmd.execute(words.toArray(new String[0]));
        out.flush();
      }
    }
  }

  /** Completes table names after the commands that take one (listed at each Tab: tables change). */
  private static final class TableNames implements Completer {
    private final FloeCli cli;

    TableNames(FloeCli cli) {
      this.cli = cli;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
      List<String> words = line.words();
      int index = line.wordIndex();
      if (index < 1) {
        return;
      }
      String previous = words.get(index - 1);
      if (TABLE_COMMANDS.contains(previous)) {
        for (String t : tables()) {
          candidates.add(new Candidate(t));
        }
      } else if (COLUMN_OPTIONS.contains(previous)) {
        // "--select id,am<Tab>": complete the last name of the list, keep the ones before it
        String word = line.word().substring(0, line.wordCursor());
        int comma = word.lastIndexOf(',');
        String prefix = comma < 0 ? "" : word.substring(0, comma + 1);
        for (String column : columns(words, index)) {
          candidates.add(new Candidate(prefix + column, column, null, null, null, null, false));
        }
      }
    }

    /** The columns (nested ones dotted) of the first table named on the line, if it loads. */
    private List<String> columns(List<String> words, int skip) {
      for (int i = 1; i < words.size(); i++) {
        String w = words.get(i);
        if (i == skip || w.startsWith("-") || !w.contains(".")) {
          continue;
        }
        try {
          org.apache.iceberg.Schema schema = cli.floe().loadTable(w).schema();
          return new ArrayList<>(
              org.apache.iceberg.types.TypeUtil.indexNameById(schema.asStruct()).values());
        } catch (RuntimeException e) {
          // not a table: try the next word
        }
      }
      return List.of();
    }

    private List<String> tables() {
      List<String> all = new ArrayList<>();
      try {
        var floe = cli.floe();
        List<String> pending = new ArrayList<>(floe.namespaces());
        while (!pending.isEmpty()) {
          String ns = pending.remove(pending.size() - 1);
          all.addAll(floe.listTables(ns));
          pending.addAll(floe.namespaces(ns));
        }
      } catch (RuntimeException e) {
        // no completion when the catalog cannot be listed; the command itself will say why
      }
      return all;
    }
  }
}
