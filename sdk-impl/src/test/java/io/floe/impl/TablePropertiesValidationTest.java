package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known table properties are checked at create(): a bad value fails there, naming what is allowed.
 */
class TablePropertiesValidationTest {
  static Floe floe;

  @BeforeAll
  static void open() {
    floe = Floe.inMemory();
  }

  @AfterAll
  static void close() {
    floe.close();
  }

  private static FloeTable create(String name, String key, String value) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("name", Types.StringType.get())
        .property(key, value)
        .create();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "format-version|4|use 1, 2, 3",
        "format-version|two|use 1, 2, 3",
        "write.format.default|orc|use parquet, avro",
        "write.format.default|parket|use parquet, avro",
        "write.delete.format.default|csv|use parquet, avro",
        "write.parquet.compression-codec|zip|use zstd, snappy, gzip, lz4, lz4_raw, uncompressed",
        "write.parquet.compression-codec|brotli|use zstd, snappy, gzip, lz4, lz4_raw, uncompressed",
        "write.avro.compression-codec|lz4|use uncompressed, snappy, gzip, zstd",
        "write.delete.mode|merge|use copy-on-write, merge-on-read",
        "write.update.mode|fast|use copy-on-write, merge-on-read",
        "write.merge.isolation-level|strict|use serializable, snapshot",
        "write.distribution-mode|random|use none, hash, range",
        "write.target-file-size-bytes|0|greater than 0",
        "write.target-file-size-bytes|128MB|greater than 0",
        "write.parquet.row-group-size-bytes|-1|greater than 0",
        "write.parquet.page-size-bytes|99999999999|use a whole number from 64 to 1073741824",
        "write.parquet.page-size-bytes|63|use a whole number from 64 to 1073741824",
        "write.parquet.page-size-bytes|2147483647|use a whole number from 64 to 1073741824",
        "write.delete.parquet.page-size-bytes|1|use a whole number from 64 to 1073741824",
        "write.parquet.dict-size-bytes|8|use a whole number from 64 to 2147483647",
        "write.parquet.dict-size-bytes|63|use a whole number from 64 to 2147483647",
        "write.parquet.dict-size-bytes|0|use a whole number from 64 to 2147483647",
        "write.delete.parquet.dict-size-bytes|4|use a whole number from 64 to 2147483647",
        "write.parquet.row-group-size-bytes|2147483648|whole number up to 2147483647 greater than 0",
        "write.delete.parquet.row-group-size-bytes|0|whole number up to 2147483647 greater than 0",
        "write.delete.parquet.page-row-limit|0|whole number up to 2147483647 greater than 0",
        "write.parquet.row-group-check-min-record-count|0|whole number up to 2147483647 greater than 0",
        "commit.retry.num-retries|-1|of 0 or more",
        "commit.retry.min-wait-ms|soon|of 0 or more",
        "write.metadata.previous-versions-max|0|of 1 or more",
        "commit.manifest-merge.enabled|yes|use true, false",
        "write.metadata.metrics.default|truncate(-3)|use none, counts, truncate(n)",
        "write.metadata.compression-codec|zstd|use none, gzip",
        "floe.write.sort-buffer-rows|0|greater than 0"
      })
  void badValuesFailAtCreateNamingThePropertyAndTheAllowedValues(
      String key, String value, String allowed) {
    String table = "db.bad_" + Math.abs((key + value).hashCode());
    assertThatThrownBy(() -> create(table, key, value))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(table)
        .hasMessageContaining(key)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining(allowed);
    assertThat(floe.tableExists(table)).as("nothing created").isFalse();
  }

  @Test
  void perColumnPropertiesNeedAnExistingColumnAndAValidValue() {
    assertThatThrownBy(() -> create("db.col1", "write.metadata.metrics.column.nope", "full"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("db.col1")
        .hasMessageContaining("write.metadata.metrics.column.nope")
        .hasMessageContaining("column 'nope', which does not exist; columns are [id, name]")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("nope"));
    assertThatThrownBy(() -> create("db.col2", "write.metadata.metrics.column.name", "most"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "Invalid value 'most' for table property write.metadata.metrics.column.name of table db.col2");
    assertThatThrownBy(() -> create("db.col3", "write.parquet.bloom-filter-fpp.column.id", "1.5"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> create("db.col4", "write.parquet.bloom-filter-ndv.column.id", "-5"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> create("db.col5", "", "x"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("blank name");
    assertThat(floe.listTables("db")).noneMatch(t -> t.startsWith("db.col"));
  }

  @Test
  void aRowGroupCheckMaximumUnderTheMinimumFailsAtCreate() {
    assertThatThrownBy(
            () ->
                floe.createTable("db.check")
                    .column("id", Types.LongType.get())
                    .required()
                    .property("write.parquet.row-group-check-min-record-count", "500")
                    .property("write.parquet.row-group-check-max-record-count", "100")
                    .create())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("db.check")
        .hasMessageContaining(
            "write.parquet.row-group-check-max-record-count (100) is less than "
                + "write.parquet.row-group-check-min-record-count (500)");
    assertThat(floe.tableExists("db.check")).isFalse();
  }

  /** Issue 15 case 10: the smallest accepted sizes write, with a dictionary that fits (one row). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "write.parquet.dict-size-bytes",
    "write.parquet.page-size-bytes",
    "write.delete.parquet.dict-size-bytes",
    "write.delete.parquet.page-size-bytes"
  })
  void theSmallestAcceptedSizesWrite(String key, @TempDir Path dir) {
    try (Floe local = Floe.local(dir)) {
      FloeTable table =
          local
              .createTable("db.small")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .column("x", Types.IntegerType.get())
              .property(key, "64")
              .property("write.delete.mode", "merge-on-read")
              .create();
      table.newAppend().row(Map.of("id", 1L, "name", "a", "x", 7)).commit();
      table.newAppend().row(Map.of("id", 2L, "name", "b", "x", 8)).commit();
      table.newDelete().where(Expressions.equal("id", 2L)).commit();
      assertThat(table.newScan().count()).isEqualTo(1);
    }
  }

  /**
   * Issue 15 case 10: sizes Parquet cannot write with, set after the table was created (Floe has no
   * property update; Iceberg's API and other engines have), fail the append before any file is
   * written, naming the table, the property and the allowed range; the table keeps its snapshot.
   */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "write.parquet.dict-size-bytes|8|use a whole number from 64 to 2147483647",
        "write.parquet.dict-size-bytes|32|use a whole number from 64 to 2147483647",
        "write.parquet.page-size-bytes|1|use a whole number from 64 to 1073741824",
        "write.parquet.page-size-bytes|2147483647|use a whole number from 64 to 1073741824"
      })
  void sizesParquetCannotWriteWithFailTheAppendClearly(
      String key, String value, String allowed, @TempDir Path dir) {
    try (Floe local = Floe.local(dir)) {
      FloeTable table =
          local
              .createTable("db.later")
              .column("id", Types.LongType.get())
              .required()
              .column("x", Types.IntegerType.get())
              .create();
      table.newAppend().row(Map.of("id", 1L, "x", 7)).commit();
      long before = table.refresh().currentSnapshot().orElseThrow().snapshotId();
      Internals.icebergTable(table).updateProperties().set(key, value).commit();
      assertThatThrownBy(() -> table.refresh().newAppend().row(Map.of("id", 2L, "x", 8)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.later")
          .hasMessageContaining(key)
          .hasMessageContaining("'" + value + "'")
          .hasMessageContaining(allowed);
      assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
      assertThat(table.newScan().count()).isEqualTo(1);
    }
  }

  @Test
  void goodValuesAndUnknownKeysAreAcceptedAndWritable() {
    FloeTable table =
        floe.createTable("db.good")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .properties(
                Map.of(
                    "format-version", "2",
                    "write.format.default", "AVRO",
                    "write.parquet.compression-codec", "snappy",
                    "write.target-file-size-bytes", "1048576",
                    "commit.retry.num-retries", "0",
                    "write.delete.mode", "merge-on-read",
                    "write.metadata.metrics.default", "truncate(8)",
                    "write.metadata.metrics.column.name", "full",
                    "write.parquet.bloom-filter-fpp.column.id", "0.01",
                    "spark.some.engine.key", "anything"))
            .create();
    table.newAppend().row(Map.of("id", 1L, "name", "a")).commit();
    assertThat(table.newScan().count()).isEqualTo(1);
    assertThat(table.properties())
        .containsEntry("spark.some.engine.key", "anything")
        .containsEntry("write.format.default", "AVRO");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"zstd", "snappy", "gzip", "lz4", "lz4_raw", "uncompressed", "ZSTD"})
  void everyAcceptedParquetCodecWrites(String codec) {
    FloeTable table =
        create(
            "db.codec_" + codec.toLowerCase(java.util.Locale.ROOT) + "_" + codec.hashCode(),
            "write.parquet.compression-codec",
            codec);
    table.newAppend().row(Map.of("id", 1L, "name", "a")).commit();
    assertThat(table.newScan().count()).isEqualTo(1);
  }
}
