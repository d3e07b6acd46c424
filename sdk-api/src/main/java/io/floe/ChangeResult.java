package io.floe;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a row-level change (delete, overwrite, upsert) did: the snapshot it made and the rows and
 * files it added, changed and removed.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ChangeResult result = table.newUpsert().key("id").rows(rows).commit();
 * System.out.println(result.insertedRows() + " new, " + result.updatedRows() + " updated");
 * }</pre>
 *
 * @param table the table's full name
 * @param snapshotId the snapshot the change created; when nothing matched and nothing was added,
 *     the current snapshot (or -1 for a table without one) and no commit was made
 * @param summary the summary of that snapshot, empty when there is none
 * @param insertedRows rows added that did not replace an existing row
 * @param updatedRows rows added that replaced an existing row (upserts)
 * @param deletedRows existing rows removed and not replaced
 * @param addedDataFiles data files added, rewritten ones included
 * @param addedDeleteFiles delete files (position deletes or deletion vectors) added
 * @param removedDataFiles data files removed or rewritten
 * @param attempts how many times the change was planned and committed (1 without conflicts)
 * @param duration the time from the start of writing to the end of the commit
 */
public record ChangeResult(
    String table,
    long snapshotId,
    Map<String, String> summary,
    long insertedRows,
    long updatedRows,
    long deletedRows,
    long addedDataFiles,
    long addedDeleteFiles,
    long removedDataFiles,
    int attempts,
    Duration duration)
    implements CommitResult {

  /**
   * Copies the summary and checks the values.
   *
   * @param table the table's full name
   * @param snapshotId the snapshot the change created, or the current one when nothing was
   *     committed
   * @param summary the summary of that snapshot, empty when there is none
   * @param insertedRows rows added that did not replace an existing row
   * @param updatedRows rows added that replaced an existing row
   * @param deletedRows existing rows removed and not replaced
   * @param addedDataFiles data files added, rewritten ones included
   * @param addedDeleteFiles delete files added
   * @param removedDataFiles data files removed or rewritten
   * @param attempts how many times the change was planned and committed
   * @param duration the time from the start of writing to the end of the commit
   * @throws NullPointerException when table, summary or duration is null
   */
  public ChangeResult {
    Objects.requireNonNull(table, "table");
    summary = Map.copyOf(summary);
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * Whether the change made a new snapshot.
   *
   * @return false when nothing matched and nothing was added
   */
  public boolean committed() {
    return attempts > 0;
  }
}
