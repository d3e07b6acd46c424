package io.floe.impl.catalog;

import io.floe.FloeConfig;
import io.floe.FloeException;
import io.floe.impl.cache.CachingCatalog;
import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.cache.MetadataCache;
import io.floe.impl.io.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Builds Iceberg catalogs from Floe configurations: the embedded default (JDBC on an SQLite file),
 * the file-system catalog ({@link FileSystemCatalog}, the folder layout of Iceberg's
 * HadoopCatalog), in-memory, JDBC (SQLite, PostgreSQL), REST, and Hive, Glue or Nessie through
 * Iceberg's own {@code type} names when their modules are on the class path. Storage is chosen per
 * location scheme ({@link SchemeFileIO}) unless {@code io-impl} names a file IO, and wrapped in the
 * metadata cache ({@link CachingFileIO}, {@link CachingCatalog}) unless {@code
 * floe.cache.enabled=false}.
 */
public final class Catalogs {
  private static final Map<String, String> MODULES =
      Map.of(
          "hive",
              "io.floe:floe-hive (org.apache.iceberg:iceberg-hive-metastore with a Hive Metastore client)",
          "glue", "org.apache.iceberg:iceberg-aws with the AWS SDK modules glue, sts and dynamodb",
          "nessie", "org.apache.iceberg:iceberg-nessie");

  private Catalogs() {}

  /**
   * Opens the Iceberg catalog a configuration describes.
   *
   * @param config the configuration
   * @return an initialized catalog, wrapped in the metadata cache unless it is disabled
   * @throws IllegalArgumentException when the configuration is incomplete or names an unknown type
   * @throws FloeException when the catalog cannot be reached; the message never holds a secret
   */
  public static Catalog open(FloeConfig config) {
    return open(config, UnaryOperator.identity());
  }

  /**
   * Opens the Iceberg catalog a configuration describes, with a wrapper between the catalog and the
   * metadata cache: the test kit's fault injection, so that its faults hit what the cache and Floe
   * above it would see from a real catalog.
   *
   * @param config the configuration
   * @param below wraps the initialized catalog before the metadata cache wraps it
   * @return an initialized catalog, wrapped in the metadata cache unless it is disabled
   * @throws IllegalArgumentException when the configuration is incomplete or names an unknown type
   * @throws FloeException when the catalog cannot be reached; the message never holds a secret
   */
  public static Catalog open(FloeConfig config, UnaryOperator<Catalog> below) {
    Map<String, String> props = new HashMap<>(config.properties());
    try {
      return open(config.name(), props, below);
    } catch (RuntimeException e) {
      throw Secrets.scrub(e, config.properties());
    }
  }

  private static Catalog open(
      String name, Map<String, String> props, UnaryOperator<Catalog> below) {
    refuseSecretTableDefaults(name, props);
    Optional<MetadataCache> cache = MetadataCache.create(name, props);
    // Iceberg's default reporter logs ~2 KB at INFO per scan and commit; the user's choice wins
    props.putIfAbsent(
        CatalogProperties.METRICS_REPORTER_IMPL, QuietMetricsReporter.class.getName());
    Catalog catalog;
    try {
      String type = props.getOrDefault("type", "").toLowerCase(Locale.ROOT);
      if (!props.containsKey(CatalogProperties.FILE_IO_IMPL) || cache.isPresent()) {
        storage(props, cache);
      }
      switch (type) {
        case FloeConfig.TYPE_LOCAL:
          catalog = local(name, props);
          break;
        case FloeConfig.TYPE_IN_MEMORY:
        case "memory":
          InMemoryCatalog memory = new InMemoryCatalog();
          props.remove("type");
          memory.initialize(name, props);
          catalog = memory;
          break;
        case "sql":
        case "jdbc":
          catalog = jdbc(name, props);
          break;
        case FloeConfig.TYPE_FILESYSTEM:
          catalog = fileSystem(name, props);
          break;
        case "hadoop":
          throw new IllegalArgumentException(
              "Catalog "
                  + name
                  + ": type 'hadoop' needs a Hadoop file system, which Floe does not ship; use"
                  + " 'filesystem' for the same folder layout (tables Spark's HadoopCatalog reads"
                  + " and writes), 'local' (SQLite file) or 'jdbc' for a catalog without a server");
        default:
          catalog = build(name, type, props);
      }
      catalog = below.apply(catalog);
    } catch (RuntimeException e) {
      cache.ifPresent(MetadataCache::close);
      throw e;
    }
    if (cache.isEmpty()) {
      return catalog;
    }
    long expire =
        Long.parseLong(props.getOrDefault(MetadataCache.EXPIRE_AFTER_ACCESS_MS, "600000"));
    return new CachingCatalog(catalog, cache.get(), Duration.ofMillis(expire));
  }

