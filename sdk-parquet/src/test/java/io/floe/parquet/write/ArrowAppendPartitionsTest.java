package io.floe.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.PartitionFields;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowResources;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The partitioned Arrow append routes rows by partition keys encoded from the vectors (no per-row
 * objects, see {@link ArrowPartitions}); values are drawn from small sets (every partition is a
 * file): for every transform it covers, and for the ones it leaves to Iceberg's partition tuple,
 * every row lands in a file whose partition is the one Iceberg computes for the row, and each
 * partition gets exactly one file. Values include nulls, negative timestamps and dates (floor
 * division), NaNs with different bit patterns and -0.0, and rows that change partition from one to
 * the next, over several batches.
 */
class ArrowAppendPartitionsTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  private static final int ROWS = 3_000;
  private static final int BATCH = 700;

  private static Consumer<PartitionFields> spec(String name) {
    return switch (name) {
      case "identity-string" -> p -> p.identity("s");
      case "identity-int" -> p -> p.identity("n");
      case "identity-narrow-int" -> p -> p.identity("small");
      case "identity-long" -> p -> p.identity("l");
      case "identity-double" -> p -> p.identity("dbl");
      case "identity-decimal" -> p -> p.identity("dec");
      case "identity-binary" -> p -> p.identity("bin");
      case "identity-date" -> p -> p.identity("d");
      case "identity-timestamp" -> p -> p.identity("ts");
      case "bucket-long" -> p -> p.bucket("l", 7);
      case "bucket-int" -> p -> p.bucket("n", 5);
      case "bucket-date" -> p -> p.bucket("d", 3);
      case "bucket-timestamp" -> p -> p.bucket("ts", 4);
      case "truncate-int" -> p -> p.truncate("n", 10);
      case "truncate-long" -> p -> p.truncate("l", 1000);
      case "year-timestamp" -> p -> p.year("ts");
      case "month-timestamptz-millis" -> p -> p.month("tstz");
      case "day-timestamp" -> p -> p.day("ts");
      case "hour-timestamptz-millis" -> p -> p.hour("tstz");
      case "year-date" -> p -> p.year("d");
      case "month-date" -> p -> p.month("d");
      case "day-date" -> p -> p.day("d");
      case "several" -> p -> p.identity("s").month("ts").bucket("l", 3);
      // not covered by the encoder: rows are keyed by Iceberg's partition tuple
      case "bucket-string" -> p -> p.bucket("s", 4);
      case "truncate-string-and-identity" -> p -> p.truncate("s", 1).identity("n");
      default -> throw new IllegalArgumentException(name);
    };
  }

  private FloeTable table(String name, Consumer<PartitionFields> spec) {
    return floe.createTable("db." + name.replace('-', '_'))
        .column("id", Types.LongType.get())
        .required()
        .column("s", Types.StringType.get())
        .column("n", Types.IntegerType.get())
        .column("small", Types.IntegerType.get())
        .column("l", Types.LongType.get())
        .column("dbl", Types.DoubleType.get())
        .column("dec", Types.DecimalType.of(9, 2))
        .column("bin", Types.BinaryType.get())
        .column("d", Types.DateType.get())
        .column("ts", Types.TimestampType.withoutZone())
        .column("tstz", Types.TimestampType.withZone())
        .partitionBy(spec)
        .create();
  }

  private static final double[] DOUBLES = {
    1.5,
    -0.0,
    0.0,
    Double.NaN,
    Double.longBitsToDouble(0x7ff8000000000abcL),
    Double.NEGATIVE_INFINITY,
    -2.25
  };

  private VectorSchemaRoot batch(SplittableRandom random, long from, int n) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    IntVector ints = new IntVector("n", allocator);
    SmallIntVector small = new SmallIntVector("small", allocator);
    // a long column fed from an int vector in every other batch
    boolean intLongs = (from / BATCH) % 2 == 1;
    FieldVector l = intLongs ? new IntVector("l", allocator) : new BigIntVector("l", allocator);
    Float8Vector dbl = new Float8Vector("dbl", allocator);
    DecimalVector dec = new DecimalVector("dec", allocator, 9, 2);
    VarBinaryVector bin = new VarBinaryVector("bin", allocator);
    DateDayVector d = new DateDayVector("d", allocator);
    TimeStampMicroVector ts = new TimeStampMicroVector("ts", allocator);
    TimeStampMilliTZVector tstz = new TimeStampMilliTZVector("tstz", allocator, "UTC");
    List<FieldVector> vectors = List.of(id, s, ints, small, l, dbl, dec, bin, d, ts, tstz);
    vectors.forEach(v -> v.setInitialCapacity(n));
    vectors.forEach(FieldVector::allocateNew);
    for (int i = 0; i < n; i++) {
      id.setSafe(i, from + i);
      for (FieldVector v : vectors.subList(1, vectors.size())) {
        if (random.nextInt(10) == 0) {
          v.setNull(i);
          continue;
        }
        if (v == s) {
          s.setSafe(i, ("k" + random.nextInt(6) + "é").getBytes(StandardCharsets.UTF_8));
        } else if (v == ints) {
          ints.setSafe(i, random.nextInt(-50, 50));
        } else if (v == small) {
          small.setSafe(i, random.nextInt(-3, 3));
        } else if (v == l) {
          long value = random.nextInt(-40, 40) * 127L + random.nextInt(2);
          if (l instanceof IntVector iv) {
            iv.setSafe(i, (int) value);
          } else {
            ((BigIntVector) l).setSafe(i, value);
          }
        } else if (v == dbl) {
          dbl.setSafe(i, DOUBLES[random.nextInt(DOUBLES.length)]);
        } else if (v == dec) {
          dec.setSafe(i, BigDecimal.valueOf(random.nextInt(-4, 4), 2));
        } else if (v == bin) {
          bin.setSafe(i, new byte[] {(byte) random.nextInt(3), 7});
        } else if (v == d) {
          d.setSafe(i, random.nextInt(-40, 40) * 23 + random.nextInt(2));
        } else if (v == ts) {
          ts.setSafe(
              i, random.nextInt(-30, 30) * 86_400_000_000L + random.nextInt(3) * 3_600_000_000L);
        } else {
          tstz.setSafe(
              i,
              random.nextInt(-10, 10) * 86_400_000L
                  + random.nextInt(3) * 3_600_000L
                  + random.nextInt(3_600_000));
        }
      }
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(n);
    return root;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "identity-string",
        "identity-int",
        "identity-narrow-int",
        "identity-long",
        "identity-double",
        "identity-decimal",
        "identity-binary",
        "identity-date",
        "identity-timestamp",
        "bucket-long",
        "bucket-int",
        "bucket-date",
        "bucket-timestamp",
        "truncate-int",
        "truncate-long",
        "year-timestamp",
        "month-timestamptz-millis",
        "day-timestamp",
        "hour-timestamptz-millis",
        "year-date",
        "month-date",
        "day-date",
        "several",
        "bucket-string",
        "truncate-string-and-identity"
      })
  void everyRowLandsInTheFileOfItsIcebergPartitionAndEachPartitionHasOneFile(String name)
      throws IOException {
    FloeTable table = table(name, spec(name));
    SplittableRandom random = new SplittableRandom(name.hashCode());
    AppendResult result;
    try (ArrowAppend append = ArrowAppend.to(table)) {
      for (int from = 0; from < ROWS; from += BATCH) {
        try (VectorSchemaRoot batch = batch(random, from, (int) Math.min(BATCH, ROWS - from))) {
          append.batch(batch);
        }
      }
      result = append.commit();
    }
    assertThat(result.addedRecords()).isEqualTo(ROWS);

    Table iceberg = Internals.icebergTable(table.refresh());
    Schema schema = iceberg.schema();
    PartitionSpec spec = iceberg.spec();
    Map<String, StructLike> partitionOfFile = new HashMap<>();
    StructLikeSet partitions = StructLikeSet.create(spec.partitionType());
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        partitionOfFile.put(file.location(), file.partition());
        assertThat(partitions.add(file.partition()))
            .as("one file per partition: %s", file.partition())
            .isTrue();
      }
    }
    assertThat(partitionOfFile).hasSize((int) result.addedFiles());

    List<Types.NestedField> projected = new ArrayList<>(schema.columns());
    projected.add(MetadataColumns.FILE_PATH);
    Schema projection = new Schema(projected);
    PartitionKey expected = new PartitionKey(spec, schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(projection.asStruct());
    Comparator<StructLike> compare = Comparators.forType(spec.partitionType());
    Set<Long> ids = new HashSet<>();
    StructLikeSet seen = StructLikeSet.create(spec.partitionType());
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(iceberg).project(projection).build()) {
      for (Record row : rows) {
        assertThat(ids.add((Long) row.getField("id"))).isTrue();
        expected.partition(wrapper.wrap(row));
        StructLike actual =
            partitionOfFile.get((String) row.getField(MetadataColumns.FILE_PATH.name()));
        assertThat(compare.compare(actual, expected))
            .as("row %s is in a file of partition %s", row, actual)
            .isZero();
        seen.add(expected.copy());
      }
    }
    assertThat(ids).hasSize(ROWS);
    assertThat(seen).as("partitions of the rows").isEqualTo(partitions);
    assertThat(partitions.size()).as("several partitions").isGreaterThan(1);
  }
}
