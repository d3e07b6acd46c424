package io.floe.impl.catalog;

import io.floe.FloeConfig;
import io.floe.FloeException;
import io.floe.impl.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Builds Iceberg catalogs from Floe configurations. */
public final class Catalogs {
  private Catalogs() {}

  /**
   * Opens the Iceberg catalog a configuration describes.
   *
   * @param config the configuration
   * @return an initialized catalog
   */
  public static Catalog open(FloeConfig config) {
    Map<String, String> props = new HashMap<>(config.properties());
    String type = props.getOrDefault("type", "");
    switch (type) {
      case FloeConfig.TYPE_LOCAL:
        return local(config.name(), props);
      case FloeConfig.TYPE_IN_MEMORY:
        InMemoryCatalog memory = new InMemoryCatalog();
        props.remove("type");
        memory.initialize(config.name(), props);
        return memory;
      default:
        if ("jdbc".equals(type) || props.containsKey("catalog-impl")) {
          props.putIfAbsent(CatalogProperties.FILE_IO_IMPL, defaultIoFor(props.get("warehouse")));
        }
        return CatalogUtil.buildIcebergCatalog(config.name(), props, null);
    }
  }

  private static String defaultIoFor(String warehouse) {
    if (warehouse != null && (warehouse.startsWith("s3://") || warehouse.startsWith("s3a://"))) {
      return "org.apache.iceberg.aws.s3.S3FileIO";
    }
    return LocalFileIO.class.getName();
  }

  private static Catalog local(String name, Map<String, String> props) {
    String warehouse = props.get("warehouse");
    if (warehouse == null) {
      throw new IllegalArgumentException("The local catalog " + name + " needs a 'warehouse' folder");
    }
    Path root = LocalFileIO.toPath(warehouse).toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new FloeException("Cannot create warehouse folder " + root + ": " + e.getMessage(), e);
    }
    Map<String, String> jdbc = new HashMap<>(props);
    jdbc.remove("type");
    jdbc.put(CatalogProperties.WAREHOUSE_LOCATION, root.toString());
    jdbc.putIfAbsent(CatalogProperties.URI, "jdbc:sqlite:" + root.resolve("catalog.db"));
    jdbc.putIfAbsent(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    jdbc.putIfAbsent("jdbc.schema-version", "V1");
    // SQLite allows one writer at a time: wait for the lock instead of failing at once.
    jdbc.putIfAbsent("jdbc.busy_timeout", "30000");
    jdbc.putIfAbsent("jdbc.journal_mode", "WAL");
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(name, jdbc);
    return catalog;
  }
}
