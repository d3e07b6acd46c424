package io.floe.files;

import java.util.List;
import java.util.OptionalLong;

/**
 * What an import did: rows written and rejected, the files read and their bytes, and the snapshot
 * its commit made. Immutable and thread-safe.
 *
 * <pre>{@code
 * ImportResult result = FileImport.into(table).from(Path.of("events.csv")).run();
 * System.out.println(result.rowsWritten() + " rows in snapshot " + result.snapshotId().orElse(-1));
 * }</pre>
 */
public final class ImportResult {
  private final String table;
  private final long rowsWritten;
  private final long rowsRejected;
  private final List<String> files;
  private final long bytes;
  private final long snapshotId;
  private final boolean tableCreated;

  ImportResult(
      String table,
      long rowsWritten,
      long rowsRejected,
      List<String> files,
      long bytes,
      long snapshotId,
      boolean tableCreated) {
    this.table = table;
    this.rowsWritten = rowsWritten;
    this.rowsRejected = rowsRejected;
    this.files = List.copyOf(files);
    this.bytes = bytes;
    this.snapshotId = snapshotId;
    this.tableCreated = tableCreated;
  }

  /**
   * The table the rows went to.
   *
   * @return its full name
   */
  public String table() {
    return table;
  }

  /**
   * The rows committed.
   *
   * @return the count
   */
  public long rowsWritten() {
    return rowsWritten;
  }

  /**
   * The rows written to the rejects file instead (0 without {@link FileImport#rejects}).
   *
   * @return the count
   */
  public long rowsRejected() {
    return rowsRejected;
  }

  /**
   * The files read, in the order they were read.
   *
   * @return their paths
   */
  public List<String> files() {
    return files;
  }

  /**
   * The bytes of the files read.
   *
   * @return the sum of their sizes
   */
  public long bytes() {
    return bytes;
  }

  /**
   * The snapshot the import committed.
   *
   * @return its id, or empty when there was no row to commit
   */
  public OptionalLong snapshotId() {
    return snapshotId < 0 ? OptionalLong.empty() : OptionalLong.of(snapshotId);
  }

  /**
   * Whether the import created the table.
   *
   * @return true when the table was created from the inferred schema
   */
  public boolean tableCreated() {
    return tableCreated;
  }

  @Override
  public String toString() {
    return "ImportResult{table="
        + table
        + ", rowsWritten="
        + rowsWritten
        + ", rowsRejected="
        + rowsRejected
        + ", files="
        + files.size()
        + ", bytes="
        + bytes
        + ", snapshotId="
        + snapshotId()
        + "}";
  }
}
