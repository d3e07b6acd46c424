package io.floe.impl.quality;

import io.floe.impl.spi.Errors;
import io.floe.quality.TableConstraints;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.UUIDUtil;

/**
 * Where a table's quarantined rows go: a table in the same catalog, {@code <table>__quarantine} by
 * default, created at the first quarantined row. Its columns are the quarantine's own ({@code
 * _rule}, {@code _kind}, {@code _column}, {@code _reason}, {@code _row}, {@code _write_id}, {@code
 * _source_table}, {@code _quarantined_at}) followed by the source table's top-level columns, all
 * optional (a row can be quarantined for a null in a required column). Source columns added later
 * are added to it by name. Immutable; thread-safe.
 */
public final class Quarantine {
  static final List<Types.NestedField> META =
      List.of(
          Types.NestedField.required(1, "_rule", Types.StringType.get()),
          Types.NestedField.required(2, "_kind", Types.StringType.get()),
          Types.NestedField.optional(3, "_column", Types.StringType.get()),
          Types.NestedField.required(4, "_reason", Types.StringType.get()),
          Types.NestedField.required(5, "_row", Types.LongType.get()),
          Types.NestedField.required(6, "_write_id", Types.StringType.get()),
          Types.NestedField.required(7, "_source_table", Types.StringType.get()),
          Types.NestedField.required(8, "_quarantined_at", Types.TimestampType.withZone()));

  private final Catalog catalog;
  private final TableIdentifier source;
  private final String sourceDisplay;
  private final java.util.function.BiFunction<Table, String, Table> guard;

  /**
   * Names where a table's quarantined rows go.
   *
   * @param catalog the catalog of the table
   * @param source the table's identifier in it
   * @param sourceDisplay the table's full name as the user addressed it
   * @param guard wraps the quarantine table (by its display name) as the Floe wraps its tables:
   *     commits guarded against uncertain outcomes and reported to the listeners
   */
  public Quarantine(
      Catalog catalog,
      TableIdentifier source,
      String sourceDisplay,
      java.util.function.BiFunction<Table, String, Table> guard) {
    this.catalog = catalog;
    this.source = source;
    this.sourceDisplay = sourceDisplay;
    this.guard = guard;
  }

  /** The quarantine table's identifier under the rules. */
  TableIdentifier id(TableConstraints rules) {
    return rules
        .quarantineTable()
        .map(TableIdentifier::parse)
        .orElse(
            TableIdentifier.of(
                source.namespace(), source.name() + TableConstraints.QUARANTINE_SUFFIX));
  }

  /** The quarantine table's name for summaries and messages. */
  String display(TableConstraints rules) {
    return rules.quarantineTable().orElse(sourceDisplay + TableConstraints.QUARANTINE_SUFFIX);
  }

  /** The schema a quarantine table of a source schema starts with. */
  static Schema schema(Schema sourceSchema) {
    List<Types.NestedField> source = new ArrayList<>();
    for (Types.NestedField f : sourceSchema.columns()) {
      source.add(Types.NestedField.optional(f.fieldId(), f.name(), f.type(), f.doc()));
    }
    AtomicInteger ids = new AtomicInteger(META.size());
    List<Types.NestedField> fields = new ArrayList<>(META);
    fields.addAll(TypeUtil.assignFreshIds(new Schema(source), ids::incrementAndGet).columns());
    return new Schema(fields);
  }

  /** Loads the quarantine table, creating it or adding the source's new columns as needed. */
  Table open(TableConstraints rules, Schema sourceSchema) {
    TableIdentifier id = id(rules);
    String display = display(rules);
    return Errors.translate(
        display,
        () -> {
          Schema wanted = schema(sourceSchema);
          Table table;
          if (catalog.tableExists(id)) {
            table = catalog.loadTable(id);
          } else {
            try {
              table = catalog.createTable(id, wanted, PartitionSpec.unpartitioned());
            } catch (AlreadyExistsException e) {
              table = catalog.loadTable(id);
            }
          }
          boolean missing = false;
          for (Types.NestedField f : wanted.columns()) {
            missing |= table.schema().findField(f.name()) == null;
          }
          if (missing) {
            table.updateSchema().unionByNameWith(wanted).commit();
            table.refresh();
          }
          return guard.apply(table, display);
        });
  }

  /** A quarantine row: the source row's values (Java form) after the quarantine's columns. */
  static Record row(
      Schema quarantineSchema,
      Schema sourceSchema,
      Record javaRow,
      StructLike internalRow,
      Rules.Rule rule,
      String kind,
      String reason,
      long position,
      String writeId,
      String sourceTable) {
    GenericRecord q = GenericRecord.create(quarantineSchema);
    q.setField("_rule", rule.constraint.name());
    q.setField("_kind", kind);
    q.setField("_column", rule.column);
    q.setField("_reason", reason);
    q.setField("_row", position);
    q.setField("_write_id", writeId);
    q.setField("_source_table", sourceTable);
    q.setField("_quarantined_at", OffsetDateTime.now(ZoneOffset.UTC));
    List<Types.NestedField> columns = sourceSchema.columns();
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField f = columns.get(i);
      Object value =
          javaRow != null ? javaRow.get(i) : javaValue(f.type(), internalRow.get(i, Object.class));
      if (quarantineSchema.findField(f.name()) != null) {
        q.setField(f.name(), value);
      }
    }
    return q;
  }

  /** Iceberg's internal form of a primitive value to the Java form generic records hold. */
  static Object javaValue(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return DateTimeUtil.dateFromDays((Integer) value);
      case TIME:
        return DateTimeUtil.timeFromMicros((Long) value);
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromMicros((Long) value)
            : DateTimeUtil.timestampFromMicros((Long) value);
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromNanos((Long) value)
            : DateTimeUtil.timestampFromNanos((Long) value);
      case STRING:
        return value.toString();
      case UUID:
        return value instanceof ByteBuffer b ? UUIDUtil.convert(b) : value;
      case FIXED:
        if (value instanceof ByteBuffer b) {
          byte[] bytes = new byte[b.remaining()];
          b.duplicate().get(bytes);
          return bytes;
        }
        return value;
      case BINARY:
        return value instanceof ByteBuffer b ? (Object) Rules.keyValue(b) : value;
      default:
        return value;
    }
  }
}
