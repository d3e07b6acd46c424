package io.floe;

/**
 * Whether a commit is in a table, as {@link FloeTable#commitState(String)} finds it.
 *
 * <pre>{@code
 * if (table.commitState(e.commitId().orElseThrow()) == CommitState.LANDED) {
 *   // the commit that ended with CommitStateUnknownException did land: do not write it again
 * }
 * }</pre>
 */
public enum CommitState {
  /**
   * A snapshot of the table (on any branch, or staged) carries the commit id: the commit landed.
   */
  LANDED,
  /**
   * No snapshot the table holds now carries the commit id: the commit did not land, or its snapshot
   * was expired since. A request that timed out may still be in progress on a catalog server; ask
   * again after a while before writing the same rows again.
   */
  NOT_FOUND
}
