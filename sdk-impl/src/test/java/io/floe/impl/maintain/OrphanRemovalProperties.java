package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.maintenance.RemoveOrphanFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Whatever the partition values (any Unicode, {@code / % : = ? #}, spaces, dots, base64 of binary
 * values, nulls) and however the location is written (plain path, {@code file:/}, {@code
 * file:///}): write, remove orphan files, read — nothing of the table is lost and nothing is
 * reported. Runs on the production local stack ({@code Floe.local}).
 */
class OrphanRemovalProperties {
  private static final List<String> SPECIAL =
      List.of(
          "/", "%", ":", "=", "?", "#", " ", "%2F", "%25", "..", ".", "+", "&", "\\", "é", "\u00a0",
          "😀", "~");

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> anyCodePoint =
        Arbitraries.integers()
            .between(1, 0x10FFFF)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .map(Character::toString);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.of(SPECIAL)),
            net.jqwik.api.Tuple.of(2, anyCodePoint),
            net.jqwik.api.Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(3)))
        .list()
        .ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<Map<String, Object>> rows() {
    Arbitrary<String> texts = texts().injectNull(0.1);
    Arbitrary<Integer> ints = Arbitraries.integers().injectNull(0.1);
    Arbitrary<LocalDate> days =
        Arbitraries.integers().between(-20_000, 40_000).map(LocalDate::ofEpochDay).injectNull(0.1);
    Arbitrary<OffsetDateTime> times =
        Arbitraries.longs()
            .between(-2_000_000_000_000_000L, 4_000_000_000_000_000L)
            .map(us -> Instant.EPOCH.plusNanos(us * 1000).atOffset(ZoneOffset.UTC))
            .injectNull(0.1);
    Arbitrary<BigDecimal> prices =
        Arbitraries.longs()
            .between(-9_999_999_999L, 9_999_999_999L)
            .map(c -> BigDecimal.valueOf(c, 2))
            .injectNull(0.1);
    Arbitrary<UUID> uuids = Arbitraries.create(UUID::randomUUID).injectNull(0.1);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(12).injectNull(0.1);
    Arbitrary<Double> doubles = Arbitraries.doubles().injectNull(0.1);
    return Combinators.combine(texts, ints, days, times, prices, uuids, bytes, doubles)
        .as(
            (text, i, day, ts, price, uuid, raw, x) -> {
              Map<String, Object> row = new HashMap<>();
              row.put("text", text);
              row.put("i", i);
              row.put("day", day);
              row.put("ts", ts);
              row.put("price", price);
              row.put("uuid", uuid);
              row.put("raw", raw == null ? null : ByteBuffer.wrap(raw));
              row.put("x", x);
              return row;
            })
        .flatMap(
            row ->
                Arbitraries.of(true, false)
                    .injectNull(0.1)
                    .map(
                        b -> {
                          row.put("b", b);
                          return row;
                        }));
  }

  @Property(tries = 20)
  void removeOrphanFilesLosesNothingWhateverThePartitionValues(
      @ForAll @Size(min = 1, max = 8) List<@From("rows") Map<String, Object>> rows,
      @ForAll("locationForms") String form)
      throws IOException {
    Path tmp = Files.createTempDirectory("floe-orphan-prop");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      var creator =
          floe.createTable("p.t")
              .column("text", Types.StringType.get())
              .column("i", Types.IntegerType.get())
              .column("day", Types.DateType.get())
              .column("ts", Types.TimestampType.withZone())
              .column("price", Types.DecimalType.of(12, 2))
              .column("uuid", Types.UUIDType.get())
              .column("raw", Types.BinaryType.get())
              .column("x", Types.DoubleType.get())
              .column("b", Types.BooleanType.get())
              .partitionBy(
                  p ->
                      p.identity("text")
                          .identity("i")
                          .identity("day")
                          .identity("ts")
                          .identity("price")
                          .identity("uuid")
                          .identity("raw")
                          .identity("x")
                          .identity("b"));
      Path tableDir = tmp.resolve("tables").resolve("t");
      if (!form.equals("default")) {
        creator.location(form + tableDir);
      }
      FloeTable table = creator.create();
      table.newAppend().rows(rows).commit();
      Path root = form.equals("default") ? tmp.resolve("wh") : tableDir;
      long filesBefore = countFiles(root);

      RemoveOrphanFiles.Result result =
          table
              .maintenance()
              .removeOrphanFiles()
              .unsafeOlderThan(Instant.now().plusSeconds(60))
              .execute();

      assertThat(result.orphanFiles()).isEmpty();
      assertThat(result.skipped()).isEmpty();
      assertThat(countFiles(root)).isEqualTo(filesBefore);
      List<Map<String, Object>> read = new ArrayList<>();
      try (CloseableIterable<Row> it = table.refresh().newScan().rows()) {
        it.forEach(r -> read.add(r.toMap()));
      }
      assertThat(read).containsExactlyInAnyOrderElementsOf(rows);
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<String> locationForms() {
    return Arbitraries.of("default", "", "file:", "file://");
  }

  private static long countFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }
}
