package io.floe.jmh;

import io.floe.impl.spi.Storage;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.iceberg.expressions.Expressions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * {@code id == X} on a 1M-row table of about 72 row groups whose ids are shuffled (so column
 * statistics cannot prune), with and without Bloom filters on id ({@code bloomFilter("id")}, sized
 * by Floe from the rows per row group); hits are existing (even) ids, misses odd ids inside the
 * range, on tables with Parquet's default 1 MiB pages (one page per column chunk here) and with 64
 * KiB pages (where a hit decompresses only the pages holding its row). Returns rows found. Floe's
 * metadata cache is warm after the first lookup (footers, Bloom filters, decoded manifests), as in
 * a service; {@code missColdFileMetadata} drops the data files' cached footers and filters before
 * each lookup, and {@code idColumnFullScan} reads the whole id column without any pruning, for
 * context.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PointLookupBenchmark extends TableScanBenchmark {
  @Param({"true", "false"})
  public boolean bloom;

  /**
   * Parquet page size ({@code write.parquet.page-size-bytes}): Parquet's default 1 MiB, or 64 KiB.
   */
  @Param({"1048576", "65536"})
  public int pageBytes;

  private int next;

  /** The table through Floe's API, for row lookups. */
  private io.floe.FloeTable table;

  @Override
  BenchTables createTables() {
    return BenchTables.create(
        rows,
        4,
        72,
        bloom,
        0,
        java.util.Map.of("write.parquet.page-size-bytes", Integer.toString(pageBytes)));
  }

  @Override
  void opened() {
    table = tables.floe.loadTable("bench.events");
    System.out.println(
        "row groups: "
            + tables.rowGroups()
            + ", Bloom filter bytes per row group: "
            + tables.bloomFilterBytes());
  }

  private long lookup(long id) {
    return arrowRows(
        ArrowScan.of(tables.table.newScan().filter(Expressions.equal("id", id))).parallelism(1));
  }

  @Benchmark
  public long hit() {
    next = (next + 7919) % tables.rows;
    return lookup(tables.ids[next]);
  }

  @Benchmark
  public long miss() {
    next = (next + 7919) % tables.rows;
    return lookup(tables.ids[next] + 1);
  }

  /** The same lookup through Floe's row scan ({@code rows()}), reading every value found. */
  private long rowLookup(long id) {
    long n = 0;
    try (io.floe.RowStream rows = table.newScan().where(Expressions.equal("id", id)).rows()) {
      for (io.floe.Row row : rows) {
        for (int i = 0; i < row.size(); i++) {
          n += row.get(i) == null ? 0 : 1;
        }
      }
    }
    return n;
  }

  @Benchmark
  public long rowsHit() {
    next = (next + 7919) % tables.rows;
    return rowLookup(tables.ids[next]);
  }

  @Benchmark
  public long rowsMiss() {
    next = (next + 7919) % tables.rows;
    return rowLookup(tables.ids[next] + 1);
  }

  @Benchmark
  public long missColdFileMetadata() {
    next = (next + 7919) % tables.rows;
    Storage.dropCachedDataFiles(tables.table.io());
    return lookup(tables.ids[next] + 1);
  }

  @Benchmark
  public long idColumnFullScan() {
    next = (next + 7919) % tables.rows;
    long wanted = tables.ids[next];
    long n = 0;
    try (ArrowBatches batches =
        ArrowScan.of(tables.table.newScan().select("id")).parallelism(1).open(allocator)) {
      while (batches.hasNext()) {
        BigIntVector ids = (BigIntVector) batches.next().getVector(0);
        for (int i = 0, rows = ids.getValueCount(); i < rows; i++) {
          if (ids.get(i) == wanted) {
            n++;
          }
        }
      }
    }
    return n;
  }
}
