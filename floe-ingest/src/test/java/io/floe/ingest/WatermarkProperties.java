package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.iceberg.types.Types;

/**
 * A JDBC source's watermark goes through the snapshot summary as text: it must come back as the
 * same value, or a restart would skip rows (a larger value) or copy them twice (a smaller one).
 */
class WatermarkProperties {

  @Property
  void longs(@ForAll long value) {
    assertThat(JdbcTypes.parse(JdbcTypes.format(value), Types.LongType.get())).isEqualTo(value);
  }

  @Property
  void doubles(@ForAll double value) {
    assertThat(JdbcTypes.parse(JdbcTypes.format(value), Types.DoubleType.get())).isEqualTo(value);
  }

  @Property
  void decimals(@ForAll BigDecimal value) {
    assertThat(JdbcTypes.parse(JdbcTypes.format(value), Types.DecimalType.of(38, 10)))
        .isEqualTo(value);
  }

  @Provide
  Arbitrary<LocalDateTime> timestamps() {
    // microseconds, as databases and Iceberg keep them; seconds and micros of 0 included
    return Arbitraries.longs()
        .between(-2_000_000_000_000_000L, 4_000_000_000_000_000L)
        .edgeCases(c -> c.add(0L))
        .map(
            micros ->
                LocalDateTime.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000),
                    (int) Math.floorMod(micros, 1_000_000) * 1000,
                    ZoneOffset.UTC));
  }

  @Property
  void timestamps(@ForAll("timestamps") LocalDateTime value) {
    assertThat(JdbcTypes.parse(JdbcTypes.format(value), Types.TimestampType.withoutZone()))
        .isEqualTo(value);
    OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
    assertThat(JdbcTypes.parse(JdbcTypes.format(utc), Types.TimestampType.withZone()))
        .isEqualTo(utc);
    LocalDate day = value.toLocalDate();
    assertThat(JdbcTypes.parse(JdbcTypes.format(day), Types.DateType.get())).isEqualTo(day);
  }

  @Property
  void strings(@ForAll String value) {
    assertThat(JdbcTypes.parse(JdbcTypes.format(value), Types.StringType.get())).isEqualTo(value);
  }
}
