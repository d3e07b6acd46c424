package io.floe.samples;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.testkit.Faults;
import io.floe.testkit.Fixture;
import io.floe.testkit.FloeTest;
import io.floe.testkit.Rows;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How an application tests its Floe code with the test kit: a fresh Floe per test, fixtures,
 * faults.
 */
@FloeTest
class TestKitSampleTest {

  /** The application code under test: records events in a table. */
  record EventRecorder(Floe floe) {
    void record(long id, String category) {
      floe.loadTable("db.events")
          .newAppend()
          .row(Map.of("id", id, "category", category, "ts", "2026-01-03T00:00:00Z"))
          .commit();
    }
  }

  @Test
  void recordsAnEvent(Floe floe, @Fixture("events.json") FloeTable events) {
    new EventRecorder(floe).record(4L, "music");

    assertThat(events)
        .hasSnapshots(3)
        .hasRowCount(4)
        .containsRows(Rows.row("id", 4L, "category", "music"))
        .hasNoOrphanFiles();
  }

  @Test
  void survivesOneLostCommitRace(
      Floe floe, Faults faults, @Fixture("events.json") FloeTable events) {
    faults.onCommit().nth(1).conflict(); // another writer wins once; Floe retries

    new EventRecorder(floe).record(5L, "books");

    assertThat(events).hasSnapshots(3).containsRows(Rows.row("id", 5L));
  }

  @Test
  void reportsAPersistentConflictAndCommitsNothing(
      Floe floe, Faults faults, @Fixture("events.json") FloeTable events) {
    faults.onCommit().conflict(); // every attempt loses (the fixture allows 3 retries)

    assertThatThrownBy(() -> new EventRecorder(floe).record(6L, "books"))
        .isInstanceOf(CommitConflictException.class)
        .hasMessageContaining("db.events");
    assertThat(events).hasSnapshots(2).doesNotContainRows(Rows.row("id", 6L)).hasNoOrphanFiles();
  }
}
