package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.TableHealth;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The inspection commands: {@code schema}, {@code history}, {@code snapshots}, {@code refs}, {@code
 * files}, {@code manifests}, {@code partitions}, {@code metadata}, {@code stats}, {@code health}.
 * They read Floe's metadata tables ({@link FloeTable#metadataTable(MetadataTableType)}) and never a
 * data file.
 */
public final class InspectCommands {
  private InspectCommands() {}

  /** A command about one table. */
  abstract static class TableArg extends FloeCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table's full name (ns.table)")
    String name;
  }

  /** A command that prints chosen columns of a metadata table. */
  abstract static class MetadataRows extends TableArg {
    abstract MetadataTableType type();

    /**
     * The columns to print, those the metadata table has (partition columns only when partitioned).
     */
    abstract List<String> columns();

    /** The value printed for a column; by default the metadata table's. */
    Object value(Row row, String column) {
      return row.get(column);
    }

    @Override
    protected void run() {
      Scan scan = table(name).metadataTable(type());
      List<String> present = new ArrayList<>();
      for (String c : columns()) {
        if (scan.schema().findField(c) != null) {
          present.add(c);
        }
      }
      Tabular out = Tabular.of(present);
      try (RowStream rows = scan.rows()) {
        for (Row row : rows) {
          List<Object> values = new ArrayList<>(present.size());
          for (String c : present) {
            values.add(value(row, c));
          }
          out.add(values);
        }
      }
      print(out);
    }
  }

  /** {@code floe schema TABLE}, with subcommands {@code diff} and {@code apply}. */
  @Command(
      name = "schema",
      description = {
        "Show a table's current schema, one line per column (nested ones dotted).",
        "With diff or apply: plan or make the changes that give it a schema file's columns."
      },
      subcommands = {SchemaCommands.Diff.class, SchemaCommands.Apply.class},
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe schema analytics.events --output json",
        "  floe schema diff analytics.events events-v2.avsc",
        "  floe schema apply analytics.events events-v2.avsc --yes"
      })
  static final class SchemaCmd extends FloeCommand {
    // Optional so that "schema diff ..." parses: picocli checks the parent's required
    // positionals before handing the rest to a subcommand.
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "TABLE",
        description = "The table's full name (ns.table)")
    String name;

    @Override
    protected void run() {
      if (name == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "Missing the table: floe schema TABLE, or floe schema diff|apply TABLE FILE");
      }
      org.apache.iceberg.Schema schema = table(name).schema();
      Tabular out = Tabular.of("id", "name", "type", "required", "doc");
      for (Types.NestedField f : schema.columns()) {
        add(out, "", f);
      }
      print(out);
    }

    private static void add(Tabular out, String prefix, Types.NestedField f) {
      Type type = f.type();
      String typeText =
          type.isPrimitiveType() ? type.toString() : type.typeId().name().toLowerCase();
      out.add(f.fieldId(), prefix + f.name(), typeText, f.isRequired(), f.doc());
      if (type.isNestedType()) {
        for (Types.NestedField child : type.asNestedType().fields()) {
          add(out, prefix + f.name() + ".", child);
        }
      }
    }
  }

  /** {@code floe history TABLE}. */
  @Command(
      name = "history",
      description = "Show when each snapshot became the table's current one.",
      footerHeading = "%nExamples:%n",
      footer = "  floe history analytics.events")
  static final class History extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.HISTORY;
    }

    @Override
    List<String> columns() {
      return List.of("made_current_at", "snapshot_id", "parent_id", "is_current_ancestor");
    }
  }

  /** {@code floe snapshots TABLE}. */
  @Command(
      name = "snapshots",
      description = "List a table's snapshots with their operation and summary.",
      footerHeading = "%nExamples:%n",
      footer = "  floe snapshots analytics.events --output json")
  static final class Snapshots extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.SNAPSHOTS;
    }

    @Override
    List<String> columns() {
      return List.of("committed_at", "snapshot_id", "parent_id", "operation", "summary");
    }

    @Override
    Object value(Row row, String column) {
      if (column.equals("summary")) {
        Object summary = row.get(column);
        return summary instanceof Map<?, ?> m ? new TreeMap<>(m) : summary;
      }
      return row.get(column);
    }
  }

  /** {@code floe refs TABLE}. */
  @Command(
      name = "refs",
      description = "List a table's branches and tags.",
      footerHeading = "%nExamples:%n",
      footer = "  floe refs analytics.events")
  static final class Refs extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.REFS;
    }

    @Override
    List<String> columns() {
      return List.of(
          "name",
          "type",
          "snapshot_id",
          "max_reference_age_in_ms",
          "min_snapshots_to_keep",
          "max_snapshot_age_in_ms");
    }
  }

  /** {@code floe files TABLE}. */
  @Command(
      name = "files",
      description = "List the live data and delete files of the current snapshot.",
      footerHeading = "%nExamples:%n",
      footer = "  floe files analytics.events --output csv")
  static final class Files extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.FILES;
    }

    @Override
    List<String> columns() {
      return List.of(
          "content", "file_path", "file_format", "partition", "record_count", "file_size_in_bytes");
    }

    @Override
    Object value(Row row, String column) {
      if (column.equals("content")) {
        Object c = row.get(column);
        return c instanceof Integer i ? contentName(i) : c;
      }
      return row.get(column);
    }
  }

  static String contentName(int content) {
    return switch (content) {
      case 0 -> "data";
      case 1 -> "position_deletes";
      case 2 -> "equality_deletes";
      default -> Integer.toString(content);
    };
  }

  /** {@code floe manifests TABLE}. */
  @Command(
      name = "manifests",
      description = "List the manifests of the current snapshot with their file counts.",
      footerHeading = "%nExamples:%n",
      footer = "  floe manifests analytics.events")
  static final class Manifests extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.MANIFESTS;
    }

    @Override
    List<String> columns() {
      return List.of(
          "content",
          "path",
          "length",
          "partition_spec_id",
          "added_snapshot_id",
          "added_data_files_count",
          "existing_data_files_count",
          "deleted_data_files_count",
          "added_delete_files_count",
          "existing_delete_files_count",
          "deleted_delete_files_count");
    }

    @Override
    Object value(Row row, String column) {
      if (column.equals("content")) {
        Object c = row.get(column);
        return c instanceof Integer i ? (i == 0 ? "data" : i == 1 ? "deletes" : c) : c;
      }
      return row.get(column);
    }
  }

  /** {@code floe partitions TABLE}. */
  @Command(
      name = "partitions",
      description = "Rows, files and bytes per partition of the current snapshot.",
      footerHeading = "%nExamples:%n",
      footer = "  floe partitions analytics.events --output json")
  static final class Partitions extends MetadataRows {
    @Override
    MetadataTableType type() {
      return MetadataTableType.PARTITIONS;
    }

    @Override
    List<String> columns() {
      return List.of(
          "partition",
          "record_count",
          "file_count",
          "total_data_file_size_in_bytes",
          "position_delete_record_count",
          "position_delete_file_count",
          "equality_delete_record_count",
          "equality_delete_file_count",
          "last_updated_at",
          "last_updated_snapshot_id");
    }
  }

  /** {@code floe metadata TABLE}. */
  @Command(
      name = "metadata",
      description = {
        "Print the table's current metadata file (raw JSON).",
        "The file as stored, indented; --output is ignored."
      },
      footerHeading = "%nExamples:%n",
      footer = "  floe metadata analytics.events | jq '.snapshots | length'")
  static final class Metadata extends TableArg {
    @Override
    protected void run() {
      Table table = Internals.icebergTable(table(name));
      String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
      JsonNode json;
      try (InputStream raw = table.io().newInputFile(location).newStream();
          InputStream in =
              location.endsWith(".gz") || location.contains(".gz.")
                  ? new GZIPInputStream(raw)
                  : raw) {
        json = Tabular.Json.PRETTY.readTree(in);
      } catch (IOException e) {
        throw new FloeIOException(
            "read", location, "Cannot read the metadata file of table " + name, e);
      }
      out().println(json.toPrettyString());
    }
  }

  /** {@code floe stats TABLE}. */
  @Command(
      name = "stats",
      description = {
        "Column statistics from the manifests: values, nulls, NaNs, min, max (no data is read).",
        "Counts are of the current snapshot's data files: rows removed by delete files are still"
            + " counted. String bounds may be truncated (Iceberg's metrics mode); min and max are"
            + " empty when a file has values but no bounds for the column."
      },
      footerHeading = "%nExamples:%n",
      footer = "  floe stats analytics.events --output json")
  static final class Stats extends TableArg {
    @Override
    protected void run() {
      FloeTable t = table(name);
      org.apache.iceberg.Schema schema = t.schema();
      Map<Integer, ColumnStats> stats = new TreeMap<>();
      List<Types.NestedField> leaves = new ArrayList<>();
      collectLeaves(schema.asStruct(), leaves);
      for (Types.NestedField f : leaves) {
        stats.put(f.fieldId(), new ColumnStats(f.type()));
      }
      try (RowStream rows =
          t.metadataTable(MetadataTableType.DATA_FILES)
              .select(
                  "record_count",
                  "value_counts",
                  "null_value_counts",
                  "nan_value_counts",
                  "lower_bounds",
                  "upper_bounds")
              .rows()) {
        for (Row row : rows) {
          long records = row.get("record_count", Long.class);
          Map<?, ?> values = map(row.get("value_counts"));
          Map<?, ?> nulls = map(row.get("null_value_counts"));
          Map<?, ?> nans = map(row.get("nan_value_counts"));
          Map<?, ?> lower = map(row.get("lower_bounds"));
          Map<?, ?> upper = map(row.get("upper_bounds"));
          stats.forEach(
              (id, s) ->
                  s.add(
                      records,
                      (Long) values.get(id),
                      (Long) nulls.get(id),
                      (Long) nans.get(id),
                      (ByteBuffer) lower.get(id),
                      (ByteBuffer) upper.get(id)));
        }
      }
      Tabular out = Tabular.of("column", "type", "values", "nulls", "nans", "min", "max");
      for (Types.NestedField f : leaves) {
        ColumnStats s = stats.get(f.fieldId());
        out.add(
            schema.findColumnName(f.fieldId()),
            f.type().toString(),
            s.values,
            s.nulls,
            s.nans,
            s.text(s.min),
            s.text(s.max));
      }
      print(out);
    }

    private static Map<?, ?> map(Object value) {
      return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static void collectLeaves(Type type, List<Types.NestedField> into) {
      for (Types.NestedField f : type.asNestedType().fields()) {
        if (f.type().isPrimitiveType()) {
          into.add(f);
        } else {
          collectLeaves(f.type(), into);
        }
      }
    }
  }

  /** Statistics of one column summed over files. */
  private static final class ColumnStats {
    private final Type type;
    private final Comparator<Object> order;
    Long values = 0L;
    Long nulls = 0L;

    /** NaN counts exist only for float and double columns: null (printed empty) for the others. */
    Long nans;

    Object min;
    Object max;
    boolean boundsComplete = true;

    @SuppressWarnings("unchecked")
    ColumnStats(Type type) {
      this.type = type;
      this.order = (Comparator<Object>) Comparators.forType(type.asPrimitiveType());
      this.nans = isFloating() ? 0L : null;
    }

    void add(
        long records,
        Long valueCount,
        Long nullCount,
        Long nanCount,
        ByteBuffer lo,
        ByteBuffer hi) {
      values = sum(values, valueCount);
      nulls = sum(nulls, nullCount);
      nans = isFloating() ? sum(nans, nanCount) : null;
      boolean allNull = nullCount != null && valueCount != null && nullCount.equals(valueCount);
      if (lo == null || hi == null) {
        if (!allNull && records > 0) {
          boundsComplete = false;
        }
        return;
      }
      Object l = Conversions.fromByteBuffer(type, lo.duplicate());
      Object h = Conversions.fromByteBuffer(type, hi.duplicate());
      min = min == null || order.compare(l, min) < 0 ? l : min;
      max = max == null || order.compare(h, max) > 0 ? h : max;
    }

    private boolean isFloating() {
      return type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
    }

    private static Long sum(Long total, Long add) {
      return total == null || add == null ? null : total + add;
    }

    @SuppressWarnings("unchecked")
    String text(Object bound) {
      if (bound == null || !boundsComplete) {
        return null;
      }
      Transform<Object, Object> identity =
          (Transform<Object, Object>) (Transform<?, ?>) Transforms.identity();
      return identity.toHumanString(type, bound);
    }
  }

  /** {@code floe health TABLE}. */
  @Command(
      name = "health",
      description = {
        "A table's physical health: small files, delete files, partitions, manifests, snapshots.",
        "Floe's TableHealth of the current snapshot; compact when small_file_ratio or"
            + " delete_file_ratio grows, expire snapshots when snapshots does."
      },
      footerHeading = "%nExamples:%n",
      footer = "  floe health analytics.events --output json")
  static final class Health extends TableArg {
    @Override
    protected void run() {
      TableHealth h = table(name).health();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("table", h.table());
      fields.put("data_files", h.dataFiles());
      fields.put("data_bytes", h.dataBytes());
      fields.put("records", h.records());
      fields.put("small_data_files", h.smallDataFiles());
      fields.put("small_file_threshold", h.smallFileThreshold());
      fields.put("small_file_ratio", round(h.smallFileRatio()));
      fields.put("average_data_file_size", h.averageDataFileSize());
      fields.put("position_delete_files", h.positionDeleteFiles());
      fields.put("equality_delete_files", h.equalityDeleteFiles());
      fields.put("delete_bytes", h.deleteBytes());
      fields.put("deleted_records", h.deletedRecords());
      fields.put("delete_file_ratio", round(h.deleteFileRatio()));
      fields.put("partitions", h.partitions());
      fields.put("manifests", h.manifests());
      fields.put("snapshots", h.snapshots());
      print(Tabular.record(fields));
    }

    private static double round(double ratio) {
      return Math.round(ratio * 1000) / 1000.0;
    }
  }
}
