package io.floe;

import java.util.Optional;

/**
 * Thrown when a commit was sent but its outcome could not be learned (for example the catalog
 * connection failed after the request and the table could not be read to check). The commit may or
 * may not have landed: Floe keeps every file it wrote, because deleting them could corrupt a table
 * whose commit did succeed. Ask the table with {@link #commitId()} before retrying.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * try {
 *   table.newAppend().rows(rows).commit();
 * } catch (CommitStateUnknownException e) {
 *   CommitState state = e.commitId().map(table::commitState).orElse(CommitState.NOT_FOUND);
 *   if (state == CommitState.NOT_FOUND) {
 *     // not in the table (yet): retry once the catalog is reachable
 *   }
 * }
 * }</pre>
 */
public class CommitStateUnknownException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * The commit's id, or null for a change that records none (schema or property changes, expiry).
   */
  private final String commitId;

  /**
   * Creates the exception for a change that has no commit id.
   *
   * @param message names the table and what is known of the commit
   * @param cause the underlying error, may be null
   */
  public CommitStateUnknownException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message names the table and what is known of the commit
   * @param commitId the id Floe put in the snapshot summary of the commit, may be null
   * @param cause the underlying error, may be null
   */
  public CommitStateUnknownException(String message, String commitId, Throwable cause) {
    this(message, null, commitId, cause);
  }

  /**
   * Creates the exception, naming the table the commit was for.
   *
   * @param message names the table and what is known of the commit
   * @param table the table's full name, or null when not known
   * @param commitId the id Floe put in the snapshot summary of the commit, may be null
   * @param cause the underlying error, may be null
   */
  public CommitStateUnknownException(
      String message, String table, String commitId, Throwable cause) {
    super(message, table, null, null, cause);
    this.commitId = commitId;
  }

  /**
   * The id of the commit whose outcome is unknown: Floe writes it to the snapshot summary ({@code
   * floe.commit-id}) of every append, overwrite, delete, upsert and compaction, so {@link
   * FloeTable#commitState(String)} can tell later whether it landed.
   *
   * @return the commit id, or empty for a change that adds no snapshot (schema, properties,
   *     snapshot expiry)
   */
  public Optional<String> commitId() {
    return Optional.ofNullable(commitId);
  }
}
