package io.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code where(String)} and {@code as(Class)} on the production backends (REST, PostgreSQL, S3).
 */
class TypedReadIT {
  static Stream<Named<Supplier<FloeConfig>>> backends() {
    return Stream.of(
        Named.of("sqlite+local", () -> Backends.sqlite(Backends.local())),
        Named.of("rest+s3", () -> Backends.rest(Backends.s3())),
        Named.of("postgres+s3", () -> Backends.postgres(Backends.s3())));
  }

  public record Order(long id, Instant placedAt, String category, BigDecimal price) {}

  @ParameterizedTest
  @MethodSource("backends")
  void textFiltersAndRecords(Supplier<FloeConfig> backend) {
    try (Floe floe = Floe.open(backend.get())) {
      String name = "typed" + System.nanoTime() + ".orders";
      FloeTable orders =
          floe.createTable(name)
              .column("id", Types.LongType.get())
              .required()
              .column("placed_at", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("price", Types.DecimalType.of(9, 2))
              .partitionBy(p -> p.bucket("price", 4))
              .bloomFilter("price")
              .create();
      List<Order> written = new ArrayList<>();
      for (long id = 0; id < 20; id++) {
        written.add(
            new Order(
                id,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600 * id),
                id % 2 == 0 ? "books" : "games",
                BigDecimal.valueOf(id * 50, 2)));
      }
      orders.newAppend().objects(written).commit();

      assertThat(
              orders
                  .newScan()
                  .where("category = 'books' and placed_at >= timestamp '2026-01-01 10:00'")
                  .as(Order.class)
                  .toList())
          .containsExactlyInAnyOrderElementsOf(
              written.stream().filter(o -> o.id() % 2 == 0 && o.id() >= 10).toList());
      assertThat(orders.newScan().where("price = 1.5").as(Order.class).toList())
          .containsExactly(written.get(3));
      assertThatThrownBy(() -> orders.newScan().where("prize = 1.5").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("prize");
    }
  }
}
