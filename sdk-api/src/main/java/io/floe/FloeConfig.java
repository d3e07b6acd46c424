package io.floe;

import io.floe.events.FloeListener;
import io.floe.spi.ConfigFileReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * How {@link Floe} reaches its catalog: a catalog name and Iceberg catalog properties (the same
 * keys Iceberg and PyIceberg use: {@code type}, {@code uri}, {@code warehouse}, {@code io-impl},
 * {@code catalog-impl}, ...).
 *
 * <p>Configurations can also be read, as PyIceberg reads them, from a YAML or properties file
 * ({@link #fromFile(Path)}) or from environment variables such as {@code FLOE_CATALOG__PROD__URI}
 * ({@link #fromEnvironment()}), or both ({@link #load(Path)}); several catalogs open in one {@link
 * Floe} with {@link Floe#open(List)}. Floe's own keys: {@code floe.cache.enabled} (default true),
 * {@code floe.cache.max-bytes} (default a sixteenth of the maximum heap, at least 64 MiB and at
 * most 1 GiB), {@code floe.cache.expire-after-access-ms} (default 10 minutes), {@code
 * floe.cache.revalidate-after-ms} (how long a cached table is served without asking the catalog,
 * default 1000). Every other key goes to Iceberg unchanged (S3: {@code s3.endpoint}, {@code
 * s3.path-style-access}, {@code s3.access-key-id}, ...; REST: {@code token}, {@code credential},
 * {@code oauth2-server-uri}, ...).
 *
 * <p>Immutable and thread-safe. Property values may hold secrets; {@link #toString()} never shows
 * them, and no error message built from a configuration does.
 *
 * <pre>{@code
 * FloeConfig config = FloeConfig.builder("prod")
 *     .property("type", "rest")
 *     .property("uri", "http://127.0.0.1:8181")
 *     .build();
 * try (Floe floe = Floe.open(config)) { ... }
 * }</pre>
 */
public final class FloeConfig {
  /** The catalog type for the embedded default: a JDBC catalog on an SQLite file. */
  public static final String TYPE_LOCAL = "local";

  /**
   * The catalog type for a catalog without a database or server: tables are folders under the local
   * {@code warehouse} folder, with {@code metadata/vN.metadata.json} and {@code
   * metadata/version-hint.text} (the layout of Iceberg's {@code HadoopCatalog}, which Spark reads
   * and writes as a {@code hadoop} catalog). Concurrent writers on one local disk are safe; tables
   * cannot be renamed, and dropping one deletes its files ({@code purgeTable}). See {@code
   * docs/interop.md}.
   *
   * <pre>{@code
   * Floe floe = Floe.open("lake", Map.of("type", "filesystem", "warehouse", "/data/lake"));
   * }</pre>
   */
  public static final String TYPE_FILESYSTEM = "filesystem";

  /** The catalog type for an in-memory catalog, for tests. */
  public static final String TYPE_IN_MEMORY = "in-memory";

  /**
   * The catalog property that decides whether files written to local folders are synced to the disk
   * ({@code fsync} of each file and of the folders that got a new entry) before the commit that
   * refers to them: {@code true} by default, so a power loss never leaves the catalog pointing at a
   * file that did not reach the disk (the local catalog's SQLite database then syncs its log at
   * every commit, {@code synchronous=FULL}). Set it to {@code false} only for throw-away warehouses
   * (tests, scratch work), where speed matters more than surviving a power loss; SQLite then syncs
   * at checkpoints only ({@code synchronous=NORMAL}: a process crash loses no commit, a power loss
   * may take the last ones back).
   *
   * <pre>{@code
   * Floe scratch = Floe.open("scratch", Map.of("type", "local", "warehouse", "/tmp/wh",
   *     FloeConfig.LOCAL_FSYNC, "false"));
   * }</pre>
   */
  public static final String LOCAL_FSYNC = "floe.local.fsync";

  /**
   * The catalog property naming who works through the handle (a service account, a user): events
   * and the audit log carry it ({@link io.floe.events}). Unset by default; Floe does not check it.
   */
  public static final String PRINCIPAL = "floe.principal";

  /** The prefix of environment variables read by {@link #fromEnvironment()}. */
  public static final String ENV_PREFIX = "FLOE_CATALOG__";

  private final String name;
  private final Map<String, String> properties;
  private final List<FloeListener> listeners;

  private FloeConfig(String name, Map<String, String> properties, List<FloeListener> listeners) {
    this.name = name;
    this.properties = Map.copyOf(properties);
    this.listeners = List.copyOf(listeners);
  }

  /**
   * The embedded default: a warehouse folder holding the data, the metadata and an SQLite catalog
   * file ({@code catalog.db}); no server and no Hadoop.
   *
   * @param warehouse the warehouse folder, created if missing
   * @return the configuration
   */
  public static FloeConfig local(Path warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return builder("local")
        .property("type", TYPE_LOCAL)
        .property("warehouse", warehouse.toAbsolutePath().normalize().toString())
        .build();
  }

  /**
   * An in-memory catalog and file store that vanish when {@link Floe} is closed.
   *
   * @return the configuration
   */
  public static FloeConfig inMemory() {
    return builder("memory").property("type", TYPE_IN_MEMORY).build();
  }

  /**
   * A catalog from Iceberg catalog properties.
   *
   * @param name the catalog name
   * @param properties Iceberg catalog properties
   * @return the configuration
   */
  public static FloeConfig of(String name, Map<String, String> properties) {
    return builder(name).properties(properties).build();
  }

  /**
   * Reads the catalogs of a YAML or properties file, in file order.
   *
   * <p>YAML files ({@code .yaml}, {@code .yml}) have PyIceberg's layout, a {@code catalog} map of
   * catalog names to properties; properties files ({@code .properties}, or any other name) use
   * {@code catalog.NAME.KEY=VALUE} lines, the key possibly dotted ({@code
   * catalog.prod.s3.endpoint}).
   *
   * <pre>{@code
   * # floe.yaml
   * catalog:
   *   prod:
   *     type: rest
   *     uri: https://catalog.example.com
   *     s3.endpoint: http://127.0.0.1:9000
   * }</pre>
   *
   * @param file the file
   * @return the catalogs, one configuration each
   * @throws IllegalArgumentException when the file is malformed or a catalog lacks a {@code type}
   * @throws FloeIOException when the file cannot be read
   * @throws IllegalStateException when no reader (floe-sdk-impl) is on the class path
   */
  public static List<FloeConfig> fromFile(Path file) {
    return build(readFile(file), "file " + file);
  }

  private static Map<String, Map<String, String>> readFile(Path file) {
    Objects.requireNonNull(file, "file");
    ConfigFileReader reader =
        ServiceLoader.load(ConfigFileReader.class, FloeConfig.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot read Floe configuration "
                            + file
                            + ": no configuration reader found; add io.floe:floe-sdk-impl to the class path"));
    return reader.read(file);
  }

  /**
   * Reads the catalogs named by the process environment, as {@link #fromEnvironment(Map)}.
   *
   * @return the catalogs, sorted by name; empty when no variable names one
   * @throws IllegalArgumentException when a catalog lacks a {@code type}
   */
  public static List<FloeConfig> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the catalogs named by environment variables of the form {@code
   * FLOE_CATALOG__<NAME>__<KEY>}, the way PyIceberg reads {@code PYICEBERG_CATALOG__...}: the name
   * and key are lower-cased, a double underscore in the key becomes a dot and a single one a dash
   * ({@code FLOE_CATALOG__PROD__S3__ACCESS_KEY_ID} sets {@code s3.access-key-id} of catalog {@code
   * prod}).
   *
   * <pre>{@code
   * List<FloeConfig> catalogs = FloeConfig.fromEnvironment(System.getenv());
   * }</pre>
   *
   * @param environment the variables
   * @return the catalogs, sorted by name; empty when no variable names one
   * @throws IllegalArgumentException when a catalog lacks a {@code type}
   */
  public static List<FloeConfig> fromEnvironment(Map<String, String> environment) {
    return build(readEnvironment(environment), "environment variables " + ENV_PREFIX + "*");
  }

  private static Map<String, Map<String, String>> readEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, Map<String, String>> catalogs = new TreeMap<>();
    environment.forEach(
        (variable, value) -> {
          if (variable == null || value == null || !variable.startsWith(ENV_PREFIX)) {
            return;
          }
          String rest = variable.substring(ENV_PREFIX.length());
          int split = rest.indexOf("__");
          if (split <= 0 || split + 2 >= rest.length()) {
            return;
          }
          String name = envPart(rest.substring(0, split));
          String key = envPart(rest.substring(split + 2));
          catalogs.computeIfAbsent(name, n -> new TreeMap<>()).put(key, value);
        });
    return catalogs;
  }

  /**
   * Reads the catalogs of a file with the process environment laid over it, key by key, the way
   * PyIceberg combines {@code .pyiceberg.yaml} and {@code PYICEBERG_CATALOG__*}: a service ships a
   * file and its deployment overrides the URI or a secret through the environment.
   *
   * <pre>{@code
   * try (Floe floe = Floe.open(FloeConfig.load(Path.of("floe.yaml")))) { ... }
   * }</pre>
   *
   * @param file the YAML or properties file, as {@link #fromFile(Path)} reads it
   * @return the catalogs of the file, then those only the environment names
   * @throws IllegalArgumentException when the file is malformed or a catalog lacks a {@code type}
   * @throws FloeIOException when the file cannot be read
   * @throws IllegalStateException when no reader (floe-sdk-impl) is on the class path
   */
  public static List<FloeConfig> load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Reads the catalogs of a file with environment variables laid over it, key by key.
   *
   * <pre>{@code
   * List<FloeConfig> catalogs = FloeConfig.load(Path.of("floe.yaml"), Map.of("FLOE_CATALOG__PROD__URI", uri));
   * }</pre>
   *
   * @param file the YAML or properties file
   * @param environment the variables ({@code FLOE_CATALOG__<NAME>__<KEY>}) whose values win
   * @return the catalogs of the file, then those only the environment names
   * @throws IllegalArgumentException when the file is malformed or a catalog lacks a {@code type}
   * @throws FloeIOException when the file cannot be read
   * @throws IllegalStateException when no reader (floe-sdk-impl) is on the class path
   */
  public static List<FloeConfig> load(Path file, Map<String, String> environment) {
    Map<String, Map<String, String>> catalogs = readFile(file);
    readEnvironment(environment)
        .forEach(
            (name, props) ->
                catalogs.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(props));
    return build(catalogs, "file " + file + " and environment variables " + ENV_PREFIX + "*");
  }

  private static String envPart(String part) {
    return part.replace("__", ".").replace('_', '-').toLowerCase(Locale.ROOT);
  }

  private static List<FloeConfig> build(Map<String, Map<String, String>> catalogs, String source) {
    List<FloeConfig> configs = new ArrayList<>();
    catalogs.forEach(
        (name, props) -> {
          try {
            configs.add(builder(name).properties(props).build());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (from " + source + ")", null);
          }
        });
    return List.copyOf(configs);
  }

  /**
   * Starts a configuration.
   *
   * @param name the catalog name
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The catalog name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The catalog properties.
   *
   * @return an unmodifiable map of the properties
   */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * The listeners the handle sends its events to, in registration order.
   *
   * @return an unmodifiable list, empty when none is registered
   */
  public List<FloeListener> listeners() {
    return listeners;
  }

  /**
   * A copy of this configuration that also sends the handle's events to a listener.
   *
   * <pre>{@code
   * try (Floe floe = Floe.open(FloeConfig.local(warehouse).withListener(listener))) { ... }
   * }</pre>
   *
   * @param listener the listener
   * @return the new configuration
   */
  public FloeConfig withListener(FloeListener listener) {
    Objects.requireNonNull(listener, "listener");
    List<FloeListener> all = new ArrayList<>(listeners);
    all.add(listener);
    return new FloeConfig(name, properties, all);
  }

  /**
   * Describes the configuration without property values, which may be secrets.
   *
   * @return the name and property keys
   */
  @Override
  public String toString() {
    return "FloeConfig{name="
        + name
        + ", type="
        + properties.get("type")
        + ", keys="
        + properties.keySet()
        + "}";
  }

  /** Builds a {@link FloeConfig}; mutable and not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<FloeListener> listeners = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.contains(".")) {
        throw new IllegalArgumentException(
            "Catalog name '"
                + name
                + "' must be non-blank and without dots: tables are addressed as catalog.namespace.table");
      }
      this.name = name;
    }

    /**
     * Sets a catalog property.
     *
     * @param key the property key
     * @param value the property value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets several catalog properties.
     *
     * @param values the properties
     * @return this builder
     */
    public Builder properties(Map<String, String> values) {
      Objects.requireNonNull(values, "values").forEach(this::property);
      return this;
    }

    /**
     * Sends the events of the handle opened with this configuration (scans, commits, maintenance)
     * to a listener; see {@link io.floe.events}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FloeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when neither {@code type} nor {@code catalog-impl} is set
     */
    public FloeConfig build() {
      if (!properties.containsKey("type") && !properties.containsKey("catalog-impl")) {
        throw new IllegalArgumentException(
            "Catalog "
                + name
                + " needs a 'type' (local, in-memory, jdbc, rest, hive, glue, nessie) or a 'catalog-impl'");
      }
      return new FloeConfig(name, properties, listeners);
    }
  }
}
