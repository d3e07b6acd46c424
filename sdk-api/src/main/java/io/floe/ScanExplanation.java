package io.floe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a scan would read, from planning alone (no data file is opened): the snapshot, the columns
 * and filter, the data files left after pruning by partition values and column statistics in the
 * manifests, the delete files that apply to them, and what planning skipped. Row groups are pruned
 * later, while reading (Arrow scans report them in their scan metrics). Immutable and thread-safe;
 * {@link #toString()} renders a plan for people.
 *
 * @param table the table's full name
 * @param snapshotId the snapshot the scan reads, or -1 for an empty table
 * @param columns the columns it returns
 * @param filter the filter, as given ({@code true} for none)
 * @param files the data files it reads, in planning order
 * @param skippedDataFiles the snapshot's data files that planning pruned
 * @param skippedManifests the data manifests that planning pruned
 * @param planning how long planning took
 */
public record ScanExplanation(
    String table,
    long snapshotId,
    List<String> columns,
    String filter,
    List<FileToRead> files,
    long skippedDataFiles,
    long skippedManifests,
    Duration planning) {

  /**
   * One data file a scan reads.
   *
   * @param path the file's location
   * @param partition the partition, as {@code name=value} pairs ({@code ""} when unpartitioned)
   * @param records the file's rows, from its manifest entry
   * @param bytes the file's size
   * @param deleteFiles the delete files that apply to it
   * @param residual the filter left to apply to its rows after partition pruning ({@code true} when
   *     every row matches by partition)
   */
  public record FileToRead(
      String path, String partition, long records, long bytes, int deleteFiles, String residual) {
    /**
     * Checks the values.
     *
     * @param path the location
     * @param partition the partition
     * @param records rows
     * @param bytes size
     * @param deleteFiles delete files
     * @param residual the residual filter
     * @throws NullPointerException when a text is null
     */
    public FileToRead {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(partition, "partition");
      Objects.requireNonNull(residual, "residual");
    }
  }

  /**
   * Checks and copies the values.
   *
   * @param table the table
   * @param snapshotId the snapshot
   * @param columns the columns
   * @param filter the filter
   * @param files the files
   * @param skippedDataFiles pruned data files
   * @param skippedManifests pruned manifests
   * @param planning planning time
   * @throws NullPointerException when a value is null
   */
  public ScanExplanation {
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    Objects.requireNonNull(filter, "filter");
    files = List.copyOf(files);
    Objects.requireNonNull(planning, "planning");
  }

  /**
   * The rows in the files read, before deletes and the filter's residuals (an upper bound of what
   * the scan returns).
   *
   * @return the sum of the files' row counts
   */
  public long records() {
    return files.stream().mapToLong(FileToRead::records).sum();
  }

  /**
   * The bytes of the files read (the columns read are a part of them).
   *
   * @return the sum of the files' sizes
   */
  public long bytes() {
    return files.stream().mapToLong(FileToRead::bytes).sum();
  }

  /**
   * The delete files that apply, counted once per data file they apply to.
   *
   * @return the count
   */
  public long deleteFiles() {
    return files.stream().mapToLong(FileToRead::deleteFiles).sum();
  }

  /**
   * The plan for people: one summary block, then one line per file (at most 20).
   *
   * @return the text
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append("Scan of ")
        .append(table)
        .append(" at snapshot ")
        .append(snapshotId)
        .append('\n')
        .append("  columns: ")
        .append(String.join(", ", columns))
        .append('\n')
        .append("  filter: ")
        .append(filter)
        .append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "  reads %,d data file(s), %,d rows, %,d bytes, %,d delete file reference(s)%n",
                files.size(),
                records(),
                bytes(),
                deleteFiles()))
        .append(
            String.format(
                Locale.ROOT,
                "  pruned by partition and column statistics: %,d data file(s), %,d manifest(s)%n",
                skippedDataFiles,
                skippedManifests))
        .append(String.format(Locale.ROOT, "  planning: %.1f ms%n", planning.toNanos() / 1e6));
    int shown = 0;
    for (FileToRead f : files) {
      if (shown++ == 20) {
        out.append("  ... ").append(files.size() - 20).append(" more file(s)\n");
        break;
      }
      out.append("  - ")
          .append(f.path())
          .append(f.partition().isEmpty() ? "" : " [" + f.partition() + "]")
          .append(String.format(Locale.ROOT, " %,d rows, %,d bytes", f.records(), f.bytes()))
          .append(f.deleteFiles() == 0 ? "" : ", " + f.deleteFiles() + " delete file(s)")
          .append("true".equals(f.residual()) ? "" : ", residual " + f.residual())
          .append('\n');
    }
    return out.toString();
  }
}
