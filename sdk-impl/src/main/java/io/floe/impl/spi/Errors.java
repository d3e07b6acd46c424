package io.floe.impl.spi;

import io.floe.AlreadyExistsException;
import io.floe.CommitConflictException;
import io.floe.CommitStateUnknownException;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.FloeInterruptedException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Translates Iceberg, Parquet and JDK errors into Floe's exception family at the API boundary,
 * keeping the original as the cause and adding the table the operation was about.
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
    if (e instanceof FloeException fe) {
      return fe;
    }
    String where = table == null ? "" : " (table " + table + ")";
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof org.apache.iceberg.exceptions.NoSuchTableException) {
      return new NotFoundException(addressed(message, table), e);
    }
    if (e instanceof org.apache.iceberg.exceptions.NoSuchNamespaceException) {
      return new NotFoundException(addressed(message, table), e);
    }
    if (e instanceof org.apache.iceberg.exceptions.AlreadyExistsException) {
      return new AlreadyExistsException(addressed(message, table), e);
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
          e);
    }
    if (e instanceof org.apache.iceberg.exceptions.CommitFailedException) {
      return new CommitConflictException(
          "Commit failed after retries because of concurrent commits"
              + where
              + "; nothing was committed and it is safe to retry: "
              + message,
          e);
    }
    if (e instanceof org.apache.iceberg.exceptions.ValidationException) {
      return new ValidationException(message + where, table, null, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.NotFoundException) {
      return new FloeIOException("read", null, "File not found" + where + ": " + message, e);
    }
    if (e instanceof org.apache.iceberg.exceptions.RuntimeIOException
        || e instanceof UncheckedIOException) {
      return new FloeIOException("io", null, "I/O failed" + where + ": " + message, e);
    }
    if (e instanceof UnsupportedOperationException) {
      return new UnsupportedFeatureException(message + where, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new ValidationException(message + where, table, null, e);
    }
    return new FloeException(message + where, e);
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
    Thread.currentThread().interrupt();
    return new FloeInterruptedException("Interrupted while " + what, e);
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
      return new ValidationException(reading + ": " + e.getMessage(), table, null, e);
    }
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    if (cause instanceof org.apache.iceberg.exceptions.NotFoundException
        || cause instanceof java.io.FileNotFoundException
        || cause instanceof java.nio.file.NoSuchFileException) {
      return new FloeIOException(
          "read",
          path,
          reading
              + ": it does not exist ("
              + cause.getMessage()
              + "); restore it or remove it from the table.",
          e);
    }
    if (corrupt(cause)) {
      return new FloeIOException(
          "read",
          path,
          reading
              + ": "
              + cause
              + ". The file is corrupt, truncated or not Parquet; restore it or remove it from the table.",
          e);
    }
    return new FloeIOException("read", path, reading + ": " + cause, e);
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
}
