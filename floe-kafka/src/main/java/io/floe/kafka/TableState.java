package io.floe.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.SchemaUpdate;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.RecordWriter;
import io.floe.impl.spi.WriteChecks;
import io.floe.quality.QualitySummary;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;

/** One target table of a sink: its open writer, pending files and offsets. One sink thread. */
final class TableState {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final FloeTable floeTable;
  final Table table;
  final OffsetCheckingOps ops;
  final Table checked;

  /** The table's offsets for the sink's partitions as last read or committed; null: none. */
  final Map<TopicPartition, Long> expected = new HashMap<>();

  final List<DataFile> done = new ArrayList<>();
  final List<String> schemaChanges = new ArrayList<>();
  RecordWriter writer;
  Function<Map<String, ?>, Record> converter;

  /** The table's quality rules over the rows of the next commit; null until a row comes. */
  WriteChecks checks;

  /** Checks of this commit's rows written before a schema change (bound to the older schema). */
  final List<WriteChecks> earlierChecks = new ArrayList<>();

  long rows;
  long quarantined;
  long deadLetters;
  long lastCommitNanos = System.nanoTime();

  TableState(FloeTable floeTable, String sinkId) {
    this.name = floeTable.name();
    this.floeTable = floeTable;
    this.table = Internals.icebergTable(floeTable);
    if (!(table instanceof HasTableOperations has)) {
      throw new IllegalArgumentException("Not a table of Floe's implementation: " + name);
    }
    this.ops = new OffsetCheckingOps(has.operations(), name, sinkId);
    // the table's own reporter (Floe's quiet one): a BaseTable without one logs Iceberg's 2 KB
    // commit report at INFO for every commit
    this.checked =
        table instanceof BaseTable base
            ? new BaseTable(ops, table.name(), base.reporter())
            : new BaseTable(ops, table.name());
  }

  TableMetadata refresh() {
    table.refresh();
    converter = null;
    return ((HasTableOperations) table).operations().current();
  }

  Schema schema() {
    return table.schema();
  }

  void write(Map<String, ?> row) {
    if (converter == null) {
      converter = DataWrites.rowConverter(name, table.schema());
    }
    Record record = converter.apply(row);
    if (checks == null) {
      checks = WriteChecks.open(floeTable, "Kafka sink");
    }
    // reject mode: a ConstraintViolationException (a ValidationException) dead-letters the record
    if (!checks.admit(record, rows + quarantined)) {
      quarantined++;
      return;
    }
    if (writer == null) {
      writer = DataWrites.recordWriter(table);
    }
    writer.write(record);
    rows++;
  }

  boolean hasData() {
    return rows > 0 || quarantined > 0 || !done.isEmpty();
  }

  /**
   * Commits the quarantined rows, if any, and returns what the data commit's summary records of the
   * quality checks; call just before it.
   */
  Map<String, String> beforeCommit() {
    List<WriteChecks> all = new ArrayList<>(earlierChecks);
    if (checks != null) {
      all.add(checks);
    }
    Map<String, String> summary = new LinkedHashMap<>();
    for (WriteChecks c : all) {
      c.beforeCommit()
          .forEach(
              (key, value) ->
                  summary.merge(
                      key,
                      value,
                      (a, b) ->
                          key.equals(QualitySummary.CHECKED)
                                  || key.equals(QualitySummary.QUARANTINED)
                                  || key.startsWith(QualitySummary.QUARANTINED_PREFIX)
                              ? Long.toString(Long.parseLong(a) + Long.parseLong(b))
                              : b));
    }
    return summary;
  }

  List<DataFile> finishFiles() {
    if (writer != null) {
      done.addAll(writer.finish());
      writer.close();
      writer = null;
    }
    return List.copyOf(done);
  }

  /** Forgets the pending rows; deletes their files only when asked (never after an unknown). */
  void reset(boolean deleteFiles) {
    if (checks != null) {
      earlierChecks.add(checks);
      checks = null;
    }
    for (WriteChecks c : earlierChecks) {
      c.abort(); // quarantined rows not committed yet: the records are read again
    }
    earlierChecks.clear();
    if (writer != null) {
      if (deleteFiles) {
        writer.abort();
      }
      writer.close();
      writer = null;
    }
    if (deleteFiles) {
      for (DataFile file : done) {
        try {
          table.io().deleteFile(file.location());
        } catch (RuntimeException e) {
          // best effort: orphan-file removal picks up what is left
        }
      }
    }
    done.clear();
    schemaChanges.clear();
    rows = 0;
    quarantined = 0;
    deadLetters = 0;
  }

