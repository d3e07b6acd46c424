package io.floe.spi;

import io.floe.Variant;

/**
 * Service interface through which {@link Variant#parseJson(String)} parses JSON text, found with
 * {@link java.util.ServiceLoader} so that the API module needs no JSON parser ({@code
 * floe-sdk-impl} provides one on Jackson). Users do not call it; implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * // META-INF/services/io.floe.spi.VariantJson names the implementation class
 * Variant v = json.parse("{\"a\": [1, 2.5, \"x\"]}");
 * }</pre>
 */
public interface VariantJson {

  /**
   * Parses one JSON value, with the number rules of {@link Variant#parseJson(String)}.
   *
   * @param json the text
   * @return the variant
   * @throws IllegalArgumentException when the text is not one valid JSON value
   */
  Variant parse(String json);
}
