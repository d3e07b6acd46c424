package io.floe.impl.catalog;

import io.floe.FloeException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Keeps secrets out of messages: property values that look like credentials are masked. */
public final class Secrets {
  private static final Set<String> MARKERS =
      Set.of("secret", "password", "token", "credential", "access-key", "session-key", "sas", "private-key");

  private Secrets() {}

  /**
   * Whether a property key names a secret.
   *
   * @param key the property key
   * @return true for passwords, tokens, credentials and keys
   */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return MARKERS.stream().anyMatch(k::contains);
  }

  /**
   * Masks every secret property value found in a text.
   *
   * @param text the text, possibly null
   * @param props the properties whose secret values must not appear
   * @return the text with secrets replaced by {@code ****}
   */
  public static String mask(String text, Map<String, String> props) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Map.Entry<String, String> e : props.entrySet()) {
      String value = e.getValue();
      if (value != null && value.length() >= 4 && isSecret(e.getKey())) {
        out = out.replace(value, "****");
      }
    }
    return out;
  }

  /**
   * Rethrows an error with secrets masked in its message and in every message of its causes; if a
   * cause mentions a secret it is dropped from the chain (its class is named instead).
   *
   * @param e the error
   * @param props the catalog properties
   * @return the exception to throw
   */
  public static RuntimeException scrub(RuntimeException e, Map<String, String> props) {
    boolean leaks = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.equals(mask(message, props))) {
        leaks = true;
        break;
      }
    }
    if (!leaks) {
      return e;
    }
    StringBuilder message = new StringBuilder(String.valueOf(mask(e.getMessage(), props)));
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      message.append("; caused by ").append(t.getClass().getName()).append(": ").append(mask(t.getMessage(), props));
    }
    RuntimeException clean = e instanceof IllegalArgumentException
        ? new IllegalArgumentException(message.toString())
        : new FloeException(message.toString(), null);
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }
}
