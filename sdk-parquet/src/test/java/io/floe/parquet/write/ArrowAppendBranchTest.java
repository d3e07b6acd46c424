package io.floe.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Arrow append's commit options reach the commit made through the internal SPI ({@code
 * DataWrites.commitAppend}): the branch and the summary properties, on the production stack.
 */
class ArrowAppendBranchTest {
  @TempDir Path tmp;
  private BufferAllocator allocator;
  private Floe floe;

  @BeforeEach
  void open() throws IOException {
    allocator = new RootAllocator();
    floe = Floe.local(Files.createDirectories(tmp.resolve("wh")));
  }

  @AfterEach
  void close() {
    floe.close();
    allocator.close(); // fails on leaked buffers
  }

  @Test
  void commitGoesToTheBranchWithItsSummaryAndLeavesMainAlone() {
    FloeTable table = floe.createTable("db.branched").column("id", Types.LongType.get()).create();
    table.newAppend().row(java.util.Map.of("id", -1L)).commit();
    Table iceberg = Internals.icebergTable(table);
    long mainBefore = iceberg.currentSnapshot().snapshotId();
    iceberg.manageSnapshots().createBranch("audit", mainBefore).commit();

    AppendResult result;
    try (ArrowAppend append =
            ArrowAppend.to(table).toBranch("audit").set("source", "arrow-branch");
        VectorSchemaRoot batch = ids(100)) {
      append.batch(batch);
      result = append.commit();
    }

    iceberg.refresh();
    assertThat(iceberg.currentSnapshot().snapshotId()).isEqualTo(mainBefore);
    Snapshot head = iceberg.snapshot(iceberg.refs().get("audit").snapshotId());
    assertThat(head.snapshotId()).isEqualTo(result.snapshotId());
    assertThat(head.parentId()).isEqualTo(mainBefore);
    assertThat(head.summary())
        .containsEntry("source", "arrow-branch")
        .containsKey("floe.commit-id");
    assertThat(result.addedRecords()).isEqualTo(100);
    assertThat(table.newScan().count()).isEqualTo(1);
    assertThat(table.newScan().useRef("audit").count()).isEqualTo(101);
  }

  private VectorSchemaRoot ids(int rows) {
    BigIntVector id = new BigIntVector("id", allocator);
    id.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      id.set(i, i);
    }
    id.setValueCount(rows);
    VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(id));
    root.setRowCount(rows);
    return root;
  }
}
