package io.floe.impl.maintain;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The snapshot a maintenance commit made, for its result: found by the commit id it recorded (other
 * writers may have committed after it), or the table's current snapshot when it made none.
 *
 * @param snapshotId the snapshot's id, or -1 when the table has none
 * @param summary its summary, empty when there is none
 */
record Committed(long snapshotId, Map<String, String> summary) {

  /**
   * Finds the snapshot of a commit.
   *
   * @param table the table, refreshed by the commit
   * @param commitId the id the commit recorded under {@code floe.commit-id}, or null when it made
   *     none
   * @return the snapshot's id and summary
   */
  static Committed of(Table table, String commitId) {
    Snapshot found = null;
    if (commitId != null) {
      for (Snapshot snapshot : table.snapshots()) {
        Map<String, String> summary = snapshot.summary();
        if (summary != null && commitId.equals(summary.get(RewriteDataFilesImpl.COMMIT_ID))) {
          found = snapshot;
        }
      }
    }
    if (found == null) {
      found = table.currentSnapshot();
    }
    if (found == null) {
      return new Committed(-1, Map.of());
    }
    return new Committed(found.snapshotId(), found.summary() == null ? Map.of() : found.summary());
  }
}
