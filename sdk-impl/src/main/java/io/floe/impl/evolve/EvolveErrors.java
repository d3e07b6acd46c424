package io.floe.impl.evolve;

import io.floe.AlreadyExistsException;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import java.util.Collection;

/**
 * The errors of schema, partition, sort-order and snapshot changes and of incremental and metadata
 * scans, one named factory per condition (see {@link io.floe.impl.spi.Errors} for those shared
 * across areas); each sets the table and column it is about. Stateless.
 */
final class EvolveErrors {
  private EvolveErrors() {}

  /**
   * The error for an incremental range whose start is not an ancestor of its end.
   *
   * @param table the table
   * @param start the start snapshot's id
   * @param end the end snapshot's id
   * @return the exception to throw
   */
  static ValidationException notAncestor(String table, long start, long end) {
    return new ValidationException(
        "Snapshot "
            + start
            + " of table "
            + table
            + " is not an ancestor of snapshot "
            + end
            + "; choose a start on the same branch, before the end",
        table,
        null,
        null);
  }

  /**
   * The error for a filter that does not bind to a table's (or metadata table's) columns.
   *
   * @param prefix how the message starts, such as {@code "Invalid filter for table "}
   * @param table the table or metadata table
   * @param columns its top-level column names
   * @param e the binding error
   * @return the exception to throw
   */
  static ValidationException invalidFilter(
      String prefix, String table, Collection<String> columns, RuntimeException e) {
    return new ValidationException(
        prefix + table + ": " + e.getMessage() + "; columns are " + columns, table, null, e);
  }

  /**
   * The error for a projected column a metadata table does not have.
   *
   * @param table the metadata table
   * @param column the name as given
   * @param columns its top-level column names
   * @return the exception to throw
   */
  static ValidationException noMetadataColumn(
      String table, String column, Collection<String> columns) {
    return new ValidationException(
        "Metadata table " + table + " has no column '" + column + "'; columns are " + columns,
        table,
        column,
        null);
  }

  /**
   * The error for a schema change Iceberg rejects.
   *
   * @param table the table
   * @param column the column being changed, or null
   * @param hint what to do instead, or null
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static ValidationException invalidSchemaChange(
      String table, String column, String hint, RuntimeException e) {
    return new ValidationException(
        "Cannot change the schema of table "
            + table
            + (column == null ? "" : " at column '" + column + "'")
            + ": "
            + e.getMessage()
            + (hint == null ? "" : "; " + hint)
            + ". The table is unchanged.",
        table,
        column,
        e);
  }

  /**
   * The error for a partition-spec change Iceberg rejects.
   *
   * @param table the table
   * @param field the partition field being changed, or null
   * @param spec the current spec's fields, for the message
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static ValidationException invalidSpecChange(
      String table, String field, Object spec, RuntimeException e) {
    return new ValidationException(
        "Cannot change the partition spec of table "
            + table
            + (field == null ? "" : " at '" + field + "'")
            + ": "
            + e.getMessage()
            + ". The current spec is "
            + spec
            + "; the table is unchanged.",
        table,
        field,
        e);
  }

  /**
   * The error for a sort term Iceberg rejects.
   *
   * @param table the table
   * @param term the sort term (a column or transform)
   * @param columns the table's top-level column names
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static ValidationException invalidSortTerm(
      String table, String term, Collection<String> columns, RuntimeException e) {
    return new ValidationException(
        "Cannot sort table "
            + table
            + " by '"
            + term
            + "': "
            + e.getMessage()
            + "; columns are "
            + columns
            + ". The table is unchanged.",
        table,
        term,
        e);
  }

  /**
   * The error for publishing a wap.id no snapshot is staged under.
   *
   * @param table the table
   * @param wapId the id
   * @return the exception to throw
   */
  static NotFoundException noStagedSnapshot(String table, String wapId) {
    return new NotFoundException(
        "Table "
            + table
            + " has no snapshot staged as wap.id '"
            + wapId
            + "'; stage a "
            + "write with stage(\""
            + wapId
            + "\") first, or it expired. Nothing was committed.",
        table,
        null,
        null,
        null);
  }

  /**
   * The error for publishing a wap.id several snapshots are staged under.
   *
   * @param table the table
   * @param wapId the id
   * @param ids the snapshots' ids
   * @return the exception to throw
   */
  static ValidationException ambiguousStagedSnapshot(
      String table, String wapId, Collection<Long> ids) {
    return new ValidationException(
        "Table "
            + table
            + " has "
            + ids.size()
            + " snapshots staged as wap.id '"
            + wapId
            + "' ("
            + ids
            + "); an id is published once, so stage each "
            + "write under its own id or cherry-pick the snapshots by id. Nothing was committed.",
        table,
        null,
        null);
  }

  /**
   * The error for a branch or tag that already exists.
   *
   * @param table the table
   * @param text the message
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static AlreadyExistsException refExists(String table, String text, RuntimeException e) {
    return new AlreadyExistsException(text, table, null, null, e);
  }

  /**
   * The error for a snapshot, branch or tag a snapshot change names that does not exist.
   *
   * @param table the table
   * @param text the message
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static NotFoundException refNotFound(String table, String text, RuntimeException e) {
    return new NotFoundException(text, table, null, null, e);
  }

  /**
   * The error for a snapshot change Iceberg rejects.
   *
   * @param table the table
   * @param text the message
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static ValidationException invalidSnapshotChange(String table, String text, RuntimeException e) {
    return new ValidationException(text, table, null, e);
  }
}
