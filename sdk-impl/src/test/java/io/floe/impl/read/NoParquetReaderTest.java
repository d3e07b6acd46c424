package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.WriteMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sdk-impl alone, with neither sdk-parquet (Floe's Parquet reader) nor Hadoop (which Iceberg's
 * generic reader, the fallback, needs) on the class path: the pom runs this class alone in a
 * Surefire execution that leaves every {@code org.apache.hadoop} artifact out. Writes work; a read
 * of Parquet rows fails with an {@link UnsupportedFeatureException} naming the table and the file
 * and saying what to add, not with a {@code NoClassDefFoundError}; the table is unchanged.
 */
class NoParquetReaderTest {
  @TempDir Path warehouse;

  @Test
  void readsFailWithWhatToAdd() {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .required()
              .column("v", Types.StringType.get())
              .create();
      table.newAppend().rows(List.of(Map.of("id", 1L, "v", "a"))).commit();
      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();

      assertThatThrownBy(() -> table.newScan().rows().toList())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("Cannot read Parquet file ")
          .hasMessageContaining(" of table db.t")
          .hasMessageContaining("Add io.floe:floe-sdk-parquet")
          .hasMessageContaining("org.apache.hadoop:hadoop-common")
          .satisfies(
              e ->
                  assertThat(((UnsupportedFeatureException) e).file().orElseThrow())
                      .endsWith(".parquet"));
      assertThatThrownBy(
              () ->
                  table
                      .newUpsert()
                      .key("id")
                      .mode(WriteMode.MERGE_ON_READ)
                      .rows(List.of(Map.of("id", 1L, "v", "b")))
                      .commit())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("Add io.floe:floe-sdk-parquet");
      assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
    }
  }
}
