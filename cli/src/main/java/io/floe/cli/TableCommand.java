package io.floe.cli;

import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.PartitionFields;
import io.floe.TableCreator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code floe table}: list, create, describe, drop and rename tables; show and change properties.
 */
@Command(
    name = "table",
    description =
        "List, create, describe, drop and rename tables; show and change their properties.",
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe table list analytics",
      "  floe table create analytics.events -s events.avsc --partition-by 'day(ts)'",
      "  floe table describe analytics.events"
    },
    subcommands = {
      TableCommand.ListTables.class,
      TableCommand.Create.class,
      TableCommand.Describe.class,
      TableCommand.Drop.class,
      TableCommand.Rename.class,
      TableCommand.Register.class,
      TableCommand.Props.class
    })
public final class TableCommand {
  private TableCommand() {}

  /** {@code floe table list [NS]}. */
  @Command(
      name = "list",
      aliases = "ls",
      description = "List the tables of a namespace, or of every namespace.",
      footerHeading = "%nExamples:%n",
      footer = {"  floe table list", "  floe table list analytics --output csv"})
  static final class ListTables extends FloeCommand {
    @Parameters(arity = "0..1", paramLabel = "NS", description = "Only this namespace's tables")
    String namespace;

    @Override
    protected void run() {
      List<String> tables = new ArrayList<>();
      if (namespace != null) {
        if (!floe().namespaceExists(namespace)) {
          throw NamespaceCommand.notFound(namespace);
        }
        tables.addAll(floe().listTables(namespace));
      } else {
        floe().namespaces().forEach(ns -> walk(ns, tables));
      }
      Tabular rows = Tabular.of("table");
      tables.stream().sorted().forEach(rows::add);
      print(rows);
    }

    private void walk(String ns, List<String> into) {
      into.addAll(floe().listTables(ns));
      floe().namespaces(ns).forEach(child -> walk(child, into));
    }
  }

  /** {@code floe table create NAME --schema FILE ...}. */
  @Command(
      name = "create",
      description = {
        "Create a table from a schema file.",
        "The file is an Avro schema (.avsc, a record), an Iceberg JSON schema"
            + " ({\"type\":\"struct\",\"fields\":[...]}) or a data file whose schema is"
            + " inferred (.csv, .jsonl, .parquet, .avro)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe table create analytics.events --schema events.avsc --partition-by 'day(ts)'",
        "  floe table create analytics.users --schema users.json --partition-by 'bucket(16, id)'"
      })
  static final class Create extends FloeCommand {
    @Parameters(paramLabel = "NAME", description = "The table's full name (ns.table)")
    String name;

    @Option(
        names = {"-s", "--schema"},
        required = true,
        paramLabel = "FILE",
        description = "An Avro .avsc, an Iceberg JSON schema or a data file")
    Path schemaFile;

    @Option(
        names = "--partition-by",
        paramLabel = "FIELD",
        description =
            "A partition field: COLUMN, identity(C), year(C), month(C), day(C), hour(C),"
                + " bucket(N, C), truncate(W, C) (repeatable, in order)")
    List<String> partitions = new ArrayList<>();

    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        description = "A table property (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--location", paramLabel = "URI", description = "The table's location")
    String location;

    @Option(names = "--format-version", paramLabel = "N", description = "Iceberg format 1, 2 or 3")
    Integer formatVersion;

    @Override
    protected void run() {
      Path file = cli().session().resolvePath(schemaFile);
      Schema schema = SchemaFiles.iceberg(spec.commandLine(), file);
      TableCreator creator = floe().createTable(name).schema(schema);
      if (!partitions.isEmpty()) {
        creator.partitionBy(fields -> partitions.forEach(p -> partitionField(fields, p)));
      }
      if (!properties.isEmpty()) {
        creator.properties(new LinkedHashMap<>(properties));
      }
      if (location != null) {
        creator.location(location);
      }
      if (formatVersion != null) {
        creator.formatVersion(formatVersion);
      }
      FloeTable table = creator.create();
      note(
          "Created table "
              + table.name()
              + " ("
              + table.schema().columns().size()
              + " columns"
              + (table.spec().isUnpartitioned() ? "" : ", partitioned by " + specText(table))
              + ") at "
              + table.location());
    }

