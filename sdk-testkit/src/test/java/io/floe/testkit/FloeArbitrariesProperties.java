package io.floe.testkit;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.FloeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

class FloeArbitrariesProperties {

  @Provide
  Arbitrary<Tuple.Tuple3<Schema, PartitionSpec, List<Map<String, Object>>>> tables() {
    return FloeArbitraries.schemas()
        .flatMap(
            schema ->
                Combinators.combine(
                        FloeArbitraries.partitionSpecsFor(schema),
                        FloeArbitraries.rowsFor(schema).list().ofMaxSize(12))
                    .as((spec, rows) -> Tuple.of(schema, spec, rows)));
  }

  @Property(tries = 40)
  void generatedRowsRoundTripThroughGeneratedTables(
      @ForAll("tables") Tuple.Tuple3<Schema, PartitionSpec, List<Map<String, Object>>> t) {
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      PartitionSpec spec = t.get2();
      FloeTable table =
          kit.floe()
              .createTable("db.p")
              .schema(t.get1())
              .partitionBy(
                  p ->
                      spec.fields()
                          .forEach(
                              f -> {
                                String source = t.get1().findColumnName(f.sourceId());
                                String transform = f.transform().toString();
                                if (transform.equals("identity")) {
                                  p.identity(source);
                                } else if (transform.startsWith("bucket")) {
                                  p.bucket(
                                      source, Integer.parseInt(transform.replaceAll("\\D", "")));
                                } else if (transform.startsWith("truncate")) {
                                  p.truncate(
                                      source, Integer.parseInt(transform.replaceAll("\\D", "")));
                                } else {
                                  switch (transform) {
                                    case "year" -> p.year(source);
                                    case "month" -> p.month(source);
                                    case "day" -> p.day(source);
                                    default -> p.hour(source);
                                  }
                                }
                              }))
              .create();
      if (!t.get3().isEmpty()) {
        table.newAppend().rows(t.get3()).commit();
      }
      assertThat(table.spec().fields()).hasSize(spec.fields().size());
      assertThat(table).hasRowCount(t.get3().size()).isConsistentWithIcebergReader();
      if (!t.get3().isEmpty()) {
        assertThat(table).containsExactlyRows(t.get3());
      }
    }
  }

  @Provide
  Arbitrary<Tuple.Tuple3<Schema, List<Map<String, Object>>, Expression>> filtered() {
    return FloeArbitraries.flatSchemas()
        .flatMap(
            schema ->
                Combinators.combine(
                        FloeArbitraries.rowsFor(schema).list().ofMaxSize(20),
                        FloeArbitraries.filtersFor(schema))
                    .as((rows, filter) -> Tuple.of(schema, rows, filter)));
  }

  @Property(tries = 60)
  void generatedFiltersSelectWhatTheDocumentedSemanticsSelect(
      @ForAll("filtered") Tuple.Tuple3<Schema, List<Map<String, Object>>, Expression> t)
      throws Exception {
    try (FloeTestKit kit = FloeTestKit.inMemory()) {
      FloeTable table = kit.floe().createTable("db.f").schema(t.get1()).create();
      if (!t.get2().isEmpty()) {
        table.newAppend().rows(t.get2()).commit();
      }
      // every row as Iceberg's reader returns it, filtered in memory with the semantics of Scan's
      // Javadoc (Floe's RowFilter: three-valued logic, IEEE NaN), not with Iceberg's Evaluator
      Schema schema = table.schema();
      io.floe.impl.read.RowFilter filter =
          io.floe.impl.read.RowFilter.of(schema.asStruct(), t.get3(), true);
      org.apache.iceberg.data.InternalRecordWrapper wrapper =
          new org.apache.iceberg.data.InternalRecordWrapper(schema.asStruct());
      List<Record> expected = new ArrayList<>();
      try (CloseableIterable<Record> records =
          IcebergGenerics.read(io.floe.impl.spi.Internals.icebergTable(table)).build()) {
        for (Record r : records) {
          if (filter.test(wrapper.wrap(r))) {
            expected.add(r);
          }
        }
      }
      assertThat(table.newScan().where(t.get3()).count()).isEqualTo(expected.size());
      long rows = 0;
      try (CloseableIterable<io.floe.Row> read = table.newScan().where(t.get3()).rows()) {
        for (io.floe.Row ignored : read) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(expected.size());
    }
  }
}
