package io.floe.security;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.WriteMode;
import io.floe.impl.spi.DirectoryListing;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.ScanPlan;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RewriteDataFiles;
import io.floe.security.internal.SecureTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;

/**
 * Provable erasure ("right to be forgotten") of a table's rows. {@link #erase} deletes the matching
 * rows (copy-on-write, so the data files that held them are rewritten without them), rewrites the
 * data files that still physically hold matching rows deleted earlier by delete files, expires
 * every snapshot but the current one (deleting the files only they referenced; never a file the
 * table does not own: Floe's expiry and orphan removal check ownership), optionally removes orphan
 * files, and finally reads back every data and delete file under the table's location — reachable
 * or not — ignoring delete files, to prove that no matching row remains. Needs the admin grant on a
 * protected table. Immutable; one erasure at a time per table (run no other writes meanwhile).
 *
 * <pre>{@code
 * ErasureReport report = Privacy.of(table).erase(Expressions.equal("customer_id", 42L));
 * }</pre>
 */
public final class Privacy {
  private final FloeTable table;
  private final Instant orphansOlderThan;
  private final boolean unsafe;

  private Privacy(FloeTable table, Instant orphansOlderThan, boolean unsafe) {
    this.table = table;
    this.orphansOlderThan = orphansOlderThan;
    this.unsafe = unsafe;
  }

  /**
   * Erasure for a table.
   *
   * @param table the table (a protected one requires the admin grant when erasing)
   * @return the erasure
   */
  public static Privacy of(FloeTable table) {
    return new Privacy(Objects.requireNonNull(table, "table"), null, false);
  }

  /**
   * Also removes orphan files (files under the location no snapshot references, such as those of
   * failed writes) last modified before a time, with Floe's safety margin (by default a day).
   *
   * @param time the cut-off
   * @return a new erasure
   */
  public Privacy removeOrphansOlderThan(Instant time) {
    return new Privacy(table, Objects.requireNonNull(time, "time"), false);
  }

  /**
   * Also removes orphan files last modified before a time, however recent: files of writes still
   * running are deleted too. Only when no write to the table can be running.
   *
   * @param time the cut-off
   * @return a new erasure
   */
  public Privacy unsafeRemoveOrphansOlderThan(Instant time) {
    return new Privacy(table, Objects.requireNonNull(time, "time"), true);
  }

  /**
   * Erases the rows matching a filter and verifies that no file under the table's location still
   * holds one.
   *
   * @param filter the rows to erase
   * @return the report; {@link ErasureReport#verified()} is false when a file still holds a
   *     matching row (an orphan that was not removed, or a file written meanwhile)
   * @throws io.floe.AccessDeniedException when a protected table's principal is not admin
   */
  public ErasureReport erase(Expression filter) {
    Objects.requireNonNull(filter, "filter");
    long start = System.nanoTime();
    FloeTable t = SecureTable.of(table).map(SecureTable::requireAdmin).orElse(table);
    long deleted = t.newDelete().where(filter).mode(WriteMode.COPY_ON_WRITE).commit().deletedRows();
    t = t.refresh();
    long rewritten = 0;
    List<String> physical = verify(t, filter).matching;
    if (!physical.isEmpty()) {
      // rows deleted earlier by delete files are still in their data files: rewrite those
      RewriteDataFiles.Result r =
          t.maintenance().rewriteDataFiles().where(filter).rewriteAll().applyDeletes().execute();
      rewritten += r.rewrittenDataFiles();
      t = t.refresh();
    }
    ExpireSnapshots.Result expired =
        t.maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute();
    long removed =
        expired.deletedDataFiles()
            + expired.deletedDeleteFiles()
            + expired.deletedManifests()
            + expired.deletedManifestLists()
            + expired.deletedStatisticsFiles();
    if (orphansOlderThan != null) {
      RemoveOrphanFiles orphans = t.maintenance().removeOrphanFiles();
      orphans =
          unsafe ? orphans.unsafeOlderThan(orphansOlderThan) : orphans.olderThan(orphansOlderThan);
      removed += orphans.execute().deletedFiles();
    }
    t = t.refresh();
    Verification v = verify(t, filter);
    return new ErasureReport(
        t.name(),
        filter.toString(),
        deleted,
        rewritten,
        expired.expiredSnapshots(),
        removed,
        expired.deletedBytes(),
        v.files,
        v.matching,
        v.metadata,
        v.matching.isEmpty(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private record Verification(long files, List<String> matching, long metadata) {}

  /** Reads every data and delete file under the location in full, ignoring delete files. */
  private static Verification verify(FloeTable table, Expression filter) {
    Table iceberg = Internals.icebergTable(table);
    FileIO io = iceberg.io();
    Schema schema = iceberg.schema();
    PartitionSpec spec = PartitionSpec.unpartitioned();
    String schemaJson = SchemaParser.toJson(schema);
    String specJson = PartitionSpecParser.toJson(spec);
    ScanPlan plan =
        ScanPlan.builder(table.name(), null).tableSchema(schema).io(io).filter(filter).build();
    long files = 0;
    long metadata = 0;
    List<String> matching = new ArrayList<>();
    for (FileInfo file : DirectoryListing.list(io, iceberg.location()).files()) {
      String location = file.location();
      if (!location.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
        metadata++;
        continue;
      }
      files++;
      DataFile data =
          DataFiles.builder(spec)
              .withPath(location)
              .withFileSizeInBytes(file.size())
              .withRecordCount(1)
              .withFormat(FileFormat.PARQUET)
              .build();
      BaseFileScanTask task =
          new BaseFileScanTask(
              data,
              new DeleteFile[0],
              schemaJson,
              specJson,
              ResidualEvaluator.unpartitioned(filter));
      try (RowStream rows = plan.readTask(List.of(task)).rows()) {
        for (Row ignored : rows) {
          matching.add(location);
          break;
        }
      }
    }
    return new Verification(files, matching, metadata);
  }
}
