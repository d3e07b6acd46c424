package io.floe.impl;

import io.floe.ValidationException;
import java.util.Collection;

/**
 * The errors of table creation and table-property changes, one named factory per condition (see
 * {@link io.floe.impl.spi.Errors} for those shared across areas); each sets the table and column it
 * is about. Stateless.
 */
final class TableErrors {
  private TableErrors() {}

  /**
   * The error for a bloom-filter property naming a column the new table does not have.
   *
   * @param table the table
   * @param column the column named
   * @return the exception to throw
   */
  static ValidationException noBloomFilterColumn(String table, String column) {
    return new ValidationException(
        "Bloom filter column '" + column + "' does not exist in table " + table,
        table,
        column,
        null);
  }

  /**
   * The error for a new table without columns.
   *
   * @param table the table
   * @return the exception to throw
   */
  static ValidationException noColumns(String table) {
    return new ValidationException(
        "Table " + table + " needs at least one column", table, null, null);
  }

  /**
   * The error for a table property with a blank name.
   *
   * @param table the table
   * @param value the property's value
   * @return the exception to throw
   */
  static ValidationException blankPropertyName(String table, String value) {
    return new ValidationException(
        "Table " + table + " has a property with a blank name (value '" + value + "'): remove it",
        table,
        null,
        null);
  }

  /**
   * The error for a per-column table property naming a column the table does not have.
   *
   * @param table the table
   * @param key the property's name
   * @param column the column named
   * @param columns the table's column names
   * @return the exception to throw
   */
  static ValidationException propertyNamesNoColumn(
      String table, String key, String column, Collection<String> columns) {
    return new ValidationException(
        "Table property "
            + key
            + " of table "
            + table
            + " names column '"
            + column
            + "', which does not exist; columns are "
            + columns,
        table,
        column,
        null);
  }

  /**
   * The error for a row-group check maximum below its minimum.
   *
   * @param table the table
   * @param maxKey the maximum's property
   * @param max the maximum
   * @param minKey the minimum's property
   * @param min the minimum
   * @return the exception to throw
   */
  static ValidationException maxBelowMin(
      String table, String maxKey, int max, String minKey, int min) {
    return new ValidationException(
        "Table "
            + table
            + ": table property "
            + maxKey
            + " ("
            + max
            + ") is less than "
            + minKey
            + " ("
            + min
            + "): use a maximum of at least the minimum",
        table,
        null,
        null);
  }

  /**
   * The error for changing a properties update already committed.
   *
   * @param table the table
   * @return the exception to throw
   */
  static ValidationException propertiesAlreadyCommitted(String table) {
    return new ValidationException(
        "Properties update of " + table + " was already committed; start another one",
        table,
        null,
        null);
  }

  /**
   * The error for setting a table property to null.
   *
   * @param table the table
   * @param key the property's name
   * @return the exception to throw
   */
  static ValidationException nullProperty(String table, String key) {
    return new ValidationException(
        "Table property "
            + key
            + " of "
            + table
            + " cannot be set to null; use remove(\""
            + key
            + "\")",
        table,
        null,
        null);
  }
}
