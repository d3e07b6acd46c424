package io.floe.impl.quality;

import io.floe.AppendResult;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.RecordWriter;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import io.floe.quality.QualitySummary;
import io.floe.quality.TableConstraints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.iceberg.Accessor;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;

/**
 * Checks the rows of one write against its table's rules (see {@link io.floe.quality}) and sends
 * the bad ones to the quarantine or fails the write. The write hands each row over before writing
 * it: {@link #admit} for rows as records, {@link #checkBatch} for Arrow batches (each row's columns
 * decoded once, however many rules read them). Before its own commit the write calls {@link
 * #beforeCommit()}, which commits the quarantined rows (a separate commit, to another table) and
 * returns the summary properties for the write's snapshot.
 *
 * <p>Order of checks, the same on both paths: the row rules in the order the table lists them, then
 * the unique keys; a row's first broken rule is the one reported. A row that breaks a rule does not
 * claim its key, so a later row with the same key is accepted. Not thread-safe; one per write.
 */
public final class WriteGate implements io.floe.impl.spi.WriteChecks {
  private static final WriteGate NONE = new WriteGate();

  private final String table;
  private final String kind;
  private final Schema schema;
  private final TableConstraints rules;
  private final List<Rules.Rule> rowRules;
  private final List<UniqueKey> keys;
  private final Quarantine quarantine;
  private final InternalRecordWrapper wrapper;
  private final Map<String, Long> quarantinedByRule = new LinkedHashMap<>();
  private final String writeId = UUID.randomUUID().toString();
  private long checked;
  private long quarantined;
  private Table quarantineTable;
  private Schema quarantineSchema;
  private RecordWriter quarantineWriter;
  private final Memo memo;

  /** A unique rule: its key columns and the keys seen in this write. */
  private static final class UniqueKey {
    final Rules.Rule rule;
    final List<Accessor<StructLike>> accessors;
    final Set<Object> seen = new HashSet<>();

    /** The seen keys of a single integer-like key column, unboxed; else null. */
    final LongSet longs;

    /** The keys already in the table, for a table-wide rule; else null. */
    final TableKeys inTable;

    UniqueKey(
        Rules.Rule rule,
        List<Accessor<StructLike>> accessors,
        boolean integral,
        TableKeys inTable) {
      this.rule = rule;
      this.accessors = accessors;
      this.longs = integral && accessors.size() == 1 ? new LongSet() : null;
      this.inTable = inTable;
    }

    /** Whether the row's key is new (claiming it), or has a null; false for a duplicate. */
    boolean claim(StructLike row) {
      if (longs != null) {
        Object v = accessors.get(0).get(row);
        if (v == null) {
          return true;
        }
        long key = ((Number) v).longValue();
        return (inTable == null || !inTable.contains(key)) && longs.add(key);
      }
      Object key = key(row);
      return key == null || seen.add(key);
    }

    /** Whether the row's key was seen (without claiming it). */
    boolean seen(StructLike row) {
      if (longs != null) {
        Object v = accessors.get(0).get(row);
        if (v == null) {
          return false;
        }
        long key = ((Number) v).longValue();
        return longs.contains(key) || (inTable != null && inTable.contains(key));
      }
      Object key = key(row);
      return key != null && seen.contains(key);
    }

    /** The row's key, or null when a key column is null (not compared). */
    Object key(StructLike row) {
      if (accessors.size() == 1) {
        return Rules.keyValue(accessors.get(0).get(row));
      }
      List<Object> key = new ArrayList<>(accessors.size());
      for (Accessor<StructLike> a : accessors) {
        Object v = a.get(row);
        if (v == null) {
          return null;
        }
        key.add(Rules.keyValue(v));
      }
      return key;
    }
  }

  private WriteGate() {
    this.table = null;
    this.kind = null;
    this.schema = null;
    this.rules = TableConstraints.none();
    this.rowRules = List.of();
    this.keys = List.of();
    this.quarantine = null;
    this.wrapper = null;
    this.memo = null;
  }

