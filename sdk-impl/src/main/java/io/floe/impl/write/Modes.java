package io.floe.impl.write;

import io.floe.IsolationLevel;
import io.floe.WriteMode;
import io.floe.impl.spi.Errors;
import org.apache.iceberg.Table;

/** Reads write modes and isolation levels from table properties, naming the table when invalid. */
final class Modes {
  private Modes() {}

  static WriteMode mode(
      String name, Table table, WriteMode explicit, String property, WriteMode fallback) {
    if (explicit != null) {
      return explicit;
    }
    String value = table.properties().get(property);
    if (value == null) {
      return fallback;
    }
    try {
      return WriteMode.fromProperty(value);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidWriteProperty(name, property, e);
    }
  }

  static IsolationLevel isolation(
      String name, Table table, IsolationLevel explicit, String property) {
    if (explicit != null) {
      return explicit;
    }
    String value = table.properties().get(property);
    if (value == null) {
      return IsolationLevel.SERIALIZABLE;
    }
    try {
      return IsolationLevel.fromProperty(value);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidWriteProperty(name, property, e);
    }
  }
}
