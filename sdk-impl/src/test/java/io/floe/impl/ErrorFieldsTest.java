package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.InvalidFileException;
import io.floe.NotFoundException;
import io.floe.TableTransaction;
import io.floe.ValidationException;
import io.floe.impl.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe's exceptions name the table, column and file they are about as fields ({@code table()},
 * {@code column()}, {@code file()}), on the production stack ({@code Floe.local} in a folder).
 */
class ErrorFieldsTest {
  @TempDir Path dir;

  private static FloeTable create(Floe floe) {
    FloeTable table =
        floe.createTable("db.t")
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .create();
    table
        .newAppend()
        .rows(List.of(Map.of("id", 1L, "category", "a"), Map.of("id", 2L, "category", "b")))
        .commit();
    return table;
  }

  @Test
  void anUnknownColumnOnWriteNamesTheTableAndTheColumn() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      assertThatThrownBy(() -> table.newAppend().row(Map.of("id", 3L, "colour", "red")).commit())
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> {
                assertThat(e)
                    .hasMessage(
                        "Invalid row for table db.t, column 'colour': unknown column; the table"
                            + " has columns [id, category]");
                assertThat(e.table()).contains("db.t");
                assertThat(e.column()).contains("colour");
                assertThat(e.file()).isEmpty();
              });
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @Test
  void aNullInARequiredColumnNamesTheTableAndTheColumn() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      Map<String, Object> row = new HashMap<>();
      row.put("id", null);
      row.put("category", "c");
      assertThatThrownBy(() -> table.newAppend().row(row).commit())
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> {
                assertThat(e)
                    .hasMessage(
                        "Invalid row for table db.t, column 'id': null in required column (type"
                            + " long)");
                assertThat(e.table()).contains("db.t");
                assertThat(e.column()).contains("id");
              });
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @Test
  void aMissingDataFileNamesTheTableAndTheFile() throws IOException {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      String location = TestTables.dataFiles(table).get(0).location();
      Files.delete(LocalFileIO.toPath(location));
      assertThatThrownBy(() -> table.newScan().rows().toList())
          .isInstanceOfSatisfying(
              FloeIOException.class,
              e -> {
                assertThat(e).hasMessageContaining("Cannot read data file " + location);
                assertThat(e.table()).contains("db.t");
                assertThat(e.file()).contains(location);
                assertThat(e.path()).contains(location);
                assertThat(e.column()).isEmpty();
              });
    }
  }

  @Test
  void aMissingFileToAddNamesTheTableAndTheFile() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      String missing = dir.resolve("nowhere.parquet").toString();
      assertThatThrownBy(() -> table.addFiles().file(missing).commit())
          .isInstanceOfSatisfying(
              InvalidFileException.class,
              e -> {
                assertThat(e)
                    .hasMessageStartingWith(
                        "Cannot add file " + missing + " to table db.t: it does not exist");
                assertThat(e.table()).contains("db.t");
                assertThat(e.file()).contains(missing);
              });
    }
  }

  @Test
  void aConcurrentSchemaChangeConflictNamesTheTable() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      TableTransaction tx = table.newTransaction();
      tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
      tx.newDelete().where(Expressions.equal("id", 1L)).commit();
      floe.loadTable("db.t").newAppend().row(Map.of("id", 9L, "category", "z")).commit();
      assertThatThrownBy(tx::commit)
          .isInstanceOfSatisfying(
              CommitConflictException.class,
              e -> {
                assertThat(e)
                    .hasMessageStartingWith(
                        "Commit failed after retries because of concurrent commits (table db.t);"
                            + " nothing was committed");
                assertThat(e.table()).contains("db.t");
                assertThat(e.column()).isEmpty();
                assertThat(e.file()).isEmpty();
              });
    }
  }

  @Test
  void aConcurrentDeleteOfTheSameRowsNamesTheTable() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      TableTransaction tx = table.newTransaction();
      tx.newDelete().where(Expressions.equal("id", 1L)).commit();
      floe.loadTable("db.t").newDelete().where(Expressions.equal("id", 1L)).commit();
      assertThatThrownBy(tx::commit)
          .isInstanceOfSatisfying(
              CommitConflictException.class,
              e -> {
                assertThat(e)
                    .hasMessageStartingWith(
                        "A concurrent commit to table db.t conflicts with this transaction (");
                assertThat(e.table()).contains("db.t");
                assertThat(e.file()).isEmpty();
              });
      assertThat(floe.loadTable("db.t").newScan().count()).isEqualTo(1);
    }
  }

  @Test
  void aMissingTableIsNamedButANamespaceIsNotATable() {
    try (Floe floe = Floe.local(dir)) {
      create(floe);
      assertThatThrownBy(() -> floe.loadTable("db.missing"))
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e).hasMessageContaining("db.missing");
                assertThat(e.table()).contains("db.missing");
              });
      assertThatThrownBy(() -> floe.namespaceProperties("nowhere"))
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e).hasMessageContaining("nowhere");
                assertThat(e.table()).isEmpty();
              });
    }
  }

  @Test
  void timeTravelToAMissingSnapshotOrRefNamesTheTable() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      assertThatThrownBy(() -> table.newScan().asOfSnapshot(42L).count())
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e).hasMessage("Table db.t has no snapshot 42");
                assertThat(e.table()).contains("db.t");
              });
      assertThatThrownBy(() -> table.newScan().useRef("nope").count())
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e).hasMessage("Table db.t has no branch or tag 'nope'");
                assertThat(e.table()).contains("db.t");
              });
    }
  }
}
