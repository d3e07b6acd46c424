package io.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.floe.CommitState;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import io.floe.testkit.FaultyJdbc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commits whose answer is lost after the catalog applied them, on PostgreSQL (JDBC faults injected
 * into the real connection by {@link FaultyJdbc}: connection broken after the update, lost
 * acknowledgement retried by Iceberg's client pool, unknown SQL state) and on REST (Iceberg's REST
 * servlet on Jetty answering 500 or nothing before the client's timeout, after applying the
 * commit), each with local files and with S3 (s3proxy). Every case ends with the commit reported as
 * a success, the table loadable from a fresh Floe, every committed row readable, and every file the
 * table refers to present.
 */
class CommitSafetyIT {
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(2);

  /** A catalog with a way to fail the next commit after applying it. */
  private record Backend(
      String name,
      FloeConfig config,
      Consumer<String> arm,
      Runnable disarm,
      java.util.function.LongSupplier injected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Backend postgres(boolean s3) {
    FloeConfig base = Backends.postgres(s3 ? Backends.s3() : Backends.local());
    Map<String, String> props = new HashMap<>(base.properties());
    FaultyJdbc jdbc = FaultyJdbc.wrap(props.get("uri"));
    props.put("uri", jdbc.url());
    return new Backend(
        "postgres" + (s3 ? "+s3" : ""),
        FloeConfig.of(base.name(), props),
        fault -> jdbc.failNextCommit(FaultyJdbc.Fault.valueOf(fault)),
        () -> {},
        jdbc::injected);
  }

  private static Backend rest(boolean s3) {
    RestCommitFaults faults = new RestCommitFaults(REST_TIMEOUT.plusSeconds(2));
    FloeConfig base = Backends.rest(s3 ? Backends.s3() : Backends.local(), faults);
    Map<String, String> props = new HashMap<>(base.properties());
    props.put("rest.client.socket-timeout-ms", String.valueOf(REST_TIMEOUT.toMillis()));
    return new Backend(
        "rest" + (s3 ? "+s3" : ""),
        FloeConfig.of(base.name(), props),
        fault -> faults.arm(RestCommitFaults.Fault.valueOf(fault)),
        faults::disarm,
        faults::injected);
  }

  /** One operation that commits, and what it does to the rows (id to value). */
  private record Op(String name, Consumer<FloeTable> run, Consumer<Map<Long, String>> model) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Op[] OPS = {
    new Op("append", t -> t.newAppend().rows(rows(10, 13, "n")).commit(), m -> put(m, 10, 13, "n")),
    new Op(
        "upsert",
        t -> t.newUpsert().key("id").rows(rows(0, 2, "u")).commit(),
        m -> put(m, 0, 2, "u")),
    new Op("compaction", t -> t.maintenance().rewriteDataFiles().rewriteAll().execute(), m -> {}),
  };

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int op = 0; op < OPS.length; op++) {
      for (boolean s3 : new boolean[] {false, true}) {
        for (String fault :
            List.of("APPLY_THEN_DISCONNECT", "LOST_ACK", "APPLY_THEN_UNKNOWN_STATE")) {
          out.add(Arguments.of("postgres", s3, fault, op));
        }
        for (String fault : List.of("HTTP_500", "TIMEOUT")) {
          out.add(Arguments.of("rest", s3, fault, op));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} s3={1} {2} op={3}")
  @MethodSource("cases")
  void aCommitThatLandedSucceedsAndLosesNothing(
      String catalog, boolean s3, String fault, int opIndex) throws IOException {
    Backend backend = catalog.equals("postgres") ? postgres(s3) : rest(s3);
    Op op = OPS[opIndex];
    String table = "safety_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + ".t";
    Map<Long, String> model = new TreeMap<>();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable t = seed(floe, table, model);
      backend.arm().accept(fault);
      try {
        op.run().accept(t);
      } finally {
        backend.disarm().run();
      }
      assertThat(backend.injected().getAsLong()).as("the fault hit a commit of " + op).isPositive();
      op.model().accept(model);
      assertThat(read(t)).isEqualTo(model);
    }
    assertIntact(backend, table, model);
  }

  @Test
  void aCommitThatDidNotLandOnPostgresThrowsStateUnknownWithItsIdAndKeepsTheTable()
      throws IOException {
    Backend backend = postgres(false);
    Map<Long, String> model = new TreeMap<>();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table = seed(floe, "unknown.t", model);
      backend.arm().accept("DISCONNECT_BEFORE_APPLY");
      Throwable thrown = catchThrowable(() -> table.newAppend().rows(rows(10, 13, "n")).commit());
      assertThat(thrown)
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("unknown.t");
      String commitId = ((CommitStateUnknownException) thrown).commitId().orElseThrow();
      assertThat(table.commitState(commitId)).isEqualTo(CommitState.NOT_FOUND);
      assertThat(read(table)).isEqualTo(model);
    }
    assertIntact(backend, "unknown.t", model);
  }

  /** Five appends (five files to compact), then a merge-on-read upsert. */
  private static FloeTable seed(Floe floe, String name, Map<Long, String> model) {
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(2)
            .create();
    for (int i = 0; i < 5; i++) {
      table.newAppend().rows(rows(i * 2, i * 2 + 1, "a")).commit();
      put(model, i * 2, i * 2 + 1, "a");
    }
    table.newUpsert().key("id").mode(WriteMode.MERGE_ON_READ).rows(rows(9, 9, "b")).commit();
    put(model, 9, 9, "b");
    return table;
  }

  private static List<Map<String, ?>> rows(long from, long to, String value) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      rows.add(Map.of("id", id, "v", value));
    }
    return rows;
  }

  private static void put(Map<Long, String> model, long from, long to, String value) {
    for (long id = from; id <= to; id++) {
      model.put(id, value);
    }
  }

  private static Map<Long, String> read(FloeTable table) throws IOException {
    Map<Long, String> out = new TreeMap<>();
    try (CloseableIterable<Row> rows = table.refresh().newScan().rows()) {
      for (Row row : rows) {
        assertThat(out.put((Long) row.get("id"), (String) row.get("v")))
            .as("duplicate id")
            .isNull();
      }
    }
    return out;
  }

  /** A fresh Floe loads the table, reads every row, and finds every file the table refers to. */
  private static void assertIntact(Backend backend, String name, Map<Long, String> model)
      throws IOException {
    try (Floe fresh = Floe.open(backend.config())) {
      FloeTable table = fresh.loadTable(name);
      assertThat(read(table)).isEqualTo(model);
      Table iceberg = Internals.icebergTable(table);
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          assertThat(iceberg.io().newInputFile(task.file().location()).exists())
              .as(task.file().location())
              .isTrue();
          task.deletes()
              .forEach(d -> assertThat(iceberg.io().newInputFile(d.location()).exists()).isTrue());
        }
      }
      String metadata =
          ((HasTableOperations) iceberg).operations().current().metadataFileLocation();
      assertThat(iceberg.io().newInputFile(metadata).exists()).as(metadata).isTrue();
    }
  }
}
