package io.floe.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Whatever rows go in as Arrow batches come back out of Iceberg's generic reader exactly as the
 * same rows appended as records: any batch split, nulls anywhere, partitioned or not, one thread or
 * two, tiny row groups and files.
 */
class ArrowAppendProperties {

  @Provide
  Arbitrary<Map<String, Object>> rows() {
    Arbitrary<Long> ids = Arbitraries.longs();
    Arbitrary<Integer> buckets = Arbitraries.integers().between(0, 3).injectNull(0.1);
    Arbitrary<String> names = Arbitraries.strings().ofMaxLength(12).injectNull(0.2);
    Arbitrary<Double> values =
        Arbitraries.oneOf(
                Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0))
            .injectNull(0.2);
    return Combinators.combine(ids, buckets, names, values)
        .as(
            (id, bucket, name, value) -> {
              Map<String, Object> row = new HashMap<>();
              row.put("id", id);
              row.put("bucket", bucket);
              row.put("name", name);
              row.put("value", value);
              return row;
            });
  }

  private static FloeTable table(Floe floe, String name, boolean partitioned) {
    var creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("bucket", Types.IntegerType.get())
            .column("name", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .noDictionary("id")
            .property("write.parquet.row-group-size-bytes", "2048")
            .property("write.parquet.row-group-check-min-record-count", "5")
            .property("write.target-file-size-bytes", "8192");
    if (partitioned) {
      creator.partitionBy(p -> p.identity("bucket"));
    }
    return creator.create();
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator, List<Map<String, Object>> rows) {
    BigIntVector id = new BigIntVector("id", allocator);
    IntVector bucket = new IntVector("bucket", allocator);
    VarCharVector name = new VarCharVector("name", allocator);
    Float8Vector value = new Float8Vector("value", allocator);
    id.allocateNew(rows.size());
    bucket.allocateNew(rows.size());
    name.allocateNew(rows.size());
    value.allocateNew(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      id.set(i, (Long) row.get("id"));
      if (row.get("bucket") == null) {
        bucket.setNull(i);
      } else {
        bucket.set(i, (Integer) row.get("bucket"));
      }
      if (row.get("name") == null) {
        name.setNull(i);
      } else {
        name.setSafe(i, ((String) row.get("name")).getBytes(StandardCharsets.UTF_8));
      }
      if (row.get("value") == null) {
        value.setNull(i);
      } else {
        value.set(i, (Double) row.get("value"));
      }
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, bucket, name, value);
    root.setRowCount(rows.size());
    return root;
  }

  private static List<List<Object>> read(FloeTable table) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(Internals.icebergTable(table.refresh())).build()) {
      for (Record r : rows) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          values.add(r.get(i));
        }
        out.add(values);
      }
    }
    // ids may repeat: order by every column's string form
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  @Property(tries = 25)
  void arrowBatchesReadBackLikeRecords(
      @ForAll @Size(max = 400) List<@From("rows") Map<String, Object>> rows,
      @ForAll @IntRange(min = 1, max = 150) int batchSize,
      @ForAll boolean partitioned,
      @ForAll boolean twoThreads)
      throws IOException {
    Path dir = Files.createTempDirectory("floe-arrow-prop");
    try (BufferAllocator allocator = new RootAllocator();
        Floe floe = Floe.local(dir)) {
      FloeTable viaArrow = table(floe, "db.arrow", partitioned);
      FloeTable viaRecords = table(floe, "db.records", partitioned);
      try (ArrowAppend append = ArrowAppend.to(viaArrow).parallelism(twoThreads ? 2 : 1)) {
        for (int from = 0; from < rows.size(); from += batchSize) {
          try (VectorSchemaRoot batch =
              batch(allocator, rows.subList(from, Math.min(rows.size(), from + batchSize)))) {
            append.batch(batch);
          }
        }
        assertThat(append.commit().addedRecords()).isEqualTo(rows.size());
      }
      viaRecords.newAppend().rows(rows).commit();
      assertThat(read(viaArrow)).hasSize(rows.size()).isEqualTo(read(viaRecords));
      // file metrics agree with the data: pruning by name finds exactly the matching rows
      rows.stream()
          .map(r -> (String) r.get("name"))
          .filter(n -> n != null)
          .findFirst()
          .ifPresent(
              n ->
                  assertThat(
                          viaArrow
                              .newScan()
                              .where(org.apache.iceberg.expressions.Expressions.equal("name", n))
                              .count())
                      .isEqualTo(rows.stream().filter(r -> n.equals(r.get("name"))).count()));
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
