package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.UnsupportedFeatureException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Without {@code io.floe:floe-sdk-parquet} on the class path (as in this module's tests), every
 * scan's {@code arrow(...)} says which artifact to add, and the rows stay readable.
 */
class ArrowWithoutParquetTest {

  @Test
  void everyScanKindNamesTheArtifactToAdd() throws Throwable {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("db.events").column("id", Types.LongType.get()).required().create();
      table.newAppend().rows(List.of(Map.of("id", 1L))).commit();
      Object allocator =
          new Object(); // no Arrow here: the provider is looked up before the arguments
      for (Executable read :
          List.<Executable>of(
              () ->
                  table
                      .newScan()
                      .where(org.apache.iceberg.expressions.Expressions.equal("id", 1L))
                      .arrow(AutoCloseable.class, allocator),
              () ->
                  table
                      .metadataTable(MetadataTableType.SNAPSHOTS)
                      .arrow(AutoCloseable.class, allocator, 10),
              () -> table.newIncrementalScan().arrow(AutoCloseable.class, allocator),
              () -> table.newChangelogScan().arrow(AutoCloseable.class, allocator, 10))) {
        assertThatThrownBy(read::execute)
            .isInstanceOf(UnsupportedFeatureException.class)
            .hasMessageStartingWith("Cannot read ")
            .hasMessageContaining("db.events")
            .hasMessageEndingWith(
                " as Arrow batches: no Arrow reader on the class path. Add the dependency "
                    + "io.floe:floe-sdk-parquet (it provides the vectorized Arrow reader), or read rows with rows()");
      }
      assertThat(table.newScan().rows().toList()).hasSize(1);
    }
  }
}
