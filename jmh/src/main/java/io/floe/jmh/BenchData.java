package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.TableCreator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** The benchmark tables: 5 columns (id, ts, category, value, name), rows generated on the fly. */
final class BenchData {
  static final OffsetDateTime EPOCH =
      OffsetDateTime.ofInstant(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final String[] CATEGORIES = {
    "books", "music", "games", "garden", "tools", "toys", "food", "sport"
  };

  private BenchData() {}

  static TableCreator columns(TableCreator creator) {
    return creator
        .column("id", Types.LongType.get())
        .required()
        .column("ts", Types.TimestampType.withZone())
        .column("category", Types.StringType.get())
        .column("value", Types.DoubleType.get())
        .column("name", Types.StringType.get());
  }

  static Record record(Schema schema, long id, double value) {
    GenericRecord r = GenericRecord.create(schema);
    r.set(0, id);
    r.set(1, EPOCH.plusSeconds(id));
    r.set(2, CATEGORIES[(int) (id % CATEGORIES.length)]);
    r.set(3, value);
    r.set(4, "user-" + (id * 7919 % 1_000_003));
    return r;
  }

  /** Rows [from, to) generated lazily. */
  static Iterable<Record> range(Schema schema, long from, long to, double value) {
    return () ->
        new Iterator<>() {
          private long next = from;

          @Override
          public boolean hasNext() {
            return next < to;
          }

          @Override
          public Record next() {
            if (next >= to) {
              throw new NoSuchElementException();
            }
            return record(schema, next++, value);
          }
        };
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long dataBytes(FloeTable table) {
    return table
        .currentSnapshot()
        .map(s -> Long.parseLong(s.summary().getOrDefault("total-files-size", "0")))
        .orElse(0L);
  }

  static Floe open(Path dir) {
    return Floe.local(dir);
  }

  /**
   * Opens what {@code Floe.local} opens, with syncing of written files to the disk on or off.
   *
   * @param dir the warehouse
   * @param fsync the value of {@code floe.local.fsync}: {@code "true"} (the default) or {@code
   *     "false"}
   * @return the Floe
   */
  static Floe open(Path dir, String fsync) {
    return Floe.open(
        "local",
        java.util.Map.of(
            "type", "local", "warehouse", dir.toString(), io.floe.FloeConfig.LOCAL_FSYNC, fsync));
  }
}
