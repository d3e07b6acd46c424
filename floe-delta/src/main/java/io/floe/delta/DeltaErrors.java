package io.floe.delta;

import io.floe.AlreadyExistsException;
import io.floe.CommitStateUnknownException;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;

/**
 * The errors of a Delta migration, one factory per condition (as Delta Kernel's {@code
 * DeltaErrors}); each names the Delta table's location and, where it knows them, the new Iceberg
 * table, the column and the file, in the message and as {@link FloeException#table()}, {@link
 * FloeException#column()} and {@link FloeException#file()}. Stateless.
 */
final class DeltaErrors {
  private DeltaErrors() {}

  /** A migration committed a second time: a programmer error, so a JDK exception. */
  static IllegalStateException alreadyCommitted(String location, String table) {
    return new IllegalStateException(
        "Migration of " + location + " into " + table + " was already committed");
  }

  /** The Iceberg table to migrate into exists already. */
  static AlreadyExistsException tableExists(String location, String table, Throwable cause) {
    return new AlreadyExistsException(
        "Cannot migrate Delta table "
            + location
            + ": table "
            + table
            + " already exists; choose another name or drop it first",
        table,
        null,
        null,
        cause);
  }

  /** The Iceberg table was created by someone else while the migration ran. */
  static AlreadyExistsException createdConcurrently(
      String location, String table, Throwable cause) {
    return new AlreadyExistsException(
        "Cannot migrate Delta table " + location + ": table " + table + " was created concurrently",
        table,
        null,
        null,
        cause);
  }

  /** The catalog's answer to creating the table was lost. */
  static CommitStateUnknownException creationUnconfirmed(
      String location, String table, RuntimeException cause) {
    return new CommitStateUnknownException(
        "Catalog did not confirm creating "
            + table
            + " from Delta table "
            + location
            + "; check whether the table exists before retrying (written delete files were kept)",
        table,
        null,
        cause);
  }

  /** No Delta log at the location. */
  static NotFoundException noDeltaTable(String location, Throwable cause) {
    return new NotFoundException(
        "No Delta table at " + location + ": there is no _delta_log folder; check the path", cause);
  }

  /** Delta Kernel cannot read the table (or the version asked for). */
  static NotFoundException unreadableSnapshot(String location, long version, Throwable cause) {
    return new NotFoundException(
        "Cannot read Delta table "
            + location
            + (version >= 0 ? " at version " + version : "")
            + ": "
            + cause.getMessage(),
        cause);
  }

  /** Reading the Delta log failed. */
  static FloeIOException unreadableLog(String location, Exception cause) {
    return io("Cannot read the Delta log of " + location, "read", location, cause);
  }

  /** Listing the Delta table's data files failed. */
  static FloeIOException unlistableFiles(String location, Exception cause) {
    return io("Cannot list the files of Delta table " + location, "read", location, cause);
  }

  /** Reading the Delta table failed. */
  static FloeIOException unreadableTable(String location, Exception cause) {
    return io("Cannot read Delta table " + location, "read", location, cause);
  }

  /** The Parquet footer of a Delta data file cannot be read. */
  static FloeIOException unreadableFooter(String file, Exception cause) {
    return io("Cannot read the Parquet footer of Delta file " + file, "read", file, cause);
  }

  /** Writing the delete files for Delta's deletion vectors failed. */
  static FloeIOException deletesNotWritten(
      String location, String table, String tableLocation, Exception cause) {
    return new FloeIOException(
        "write",
        table,
        tableLocation,
        "Cannot write the deletes of Delta table "
            + location
            + " into "
            + table
            + ": "
            + cause.getMessage(),
        cause);
  }

  private static FloeIOException io(
      String problem, String operation, String path, Exception cause) {
    return new FloeIOException(operation, null, path, problem + ": " + cause.getMessage(), cause);
  }

  /** A partition column that is not in the Delta schema. */
  static FloeException partitionColumnMissing(String location, String column, Object schema) {
    return new FloeException(
        "Delta table "
            + location
            + " is partitioned by '"
            + column
            + "', which is not in its schema "
            + schema,
        null,
        column,
        null,
        null);
  }

  /** A partition value of a Delta file that cannot be converted to the column's type. */
  static FloeException badPartitionValue(
      String raw, String column, Object type, String file, RuntimeException cause) {
    return new FloeException(
        "Cannot convert partition value '"
            + raw
            + "' of column "
            + column
            + " ("
            + type
            + ") of Delta file "
            + file
            + ": "
            + cause.getMessage(),
        null,
        column,
        file,
        cause);
  }

  /** A Delta column type Iceberg cannot hold. */
  static UnsupportedFeatureException unsupportedType(String location, String column, Object type) {
    return new UnsupportedFeatureException(
        "Column '"
            + column
            + "' of Delta table "
            + location
            + " has type "
            + type
            + ", which Iceberg format 2/3 tables cannot hold; drop or cast the column in Delta first",
        null,
        column,
        null,
        null);
  }

  /** A nested list or map in a table with column mapping, whose element ids Floe cannot map. */
  static UnsupportedFeatureException mappedNested(String location, String column, String kind) {
    return new UnsupportedFeatureException(
        "Column '"
            + column
            + "' of Delta table "
            + location
            + " is an "
            + kind
            + " in a table with column mapping: "
            + "Delta keeps the Parquet ids of its elements outside the schema, so Floe cannot map"
            + " them; rewrite the data with Spark (CREATE TABLE ... USING iceberg AS SELECT)"
            + " instead",
        null,
        column,
        null,
        null);
  }
}
