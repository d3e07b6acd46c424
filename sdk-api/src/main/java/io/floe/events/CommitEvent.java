package io.floe.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A catalog commit attempt that ended: appends, overwrites, deletes, upserts, compaction, schema
 * and property changes and snapshot expiry all end in one. Counts come from the new snapshots'
 * summaries (zero for a commit without a new snapshot). Immutable and thread-safe.
 *
 * <pre>{@code
 * public void onCommit(CommitEvent commit) {
 *   if (commit.outcome() == Outcome.SUCCESS) {
 *     System.out.println(commit.table() + " " + commit.operation() + ": +" + commit.addedRows() + " rows");
 *   }
 * }
 * }</pre>
 *
 * @param time when the attempt ended
 * @param catalog the name of the catalog the handle opened
 * @param table the table's full name, as the user addressed it
 * @param principal the principal configured on the handle ({@link io.floe.FloeConfig#PRINCIPAL}),
 *     the empty string when none is
 * @param operation the new snapshot's operation ({@code append}, {@code overwrite}, {@code delete},
 *     {@code replace}), or {@code metadata} for a commit without a new snapshot
 * @param snapshotBefore the table's current snapshot before the commit, {@code -1} for none
 * @param snapshotAfter the current snapshot after a successful commit, {@code -1} when the attempt
 *     did not succeed or the table has no snapshot
 * @param attempt which attempt of the commit this is, from 1 (attempts after a conflict count up)
 * @param addedRows the rows added
 * @param removedRows the rows removed
 * @param addedFiles the data and delete files added
 * @param removedFiles the data and delete files removed
 * @param addedBytes the size of the files added
 * @param duration the time the catalog commit of this attempt took
 * @param outcome how the attempt ended
 * @param failure the class name of the exception that ended an unsuccessful attempt, else the empty
 *     string
 */
public record CommitEvent(
    Instant time,
    String catalog,
    String table,
    String principal,
    String operation,
    long snapshotBefore,
    long snapshotAfter,
    int attempt,
    long addedRows,
    long removedRows,
    long addedFiles,
    long removedFiles,
    long addedBytes,
    Duration duration,
    Outcome outcome,
    String failure) {

  /**
   * Checks the values.
   *
   * @param time when the attempt ended
   * @param catalog the catalog name
   * @param table the table's full name
   * @param principal the configured principal, or the empty string
   * @param operation the operation
   * @param snapshotBefore the snapshot before
   * @param snapshotAfter the snapshot after
   * @param attempt the attempt number
   * @param addedRows the rows added
   * @param removedRows the rows removed
   * @param addedFiles the files added
   * @param removedFiles the files removed
   * @param addedBytes the bytes added
   * @param duration the attempt's duration
   * @param outcome how it ended
   * @param failure the exception's class name, or the empty string
   * @throws NullPointerException when an object argument is null
   */
  public CommitEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failure, "failure");
  }
}
