package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.TableTransaction;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code newTransaction()} on the in-memory kit and on {@code Floe.local(...)}: several operations,
 * one catalog commit, nothing visible before it, nothing left behind after a failure.
 */
class TableTransactionTest {
  @TempDir Path dir;

  private static FloeTable create(Floe floe) {
    FloeTable table =
        TestFloes.createIdTable(floe).column("category", Types.StringType.get()).create();
    table
        .newAppend()
        .rows(List.of(Map.of("id", 1L, "category", "a"), Map.of("id", 2L, "category", "b")))
        .commit();
    return table;
  }

  private static TableMetadata metadata(FloeTable table) {
    return ((HasTableOperations) Internals.icebergTable(table)).operations().refresh();
  }

  /** Every file under the table's folder, when the file IO can list (local files). */
  private static Set<String> filesUnder(FloeTable table) {
    Table iceberg = Internals.icebergTable(table);
    Set<String> out = new HashSet<>();
    if (iceberg.io() instanceof SupportsPrefixOperations prefixes) {
      for (FileInfo info : prefixes.listPrefix(table.location() + "/")) {
        out.add(info.location());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void schemaUpdateDeleteAndAppendLandInOneCatalogCommitAndNothingShowsBefore(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      TableMetadata before = metadata(table);
      try (TableTransaction tx = table.newTransaction()) {
        tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
        assertThat(tx.schema().findField("region")).isNotNull();
        tx.newDelete().where(Expressions.equal("category", "a")).commit();
        tx.newAppend().row(Map.of("id", 3L, "category", "c", "region", "eu")).commit();
        tx.updateProperties().set("owner", "team-a").commit();

        // nothing visible before the commit, to this handle or a fresh one
        assertThat(metadata(table).metadataFileLocation()).isEqualTo(before.metadataFileLocation());
        FloeTable fresh = floe.loadTable("db.t");
        assertThat(fresh.schema().findField("region")).isNull();
        assertThat(fresh.properties()).doesNotContainKey("owner");
        assertThat(fresh.newScan().count()).isEqualTo(2);

        AppendResult result = tx.commit();
        assertThat(result.addedRecords())
            .isEqualTo(2); // the appended row and the row copy-on-write kept
        assertThat(result.snapshotId())
            .isEqualTo(table.refresh().currentSnapshot().orElseThrow().snapshotId());
      }
      TableMetadata after = metadata(table);
      // one catalog commit: the new metadata file's log ends with the old one
      assertThat(after.previousFiles().get(after.previousFiles().size() - 1).file())
          .isEqualTo(before.metadataFileLocation());
      assertThat(after.snapshots()).hasSize(before.snapshots().size() + 2);
      FloeTable fresh = floe.loadTable("db.t");
      assertThat(fresh.properties()).containsEntry("owner", "team-a");
      List<Map<String, Object>> rows = TestTables.floeRows(fresh);
      List<Map<String, Object>> expected = new ArrayList<>();
      Map<String, Object> two = new java.util.HashMap<>(Map.of("id", 2L, "category", "b"));
      two.put("region", null);
      expected.add(two);
      expected.add(Map.of("id", 3L, "category", "c", "region", "eu"));
      assertThat(rows).isEqualTo(expected);
      assertThat(TestTables.reference(fresh)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void overwriteAndUpsertJoinATransaction(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      try (TableTransaction tx = table.newTransaction()) {
        tx.newOverwrite()
            .where(Expressions.equal("category", "b"))
            .row(Map.of("id", 20L, "category", "b"))
            .commit();
        tx.updateSchema().identifierFields("id").commit();
        tx.newUpsert().row(Map.of("id", 1L, "category", "z")).commit();
        tx.commit();
      }
      assertThat(TestTables.floeRows(table))
          .containsExactly(Map.of("id", 1L, "category", "z"), Map.of("id", 20L, "category", "b"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void aConflictingConcurrentCommitFailsTheTransactionAndItsFilesAreDeleted(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      Set<String> filesBefore = filesUnder(table);
      TableTransaction tx = table.newTransaction();
      tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
      tx.newAppend().row(Map.of("id", 3L, "category", "c", "region", "eu")).commit();
      tx.newDelete().where(Expressions.equal("id", 1L)).commit();
      Set<String> staged = filesUnder(table);

      // another writer commits meanwhile
      FloeTable other = floe.loadTable("db.t");
      other.newAppend().row(Map.of("id", 9L, "category", "z")).commit();
      long concurrent = other.currentSnapshot().orElseThrow().snapshotId();
      Set<String> expectedFiles = new HashSet<>(filesUnder(table));
      expectedFiles.removeAll(staged);
      expectedFiles.addAll(filesBefore);
      if (backend.equals("local")) {
        assertThat(staged).hasSizeGreaterThan(filesBefore.size()); // the transaction wrote files
      }

      assertThatThrownBy(tx::commit)
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("nothing was committed");
      tx.close(); // a no-op after the failed commit
      assertThatThrownBy(tx::newAppend).isInstanceOf(IllegalStateException.class);

      FloeTable fresh = floe.loadTable("db.t");
      assertThat(fresh.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(concurrent);
      assertThat(fresh.schema().findField("region")).isNull();
      assertThat(fresh.newScan().count()).isEqualTo(3);
      if (backend.equals("local")) {
        // the transaction's data, delete and manifest files are gone; the other writer's stay
        assertThat(filesUnder(table)).isEqualTo(expectedFiles);
      }
      // the table takes the same transaction again
      try (TableTransaction again = fresh.newTransaction()) {
        again.updateSchema().addColumn("region", Types.StringType.get()).commit();
        again.newAppend().row(Map.of("id", 3L, "category", "c", "region", "eu")).commit();
        again.commit();
      }
      assertThat(fresh.refresh().newScan().count()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void closingAnUncommittedTransactionDiscardsItAndDeletesItsFiles(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      long before = table.currentSnapshot().orElseThrow().snapshotId();
      Set<String> filesBefore = filesUnder(table);
      try (TableTransaction tx = table.newTransaction()) {
        tx.newAppend().row(Map.of("id", 3L, "category", "c")).commit();
        tx.newDelete().where(Expressions.equal("id", 2L)).commit();
        if (backend.equals("local")) {
          assertThat(filesUnder(table)).hasSizeGreaterThan(filesBefore.size());
        }
      }
      assertThat(floe.loadTable("db.t").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(before);
      assertThat(filesUnder(table)).isEqualTo(filesBefore);
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void aBadOperationInsideLeavesTheTransactionUsableAndTheTableUnchanged(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      long before = table.currentSnapshot().orElseThrow().snapshotId();
      try (TableTransaction tx = table.newTransaction()) {
        tx.newAppend().row(Map.of("id", 3L, "category", "c")).commit();
        assertThatThrownBy(() -> tx.newAppend().row(Map.of("id", 4L, "nope", "x")))
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("nope");
        assertThatThrownBy(
                () -> tx.updateProperties().set("write.parquet.compression-codec", "zip").commit())
            .isInstanceOf(ValidationException.class);
        assertThat(floe.loadTable("db.t").currentSnapshot().orElseThrow().snapshotId())
            .isEqualTo(before);
        tx.commit();
      }
      assertThat(table.refresh().newScan().count()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void anAppendOnlyTransactionIsReplayedOnTopOfAConcurrentAppend(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      try (TableTransaction tx = table.newTransaction()) {
        tx.newAppend().row(Map.of("id", 3L, "category", "c")).commit();
        tx.updateProperties().set("owner", "team-a").commit();
        floe.loadTable("db.t").newAppend().row(Map.of("id", 9L, "category", "z")).commit();
        assertThat(tx.commit().addedRecords()).isEqualTo(1);
      }
      FloeTable fresh = floe.loadTable("db.t");
      assertThat(fresh.properties()).containsEntry("owner", "team-a");
      assertThat(TestTables.floeRows(fresh))
          .extracting(m -> m.get("id"))
          .containsExactly(1L, 2L, 3L, 9L);
    }
  }
}
