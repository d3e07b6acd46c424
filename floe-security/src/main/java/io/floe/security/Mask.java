package io.floe.security;

import java.util.Objects;

/**
 * How a column's values are shown to a role: applied after filtering, to every read path. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Policy.builder().mask("support", "crm.customers", "phone", Mask.keepLast(4));
 * }</pre>
 */
public final class Mask {
  /** The kinds of mask. */
  public enum Kind {
    /** Every value becomes null (any type). */
    NULL,
    /** Every non-null string becomes {@code ***}. */
    REDACT,
    /**
     * SHA-256 of the table's salt and the value (strings: 32 hex digits; longs and ints: the first
     * bytes): equal values stay equal, so counts and joins work, but values cannot be read back.
     */
    HASH,
    /** Strings: all but the last N characters become {@code *}. */
    KEEP_LAST,
    /** Dates and timestamps truncated to a year, month, day or hour. */
    TRUNCATE
  }

  private final Kind kind;
  private final int keep;
  private final String unit;

  private Mask(Kind kind, int keep, String unit) {
    this.kind = kind;
    this.keep = keep;
    this.unit = unit;
  }

  /**
   * Shows nulls.
   *
   * @return the mask
   */
  public static Mask nullify() {
    return new Mask(Kind.NULL, 0, null);
  }

  /**
   * Shows {@code ***} for strings.
   *
   * @return the mask
   */
  public static Mask redact() {
    return new Mask(Kind.REDACT, 0, null);
  }

  /**
   * Shows a salted SHA-256 of strings, longs and ints (the table's salt: {@link
   * Policy.Builder#salt}).
   *
   * @return the mask
   */
  public static Mask hash() {
    return new Mask(Kind.HASH, 0, null);
  }

  /**
   * Shows only the last characters of strings.
   *
   * @param characters how many to keep, 0 or more
   * @return the mask
   * @throws IllegalArgumentException when characters is negative
   */
  public static Mask keepLast(int characters) {
    if (characters < 0) {
      throw new IllegalArgumentException("keep-last needs 0 or more characters: " + characters);
    }
    return new Mask(Kind.KEEP_LAST, characters, null);
  }

  /**
   * Truncates dates and timestamps.
   *
   * @param unit {@code year}, {@code month}, {@code day} or {@code hour}
   * @return the mask
   * @throws IllegalArgumentException when the unit is not one of those
   */
  public static Mask truncate(String unit) {
    Objects.requireNonNull(unit, "unit");
    if (!java.util.Set.of("year", "month", "day", "hour").contains(unit)) {
      throw new IllegalArgumentException(
          "Unknown truncate unit '" + unit + "'; use year, month, day or hour");
    }
    return new Mask(Kind.TRUNCATE, 0, unit);
  }

  /**
   * Parses a mask as written in a policy file: {@code null}, {@code redact}, {@code hash}, {@code
   * keep-last(N)}, {@code truncate(year|month|day|hour)}.
   *
   * @param text the text
   * @return the mask
   * @throws IllegalArgumentException when the text is not a mask
   */
  public static Mask parse(String text) {
    String t = Objects.requireNonNull(text, "mask").trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("null")) {
      return nullify();
    } else if (t.equals("redact")) {
      return redact();
    } else if (t.equals("hash")) {
      return hash();
    } else if (t.startsWith("keep-last(") && t.endsWith(")")) {
      try {
        return keepLast(Integer.parseInt(t.substring(10, t.length() - 1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("keep-last needs a number, as in keep-last(4): " + text);
      }
    } else if (t.startsWith("truncate(") && t.endsWith(")")) {
      return truncate(t.substring(9, t.length() - 1).trim());
    }
    throw new IllegalArgumentException(
        "Unknown mask '"
            + text
            + "'; use null, redact, hash, keep-last(N) or truncate(year|month|day|hour)");
  }

  /**
   * What the mask does.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The characters kept by {@link Kind#KEEP_LAST}.
   *
   * @return the count, 0 for other kinds
   */
  public int keep() {
    return keep;
  }

  /**
   * The unit of {@link Kind#TRUNCATE}.
   *
   * @return the unit, empty for other kinds
   */
  public java.util.Optional<String> unit() {
    return java.util.Optional.ofNullable(unit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && m.kind == kind && m.keep == keep && Objects.equals(m.unit, unit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, keep, unit);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case KEEP_LAST -> "keep-last(" + keep + ")";
      case TRUNCATE -> "truncate(" + unit + ")";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