  /**
   * Sets the file IO: the metadata cache around the user's file IO, or around one chosen by scheme.
   */
  private static void storage(Map<String, String> props, Optional<MetadataCache> cache) {
    String io = props.getOrDefault(CatalogProperties.FILE_IO_IMPL, SchemeFileIO.class.getName());
    // always Floe's file IO around the storage: with the cache it serves metadata from memory, and
    // with or without it, manifests are checked whole before Avro reads them
    props.put(CachingFileIO.DELEGATE_IMPL, io);
    cache.ifPresent(c -> props.put(MetadataCache.ID_PROPERTY, c.id()));
    props.put(CatalogProperties.FILE_IO_IMPL, CachingFileIO.class.getName());
    if (props.containsKey("s3.endpoint")
        && !props.containsKey("client.region")
        && System.getenv("AWS_REGION") == null) {
      // S3-compatible stores (MinIO, s3proxy) ignore the region, but the AWS SDK insists on one
      props.put("client.region", "us-east-1");
    }
  }

  private static Catalog build(String name, String type, Map<String, String> props) {
    if (type.isEmpty() && !props.containsKey(CatalogProperties.CATALOG_IMPL)) {
      throw new IllegalArgumentException(
          "Catalog "
              + name
              + " needs a 'type' (local, filesystem, in-memory, jdbc, rest, hive, glue, nessie) or a 'catalog-impl'");
    }
    if (props.containsKey(CatalogProperties.CATALOG_IMPL)) {
      props.remove("type");
    } else {
      props.put("type", type);
    }
    try {
      return CatalogUtil.buildIcebergCatalog(name, props, null);
    } catch (IllegalArgumentException e) {
      String module = MODULES.get(type);
      if (module != null && String.valueOf(e.getMessage()).contains("Cannot initialize Catalog")) {
        throw new IllegalArgumentException(
            "Catalog " + name + " of type '" + type + "' needs " + module + " on the class path",
            e);
      }
      throw e;
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "Catalog "
              + name
              + ": unknown type '"
              + type
              + "'; use local, filesystem, in-memory, jdbc, rest, hive, glue or nessie, or set 'catalog-impl'",
          e);
    }
  }

  private static Catalog jdbc(String name, Map<String, String> props) {
    String uri = props.get(CatalogProperties.URI);
    if (uri == null || !uri.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "Catalog "
              + name
              + " of type jdbc needs a 'uri' such as jdbc:postgresql://host/db or jdbc:sqlite:/path/catalog.db");
    }
    if (props.get(CatalogProperties.WAREHOUSE_LOCATION) == null) {
      throw new IllegalArgumentException(
          "Catalog "
              + name
              + " of type jdbc needs a 'warehouse' location (a folder or s3://bucket/prefix) for new tables");
    }
    props.remove("type");
    moveUriCredentials(props);
    if (uri.startsWith("jdbc:sqlite:")) {
      props.putIfAbsent("jdbc.busy_timeout", "30000");
    }
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(name, props);
    return catalog;
  }

  private static Catalog fileSystem(String name, Map<String, String> props) {
    props.remove("type");
    FileSystemCatalog catalog = new FileSystemCatalog();
    catalog.initialize(name, props);
    return catalog;
  }

  private static Catalog local(String name, Map<String, String> props) {
    String warehouse = props.get("warehouse");
    if (warehouse == null) {
      throw new IllegalArgumentException(
          "The local catalog " + name + " needs a 'warehouse' folder");
    }
    Path root = LocalFileIO.toPath(warehouse).toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw CatalogErrors.cannotCreateWarehouse(root, e);
    }
    Map<String, String> jdbc = new HashMap<>(props);
    jdbc.remove("type");
    jdbc.put(CatalogProperties.WAREHOUSE_LOCATION, root.toString());
    jdbc.putIfAbsent(CatalogProperties.URI, "jdbc:sqlite:" + root.resolve("catalog.db"));
    jdbc.putIfAbsent("jdbc.schema-version", "V1");
    // SQLite allows one writer at a time: wait for the lock instead of failing at once.
    jdbc.putIfAbsent("jdbc.busy_timeout", "30000");
    jdbc.putIfAbsent("jdbc.journal_mode", "WAL");
    jdbc.putIfAbsent("jdbc.synchronous", sqliteSynchronous(props));
    moveUriCredentials(jdbc);
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(name, jdbc);
    return catalog;
  }

  /**
   * How SQLite syncs the local catalog's commits. In WAL mode {@code FULL} syncs the write-ahead
   * log at every commit, so a committed metadata pointer survives a power loss, as {@value
   * FloeConfig#LOCAL_FSYNC} promises; {@code NORMAL} syncs it only at checkpoints (a process crash
   * loses nothing, a power loss may take the last commits back), which is what a warehouse that
   * turned the syncing of its files off has chosen already, and saves the one sync per commit.
   * Stated either way, not left to the SQLite build's default.
   */
  static String sqliteSynchronous(Map<String, String> props) {
    String fsync = props.getOrDefault(FloeConfig.LOCAL_FSYNC, "true").trim();
    return fsync.equalsIgnoreCase("false") ? "NORMAL" : "FULL";
  }

  /**
   * Catalogs copy {@code table-default.*} and {@code table-override.*} properties into the metadata
   * file of every table they create, where anyone who can read the table reads them.
   */
  private static void refuseSecretTableDefaults(String name, Map<String, String> props) {
    for (String key : props.keySet()) {
      for (String prefix :
          List.of(
              CatalogProperties.TABLE_DEFAULT_PREFIX, CatalogProperties.TABLE_OVERRIDE_PREFIX)) {
        if (key.startsWith(prefix) && Secrets.isSecret(key.substring(prefix.length()))) {
          throw new IllegalArgumentException(
              "Catalog "
                  + name
                  + ": property '"
                  + key
                  + "' would copy a secret"
                  + " into the metadata file of every table; set '"
                  + key.substring(prefix.length())
                  + "' as a catalog property instead");
        }
      }
    }
  }

  private static final Pattern JDBC_USER_INFO = Pattern.compile("^(jdbc:[^/]*//)([^/?;@]*)@");
  private static final Pattern JDBC_PASSWORD = Pattern.compile("(?i)([?&;])password=([^&;]*)");

  /**
   * Moves the user and password of a JDBC URI ({@code jdbc:postgresql://user:pw@host/db}, {@code
   * ?password=pw}, {@code ;password=pw}) into the {@code jdbc.user} and {@code jdbc.password}
   * properties (which drivers receive as connection properties, the URI's values winning as they do
   * in the drivers), so that Iceberg never logs the password or puts it into an error message with
   * the URI.
   */
  static void moveUriCredentials(Map<String, String> props) {
    String uri = props.get(CatalogProperties.URI);
    if (uri == null) {
      return;
    }
    Matcher info = JDBC_USER_INFO.matcher(uri);
    if (info.find()) {
      String userInfo = info.group(2);
      int colon = userInfo.indexOf(':');
      props.put("jdbc.user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        props.put("jdbc.password", decode(userInfo.substring(colon + 1)));
      }
      uri = info.group(1) + uri.substring(info.end());
    }
    Matcher password = JDBC_PASSWORD.matcher(uri);
    StringBuilder rest = new StringBuilder();
    while (password.find()) {
      boolean query = !password.group(1).equals(";");
      props.put("jdbc.password", query ? decode(password.group(2)) : password.group(2));
      // keep the separator only when another parameter follows it in a query
      password.appendReplacement(rest, query && password.group(1).equals("?") ? "?" : "");
    }
    password.appendTail(rest);
    props.put(CatalogProperties.URI, rest.toString().replace("?&", "?").replaceAll("\\?$", ""));
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /**
   * Closes a catalog if it holds resources.
   *
   * @param catalog the catalog
   */
  static void closeQuietly(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        // closing after a failed open: the original error matters more
      }
    }
  }
}
