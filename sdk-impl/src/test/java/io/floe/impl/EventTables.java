package io.floe.impl;

import io.floe.Floe;
import io.floe.TableCreator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.types.Types;

/**
 * The events table the maintenance and write tests share: a required long {@code id}, string {@code
 * category} and {@code payload} columns, identity-partitioned by {@code category}; and its rows,
 * ids in a range, alternately in the {@code even} and {@code odd} partitions.
 */
public final class EventTables {
  private EventTables() {}

  /** The events table's creator; callers add properties or a format version and create it. */
  public static TableCreator events(Floe floe, String name) {
    return events(floe, name, false);
  }

  /** The events table's creator with {@code id} as its identifier column (for upserts). */
  public static TableCreator eventsWithIdentifier(Floe floe, String name) {
    return events(floe, name, true);
  }

  private static TableCreator events(Floe floe, String name, boolean idIsIdentifier) {
    return floe.createTable(name)
        .columns(
            s -> {
              s.column("id", Types.LongType.get()).required();
              if (idIsIdentifier) {
                s.identifier();
              }
              s.column("category", Types.StringType.get())
                  .column("payload", Types.StringType.get());
            })
        .partitionBy(p -> p.identity("category"));
  }

  /**
   * Rows with ids {@code from} (inclusive) to {@code to} (exclusive) and payload {@code "p" + id}.
   */
  public static List<Map<String, Object>> rows(long from, long to) {
    return rows(from, to, "p");
  }

  /**
   * Rows with ids {@code from} (inclusive) to {@code to} (exclusive) and payload {@code payload +
   * id}.
   */
  public static List<Map<String, Object>> rows(long from, long to, String payload) {
    return LongStream.range(from, to)
        .mapToObj(
            i -> {
              Map<String, Object> row = new HashMap<>();
              row.put("id", i);
              row.put("category", i % 2 == 0 ? "even" : "odd");
              row.put("payload", payload + i);
              return row;
            })
        .toList();
  }
}
