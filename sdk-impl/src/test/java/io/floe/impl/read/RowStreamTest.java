package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Every read returns a {@link RowStream}: try-with-resources without a checked exception (this
 * class compiles with no {@code throws IOException}), {@code stream()} and {@code toList()}.
 */
class RowStreamTest {
  @Test
  void everyReadPathReturnsARowStream() {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .create();
      table
          .newAppend()
          .rows(
              List.of(
                  Map.of("id", 1L, "name", "a"),
                  Map.of("id", 2L, "name", "b"),
                  Map.of("id", 3L, "name", "c")))
          .commit();

      List<Long> ids = new ArrayList<>();
      try (RowStream rows = table.newScan().where(Expressions.greaterThan("id", 1L)).rows()) {
        rows.forEach(row -> ids.add(row.get("id", Long.class)));
      }
      assertThat(ids).containsExactly(2L, 3L);

      assertThat(table.newScan().rows().toList())
          .extracting(r -> r.get("name"))
          .containsExactly("a", "b", "c");
      try (Stream<Row> stream = table.newScan().rows().stream()) {
        assertThat(stream.map(r -> r.get("id", Long.class)).collect(Collectors.toList()))
            .containsExactly(1L, 2L, 3L);
      }
      long fromTasks = 0;
      for (ReadTask task : table.newScan().planTasks()) {
        fromTasks += task.rows().toList().size();
      }
      assertThat(fromTasks).isEqualTo(3);
      assertThat(table.newIncrementalScan().rows().toList()).hasSize(3);
      assertThat(table.newChangelogScan().rows().toList()).hasSize(3);
      assertThat(table.metadataTable(MetadataTableType.SNAPSHOTS).rows().toList()).hasSize(1);
    }
  }

  @Test
  void aFailedCloseIsAFloeIOException() {
    RowStream rows =
        RowStream.of(
            new CloseableIterable<Row>() {
              @Override
              public CloseableIterator<Row> iterator() {
                return CloseableIterator.empty();
              }

              @Override
              public void close() throws IOException {
                throw new IOException("disk gone");
              }
            });
    assertThat(RowStream.of(rows)).isSameAs(rows);
    assertThatThrownBy(rows::close)
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining("disk gone");
    assertThatThrownBy(rows::toList).isInstanceOf(FloeIOException.class);
  }
}
