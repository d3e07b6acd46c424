package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code updateProperties()} on the production stack: checked values, visible at once, kept on
 * restart.
 */
class PropertiesUpdateTest {
  @TempDir Path dir;

  private FloeTable create(Floe floe) {
    FloeTable table =
        TestFloes.createIdTable(floe)
            .column("name", Types.StringType.get())
            .property("owner", "team-a")
            .create();
    table.newAppend().rows(List.of(Map.of("id", 1L, "name", "a"))).commit();
    return table;
  }

  @Test
  void setAndRemoveAreVisibleAtOnceAndAfterARestart() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      Map<String, String> preview =
          table
              .updateProperties()
              .set("write.parquet.compression-codec", "gzip")
              .remove("owner")
              .apply();
      assertThat(preview)
          .containsEntry("write.parquet.compression-codec", "gzip")
          .doesNotContainKey("owner");
      assertThat(table.properties()).containsEntry("owner", "team-a");

      Map<String, String> after =
          table
              .updateProperties()
              .set("write.parquet.compression-codec", "gzip")
              .set(Map.of("write.parquet.bloom-filter-enabled.column.id", "true", "team", "data"))
              .remove("owner", "not-there")
              .commit()
              .properties();
      assertThat(after)
          .containsEntry("write.parquet.compression-codec", "gzip")
          .containsEntry("write.parquet.bloom-filter-enabled.column.id", "true")
          .containsEntry("team", "data")
          .doesNotContainKey("owner");
      assertThat(table.properties()).isEqualTo(after);
      assertThat(floe.loadTable("db.t").properties()).isEqualTo(after);
      // the next write uses the new codec
      table.newAppend().rows(List.of(Map.of("id", 2L, "name", "b"))).commit();
      assertThat(table.newScan().count()).isEqualTo(2);
    }
    try (Floe floe = Floe.local(dir)) {
      assertThat(floe.loadTable("db.t").properties())
          .containsEntry("team", "data")
          .doesNotContainKey("owner");
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "write.parquet.dict-size-bytes|8|use a whole number from 64 to 2147483647",
        "write.parquet.compression-codec|zip|use zstd, snappy",
        "write.parquet.row-group-size-bytes|2147483648|whole number up to 2147483647",
        "write.parquet.bloom-filter-enabled.column.nope|true|column 'nope', which does not exist",
        "write.parquet.row-group-check-max-record-count|5|is less than"
      })
  void badValuesFailBeforeTheCommitAndLeaveTheTableUnchanged(
      String key, String value, String allowed) {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      table.updateProperties().set("write.parquet.row-group-check-min-record-count", "10").commit();
      Map<String, String> before = Map.copyOf(table.properties());
      assertThatThrownBy(
              () -> table.updateProperties().set(key, value).set("team", "data").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining(key)
          .hasMessageContaining(allowed);
      assertThat(floe.loadTable("db.t").properties()).isEqualTo(before);
      // the table still takes writes
      table.newAppend().rows(List.of(Map.of("id", 2L, "name", "b"))).commit();
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @Test
  void formatVersionUpgradesButNeverDowngrades() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      table.updateProperties().set("format-version", "3").commit();
      Table iceberg = Internals.icebergTable(floe.loadTable("db.t"));
      assertThat(
              ((org.apache.iceberg.HasTableOperations) iceberg)
                  .operations()
                  .current()
                  .formatVersion())
          .isEqualTo(3);
      assertThatThrownBy(() -> table.updateProperties().set("format-version", "2").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t");
      assertThat(floe.loadTable("db.t").newScan().count()).isEqualTo(1);
    }
  }

  @Test
  void anUpdateIsUsedOnce() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      io.floe.PropertiesUpdate update = table.updateProperties().set("team", "data");
      update.commit();
      assertThatThrownBy(update::commit)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("already committed");
    }
  }
}
