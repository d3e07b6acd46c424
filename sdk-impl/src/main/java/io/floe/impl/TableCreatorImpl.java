package io.floe.impl;

import io.floe.FloeTable;
import io.floe.PartitionFields;
import io.floe.SchemaBuilder;
import io.floe.SortFields;
import io.floe.TableCreator;
import io.floe.impl.maintain.Ownership;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.ParquetSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** Collects a table definition and creates it in the catalog. */
final class TableCreatorImpl implements TableCreator {
  /**
   * Commit retry defaults for tables Floe creates (a table property given by the caller wins).
   * Iceberg's defaults (4 retries, waits from 100 ms to 60 s) suit a few large writers on a remote
   * catalog; an embedded SDK sees many small commits from threads and processes on one table, where
   * 8 concurrent writers exhaust 4 retries within seconds. 20 retries waiting 10 ms doubling to 1 s
   * give up after about 15 s of steady losing.
   */
  static final Map<String, String> COMMIT_DEFAULTS =
      Map.of(
          TableProperties.COMMIT_NUM_RETRIES, "20",
          TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "10",
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "1000");

  private final FloeImpl floe;
  private final TableIdentifier id;
  private final SchemaBuilder columns = SchemaBuilder.create();
  private Schema schema;
  private final PartitionFields partitioning = PartitionFields.create();
  private final SortFields sorting = SortFields.create();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private String location;
  private boolean used;

  TableCreatorImpl(FloeImpl floe, TableIdentifier id) {
    this.floe = floe;
    this.id = id;
  }

  private String name() {
    return floe.display(Names.of(id));
  }

  @Override
  public TableCreator column(String name, Type type) {
    requireNoSchema();
    columns.column(name, type);
    return this;
  }

  @Override
  public TableCreator required() {
    columns.required();
    return this;
  }

  @Override
  public TableCreator doc(String doc) {
    columns.doc(doc);
    return this;
  }

  @Override
  public TableCreator columns(Consumer<SchemaBuilder> add) {
    requireNoSchema();
    Objects.requireNonNull(add, "columns").accept(columns);
    return this;
  }

  @Override
  public TableCreator schema(Schema tableSchema) {
    Objects.requireNonNull(tableSchema, "schema");
    if (!columns.isEmpty() || schema != null) {
      throw new IllegalStateException("Columns were already given for table " + name());
    }
    this.schema = tableSchema;
    return this;
  }

  private void requireNoSchema() {
    if (schema != null) {
      throw new IllegalStateException("A schema was already given for table " + name());
    }
  }

  @Override
  public TableCreator partitionBy(Consumer<PartitionFields> fields) {
    Objects.requireNonNull(fields, "fields").accept(partitioning);
    return this;
  }

  @Override
  public TableCreator sortBy(Consumer<SortFields> fields) {
    Objects.requireNonNull(fields, "fields").accept(sorting);
    return this;
  }

