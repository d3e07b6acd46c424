package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.parquet.ArrowBatches;
import io.floe.security.FloeSecurity;
import io.floe.security.Mask;
import io.floe.security.Policy;
import io.floe.security.Privilege;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What access policies cost on a full scan ({@code floe-security}, issue 22), rows and Arrow, on
 * {@code Floe.local}: no protection ({@code none}), a protected handle with a plain read grant
 * ({@code grant}), a keep-last(4) mask on a string column ({@code keepLast}), a hash mask on it
 * ({@code mask}), and the hash mask plus a row filter that keeps every row ({@code maskFilter}:
 * {@code region in ('EU','US')}, which statistics cannot decide, so it is evaluated per row), so
 * all variants return the same rows.
 *
 * <p>Run: {@code java -Djmh.ignoreLock=true -jar jmh/target/benchmarks.jar PolicyOverheadBenchmark
 * -f 1 -wi 2 -i 5 -w 1s -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class PolicyOverheadBenchmark {
  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** Which policy the reader is under. */
  @Param({"none", "grant", "keepLast", "mask", "maskFilter"})
  public String policy;

  /** Rows of the scanned table. */
  @Param({"200000"})
  public int rows;

  private Path warehouse;
  private Floe floe;
  private FloeTable table;
  private RootAllocator allocator;

  @Setup(Level.Trial)
  public void open() throws IOException {
    warehouse = Files.createTempDirectory("floe-policy");
    floe =
        Floe.open(
            FloeConfig.builder("local")
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", warehouse.toString())
                .property(FloeConfig.LOCAL_FSYNC, "false")
                .build());
    floe.createNamespace("bench");
    FloeTable raw =
        floe.createTable("bench.people")
            .column("id", Types.LongType.get())
            .column("email", Types.StringType.get())
            .column("region", Types.StringType.get())
            .create();
    List<Map<String, Object>> all = new ArrayList<>(rows);
    for (long i = 0; i < rows; i++) {
      all.add(
          Map.of(
              "id", i, "email", "user" + i + "@example.com", "region", i % 2 == 0 ? "EU" : "US"));
    }
    raw.newAppend().rows(all).commit();
    Policy.Builder b = Policy.builder().grant("reader", "bench", Privilege.READ);
    if (policy.equals("keepLast")) {
      b.mask("reader", "bench.people", "email", Mask.keepLast(4));
    } else if (policy.startsWith("mask")) {
      b.mask("reader", "bench.people", "email", Mask.hash())
          .salt("bench.people", "benchmark-salt-0123456789");
    }
    if (policy.equals("maskFilter")) {
      b.rowFilter("reader", "bench.people", "region in ('EU', 'US')");
    }
    table =
        policy.equals("none")
            ? raw
            : FloeSecurity.protect(floe, b.build())
                .as(Principal.of("r", "reader"))
                .loadTable("bench.people");
    allocator = new RootAllocator();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    allocator.close();
    floe.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Reads every row, touching the masked column.
   *
   * @return a checksum
   */
  @Benchmark
  public long rows() {
    long sum = 0;
    try (RowStream stream = table.newScan().rows()) {
      for (Row row : stream) {
        sum += (Long) row.get("id") + ((String) row.get("email")).length();
      }
    }
    return sum;
  }

  /**
   * Reads every row as Arrow batches, touching the masked column.
   *
   * @return a checksum
   */
  @Benchmark
  public long arrow() {
    long sum = 0;
    try (ArrowBatches batches = table.newScan().arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot root = batches.next();
        VarCharVector email = (VarCharVector) root.getVector("email");
        for (int i = 0; i < root.getRowCount(); i++) {
          sum += email.getValueLength(i);
        }
      }
    }
    return sum;
  }
}
