package io.floe.metrics;

import io.floe.TableHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TableMonitor} last saw of a watched table, all from metadata (no data file read).
 * Immutable.
 *
 * <pre>{@code
 * TableStatus s = monitor.refresh().get(0);
 * System.out.println(s.table() + ": " + s.health().dataFiles() + " files, " + s.freshness());
 * }</pre>
 *
 * @param table the table's full name
 * @param snapshotId the current snapshot's id; -1 for a table without snapshots
 * @param lastCommit when the current snapshot was committed; null without snapshots
 * @param refreshedAt when this status was taken
 * @param health files, bytes, deletes, manifests and snapshots of the current snapshot
 * @param partitions the number of partitions holding data (1 for an unpartitioned table with data)
 * @param largestPartitionRecords the rows of the largest partition
 * @param medianPartitionRecords the rows of the median partition
 * @param largestPartitionBytes the data bytes of the largest partition (by bytes)
 * @param active the alerts firing after this refresh
 */
public record TableStatus(
    String table,
    long snapshotId,
    Instant lastCommit,
    Instant refreshedAt,
    TableHealth health,
    long partitions,
    long largestPartitionRecords,
    long medianPartitionRecords,
    long largestPartitionBytes,
    List<TableAlert> active) {

  /**
   * Checks the values.
   *
   * @param table the table's full name
   * @param snapshotId the current snapshot id, or -1
   * @param lastCommit the current snapshot's commit time, or null
   * @param refreshedAt when the status was taken
   * @param health the table's health
   * @param partitions the partitions holding data
   * @param largestPartitionRecords rows of the largest partition
   * @param medianPartitionRecords rows of the median partition
   * @param largestPartitionBytes bytes of the largest partition
   * @param active the alerts firing
   * @throws NullPointerException when table, refreshedAt, health or active is null
   */
  public TableStatus {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(refreshedAt, "refreshedAt");
    Objects.requireNonNull(health, "health");
    active = List.copyOf(active);
  }

  /**
   * The time since the last commit, at {@link #refreshedAt()}.
   *
   * @return the age of the current snapshot; empty for a table without snapshots
   */
  public Optional<Duration> freshness() {
    return lastCommit == null
        ? Optional.empty()
        : Optional.of(Duration.between(lastCommit, refreshedAt));
  }

  /**
   * How many times the median partition's rows the largest partition holds.
   *
   * @return the ratio; 1 with fewer than two partitions
   */
  public double partitionSkew() {
    if (partitions < 2) {
      return 1;
    }
    return (double) largestPartitionRecords / Math.max(1, medianPartitionRecords);
  }
}
