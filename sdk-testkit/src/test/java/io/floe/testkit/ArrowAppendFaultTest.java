package io.floe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.FloeTable;
import io.floe.TableCreator;
import io.floe.parquet.write.ArrowAppend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An Arrow append on two threads whose data file fails mid-write, under the stack {@code
 * Floe.local} opens (the test kit's local backend): the failure reaches the caller whichever thread
 * met it, names the table, and the table keeps its last snapshot, rows and files (the append's own
 * files are deleted).
 */
class ArrowAppendFaultTest {
  private static final int BATCH_ROWS = 40_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "partitioned={0}, {1}")
  @CsvSource({"false, WRITE", "true, WRITE", "false, CLOSE", "true, CLOSE"})
  void aFileFailingOnAPoolThreadAbortsTheAppendAndKeepsTheTable(
      boolean partitioned, FileOperation operation) throws Exception {
    Path warehouse = dir.resolve("wh");
    try (FloeTestKit kit = FloeTestKit.local(warehouse);
        BufferAllocator allocator = new RootAllocator()) {
      TableCreator creator =
          kit.floe()
              .createTable("db.lanes")
              .column("id", Types.LongType.get())
              .required()
              .column("s", Types.StringType.get())
              // small row groups: files are written while batches are, on both threads
              .property("write.parquet.row-group-size-bytes", "65536");
      if (partitioned) {
        creator.partitionBy(p -> p.identity("s"));
      }
      FloeTable table = creator.create();
      table.newAppend().rows(List.of(Map.of("id", -1L, "s", "k0"))).commit();
      long before = table.refresh().currentSnapshot().orElseThrow().snapshotId();
      Set<Path> filesBefore = parquetFiles(warehouse);
      assertThat(filesBefore).hasSize(1);

      // a data file write fails on the pool's thread while batches are written, or a close as the
      // commit closes the open files in parallel
      AtomicBoolean failed = new AtomicBoolean();
      kit.faults()
          .onFile(operation)
          .path("*.parquet")
          .run(
              () -> {
                boolean pool = Thread.currentThread().getName().startsWith("floe-arrow-append");
                // writes: on a pool thread; closes: the first, on whichever thread closes first
                if ((pool || operation == FileOperation.CLOSE)
                    && failed.compareAndSet(false, true)) {
                  throw new UncheckedIOException(new IOException("disk full (injected)"));
                }
              });
      try (ArrowAppend append = ArrowAppend.to(table).parallelism(2)) {
        assertThatThrownBy(
                () -> {
                  for (int b = 0; b < 5; b++) {
                    try (VectorSchemaRoot batch = batch(allocator, (long) b * BATCH_ROWS)) {
                      append.batch(batch);
                    }
                  }
                  append.commit();
                })
            .hasMessageContaining("db.lanes")
            .hasStackTraceContaining("disk full (injected)");
      }
      assertThat(failed).as("the fault was met").isTrue();
      kit.faults().clear();
      FloeTable reloaded = table.refresh();
      assertThat(reloaded.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
      assertThat(reloaded.newScan().count()).isEqualTo(1);
      assertThat(parquetFiles(warehouse))
          .as("the append's files are deleted")
          .isEqualTo(filesBefore);
      assertThat(TableFiles.orphans(reloaded)).isEmpty();
    }
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator, long from) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    id.allocateNew(BATCH_ROWS);
    s.allocateNew(BATCH_ROWS);
    for (int i = 0; i < BATCH_ROWS; i++) {
      long v = from + i;
      id.set(i, v);
      s.setSafe(i, ("k" + (v % 3)).getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, s);
    root.setRowCount(BATCH_ROWS);
    return root;
  }

  private static Set<Path> parquetFiles(Path warehouse) throws Exception {
    try (Stream<Path> files = Files.walk(warehouse)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toSet());
    }
  }
}
