package io.floe.testkit;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@FloeTest
class FloeExtensionTest {
  private Floe fromBeforeEach;

  @BeforeEach
  void setUp(Floe floe) {
    fromBeforeEach = floe;
  }

  @Test
  void injectsOneKitPerTestAndTablesFromFixtures(
      Floe floe,
      FloeTestKit kit,
      Faults faults,
      TestClock clock,
      @Fixture("events.json") FloeTable events) {
    assertThat(floe).isSameAs(fromBeforeEach).isSameAs(kit.floe());
    assertThat(faults).isSameAs(kit.faults());
    assertThat(clock).isSameAs(kit.clock());
    assertThat(floe.listTables("db")).containsExactly("db.events");
    assertThat(events)
        .hasSnapshots(2)
        .hasRowCount(3)
        .containsRows(Rows.row("id", 3L, "category", "games"));
  }

  @Test
  void eachTestStartsEmpty(Floe floe) {
    assertThat(floe.namespaces()).isEmpty();
  }

  @Test
  @FloeTest(backend = FloeTestKit.Backend.LOCAL)
  void aMethodCanAskForTheLocalBackend(
      FloeTestKit kit, @Fixture("/io/floe/testkit/events.json") FloeTable events) {
    assertThat(kit.backend()).isEqualTo(FloeTestKit.Backend.LOCAL);
    assertThat(kit.warehouse()).exists();
    assertThat(events).hasRowCount(3).isConsistentWithIcebergReader().hasNoOrphanFiles();
  }
}
