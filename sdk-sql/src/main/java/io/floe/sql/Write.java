package io.floe.sql;

import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.parquet.write.ArrowAppend;
import io.floe.sql.internal.SqlText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@code INSERT INTO ns.t [(columns)] query} and {@code CREATE TABLE ns.t AS query}: the query runs
 * through {@link Query} (Floe's scans, pushdown kept), its Arrow result is appended with {@link
 * ArrowAppend} in one commit. Result columns go to the table's columns by position (or to the
 * column list); their types must be ones the Arrow append accepts for those columns.
 */
final class Write {
  private Write() {}

  static long run(
      FloeSql engine,
      Floe floe,
      BufferAllocator parent,
      SqlText.WriteHead head,
      String sql,
      Object[] params) {
    String name = String.join(".", head.table());
    String query = sql.substring(head.queryStart());
    FloeTable table = head.create() ? null : floe.loadTable(name);
    try (BufferAllocator allocator =
            parent.newChildAllocator("floe-sql-write", 0, parent.getLimit());
        SqlResult result = engine.query(floe, query, params);
        ArrowReader reader = result.arrow(allocator)) {
      Schema arrow = reader.getVectorSchemaRoot().getSchema();
      List<String> targets;
      boolean created = false;
      if (head.create()) {
        org.apache.iceberg.Schema schema = icebergSchema(name, arrow, sql);
        table = floe.createTable(name).schema(schema).create();
        created = true;
        targets = schema.columns().stream().map(Types.NestedField::name).toList();
      } else {
        targets = targets(table, head.columns(), arrow.getFields().size(), sql);
        refuseLossy(name, arrow, targets, sql);
      }
      try {
        return append(table, reader, targets, allocator);
      } catch (RuntimeException | Error e) {
        // an unknown commit outcome may have published the rows: its files are never deleted
        if (created && !(e instanceof CommitStateUnknownException)) {
          discardCreated(floe, name, e);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new FloeException(
          "Cannot read the query's result for table " + name + ": " + e.getMessage(),
          name,
          null,
          null,
          e);
    }
  }

  /**
   * Takes back the table a failed {@code CREATE TABLE AS} created: purged while it has no snapshot
   * (the append cleaned up its own files); kept, with a note on {@code failure}, once another
   * writer has committed to it (the table is visible from its creation on, and a purge would delete
   * that writer's rows). A commit landing between the check and the purge is not in the metadata
   * the purge loads first, so its files stay (as orphans), never deleted.
   */
  static void discardCreated(Floe floe, String name, Throwable failure) {
    try {
      FloeTable table = floe.loadTable(name);
      if (!table.snapshots().isEmpty()) {
        failure.addSuppressed(
            new FloeException(
                "Kept table "
                    + name
                    + ": another writer committed to it while CREATE TABLE AS ran; drop it if it"
                    + " is not wanted",
                name,
                null,
                null,
                null));
        return;
      }
      floe.purgeTable(name);
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static long append(
      FloeTable table, ArrowReader reader, List<String> targets, BufferAllocator allocator)
      throws IOException {
    try (ArrowAppend append = ArrowAppend.to(table)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        List<FieldVector> renamed = new ArrayList<>();
        try {
          for (int i = 0; i < targets.size(); i++) {
            FieldVector vector = batch.getVector(i);
            Field field = vector.getField();
            Field target = new Field(targets.get(i), field.getFieldType(), field.getChildren());
            var transfer = vector.getTransferPair(target, allocator);
            transfer.transfer();
            renamed.add((FieldVector) transfer.getTo());
          }
          try (VectorSchemaRoot root = new VectorSchemaRoot(renamed)) {
            root.setRowCount(batch.getRowCount());
            append.batch(root);
          }
        } finally {
          renamed.forEach(FieldVector::close);
        }
      }
      if (append.rowCount() == 0) {
        return 0; // nothing to publish: no snapshot (closing aborts the empty append)
      }
      append.commit();
      return append.rowCount();
    }
  }

  /**
   * Refuses what the Arrow append would accept with a loss: it truncates nanosecond timestamps to
   * Iceberg's microseconds.
   */
  private static void refuseLossy(String table, Schema arrow, List<String> targets, String sql) {
    for (int i = 0; i < targets.size(); i++) {
      if (arrow.getFields().get(i).getType() instanceof ArrowType.Timestamp t
          && t.getUnit() == TimeUnit.NANOSECOND) {
        throw new ValidationException(
            "Cannot insert a nanosecond timestamp into column "
                + targets.get(i)
                + " of table "
                + table
                + ": it would lose its nanoseconds (cast it in the query, e.g. to TIMESTAMP);"
                + " statement: "
                + sql,
            table,
            targets.get(i),
            null);
      }
    }
  }

  /** The table columns the result's columns go to, in the result's order. */
  private static List<String> targets(
      FloeTable table, List<String> columns, int resultColumns, String sql) {
    List<Types.NestedField> fields = table.schema().columns();
    List<String> targets = new ArrayList<>();
    if (columns.isEmpty()) {
      fields.forEach(f -> targets.add(f.name()));
    } else {
      Set<String> seen = new HashSet<>();
      for (String column : columns) {
        Types.NestedField field = table.schema().caseInsensitiveFindField(column);
        if (field == null || !fields.contains(field)) {
          throw new ValidationException(
              "Table "
                  + table.name()
                  + " has no column "
                  + column
                  + " (columns: "
                  + fields.stream().map(Types.NestedField::name).toList()
                  + "); statement: "
                  + sql,
              table.name(),
              column,
              null);
        }
        if (!seen.add(field.name())) {
          throw new ValidationException(
              "Column " + column + " is listed twice; statement: " + sql,
              table.name(),
              column,
              null);
        }
        targets.add(field.name());
      }
    }
    if (targets.size() != resultColumns) {
      throw new ValidationException(
          "INSERT INTO "
              + table.name()
              + " names "
              + targets.size()
              + " columns but the query gives "
              + resultColumns
              + "; statement: "
              + sql,
          table.name(),
          null,
          null);
    }
    return targets;
  }

  /** The Iceberg schema of a CTAS's result (all columns optional); refuses what cannot map. */
  static org.apache.iceberg.Schema icebergSchema(String name, Schema arrow, String sql) {
    List<Types.NestedField> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int id = 1;
    for (Field field : arrow.getFields()) {
      if (!seen.add(field.getName())) {
        throw new ValidationException(
            "CREATE TABLE "
                + name
                + ": the query gives two columns named "
                + field.getName()
                + " (name them with AS); statement: "
                + sql,
            name,
            field.getName(),
            null);
      }
      Type type = icebergType(field.getType());
      if (type == null) {
        throw new UnsupportedFeatureException(
            "CREATE TABLE "
                + name
                + ": column "
                + field.getName()
                + " has type "
                + field.getType()
                + ", which has no Iceberg type Floe's Arrow append writes (cast it in the query,"
                + " e.g. to VARCHAR, BIGINT, DOUBLE, DECIMAL or TIMESTAMP); statement: "
                + sql,
            null);
      }
      fields.add(Types.NestedField.optional(id++, field.getName(), type));
    }
    return new org.apache.iceberg.Schema(fields);
  }

  private static Type icebergType(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return Types.BooleanType.get();
    } else if (type instanceof ArrowType.Int i && i.getIsSigned()) {
      return i.getBitWidth() == 64 ? Types.LongType.get() : Types.IntegerType.get();
    } else if (type instanceof ArrowType.FloatingPoint f) {
      return switch (f.getPrecision()) {
        case SINGLE -> Types.FloatType.get();
        case DOUBLE -> Types.DoubleType.get();
        default -> null;
      };
    } else if (type instanceof ArrowType.Utf8) {
      return Types.StringType.get();
    } else if (type instanceof ArrowType.Binary) {
      return Types.BinaryType.get();
    } else if (type instanceof ArrowType.Decimal d
        && d.getBitWidth() == 128
        && d.getPrecision() <= 38) {
      return Types.DecimalType.of(d.getPrecision(), d.getScale());
    } else if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return Types.DateType.get();
    } else if (type instanceof ArrowType.Time t && t.getUnit() == TimeUnit.MICROSECOND) {
      return Types.TimeType.get();
    } else if (type instanceof ArrowType.Timestamp t
        && (t.getUnit() == TimeUnit.MICROSECOND || t.getUnit() == TimeUnit.MILLISECOND)) {
      return t.getTimezone() == null
          ? Types.TimestampType.withoutZone()
          : Types.TimestampType.withZone();
    }
    return null;
  }
}
