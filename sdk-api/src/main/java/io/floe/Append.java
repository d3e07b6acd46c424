package io.floe;

/**
 * Adds rows to a table in one commit: a pending operation, used once.
 *
 * <p>Rows are written to data files as they are given (memory stays bounded), routed to their
 * partitions, and published by {@link #commit()} as one snapshot. A bad row (unknown column, wrong
 * type, null in a required column) throws {@link ValidationException} at once; the files already
 * written are deleted and nothing is committed. {@link #abort()} discards a pending append, and so
 * does {@link #close()} when the append was not committed. Not thread-safe.
 *
 * <p>Rows are given through {@link RowInput}'s methods. Partitioned tables are written with one
 * open file per partition (or one at a time with {@link #clustered()}); tables with a sort order
 * have each data file sorted; files roll at {@code write.target-file-size-bytes}.
 *
 * <pre>{@code
 * AppendResult result = table.newAppend()
 *     .row(Map.of("id", 1L, "category", "books"))
 *     .set("source", "import-job-17")
 *     .commit();
 * }</pre>
 */
public interface Append extends RowInput<Append>, AutoCloseable {

  /**
   * Sizes the write for an expected number of rows, so that Bloom filters are no larger than the
   * files need (a hint: more or fewer rows may follow). Without it, Floe estimates from the rows
   * given in one collection and from the table's earlier files.
   *
   * @param rows the number of rows expected, at least 1
   * @return this append
   * @throws IllegalArgumentException when rows is less than 1
   */
  Append expectedRows(long rows);

  /**
   * Promises that rows arrive grouped by partition, so that only one data file is open at a time
   * (least memory); a row of a partition already left throws {@link ValidationException} and the
   * append is aborted. By default every partition seen keeps a file open (fanout).
   *
   * @return this append
   */
  Append clustered();

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this append
   */
  Append set(String key, String value);

  /**
   * Commits to a branch instead of the main one.
   *
   * @param branch the branch name
   * @return this append
   */
  Append toBranch(String branch);

  /**
   * Stages the commit: its snapshot is added to the table but no branch moves, so normal scans do
   * not see it. Read it with {@link Scan#asOfSnapshot(long)} (its id is in the result) and publish
   * it with {@link ManageSnapshots#cherryPick(long)}, or let it expire.
   *
   * @return this append
   */
  Append stageOnly();

  /**
   * Stages the commit (as {@link #stageOnly()}) under a write-audit-publish id, recorded as the
   * snapshot summary's {@code wap.id} as Spark does; publish it with {@link
   * ManageSnapshots#publish(String)}. Each id is published at most once.
   *
   * <pre>{@code
   * long staged = table.newAppend().rows(rows).stage("nightly-2024-06-01").commit().snapshotId();
   * // audit table.newScan().asOfSnapshot(staged), then:
   * table.manageSnapshots().publish("nightly-2024-06-01").commit();
   * }</pre>
   *
   * @param wapId the write-audit-publish id
   * @return this append
   * @throws IllegalArgumentException when the id is blank
   */
  Append stage(String wapId);

  /**
   * Publishes the rows as one new snapshot, retrying on concurrent commits.
   *
   * @return what the commit did
   * @throws CommitConflictException when retries are exhausted; nothing was committed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when the append was already committed or aborted
   */
  AppendResult commit();

  /** Discards the append and deletes the files it wrote. Does nothing after a commit. */
  void abort();

  /**
   * Aborts the append unless it was committed, deleting the files it wrote, so that {@code try
   * (Append w = table.newAppend()) {...}} leaves nothing behind when the block ends early. Does
   * nothing after {@link #commit()} (also when its outcome was unknown: those files are kept) or
   * {@link #abort()}.
   */
  @Override
  void close();
}
