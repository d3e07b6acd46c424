package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress adapter draws me.tongfei bars on the writer it is given. */
class ProgressTest {
  @Test
  void bytesBarShowsPercentMibAndRows() {
    StringWriter out = new StringWriter();
    try (Progress p = Progress.bytes("import x.csv", 10L << 20, new PrintWriter(out))) {
      assertThat(p.enabled()).isTrue();
      p.update(1_000, 5L << 20, 10L << 20);
    }
    String text = out.toString();
    assertThat(text).startsWith("\rimport x.csv").endsWith(System.lineSeparator());
    assertThat(text).contains(" 50% ").contains("5/10 MiB").contains("1,000 rows (");
  }

  @Test
  void unknownTotalAndSpinnerHaveNoPercentage() {
    StringWriter out = new StringWriter();
    try (Progress p = Progress.bytes("export", -1, new PrintWriter(out))) {
      p.update(10, 3L << 20, -1);
    }
    // an unknown total: the library prints "?" where the percentage and ETA would be
    assertThat(out.toString())
        .contains("export  ? %")
        .contains("3/? MiB")
        .contains(" 10 rows")
        .doesNotContainPattern("\\d %");
    StringWriter spin = new StringWriter();
    try (Progress p = Progress.spinner("compact shop.orders", new PrintWriter(spin))) {
      assertThat(p.enabled()).isTrue();
    }
    assertThat(spin.toString()).contains("compact shop.orders").doesNotContainPattern("\\d %");
  }

  @Test
  void offDrawsNothing() {
    try (Progress p = Progress.bytes("x", 10, null)) {
      assertThat(p.enabled()).isFalse();
      p.update(1, 1, 10);
    }
    assertThat(Progress.spinner("x", null).enabled()).isFalse();
  }
}
