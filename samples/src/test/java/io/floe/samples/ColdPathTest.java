package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColdPathTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"rows,none", "rows,category", "arrow,none", "arrow,category"})
  void readsBackEveryRowItAppended(String writer, String partition) throws Exception {
    ColdPath.Times times = ColdPath.run(tmp.resolve("wh"), 70_000, writer, partition);

    assertThat(times.rowsRead()).isEqualTo(70_000); // more than one Arrow input batch
    assertThat(times.totalMillis())
        .isGreaterThanOrEqualTo(times.appendMillis() + times.scanMillis());
  }

  @Test
  void refusesAnUnknownWriter() {
    assertThatThrownBy(() -> ColdPath.run(tmp.resolve("wh"), 10, "csv", "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("csv");
  }
}
