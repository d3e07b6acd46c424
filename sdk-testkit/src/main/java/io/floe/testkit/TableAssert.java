package io.floe.testkit;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ assertions on a {@link FloeTable}: its snapshots, rows, schema and files. Each check
 * first refreshes the table, so it sees other writers' commits.
 *
 * <p>Rows are compared as values: expected rows are converted to the table's types the way an
 * append converts them (so {@code 1} matches a {@code long} column and {@code "2026-01-01"} a
 * {@code date}), and only the columns the expected rows name are read. Row order is ignored,
 * because a table has none. Not thread-safe; use one per assertion chain.
 *
 * <pre>{@code
 * assertThat(table)
 *     .hasSnapshots(2)
 *     .hasRowCount(3)
 *     .containsExactlyRows(Rows.row("id", 1L), Rows.row("id", 2L), Rows.row("id", 3L))
 *     .hasNoOrphanFiles();
 * }</pre>
 */
public final class TableAssert extends AbstractAssert<TableAssert, FloeTable> {
  private static final int SHOWN = 20;

  TableAssert(FloeTable table) {
    super(table, TableAssert.class);
  }

  private FloeTable table() {
    isNotNull();
    return actual.refresh();
  }

  /**
   * Checks the number of snapshots in the table's metadata.
   *
   * @param expected the count
   * @return this assertion
   */
  public TableAssert hasSnapshots(int expected) {
    List<Snapshot> snapshots = table().snapshots();
    if (snapshots.size() != expected) {
      failWithMessage(
          "Expected table %s to have %s snapshots but it has %s: %s",
          actual.name(),
          expected,
          snapshots.size(),
          snapshots.stream().map(s -> s.snapshotId() + " " + s.operation()).toList());
    }
    return this;
  }

  /**
   * Checks that the table has no snapshot (nothing was ever committed).
   *
   * @return this assertion
   */
  public TableAssert hasNoSnapshots() {
    return hasSnapshots(0);
  }

  /**
   * Checks that the current snapshot is a given one.
   *
   * @param snapshotId the expected snapshot id
   * @return this assertion
   */
  public TableAssert isAtSnapshot(long snapshotId) {
    Long current = table().currentSnapshot().map(Snapshot::snapshotId).orElse(null);
    if (current == null || current != snapshotId) {
      failWithMessage(
          "Expected table %s to be at snapshot %s but it is at %s",
          actual.name(), snapshotId, current == null ? "no snapshot" : current);
    }
    return this;
  }

  /**
   * Checks the number of rows a full scan returns.
   *
   * @param expected the count
   * @return this assertion
   */
  public TableAssert hasRowCount(long expected) {
    long count = table().newScan().count();
    if (count != expected) {
      failWithMessage(
          "Expected table %s to have %s rows but it has %s", actual.name(), expected, count);
    }
    return this;
  }

  /**
   * Checks the names of the table's top-level columns, in order.
   *
   * @param names the expected names
   * @return this assertion
   */
  public TableAssert hasColumns(String... names) {
    List<String> columns =
        table().schema().columns().stream().map(Types.NestedField::name).toList();
    if (!columns.equals(Arrays.asList(names))) {
      failWithMessage(
          "Expected table %s to have columns %s but it has %s",
          actual.name(), Arrays.asList(names), columns);
    }
    return this;
  }

  /**
   * Checks a table property.
   *
   * @param key the property key
   * @param value the expected value
   * @return this assertion
   */
  public TableAssert hasProperty(String key, String value) {
    String found = table().properties().get(key);
    if (!Objects.equals(found, value)) {
      failWithMessage(
          "Expected table %s to have property %s=%s but it is %s",
          actual.name(), key, value, found);
    }
    return this;
  }

  /**
   * Checks an entry of the current snapshot's summary.
   *
   * @param key the summary key
   * @param value the expected value
   * @return this assertion
   */
  public TableAssert hasSnapshotSummary(String key, String value) {
    Snapshot current = table().currentSnapshot().orElse(null);
    String found = current == null ? null : current.summary().get(key);
    if (!Objects.equals(found, value)) {
      failWithMessage(
          "Expected the current snapshot of %s to have summary %s=%s but it has %s",
          actual.name(), key, value, current == null ? "no snapshot" : current.summary());
    }
    return this;
  }

