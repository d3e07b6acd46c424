package io.floe.maintenance;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a table whose current snapshot references lost or damaged data files readable again by
 * dropping those references in a new snapshot, whose summary records what was lost ({@value
 * #LOST_FILES} and {@value #LOST_ROWS}); every other row stays. The files are found by a
 * verification of the current snapshot at the default level ({@link VerifyTable}): missing,
 * truncated, with an unreadable footer or another row count than recorded.
 *
 * <p>Refused when a delete file, manifest or manifest list is damaged: dropping a delete file's
 * reference would bring deleted rows back, and a lost manifest's files are unknown; restore those
 * or roll back instead. A pending operation: {@link #apply()} previews (changes nothing), {@link
 * #commit()} publishes; used once. Not thread-safe.
 *
 * <pre>{@code
 * RepairTable.Result preview = table.maintenance().repairTable().apply();
 * preview.droppedFiles().forEach(System.out::println);
 * RepairTable.Result done = table.maintenance().repairTable().commit();
 * }</pre>
 */
public interface RepairTable {
  /** Snapshot summary key: the number of data files whose references a repair dropped. */
  String LOST_FILES = "floe.repair.lost-files";

  /** Snapshot summary key: the rows those files held, by their manifest entries. */
  String LOST_ROWS = "floe.repair.lost-rows";

  /**
   * Finds what a commit would drop, and changes nothing.
   *
   * @return the files and rows that would be lost; snapshot id -1
   * @throws io.floe.ValidationException when a delete file, manifest or manifest list is damaged
   *     (the message names it)
   * @throws IllegalStateException when already applied or committed
   */
  Result apply();

  /**
   * Drops the references to the damaged data files in one new snapshot (nothing is committed when
   * none is damaged). The commit checks that the files are still in the table, so a concurrent
   * change cannot make it drop something else.
   *
   * @return what was dropped and the new snapshot
   * @throws io.floe.ValidationException when a delete file, manifest or manifest list is damaged;
   *     nothing is committed
   * @throws io.floe.CommitConflictException when concurrent commits kept it from landing
   * @throws IllegalStateException when already applied or committed
   */
  Result commit();

  /**
   * What a repair drops (or would drop). Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param droppedFiles the data files whose references are dropped, with what is wrong with each
   * @param lostRows the rows they held by their manifest entries
   * @param snapshotId the new snapshot; -1 for a preview or when nothing needed dropping
   */
  record Result(String table, Map<String, String> droppedFiles, long lostRows, long snapshotId) {
    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param droppedFiles the files dropped, with the reason
     * @param lostRows the rows they held
     * @param snapshotId the new snapshot, or -1
     * @throws NullPointerException when table or droppedFiles is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      droppedFiles = Map.copyOf(droppedFiles);
    }

    /**
     * The dropped files' locations, sorted.
     *
     * @return the locations
     */
    public List<String> locations() {
      return droppedFiles.keySet().stream().sorted().toList();
    }
  }
}
