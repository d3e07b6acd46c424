package io.floe;

import java.time.Duration;
import java.time.Instant;

/**
 * Moves branches and tags and changes which snapshot is current, in one commit: a pending
 * operation, used once.
 *
 * <p>Operations apply in the order given. Rolling back, making a snapshot current and
 * fast-forwarding change the main branch unless a branch is named; no data file is written or
 * deleted. Write-audit-publish with branches: append to an audit branch with {@link
 * Append#toBranch(String)}, check it with {@link Scan#useRef(String)}, then publish with {@link
 * #fastForward(String, String) fastForward("main", "audit")} (or {@link #cherryPick(long)} a single
 * snapshot). Or with staged commits: write with {@link Append#stage(String) stage(wapId)}, audit
 * with {@link Scan#asOfSnapshot(long)}, then {@link #publish(String) publish(wapId)}. Not
 * thread-safe.
 *
 * <pre>{@code
 * table.manageSnapshots()
 *     .createTag("v1", snapshotId)
 *     .maxRefAge("v1", Duration.ofDays(365))
 *     .rollbackTo(snapshotId)
 *     .commit();
 * }</pre>
 */
public interface ManageSnapshots {

  /**
   * Makes an ancestor of the current snapshot current again.
   *
   * @param snapshotId an ancestor of the main branch's head
   * @return this operation
   * @throws ValidationException at commit when the snapshot is not an ancestor
   */
  ManageSnapshots rollbackTo(long snapshotId);

  /**
   * Makes the last ancestor committed before a point in time current again.
   *
   * @param time the point in time
   * @return this operation
   * @throws ValidationException at commit when no ancestor is that old
   */
  ManageSnapshots rollbackToTime(Instant time);

  /**
   * Makes any snapshot of the table the main branch's head, ancestor or not.
   *
   * @param snapshotId the snapshot
   * @return this operation
   * @throws NotFoundException at commit when the table has no such snapshot
   */
  ManageSnapshots makeCurrent(long snapshotId);

  /**
   * Applies the changes of one snapshot (such as one on an audit branch) as a new snapshot on the
   * main branch; appends are applied even when the branch moved since, overwrites only if their
   * files are still live.
   *
   * @param snapshotId the snapshot to apply
   * @return this operation
   * @throws ValidationException at commit when the snapshot cannot be applied
   */
  ManageSnapshots cherryPick(long snapshotId);

  /**
   * Publishes the snapshot staged under a write-audit-publish id (see {@link Append#stage(String)})
   * by cherry-picking it onto the main branch: when main has not moved since, the staged snapshot
   * itself becomes current; otherwise its appended files are applied as a new snapshot.
   *
   * @param wapId the id the write was staged under
   * @return this operation
   * @throws NotFoundException at commit when no snapshot was staged under this id
   * @throws ValidationException at commit when the id was published already, several snapshots
   *     carry it, or the staged change no longer applies (a staged delete after main moved)
   */
  ManageSnapshots publish(String wapId);

  /**
   * Creates a branch at the main branch's current snapshot.
   *
   * @param name the branch name
   * @return this operation
   * @throws AlreadyExistsException at commit when a ref of that name exists
   */
  ManageSnapshots createBranch(String name);

  /**
   * Creates a branch at a snapshot.
   *
   * @param name the branch name
   * @param snapshotId the snapshot the branch starts at
   * @return this operation
   * @throws AlreadyExistsException at commit when a ref of that name exists
   */
  ManageSnapshots createBranch(String name, long snapshotId);

  /**
   * Creates a tag on a snapshot.
   *
   * @param name the tag name
   * @param snapshotId the tagged snapshot
   * @return this operation
   * @throws AlreadyExistsException at commit when a ref of that name exists
   */
  ManageSnapshots createTag(String name, long snapshotId);

  /**
   * Moves a branch to any snapshot.
   *
   * @param name the branch name
   * @param snapshotId the branch's new head
   * @return this operation
   */
  ManageSnapshots replaceBranch(String name, long snapshotId);

  /**
   * Moves a tag to another snapshot.
   *
   * @param name the tag name
   * @param snapshotId the newly tagged snapshot
   * @return this operation
   */
  ManageSnapshots replaceTag(String name, long snapshotId);

  /**
   * Moves a branch forward to the head of another branch, which must descend from it.
   *
   * @param name the branch to move, such as {@code main}
   * @param source the branch whose head it moves to
   * @return this operation
   * @throws ValidationException at commit when {@code name}'s head is not an ancestor of {@code
   *     source}'s
   */
  ManageSnapshots fastForward(String name, String source);

  /**
   * Renames a branch.
   *
   * @param name the branch's name
   * @param newName its new name
   * @return this operation
   */
  ManageSnapshots renameBranch(String name, String newName);

  /**
   * Removes a branch (never {@code main}); its snapshots become expirable.
   *
   * @param name the branch name
   * @return this operation
   */
  ManageSnapshots removeBranch(String name);

  /**
   * Removes a tag.
   *
   * @param name the tag name
   * @return this operation
   */
  ManageSnapshots removeTag(String name);

  /**
   * Keeps at least this many of a branch's latest snapshots when snapshots expire.
   *
   * @param branch the branch name
   * @param count the number of snapshots, at least 1
   * @return this operation
   */
  ManageSnapshots minSnapshotsToKeep(String branch, int count);

  /**
   * Lets a branch's snapshots older than this expire (above its minimum count).
   *
   * @param branch the branch name
   * @param age the maximum snapshot age
   * @return this operation
   */
  ManageSnapshots maxSnapshotAge(String branch, Duration age);

  /**
   * Removes a branch or tag itself once its head is older than this, when snapshots expire.
   *
   * @param ref the branch or tag name (never {@code main})
   * @param age the maximum ref age
   * @return this operation
   */
  ManageSnapshots maxRefAge(String ref, Duration age);

  /**
   * Commits all the changes at once.
   *
   * @return what the commit did; {@link UpdateResult#snapshotId()} is the main branch's head after
   *     it
   * @throws NotFoundException when a snapshot or ref does not exist; nothing was committed
   * @throws AlreadyExistsException when a ref to create exists; nothing was committed
   * @throws ValidationException when a rollback, cherry-pick or fast-forward is not possible
   * @throws CommitConflictException when retries are exhausted
   * @throws IllegalStateException when the operation was already committed
   */
  UpdateResult commit();
}
