package io.floe;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Floe} reaches its catalog: a catalog name and Iceberg catalog properties (the same
 * keys Iceberg and PyIceberg use: {@code type}, {@code uri}, {@code warehouse}, {@code io-impl},
 * {@code catalog-impl}, ...).
 *
 * <p>Immutable and thread-safe. Property values may hold secrets; {@link #toString()} never shows
 * them.
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

  /** The catalog type for an in-memory catalog, for tests. */
  public static final String TYPE_IN_MEMORY = "in-memory";

  private final String name;
  private final Map<String, String> properties;

  private FloeConfig(String name, Map<String, String> properties) {
    this.name = name;
    this.properties = Map.copyOf(properties);
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
   * Describes the configuration without property values, which may be secrets.
   *
   * @return the name and property keys
   */
  @Override
  public String toString() {
    return "FloeConfig{name=" + name + ", type=" + properties.get("type") + ", keys=" + properties.keySet() + "}";
  }

  /** Builds a {@link FloeConfig}; mutable and not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("Catalog name must not be blank");
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
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when neither {@code type} nor {@code catalog-impl} is set
     */
    public FloeConfig build() {
      if (!properties.containsKey("type") && !properties.containsKey("catalog-impl")) {
        throw new IllegalArgumentException(
            "Catalog " + name + " needs a 'type' (local, in-memory, jdbc, rest, hive, glue, nessie) or a 'catalog-impl'");
      }
      return new FloeConfig(name, properties);
    }
  }
}
