package io.floe.impl;

import io.floe.Floe;
import io.floe.FloeTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * Bridges from the public API to the Iceberg objects behind it, for Floe's own modules
 * (sdk-parquet, sdk-avro, sdk-testkit). Not part of the public API.
 */
public final class FloeInternals {
  private FloeInternals() {}

  /**
   * The Iceberg table behind a Floe table.
   *
   * @param table a table from Floe's implementation
   * @return the Iceberg table
   * @throws IllegalArgumentException when the table comes from another implementation
   */
  public static Table icebergTable(FloeTable table) {
    if (table instanceof FloeTableImpl impl) {
      return impl.iceberg();
    }
    throw new IllegalArgumentException("Not a table of Floe's implementation: " + table);
  }

  /**
   * The Iceberg catalog behind a Floe.
   *
   * @param floe a Floe from Floe's implementation
   * @return the catalog
   */
  public static Catalog catalog(Floe floe) {
    if (floe instanceof FloeImpl impl) {
      return impl.catalog();
    }
    if (floe instanceof io.floe.impl.catalog.MultiCatalogFloe multi) {
      return catalog(multi.defaultCatalog());
    }
    throw new IllegalArgumentException("Not a Floe of Floe's implementation: " + floe);
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
        java.util.Objects.requireNonNull(name, "name"),
        java.util.Objects.requireNonNull(catalog, "catalog"));
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
  public static Floe open(
      io.floe.FloeConfig config, java.util.function.UnaryOperator<Catalog> below) {
    return FloeProviderImpl.open(
        java.util.Objects.requireNonNull(config, "config"),
        java.util.Objects.requireNonNull(below, "below"));
  }

  /**
   * The Iceberg metadata table of a Floe table (snapshots, files, manifests...), for reading it
   * with Iceberg's or Arrow readers.
   *
   * @param table a table from Floe's implementation
   * @param type which metadata table
   * @return the Iceberg metadata table
   */
  public static Table metadataTable(FloeTable table, io.floe.MetadataTableType type) {
    return io.floe.impl.evolve.MetadataScanImpl.icebergMetadataTable(icebergTable(table), type);
  }
}
