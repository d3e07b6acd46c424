package io.floe;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;

/**
 * Describes a new table and creates it: a pending operation, used once.
 *
 * <p>Columns are given either one by one ({@link #column(String, Type)} followed by {@link
 * #required()} or {@link #doc(String)}, or {@link #columns(Consumer)} for nested types) or all at
 * once with {@link #schema(Schema)}. Not thread-safe.
 *
 * <pre>{@code
 * FloeTable events = floe.createTable("analytics.events")
 *     .column("id", Types.LongType.get()).required()
 *     .column("ts", Types.TimestampType.withZone())
 *     .column("category", Types.StringType.get())
 *     .partitionBy(p -> p.day("ts"))
 *     .bloomFilter("id")
 *     .create();
 * }</pre>
 */
public interface TableCreator {

  /**
   * Adds an optional top-level column.
   *
   * @param name the column name
   * @param type its Iceberg type (nested types allowed; their field ids are reassigned)
   * @return this creator
   * @throws IllegalArgumentException when the name is blank or taken
   */
  TableCreator column(String name, Type type);

  /**
   * Makes the column added last required.
   *
   * @return this creator
   * @throws IllegalStateException when no column was added yet
   */
  TableCreator required();

  /**
   * Documents the column added last.
   *
   * @param doc the documentation
   * @return this creator
   * @throws IllegalStateException when no column was added yet
   */
  TableCreator doc(String doc);

  /**
   * Adds columns with the full schema builder (structs, lists, maps, identifier columns).
   *
   * @param columns adds columns to the builder it is given
   * @return this creator
   */
  TableCreator columns(Consumer<SchemaBuilder> columns);

  /**
   * Uses a complete schema instead of adding columns one by one.
   *
   * @param schema the table schema; field ids are reassigned
   * @return this creator
   * @throws IllegalStateException when columns were already added
   */
  TableCreator schema(Schema schema);

  /**
   * Sets how the table is partitioned.
   *
   * @param fields adds partition fields to the list it is given
   * @return this creator
   */
  TableCreator partitionBy(Consumer<PartitionFields> fields);

  /**
   * Sets the order rows are sorted in within each written file.
   *
   * @param fields adds sort columns to the list it is given
   * @return this creator
   */
  TableCreator sortBy(Consumer<SortFields> fields);

  /**
   * Writes a Parquet Bloom filter for a column, sized for the table's files, so that equality
   * lookups can skip row groups that do not hold the value.
   *
   * @param column the column name
   * @return this creator
   */
  TableCreator bloomFilter(String column);

  /**
   * Writes a column without Parquet dictionary encoding (table property {@code
   * write.parquet.dictionary-enabled.column.<column>=false}). Dictionaries pay for columns with few
   * distinct values; for nearly unique ones (ids, names, hashes) Parquet builds a dictionary in
   * every row group only to drop it, which slows writes, most with small row groups.
   *
   * <pre>{@code
   * floe.createTable("db.users")
   *     .column("id", Types.LongType.get()).required()
   *     .column("email", Types.StringType.get())
   *     .noDictionary("email")
   *     .create();
   * }</pre>
   *
   * @param column the column name
   * @return this creator
   */
  TableCreator noDictionary(String column);

  /**
   * Sets a table property (Iceberg's keys, such as {@code write.parquet.compression-codec}).
   *
   * @param key the property key
   * @param value the property value
   * @return this creator
   */
  TableCreator property(String key, String value);

  /**
   * Sets several table properties.
   *
   * @param properties the properties to set
   * @return this creator
   */
  TableCreator properties(Map<String, String> properties);

  /**
   * Places the table at a location instead of the catalog's default. The location is a name, taken
   * literally ({@code file:///a%20b} is a folder named {@code a%20b}); it must be a folder of the
   * table's own: {@link #create()} refuses a location that equals, holds or lies inside another
   * table's location (of any catalog open in this JVM), or holds a warehouse root or a catalog's
   * files.
   *
   * @param location the table's root location
   * @return this creator
   * @throws IllegalArgumentException when blank
   */
  TableCreator location(String location);

  /**
   * Sets the Iceberg table format version (2 by default; 3 enables deletion vectors). A table with
   * a column of a v3-only type ({@code variant}, {@code timestamp_ns}, {@code timestamptz_ns}) is
   * created at version 3 when no version is set; {@link #create()} throws {@link
   * ValidationException} naming the column when an older one is.
   *
   * @param version 1, 2 or 3
   * @return this creator
   * @throws IllegalArgumentException when the version is not supported
   */
  TableCreator formatVersion(int version);

  /**
   * Creates the table.
   *
   * @return the new table
   * @throws AlreadyExistsException when a table of that name exists
   * @throws NotFoundException when the namespace does not exist and the catalog does not create it
   * @throws ValidationException when the schema, partitioning or sort order is invalid, or the
   *     table's location (given or the catalog's default) would overlap another table's, a
   *     warehouse root or a catalog's files
   * @throws IllegalStateException when called a second time
   */
  FloeTable create();

  /**
   * Creates the table, or loads it if one of that name already exists (its definition is left as it
   * is).
   *
   * @return the new or existing table
   * @throws ValidationException when the table must be created and its definition is invalid
   * @throws IllegalStateException when called a second time
   */
  FloeTable createOrLoad();
}
