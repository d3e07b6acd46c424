package io.floe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheStatsTest {
  @Test
  void carriesDataFileCountersThroughSumsAndText() {
    CacheStats a = CacheStats.of(1, 2, 3, 4, 5, 6, 7, 8, 9).withDataFiles(10, 11);
    CacheStats b = CacheStats.of(1, 1, 1, 1, 1, 1, 1, 1, 1).withDataFiles(5, 1);
    CacheStats sum = a.plus(b);
    assertThat(sum.dataFileHits()).isEqualTo(15);
    assertThat(sum.dataFileMisses()).isEqualTo(12);
    assertThat(sum.fileHits()).isEqualTo(5);
    assertThat(sum.toString()).contains("data-file metadata 15 hits/12 misses");
    assertThat(CacheStats.of(0, 0, 0, 0, 0, 0, 0, 0, 0).dataFileHits()).isZero();
    assertThat(CacheStats.empty().dataFileMisses()).isZero();
    assertThatThrownBy(() -> a.withDataFiles(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