  /**
   * Checks that the table holds exactly these rows, in any order, comparing the columns the
   * expected rows name (a column missing from a row is expected to be null).
   *
   * @param expected the rows
   * @return this assertion
   */
  @SafeVarargs
  public final TableAssert containsExactlyRows(Map<String, ?>... expected) {
    return containsExactlyRows(Arrays.asList(expected));
  }

  /**
   * Checks that the table holds exactly these rows, in any order.
   *
   * @param expected the rows
   * @return this assertion
   * @see #containsExactlyRows(Map[])
   */
  public TableAssert containsExactlyRows(List<? extends Map<String, ?>> expected) {
    Comparison c = compare(expected);
    if (!c.missing.isEmpty() || !c.unexpected.isEmpty()) {
      failWithMessage(
          "Expected table %s to contain exactly %s rows but it has %s.%nMissing (%s): %s%n"
              + "Unexpected (%s): %s",
          actual.name(),
          expected.size(),
          c.actualCount,
          c.missing.size(),
          shown(c.missing),
          c.unexpected.size(),
          shown(c.unexpected));
    }
    return this;
  }

  /**
   * Checks that the table holds at least these rows (compared on the columns they name).
   *
   * @param expected the rows
   * @return this assertion
   */
  @SafeVarargs
  public final TableAssert containsRows(Map<String, ?>... expected) {
    Comparison c = compare(Arrays.asList(expected));
    if (!c.missing.isEmpty()) {
      failWithMessage(
          "Expected table %s to contain %s but these are missing: %s",
          actual.name(), shown(Arrays.asList(expected)), shown(c.missing));
    }
    return this;
  }

  /**
   * Checks that none of these rows is in the table (compared on the columns they name).
   *
   * @param unwanted the rows
   * @return this assertion
   */
  @SafeVarargs
  public final TableAssert doesNotContainRows(Map<String, ?>... unwanted) {
    Comparison c = compare(Arrays.asList(unwanted));
    List<Map<String, Object>> found = new ArrayList<>(c.expected);
    found.removeAll(c.missing);
    if (!found.isEmpty()) {
      failWithMessage("Expected table %s not to contain %s", actual.name(), shown(found));
    }
    return this;
  }

  /**
   * Starts AssertJ list assertions on all rows (as maps from column name to value), for checks this
   * class does not offer.
   *
   * @return assertions on the rows, in scan order
   */
  public ListAssert<Map<String, Object>> rows() {
    return Assertions.assertThat(readRows(table(), null));
  }

  /**
   * Checks that the table's metadata refers to no missing file and that every file under its
   * location is referred to: no data, manifest or metadata file was lost or left behind.
   *
   * @return this assertion
   */
  public TableAssert hasNoOrphanFiles() {
    List<String> orphans = TableFiles.orphans(table());
    if (!orphans.isEmpty()) {
      failWithMessage(
          "Expected table %s to have no orphan files but found %s: %s",
          actual.name(), orphans.size(), orphans.stream().limit(SHOWN).toList());
    }
    return this;
  }

