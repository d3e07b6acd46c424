package io.floe.impl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A manifest or manifest list cut short on storage (a torn write, a truncated copy) makes reads
 * fail with an exception naming the file, with the metadata cache on or off: Avro alone reads such
 * a file as a shorter one, and the table silently loses the rows of the cut entries.
 */
class TornManifestTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} cut by {1} bytes, cache {2}")
  @CsvSource({
    "manifest list, 1, true", "manifest list, 1, false", "manifest list, 40, true",
        "manifest list, 40, false",
    "manifest, 1, true", "manifest, 1, false", "manifest, 40, true", "manifest, 40, false"
  })
  void aCutManifestFailsNamingTheFile(String kind, int cut, boolean cache) throws IOException {
    Path warehouse = dir.resolve("wh");
    Path victim;
    try (Floe floe = open(warehouse, cache)) {
      FloeTable table =
          floe.createTable("db.t").column("id", Types.LongType.get()).required().create();
      for (long batch = 0; batch < 3; batch++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
          rows.add(Map.of("id", batch * 50 + i));
        }
        table.newAppend().rows(rows).commit();
      }
      assertThat(count(table)).isEqualTo(150);
      org.apache.iceberg.Table iceberg = io.floe.impl.spi.Internals.icebergTable(table);
      org.apache.iceberg.Snapshot current = iceberg.currentSnapshot();
      victim =
          Path.of(
              java.net
                  .URI
                  .create(
                      kind.equals("manifest list")
                          ? current.manifestListLocation()
                          : current.allManifests(iceberg.io()).get(0).path())
                  .getPath());
    }
    byte[] bytes = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length - cut));

    try (Floe floe = open(warehouse, cache)) {
      FloeTable table = floe.loadTable("db.t");
      assertThatThrownBy(() -> count(table))
          .isInstanceOf(FloeException.class)
          .hasMessageContaining(victim.getFileName().toString())
          .hasMessageContaining("damaged");
    }
  }

  private static Floe open(Path warehouse, boolean cache) {
    return Floe.open(
        FloeConfig.builder("torn")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toString())
            .property("floe.cache.enabled", Boolean.toString(cache))
            .build());
  }

  private static long count(FloeTable table) {
    long n = 0;
    try (CloseableIterable<Row> rows = table.newScan().rows()) {
      for (Row ignored : rows) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }
}
