package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowQuickStartTest {
  @TempDir Path tmp;

  @Test
  void readsScansAsArrowBatches() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long sum =
        ArrowQuickStart.run(
            tmp.resolve("wh"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(sum).isEqualTo(LongStream.range(0, 1500).filter(id -> id % 4 == 0).sum());
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("rowsReturned=375").contains(": 500 rows");
  }
}
