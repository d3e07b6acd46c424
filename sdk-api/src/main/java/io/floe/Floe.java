package io.floe;

import io.floe.spi.FloeProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Floe's entry point: a connection to one Iceberg catalog, from which namespaces and tables are
 * created, listed, loaded, renamed and dropped.
 *
 * <p>Table names are dotted, the last part naming the table and the rest its namespace ({@code
 * analytics.events}). A {@code Floe} is thread-safe and meant to be shared; close it when done to
 * release catalog connections and caches.
 *
 * <pre>{@code
 * try (Floe floe = Floe.local(Path.of("warehouse"))) {
 *   floe.createNamespace("analytics");
 *   FloeTable events = floe.createTable("analytics.events")
 *       .column("id", Types.LongType.get()).required()
 *       .create();
 * }
 * }</pre>
 *
 * <p>What Floe does, from here:
 *
 * <ul>
 *   <li>Tables: {@link #createTable(String)}, {@link #loadTable(String)}, {@link
 *       #registerTable(String, String)}, {@link #renameTable(String, String)}, {@link
 *       #dropTable(String)}, {@link #purgeTable(String)}; namespaces and their properties: {@link
 *       #createNamespace(String, Map)}, {@link #updateNamespaceProperties(String, Map, Set)}.
 *   <li>Writes: {@link FloeTable#newAppend()}, {@link FloeTable#newOverwrite()}, {@link
 *       FloeTable#newDelete()}, {@link FloeTable#newUpsert()}, {@link FloeTable#addFiles()}, {@link
 *       FloeTable#newTransaction()}; Arrow batches through {@code
 *       io.floe.parquet.write.ArrowAppend} and Avro files through {@code io.floe.avro.AvroFiles}
 *       (modules {@code floe-sdk-parquet}, {@code floe-sdk-avro}).
 *   <li>Reads: {@link FloeTable#newScan()} ({@link Scan#rows()}, {@link Scan#as(Class)}, {@link
 *       Scan#arrow(Class, Object)}, {@link Scan#count()}, {@link Scan#planTasks()}), {@link
 *       FloeTable#newIncrementalScan()}, {@link FloeTable#newChangelogScan()}, {@link
 *       FloeTable#metadataTable(MetadataTableType)}; filters as text: {@link Filter#parse(String)}.
 *   <li>Evolution and history: {@link FloeTable#updateSchema()}, {@link FloeTable#updateSpec()},
 *       {@link FloeTable#replaceSortOrder()}, {@link FloeTable#updateProperties()}, {@link
 *       FloeTable#manageSnapshots()} (branches, tags, rollback), {@link
 *       FloeTable#commitState(String)}.
 *   <li>Operations: {@link FloeTable#maintenance()} (compaction, snapshot expiry, orphan-file
 *       removal, manifest rewrite), {@link FloeTable#health()}, {@link #cacheStats()}.
 *   <li>Tests: {@code io.floe.testkit.FloeTestKit} (module {@code floe-sdk-testkit}): in-memory and
 *       local catalogs with fault injection, JUnit 5 extension, assertions, contract suites.
 * </ul>
 */
public interface Floe extends AutoCloseable {

  /**
   * Opens the embedded default: a local warehouse folder with an SQLite catalog file and local file
   * I/O, no server and no Hadoop.
   *
   * @param warehouse the warehouse folder, created if missing
   * @return an open Floe
   * @throws FloeException when the catalog cannot be opened
   */
  static Floe local(Path warehouse) {
    return open(FloeConfig.local(warehouse));
  }

  /**
   * Opens a fresh in-memory catalog, for tests and experiments.
   *
   * @return an open Floe
   */
  static Floe inMemory() {
    return open(FloeConfig.inMemory());
  }

  /**
   * Opens any Iceberg catalog from its properties (Iceberg's own keys).
   *
   * @param name the catalog name
   * @param properties the catalog properties
   * @return an open Floe
   * @throws FloeException when the catalog cannot be opened
   */
  static Floe open(String name, Map<String, String> properties) {
    return open(FloeConfig.of(name, properties));
  }

  /**
   * Opens several catalogs in one Floe. Tables and namespaces are then addressed as {@code
   * catalog.namespace.table}; a name whose first part is no catalog's name goes to the first
   * catalog, the default.
   *
   * <pre>{@code
   * try (Floe floe = Floe.open(FloeConfig.fromFile(Path.of("floe.yaml")))) {
   *   FloeTable orders = floe.loadTable("prod.sales.orders");
   * }
   * }</pre>
   *
   * @param configs the catalogs, the first being the default; names must differ
   * @return an open Floe
   * @throws IllegalArgumentException when the list is empty or two catalogs share a name
   * @throws IllegalStateException when no Floe implementation (floe-sdk-impl) is on the class path
   * @throws FloeException when a catalog cannot be opened (those already opened are closed)
   */
  static Floe open(List<FloeConfig> configs) {
    Objects.requireNonNull(configs, "configs");
    if (configs.isEmpty()) {
      throw new IllegalArgumentException(
          "No catalog to open: pass at least one FloeConfig (is the configuration file or environment empty?)");
    }
    return provider().open(List.copyOf(configs));
  }

  private static FloeProvider provider() {
    return ServiceLoader.load(FloeProvider.class, Floe.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No Floe implementation found: add io.floe:floe-sdk-impl to the class path"));
  }

  /**
   * Opens a catalog from a configuration, with the implementation found on the class path.
   *
   * @param config the configuration
   * @return an open Floe
   * @throws IllegalStateException when no Floe implementation (floe-sdk-impl) is on the class path
   * @throws FloeException when the catalog cannot be opened
   */
  static Floe open(FloeConfig config) {
    Objects.requireNonNull(config, "config");
    return provider().open(config);
  }

  /**
   * The catalog's name.
   *
   * @return the name
   */
  String name();

  /**
   * Creates a namespace (dotted for nested namespaces).
   *
   * @param namespace the namespace
   * @throws AlreadyExistsException when it exists
   */
  void createNamespace(String namespace);

  /**
   * Creates a namespace with properties (such as {@code location} or {@code owner}, as the catalog
   * supports them).
   *
   * @param namespace the namespace
   * @param properties its properties
   * @throws AlreadyExistsException when it exists
   * @throws UnsupportedFeatureException when the catalog has no namespaces
   */
  default void createNamespace(String namespace, Map<String, String> properties) {
    throw new UnsupportedFeatureException(
        "Namespace properties are not supported by " + getClass().getName(), null);
  }

  /**
   * A namespace's properties.
   *
   * @param namespace the namespace
   * @return its properties, unmodifiable
   * @throws NotFoundException when it does not exist
   * @throws UnsupportedFeatureException when the catalog has no namespaces
   */
  default Map<String, String> namespaceProperties(String namespace) {
    throw new UnsupportedFeatureException(
        "Namespace properties are not supported by " + getClass().getName(), null);
  }

  /**
   * Sets and removes properties of a namespace.
   *
   * @param namespace the namespace
   * @param set the properties to set
   * @param remove the names of properties to remove (absent ones are ignored)
   * @throws NotFoundException when it does not exist
   * @throws UnsupportedFeatureException when the catalog has no namespaces or cannot change them
   */
  default void updateNamespaceProperties(
      String namespace, Map<String, String> set, java.util.Set<String> remove) {
    throw new UnsupportedFeatureException(
        "Namespace properties are not supported by " + getClass().getName(), null);
  }

  /**
   * Whether a namespace exists.
   *
   * @param namespace the namespace
   * @return true when it exists
   */
  boolean namespaceExists(String namespace);

  /**
   * The top-level namespaces.
   *
   * @return the namespace names
   */
  List<String> namespaces();

  /**
   * The namespaces directly inside a namespace.
   *
   * @param parent the parent namespace
   * @return the full names of its child namespaces
   * @throws NotFoundException when the parent does not exist
   */
  List<String> namespaces(String parent);

  /**
   * Drops an empty namespace.
   *
   * @param namespace the namespace
   * @return true when it was dropped, false when it did not exist
   * @throws ValidationException when it still holds tables
   */
  boolean dropNamespace(String namespace);

  /**
   * Registers an existing table by its metadata file (written by Floe or any Iceberg engine, such
   * as a table restored from a backup or moved from another catalog); no file is copied or changed.
   *
   * <p>Refused, with the entry taken back out of the catalog, when the table's location overlaps
   * another table of a catalog Floe has open, including a second entry for the same table: expiring
   * snapshots or removing orphan files through one entry would delete files the other still reads.
   *
   * @param name the table's full name
   * @param metadataLocation the location of its {@code *.metadata.json}
   * @return the registered table
   * @throws AlreadyExistsException when a table of that name exists
   * @throws FloeIOException naming the metadata file when it does not exist or cannot be read
   * @throws ValidationException when the location overlaps another table
   * @throws UnsupportedFeatureException when the catalog cannot register tables
   */
  default FloeTable registerTable(String name, String metadataLocation) {
    throw new UnsupportedFeatureException(
        "Registering tables is not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a restore of a table from a backup written by {@code table.maintenance().backupTable()}:
   * checks the backup's checksums, copies it to the restored table's own location and registers the
   * copy under the name. The backup is only read.
   *
   * @param name the restored table's full name (new, or the original's after it was dropped)
   * @param backupLocation the location the backup was written to
   * @return a pending restore
   * @throws UnsupportedFeatureException when this Floe cannot restore tables
   */
  default io.floe.maintenance.RestoreTable restoreTable(String name, String backupLocation) {
    throw new UnsupportedFeatureException(
        "Restoring tables is not supported by " + getClass().getName(), null);
  }

  /**
   * Starts describing a new table.
   *
   * @param name the table's full name
   * @return a pending table creation
   */
  TableCreator createTable(String name);

  /**
   * Loads a table.
   *
   * @param name the table's full name
   * @return the table
   * @throws NotFoundException when it does not exist
   */
  FloeTable loadTable(String name);

  /**
   * Loads a table if it exists.
   *
   * @param name the table's full name
   * @return the table, or empty when it does not exist
   */
  Optional<FloeTable> findTable(String name);

  /**
   * Whether a table exists.
   *
   * @param name the table's full name
   * @return true when it exists
   */
  boolean tableExists(String name);

  /**
   * The tables in a namespace.
   *
   * @param namespace the namespace
   * @return the tables' full names
   * @throws NotFoundException when the namespace does not exist
   */
  List<String> listTables(String namespace);

  /**
   * Renames a table (possibly into another namespace).
   *
   * @param from the table's current full name
   * @param to its new full name
   * @throws NotFoundException when the table does not exist
   * @throws AlreadyExistsException when the new name is taken
   */
  void renameTable(String from, String to);

  /**
   * Removes a table from the catalog, keeping its data and metadata files.
   *
   * @param name the table's full name
   * @return true when it was dropped, false when it did not exist
   */
  boolean dropTable(String name);

  /**
   * Removes a table from the catalog and deletes its data and metadata files (the files its
   * metadata references, never a folder by prefix).
   *
   * @param name the table's full name
   * @return true when it was dropped, false when it did not exist
   * @throws ValidationException when the table's {@code gc.enabled} property is false (its files
   *     may belong to other tables too); the table is left as it was
   */
  boolean purgeTable(String name);

  /**
   * The names of the catalogs this Floe has open, the default first.
   *
   * @return the catalog names
   */
  default List<String> catalogs() {
    return List.of(name());
  }

  /**
   * The counters of the metadata cache (summed over all open catalogs).
   *
   * @return the statistics; {@link CacheStats#empty()} when caching is off
   */
  default CacheStats cacheStats() {
    return CacheStats.empty();
  }

  /**
   * Runs a SQL query over this Floe's tables ({@code ns.table}, or {@code catalog.ns.table} with
   * several catalogs) and returns its rows. Needs {@code io.floe:floe-sdk-sql} on the class path,
   * which runs the query with DuckDB over Floe's own pruned scans (columns and filters pushed into
   * them) on an engine shared by the process; for settings (memory, threads), Arrow or JDBC results
   * and {@code explain}, use its {@code FloeSql} directly. See {@code docs/sql.md}.
   *
   * <pre>{@code
   * try (RowStream rows = floe.sql("SELECT category, count(*) AS n FROM shop.orders WHERE amount > ? GROUP BY 1", 10.0)) {
   *   rows.forEach(row -> System.out.println(row.get("category") + " " + row.get("n")));
   * }
   * }</pre>
   *
   * @param sql one SELECT statement; {@code ?} marks a parameter, bound (never spliced into the
   *     text)
   * @param params the parameters' values, in order
   * @return the rows; close the stream to end the query
   * @throws UnsupportedFeatureException when {@code floe-sdk-sql} is not on the class path, or the
   *     statement is not one SELECT
   * @throws ValidationException when the statement is not valid SQL or does not fit the tables
   * @throws NotFoundException when a table, snapshot or ref does not exist
   */
  default RowStream sql(String sql, Object... params) {
    return SqlSupport.provider(sql).query(this, sql, params);
  }

  /**
   * A view of this handle for a principal: the same catalog, caches and listeners, with every
   * operation checked against the access policies the handle was protected with (module {@code
   * floe-security}: grants, denied columns, masks, row filters). Handles without policies refuse.
   *
   * <pre>{@code
   * Floe alice = secured.as(Principal.of("alice", "analyst"));
   * alice.loadTable("sales.orders").newScan().rows(); // masked and filtered for alice
   * }</pre>
   *
   * @param principal who asks
   * @return the view; closing it does not close this handle
   * @throws UnsupportedFeatureException when this handle has no access policies
   */
  default Floe as(Principal principal) {
    java.util.Objects.requireNonNull(principal, "principal");
    throw new UnsupportedFeatureException(
        "Handle "
            + name()
            + " has no access policies, so it cannot act for principal "
            + principal.name()
            + ". Protect it first with io.floe.security.FloeSecurity (module floe-security)",
        null);
  }

  /**
   * Releases the catalog's connections and caches. Tables loaded from it must not be used after.
   */
  @Override
  void close();
}
