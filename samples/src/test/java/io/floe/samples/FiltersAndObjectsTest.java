package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiltersAndObjectsTest {
  @TempDir Path tmp;

  @Test
  void readsRecordsWithATextFilter() {
    FiltersAndObjects.Result result = FiltersAndObjects.run(tmp.resolve("wh"));
    // orders 2, 4 and 6 are books; 2 was placed on 2026-01-01, so all three count
    assertThat(result.books())
        .extracting(FiltersAndObjects.Order::id)
        .containsExactlyInAnyOrder(2L, 4L, 6L);
    assertThat(result.books())
        .filteredOn(o -> o.id() == 6)
        .singleElement()
        .satisfies(o -> assertThat(o.amount()).isNull());
    assertThat(result.changes()).isEqualTo(3); // three inserts; the delete removed order 5 only
  }
}