  private WriteGate(
      String table,
      String kind,
      Schema schema,
      TableConstraints rules,
      Quarantine quarantine,
      Table sourceTable) {
    this.table = table;
    this.kind = kind;
    this.schema = schema;
    this.rules = rules;
    this.rowRules = Rules.compile(table, schema, rules.constraints());
    this.keys = new ArrayList<>();
    for (Constraint c : rules.constraints()) {
      if (c.kind() == Constraint.Kind.UNIQUE) {
        List<Accessor<StructLike>> accessors = Rules.keyAccessors(table, schema, c);
        Rules.Rule rule =
            new Rules.Rule(
                c,
                c.columns().size() == 1 ? c.columns().get(0) : null,
                accessors.size() == 1 ? accessors.get(0) : null) {
              @Override
              boolean test(StructLike row) {
                return true;
              }

              @Override
              String reason() {
                return c.tableWide()
                    ? "key " + c.columns() + " already in the table or earlier in this write"
                    : "duplicate key " + c.columns() + " in this write";
              }
            };
        boolean integral = true;
        for (String column : c.columns()) {
          org.apache.iceberg.types.Type.TypeID id = schema.findField(column).type().typeId();
          integral &=
              id == org.apache.iceberg.types.Type.TypeID.LONG
                  || id == org.apache.iceberg.types.Type.TypeID.INTEGER
                  || id == org.apache.iceberg.types.Type.TypeID.DATE
                  || id == org.apache.iceberg.types.Type.TypeID.TIMESTAMP;
        }
        TableKeys inTable =
            c.tableWide() && sourceTable != null
                ? new TableKeys(table, sourceTable, schema.findField(c.columns().get(0)))
                : null;
        keys.add(new UniqueKey(rule, accessors, integral, inTable));
      }
    }
    this.quarantine = quarantine;
    this.wrapper = new InternalRecordWrapper(schema.asStruct());
    this.memo = new Memo(schema.columns().size());
  }

  /**
   * The gate of one write: a gate that checks nothing when the table has no rules.
   *
   * @param name the table's full name
   * @param table the table
   * @param kind the write's name for messages, such as "append"
   * @param quarantine where quarantined rows go, or null when the write cannot reach the catalog
   *     (then bad rows fail the write even in quarantine mode)
   * @return the gate
   * @throws io.floe.ValidationException when the stored rules cannot be read or no longer fit the
   *     schema
   */
  public static WriteGate open(String name, Table table, String kind, Quarantine quarantine) {
    TableConstraints rules =
        ConstraintsJson.fromJson(name, table.properties().get(TableConstraints.PROPERTY));
    if (rules.isEmpty()) {
      return NONE;
    }
    return new WriteGate(name, kind, table.schema(), rules, quarantine, table);
  }

  @Override
  public void expectRows(long rows) {
    for (UniqueKey k : keys) {
      if (k.longs != null) {
        k.longs.expect(rows);
      }
    }
  }

  /** A gate over rules and a schema without a table (no quarantine), for tests. */
  static WriteGate forTest(String name, Schema schema, TableConstraints rules) {
    return new WriteGate(name, "append", schema, rules, null, null);
  }

  /**
   * Whether the table has rules to check.
   *
   * @return false when every row passes unchecked
   */
  @Override
  public boolean active() {
    return this != NONE;
  }

  /**
   * Checks one row given as a record.
   *
   * @param record the row, in the Java form of generic records
   * @param position the row's 0-based position in the write
   * @return true to write the row, false when it was quarantined
   * @throws ConstraintViolationException when it breaks a rule in reject mode
   */
  @Override
  public boolean admit(Record record, long position) {
    if (!active()) {
      return true;
    }
    checked++;
    StructLike row = wrapper.wrap(record);
    Rules.Rule broken = firstBroken(row);
    if (broken == null) {
      return true;
    }
    reject(broken, row, record, position);
    return false;
  }

  private Rules.Rule firstBroken(StructLike row) {
    for (Rules.Rule rule : rowRules) {
      if (!rule.test(row)) {
        return rule;
      }
    }
    return claimKeys(row);
  }

  /** Checks the row's unique keys; claims them all when none was seen, else names the rule. */
  private Rules.Rule claimKeys(StructLike row) {
    if (keys.isEmpty()) {
      return null;
    }
    if (keys.size() == 1) {
      UniqueKey k = keys.get(0);
      return k.claim(row) ? null : k.rule;
    }
    for (UniqueKey k : keys) {
      if (k.seen(row)) {
        return k.rule;
      }
    }
    for (UniqueKey k : keys) {
      k.claim(row);
    }
    return null;
  }

  /**
   * Checks the rows of a batch, row by row, each column decoded once per row.
   *
   * @param rows positions a cursor of internal values on a row of the batch and returns it
   * @param count the number of rows
   * @param firstPosition the write position of the batch's first row
   * @param bad set to true for each quarantined row (length at least count); left alone for others
   * @return the number of quarantined rows
   * @throws ConstraintViolationException for the first bad row, in reject mode
   */
  @Override
  public int checkBatch(
      IntFunction<StructLike> rows, int count, long firstPosition, boolean[] bad) {
    if (!active()) {
      return 0;
    }
    checked += count;
    int quarantinedRows = 0;
    for (int i = 0; i < count; i++) {
      // row by row through a memo: a column that several rules read is decoded once per row
      memo.reset(rows.apply(i));
      Rules.Rule broken = firstBroken(memo);
      if (broken != null) {
        reject(broken, memo, null, firstPosition + i);
        bad[i] = true;
        quarantinedRows++;
      }
    }
    return quarantinedRows;
  }

