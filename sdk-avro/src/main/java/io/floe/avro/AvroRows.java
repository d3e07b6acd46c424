package io.floe.avro;

import io.floe.ValidationException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/**
 * Converts Avro records, generic or generated ({@code SpecificRecord}), to the Iceberg records a
 * table's {@link io.floe.Append#records(Iterable)} takes, and Iceberg rows back to Avro.
 *
 * <p>Avro fields are matched to columns by name (an {@code iceberg-field-name} property or a field
 * alias also matches), so records written with older or newer Avro schemas map as long as every
 * field has a column of a compatible type: the same type, or a widening Iceberg allows (int to
 * long, float to double, a wider decimal). Columns missing from the Avro schema get their write
 * default or null. Values may use Avro's generic representation or the Java types generated classes
 * use ({@code Instant}, {@code LocalDate}, {@code BigDecimal}, {@code UUID}, enums). The plan for
 * each Avro schema is checked once and cached.
 *
 * <p>Immutable and thread-safe; share one per table schema.
 *
 * <pre>{@code
 * AvroRows rows = AvroRows.of(table.schema());
 * table.newAppend().records(rows.toRows(avroRecords)).commit();
 * }</pre>
 */
public final class AvroRows {
  private static final String RECORD_SOURCE = "Avro record";

  private final Schema schema;
  private final org.apache.avro.Schema avroSchema;
  private final ValueWriters writers;
  private final Map<org.apache.avro.Schema, RowReadPlan> plans = new ConcurrentHashMap<>();

  private AvroRows(Schema schema, String recordName) {
    this.schema = schema;
    this.avroSchema = AvroSchemas.toAvro(schema, recordName);
    this.writers = ValueWriters.of(schema.asStruct(), avroSchema);
  }

  /**
   * Creates a converter for a table schema, whose Avro form is a record named {@code row}.
   *
   * @param schema the table's Iceberg schema
   * @return a new converter
   * @throws io.floe.UnsupportedFeatureException when a column type has no Avro form
   */
  public static AvroRows of(Schema schema) {
    return of(schema, "row");
  }

  /**
   * Creates a converter for a table schema, naming its Avro record.
   *
   * @param schema the table's Iceberg schema
   * @param recordName the full name of the Avro record made by {@link #toAvro(StructLike)}
   * @return a new converter
   * @throws io.floe.UnsupportedFeatureException when a column type has no Avro form
   */
  public static AvroRows of(Schema schema, String recordName) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(recordName, "recordName");
    return new AvroRows(schema, recordName);
  }

  /**
   * The Iceberg schema the rows are converted to.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * The Avro form of {@link #schema()}, the schema of records {@link #toAvro(StructLike)} makes.
   *
   * @return the Avro record schema, with Iceberg field ids
   */
  public org.apache.avro.Schema avroSchema() {
    return avroSchema;
  }

  /**
   * Checks that records of an Avro schema can be converted, without converting any.
   *
   * @param recordSchema the Avro record schema
   * @throws ValidationException naming the field that has no column or an incompatible type, or the
   *     required column the Avro schema lacks
   */
  public void check(org.apache.avro.Schema recordSchema) {
    Objects.requireNonNull(recordSchema, "recordSchema");
    plan(recordSchema, RECORD_SOURCE);
  }

  /**
   * Converts one Avro record to an Iceberg record of {@link #schema()}.
   *
   * @param record a generic or generated Avro record
   * @return a new Iceberg record
   * @throws ValidationException when the record's schema does not map to the table schema, or a
   *     required column would be null; names the field
   */
  public Record toRow(IndexedRecord record) {
    Objects.requireNonNull(record, "record");
    return plan(record.getSchema(), RECORD_SOURCE).toRow(record);
  }

  /**
   * Converts Avro records lazily, as the returned iterable is iterated.
   *
   * @param records generic or generated Avro records, of one or several schemas
   * @return an iterable of Iceberg records, each converted when reached
   * @throws ValidationException during iteration, as {@link #toRow(IndexedRecord)} does
   */
  public Iterable<Record> toRows(Iterable<? extends IndexedRecord> records) {
    Objects.requireNonNull(records, "records");
    return () -> {
      Iterator<? extends IndexedRecord> it = records.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Record next() {
          return toRow(it.next());
        }
      };
    };
  }

  /**
   * Converts an Iceberg row of {@link #schema()} to an Avro record of {@link #avroSchema()}.
   *
   * @param row the row, with values by position in Iceberg's generic representation ({@code
   *     LocalDate}, {@code OffsetDateTime}, {@code BigDecimal}, ...) or epoch-based numbers
   * @return a new Avro record
   * @throws ValidationException when a value does not fit its column, naming the column
   */
  public GenericRecord toAvro(StructLike row) {
    Objects.requireNonNull(row, "row");
    return writers.toAvro(row);
  }

  RowReadPlan plan(org.apache.avro.Schema recordSchema, String source) {
    if (RECORD_SOURCE.equals(source)) {
      RowReadPlan cached = plans.get(recordSchema);
      if (cached != null) {
        return cached;
      }
      RowReadPlan plan = RowReadPlan.of(recordSchema, schema.asStruct(), source);
      plans.put(recordSchema, plan);
      return plan;
    }
    return RowReadPlan.of(recordSchema, schema.asStruct(), source);
  }
}
