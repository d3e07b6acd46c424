package io.floe;

import java.time.Duration;
import java.util.Objects;

/**
 * What a commit did: the snapshot it made and what it added.
 *
 * <p>Immutable and thread-safe.
 *
 * @param table the table's full name
 * @param snapshotId the id of the snapshot the commit created
 * @param addedFiles the number of data files added
 * @param addedRecords the number of rows added
 * @param addedBytes the size in bytes of the data files added
 * @param duration the time from the start of writing to the end of the commit
 */
public record CommitResult(
    String table, long snapshotId, long addedFiles, long addedRecords, long addedBytes, Duration duration) {

  /**
   * Checks the values.
   *
   * @param table the table's full name
   * @param snapshotId the id of the snapshot the commit created
   * @param addedFiles the number of data files added
   * @param addedRecords the number of rows added
   * @param addedBytes the size in bytes of the data files added
   * @param duration the time from the start of writing to the end of the commit
   * @throws NullPointerException when table or duration is null
   */
  public CommitResult {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(duration, "duration");
  }
}
