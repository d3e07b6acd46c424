package io.floe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Builds an Iceberg {@link Schema} column by column, assigning field ids for you.
 *
 * <p>Columns are optional unless {@link #required()} follows them; {@link #doc(String)} documents
 * the column added last. Nested types come from {@link #struct(String, Consumer)}, {@link
 * #list(String, Type)} and {@link #map(String, Type, Type)}, or from any Iceberg {@link Type}
 * (whatever field ids it carries are replaced). A builder is mutable and not thread-safe; {@link
 * #build()} returns an immutable schema and may be called again.
 *
 * <pre>{@code
 * Schema schema = SchemaBuilder.create()
 *     .column("id", Types.LongType.get()).required()
 *     .column("name", Types.StringType.get()).doc("display name")
 *     .struct("address", a -> a.column("city", Types.StringType.get()))
 *     .list("tags", Types.StringType.get())
 *     .build();
 * }</pre>
 */
public final class SchemaBuilder {
  private final List<Types.NestedField> fields = new ArrayList<>();
  private final Set<String> identifierColumns = new LinkedHashSet<>();

  private SchemaBuilder() {}

  /**
   * Starts an empty schema.
   *
   * @return a new builder
   */
  public static SchemaBuilder create() {
    return new SchemaBuilder();
  }

  /**
   * Adds an optional column.
   *
   * @param name the column name, unique in this struct
   * @param type its Iceberg type
   * @return this builder
   * @throws IllegalArgumentException when the name is blank or already used
   */
  public SchemaBuilder column(String name, Type type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Column name must not be blank");
    }
    for (Types.NestedField field : fields) {
      if (field.name().equals(name)) {
        throw new IllegalArgumentException("Duplicate column name: " + name);
      }
    }
    fields.add(Types.NestedField.optional(fields.size() + 1, name, type));
    return this;
  }

  /**
   * Adds an optional struct column whose fields the given function adds.
   *
   * @param name the column name
   * @param fieldsOfStruct adds the struct's fields to the builder it is given
   * @return this builder
   */
  public SchemaBuilder struct(String name, Consumer<SchemaBuilder> fieldsOfStruct) {
    Objects.requireNonNull(fieldsOfStruct, "fieldsOfStruct");
    SchemaBuilder nested = new SchemaBuilder();
    fieldsOfStruct.accept(nested);
    if (nested.fields.isEmpty()) {
      throw new IllegalArgumentException("Struct column " + name + " has no fields");
    }
    return column(name, Types.StructType.of(nested.fields));
  }

  /**
   * Adds an optional list column with optional elements.
   *
   * @param name the column name
   * @param elementType the type of the elements
   * @return this builder
   */
  public SchemaBuilder list(String name, Type elementType) {
    return column(name, Types.ListType.ofOptional(0, elementType));
  }

  /**
   * Adds an optional map column with optional values.
   *
   * @param name the column name
   * @param keyType the type of the keys
   * @param valueType the type of the values
   * @return this builder
   */
  public SchemaBuilder map(String name, Type keyType, Type valueType) {
    return column(name, Types.MapType.ofOptional(0, 1, keyType, valueType));
  }

  /**
   * Adds an optional {@code variant} column (Iceberg format v3): semi-structured values written
   * from {@link Variant}s, JSON text or Java maps and lists, read back as {@link Variant}. A table
   * with such a column is created at format version 3.
   *
   * <pre>{@code
   * Schema schema = SchemaBuilder.create()
   *     .column("id", Types.LongType.get()).required()
   *     .variant("payload")
   *     .build();
   * }</pre>
   *
   * @param name the column name
   * @return this builder
   */
  public SchemaBuilder variant(String name) {
    return column(name, Types.VariantType.get());
  }

  /**
   * Adds an optional nanosecond timestamp column (Iceberg format v3): {@code timestamptz_ns} when
   * zoned (values read as {@code OffsetDateTime} in UTC), else {@code timestamp_ns} (values read as
   * {@code LocalDateTime}). A table with such a column is created at format version 3.
   *
   * @param name the column name
   * @param zone {@link java.time.ZoneOffset#UTC} for a zoned timestamp (the only zone Iceberg
   *     stores); see {@link #timestampNanos(String)} for one without zone
   * @return this builder
   * @throws IllegalArgumentException when the zone is not UTC
   */
  public SchemaBuilder timestampNanos(String name, java.time.ZoneOffset zone) {
    Objects.requireNonNull(zone, "zone");
    if (!zone.equals(java.time.ZoneOffset.UTC)) {
      throw new IllegalArgumentException(
          "Iceberg timestamps with zone are stored in UTC; use ZoneOffset.UTC, not " + zone);
    }
    return column(name, Types.TimestampNanoType.withZone());
  }

  /**
   * Adds an optional nanosecond timestamp column without time zone ({@code timestamp_ns}, Iceberg
   * format v3; values read as {@code LocalDateTime}).
   *
   * @param name the column name
   * @return this builder
   */
  public SchemaBuilder timestampNanos(String name) {
    return column(name, Types.TimestampNanoType.withoutZone());
  }

  /**
   * Makes the column added last required (no nulls allowed).
   *
   * @return this builder
   * @throws IllegalStateException when no column was added yet
   */
  public SchemaBuilder required() {
    Types.NestedField last = last();
    fields.set(
        fields.size() - 1,
        Types.NestedField.required(last.fieldId(), last.name(), last.type(), last.doc()));
    return this;
  }

  /**
   * Documents the column added last.
   *
   * @param doc the column's documentation
   * @return this builder
   * @throws IllegalStateException when no column was added yet
   */
  public SchemaBuilder doc(String doc) {
    Objects.requireNonNull(doc, "doc");
    Types.NestedField last = last();
    fields.set(
        fields.size() - 1,
        Types.NestedField.of(last.fieldId(), last.isOptional(), last.name(), last.type(), doc));
    return this;
  }

  /**
   * Marks the column added last as part of the row identifier (the key used by upserts). It must be
   * a required primitive top-level column; {@link #build()} checks this.
   *
   * @return this builder
   * @throws IllegalStateException when no column was added yet
   */
  public SchemaBuilder identifier() {
    identifierColumns.add(last().name());
    return this;
  }

  /**
   * Whether no column was added yet.
   *
   * @return true when the builder holds no column
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * Builds the schema, assigning fresh field ids from 1 in depth-first order.
   *
   * @return a new immutable schema
   * @throws IllegalStateException when no column was added
   * @throws IllegalArgumentException when an identifier column is optional, nested or not primitive
   */
  public Schema build() {
    if (fields.isEmpty()) {
      throw new IllegalStateException("A schema needs at least one column");
    }
    AtomicInteger ids = new AtomicInteger(0);
    Types.StructType struct =
        TypeUtil.assignFreshIds(Types.StructType.of(fields), ids::incrementAndGet).asStructType();
    Schema fresh = new Schema(struct.fields());
    if (identifierColumns.isEmpty()) {
      return fresh;
    }
    Set<Integer> identifierIds = new LinkedHashSet<>();
    for (String name : identifierColumns) {
      Types.NestedField field = fresh.findField(name);
      if (field.isOptional() || !field.type().isPrimitiveType()) {
        throw new IllegalArgumentException(
            "Identifier column "
                + name
                + " must be required and of a primitive type; add required() after it");
      }
      identifierIds.add(field.fieldId());
    }
    return new Schema(fresh.columns(), identifierIds);
  }

  private Types.NestedField last() {
    if (fields.isEmpty()) {
      throw new IllegalStateException("Add a column first");
    }
    return fields.get(fields.size() - 1);
  }
}
