package io.floe.impl.write;

import io.floe.RowInput;
import io.floe.impl.spi.Errors;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * The row-input half of a pending write: converts the rows given in any supported form, hands them
 * to {@link #accept(Record)}, and aborts the write when a row is bad. Not thread-safe.
 *
 * @param <S> the write's public type
 */
abstract class PendingRows<S extends RowInput<S>> implements RowInput<S> {
  enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  final String name;
  final Table table;
  final RowConverter converter;
  final Map<String, String> summary = new LinkedHashMap<>();
  final long started = System.nanoTime();
  String branch;

  /** Whether the commit is staged (write-audit-publish): written, but on no branch. */
  boolean staged;

  State state = State.OPEN;

  /** Rows expected, from the first collection given (sizes Bloom filters); 0 when unknown. */
  long expectedRows;

  /** Where quarantined rows go; null when this write cannot reach the catalog. */
  private io.floe.impl.quality.Quarantine quarantine;

  /** The table's data quality checks, opened at the first row. */
  private io.floe.impl.quality.WriteGate gate;

  /** Rows given so far (their positions in messages about bad rows). */
  private long position;

  PendingRows(String name, Table table) {
    this.name = name;
    this.table = table;
    this.converter = new RowConverter(name, table.schema());
  }

  /** Returns this write as its public type. */
  abstract S self();

  /** Takes one converted row. */
  abstract void accept(Record record);

  /** Discards what was written. Called once, when the write is aborted. */
  abstract void discard();

  /** The operation's name for messages, such as "Upsert". */
  abstract String kind();

  void checkOpen() {
    if (state != State.OPEN) {
      throw Errors.alreadyDone(kind() + " to " + name, state.name().toLowerCase());
    }
  }

  private interface Converter<T> {
    Record convert(T value);
  }

  /**
   * Sends this write's quarantined rows to a table of the catalog (without it, bad rows fail the
   * write even in quarantine mode).
   *
   * @param target where the table's quarantined rows go
   * @return this write
   */
  public S withQuarantine(io.floe.impl.quality.Quarantine target) {
    this.quarantine = target;
    return self();
  }

  io.floe.impl.quality.WriteGate gate() {
    if (gate == null) {
      gate = io.floe.impl.quality.WriteGate.open(name, table, kind().toLowerCase(), quarantine);
    }
    return gate;
  }

  /** Checks a converted row against the table's rules and takes it when it passes. */
  private void check(Record record) {
    if (gate().admit(record, position++)) {
      accept(record);
    }
  }

  /**
   * Commits the quarantined rows and adds the checks' counts to the commit's summary; call once,
   * after the write's files are complete and just before its commit.
   */
  void beforeCommit() {
    summary.putAll(Errors.translate(name, () -> gate().beforeCommit()));
  }

  private <T> S add(T value, Converter<T> convert) {
    checkOpen();
    try {
      check(convert.convert(value));
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return self();
  }

  private <T> S addAll(Iterable<? extends T> values, Converter<T> convert) {
    Objects.requireNonNull(values, "rows");
    checkOpen();
    if (expectedRows == 0 && values instanceof Collection<?> c && !c.isEmpty()) {
      expectedRows = c.size();
    }
    try {
      for (T value : values) {
        check(convert.convert(value));
      }
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return self();
  }

  @Override
  public S row(Map<String, ?> row) {
    return add(row, converter::fromMap);
  }

  @Override
  public S rows(Iterable<? extends Map<String, ?>> rows) {
    return addAll(rows, converter::fromMap);
  }

  @Override
  public S record(StructLike record) {
    return add(record, converter::fromStruct);
  }

  @Override
  public S records(Iterable<? extends StructLike> records) {
    return addAll(records, converter::fromStruct);
  }

  @Override
  public S object(Object object) {
    return add(object, converter::fromObject);
  }

  @Override
  public S objects(Iterable<?> objects) {
    return addAll(objects, converter::fromObject);
  }

  /**
   * Stages the commit: its snapshot moves no branch.
   *
   * @return this write
   */
  public S stageOnly() {
    checkOpen();
    staged = true;
    return self();
  }

  /**
   * Stages the commit under a write-audit-publish id ({@value Staging#WAP_ID} in the summary).
   *
   * @param wapId the id
   * @return this write
   */
  public S stage(String wapId) {
    putSummary(Staging.WAP_ID, Staging.checkId(wapId));
    return stageOnly();
  }

  void putSummary(String key, String value) {
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** Aborts the write and discards its files. Does nothing unless open. */
  public void abort() {
    if (state == State.OPEN) {
      state = State.ABORTED;
      if (gate != null) {
        gate.abort();
      }
      discard();
    }
  }

  /**
   * Aborts the write unless it was committed: a write closed before its commit leaves no file.
   * After a commit (whatever its outcome, an unknown one included) or an abort it does nothing.
   */
  public void close() {
    abort();
  }
}
