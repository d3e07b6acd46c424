package io.floe.impl.spi;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.impl.FloeImpl;
import io.floe.impl.FloeProviderImpl;
import io.floe.impl.catalog.Catalogs;
import io.floe.impl.catalog.MultiCatalogFloe;
import io.floe.impl.evolve.MetadataScanImpl;
import io.floe.impl.read.ParquetRecords;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Bridges from the public API to the Iceberg objects behind it, and ways to open a Floe over a
 * catalog built elsewhere: for Floe's own modules (sdk-parquet, sdk-avro, sdk-testkit, floe-delta).
 * Not public API (see the package documentation). Stateless; thread-safe.
 */
public final class Internals {
  private Internals() {}

  /**
   * The Iceberg table behind a Floe table.
   *
   * @param table a table from Floe's implementation
   * @return the Iceberg table
   * @throws IllegalArgumentException when the table comes from another implementation
   */
  public static Table icebergTable(FloeTable table) {
    return FloeImpl.icebergTable(table);
  }

  /**
   * The principal configured on a handle ({@link io.floe.FloeConfig#PRINCIPAL}), whether or not it
   * has listeners.
   *
   * @param floe a Floe from Floe's implementation
   * @return the name, empty when none is configured or the Floe comes from elsewhere
   */
  public static java.util.Optional<String> configuredPrincipal(Floe floe) {
    String name = FloeImpl.principal(floe);
    return name.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(name);
  }

  /**
   * The Iceberg catalog behind a Floe (its default catalog when it spans several).
   *
   * @param floe a Floe from Floe's implementation
   * @return the catalog
   * @throws IllegalArgumentException when the Floe comes from another implementation
   */
  public static Catalog catalog(Floe floe) {
    if (floe instanceof FloeImpl impl) {
      return impl.catalog();
    }
    if (floe instanceof MultiCatalogFloe multi) {
      return catalog(multi.defaultCatalog());
    }
    throw new IllegalArgumentException("Not a Floe of Floe's implementation: " + floe);
  }

  /**
   * The local folders a Floe's catalogs keep their tables in by default (their warehouses), as
   * absolute, normalized paths: what an engine reading table files directly may be allowed to read.
   * Tables created with a location elsewhere are not covered.
   *
   * @param floe a Floe
   * @return the folders, empty for a Floe of another implementation or without local warehouses
   */
  public static java.util.List<java.nio.file.Path> localWarehouses(Floe floe) {
    java.util.List<java.nio.file.Path> out = new java.util.ArrayList<>();
    if (floe instanceof FloeImpl impl) {
      impl.localWarehouse()
          .ifPresent(
              w -> out.add(io.floe.impl.io.Locations.localPath(w).toAbsolutePath().normalize()));
    } else if (floe instanceof MultiCatalogFloe multi) {
      for (String name : multi.catalogs()) {
        multi.catalog(name).ifPresent(f -> out.addAll(localWarehouses(f)));
      }
    }
    return java.util.List.copyOf(out);
  }

  /**
   * The location a Floe's catalog gives a new table of a name (a staged create: nothing is
   * written).
   *
   * @param floe a Floe from Floe's implementation
   * @param name the table's full name
   * @return the location
   * @throws IllegalArgumentException when the Floe comes from another implementation
   */
  public static String newTableLocation(Floe floe, String name) {
    if (floe instanceof FloeImpl impl) {
      return impl.newTableLocation(name);
    }
    if (floe instanceof MultiCatalogFloe multi) {
      return multi.newTableLocation(name);
    }
    throw new IllegalArgumentException(
        "Not a Floe of Floe's implementation: "
            + floe
            + "; give the new table's location(...) explicitly");
  }

  /**
   * The Iceberg metadata table of a Floe table (snapshots, files, manifests...), for reading it
   * with Iceberg's or Arrow readers.
   *
   * @param table a table from Floe's implementation
   * @param type which metadata table
   * @return the Iceberg metadata table
   * @throws IllegalArgumentException when the table comes from another implementation
   */
  public static Table metadataTable(FloeTable table, MetadataTableType type) {
    return MetadataScanImpl.icebergMetadataTable(icebergTable(table), type);
  }

  /**
   * Whether Iceberg's generic Parquet reader ({@code IcebergGenerics}) can run here: it needs
   * Hadoop's classes, which Floe's own reads and writes do not.
   *
   * @return true when Hadoop is on the class path
   */
  public static boolean icebergReaderAvailable() {
    return ParquetRecords.icebergReaderAvailable();
  }

  /**
   * The live records of a table's current snapshot as Iceberg's generic reader reads them (its
   * planning and delete filter), with Parquet decoded by Floe's reader when sdk-parquet is on the
   * class path: the test kit's oracle when Hadoop is absent.
   *
   * @param table the Iceberg table
   * @return the records of the table's schema (plus {@code _pos} where position deletes apply);
   *     close them
   */
  public static CloseableIterable<Record> icebergRecords(Table table) {
    return ParquetRecords.table(table);
  }

  /**
   * Opens a Floe over an Iceberg catalog built elsewhere (the test kit's in-memory and
   * fault-injecting catalogs). Closing the Floe closes the catalog when it is {@code Closeable}.
   *
   * @param name the catalog name
   * @param catalog an initialized Iceberg catalog
   * @return a Floe over it
   */
  public static Floe open(String name, Catalog catalog) {
    return new FloeImpl(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(catalog, "catalog"));
  }

  /**
   * Opens a Floe from a configuration exactly as {@code Floe.open(config)} does (same catalog, file
   * IO and metadata cache construction), with a wrapper around the catalog below the metadata
   * cache: how the test kit injects catalog faults into the production stack.
   *
   * @param config the configuration
   * @param below wraps the initialized catalog before the metadata cache wraps it
   * @return a Floe
   */
  public static Floe open(FloeConfig config, UnaryOperator<Catalog> below) {
    return FloeProviderImpl.open(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(below, "below"));
  }

  /**
   * Opens the Iceberg catalog a configuration describes, exactly as {@link #open(FloeConfig,
   * UnaryOperator)} does, without a Floe around it: the test kit's second catalog on the same
   * store.
   *
   * @param config the configuration
   * @param below wraps the initialized catalog before the metadata cache wraps it
   * @return an initialized catalog, wrapped in the metadata cache unless it is disabled
   * @throws IllegalArgumentException when the configuration is incomplete or names an unknown type
   * @throws io.floe.FloeException when the catalog cannot be reached; the message never holds a
   *     secret
   */
  public static Catalog openCatalog(FloeConfig config, UnaryOperator<Catalog> below) {
    return Catalogs.open(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(below, "below"));
  }
}
