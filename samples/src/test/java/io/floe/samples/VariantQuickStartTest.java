package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantQuickStartTest {
  @TempDir Path tmp;

  @Test
  void writesAndReadsVariants() {
    VariantQuickStart.Result result = VariantQuickStart.run(tmp.resolve("wh"));
    assertThat(result.users()).containsExactly("ann", "bob", "cy");
    assertThat(result.firstTags()).containsExactly("new", "x");
    assertThat(result.json())
        .containsExactly(
            "{\"n\":3,\"tags\":[\"new\",\"vip\"],\"user\":\"ann\"}",
            "{\"n\":4,\"price\":9.99,\"user\":\"bob\"}",
            "{\"tags\":[\"x\"],\"user\":\"cy\"}");
    assertThat(result.seen()).isEqualTo("2026-12-07T14:00:00.123456789");
  }
}
