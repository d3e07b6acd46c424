package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  @TempDir Path tmp;

  @Test
  void quickStartWritesScansAndTimeTravels() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    QuickStart.Summary summary =
        QuickStart.run(
            tmp.resolve("wh"), 20_000, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    assertThat(summary.written()).isEqualTo(20_000);
    assertThat(summary.total()).isEqualTo(20_000);
    assertThat(summary.books()).isEqualTo(2_000); // one id in ten is a book
    assertThat(summary.now()).isEqualTo(21_000);
    assertThat(summary.then()).isEqualTo(20_000);
    String printed = buffer.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("write:", "scan:", "time travel:", "20,000 rows");
  }
}
