package io.floe.it;

import static io.floe.it.WarehouseFiles.files;
import static io.floe.it.WarehouseFiles.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.InvalidFileException;
import io.floe.TableTransaction;
import io.floe.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code addFiles()} and {@code newTransaction()} on the production backends (SQLite, PostgreSQL
 * and REST catalogs; local files and S3 through s3proxy): rows read back exactly, nothing lands and
 * no file the table owns is left behind after a refused file or a conflicting transaction, and
 * files added from outside the table survive expiry and a refused purge.
 */
class AddFilesTransactionIT {
  private static final MessageType TYPE =
      MessageTypeParser.parseMessageType(
          "message m { required int64 id; optional binary category (STRING); }");

  /**
   * Writes a Parquet file without field ids (as another engine would) and copies it to a location.
   */
  private static String external(
      FloeTable table, String location, long from, long to, String category) {
    try {
      Path local = Files.createTempFile(Backends.tmp(), "ext", ".parquet");
      Files.delete(local);
      SimpleGroupFactory groups = new SimpleGroupFactory(TYPE);
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new LocalOutputFile(local)).withType(TYPE).build()) {
        for (long id = from; id < to; id++) {
          writer.write(groups.newGroup().append("id", id).append("category", category));
        }
      }
      try (InputStream in = Files.newInputStream(local);
          OutputStream out = io(table).newOutputFile(location).create()) {
        in.transferTo(out);
      }
      return location;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Map<String, Object>> rows(long from, long to, String category) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("category", category);
      out.add(row);
    }
    return out;
  }

  private static List<Map<String, Object>> read(FloeTable table) {
    List<Map<String, Object>> out = new ArrayList<>();
    table.refresh().newScan().rows().forEach(r -> out.add(r.toMap()));
    out.sort(java.util.Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  private static FloeTable create(Floe floe, String name) {
    return floe.createTable(name)
        .formatVersion(2)
        .column("id", Types.LongType.get())
        .required()
        .column("category", Types.StringType.get())
        .partitionBy(p -> p.identity("category"))
        .create();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.floe.it.DataSafetyIT#backends")
  void addedFilesReadBackAndOutsideFilesSurviveExpiryAndPurge(
      String name, Supplier<DataSafetyIT.Backend> backends) throws Exception {
    DataSafetyIT.Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table = create(floe, "db.added");
      table.newAppend().rows(rows(0, 10, "seed")).commit();
      long before = table.currentSnapshot().orElseThrow().snapshotId();
      String outside = backend.warehouse() + "/exports-" + System.nanoTime();
      String books = external(table, outside + "/books.parquet", 10, 110, "books");
      String mixed = external(table, outside + "/mixed.parquet", 200, 210, "games");
      String twoCategories = outside + "/two.parquet";
      try (OutputStream out = io(table).newOutputFile(twoCategories).create()) {
        Path local = Files.createTempFile(Backends.tmp(), "two", ".parquet");
        Files.delete(local);
        SimpleGroupFactory groups = new SimpleGroupFactory(TYPE);
        try (ParquetWriter<Group> writer =
            ExampleParquetWriter.builder(new LocalOutputFile(local)).withType(TYPE).build()) {
          writer.write(groups.newGroup().append("id", 500L).append("category", "a"));
          writer.write(groups.newGroup().append("id", 501L).append("category", "b"));
        }
        Files.copy(local, out);
      }
      TreeSet<String> filesBefore = files(table, backend.warehouse());
      assertThatThrownBy(() -> table.addFiles().file(books).file(twoCategories).commit())
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining(twoCategories)
          .hasMessageContaining("category");
      assertThat(floe.loadTable("db.added").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(before);
      assertThat(files(table, backend.warehouse())).isEqualTo(filesBefore);

      table.addFiles().file(books).file(mixed).commit();
      List<Map<String, Object>> expected = new ArrayList<>(rows(0, 10, "seed"));
      expected.addAll(rows(10, 110, "books"));
      expected.addAll(rows(200, 210, "games"));
      assertThat(read(floe.loadTable("db.added"))).isEqualTo(expected);
      assertThat(table.newScan().where(Expressions.equal("category", "books")).count())
          .isEqualTo(100);

      table.newDelete().where(Expressions.alwaysTrue()).commit();
      Thread.sleep(2);
      table.maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute();
      assertThat(io(table).newInputFile(books).exists()).isTrue();
      assertThat(io(table).newInputFile(mixed).exists()).isTrue();
      assertThatThrownBy(() -> floe.purgeTable("db.added"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("outside the table's location");
      assertThat(floe.dropTable("db.added")).isTrue();
      assertThat(io(table).newInputFile(books).exists()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.floe.it.DataSafetyIT#backends")
  void aTransactionLandsInOneCommitOrNotAtAll(
      String name, Supplier<DataSafetyIT.Backend> backends) {
    DataSafetyIT.Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table = create(floe, "db.tx");
      table.newAppend().rows(rows(0, 10, "a")).commit();
      try (TableTransaction tx = table.newTransaction()) {
        tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
        tx.newDelete().where(Expressions.lessThan("id", 5L)).commit();
        tx.newAppend().row(Map.of("id", 100L, "category", "b", "region", "eu")).commit();
        assertThat(floe.loadTable("db.tx").newScan().count()).isEqualTo(10);
        tx.commit();
      }
      FloeTable fresh = floe.loadTable("db.tx");
      assertThat(fresh.schema().findField("region")).isNotNull();
      assertThat(fresh.newScan().count()).isEqualTo(6);
      assertThat(fresh.newScan().where(Expressions.equal("region", "eu")).count()).isEqualTo(1);

      // a conflicting concurrent commit: nothing lands, the transaction's files go, the other's
      // stay
      long beforeOther;
      TreeSet<String> filesBefore = files(table, backend.warehouse());
      TableTransaction failing = table.refresh().newTransaction();
      failing.updateSchema().addColumn("note", Types.StringType.get()).commit();
      failing.newAppend().rows(rows(300, 310, "c")).commit();
      TreeSet<String> staged = files(table, backend.warehouse());
      assertThat(staged.size()).isGreaterThan(filesBefore.size());
      FloeTable other = floe.loadTable("db.tx");
      other.newAppend().rows(rows(400, 405, "d")).commit();
      beforeOther = other.currentSnapshot().orElseThrow().snapshotId();
      TreeSet<String> expectedFiles = files(table, backend.warehouse());
      expectedFiles.removeAll(staged);
      expectedFiles.addAll(filesBefore);
      assertThatThrownBy(failing::commit)
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("db.tx");
      FloeTable after = floe.loadTable("db.tx");
      assertThat(after.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(beforeOther);
      assertThat(after.schema().findField("note")).isNull();
      assertThat(after.newScan().count()).isEqualTo(11);
      assertThat(files(table, backend.warehouse())).isEqualTo(expectedFiles);
    }
  }
}
