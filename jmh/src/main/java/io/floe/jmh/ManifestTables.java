package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * A table for planning benchmarks, metadata only: {@code (id long required, day int)} partitioned
 * by {@code day} on a local warehouse, with data files that do not exist written straight into
 * manifests and appended in one fast-append commit. File {@code i} holds {@link #ROWS_PER_FILE}
 * rows with ids {@code [i * 100, i * 100 + 99]} (as bounds, when statistics are wanted).
 */
final class ManifestTables implements AutoCloseable {
  /** Rows each data file claims. */
  static final long ROWS_PER_FILE = 100;

  final Path warehouse;
  final Floe floe;
  final FloeTable floeTable;
  final Table table;
  final int manifests;

  private ManifestTables(Path warehouse, Floe floe, FloeTable floeTable, int manifests) {
    this.warehouse = warehouse;
    this.floe = floe;
    this.floeTable = floeTable;
    this.table = Internals.icebergTable(floeTable);
    this.manifests = manifests;
  }

  /**
   * Creates the table {@code db.<name>} in a new temporary warehouse.
   *
   * @param name the table's name, also the prefix of its manifests' names
   * @param files data files
   * @param filesPerManifest data files per manifest (the last one may hold fewer)
   * @param dayOfFile the {@code day} partition of file {@code i}
   * @param stats whether files carry column statistics ({@code id} bounds, value and null counts)
   * @param cacheBytes the metadata cache's bound ({@code floe.cache.max-bytes}); 0 for the default
   * @return the table
   * @throws IOException when the warehouse cannot be written
   */
  static ManifestTables create(
      String name,
      int files,
      int filesPerManifest,
      IntUnaryOperator dayOfFile,
      boolean stats,
      long cacheBytes)
      throws IOException {
    Path warehouse = Files.createTempDirectory("floe-jmh-" + name);
    FloeConfig.Builder config =
        FloeConfig.builder("bench")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toString());
    if (cacheBytes > 0) {
      config.property("floe.cache.max-bytes", Long.toString(cacheBytes));
    }
    Floe floe = Floe.open(config.build());
    floe.createNamespace("db");
    FloeTable floeTable =
        floe.createTable("db." + name)
            .column("id", Types.LongType.get())
            .required()
            .column("day", Types.IntegerType.get())
            .partitionBy(p -> p.identity("day"))
            .property("commit.manifest-merge.enabled", "false")
            .create();
    Table table = Internals.icebergTable(floeTable);
    PartitionSpec spec = table.spec();
    AppendFiles append = table.newFastAppend();
    int manifests = (files + filesPerManifest - 1) / filesPerManifest;
    for (int m = 0; m < manifests; m++) {
      ManifestWriter<DataFile> writer =
          ManifestFiles.write(
              spec,
              table
                  .io()
                  .newOutputFile(table.location() + "/metadata/" + name + "-m" + m + ".avro"));
      try (writer) {
        for (int f = 0; f < filesPerManifest && m * filesPerManifest + f < files; f++) {
          int i = m * filesPerManifest + f;
          int day = dayOfFile.applyAsInt(i);
          DataFiles.Builder file =
              DataFiles.builder(spec)
                  .withPath(table.location() + "/data/day=" + day + "/f" + i + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withPartitionPath("day=" + day)
                  .withFileSizeInBytes(4096)
                  .withRecordCount(ROWS_PER_FILE);
          if (stats) {
            ByteBuffer lower = Conversions.toByteBuffer(Types.LongType.get(), i * ROWS_PER_FILE);
            ByteBuffer upper =
                Conversions.toByteBuffer(
                    Types.LongType.get(), i * ROWS_PER_FILE + ROWS_PER_FILE - 1);
            file.withMetrics(
                new Metrics(
                    ROWS_PER_FILE,
                    Map.of(1, 800L, 2, 40L),
                    Map.of(1, ROWS_PER_FILE, 2, ROWS_PER_FILE),
                    Map.of(1, 0L, 2, 0L),
                    null,
                    Map.of(1, lower),
                    Map.of(1, upper)));
          }
          writer.add(file.build());
        }
      }
      append.appendManifest(writer.toManifestFile());
    }
    append.commit();
    table.refresh();
    return new ManifestTables(warehouse, floe, floeTable, manifests);
  }

  /**
   * Drops the decoded manifests from the metadata cache (their bytes stay cached), so that the next
   * plan decodes every manifest again, as the first scan of a snapshot does.
   */
  void dropDecodedManifests() {
    if (!Storage.dropDecodedManifests(table.io())) {
      throw new IllegalStateException("No metadata cache on " + table.io());
    }
  }

  /**
   * Consumes planned tasks.
   *
   * @param tasks the tasks
   * @return the rows they claim
   * @throws IOException when closing fails
   */
  static long drain(CloseableIterable<FileScanTask> tasks) throws IOException {
    long n = 0;
    try (tasks) {
      for (FileScanTask task : tasks) {
        n += task.file().recordCount();
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    floe.close();
    try (Stream<Path> all = Files.walk(warehouse)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
