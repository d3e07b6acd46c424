package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point lookups (cached footers and Bloom filters, sparse reads), limits that stop opening files,
 * and files without Parquet field ids read through the table's name mapping.
 */
class ArrowLookupTest {
  @TempDir Path tmp;

  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final BufferAllocator allocator = resources.allocator();

  private static List<Map<String, Object>> rows(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          Map.of(
              "id",
              2L * (seed * n + i),
              "name",
              "n" + random.nextInt(1_000_000),
              "score",
              random.nextDouble()));
    }
    return rows;
  }

  private ScanMetrics lookup(Table table, Expression filter, List<String> found) {
    try (ArrowBatches batches =
        ArrowScan.of(table.newScan().filter(filter)).parallelism(1).open(allocator)) {
      while (batches.hasNext()) {
        found.addAll(TestTables.canonBatch(batches.next(), table.schema()));
      }
      return batches.metrics();
    }
  }

  @Test
  void servesFootersAndBloomFiltersOfRepeatedLookupsFromTheMetadataCache() throws IOException {
    try (Floe floe = Floe.local(Files.createDirectories(tmp.resolve("wh")))) {
      FloeTable created =
          floe.createTable("a.keys")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .column("score", Types.DoubleType.get())
              .property(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "8192")
              .bloomFilter("id")
              .create();
      for (int f = 0; f < 3; f++) {
        created.newAppend().rows(rows(3000, f)).commit();
      }
      Table table = Internals.icebergTable(created);

      List<String> first = new ArrayList<>();
      ScanMetrics cold = lookup(table, Expressions.equal("id", 2L * 3000 + 20), first);
      CacheStats afterCold = floe.cacheStats();
      assertThat(first)
          .containsExactlyElementsOf(
              TestTables.generic(table, Expressions.equal("id", 2L * 3000 + 20), null));
      assertThat(cold.rowGroups()).isGreaterThan(3);
      assertThat(cold.bytesRead()).isPositive();
      assertThat(afterCold.dataFileMisses()).isPositive();

      // a miss: every row group ruled out by cached statistics and Bloom filters, no byte read
      List<String> none = new ArrayList<>();
      ScanMetrics miss = lookup(table, Expressions.equal("id", 2L * 3000 + 21), none);
      CacheStats afterMiss = floe.cacheStats();
      assertThat(none).isEmpty();
      assertThat(miss.bytesRead()).isZero();
      assertThat(miss.rowGroupsPrunedByBloomFilter() + miss.rowGroupsPrunedByStats())
          .isEqualTo(miss.rowGroups());
      assertThat(afterMiss.dataFileMisses()).isEqualTo(afterCold.dataFileMisses());
      assertThat(afterMiss.dataFileHits()).isGreaterThan(afterCold.dataFileHits());
      assertThat(afterMiss.toString()).contains("data-file metadata");

      // a hit on a warm cache reads only its row group, and decodes only the matching row in full
      for (long id : new long[] {0L, 2L * 3000 + 20, 2L * 6000 + 5998}) {
        List<String> found = new ArrayList<>();
        ScanMetrics hit = lookup(table, Expressions.equal("id", id), found);
        assertThat(found)
            .hasSize(1)
            .containsExactlyElementsOf(
                TestTables.generic(table, Expressions.equal("id", id), null));
        assertThat(hit.rowGroupsRead()).isEqualTo(1);
        assertThat(hit.rowsDecoded()).isEqualTo(1);
      }
      Expression in = Expressions.in("id", 4L, 7L, 2L * 6000 + 100);
      List<String> several = new ArrayList<>();
      lookup(table, in, several);
      assertThat(several)
          .hasSize(2)
          .containsExactlyInAnyOrderElementsOf(TestTables.generic(table, in, null));
      Expression byName =
          Expressions.and(Expressions.equal("id", 10L), Expressions.notNull("name"));
      List<String> named = new ArrayList<>();
      lookup(table, byName, named);
      assertThat(named).containsExactlyElementsOf(TestTables.generic(table, byName, null));
    }
  }

  @Test
  void readsSelectiveFiltersSparselyLikeTheGenericReader() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "s", Types.StringType.get()),
            Types.NestedField.optional(
                3, "tags", Types.ListType.ofOptional(4, Types.StringType.get())),
            Types.NestedField.optional(5, "d", Types.DecimalType.of(20, 3)));
    Table table = TestTables.create(schema, PartitionSpec.unpartitioned(), 2, Map.of());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Record r = GenericRecord.create(schema);
      r.setField("id", (long) i);
      r.setField("s", i % 7 == 0 ? null : "s" + i);
      r.setField("tags", i % 5 == 0 ? null : List.of("t" + i, "u"));
      r.setField("d", i % 3 == 0 ? null : java.math.BigDecimal.valueOf(i * 1001L, 3));
      records.add(r);
    }
    table
        .newAppend()
        .appendFile(
            TestTables.write(
                table,
                records,
                Map.of(
                    "write.parquet.page-size-bytes",
                    "1024",
                    "write.parquet.row-group-size-bytes",
                    "65536")))
        .commit();
    for (Expression filter :
        new Expression[] {
          Expressions.equal("id", 4321L),
          Expressions.in("id", 1L, 14L, 4998L, 4999L),
          Expressions.greaterThan("id", 4990L),
          Expressions.lessThan("id", 3L)
        }) {
      for (int batch : new int[] {64, 1000, 8192}) {
        List<String> expected = TestTables.generic(table, filter, null);
        List<String> actual =
            TestTables.arrow(
                ArrowScan.of(table.newScan().filter(filter)).batchSize(batch),
                table.schema(),
                allocator);
        assertThat(actual).as(filter + " batch " + batch).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void stopsOpeningFilesOnceTheLimitIsReached() {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("a.limited")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .column("score", Types.DoubleType.get())
              .create();
      for (int f = 0; f < 6; f++) {
        table.newAppend().rows(rows(100, f)).commit();
      }
      for (int parallelism : new int[] {1, 2}) {
        long rows = 0;
        try (ArrowBatches batches =
            ArrowScan.of(table.newScan().limit(150)).parallelism(parallelism).open(allocator)) {
          while (batches.hasNext()) {
            rows += batches.next().getRowCount();
          }
          assertThat(rows).isEqualTo(150);
          assertThat(batches.metrics().dataFiles()).as("parallelism " + parallelism).isEqualTo(2);
        }
      }
      // with a filter the planner cannot count rows ahead, but row groups stop once the limit is
      // met
      long matched = 0;
      try (ArrowBatches batches =
          ArrowScan.of(table.newScan().where(Expressions.greaterThanOrEqual("id", 0L)).limit(30))
              .parallelism(1)
              .batchSize(10)
              .open(allocator)) {
        while (batches.hasNext()) {
          matched += batches.next().getRowCount();
        }
        assertThat(matched).isEqualTo(30);
        assertThat(batches.metrics().dataFiles()).isEqualTo(1);
      }
    }
  }

  @Test
  void readsFilesWithoutFieldIdsThroughTheTableNameMapping() throws IOException {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "score", Types.DoubleType.get()),
            Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()));
    Table table =
        TestTables.create(
            schema,
            PartitionSpec.unpartitioned(),
            2,
            Map.of(
                TableProperties.DEFAULT_NAME_MAPPING,
                NameMappingParser.toJson(MappingUtil.create(schema))));
    // written outside Iceberg (as Spark/Hive imports and Delta migrations are): no field ids, other
    // column order
    MessageType written =
        MessageTypeParser.parseMessageType(
            "message spark_schema { optional double score; optional binary name (STRING); required int64 id; "
                + "optional int96 ts; }");
    Path local = tmp.resolve("imported.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(written);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(local))
            .withType(written)
            .withRowGroupSize(4096L)
            .build()) {
      for (int i = 0; i < 1000; i++) {
        Group g = groups.newGroup().append("id", (long) i).append("score", i / 4.0);
        if (i % 10 != 0) {
          g.append("name", "name-" + i);
        }
        if (i % 3 != 0) {
          // Spark's legacy timestamps: Julian day and nanoseconds of the day, before and after 1970
          // (whole microseconds: before 1970 Iceberg's generic reader rounds sub-microsecond nanos
          // toward zero, Spark and Floe down)
          g.append(
              "ts",
              new org.apache.parquet.example.data.simple.NanoTime(
                      2_440_588 + (i - 500) * 3, (i * 1_234_567_000L) % 86_400_000_000_000L)
                  .toBinary());
        }
        writer.write(g);
      }
    }
    String location = table.location() + "/data/imported.parquet";
    try (OutputStream out = table.io().newOutputFile(location).create()) {
      out.write(Files.readAllBytes(local));
    }
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(Files.size(local))
            .withMetrics(new Metrics(1000L, null, null, null, null))
            .build();
    table.newAppend().appendFile(file).commit();

    // the reference: Iceberg's own Parquet reader with the name mapping (IcebergGenerics ignores
    // the table's mapping and falls back to positional ids, which would swap id and score here)
    List<Record> reference = new ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<Record> records =
        org.apache.iceberg.parquet.Parquet.read(table.io().newInputFile(location))
            .project(schema)
            .withNameMapping(MappingUtil.create(schema))
            .createReaderFunc(
                fileSchema ->
                    org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(
                        schema, fileSchema))
            .build()) {
      records.forEach(r -> reference.add(r.copy()));
    }
    assertThat(reference).hasSize(1000);
    for (Expression filter :
        new Expression[] {
          Expressions.alwaysTrue(),
          Expressions.equal("id", 123L),
          Expressions.isNull("name"),
          Expressions.greaterThan("score", 200.0),
          Expressions.isNull("ts")
        }) {
      org.apache.iceberg.expressions.Evaluator evaluator =
          new org.apache.iceberg.expressions.Evaluator(schema.asStruct(), filter);
      List<String> expected = new ArrayList<>();
      org.apache.iceberg.data.InternalRecordWrapper wrapper =
          new org.apache.iceberg.data.InternalRecordWrapper(schema.asStruct());
      for (Record r : reference) {
        if (evaluator.eval(wrapper.wrap(r))) {
          expected.add(TestTables.canonRow(schema.asStruct(), r, true));
        }
      }
      java.util.Collections.sort(expected);
      List<String> actual =
          TestTables.arrow(ArrowScan.of(table.newScan().filter(filter)), table.schema(), allocator);
      assertThat(actual).as(filter.toString()).isNotEmpty().containsExactlyElementsOf(expected);
    }
    assertThat(TestTables.arrow(ArrowScan.of(table.newScan()), table.schema(), allocator))
        .anyMatch(
            row ->
                row.startsWith("{id=7, name=name-7, score=1.75, ts=") && !row.endsWith("ts=null}"))
        .contains("{id=9, name=name-9, score=2.25, ts=null}");
  }
}
