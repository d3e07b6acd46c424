package io.floe.jmh;

import io.floe.parquet.ArrowScan;
import java.io.IOException;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code category == 'cat07x'} on the ~72-row-group table where that value sits in two row groups
 * and sorts between common values, so statistics cannot prune but dictionaries can: Floe's Arrow
 * scan (all columns) vs Iceberg's generic reader (which prunes with the same dictionary filter).
 */
public class DictionaryPruneBenchmark extends TableScanBenchmark {
  @Override
  BenchTables createTables() {
    return BenchTables.create(rows, 4, 72, false, 200);
  }

  @Benchmark
  public long floeRareCategory() {
    return arrowRows(
        ArrowScan.of(tables.table.newScan().filter(Expressions.equal("category", BenchTables.RARE)))
            .parallelism(1));
  }

  @Benchmark
  public long genericRareCategory() throws IOException {
    long n = 0;
    try (CloseableIterable<Record> r =
        IcebergGenerics.read(tables.table)
            .where(Expressions.equal("category", BenchTables.RARE))
            .build()) {
      for (Record ignored : r) {
        n++;
      }
    }
    return n;
  }
}
