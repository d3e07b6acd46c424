package io.floe;

import java.util.Collection;

/**
 * Adds existing Parquet files to a table without rewriting them: a pending operation, used once.
 *
 * <p>Each file's footer is read and checked before anything is committed: it must be Parquet; its
 * columns must match the table's, by field id when the file carries ids (a file whose id names
 * another column is refused), else by name; types must be the table's or promotable to them (int to
 * long, float to double, wider decimals); a required table column must be in the file without
 * nulls; the table must not reference the file already. Files without field ids are read through
 * the table's name mapping ({@code schema.name-mapping.default}), which this operation sets from
 * the current schema when the table has none. Statistics (value, null and NaN counts, bounds,
 * sizes) come from the footers under the table's metrics configuration; for a partitioned table
 * each file's partition comes from its statistics, so every partition source column must hold one
 * partition's values (its minimum and maximum transform to the same value), else the file is
 * refused. All files land in one snapshot; on any error nothing is committed.
 *
 * <p>The files stay where they are. A file outside the table's location is never deleted by Floe:
 * snapshot expiry keeps it, orphan-file removal never lists it, and {@link Floe#purgeTable(String)}
 * refuses a table that references one. A file inside the table's location becomes the table's: a
 * later delete, overwrite or compaction followed by snapshot expiry may delete it. Not thread-safe.
 *
 * <pre>{@code
 * AppendResult result = table.addFiles()
 *     .file("s3://bucket/exports/2026-12-01/part-0.parquet")
 *     .directory("s3://bucket/exports/2026-12-02/")
 *     .commit();
 * }</pre>
 */
public interface AddFiles {

  /**
   * Adds one file.
   *
   * @param location the file's location, as the table's file IO reads it
   * @return this operation
   */
  AddFiles file(String location);

  /**
   * Adds several files.
   *
   * @param locations the files' locations
   * @return this operation
   */
  AddFiles files(Collection<String> locations);

  /**
   * Adds every Parquet file under a folder, sub-folders included: names ending in {@code .parquet},
   * skipping hidden files and folders (names starting with {@code .} or {@code _}).
   *
   * @param prefix the folder's location
   * @return this operation
   */
  AddFiles directory(String prefix);

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this operation
   */
  AddFiles set(String key, String value);

  /**
   * Checks every file and commits them as one snapshot.
   *
   * @return the snapshot, its summary, and the files, rows and bytes the commit added
   * @throws InvalidFileException when a file is not Parquet, does not match the table, is
   *     referenced already or has no single partition (nothing is committed)
   * @throws ValidationException when no file was given
   * @throws FloeIOException when a file cannot be read
   * @throws UnsupportedFeatureException when a folder cannot be listed by the table's file IO
   * @throws CommitConflictException when concurrent commits could not be retried past
   * @throws CommitStateUnknownException when the catalog's answer was lost
   * @throws IllegalStateException when the operation was already committed
   */
  AppendResult commit();
}
