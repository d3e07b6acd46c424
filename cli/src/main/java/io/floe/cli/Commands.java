package io.floe.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Where {@code floe}'s subcommands are registered: one line per command in {@link #COMMANDS}, in
 * the order {@code floe --help} lists them.
 *
 * <p>To add a command (such as {@code import} or {@code export}): write a class annotated with
 * picocli's {@code @Command(name = "import", ...)} that extends {@link FloeCommand} (its {@code
 * run()} gets the Floe with {@link FloeCommand#floe()}, loads tables with {@link
 * FloeCommand#table(String)}, prints rows with {@link FloeCommand#print(Tabular)} and messages with
 * {@link FloeCommand#note(String)}; long work reports through {@link Progress}, created with {@link
 * FloeCommand#progress(String, long)}), and add a line here with its name and aliases.
 *
 * <p>Only the command a command line names is given to picocli (building the model of every command
 * costs most of {@code floe}'s start time); {@code floe --help}, the shell and command lines
 * without a known command get them all.
 */
public final class Commands {
  /** A subcommand: its name and aliases as in its {@code @Command}, and its class. */
  private record Entry(Class<?> type, String... names) {}

  private static final List<Entry> COMMANDS =
      List.of(
          // catalog and tables
          new Entry(NamespaceCommand.class, "ns", "namespace"),
          new Entry(TableCommand.class, "table"),
          // inspection
          new Entry(InspectCommands.SchemaCmd.class, "schema"),
          new Entry(InspectCommands.History.class, "history"),
          new Entry(InspectCommands.Snapshots.class, "snapshots"),
          new Entry(InspectCommands.Refs.class, "refs"),
          new Entry(InspectCommands.Files.class, "files"),
          new Entry(InspectCommands.Manifests.class, "manifests"),
          new Entry(InspectCommands.Partitions.class, "partitions"),
          new Entry(InspectCommands.Metadata.class, "metadata"),
          new Entry(InspectCommands.Stats.class, "stats"),
          new Entry(InspectCommands.Health.class, "health"),
          new Entry(AnalyzeCommand.class, "analyze"),
          // queries
          new Entry(QueryCommands.Sql.class, "sql"),
          new Entry(QueryCommands.ScanCmd.class, "scan"),
          new Entry(QueryCommands.Head.class, "head"),
          new Entry(QueryCommands.Sample.class, "sample"),
          // data in and out (module floe-files)
          new Entry(DataCommands.Import.class, "import"),
          new Entry(DataCommands.Export.class, "export"),
          new Entry(CodegenCommand.class, "codegen"),
          // maintenance
          new Entry(MaintenanceCommands.Compact.class, "compact"),
          new Entry(MaintenanceCommands.Expire.class, "expire"),
          new Entry(MaintenanceCommands.Orphans.class, "orphans"),
          new Entry(MaintenanceCommands.RewriteManifestsCmd.class, "rewrite-manifests"),
          new Entry(MaintenanceCommands.RewriteDeletes.class, "rewrite-deletes"),
          new Entry(VerifyCommand.class, "verify"),
          new Entry(RepairCommand.class, "repair"),
          new Entry(BackupCommands.Backup.class, "backup"),
          new Entry(BackupCommands.Restore.class, "restore"),
          new Entry(BackupCommands.Replicate.class, "replicate"),
          new Entry(BackupCommands.Clone.class, "clone"),
          // migration
          new Entry(TableCommand.Register.class, "register"),
          // interactive
          new Entry(ShellCommand.class, "shell"));

  /** The global options that take a value in the next argument. */
  private static final Set<String> VALUE_OPTIONS =
      Set.of("--catalog", "--config", "-w", "--warehouse", "-o", "--output");

  private Commands() {}

  /**
   * Adds every subcommand to the root command line.
   *
   * @param root the {@code floe} command line
   */
  public static void register(CommandLine root) {
    COMMANDS.forEach(e -> root.addSubcommand(e.type()));
  }

  /**
   * Adds the subcommand a command line names, or every subcommand when it names none that is known.
   *
   * @param root the {@code floe} command line
   * @param args the command line's arguments
   */
  public static void register(CommandLine root, String[] args) {
    Entry named = byName().get(commandName(args));
    if (named == null || named.type() == ShellCommand.class) {
      register(root);
    } else {
      root.addSubcommand(named.type());
    }
  }

  /** The first argument that is neither a global option nor its value; null when none. */
  static String commandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("-")) {
        if (VALUE_OPTIONS.contains(a)) {
          i++;
        }
        continue;
      }
      return a;
    }
    return null;
  }

  private static Map<String, Entry> byName() {
    Map<String, Entry> map = new LinkedHashMap<>();
    for (Entry e : COMMANDS) {
      for (String name : e.names()) {
        map.put(name, e);
      }
    }
    return map;
  }
}
