package io.floe.impl.read;

import io.floe.ReadTask;
import io.floe.impl.spi.ScanPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.FileScanTask;

/** Splits a plan into read tasks ({@link ScanPlan#readTasks}). */
public final class ReadTasks {
  private ReadTasks() {}

  /**
   * The plan's files split and bin-packed into read tasks, each carrying the plan (projection,
   * residual filter, masks).
   *
   * @param plan the plan
   * @param targetSplitBytes the target bytes per task, at least 1
   * @return the tasks
   */
  public static List<ReadTask> of(ScanPlan plan, long targetSplitBytes) {
    if (targetSplitBytes < 1) {
      throw new IllegalArgumentException(
          "Target split size must be at least 1 byte: " + targetSplitBytes);
    }
    // Floe's planner (no sleep-polling), then Iceberg's own split and bin-packing of file ranges
    List<ReadTask> result = new ArrayList<>();
    for (CombinedScanTask group : plan.splitTasks(targetSplitBytes)) {
      result.add(new ReadTaskImpl(plan, group));
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * One read task over given file tasks, carrying the plan.
   *
   * @param plan the plan (its schema, filter, file IO and masks)
   * @param files the file tasks
   * @return the task
   */
  public static ReadTask of(ScanPlan plan, List<FileScanTask> files) {
    return new ReadTaskImpl(plan, new BaseCombinedScanTask(files));
  }
}
