package io.floe;

import java.util.List;

/**
 * Inserts rows whose key is new and replaces the rows whose key exists, in one commit: a pending
 * operation, used once.
 *
 * <p>The key is the columns given to {@link #key(String...)}, or the table's identifier fields. The
 * input is checked before anything is written: a null key or a key given twice throws {@link
 * ValidationException} and nothing is committed. Existing rows are found by reading only the key
 * columns of files whose statistics may hold the keys, then replaced merge-on-read (position
 * deletes or deletion vectors; the default) or copy-on-write. When another writer commits a
 * conflicting change meanwhile, the matching is redone on the new snapshot. Input rows are written
 * to data files as they come (their keys stay in memory until the commit); {@link #close()} without
 * a commit deletes those files. Not thread-safe.
 *
 * <pre>{@code
 * ChangeResult result = table.newUpsert()
 *     .key("id")
 *     .rows(changedCustomers)
 *     .commit();
 * }</pre>
 */
public interface Upsert extends RowInput<Upsert>, AutoCloseable {

  /**
   * Sets the key columns that identify a row.
   *
   * @param columns top-level column names
   * @return this upsert
   * @throws IllegalArgumentException when no column is given
   */
  Upsert key(String... columns);

  /**
   * Sets the key columns that identify a row.
   *
   * @param columns top-level column names
   * @return this upsert
   * @throws IllegalArgumentException when the list is empty
   */
  Upsert key(List<String> columns);

  /**
   * Chooses copy-on-write or merge-on-read instead of {@code write.merge.mode} (merge-on-read when
   * the table does not set it).
   *
   * @param mode the write mode
   * @return this upsert
   */
  Upsert mode(WriteMode mode);

  /**
   * Chooses how concurrent commits are checked instead of {@code write.merge.isolation-level}.
   *
   * @param level the isolation level
   * @return this upsert
   */
  Upsert isolation(IsolationLevel level);

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this upsert
   */
  Upsert set(String key, String value);

  /**
   * Commits to a branch instead of the main one.
   *
   * @param branch the branch name
   * @return this upsert
   */
  Upsert toBranch(String branch);

  /**
   * Stages the commit: its snapshot is added to the table but no branch moves, so normal scans do
   * not see it. Read it with {@link Scan#asOfSnapshot(long)} (its id is in the result) and publish
   * it with {@link ManageSnapshots#cherryPick(long)}, or let it expire.
   *
   * @return this upsert
   */
  Upsert stageOnly();

  /**
   * Stages the commit (as {@link #stageOnly()}) under a write-audit-publish id, recorded as the
   * snapshot summary's {@code wap.id} as Spark does; publish it with {@link
   * ManageSnapshots#publish(String)}. Each id is published at most once.
   *
   * <pre>{@code
   * long staged = table.newUpsert().key("id").rows(rows).stage("nightly-2024-06-01").commit().snapshotId();
   * // audit table.newScan().asOfSnapshot(staged), then:
   * table.manageSnapshots().publish("nightly-2024-06-01").commit();
   * }</pre>
   *
   * @param wapId the write-audit-publish id
   * @return this upsert
   * @throws IllegalArgumentException when the id is blank
   */
  Upsert stage(String wapId);

  /**
   * Writes the rows, replaces the existing rows with the same keys and commits one new snapshot.
   *
   * @return what the commit did
   * @throws ValidationException when the key is missing, unknown, or null or repeated in the input
   * @throws CommitConflictException when concurrent commits kept conflicting; nothing was committed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when the upsert was already committed or aborted
   */
  ChangeResult commit();

  /** Discards the upsert and deletes the files it wrote. Does nothing after a commit. */
  void abort();

  /**
   * Aborts the upsert unless it was committed, deleting the files it wrote, so that {@code try
   * (Upsert w = table.newUpsert()) {...}} leaves nothing behind when the block ends early. Does
   * nothing after {@link #commit()} (also when its outcome was unknown: those files are kept) or
   * {@link #abort()}.
   */
  @Override
  void close();
}