  /**
   * Checks that Floe's scan returns the same rows as Iceberg's own generic reader, and that every
   * file the table refers to can be read. Iceberg's generic reader ({@code IcebergGenerics}) needs
   * Hadoop; without Hadoop on the class path the rows are read with Iceberg's planning and delete
   * filter over Floe's Parquet decoder instead, which is still independent of Floe's scan
   * (planning, pruning, delete handling).
   *
   * @return this assertion
   */
  public TableAssert isConsistentWithIcebergReader() {
    FloeTable table = table();
    List<Map<String, Object>> floeRows = readRows(table, null);
    List<Map<String, Object>> generic = new ArrayList<>();
    Table iceberg = Internals.icebergTable(table);
    try (CloseableIterable<Record> records =
        Internals.icebergReaderAvailable()
            ? IcebergGenerics.read(iceberg).build()
            : Internals.icebergRecords(iceberg)) {
      for (Record r : records) {
        // Iceberg's reader adds _pos to its rows when it applies position deletes
        Map<String, Object> row = toMap(r);
        row.keySet().removeIf(MetadataColumns::isMetadataColumn);
        generic.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Diff d = diff(generic, floeRows);
    if (!d.missing.isEmpty() || !d.extra.isEmpty()) {
      failWithMessage(
          "Floe's scan of %s differs from Iceberg's generic reader.%nOnly in Iceberg's (%s): %s%n"
              + "Only in Floe's (%s): %s",
          actual.name(), d.missing.size(), shown(d.missing), d.extra.size(), shown(d.extra));
    }
    return this;
  }

  // ---- row comparison ----

  private record Comparison(
      List<Map<String, Object>> expected,
      List<Map<String, Object>> missing,
      List<Map<String, Object>> unexpected,
      int actualCount) {}

  private record Diff(List<Map<String, Object>> missing, List<Map<String, Object>> extra) {}

  private Comparison compare(List<? extends Map<String, ?>> expected) {
    FloeTable table = table();
    Schema schema = table.schema();
    Set<String> named = new LinkedHashSet<>();
    expected.forEach(row -> named.addAll(row.keySet()));
    List<String> columns =
        schema.columns().stream()
            .map(Types.NestedField::name)
            .filter(named::contains)
            .collect(Collectors.toList());
    for (String name : named) {
      if (!columns.contains(name)) {
        failWithMessage(
            "Expected rows name column '%s', which table %s does not have; its columns are %s",
            name, actual.name(), schema.columns().stream().map(Types.NestedField::name).toList());
      }
    }
    Schema projected = schema.select(columns);
    Function<Map<String, ?>, Record> converter = DataWrites.rowConverter(table.name(), projected);
    List<Map<String, Object>> want = new ArrayList<>();
    for (Map<String, ?> row : expected) {
      want.add(toMap(converter.apply(row)));
    }
    List<Map<String, Object>> got = readRows(table, columns);
    Diff d = diff(want, got);
    return new Comparison(want, d.missing, d.extra, got.size());
  }

  /**
   * Multiset difference: rows of {@code want} not in {@code got}, and rows of {@code got} not in
   * {@code want}.
   */
  private static Diff diff(List<Map<String, Object>> want, List<Map<String, Object>> got) {
    Map<Map<String, Object>, Integer> counts = new HashMap<>();
    got.forEach(r -> counts.merge(r, 1, Integer::sum));
    List<Map<String, Object>> missing = new ArrayList<>();
    for (Map<String, Object> row : want) {
      Integer n = counts.get(row);
      if (n == null) {
        missing.add(row);
      } else if (n == 1) {
        counts.remove(row);
      } else {
        counts.put(row, n - 1);
      }
    }
    List<Map<String, Object>> extra = new ArrayList<>();
    counts.forEach(
        (row, n) -> {
          for (int i = 0; i < n; i++) {
            extra.add(row);
          }
        });
    return new Diff(missing, extra);
  }

  private static List<Map<String, Object>> readRows(FloeTable table, List<String> columns) {
    List<Map<String, Object>> rows = new ArrayList<>();
    var scan = columns == null ? table.newScan() : table.newScan().select(columns);
    try (CloseableIterable<Row> it = scan.rows()) {
      for (Row row : it) {
        rows.add(normalize(row.toMap()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static Map<String, Object> toMap(StructLike struct) {
    Record record = (Record) struct;
    Map<String, Object> map = new LinkedHashMap<>();
    for (Types.NestedField field : record.struct().fields()) {
      map.put(field.name(), normalizeValue(record.getField(field.name())));
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalize(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, normalizeValue(v)));
    return out;
  }

  private static Object normalizeValue(Object value) {
    if (value instanceof Record r) {
      return toMap(r);
    }
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalizeValue(v)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(normalizeValue(k), normalizeValue(v)));
      return out;
    }
    if (value instanceof CharSequence s && !(value instanceof String)) {
      return s.toString();
    }
    return value;
  }

  private static String shown(List<? extends Map<String, ?>> rows) {
    String text =
        rows.stream()
            .limit(SHOWN)
            .map(Object::toString)
            .collect(Collectors.joining(", ", "[", "]"));
    return rows.size() > SHOWN ? text + " and " + (rows.size() - SHOWN) + " more" : text;
  }
}
