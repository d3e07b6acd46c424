package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.spi.Internals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadTaskTest {
  @TempDir Path tmp;

  private static FloeTable events(Floe floe) {
    FloeTable table =
        floe.createTable("db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("ts", Types.TimestampType.withZone())
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("category"))
            .create();
    for (int batch = 0; batch < 4; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        long id = batch * 250L + i;
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("ts", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id));
        row.put("category", List.of("books", "games", "music").get((int) (id % 3)));
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
    }
    return table;
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static List<Long> ids(CloseableIterable<Row> rows) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (rows) {
      rows.forEach(r -> ids.add(r.get("id", Long.class)));
    }
    return ids;
  }

  @Test
  void tasksReadAfterJavaSerializationGiveTheScansRows() throws Exception {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = events(floe);
      List<ReadTask> tasks =
          table.newScan().where(Expressions.notEqual("category", "games")).planTasks(1);
      // a 1-byte target gives one task per file: 4 appends x 2 matching partitions
      assertThat(tasks).hasSize(8);
      List<Long> ids = new ArrayList<>();
      for (ReadTask task : tasks) {
        ReadTask copy = roundTrip(task);
        assertThat(copy.table()).isEqualTo("db.events");
        assertThat(copy.snapshotId()).isEqualTo(table.currentSnapshot().orElseThrow().snapshotId());
        assertThat(copy.files()).isEqualTo(task.files()).hasSize(1);
        assertThat(copy.sizeInBytes()).isPositive().isEqualTo(task.sizeInBytes());
        assertThat(copy.schema().asStruct()).isEqualTo(table.schema().asStruct());
        ids.addAll(ids(copy.rows()));
      }
      List<Long> expected = new ArrayList<>();
      try (CloseableIterable<Record> records =
          IcebergGenerics.read(Internals.icebergTable(table))
              .where(Expressions.notEqual("category", "games"))
              .build()) {
        records.forEach(r -> expected.add((Long) r.getField("id")));
      }
      assertThat(ids).hasSize(667).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void defaultSplitSizeCombinesSmallFilesAndKeepsProjectionAndSnapshot() throws Exception {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = events(floe);
      long first = table.snapshots().get(0).snapshotId();
      List<ReadTask> tasks = table.newScan().select("id").asOfSnapshot(first).planTasks();
      assertThat(tasks).hasSize(1);
      ReadTask task = roundTrip(tasks.get(0));
      assertThat(task.snapshotId()).isEqualTo(first);
      assertThat(task.files()).hasSize(3);
      assertThat(task.estimatedRowCount()).isEqualTo(250);
      assertThat(task.schema().columns()).extracting(Types.NestedField::name).containsExactly("id");
      try (CloseableIterable<Row> rows = task.rows()) {
        for (Row row : rows) {
          assertThat(row.size()).isEqualTo(1);
        }
      }
      assertThat(ids(task.rows()))
          .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 250).boxed().toList());
    }
  }

  @Test
  void emptyTablesPlanNoTasksAndBadInputIsRejected() throws Exception {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = floe.createTable("db.empty").column("id", Types.LongType.get()).create();
      assertThat(table.newScan().planTasks()).isEmpty();
      assertThatThrownBy(() -> table.newScan().planTasks(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 1 byte");
      assertThatThrownBy(() -> table.newScan().select("nope").planTasks())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("db.empty");
      assertThatThrownBy(() -> table.newScan().asOfSnapshot(42).planTasks())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("42");
      assertThatThrownBy(() -> table.metadataTable(MetadataTableType.SNAPSHOTS).planTasks())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("rows()");
    }
  }

  @Test
  void aTaskWhoseFileWasRemovedFailsNamingTheFile() throws Exception {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = events(floe);
      ReadTask task = table.newScan().planTasks(1).get(0);
      String file = task.files().get(0);
      Files.delete(LocalFileIO.toPath(file));
      assertThatThrownBy(() -> ids(task.rows()))
          .isInstanceOf(FloeException.class)
          .hasMessageContaining(file.substring(file.lastIndexOf('/') + 1));
    }
  }
}
