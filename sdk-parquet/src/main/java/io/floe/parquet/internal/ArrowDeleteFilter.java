package io.floe.parquet.internal;

import io.floe.impl.spi.ScanPlan;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.DeleteFilter;
import org.apache.iceberg.deletes.DeleteCounter;
import org.apache.iceberg.io.InputFile;

/**
 * Iceberg's delete bookkeeping (position delete files, deletion vectors, equality delete sets) over
 * Arrow row views; the batch reader asks it for the deleted positions and the equality predicate
 * and applies them to whole batches.
 */
final class ArrowDeleteFilter extends DeleteFilter<StructLike> {
  private final ScanPlan plan;

  ArrowDeleteFilter(ScanPlan plan, FileScanTask task, Schema requested) {
    super(
        task.file().location(),
        task.deletes(),
        plan.tableSchema(),
        requested,
        new DeleteCounter(),
        false);
    this.plan = plan;
  }

  @Override
  protected StructLike asStructLike(StructLike row) {
    return row;
  }

  @Override
  protected org.apache.iceberg.data.DeleteLoader newDeleteLoader() {
    // Floe's loader: copies fixed values Iceberg's reader reuses
    return plan.deleteLoader(this::loadInputFile);
  }

  @Override
  protected InputFile getInputFile(String location) {
    return plan.io().newInputFile(location);
  }
}