    private void partitionField(PartitionFields fields, String text) {
      Matcher m = FIELD.matcher(text.strip());
      if (!m.matches()) {
        fields.identity(text.strip());
        return;
      }
      String transform = m.group(1).toLowerCase(Locale.ROOT);
      String[] args = m.group(2).split(",");
      String column = args[args.length - 1].strip();
      switch (transform) {
        case "identity" -> fields.identity(column);
        case "year", "years" -> fields.year(column);
        case "month", "months" -> fields.month(column);
        case "day", "days" -> fields.day(column);
        case "hour", "hours" -> fields.hour(column);
        case "bucket" -> fields.bucket(column, number(args, text));
        case "truncate" -> fields.truncate(column, number(args, text));
        default ->
            throw new ParameterException(
                spec.commandLine(),
                "Unknown partition transform '"
                    + m.group(1)
                    + "' in --partition-by "
                    + text
                    + ": use identity, year, month, day, hour, bucket(N, C) or truncate(W, C)");
      }
    }

    private int number(String[] args, String text) {
      try {
        if (args.length != 2) {
          throw new NumberFormatException();
        }
        return Integer.parseInt(args[0].strip());
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--partition-by "
                + text
                + " needs a number and a column, as in bucket(16, id) or truncate(10, name)");
      }
    }

    private static final Pattern FIELD = Pattern.compile("(\\w+)\\s*\\((.*)\\)");
  }

  /** {@code floe table describe NAME}. */
  @Command(
      name = "describe",
      aliases = "show",
      description = "Show a table's location, snapshot, partitioning, sort order, properties.",
      footerHeading = "%nExamples:%n",
      footer = "  floe table describe analytics.events --output json")
  static final class Describe extends FloeCommand {
    @Parameters(paramLabel = "TABLE", description = "The table's full name")
    String name;

    @Override
    protected void run() {
      FloeTable t = table(name);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("table", t.name());
      fields.put("location", t.location());
      fields.put("current_snapshot_id", t.currentSnapshot().map(s -> s.snapshotId()).orElse(null));
      fields.put("snapshots", t.snapshots().size());
      fields.put("columns", t.schema().columns().size());
      fields.put("schema_id", t.schema().schemaId());
      fields.put("partition_spec", specText(t));
      fields.put("sort_order", sortText(t.sortOrder(), t.schema()));
      fields.put("properties", new TreeMap<>(t.properties()));
      print(Tabular.record(fields));
    }
  }

  /** {@code floe table drop NAME [--purge]}. */
  @Command(
      name = "drop",
      description = "Remove a table from the catalog (its files stay unless --purge).",
      footerHeading = "%nExamples:%n",
      footer = {"  floe table drop scratch.tmp", "  floe table drop scratch.tmp --purge"})
  static final class Drop extends FloeCommand {
    @Parameters(paramLabel = "TABLE", description = "The table's full name")
    String name;

    @Option(
        names = "--purge",
        description =
            "Also delete the table's data and metadata files (those its metadata references)")
    boolean purge;

    @Override
    protected void run() {
      boolean dropped = purge ? floe().purgeTable(name) : floe().dropTable(name);
      if (!dropped) {
        throw tableNotFound(name);
      }
      note((purge ? "Purged table " : "Dropped table ") + name);
    }
  }

  /** {@code floe table rename FROM TO}. */
  @Command(
      name = "rename",
      description = "Rename a table (possibly into another namespace).",
      footerHeading = "%nExamples:%n",
      footer = "  floe table rename analytics.events analytics.events_v1")
  static final class Rename extends FloeCommand {
    @Parameters(index = "0", paramLabel = "FROM", description = "The table's full name")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "Its new full name")
    String to;

    @Override
    protected void run() {
      floe().renameTable(from, to);
      note("Renamed table " + from + " to " + to);
    }
  }

  /** {@code floe table register NAME METADATA} (also {@code floe register}). */
  @Command(
      name = "register",
      description = {
        "Register an existing Iceberg table under a name, by its metadata file (written by Floe or"
            + " any engine: a table restored from a backup, moved from another catalog); nothing"
            + " is copied or changed.",
        "Given a table folder, the newest metadata file in its metadata/ folder is taken."
            + " Refused when the table's location overlaps a table the catalog already has."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe table register analytics.events s3://bucket/wh/events/metadata/00012-...metadata.json",
        "  floe register restored.events /backups/events"
      })
  static final class Register extends FloeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The table's full name (ns.table)")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "METADATA",
        description = "A *.metadata.json location, or a local table folder")
    String metadata;

    @Override
    protected void run() {
      String location = metadataFile(metadata);
      FloeTable table = floe().registerTable(name, location);
      note(
          "Registered table "
              + table.name()
              + " at "
              + table.location()
              + " from "
              + location
              + table.currentSnapshot().map(s -> " (snapshot " + s.snapshotId() + ")").orElse(""));
    }

    private String metadataFile(String given) {
      if (given.contains("://")) {
        return given;
      }
      Path path = cli().session().resolvePath(Path.of(given));
      if (!Files.isDirectory(path)) {
        return path.toString();
      }
      Path dir = Files.isDirectory(path.resolve("metadata")) ? path.resolve("metadata") : path;
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.getFileName().toString().endsWith(".metadata.json"))
            .max(
                java.util.Comparator.comparingLong(Register::version)
                    .thenComparing(f -> f.getFileName().toString()))
            .map(Path::toString)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "No *.metadata.json in "
                            + dir
                            + ": give the table's folder or its metadata file"));
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "Cannot list " + dir + ": " + e.getMessage());
      }
    }

    /** The version of {@code 00012-uuid.metadata.json} or {@code v12.metadata.json}; -1 if none. */
    static long version(Path file) {
      String n = file.getFileName().toString();
      Matcher m = VERSION.matcher(n);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)[-.]");
  }

  /** {@code floe table props NAME [--set KEY=VALUE]... [--unset KEY]...}. */
  @Command(
      name = "props",
      aliases = "properties",
      description = "Show a table's properties, after setting and removing the given ones.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe table props analytics.events",
        "  floe table props analytics.events --set write.target-file-size-bytes=134217728"
      })
  static final class Props extends FloeCommand {
    @Parameters(paramLabel = "TABLE", description = "The table's full name")
    String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a property")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a property")
    List<String> unset = new ArrayList<>();

    @Override
    protected void run() {
      FloeTable t = table(name);
      if (!set.isEmpty() || !unset.isEmpty()) {
        var update = t.updateProperties();
        if (!set.isEmpty()) {
          update.set(new LinkedHashMap<>(set));
        }
        if (!unset.isEmpty()) {
          update.remove(unset.toArray(new String[0]));
        }
        update.commit();
        t = t.refresh();
      }
      Tabular rows = Tabular.of("key", "value");
      new TreeMap<>(t.properties()).forEach(rows::add);
      print(rows);
    }
  }

  static NotFoundException tableNotFound(String name) {
    return new NotFoundException(
        "Table " + name + " does not exist: list tables with 'floe table list'", null);
  }

  /** A partition spec as text: {@code day(ts), bucket[16](id)}; empty when unpartitioned. */
  static String specText(FloeTable table) {
    PartitionSpec spec = table.spec();
    List<String> parts = new ArrayList<>();
    for (PartitionField f : spec.fields()) {
      parts.add(f.transform() + "(" + table.schema().findColumnName(f.sourceId()) + ")");
    }
    return String.join(", ", parts);
  }

  static String sortText(SortOrder order, Schema schema) {
    List<String> parts = new ArrayList<>();
    order
        .fields()
        .forEach(
            f ->
                parts.add(
                    (f.transform().isIdentity()
                            ? schema.findColumnName(f.sourceId())
                            : f.transform() + "(" + schema.findColumnName(f.sourceId()) + ")")
                        + " "
                        + f.direction()
                        + " "
                        + f.nullOrder()));
    return String.join(", ", parts);
  }
}
