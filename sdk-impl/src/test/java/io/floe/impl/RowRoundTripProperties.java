package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Whatever rows go in through Floe come back out, through Floe and through Iceberg's generic
 * reader.
 */
class RowRoundTripProperties {

  @Provide
  Arbitrary<Map<String, Object>> rows() {
    Arbitrary<Long> ids = Arbitraries.longs();
    Arbitrary<String> names = Arbitraries.strings().ofMaxLength(20).injectNull(0.1);
    Arbitrary<Double> values = Arbitraries.doubles().injectNull(0.1);
    Arbitrary<LocalDate> days =
        Arbitraries.integers().between(-20_000, 40_000).map(d -> LocalDate.ofEpochDay(d));
    Arbitrary<OffsetDateTime> times =
        Arbitraries.longs()
            .between(-2_000_000_000_000_000L, 4_000_000_000_000_000L)
            .map(us -> Instant.EPOCH.plusNanos(us * 1000).atOffset(ZoneOffset.UTC));
    Arbitrary<BigDecimal> prices =
        Arbitraries.longs()
            .between(-9_999_999_999L, 9_999_999_999L)
            .map(c -> BigDecimal.valueOf(c, 2));
    Arbitrary<UUID> uuids = Arbitraries.create(UUID::randomUUID);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
    Arbitrary<List<String>> tags = Arbitraries.strings().alpha().ofMaxLength(5).list().ofMaxSize(4);
    Arbitrary<Boolean> flags = Arbitraries.of(true, false);
    return Combinators.combine(ids, names, values, days, times, prices, uuids, bytes)
        .as(
            (id, name, value, day, ts, price, uuid, raw) -> {
              Map<String, Object> row = new HashMap<>();
              row.put("id", id);
              row.put("name", name);
              row.put("value", value);
              row.put("day", day);
              row.put("ts", ts);
              row.put("price", price);
              row.put("uuid", uuid);
              row.put("raw", ByteBuffer.wrap(raw));
              return row;
            })
        .flatMap(
            row ->
                Combinators.combine(tags, flags)
                    .as(
                        (t, f) -> {
                          row.put("tags", t);
                          row.put("point", Map.of("flag", f, "n", t.size()));
                          return row;
                        }));
  }

  @Property(tries = 30)
  void rowsRoundTrip(@ForAll @Size(max = 40) List<@From("rows") Map<String, Object>> rows)
      throws Exception {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("p.t")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .column("value", Types.DoubleType.get())
              .column("day", Types.DateType.get())
              .column("ts", Types.TimestampType.withZone())
              .column("price", Types.DecimalType.of(12, 2))
              .column("uuid", Types.UUIDType.get())
              .column("raw", Types.BinaryType.get())
              .columns(
                  s ->
                      s.list("tags", Types.StringType.get())
                          .struct(
                              "point",
                              p ->
                                  p.column("flag", Types.BooleanType.get())
                                      .column("n", Types.IntegerType.get())))
              .partitionBy(p -> p.bucket("id", 3).month("day"))
              .create();
      if (!rows.isEmpty()) {
        table.newAppend().rows(rows).commit();
      }
      List<Map<String, Object>> floeRows = new ArrayList<>();
      try (CloseableIterable<Row> read = table.newScan().rows()) {
        read.forEach(r -> floeRows.add(r.toMap()));
      }
      List<Map<String, Object>> genericRows = new ArrayList<>();
      try (CloseableIterable<Record> read =
          IcebergGenerics.read(Internals.icebergTable(table)).build()) {
        for (Record r : read) {
          genericRows.add(toMap(r));
        }
      }
      assertThat(floeRows).containsExactlyInAnyOrderElementsOf(genericRows);
      assertThat(floeRows).containsExactlyInAnyOrderElementsOf(rows);
    }
  }

  private static Map<String, Object> toMap(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    r.struct()
        .fields()
        .forEach(
            f -> {
              Object v = r.getField(f.name());
              m.put(f.name(), v instanceof Record nested ? toMap(nested) : v);
            });
    return m;
  }
}
