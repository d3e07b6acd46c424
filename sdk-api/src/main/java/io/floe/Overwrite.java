package io.floe;

import org.apache.iceberg.expressions.Expression;

/**
 * Replaces rows of a table with new ones in one commit: a pending operation, used once.
 *
 * <p>Either {@link #where(Expression)} names the rows to replace (rows matching the filter are
 * deleted as {@link Delete} would, copy-on-write or merge-on-read) or {@link #replacePartitions()}
 * replaces every partition the new rows fall into (dynamic partition overwrite). New rows are given
 * through {@link RowInput}'s methods and written as they come; a bad row aborts the overwrite and
 * nothing is committed; {@link #close()} without a commit deletes the files written. Not
 * thread-safe.
 *
 * <pre>{@code
 * table.newOverwrite()
 *     .where(Expressions.equal("day", "2026-01-01"))
 *     .rows(recomputedRows)
 *     .commit();
 * }</pre>
 */
public interface Overwrite extends RowInput<Overwrite>, AutoCloseable {

  /**
   * Replaces the rows matching a filter; repeated calls are combined with AND.
   *
   * @param filter an Iceberg expression over the table's columns
   * @return this overwrite
   * @throws IllegalStateException when {@link #replacePartitions()} was chosen
   */
  Overwrite where(Expression filter);

  /**
   * Replaces the rows matching a filter written as a SQL {@code WHERE} clause, in the grammar of
   * {@link Scan#where(String)}; repeated calls (with either kind of filter) are combined with AND.
   *
   * @param filter the filter text
   * @return this overwrite
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token
   * @throws IllegalStateException when {@link #replacePartitions()} was chosen
   */
  Overwrite where(String filter);

  /**
   * Replaces every partition that the new rows fall into, whatever their current rows.
   *
   * @return this overwrite
   * @throws IllegalStateException when a filter was given
   */
  Overwrite replacePartitions();

  /**
   * Chooses copy-on-write or merge-on-read for the deleted rows instead of {@code
   * write.delete.mode}.
   *
   * @param mode the write mode
   * @return this overwrite
   */
  Overwrite mode(WriteMode mode);

  /**
   * Chooses how concurrent commits are checked instead of {@code write.update.isolation-level}.
   *
   * @param level the isolation level
   * @return this overwrite
   */
  Overwrite isolation(IsolationLevel level);

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this overwrite
   */
  Overwrite set(String key, String value);

  /**
   * Commits to a branch instead of the main one.
   *
   * @param branch the branch name
   * @return this overwrite
   */
  Overwrite toBranch(String branch);

  /**
   * Stages the commit: its snapshot is added to the table but no branch moves, so normal scans do
   * not see it. Read it with {@link Scan#asOfSnapshot(long)} (its id is in the result) and publish
   * it with {@link ManageSnapshots#cherryPick(long)}, or let it expire.
   *
   * @return this overwrite
   */
  Overwrite stageOnly();

  /**
   * Stages the commit (as {@link #stageOnly()}) under a write-audit-publish id, recorded as the
   * snapshot summary's {@code wap.id} as Spark does; publish it with {@link
   * ManageSnapshots#publish(String)}. Each id is published at most once.
   *
   * <pre>{@code
   * long staged = table.newOverwrite().where(filter).rows(rows).stage("nightly-2024-06-01").commit().snapshotId();
   * // audit table.newScan().asOfSnapshot(staged), then:
   * table.manageSnapshots().publish("nightly-2024-06-01").commit();
   * }</pre>
   *
   * @param wapId the write-audit-publish id
   * @return this overwrite
   * @throws IllegalArgumentException when the id is blank
   */
  Overwrite stage(String wapId);

  /**
   * Deletes the replaced rows and adds the new ones as one new snapshot.
   *
   * @return what the commit did
   * @throws ValidationException when neither a filter nor {@link #replacePartitions()} was given,
   *     or the filter does not fit the table
   * @throws CommitConflictException when concurrent commits kept conflicting; nothing was committed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when the overwrite was already committed or aborted
   */
  ChangeResult commit();

  /** Discards the overwrite and deletes the files it wrote. Does nothing after a commit. */
  void abort();

  /**
   * Aborts the overwrite unless it was committed, deleting the files it wrote, so that {@code try
   * (Overwrite w = table.newOverwrite()) {...}} leaves nothing behind when the block ends early.
   * Does nothing after {@link #commit()} (also when its outcome was unknown: those files are kept)
   * or {@link #abort()}.
   */
  @Override
  void close();
}