  /**
   * Fits a row to the table under a policy: drops or adds unknown fields, widens columns, turns
   * nested values for string columns into JSON text. Schema changes are committed at once, after
   * the files written so far are closed (they keep the schema they were written with).
   *
   * @throws RecordException when the policy refuses the row
   */
  Map<String, Object> fit(Map<String, Object> row, SchemaPolicy policy) {
    Schema schema = table.schema();
    Map<String, Type> add = null;
    Map<String, Type.PrimitiveType> widen = null;
    for (Iterator<Map.Entry<String, Object>> it = row.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> e = it.next();
      Types.NestedField field = schema.asStruct().field(e.getKey());
      Object value = e.getValue();
      if (field == null) {
        if (value == null || policy == SchemaPolicy.IGNORE) {
          it.remove();
          continue;
        }
        if (policy == SchemaPolicy.FAIL) {
          throw new RecordException(
              "field '"
                  + e.getKey()
                  + "' is not a column of table "
                  + name
                  + " (schema policy FAIL; use EVOLVE to add it or IGNORE to drop it)");
        }
        if (e.getKey().isEmpty() || e.getKey().contains(".")) {
          throw new RecordException(
              "field '" + e.getKey() + "' cannot become a column of table " + name);
        }
        if (add == null) {
          add = new LinkedHashMap<>();
        }
        add.putIfAbsent(e.getKey(), inferType(value));
      } else if (policy == SchemaPolicy.EVOLVE && value != null) {
        Type.PrimitiveType wider = wider(field.type(), value);
        if (wider != null) {
          if (widen == null) {
            widen = new LinkedHashMap<>();
          }
          widen.put(e.getKey(), wider);
        }
      }
    }
    if (add != null || widen != null) {
      evolve(add == null ? Map.of() : add, widen == null ? Map.of() : widen);
      schema = table.schema();
    }
    for (Map.Entry<String, Object> e : row.entrySet()) {
      Object value = e.getValue();
      if ((value instanceof Map || value instanceof List)
          && schema.asStruct().field(e.getKey()) != null
          && schema.asStruct().field(e.getKey()).type().typeId() == Type.TypeID.STRING) {
        try {
          e.setValue(JSON.writeValueAsString(value));
        } catch (JsonProcessingException ex) {
          throw new RecordException("field '" + e.getKey() + "' cannot be written as JSON text");
        }
      }
    }
    return row;
  }

  private void evolve(Map<String, Type> add, Map<String, Type.PrimitiveType> widen) {
    if (writer != null) {
      done.addAll(writer.finish());
      writer.close();
      writer = null;
    }
    if (checks != null) {
      earlierChecks.add(checks); // the next rows are checked against the new schema
      checks = null;
    }
    try {
      SchemaUpdate update = floeTable.updateSchema();
      add.forEach(update::addColumn);
      widen.forEach(update::updateColumn);
      update.commit();
      add.forEach((column, type) -> schemaChanges.add("added " + column + " " + type));
      widen.forEach((column, type) -> schemaChanges.add("widened " + column + " to " + type));
    } catch (FloeException e) {
      // another writer (a second consumer of the group) may have made the same change first
      table.refresh();
      floeTable.refresh();
      Schema now = table.schema();
      boolean done =
          add.keySet().stream().allMatch(c -> now.asStruct().field(c) != null)
              && widen.entrySet().stream()
                  .allMatch(
                      w ->
                          now.asStruct().field(w.getKey()) != null
                              && now.asStruct().field(w.getKey()).type().equals(w.getValue()));
      if (!done) {
        throw e;
      }
    }
    table.refresh();
    converter = null;
  }

  static Type inferType(Object value) {
    if (value instanceof Boolean) {
      return Types.BooleanType.get();
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return Types.LongType.get();
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return Types.LongType.get();
      }
      return Types.DecimalType.of(38, 0);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return Types.DoubleType.get();
    } else if (value instanceof byte[]) {
      return Types.BinaryType.get();
    }
    return Types.StringType.get(); // strings, and nested values as their JSON text
  }

  private static Type.PrimitiveType wider(Type type, Object value) {
    if (type.typeId() == Type.TypeID.INTEGER && value instanceof Number n && !fitsInt(n)) {
      return Types.LongType.get();
    }
    if (type.typeId() == Type.TypeID.FLOAT && value instanceof Double d && d.floatValue() != d) {
      return Types.DoubleType.get();
    }
    return null;
  }

  private static boolean fitsInt(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return true;
    }
    if (n instanceof Long l) {
      return l == l.intValue();
    }
    return true; // not integral: the conversion reports it
  }
}
