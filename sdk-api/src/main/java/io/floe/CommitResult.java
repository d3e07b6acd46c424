package io.floe;

import java.util.Map;

/**
 * What a commit did: the shape every {@code commit()} of Floe returns, so that each write and
 * update tells its table, its snapshot and that snapshot's summary the same way.
 *
 * <p>Writes return {@link AppendResult} or {@link ChangeResult}, metadata updates (schema, spec,
 * sort order, properties, branches and tags) {@link UpdateResult}, and the maintenance operations
 * that publish a snapshot their own results; each adds what only it knows. A commit that makes a
 * snapshot reports it; one that makes none (a metadata update, a delete that matched nothing)
 * reports the table's current snapshot after it, or -1 and an empty summary when the table has
 * none. Implementations are immutable and thread-safe.
 *
 * <pre>{@code
 * CommitResult result = table.newAppend().rows(rows).set("job", "import-17").commit();
 * System.out.println(result.table() + " is at " + result.snapshotId() + ": " + result.summary());
 * }</pre>
 */
public interface CommitResult {

  /**
   * The table's full name.
   *
   * @return the name, as the table was addressed
   */
  String table();

  /**
   * The snapshot the commit made; for a commit that made none, the table's current snapshot after
   * it.
   *
   * @return the snapshot id, or -1 when the table has no snapshot
   */
  long snapshotId();

  /**
   * The summary of {@link #snapshotId()}'s snapshot, as Iceberg records it ({@code added-records},
   * {@code total-records}, {@code floe.commit-id}, properties given with {@code set(key, value)},
   * ...).
   *
   * @return the summary, unmodifiable; empty when there is no snapshot
   */
  Map<String, String> summary();
}
