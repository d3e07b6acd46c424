package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.TableCreator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
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
 * Creating a table, warm: five columns, partitioned by day of {@code ts} or not, in a catalog that
 * already holds {@code tables} other tables. {@code create}: Floe on the embedded default ({@code
 * Floe.local}: SQLite catalog, local files, Floe's checks). {@code icebergCreate}: Iceberg's own
 * {@code JdbcCatalog.buildTable(...).create()} on the same kind of catalog (an SQLite file in WAL
 * mode with the same {@code synchronous} setting, Floe's {@code LocalFileIO} with the same {@code
 * fsync}), no Floe code on the path. Each invocation creates a new table; it is dropped (with its
 * files) after the invocation, outside the timed part, so the catalog keeps its size.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar TableCreateBenchmark -f 1 -wi 3 -i 5 -w 2s -r
 * 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TableCreateBenchmark {
  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** {@code none} or {@code day}: partitioned by the day of {@code ts}. */
  @Param({"day", "none"})
  public String partition;

  /** {@code floe.local.fsync}: the metadata file synced to the disk (the default) or not. */
  @Param({"true", "false"})
  public String fsync;

  /** Tables the catalog holds besides the one created. */
  @Param({"0"})
  public int tables;

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(3, "category", Types.StringType.get()),
          Types.NestedField.optional(4, "value", Types.DoubleType.get()),
          Types.NestedField.optional(5, "payload", Types.StringType.get()));

  private Path dir;
  private Floe floe;
  private JdbcCatalog iceberg;
  private int created;
  private Runnable drop;

  @Setup
  public void setUp() {
    dir = BenchData.tempDir("floe-create-bench");
    floe = BenchData.open(dir.resolve("floe"), fsync);
    Path wh = dir.resolve("iceberg");
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + wh.resolve("catalog.db"));
    props.put(CatalogProperties.WAREHOUSE_LOCATION, wh.toString());
    // Floe's local file IO, by name as catalogs take it (no Hadoop, the same syncs)
    props.put(CatalogProperties.FILE_IO_IMPL, "io.floe.impl.io.LocalFileIO");
    props.put(io.floe.FloeConfig.LOCAL_FSYNC, fsync);
    props.put("jdbc.schema-version", "V1");
    props.put("jdbc.journal_mode", "WAL");
    props.put("jdbc.synchronous", fsync.equals("true") ? "FULL" : "NORMAL");
    wh.toFile().mkdirs();
    iceberg = new JdbcCatalog();
    iceberg.initialize("iceberg", props);
    iceberg.createNamespace(Namespace.of("bench"), new HashMap<>());
    for (int i = 0; i < tables; i++) {
      floeCreator("bench.other" + i).create();
      icebergBuilder(TableIdentifier.of("bench", "other" + i)).create();
    }
  }

  private TableCreator floeCreator(String name) {
    TableCreator creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("ts", Types.TimestampType.withZone())
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .column("payload", Types.StringType.get());
    if (partition.equals("day")) {
      creator.partitionBy(p -> p.day("ts"));
    }
    return creator;
  }

  private org.apache.iceberg.catalog.Catalog.TableBuilder icebergBuilder(TableIdentifier id) {
    PartitionSpec spec =
        partition.equals("day")
            ? PartitionSpec.builderFor(SCHEMA).day("ts").build()
            : PartitionSpec.unpartitioned();
    return iceberg.buildTable(id, SCHEMA).withPartitionSpec(spec);
  }

  /** Floe's creation of a table. */
  @Benchmark
  public FloeTable create() {
    String name = "bench.t" + created++;
    drop = () -> floe.purgeTable(name);
    return floeCreator(name).create();
  }

  /** Iceberg's {@code JdbcCatalog} creating the same table on the same kind of catalog. */
  @Benchmark
  public Table icebergCreate() {
    TableIdentifier id = TableIdentifier.of("bench", "t" + created++);
    drop = () -> iceberg.dropTable(id, true);
    return icebergBuilder(id).create();
  }

  @TearDown(Level.Invocation)
  public void dropCreated() {
    if (drop != null) {
      drop.run();
      drop = null;
    }
  }

  @TearDown
  public void tearDown() throws java.io.IOException {
    floe.close();
    iceberg.close();
    BenchData.delete(dir);
  }
}
