package io.floe.jmh;

import io.floe.FloeTable;
import io.floe.testkit.FloeAssertions;
import io.floe.testkit.FloeTestKit;
import io.floe.testkit.Rows;
import io.floe.testkit.TableFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A typical user test on the test kit, end to end: a fresh kit, a table created from a JSON fixture
 * (partitioned by category and day, two snapshots), one append of a few rows, then assertions that
 * read the table back ({@code hasSnapshots}, {@code containsExactlyRows}) and the kit closed.
 * Sampled time per test (JMH prints the median as {@code p0.50}), in memory versus the local
 * backend (SQLite catalog file and local files in a fresh folder, deleted after each test as
 * {@code @TempDir} would). {@code -bm ss -f 5 -wi 0 -i 1} gives the first test of a fresh JVM.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar TestKitBenchmark -f 1 -wi 3 -i 5 -w 4s -r 4s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TestKitBenchmark {
  static {
    // as a test suite's simplelogger.properties would: Iceberg logs every commit at INFO
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  static final String FIXTURE =
      """
      {
        "table": "db.events",
        "columns": [
          {"name": "id", "type": "long", "required": true},
          {"name": "ts", "type": "timestamptz"},
          {"name": "category", "type": "string"}
        ],
        "partitionBy": ["identity(category)", "day(ts)"],
        "snapshots": [
          [{"id": 1, "ts": "2026-01-01T10:00:00Z", "category": "books"},
           {"id": 2, "ts": "2026-01-01T11:00:00Z", "category": "books"}],
          [{"id": 3, "ts": "2026-01-02T09:30:00Z", "category": "games"}]
        ]
      }
      """;

  /** Which backend each test's kit runs on. */
  @Param({"MEMORY", "LOCAL"})
  public FloeTestKit.Backend backend;

  /** Rows the test appends (one commit); CI smoke runs keep the default. */
  @Param({"3"})
  public int rows;

  private TableFixture fixture;
  private List<Map<String, Object>> appended;
  private List<Map<String, Object>> expected;
  private Path root;
  private long tests;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    fixture = TableFixture.fromJson(FIXTURE);
    appended = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      appended.add(
          Map.of(
              "id",
              100L + i,
              "ts",
              "2026-01-03T00:00:00Z",
              "category",
              i % 2 == 0 ? "music" : "books"));
    }
    expected = new ArrayList<>();
    expected.add(Rows.row("id", 1L, "category", "books"));
    expected.add(Rows.row("id", 2L, "category", "books"));
    expected.add(Rows.row("id", 3L, "category", "games"));
    for (Map<String, Object> row : appended) {
      expected.add(Rows.row("id", row.get("id"), "category", row.get("category")));
    }
    root = Files.createTempDirectory("floe-jmh-testkit");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    delete(root);
  }

  /** One user test: fresh kit, fixture table, append, assertions that read the table, close. */
  @Benchmark
  public FloeTable userTest() {
    FloeTestKit.Builder builder = FloeTestKit.builder();
    Path folder = null;
    if (backend == FloeTestKit.Backend.LOCAL) {
      folder = root.resolve("t" + tests++);
      builder.local(folder);
    }
    try (FloeTestKit kit = builder.build()) {
      FloeTable events = kit.create(fixture);
      events.newAppend().rows(appended).commit();
      FloeAssertions.assertThat(events).hasSnapshots(3).containsExactlyRows(expected);
      return events;
    } finally {
      if (folder != null) {
        delete(folder);
      }
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
