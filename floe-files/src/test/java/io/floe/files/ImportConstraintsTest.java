package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file import is a Floe write: the table's data quality rules apply to it. */
class ImportConstraintsTest {
  @TempDir Path tmp;

  @Test
  void importsFollowTheTablesRules() throws Exception {
    Path landing = tmp.resolve("landing");
    Files.createDirectories(landing);
    StringBuilder csv = new StringBuilder("id,amount\n");
    for (int i = 1; i <= 100; i++) {
      csv.append(i).append(',').append(i % 10 == 0 ? -1.0 : i * 1.0).append('\n');
    }
    Files.writeString(landing.resolve("a.csv"), csv);
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable sales =
          floe.createTable("shop.sales")
              .column("id", Types.LongType.get())
              .column("amount", Types.DoubleType.get())
              .create();
      sales.updateConstraints().add(Constraint.atLeast("amount", 0.0)).commit();
      assertThatThrownBy(
              () ->
                  FileImport.into(floe, "shop.sales")
                      .from(landing)
                      .csv(CsvOptions.defaults())
                      .run())
          .isInstanceOf(ConstraintViolationException.class)
          .hasMessageContaining("Row 9 of the Arrow append to shop.sales");
      assertThat(sales.refresh().currentSnapshot()).isEmpty();

      sales.updateConstraints().mode(QualityMode.QUARANTINE).commit();
      ImportResult result =
          FileImport.into(floe, "shop.sales").from(landing).csv(CsvOptions.defaults()).run();
      assertThat(result.rowsWritten()).isEqualTo(90);
      assertThat(sales.refresh().newScan().count()).isEqualTo(90);
      assertThat(floe.loadTable("shop.sales__quarantine").newScan().count()).isEqualTo(10);
    }
  }
}
