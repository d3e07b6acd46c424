package io.floe.security;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an erasure ({@link Privacy#erase}) did and what its verification found, for an audit.
 * Immutable.
 *
 * <pre>{@code
 * ErasureReport report = Privacy.of(table).erase(Expressions.equal("email", "ann@example.com"));
 * if (!report.verified()) { alert(report.filesStillMatching()); }
 * }</pre>
 *
 * @param table the table's full name
 * @param filter the rows erased, as text
 * @param rowsDeleted the live rows the delete removed
 * @param filesRewritten data files rewritten (by the copy-on-write delete and the rewrite of files
 *     that still held rows deleted earlier by delete files)
 * @param snapshotsExpired snapshots expired (every snapshot but the current one)
 * @param filesRemoved files deleted by snapshot expiry and orphan removal
 * @param bytesRemoved bytes deleted by snapshot expiry
 * @param filesVerified data and delete files under the table's location read back in full, ignoring
 *     delete files, to look for matching rows
 * @param filesStillMatching files under the location that still hold a matching row (empty when
 *     verified)
 * @param metadataFiles files under the location that are not row data (metadata JSON, manifests,
 *     statistics), not read by the verification
 * @param verified true when no file under the location holds a matching row
 * @param duration the time taken
 */
public record ErasureReport(
    String table,
    String filter,
    long rowsDeleted,
    long filesRewritten,
    long snapshotsExpired,
    long filesRemoved,
    long bytesRemoved,
    long filesVerified,
    List<String> filesStillMatching,
    long metadataFiles,
    boolean verified,
    Duration duration) {
  /**
   * Copies the list.
   *
   * @param table the table
   * @param filter the filter
   * @param rowsDeleted rows deleted
   * @param filesRewritten files rewritten
   * @param snapshotsExpired snapshots expired
   * @param filesRemoved files removed
   * @param bytesRemoved bytes removed
   * @param filesVerified files verified
   * @param filesStillMatching files still matching
   * @param metadataFiles metadata files
   * @param verified whether verified
   * @param duration duration
   */
  public ErasureReport {
    Objects.requireNonNull(table, "table");
    filesStillMatching = List.copyOf(filesStillMatching);
  }
}
