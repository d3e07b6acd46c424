package io.floe.impl.spi;

import io.floe.AlreadyExistsException;
import io.floe.CommitConflictException;
import io.floe.CommitStateUnknownException;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.FloeInterruptedException;
import io.floe.InvalidFileException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Floe's errors, one named factory per condition: each builds its message once (problem, cause,
 * fix) and sets the table, column and file the error is about as fields of the {@link
 * FloeException}. Also translates Iceberg, Parquet and JDK errors into Floe's exception family at
 * the API boundary, keeping the original as the cause and adding the table the operation was about.
 * Programmer errors (a call out of order) stay JDK exceptions. Stateless.
 */
public final class Errors {
  private Errors() {}

  /**
   * Runs an action, translating what it throws.
   *
   * @param table the table (or other object) the action is about, for messages; may be null
   * @param action the action
   * @param <T> the result type
   * @return the action's result
   */
  public static <T> T translate(String table, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw translate(table, e);
    }
  }

  /**
   * Runs an action on a namespace or catalog, translating what it throws; unlike {@link
   * #translate(String, Supplier)} the errors name no {@linkplain FloeException#table() table}.
   *
   * @param namespace the namespace or catalog the action is about, for messages
   * @param action the action
   * @param <T> the result type
   * @return the action's result
   */
  public static <T> T translateFor(String namespace, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw translate(namespace, null, e);
    }
  }

  /**
   * Runs an action on a namespace or catalog, translating what it throws; the errors name no table.
   *
   * @param namespace the namespace or catalog the action is about, for messages
   * @param action the action
   */
  public static void runFor(String namespace, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw translate(namespace, null, e);
    }
  }

  /**
   * Runs an action, translating what it throws.
   *
   * @param table the table the action is about, for messages; may be null
   * @param action the action
   */
  public static void run(String table, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw translate(table, e);
    }
  }

  /**
   * Translates one error.
   *
   * @param table the table it is about, for messages; may be null
   * @param e the error
   * @return the Floe exception to throw
   */
  public static FloeException translate(String table, RuntimeException e) {
    return translate(table, table, e);
  }

  /**
   * Translates one error.
   *
   * @param subject the table or namespace it is about, for messages; may be null
   * @param table the table it is about, for the exception's field; may be null
   * @param e the error
   */
  private static FloeException translate(String subject, String table, RuntimeException e) {
    if (e instanceof FloeException fe) {
      return fe;
    }
    String where = subject == null ? "" : " (table " + subject + ")";
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof org.apache.iceberg.exceptions.NoSuchTableException) {
      return new NotFoundException(addressed(message, subject), table, null, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.NoSuchNamespaceException) {
      return new NotFoundException(addressed(message, subject), table, null, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.AlreadyExistsException) {
      return new AlreadyExistsException(addressed(message, subject), table, null, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.NamespaceNotEmptyException) {
      return new ValidationException(message + ": drop or move its tables first", null, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException) {
      return new CommitStateUnknownException(
          "Commit outcome unknown"
              + where
              + "; files were kept, reload the table to check: "
              + message,
          table,
          null,
          e);
    }
    if (e instanceof org.apache.iceberg.exceptions.CommitFailedException) {
      return new CommitConflictException(
          "Commit failed after retries because of concurrent commits"
              + where
              + "; nothing was committed and it is safe to retry: "
              + message,
          table,
          null,
          null,
          e);
    }
    if (e instanceof org.apache.iceberg.exceptions.ValidationException) {
      return new ValidationException(message + where, table, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.NotFoundException) {
      return new FloeIOException("read", table, null, "File not found" + where + ": " + message, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.RuntimeIOException
        || e instanceof UncheckedIOException) {
      return new FloeIOException("io", table, null, "I/O failed" + where + ": " + message, e);
    }
    if (e instanceof UnsupportedOperationException) {
      return new UnsupportedFeatureException(message + where, table, null, null, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new ValidationException(message + where, table, null, e);
    }
    return new FloeException(message + where, table, null, null, e);
  }

  /**
   * The error for a commit whose outcome is unknown: it names the commit id (in the snapshot
   * summary under {@code floe.commit-id}) so the caller can ask {@code table.commitState(id)}.
   *
   * @param table the table, for the message
   * @param commitId the commit's id
   * @param e the error that left the outcome unknown
   * @return the exception to throw; the caller keeps every file the commit wrote
   */
  public static CommitStateUnknownException commitStateUnknown(
      String table, String commitId, RuntimeException e) {
    Throwable cause =
        e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException
                && e.getCause() != null
            ? e.getCause()
            : e;
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new CommitStateUnknownException(
        "Commit "
            + commitId
            + " to table "
            + table
            + ": outcome unknown, the catalog's "
            + "answer was lost ("
            + message
            + ") and the table does not show the commit; every file was kept. Ask "
            + "table.commitState(\""
            + commitId
            + "\") before writing the rows again",
        table,
        commitId,
        e);
  }

  /**
   * Iceberg names a table or namespace inside its catalog; when the user addressed it otherwise
   * (with the catalog's name in front), the message says so.
   */
  private static String addressed(String message, String name) {
    return name == null || message.contains(name)
        ? message
        : message + " (addressed as " + name + ")";
  }

  /**
   * The error for an interrupted wait. Sets the thread's interrupt flag again, so that the caller's
   * own interruption handling still sees it.
   *
   * @param what what was interrupted, naming the table (such as {@code "planning a scan of db.t"})
   * @param e the interruption
   * @return the exception to throw
   */
  public static FloeInterruptedException interrupted(String what, InterruptedException e) {
    return interrupted(null, what, e);
  }

  /**
   * The error for an interrupted wait of an operation on a table. Sets the thread's interrupt flag
   * again, so that the caller's own interruption handling still sees it.
   *
   * @param table the table, for the exception's field; may be null
   * @param what what was interrupted, naming the table (such as {@code "planning a scan of db.t"})
   * @param e the interruption
   * @return the exception to throw
   */
  public static FloeInterruptedException interrupted(
      String table, String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new FloeInterruptedException("Interrupted while " + what, table, e);
  }

  /**
   * The error for a task that failed on a worker thread: a runtime exception is rethrown as it is
   * (the caller's own translation sees it as if thrown in its thread), an error is thrown, and a
   * checked exception is wrapped in a {@link FloeException} naming the table.
   *
   * @param subject the table or file the task worked on, for the message
   * @param what what the task did, for the message
   * @param cause what the task threw
   * @return the exception to throw
   */
  public static RuntimeException failedTask(String subject, String what, Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new FloeException(what + " (" + subject + ") failed: " + cause, cause);
  }

  /**
   * The error for a failure while reading a data file, naming the file and the table. Only failures
   * that come from the file's bytes are called corrupt; a filter or projection that does not fit
   * the file, a missing file or an I/O error say so.
   *
   * @param table the table, for the message
   * @param path the data file's location
   * @param deletesToo whether delete files were applied to the file (they may be what failed)
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException dataFileRead(
      String table, String path, boolean deletesToo, Exception e) {
    if (e instanceof FloeException fe) {
      return fe;
    }
    String reading =
        "Cannot read data file "
            + path
            + (deletesToo ? " (or the delete files applied to it)" : "")
            + " of table "
            + table;
    if (e instanceof org.apache.iceberg.exceptions.ValidationException) {
      // the scan's filter or projection does not fit the file's columns: nothing wrong with the
      // file
      return new ValidationException(reading + ": " + e.getMessage(), table, null, path, e);
    }
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    if (cause instanceof org.apache.iceberg.exceptions.NotFoundException
        || cause instanceof java.io.FileNotFoundException
        || cause instanceof java.nio.file.NoSuchFileException) {
      return new FloeIOException(
          "read",
          table,
          path,
          reading
              + ": it does not exist ("
              + cause.getMessage()
              + "); restore it, or drop it from the table with maintenance().repairTable() (floe repair).",
          e);
    }
    if (corrupt(cause)) {
      return new FloeIOException(
          "read",
          table,
          path,
          reading
              + ": "
              + cause
              + ". The file is corrupt, truncated or not Parquet; restore it, or drop it from the table with maintenance().repairTable() (floe repair).",
          e);
    }
    return new FloeIOException("read", table, path, reading + ": " + cause, e);
  }

  /**
   * Whether a failure comes from bytes that are not valid Parquet (as opposed to a bug, a bad
   * filter or I/O).
   */
  private static boolean corrupt(Throwable e) {
    String message = String.valueOf(e.getMessage());
    String type = e.getClass().getName();
    return e
            instanceof
            org.apache.parquet.ParquetRuntimeException // ParquetDecodingException and friends
        || type.startsWith("org.apache.parquet.format.") // invalid footer metadata
        || e instanceof java.io.EOFException
        || message.contains("is not a Parquet file")
        || message.contains("magic number")
        || e instanceof IndexOutOfBoundsException // lengths and offsets read from damaged bytes
        || e instanceof java.nio.BufferUnderflowException
        || e instanceof NegativeArraySizeException
        || message.startsWith("Corrupt") // Floe's page codecs
        || type.startsWith("shaded.parquet.org.apache.thrift") // undecodable footer
        || type.startsWith("com.github.luben.zstd")
        || type.startsWith("org.xerial.snappy")
        || e instanceof java.util.zip.ZipException
        || (e.getCause() != null && e.getCause() != e && corrupt(e.getCause()));
  }

  /**
   * Wraps a checked I/O error.
   *
   * @param operation what was being done
   * @param path the file
   * @param e the error
   * @return the Floe exception to throw
   */
  public static FloeIOException io(String operation, String path, IOException e) {
    return new FloeIOException(
        operation, path, "Failed to " + operation + " " + path + ": " + e.getMessage(), e);
  }

  /**
   * Wraps a checked I/O error of an operation on a whole table (such as reading its manifests),
   * naming the table rather than one file.
   *
   * @param operation what was being done, such as {@code "read manifests of"}
   * @param table the table
   * @param e the error
   * @return the Floe exception to throw
   */
  public static FloeIOException tableIo(String operation, String table, IOException e) {
    return new FloeIOException(
        operation, table, null, "Failed to " + operation + " " + table + ": " + e.getMessage(), e);
  }

  /**
   * The error for a single-use operation used again: a programmer error, so a JDK exception.
   *
   * @param operation the operation, naming the table (such as {@code "Delete from db.t"})
   * @param state what already happened to it (such as {@code "committed"})
   * @return the exception to throw
   */
  public static IllegalStateException alreadyDone(String operation, String state) {
    return new IllegalStateException(operation + " was already " + state);
  }

  /**
   * The error for a row (map, record, object or struct) that does not fit the table's schema.
   *
   * @param table the table the row was written to
   * @param column the dotted name of the column at fault, or null or empty for the whole row
   * @param problem what is wrong with the row
   * @return the exception to throw
   */
  public static ValidationException invalidRow(String table, String column, String problem) {
    boolean inColumn = column != null && !column.isEmpty();
    String where = inColumn ? ", column '" + column + "'" : "";
    return new ValidationException(
        "Invalid row for table " + table + where + ": " + problem,
        table,
        inColumn ? column : null,
        null);
  }

  /**
   * The error for a row that names a column the table (or the struct holding it) does not have.
   *
   * @param table the table the row was written to
   * @param column the dotted name of the unknown column
   * @param parent the dotted name of the struct holding it, empty for a top-level column
   * @param columns the columns the table (or struct) has
   * @return the exception to throw
   */
  public static ValidationException unknownColumn(
      String table, String column, String parent, Collection<String> columns) {
    return invalidRow(
        table,
        column,
        "unknown column; "
            + (parent.isEmpty() ? "the table has" : "the struct has")
            + " columns "
            + columns);
  }

  /**
   * The error for a null written to a required column.
   *
   * @param table the table the row was written to
   * @param column the dotted name of the required column
   * @param type the column's type, for the message
   * @return the exception to throw
   */
  public static ValidationException requiredFieldNull(String table, String column, Object type) {
    return invalidRow(table, column, "null in required column (type " + type + ")");
  }

  /**
   * The error for a column name (in a projection or filter) that the table does not have.
   *
   * @param table the table
   * @param column the name as given
   * @param columns the table's top-level column names
   * @return the exception to throw
   */
  public static ValidationException noSuchColumn(
      String table, String column, Collection<String> columns) {
    return new ValidationException(
        "Table " + table + " has no column '" + column + "'; columns are " + columns,
        table,
        column,
        null);
  }

  /**
   * The error for a snapshot id the table does not have (any more).
   *
   * @param table the table
   * @param snapshotId the id asked for
   * @param recent the ids of the table's latest snapshots, for the message
   * @return the exception to throw
   */
  public static NotFoundException noSuchSnapshot(
      String table, long snapshotId, Collection<Long> recent) {
    return new NotFoundException(
        "Table "
            + table
            + " has no snapshot "
            + snapshotId
            + "; it may have expired. Snapshots are "
            + recent,
        table,
        null,
        null,
        null);
  }

  /**
   * The error for a branch the table does not have.
   *
   * @param table the table
   * @param branch the branch asked for
   * @param refs the table's branches and tags, for the message
   * @return the exception to throw
   */
  public static NotFoundException noSuchBranch(
      String table, String branch, Collection<String> refs) {
    return new NotFoundException(
        "Table " + table + " has no branch '" + branch + "'; refs are " + refs,
        table,
        null,
        null,
        null);
  }

  /**
   * The error for a new table's schema, partitioning or sort order that Iceberg rejects.
   *
   * @param table the table being created
   * @param part what was rejected, such as {@code "partitioning"}
   * @param e Iceberg's error, which says why
   * @return the exception to throw
   */
  public static ValidationException invalidDefinition(
      String table, String part, RuntimeException e) {
    return new ValidationException(
        "Invalid " + part + " for table " + table + ": " + e.getMessage(), table, null, e);
  }

  /**
   * The error for a table property whose value is not allowed.
   *
   * @param table the table
   * @param key the property's name
   * @param column the column the property is about, or null
   * @param value the value given
   * @param allowed what to use instead
   * @return the exception to throw
   */
  public static ValidationException invalidTableProperty(
      String table, String key, String column, String value, String allowed) {
    return new ValidationException(
        "Invalid value '"
            + value
            + "' for table property "
            + key
            + " of table "
            + table
            + ": "
            + allowed,
        table,
        column,
        null);
  }

  /**
   * The error for a write mode or isolation level property Iceberg cannot parse.
   *
   * @param table the table
   * @param property the property's name
   * @param e Iceberg's error, which names the value and the allowed ones
   * @return the exception to throw
   */
  public static ValidationException invalidWriteProperty(
      String table, String property, IllegalArgumentException e) {
    return new ValidationException(
        "Table " + table + " has an invalid " + property + ": " + e.getMessage(), table, null, e);
  }

  /**
   * The error for an existing file that cannot be added to a table.
   *
   * @param table the table
   * @param file the file's location, as given
   * @param column the column at fault, or null
   * @param why why it cannot be added
   * @param cause the underlying error, or null
   * @return the exception to throw
   */
  public static InvalidFileException cannotAddFile(
      String table, String file, String column, String why, Throwable cause) {
    return new InvalidFileException(
        "Cannot add file " + file + " to table " + table + ": " + why + ". Nothing was committed.",
        table,
        file,
        column,
        cause);
  }

  /**
   * The error for a commit that a concurrent commit made invalid: nothing was committed.
   *
   * @param table the table
   * @param what what the concurrent commit did to this one (such as {@code "conflicts with this
   *     transaction"})
   * @param consequence what happened and what to do (such as {@code "nothing was committed:
   *     retry"})
   * @param cause Iceberg's validation error, whose message says which change conflicted
   * @return the exception to throw
   */
  public static CommitConflictException concurrentCommit(
      String table, String what, String consequence, RuntimeException cause) {
    return new CommitConflictException(
        "A concurrent commit to table "
            + table
            + " "
            + what
            + " ("
            + cause.getMessage()
            + "); "
            + consequence,
        table,
        null,
        null,
        cause);
  }

  /**
   * The error for a row-level change (delete, overwrite, upsert) that lost to concurrent commits on
   * every attempt: nothing was committed.
   *
   * @param table the table
   * @param attempts how many times it was tried
   * @param last the last attempt's error
   * @return the exception to throw
   */
  public static CommitConflictException retriesExhausted(
      String table, int attempts, RuntimeException last) {
    return new CommitConflictException(
        "Concurrent commits to table "
            + table
            + " conflicted with this change "
            + attempts
            + " times ("
            + last.getMessage()
            + "); nothing was committed and it is safe to retry, "
            + "or raise "
            + org.apache.iceberg.TableProperties.COMMIT_NUM_RETRIES,
        table,
        null,
        null,
        last);
  }

  /**
   * The error for a commit that reported success but is in no snapshot of the table.
   *
   * @param table the table
   * @param commitId the commit's id
   * @return the exception to throw
   */
  public static FloeException commitNotInHistory(String table, String commitId) {
    return new FloeException(
        "Commit " + commitId + " to " + table + " is not in the table's history",
        table,
        null,
        null,
        null);
  }
}
