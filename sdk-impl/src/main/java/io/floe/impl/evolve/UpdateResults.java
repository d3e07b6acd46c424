package io.floe.impl.evolve;

import io.floe.UpdateResult;
import java.time.Duration;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** Builds the {@link UpdateResult} of a metadata update from the table as its commit left it. */
public final class UpdateResults {
  private UpdateResults() {}

  /**
   * The result of an update just committed to a table.
   *
   * @param name the table's full name
   * @param table the table, as the commit left it
   * @param started {@link System#nanoTime()} when the update started
   * @return the result
   */
  public static UpdateResult of(String name, Table table, long started) {
    Snapshot head = table.currentSnapshot();
    Map<String, String> summary =
        head == null || head.summary() == null ? Map.of() : head.summary();
    return new UpdateResult(
        name,
        head == null ? -1 : head.snapshotId(),
        summary,
        table.schema(),
        table.spec(),
        table.sortOrder(),
        table.properties(),
        Duration.ofNanos(System.nanoTime() - started));
  }
}
