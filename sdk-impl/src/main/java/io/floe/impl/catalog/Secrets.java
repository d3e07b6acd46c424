package io.floe.impl.catalog;

import io.floe.FloeException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of messages, stack traces and logs. A property holds a secret when its key says
 * so ({@link #isSecret}); a secret can also be embedded in another value: the password of a URI's
 * user-info ({@code jdbc:postgresql://user:pw@host/db}), a password-like URI parameter ({@code
 * ?password=...}, {@code ;password=...}), the secret half of an OAuth {@code credential} ({@code
 * id:secret}), the token of an {@code Authorization} header ({@code Bearer ...}). {@link #mask}
 * replaces all of them, and URI credentials even when no property names them. Stateless.
 */
final class Secrets {
  private static final Set<String> MARKERS =
      Set.of(
          "secret",
          "password",
          "passwd",
          "pwd",
          "token",
          "credential",
          "access-key",
          "session-key",
          "sas",
          "private-key",
          "shared-key",
          "account-key",
          "api-key",
          "apikey",
          "sse.key",
          "authorization");

  private static final Set<String> SETTINGS =
      Set.of(
          "enabled",
          "-ms",
          "-type",
          "-impl",
          "-provider",
          "-uri",
          "-endpoint",
          "-path",
          "-file",
          "-location",
          "-region");

  /** {@code //user:password@} in any URI. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@\\s:;]*:)([^/?#@\\s]+)@");

  /**
   * Password-like parameters of URIs and JDBC URLs: {@code ?password=x}, {@code &token=x}, {@code
   * ;password=x}.
   */
  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)([?&;](?:password|passwd|pwd|secret|token"
              + "|access_token|client_secret|credential|sig|signature|x-amz-signature|x-amz-credential"
              + "|x-amz-security-token)=)([^&;\\s#\"']+)");

  private static final String MASK = "****";

  private Secrets() {}

  /**
   * Whether a property key names a secret.
   *
   * @param key the property key
   * @return true for passwords, tokens, credentials, keys and HTTP headers
   */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (SETTINGS.stream().anyMatch(k::endsWith)) {
      return false; // settings about secrets (token-refresh-enabled, credentials-provider), not
      // secrets
    }
    return k.startsWith("header.") || MARKERS.stream().anyMatch(k::contains);
  }

  /**
   * The secret texts a set of properties holds: values of secret keys, and the parts of them and of
   * other values that are secrets on their own (URI passwords, OAuth client secrets, header
   * tokens), percent-decoded too.
   *
   * @param props the properties
   * @return the secrets, longest first
   */
  static List<String> values(Map<String, String> props) {
    Set<String> values = new LinkedHashSet<>();
    props.forEach(
        (key, value) -> {
          if (value == null || value.isEmpty()) {
            return;
          }
          if (isSecret(key)) {
            values.add(value);
            int colon = value.indexOf(':');
            if (colon >= 0 && colon < value.length() - 1) {
              values.add(value.substring(colon + 1)); // credential = client-id:client-secret
            }
            int space = value.indexOf(' ');
            if (space >= 0 && space < value.length() - 1) {
              values.add(value.substring(space + 1).trim()); // Authorization = Bearer <token>
            }
          }
          for (Pattern p : List.of(USER_INFO, PARAMETER)) {
            Matcher m = p.matcher(value);
            while (m.find()) {
              values.add(m.group(2));
            }
          }
        });
    Set<String> decoded = new LinkedHashSet<>();
    for (String v : values) {
      try {
        decoded.add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // not percent-encoded
      }
    }
    values.addAll(decoded);
    values.removeIf(String::isBlank);
    return values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * Masks every secret of a set of properties found in a text, and every URI credential.
   *
   * <p>A secret of four characters or more is replaced wherever it appears; a shorter one only
   * where it stands alone (not next to a letter or digit), so that masking it does not garble the
   * rest of the message.
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
    for (String value : values(props)) {
      out =
          value.length() >= 4
              ? out.replace(value, MASK)
              : out.replaceAll(
                  "(?<![\\p{Alnum}])" + Pattern.quote(value) + "(?![\\p{Alnum}])", MASK);
    }
    out = USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    return PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }

  /**
   * Rethrows an error with secrets masked in its message and in every message of its causes and
   * suppressed exceptions. When one of them holds a secret, the chain is rebuilt of stand-ins that
   * carry the masked message ({@code original class: message}) and the original stack trace.
   *
   * @param e the error
   * @param props the catalog properties
   * @return the exception to throw
   */
  public static RuntimeException scrub(RuntimeException e, Map<String, String> props) {
    if (!leaks(e, props, 0)) {
      return e;
    }
    Throwable cause = e.getCause() == null ? null : standIn(e.getCause(), props, 0);
    RuntimeException clean =
        e instanceof IllegalArgumentException
            ? new IllegalArgumentException(mask(e.getMessage(), props), cause)
            : new FloeException(mask(e.getMessage(), props), cause);
    clean.setStackTrace(e.getStackTrace());
    for (Throwable s : e.getSuppressed()) {
      clean.addSuppressed(standIn(s, props, 0));
    }
    return clean;
  }

  private static boolean leaks(Throwable t, Map<String, String> props, int depth) {
    if (t == null || depth > 20) {
      return false;
    }
    String message = t.getMessage();
    if (message != null && !message.equals(mask(message, props))) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (leaks(s, props, depth + 1)) {
        return true;
      }
    }
    return leaks(t.getCause(), props, depth + 1);
  }

  private static Throwable standIn(Throwable t, Map<String, String> props, int depth) {
    Throwable cause =
        t.getCause() == null || depth > 20 ? null : standIn(t.getCause(), props, depth + 1);
    Masked masked = new Masked(t.getClass().getName() + ": " + mask(t.getMessage(), props), cause);
    masked.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      masked.addSuppressed(standIn(s, props, depth + 1));
    }
    return masked;
  }

  /**
   * Stands in for an exception whose message held a secret: the class it replaced, the masked
   * message.
   */
  static final class Masked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Masked(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
