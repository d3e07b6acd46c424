package io.floe.spi;

import io.floe.FloeConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Service interface through which {@link FloeConfig#fromFile(Path)} and {@link
 * FloeConfig#load(Path)} read configuration files, found with {@link java.util.ServiceLoader} so
 * that the API module needs no parser. Users do not call it; implementations must be thread-safe.
 *
 * <pre>{@code
 * // META-INF/services/io.floe.spi.ConfigFileReader names the implementation class
 * Map<String, Map<String, String>> catalogs = reader.read(Path.of("floe.yaml"));
 * }</pre>
 */
public interface ConfigFileReader {

  /**
   * Reads the catalogs of a YAML ({@code .yaml}, {@code .yml}: PyIceberg's layout, a {@code
   * catalog} map) or properties file ({@code catalog.NAME.KEY=VALUE} lines).
   *
   * @param file the file
   * @return catalog names to their properties, in file order; the maps may be modified by the
   *     caller
   * @throws IllegalArgumentException when the file is malformed; the message names the file
   * @throws io.floe.FloeIOException when the file cannot be read
   */
  Map<String, Map<String, String>> read(Path file);
}
