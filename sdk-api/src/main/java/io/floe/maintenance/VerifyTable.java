package io.floe.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a table is intact: the metadata files its log lists exist; every manifest list and
 * manifest of the snapshots checked exists, has its recorded size and parses; every data and delete
 * file they reference exists and has its recorded size; and (unless {@link #metadataOnly()}) each
 * Parquet file has a readable footer holding the row count the manifests say and each deletion
 * vector's Puffin file a readable footer. {@link #deep()} also reads every row. Nothing is changed.
 * A pending operation, used once; not thread-safe.
 *
 * <pre>{@code
 * VerifyTable.Result r = table.maintenance().verifyTable().allSnapshots().execute();
 * r.problems().forEach(p -> System.out.println(p.kind() + " " + p.location() + ": " + p.detail()));
 * }</pre>
 */
public interface VerifyTable {

  /**
   * Checks every snapshot in the metadata (default: only the current one).
   *
   * @return this verification
   * @throws IllegalStateException when {@link #ref(String)} was given
   */
  VerifyTable allSnapshots();

  /**
   * Checks the snapshot a branch or tag points to instead of the current one.
   *
   * @param name the branch or tag
   * @return this verification
   * @throws IllegalStateException when {@link #allSnapshots()} was given
   */
  VerifyTable ref(String name);

  /**
   * Checks that files exist with their recorded sizes, without opening any data or delete file.
   *
   * @return this verification
   * @throws IllegalStateException when {@link #deep()} was given
   */
  VerifyTable metadataOnly();

  /**
   * Also reads every row of every Parquet data and delete file (each page decompressed and
   * decoded), and checks the count.
   *
   * @return this verification
   * @throws IllegalStateException when {@link #metadataOnly()} was given
   */
  VerifyTable deep();

  /**
   * The number of threads that check files (default: the number of processors).
   *
   * @param threads the pool size
   * @return this verification
   * @throws IllegalArgumentException when not positive
   */
  VerifyTable parallelism(int threads);

  /**
   * Runs the checks.
   *
   * @return what was checked and what is wrong
   * @throws io.floe.NotFoundException when the ref does not exist
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /** What a problem is. */
  enum Kind {
    /** A metadata file the metadata log lists is gone: time travel to it is lost. */
    MISSING_METADATA_FILE,
    /** The current metadata file does not parse: the table cannot be loaded from it. */
    UNREADABLE_METADATA_FILE,
    /** A snapshot's manifest list is gone. */
    MISSING_MANIFEST_LIST,
    /** A manifest list or manifest does not parse. */
    UNREADABLE_MANIFEST,
    /** A manifest is gone. */
    MISSING_MANIFEST,
    /** A data, delete or statistics file is gone. */
    MISSING_FILE,
    /** A file's size differs from the one recorded (truncated or replaced). */
    WRONG_SIZE,
    /** A file's footer cannot be read: not the format recorded, or corrupt. */
    UNREADABLE_FILE,
    /** A file holds another number of rows than its manifest entry says. */
    WRONG_ROW_COUNT,
    /** Reading a file's rows failed (deep verification). */
    CORRUPT_DATA
  }

  /**
   * One thing wrong.
   *
   * @param kind what is wrong
   * @param location the file's location
   * @param content {@code data}, {@code position-deletes}, {@code equality-deletes}, {@code
   *     deletion-vector}, {@code statistics}, {@code manifest}, {@code manifest-list} or {@code
   *     metadata}
   * @param detail what was found, for people
   * @param sinceSnapshotId the oldest checked snapshot that references the file; -1 for metadata
   *     files
   * @param rows the rows the file holds by its manifest entry (what is lost with it); 0 when not a
   *     data or delete file
   */
  record Problem(
      Kind kind, String location, String content, String detail, long sinceSnapshotId, long rows) {
    /**
     * Checks the values.
     *
     * @param kind what is wrong
     * @param location the file's location
     * @param content the file's content kind
     * @param detail what was found
     * @param sinceSnapshotId the oldest checked snapshot that references it, or -1
     * @param rows the rows it holds by its manifest entry
     * @throws NullPointerException when an object component is null
     */
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * What a verification checked and found. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param snapshots the snapshots checked
   * @param manifests the manifest lists and manifests checked
   * @param files the data, delete and statistics files checked
   * @param bytes their recorded total size
   * @param problems what is wrong, in the order found (metadata first)
   * @param repairs the safe ways to repair, for people; empty when intact
   * @param duration the time taken
   */
  record Result(
      String table,
      long snapshots,
      long manifests,
      long files,
      long bytes,
      List<Problem> problems,
      List<String> repairs,
      Duration duration) {
    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param snapshots the snapshots checked
     * @param manifests the manifest lists and manifests checked
     * @param files the files checked
     * @param bytes their recorded total size
     * @param problems what is wrong
     * @param repairs the safe ways to repair
     * @param duration the time taken
     * @throws NullPointerException when an object component is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      problems = List.copyOf(problems);
      repairs = List.copyOf(repairs);
      Objects.requireNonNull(duration, "duration");
    }

    /**
     * Whether nothing is wrong.
     *
     * @return true when there is no problem
     */
    public boolean intact() {
      return problems.isEmpty();
    }
  }
}
