package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@code floe analyze}'s sort-overlap count: the sorted sweep equals the pairwise count. */
class OverlapProperties {

  @Property(tries = 300)
  void sweepCountsTheSamePairsAsComparingEveryPair(
      @ForAll @Size(max = 60) List<@IntRange(min = -20, max = 20) Integer> starts,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 15) Integer> lengths) {
    int n = Math.min(starts.size(), lengths.size());
    List<Integer> lowers = new ArrayList<>();
    List<Integer> uppers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lowers.add(starts.get(i));
      uppers.add(starts.get(i) + lengths.get(i));
    }
    long pairwise = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (lowers.get(a) <= uppers.get(b) && lowers.get(b) <= uppers.get(a)) {
          pairwise++;
        }
      }
    }
    assertThat(AnalyzeCommand.overlappingPairs(lowers, uppers, Comparator.naturalOrder()))
        .isEqualTo(pairwise);
  }
}
