package io.floe.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark 4.1 session in local mode whose catalog {@code local} is the JDBC catalog on the very
 * SQLite file {@code Floe.local(warehouse)} uses, so both see the same tables. Spark reads and
 * writes files through Hadoop's local file system, Floe through its own {@code LocalFileIO}.
 */
final class SparkLocal {
  private SparkLocal() {}

  /** The JVM's Spark session (Spark keeps one per JVM; test classes share it). */
  static SparkSession session() {
    return SparkSession.builder()
        .master("local[1]")
        .appName("floe-interop")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,"
                + "io.delta.sql.DeltaSparkSessionExtension")
        // Delta tables are used by path only (delta.`/path`); Iceberg tables live in named catalogs
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }

  /**
   * Registers a catalog named {@code name} over a Floe warehouse and returns the name. Spark caches
   * catalogs by name for the session's life, so each warehouse gets its own name.
   */
  static String catalog(SparkSession spark, String name, Path warehouse) {
    String prefix = "spark.sql.catalog." + name;
    String root = warehouse.toAbsolutePath().normalize().toString();
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(prefix + ".type", "jdbc");
    spark.conf().set(prefix + ".uri", "jdbc:sqlite:" + root + "/catalog.db");
    spark.conf().set(prefix + ".warehouse", root);
    spark.conf().set(prefix + ".jdbc.schema-version", "V1");
    spark.conf().set(prefix + ".jdbc.busy_timeout", "30000");
    spark.conf().set(prefix + ".cache-enabled", "false");
    return name;
  }

  /** Runs a query and returns its rows in Spark's order, canonicalized. */
  static List<List<Object>> rows(SparkSession spark, String sql) {
    List<List<Object>> out = new ArrayList<>();
    for (org.apache.spark.sql.Row row : spark.sql(sql).collectAsList()) {
      out.add(Canonical.of(row));
    }
    return out;
  }

  /** Runs a query that returns one number. */
  static long count(SparkSession spark, String sql) {
    return ((Number) spark.sql(sql).collectAsList().get(0).get(0)).longValue();
  }
}
