package io.floe.testkit;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.CommitConflictException;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FloeTestKitTest {
  @TempDir static Path tmp;
  static int folders;

  static Stream<String> backends() {
    return Stream.of("kit-memory", "kit-local", "floe-local");
  }

  /** The same checks on the kit's two backends and on Floe's own embedded catalog. */
  private static Floe open(String backend, List<AutoCloseable> toClose) {
    switch (backend) {
      case "kit-memory" -> {
        FloeTestKit kit = FloeTestKit.inMemory();
        toClose.add(kit);
        return kit.floe();
      }
      case "kit-local" -> {
        FloeTestKit kit = FloeTestKit.local(tmp.resolve("kit" + folders++));
        toClose.add(kit);
        return kit.floe();
      }
      default -> {
        Floe floe = Floe.local(tmp.resolve("floe" + folders++));
        toClose.add(floe);
        return floe;
      }
    }
  }

  private static FloeTable events(Floe floe, String name) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("category", Types.StringType.get())
        .partitionBy(p -> p.identity("category"))
        .create();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void backendsBehaveAlike(String backend) throws Exception {
    List<AutoCloseable> toClose = new java.util.ArrayList<>();
    try {
      Floe floe = open(backend, toClose);
      floe.createNamespace("a");
      assertThatThrownBy(() -> floe.createNamespace("a"))
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("a");
      FloeTable table = events(floe, "a.t");
      assertThat(floe.listTables("a")).containsExactly("a.t");
      assertThatThrownBy(() -> floe.dropNamespace("a"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("a");
      assertThatThrownBy(() -> floe.listTables("missing"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("missing");
      assertThatThrownBy(() -> events(floe, "a.t"))
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("a.t");
      assertThatThrownBy(() -> floe.loadTable("a.none"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("a.none");

      table
          .newAppend()
          .rows(List.of(Rows.row("id", 1L, "category", "x"), Rows.row("id", 2L, "category", "y")))
          .commit();
      table.newAppend().row(Rows.row("id", 3L, "category", "x")).commit();
      assertThat(table)
          .hasSnapshots(2)
          .hasRowCount(3)
          .containsExactlyRows(
              Rows.row("id", 1, "category", "x"),
              Rows.row("id", 2L, "category", "y"),
              Rows.row("id", 3L, "category", "x"))
          .isConsistentWithIcebergReader()
          .hasNoOrphanFiles();

      floe.createNamespace("b");
      floe.renameTable("a.t", "b.t");
      assertThatThrownBy(() -> floe.renameTable("b.t", "nowhere.t"))
          .isInstanceOf(NotFoundException.class);
      assertThat(floe.loadTable("b.t").newScan().count()).isEqualTo(3);
      assertThat(floe.dropTable("b.t")).isTrue();
      assertThat(floe.dropTable("b.t")).isFalse();
      assertThat(floe.dropNamespace("a")).isTrue();
    } finally {
      for (AutoCloseable c : toClose) {
        c.close();
      }
    }
  }

  /**
   * The kit's local backend is what {@code Floe.local} opens, layer for layer (the metadata cache,
   * the caching and scheme file IOs, the JDBC catalog), with the kit's fault layers under the
   * cache.
   */
  @Test
  void theLocalKitIsFloeLocalWithFaultsUnderTheCache() {
    try (FloeTestKit kit = FloeTestKit.local(tmp.resolve("stack" + folders++));
        Floe plain = Floe.local(tmp.resolve("stack" + folders++))) {
      List<String> kitStack = stack(kit.floe());
      assertThat(kitStack)
          .containsExactly(
              "CachingCatalog",
              "FaultyCatalog",
              "JdbcCatalog",
              "CachingFileIO",
              "FaultyFileIO",
              "SchemeFileIO");
      assertThat(kitStack.stream().filter(layer -> !layer.startsWith("Faulty")).toList())
          .isEqualTo(stack(plain));
      kit.faults().onFile(FileOperation.CREATE).path("*.parquet").nth(1).fail();
      FloeTable table = events(kit.floe(), "db.stack");
      assertThatThrownBy(() -> table.newAppend().row(Map.of("id", 1L, "category", "a")).commit())
          .isInstanceOf(FloeIOException.class)
          .hasMessageContaining("Injected fault");
    }
  }

  /** The catalog and file IO classes from the top down, wrappers first. */
  private static List<String> stack(Floe floe) {
    List<String> layers = new java.util.ArrayList<>();
    org.apache.iceberg.catalog.Catalog catalog = io.floe.impl.spi.Internals.catalog(floe);
    while (catalog instanceof io.floe.impl.spi.ForwardingCatalog forwarding) {
      layers.add(catalog.getClass().getSimpleName());
      catalog = delegateOf(forwarding);
    }
    layers.add(catalog.getClass().getSimpleName());
    org.apache.iceberg.io.FileIO fileIo =
        io.floe.impl.spi.Internals.icebergTable(
                floe.tableExists("db.io") ? floe.loadTable("db.io") : events(floe, "db.io"))
            .io();
    while (fileIo != null) {
      layers.add(fileIo.getClass().getSimpleName());
      fileIo =
          fileIo instanceof io.floe.impl.cache.CachingFileIO caching
              ? caching.delegate()
              : fileIo instanceof FaultyFileIO faulty ? faulty.delegate() : null;
    }
    return layers;
  }

  private static org.apache.iceberg.catalog.Catalog delegateOf(
      io.floe.impl.spi.ForwardingCatalog catalog) {
    try {
      java.lang.reflect.Method delegate =
          io.floe.impl.spi.ForwardingCatalog.class.getDeclaredMethod("delegate");
      delegate.setAccessible(true);
      return (org.apache.iceberg.catalog.Catalog) delegate.invoke(catalog);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void kitsAreIsolatedAndFreeTheirFilesOnClose() {
    MemoryFileIO files;
    try (FloeTestKit one = FloeTestKit.inMemory();
        FloeTestKit two = FloeTestKit.inMemory()) {
      events(one.floe(), "db.t").newAppend().row(Rows.row("id", 1L)).commit();
      assertThat(two.floe().tableExists("db.t")).isFalse();
      files = one.memoryFiles();
      assertThat(files.fileCount()).isGreaterThan(3);
      assertThat(files.totalBytes()).isPositive();
    }
    assertThat(files.fileCount()).isZero();
  }

  @Test
  void memoryFilesPublishOnCloseCreateExclusivelyAndListWithClockTimes() throws Exception {
    TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    MemoryFileIO io = new MemoryFileIO(clock);
    PositionOutputStream out = io.newOutputFile("mem://w/t/a.bin").create();
    out.write(new byte[] {1, 2, 3});
    assertThat(io.exists("mem://w/t/a.bin")).as("visible before close").isFalse();
    out.close();
    assertThat(io.newInputFile("mem://w/t/a.bin").getLength()).isEqualTo(3);
    assertThatThrownBy(() -> io.newOutputFile("mem://w/t/a.bin").create())
        .isInstanceOf(org.apache.iceberg.exceptions.AlreadyExistsException.class)
        .hasMessageContaining("a.bin");
    clock.advance(Duration.ofDays(2));
    try (PositionOutputStream b = io.newOutputFile("mem://w/t/sub/b.bin").createOrOverwrite()) {
      b.write(7);
    }
    List<FileInfo> listed = new java.util.ArrayList<>();
    io.listPrefix("mem://w/t").forEach(listed::add);
    assertThat(listed)
        .extracting(FileInfo::location)
        .containsExactlyInAnyOrder("mem://w/t/a.bin", "mem://w/t/sub/b.bin");
    assertThat(listed)
        .filteredOn(f -> f.location().endsWith("b.bin"))
        .extracting(FileInfo::createdAtMillis)
        .containsExactly(Instant.parse("2026-01-03T00:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> io.newInputFile("mem://w/none").newStream())
        .isInstanceOf(org.apache.iceberg.exceptions.NotFoundException.class)
        .hasMessageContaining("mem://w/none");
    io.deletePrefix("mem://w/t/sub");
    io.deleteFile("mem://w/t/missing");
    assertThat(io.locations()).containsExactly("mem://w/t/a.bin");
  }

  @Test
  void commitFaultsAreRetriedExhaustedOrLeaveTheOutcomeUnknown() {
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      FloeTable table =
          kit.floe()
              .createTable("db.c")
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .property("commit.retry.num-retries", "3")
              .create();
      assertThat(table)
          .hasProperty("commit.retry.min-wait-ms", "10")
          .hasProperty("commit.retry.max-wait-ms", "1000");
      assertThat(events(kit.floe(), "db.defaults")).hasProperty("commit.retry.num-retries", "20");
      Fault once = kit.faults().onCommit().table("db.c").nth(1).conflict();
      table.newAppend().row(Rows.row("id", 1L)).commit();
      assertThat(once.hits()).isEqualTo(1);
      assertThat(kit.faults().commitAttempts()).isEqualTo(2);
      assertThat(table).hasSnapshots(1);

      Fault always = kit.faults().onCommit().conflict();
      assertThatThrownBy(() -> table.newAppend().row(Rows.row("id", 2L)).commit())
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("db.c")
          .hasMessageContaining("retry");
      assertThat(always.hits()).isEqualTo(4); // 3 retries, as the table says
      always.remove();
      assertThat(table).hasSnapshots(1).hasNoOrphanFiles();

      kit.faults().onCommit().nth(1).stateUnknown();
      assertThatThrownBy(() -> table.newAppend().row(Rows.row("id", 3L, "category", "z")).commit())
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("db.c")
          .hasMessageContaining("unknown");
      assertThat(table).hasSnapshots(1);
      assertThat(kit.orphanFiles(table))
          .as("files kept when the outcome is unknown")
          .isNotEmpty()
          .anyMatch(f -> FaultSweep.kindOf(f).equals("data"));

      // applied, then the answer was lost: Floe finds the commit in the table and succeeds
      kit.faults().onCommit().nth(1).stateUnknownAfterApply();
      table.newAppend().row(Rows.row("id", 4L)).commit();
      assertThat(table).hasSnapshots(2).containsRows(Rows.row("id", 4L));
      kit.faults().onCommit().nth(1).connectionFailureAfterApply();
      table.newAppend().row(Rows.row("id", 5L)).commit();
      kit.faults().onCommit().nth(1).lostAckAfterApply();
      table.newAppend().row(Rows.row("id", 6L)).commit();
      assertThat(table)
          .hasSnapshots(4)
          .containsRows(Rows.row("id", 4L), Rows.row("id", 5L), Rows.row("id", 6L));
      assertThat(kit.faults().injected())
          .extracting(InjectedFault::operation)
          .containsOnly("COMMIT");
    }
  }

  @Test
  void fileFaultsSelectByOperationPathAndCallAndCanCorrupt() {
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      FloeTable table = events(kit.floe(), "db.f");
      Fault data = kit.faults().onFile(FileOperation.CREATE).path("*.parquet").nth(2).fail();
      assertThatThrownBy(
              () ->
                  table
                      .newAppend()
                      .rows(
                          List.of(
                              Rows.row("id", 1L, "category", "a"),
                              Rows.row("id", 2L, "category", "b")))
                      .commit())
          .isInstanceOf(FloeIOException.class)
          .hasMessageContaining("Injected fault");
      assertThat(data.hits()).isEqualTo(1);
      assertThat(data.matches()).isEqualTo(2);
      assertThat(table).hasNoSnapshots();

      Fault never =
          kit.faults()
              .onFile(FileOperation.DELETE)
              .pathMatching(Pattern.compile("nothing-matches"))
              .fail();
      Fault some = kit.faults().onAnyFile().probability(0.0, 1L).fail();
      table.newAppend().row(Rows.row("id", 3L)).commit();
      assertThat(never.hits()).isZero();
      assertThat(some.hits()).isZero();
      assertThat(some.matches()).isPositive();
      kit.faults().clear();

      // a corrupted manifest list or manifest fails the read (with Iceberg 1.12, the first byte of
      // each Parquet read call lands on bytes the row read does not depend on: the row reads back
      // right, so that case says nothing about the fault)
      Fault corrupt = kit.faults().onFile(FileOperation.READ).path("*.avro").corrupt();
      assertThatThrownBy(
              () -> {
                try (var rows = table.newScan().rows()) {
                  rows.forEach(r -> {});
                }
              })
          .isInstanceOf(io.floe.FloeException.class);
      assertThat(corrupt.hits()).isPositive();
      kit.faults().clear();
      assertThat(kit.newFloe().loadTable("db.f").newScan().count()).isEqualTo(1);
      assertThatThrownBy(() -> kit.faults().onFile(FileOperation.OPEN).corrupt())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("READ and WRITE");
      assertThatThrownBy(() -> kit.faults().onCommit().nth(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("from 1");
    }
  }

  @Test
  void fixturesCreateTablesWithOneSnapshotPerBatch() {
    TableFixture fixture =
        TableFixture.fromJson(
            """
        {"table": "db.fx",
         "columns": [{"name": "id", "type": "long", "required": true}, {"name": "day", "type": "date"},
                     {"name": "price", "type": "decimal(9,2)"}, {"name": "raw", "type": "binary"}],
         "partitionBy": ["month(day)"],
         "properties": {"owner": "tests"},
         "snapshots": [[{"id": 1, "day": "2026-01-01", "price": 1.5, "raw": "AQI="}],
                       [{"id": 2, "day": "2026-02-01", "price": 2}, {"id": 3}]]}
        """);
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      FloeTable table = kit.create(fixture);
      assertThat(table)
          .hasSnapshots(2)
          .hasRowCount(3)
          .hasProperty("owner", "tests")
          .hasColumns("id", "day", "price", "raw")
          .containsExactlyRows(
              Rows.row("id", 1L, "day", "2026-01-01", "price", "1.50"),
              Rows.row("id", 2L, "day", "2026-02-01", "price", "2.00"),
              Rows.row("id", 3L));
      assertThat(table.spec().fields()).hasSize(1);
    }
    assertThatThrownBy(() -> TableFixture.fromJson("{\"table\": \"db.x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("columns");
    assertThatThrownBy(() -> TableFixture.fromResource("nope.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.json");
  }

  @Test
  void assertionsFailWithMessagesNamingTheTableAndRows() {
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      FloeTable table = events(kit.floe(), "db.a");
      table.newAppend().row(Rows.row("id", 1L, "category", "x")).commit();
      assertThatThrownBy(() -> assertThat(table).hasSnapshots(3))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("db.a")
          .hasMessageContaining("3 snapshots");
      assertThatThrownBy(() -> assertThat(table).containsExactlyRows(Rows.row("id", 2L)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Missing (1): [{id=2}]")
          .hasMessageContaining("Unexpected (1): [{id=1}]");
      assertThatThrownBy(() -> assertThat(table).containsExactlyRows(Rows.row("colour", "red")))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("colour");
      assertThat(table)
          .doesNotContainRows(Rows.row("id", 2L))
          .containsRows(Rows.row("category", "x"));
      assertThat(table).rows().hasSize(1);
      kit.memoryFiles().newOutputFile(table.location() + "/data/stray.parquet");
      assertThatThrownBy(() -> Rows.row("id"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pairs");
      assertThat(Map.copyOf(Map.of("a", 1))).isNotNull();
    }
  }
}
