package io.floe;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What an append did: the snapshot it made and what it added.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AppendResult result = table.newAppend().rows(rows).commit();
 * System.out.println(result.addedRecords() + " rows in snapshot " + result.snapshotId());
 * }</pre>
 *
 * @param table the table's full name
 * @param snapshotId the id of the snapshot the commit created
 * @param summary the summary of that snapshot
 * @param addedFiles the number of data files added
 * @param addedRecords the number of rows added
 * @param addedBytes the size in bytes of the data files added
 * @param duration the time from the start of writing to the end of the commit
 */
public record AppendResult(
    String table,
    long snapshotId,
    Map<String, String> summary,
    long addedFiles,
    long addedRecords,
    long addedBytes,
    Duration duration)
    implements CommitResult {

  /**
   * Copies the summary and checks the values.
   *
   * @param table the table's full name
   * @param snapshotId the id of the snapshot the commit created
   * @param summary the summary of that snapshot
   * @param addedFiles the number of data files added
   * @param addedRecords the number of rows added
   * @param addedBytes the size in bytes of the data files added
   * @param duration the time from the start of writing to the end of the commit
   * @throws NullPointerException when table, summary or duration is null
   */
  public AppendResult {
    Objects.requireNonNull(table, "table");
    summary = Map.copyOf(summary);
    Objects.requireNonNull(duration, "duration");
  }
}
