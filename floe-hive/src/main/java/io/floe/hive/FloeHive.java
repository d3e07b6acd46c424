package io.floe.hive;

import io.floe.FloeConfig;
import java.util.Objects;

/**
 * Configurations for Floe on a Hive Metastore: Iceberg's {@code HiveCatalog}, which this module
 * puts on the class path with a Hive Metastore 2.3 client. The same works from a configuration file
 * ({@code type: hive}, {@code uri: thrift://host:9083}, {@code warehouse: ...}); this class only
 * spells it out. Stateless and thread-safe.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open(FloeHive.config("hms", "thrift://127.0.0.1:9083", "/data/wh"))) {
 *   floe.createNamespace("sales");
 * }
 * }</pre>
 */
public final class FloeHive {
  private FloeHive() {}

  /**
   * A configuration for a Hive Metastore catalog.
   *
   * @param name the catalog's name in Floe
   * @param metastoreUri the metastore's Thrift address, such as {@code thrift://127.0.0.1:9083}
   * @param warehouse where new namespaces and tables go when the metastore names no location
   * @return the configuration ({@code type=hive}, {@code uri}, {@code warehouse})
   */
  public static FloeConfig config(String name, String metastoreUri, String warehouse) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metastoreUri, "metastoreUri");
    Objects.requireNonNull(warehouse, "warehouse");
    if (!metastoreUri.startsWith("thrift://")) {
      throw new IllegalArgumentException(
          "Catalog " + name + ": the metastore URI must start with thrift://, got " + metastoreUri);
    }
    return FloeConfig.builder(name)
        .property("type", "hive")
        .property("uri", metastoreUri)
        .property("warehouse", warehouse)
        .build();
  }
}
