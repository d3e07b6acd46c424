package io.floe.cli;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogs one {@code floe} process (or shell) has open, opened when a command first needs one
 * and closed at the end. Not thread-safe: commands run one at a time.
 */
final class Session implements AutoCloseable {
  /** The environment variable naming the configuration file. */
  static final String CONFIG_ENV = "FLOE_CONFIG";

  /** The environment variable naming the default local warehouse folder. */
  static final String WAREHOUSE_ENV = "FLOE_WAREHOUSE";

  private final Map<String, String> env;
  private final Path workDir;
  private final Path home;
  private final Map<String, Floe> open = new LinkedHashMap<>();

  Session(Map<String, String> env, Path workDir, Path home) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.home = home;
  }

  /** The Floe for these options, opened on first use. */
  Floe floe(String catalog, Path config, Path warehouse) {
    FloeConfig chosen = resolve(catalog, config, warehouse);
    String key = chosen.name() + "\u0000" + new java.util.TreeMap<>(chosen.properties());
    Floe floe = open.get(key);
    if (floe == null) {
      floe = Floe.open(chosen);
      open.put(key, floe);
    }
    return floe;
  }

  /**
   * The configuration a command line chooses: {@code --catalog NAME} from the configuration file
   * and environment, else the local warehouse ({@code --warehouse}, {@code $FLOE_WAREHOUSE} or
   * {@code ./warehouse}).
   */
  FloeConfig resolve(String catalog, Path config, Path warehouse) {
    if (catalog == null) {
      return FloeConfig.local(localWarehouse(warehouse));
    }
    List<FloeConfig> configs = configured(config);
    for (FloeConfig c : configs) {
      if (c.name().equals(catalog)) {
        return c;
      }
    }
    if (catalog.equals("local")) {
      return FloeConfig.local(localWarehouse(warehouse));
    }
    List<String> names = new ArrayList<>();
    configs.forEach(c -> names.add(c.name()));
    Path file = configFile(config);
    throw new NotFoundException(
        "Catalog '"
            + catalog
            + "' is not configured ("
            + (names.isEmpty()
                ? "no catalogs configured"
                : "configured: " + String.join(", ", names))
            + (file == null ? ", no configuration file found" : ", from " + file)
            + "): add it to floe.yaml (catalog: "
            + catalog
            + ": type: ...), pass --config FILE, or set FLOE_CATALOG__"
            + catalog.toUpperCase(java.util.Locale.ROOT)
            + "__TYPE",
        null);
  }

  /** The catalogs of the configuration file (if any) with the environment laid over them. */
  List<FloeConfig> configured(Path config) {
    Path file = configFile(config);
    return file == null ? FloeConfig.fromEnvironment(env) : FloeConfig.load(file, env);
  }

  /**
   * The configuration file: {@code --config}, {@code $FLOE_CONFIG}, {@code ./floe.yaml} or {@code
   * ~/.floe.yaml}, the first that is set (or, for the last two, exists); null when none.
   */
  Path configFile(Path config) {
    if (config != null) {
      return workDir.resolve(config);
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return workDir.resolve(fromEnv);
    }
    for (Path candidate : List.of(workDir.resolve("floe.yaml"), home.resolve(".floe.yaml"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  Path home() {
    return home;
  }

  /** A path given on the command line, relative to the working folder. */
  Path resolvePath(Path path) {
    return workDir.resolve(path);
  }

  private Path localWarehouse(Path warehouse) {
    if (warehouse != null) {
      return workDir.resolve(warehouse);
    }
    String fromEnv = env.get(WAREHOUSE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return workDir.resolve(fromEnv);
    }
    return workDir.resolve("warehouse");
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Floe floe : open.values()) {
      try {
        floe.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
