package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.parquet.ArrowBatches;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamps, longs and multi-byte strings are masked alike by the row and the Arrow readers. */
class ArrowMaskTest {
  @TempDir Path dir;

  @Test
  void rowAndArrowMasksAgreeOnTimestampsLongsAndUnicode() {
    try (Floe floe = Floe.local(dir.resolve("wh"));
        RootAllocator allocator = new RootAllocator()) {
      floe.createNamespace("n");
      FloeTable t =
          floe.createTable("n.t")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("account", Types.LongType.get())
              .column("name", Types.StringType.get())
              .column("secret", Types.StringType.get())
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = 0; i < 300; i++) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", i);
        r.put(
            "ts",
            OffsetDateTime.of(2026, 6, 1, 13, 47, 12, 123_000, ZoneOffset.UTC).plusMinutes(i * 7));
        r.put("account", 1_000_000L + i);
        r.put("name", "Zoë-Ångström-" + i);
        r.put("secret", "TOP-SECRET-" + i);
        rows.add(r);
      }
      t.newAppend().rows(rows).commit();
      Floe secured =
          FloeSecurity.protect(
              floe,
              Policy.builder()
                  .grant("*", "n", Privilege.READ)
                  .mask("*", "n.t", "ts", Mask.truncate("hour"))
                  .mask("*", "n.t", "account", Mask.hash())
                  .mask("*", "n.t", "name", Mask.keepLast(3))
                  .mask("*", "n.t", "secret", Mask.nullify())
                  .salt("n.t", "salt-of-sixteen-chars")
                  .build());
      FloeTable view = secured.as(Principal.of("u")).loadTable("n.t");
      Map<Long, String> fromRows = new HashMap<>();
      try (RowStream stream = view.newScan().rows()) {
        for (Row r : stream) {
          OffsetDateTime ts = (OffsetDateTime) r.get("ts");
          assertThat(ts.getMinute()).isZero();
          assertThat(ts.getSecond()).isZero();
          assertThat((Long) r.get("account")).isNotEqualTo(1_000_000L + (Long) r.get("id"));
          assertThat((String) r.get("name")).startsWith("*").doesNotContain("Zoë");
          fromRows.put(
              (Long) r.get("id"), ts.toInstant() + "|" + r.get("account") + "|" + r.get("name"));
        }
      }
      Map<Long, String> fromArrow = new HashMap<>();
      try (ArrowBatches batches = view.newScan().arrow(ArrowBatches.class, allocator)) {
        while (batches.hasNext()) {
          VectorSchemaRoot root = batches.next();
          BigIntVector id = (BigIntVector) root.getVector("id");
          TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
          BigIntVector account = (BigIntVector) root.getVector("account");
          VarCharVector name = (VarCharVector) root.getVector("name");
          VarCharVector secret = (VarCharVector) root.getVector("secret");
          // null, and not even in the buffers a raw consumer could read
          assertThat(secret.getNullCount()).isEqualTo(root.getRowCount());
          byte[] data = new byte[(int) secret.getDataBuffer().capacity()];
          secret.getDataBuffer().getBytes(0, data);
          assertThat(new String(data, StandardCharsets.ISO_8859_1)).doesNotContain("TOP-SECRET");
          for (int i = 0; i < root.getRowCount(); i++) {
            long micros = ts.get(i);
            fromArrow.put(
                id.get(i),
                java.time.Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000)
                    + "|"
                    + account.get(i)
                    + "|"
                    + new String(name.get(i), StandardCharsets.UTF_8));
          }
        }
      }
      assertThat(fromArrow).hasSize(300).isEqualTo(fromRows);
    }
  }
}
