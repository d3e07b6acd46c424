package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * Semi-structured events in a {@code variant} column (Iceberg format v3), with a nanosecond
 * timestamp and the counter field shredded: written from JSON text and Java maps, read back with
 * path access. Run {@link #run(Path)} on a fresh folder; it returns what it read.
 */
public final class VariantQuickStart {
  private VariantQuickStart() {}

  /**
   * What a run read.
   *
   * @param users the {@code user} field of every event, in id order
   * @param firstTags the first tag of every event that has tags, in id order
   * @param json every payload as JSON, in id order
   * @param seen the timestamp of the first event, all nine fraction digits
   */
  public record Result(
      List<String> users, List<String> firstTags, List<String> json, String seen) {}

  /**
   * Creates {@code analytics.events}, appends three events and reads them back.
   *
   * @param warehouse an empty or missing warehouse folder
   * @return what was read
   */
  public static Result run(Path warehouse) {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable events =
          floe.createTable("analytics.events")
              .columns(
                  c ->
                      c.column("id", Types.LongType.get())
                          .required()
                          .timestampNanos("seen")
                          .variant("payload"))
              .property("floe.variant.shredded-fields.payload", "user:string, n:long")
              .create(); // format version 3, chosen for the v3 columns
      LocalDateTime seen = LocalDateTime.of(2026, 12, 7, 14, 0, 0, 123_456_789);
      events
          .newAppend()
          .rows(
              List.of(
                  Map.of(
                      "id",
                      1L,
                      "seen",
                      seen,
                      "payload",
                      "{\"user\": \"ann\", \"n\": 3, \"tags\": [\"new\", \"vip\"]}"),
                  Map.of(
                      "id", 2L,
                      "seen", seen.plusNanos(1),
                      "payload", Map.of("user", "bob", "n", 4, "price", new BigDecimal("9.99"))),
                  Map.of(
                      "id", 3L,
                      "seen", seen.plusNanos(2),
                      "payload", Variant.parseJson("{\"user\": \"cy\", \"tags\": [\"x\"]}"))))
          .commit();

      List<String> users = new ArrayList<>();
      List<String> firstTags = new ArrayList<>();
      List<String> json = new ArrayList<>();
      String first = null;
      try (RowStream rows = events.newScan().rows()) {
        List<Row> sorted = new ArrayList<>();
        rows.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a.get("id", Long.class), b.get("id", Long.class)));
        for (Row row : sorted) {
          Variant payload = row.get("payload", Variant.class);
          users.add(payload.get("user").map(Variant::asString).orElse(null));
          payload.get("tags[0]").map(Variant::asString).ifPresent(firstTags::add);
          json.add(payload.toJson());
          if (first == null) {
            first = row.get("seen", LocalDateTime.class).toString();
          }
        }
      }
      return new Result(users, firstTags, json, first);
    }
  }

  /**
   * Runs the sample in a folder given as the first argument (default {@code variant-warehouse}).
   *
   * @param args the warehouse folder, optional
   */
  public static void main(String[] args) {
    Result result = run(Path.of(args.length > 0 ? args[0] : "variant-warehouse"));
    System.out.println("users " + result.users() + ", first tags " + result.firstTags());
    result.json().forEach(System.out::println);
  }
}