  @Override
  public TableCreator bloomFilter(String column) {
    Objects.requireNonNull(column, "column");
    properties.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + column, "true");
    return this;
  }

  @Override
  public TableCreator noDictionary(String column) {
    Objects.requireNonNull(column, "column");
    properties.put(ParquetSettings.DICTIONARY_ENABLED_PREFIX + column, "false");
    return this;
  }

  @Override
  public TableCreator property(String key, String value) {
    properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public TableCreator properties(Map<String, String> values) {
    Objects.requireNonNull(values, "properties").forEach(this::property);
    return this;
  }

  @Override
  public TableCreator location(String tableLocation) {
    Objects.requireNonNull(tableLocation, "location");
    if (tableLocation.isBlank()) {
      throw new IllegalArgumentException("The location of table " + name() + " must not be blank");
    }
    this.location = tableLocation;
    return this;
  }

  @Override
  public TableCreator formatVersion(int version) {
    if (version < 1 || version > 3) {
      throw new IllegalArgumentException(
          "Unsupported table format version " + version + ": use 1, 2 or 3");
    }
    properties.put(TableProperties.FORMAT_VERSION, Integer.toString(version));
    return this;
  }

  @Override
  public FloeTable create() {
    checkUnused();
    return floe.wrap(
        id,
        Errors.translate(name(), () -> floe.inNamespace(id.namespace(), this::buildIcebergTable)));
  }

  @Override
  public FloeTable createOrLoad() {
    checkUnused();
    return Errors.translate(
        name(),
        () -> {
          if (floe.catalog().tableExists(id)) {
            return floe.wrap(id, floe.catalog().loadTable(id));
          }
          try {
            return floe.wrap(id, floe.inNamespace(id.namespace(), this::buildIcebergTable));
          } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
            return floe.wrap(id, floe.catalog().loadTable(id));
          }
        });
  }

  private void checkUnused() {
    if (used) {
      throw Errors.alreadyDone("Table " + name(), "created by this creator");
    }
    used = true;
  }

  private org.apache.iceberg.Table buildIcebergTable() {
    Schema tableSchema = resolveSchema();
    PartitionSpec spec;
    try {
      spec = partitioning.toSpec(tableSchema);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidDefinition(name(), "partitioning", e);
    }
    SortOrder order;
    try {
      order = sorting.toSortOrder(tableSchema);
    } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
      throw Errors.invalidDefinition(name(), "sort order", e);
    }
    for (String key : properties.keySet()) {
      if (key.startsWith(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX)) {
        String column =
            key.substring(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX.length());
        if (tableSchema.findField(column) == null) {
          throw TableErrors.noBloomFilterColumn(name(), column);
        }
      }
    }
    requireFormatFor(tableSchema);
    PropertyChecks.check(name(), tableSchema, properties);
    Map<String, String> tableProperties = new LinkedHashMap<>(COMMIT_DEFAULTS);
    tableProperties.putAll(properties);
    var builder =
        floe.catalog()
            .buildTable(id, tableSchema)
            .withPartitionSpec(spec)
            .withSortOrder(order)
            .withProperties(tableProperties);
    if (location != null) {
      builder = builder.withLocation(location);
    }
    // the location the catalog would give (a staged create writes nothing), checked against every
    // open catalog's tables, warehouse roots and catalog files before anything is written
    String target =
        location != null
            ? location
            : floe.catalog()
                .buildTable(id, tableSchema)
                .withProperties(tableProperties)
                .createTransaction()
                .table()
                .location();
    Ownership.checkNewLocation(name(), target, floe.catalog());
    return builder.create();
  }

  /**
   * Columns of format v3 types (variant, nanosecond timestamps) need format version 3: chosen when
   * no version was given, refused (naming the column) when an older one was.
   */
  private void requireFormatFor(Schema tableSchema) {
    String v3Column = null;
    for (Types.NestedField field : TypeUtil.indexById(tableSchema.asStruct()).values()) {
      Type.TypeID t = field.type().typeId();
      if (t == Type.TypeID.VARIANT
          || t == Type.TypeID.TIMESTAMP_NANO
          || t == Type.TypeID.UNKNOWN
          || t == Type.TypeID.GEOMETRY
          || t == Type.TypeID.GEOGRAPHY) {
        v3Column = tableSchema.findColumnName(field.fieldId()) + " (" + field.type() + ")";
        break;
      }
    }
    if (v3Column == null) {
      return;
    }
    String given = properties.get(TableProperties.FORMAT_VERSION);
    if (given == null) {
      properties.put(TableProperties.FORMAT_VERSION, "3");
    } else if (Integer.parseInt(given.trim()) < 3) {
      throw Errors.invalidDefinition(
          name(),
          "schema",
          new IllegalArgumentException(
              "column "
                  + v3Column
                  + " needs table format version 3, but version "
                  + given.trim()
                  + " was asked for; use formatVersion(3) or leave the version unset"));
    }
  }

  private Schema resolveSchema() {
    if (schema != null) {
      return schema;
    }
    if (columns.isEmpty()) {
      throw TableErrors.noColumns(name());
    }
    try {
      return columns.build();
    } catch (IllegalArgumentException e) {
      throw Errors.invalidDefinition(name(), "schema", e);
    }
  }
}
