package io.floe.cli;

import picocli.CommandLine;

/**
 * Where {@code floe}'s subcommands are registered: one line per command, in the order {@code floe
 * --help} lists them. To add a command (such as {@code import} or {@code export}), write a class
 * annotated with picocli's {@code @Command} that extends {@link FloeCommand} (its {@code run()}
 * gets the Floe with {@link FloeCommand#floe()} and prints with {@link FloeCommand#print(Tabular)};
 * long operations report through {@link Progress}), and add it here.
 */
public final class Commands {
  private Commands() {}

  /**
   * Adds every subcommand to the root command line.
   *
   * @param root the {@code floe} command line
   */
  public static void register(CommandLine root) {
    // catalog and tables
    root.addSubcommand(NamespaceCommand.class);
    root.addSubcommand(TableCommand.class);
    // inspection
    root.addSubcommand(InspectCommands.SchemaCmd.class);
    root.addSubcommand(InspectCommands.History.class);
    root.addSubcommand(InspectCommands.Snapshots.class);
    root.addSubcommand(InspectCommands.Refs.class);
    root.addSubcommand(InspectCommands.Files.class);
    root.addSubcommand(InspectCommands.Manifests.class);
    root.addSubcommand(InspectCommands.Partitions.class);
    root.addSubcommand(InspectCommands.Metadata.class);
    root.addSubcommand(InspectCommands.Stats.class);
    root.addSubcommand(InspectCommands.Health.class);
    // queries
    root.addSubcommand(QueryCommands.Sql.class);
    root.addSubcommand(QueryCommands.ScanCmd.class);
    root.addSubcommand(QueryCommands.Head.class);
    // maintenance
    root.addSubcommand(MaintenanceCommands.Compact.class);
    root.addSubcommand(MaintenanceCommands.Expire.class);
    root.addSubcommand(MaintenanceCommands.Orphans.class);
    root.addSubcommand(MaintenanceCommands.RewriteManifestsCmd.class);
    // data in and out: import / export go here (floe-files)
    // interactive
    root.addSubcommand(ShellCommand.class);
  }
}
