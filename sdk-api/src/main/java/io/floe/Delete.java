package io.floe;

import org.apache.iceberg.expressions.Expression;

/**
 * Deletes the rows matching a filter in one commit: a pending operation, used once.
 *
 * <p>Files whose rows all match are dropped whole; the others are handled as the {@link WriteMode}
 * says: copy-on-write rewrites only the affected files without the matching rows, merge-on-read
 * writes position deletes (deletion vectors on format version 3). Unless {@link #mode(WriteMode)}
 * is given, the table property {@code write.delete.mode} decides (copy-on-write by default, as in
 * Iceberg). When another writer commits a conflicting change meanwhile, the delete is planned again
 * on the new snapshot, up to {@code commit.retry.num-retries} times. Not thread-safe.
 *
 * <pre>{@code
 * ChangeResult result = table.newDelete()
 *     .where(Expressions.equal("category", "spam"))
 *     .commit();
 * }</pre>
 */
public interface Delete {

  /**
   * Deletes rows matching a filter; repeated calls are combined with AND.
   *
   * @param filter an Iceberg expression over the table's columns
   * @return this delete
   */
  Delete where(Expression filter);

  /**
   * Deletes rows matching a filter written as a SQL {@code WHERE} clause, in the grammar of {@link
   * Scan#where(String)}; repeated calls (with either kind of filter) are combined with AND.
   *
   * <pre>{@code
   * table.newDelete().where("category = 'spam' and ts < timestamp '2026-01-01'").commit();
   * }</pre>
   *
   * @param filter the filter text
   * @return this delete
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token
   */
  Delete where(String filter);

  /**
   * Chooses copy-on-write or merge-on-read instead of the table's {@code write.delete.mode}.
   *
   * @param mode the write mode
   * @return this delete
   */
  Delete mode(WriteMode mode);

  /**
   * Chooses how concurrent commits are checked instead of {@code write.delete.isolation-level}.
   *
   * @param level the isolation level
   * @return this delete
   */
  Delete isolation(IsolationLevel level);

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this delete
   */
  Delete set(String key, String value);

  /**
   * Deletes from a branch instead of the main one.
   *
   * @param branch the branch name
   * @return this delete
   */
  Delete toBranch(String branch);

  /**
   * Stages the commit: its snapshot is added to the table but no branch moves, so normal scans do
   * not see it. Read it with {@link Scan#asOfSnapshot(long)} (its id is in the result) and publish
   * it with {@link ManageSnapshots#cherryPick(long)}, or let it expire.
   *
   * @return this delete
   */
  Delete stageOnly();

  /**
   * Stages the commit (as {@link #stageOnly()}) under a write-audit-publish id, recorded as the
   * snapshot summary's {@code wap.id} as Spark does; publish it with {@link
   * ManageSnapshots#publish(String)}. Each id is published at most once.
   *
   * <pre>{@code
   * long staged = table.newDelete().where(filter).stage("nightly-2024-06-01").commit().snapshotId();
   * // audit table.newScan().asOfSnapshot(staged), then:
   * table.manageSnapshots().publish("nightly-2024-06-01").commit();
   * }</pre>
   *
   * @param wapId the write-audit-publish id
   * @return this delete
   * @throws IllegalArgumentException when the id is blank
   */
  Delete stage(String wapId);

  /**
   * Counts the rows that would be deleted now, without writing or committing anything.
   *
   * @return the number of live rows matching the filter
   * @throws ValidationException when the filter does not fit the table schema
   * @throws IllegalStateException when no filter was given or the delete was already committed
   */
  long apply();

  /**
   * Deletes the matching rows as one new snapshot (or does nothing when no row matches).
   *
   * @return what the commit did
   * @throws ValidationException when the filter does not fit the table schema
   * @throws CommitConflictException when concurrent commits kept conflicting; nothing was committed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when no filter was given or the delete was already committed
   */
  ChangeResult commit();
}
