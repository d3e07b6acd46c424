package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Append;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Overwrite;
import io.floe.Upsert;
import io.floe.impl.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pending writes that hold written files (append, overwrite, upsert) are {@link AutoCloseable}:
 * closed without a commit they delete every data file they wrote; closed after a commit they do
 * nothing. Row groups are small, so that files reach storage while rows are still given. Checked on
 * the production stack ({@code Floe.local}: SQLite catalog, caching and local file IO) by listing
 * the table's data folder.
 */
class PendingWriteCloseTest {
  @TempDir Path tmp;

  /** A write that has written rows but is not committed. */
  interface Pending extends AutoCloseable {
    Object commit();

    @Override
    void close();
  }

  static Stream<Arguments> writes() {
    Function<FloeTable, Pending> append = t -> wrap(t.newAppend().rows(rows(100, 20_100)));
    Function<FloeTable, Pending> overwrite =
        t -> wrap(t.newOverwrite().where(Expressions.lessThan("id", 5L)).rows(rows(100, 20_100)));
    Function<FloeTable, Pending> upsert = t -> wrap(t.newUpsert().key("id").rows(rows(0, 20_000)));
    return Stream.of(
        Arguments.of("append", append),
        Arguments.of("overwrite", overwrite),
        Arguments.of("upsert", upsert));
  }

  private static Pending wrap(Append append) {
    return new Pending() {
      public Object commit() {
        return append.commit();
      }

      public void close() {
        append.close();
      }
    };
  }

  private static Pending wrap(Overwrite overwrite) {
    return new Pending() {
      public Object commit() {
        return overwrite.commit();
      }

      public void close() {
        overwrite.close();
      }
    };
  }

  private static Pending wrap(Upsert upsert) {
    return new Pending() {
      public Object commit() {
        return upsert.commit();
      }

      public void close() {
        upsert.close();
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void closedWithoutCommitLeavesNoFileBehind(String kind, Function<FloeTable, Pending> start)
      throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = seeded(floe);
      List<Path> before = dataFiles(table);
      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
      Pending pending = start.apply(table);
      try (pending) {
        assertThat(dataFiles(table))
            .as("the " + kind + " has written files")
            .hasSizeGreaterThan(before.size());
      }
      assertThat(dataFiles(table)).as("what is left after closing the " + kind).isEqualTo(before);
      assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
      assertThat(table.newScan().count()).isEqualTo(40);
      assertThatThrownBy(pending::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("aborted");
      pending.close(); // a second close does nothing
      assertThat(dataFiles(table)).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void closedAfterCommitDeletesNothing(String kind, Function<FloeTable, Pending> start)
      throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = seeded(floe);
      long rows;
      List<Path> afterCommit;
      try (Pending pending = start.apply(table)) {
        pending.commit();
        afterCommit = dataFiles(table);
        rows = table.refresh().newScan().count();
      }
      assertThat(dataFiles(table))
          .as("files after closing the committed " + kind)
          .isEqualTo(afterCommit);
      for (Path file : afterCommit) {
        assertThat(file).exists();
      }
      assertThat(table.refresh().newScan().count()).isEqualTo(rows).isPositive();
    }
  }

  private static FloeTable seeded(Floe floe) {
    FloeTable table =
        floe.createTable("db.t")
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("category"))
            .property(
                "write.parquet.row-group-size-bytes",
                "4096") // row groups reach storage before the commit
            .create();
    table.newAppend().rows(rows(0, 40)).commit();
    return table;
  }

  private static List<Map<String, Object>> rows(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(Map.of("id", id, "category", "c" + (id % 4)));
    }
    return rows;
  }

  private static List<Path> dataFiles(FloeTable table) throws IOException {
    Path data = LocalFileIO.toPath(table.location()).resolve("data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