  /** A row whose column values are read from the underlying row once each. */
  private static final class Memo implements StructLike {
    private final Object[] values;
    private final boolean[] loaded;
    private StructLike row;

    Memo(int size) {
      this.values = new Object[size];
      this.loaded = new boolean[size];
    }

    void reset(StructLike next) {
      this.row = next;
      java.util.Arrays.fill(loaded, false);
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      if (!loaded[pos]) {
        values[pos] = row.get(pos, Object.class);
        loaded[pos] = true;
      }
      return javaClass.cast(values[pos]);
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("read-only");
    }
  }

  private void reject(Rules.Rule rule, StructLike row, Record record, long position) {
    String shown = show(rule.value(row));
    String reason =
        (rule.column == null ? "" : "value " + shown + " of column " + rule.column + " ")
            + rule.reason();
    if (rules.mode() == QualityMode.REJECT || quarantine == null) {
      throw violation(rule, position, shown, reason);
    }
    if (quarantineWriter == null) {
      quarantineTable = quarantine.open(rules, schema);
      quarantineSchema = quarantineTable.schema();
      quarantineWriter = DataWrites.recordWriter(quarantineTable);
    }
    quarantineWriter.write(
        Quarantine.row(
            quarantineSchema,
            schema,
            record,
            row,
            rule,
            rule.constraint.kind().label(),
            reason,
            position,
            writeId,
            table));
    quarantined++;
    quarantinedByRule.merge(rule.constraint.name(), 1L, Long::sum);
  }

  private ConstraintViolationException violation(
      Rules.Rule rule, long position, String shown, String reason) {
    String fix =
        rules.mode() == QualityMode.REJECT
            ? "Fix the row, remove the rule, or set the table's quality mode to quarantine"
            : "Quarantine is not available to this write (it cannot reach the catalog: a"
                + " transaction or a table opened outside a Floe); fix the row or write it with"
                + " the table's own newAppend()";
    return new ConstraintViolationException(
        "Row "
            + position
            + " of the "
            + kind
            + " to "
            + table
            + " breaks constraint "
            + rule.constraint.name()
            + ": "
            + reason
            + ". Nothing was committed. "
            + fix,
        table,
        rule.column,
        rule.constraint.name(),
        position,
        shown);
  }

  private String show(Object value) {
    if (value == null) {
      return "null";
    }
    int max = rules.valueChars();
    if (max == 0) {
      return "***";
    }
    String s = String.valueOf(value instanceof CharSequence ? value.toString() : value);
    return s.length() <= max ? "'" + s + "'" : "'" + s.substring(0, max) + "...'";
  }

  /**
   * Commits the quarantined rows (when there are any) and returns what the write's own snapshot
   * summary records. Call once, after the write's data files are complete and before its commit:
   * the quarantine lands first, so a write that fails afterwards leaves its bad rows in the
   * quarantine under a {@code _write_id} its table's history does not have (nothing is lost; a
   * retried write quarantines them again).
   *
   * @return the summary properties (empty when the table has no rules)
   */
  @Override
  public Map<String, String> beforeCommit() {
    if (!active()) {
      return Map.of();
    }
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(QualitySummary.CHECKED, Long.toString(checked));
    summary.put(QualitySummary.QUARANTINED, Long.toString(quarantined));
    summary.put("floe.quality.write-id", writeId);
    if (quarantineWriter != null) {
      String display = quarantine.display(rules);
      List<org.apache.iceberg.DataFile> files;
      try {
        files = quarantineWriter.finish();
      } catch (RuntimeException e) {
        quarantineWriter.abort();
        quarantineWriter = null;
        throw Errors.translate(display, e);
      }
      quarantineWriter = null;
      AppendResult result =
          DataWrites.commitAppend(
              display, quarantineTable, files, Map.of("floe.quality.write-id", writeId), null);
      summary.put(QualitySummary.QUARANTINE_TABLE, display);
      summary.put("floe.quality.quarantine-snapshot-id", Long.toString(result.snapshotId()));
      quarantinedByRule.forEach(
          (rule, n) -> summary.put(QualitySummary.QUARANTINED_PREFIX + rule, Long.toString(n)));
    }
    return summary;
  }

  /** Discards the quarantined rows not yet committed (the write was aborted). */
  @Override
  public void abort() {
    if (quarantineWriter != null) {
      quarantineWriter.abort();
      quarantineWriter = null;
    }
  }
}
