package io.floe.impl;

import java.util.Arrays;
import java.util.Objects;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/** Parses and prints dotted table and namespace names. */
public final class Names {
  private Names() {}

  /**
   * Parses a table name with at least one namespace level.
   *
   * @param name such as {@code analytics.events}
   * @return the identifier
   * @throws IllegalArgumentException when the name has no namespace, an empty part or a part
   *     holding a path separator ({@code /}, {@code \\}) or a control character
   */
  public static TableIdentifier table(String name) {
    Objects.requireNonNull(name, "name");
    String[] parts = split(name);
    if (parts.length < 2) {
      throw new IllegalArgumentException(
          "Table name '" + name + "' needs a namespace, such as 'analytics." + name + "'");
    }
    return TableIdentifier.of(parts);
  }

  /**
   * Parses a namespace name.
   *
   * @param name such as {@code analytics} or {@code org.analytics}
   * @return the namespace
   */
  public static Namespace namespace(String name) {
    Objects.requireNonNull(name, "namespace");
    return Namespace.of(split(name));
  }

  private static String[] split(String name) {
    String[] parts = name.split("\\.", -1);
    if (name.isBlank() || Arrays.stream(parts).anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "Invalid name '" + name + "': parts separated by '.' must not be empty");
    }
    for (String part : parts) {
      // a part is a folder name in the default table location: "/" or "\\" would make the table's
      // folder another one (db./ lives at <warehouse>/db, the namespace folder holding every table)
      if (part.indexOf('/') >= 0
          || part.indexOf('\\') >= 0
          || part.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "Invalid name '"
                + name
                + "': part '"
                + part
                + "' holds a path separator or control character; table and namespace names become folder names");
      }
    }
    return parts;
  }

  /**
   * Prints a table identifier.
   *
   * @param id the identifier
   * @return the dotted name
   */
  public static String of(TableIdentifier id) {
    return id.toString();
  }

  /**
   * Prints a namespace.
   *
   * @param ns the namespace
   * @return the dotted name
   */
  public static String of(Namespace ns) {
    return String.join(".", ns.levels());
  }

  /**
   * The key under which a column name and a Java property name (record component, getter, setter or
   * field) match, on writes ({@code objects(...)}) and typed reads alike: the name without
   * underscores, in lower case, so that column {@code event_ts} matches property {@code eventTs}.
   *
   * @param name a column or property name
   * @return the key
   */
  public static String propertyKey(String name) {
    return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
