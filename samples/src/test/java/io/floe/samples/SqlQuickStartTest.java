package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlQuickStartTest {
  @TempDir Path tmp;

  @Test
  void queriesTablesWithSql() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long count =
        SqlQuickStart.run(tmp.resolve("wh"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    long expected =
        LongStream.range(0, 10_000).filter(id -> id % 10 == 3 && id % 50 > 40).count() + 1;
    assertThat(count).isEqualTo(expected);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("customer-3: " + expected + " orders")
        .contains(": 10000\n")
        .contains("shop.totals: 10 rows created, 1 inserted, 1 deleted")
        .contains("SqlExplain: 10 rows")
        // Floe planned one file of five; DuckDB read it (no deletes, no NaN)
        .contains("0 read by Floe, 1 read by DuckDB, 4 pruned by planning");
  }
}
