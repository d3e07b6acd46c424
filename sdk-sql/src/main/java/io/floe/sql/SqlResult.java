package io.floe.sql;

import io.floe.FloeException;
import io.floe.Row;
import io.floe.RowStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * The open result of one query, read once in one of three forms: {@link #rows()} (Floe rows),
 * {@link #arrow(BufferAllocator)} (Arrow batches) or {@link #resultSet()} (JDBC). Floe's scans of
 * the query's tables stream as the result is read.
 *
 * <p>Close it to release the query's DuckDB connection, scans and memory; closing it before the end
 * stops the query. Not thread-safe: one thread reads it ({@link #scans()} may be called from any).
 *
 * <pre>{@code
 * try (SqlResult result = sql.query("SELECT id, name FROM shop.customers WHERE id = ?", 42L)) {
 *   List<Row> rows = result.rows().toList();
 * }
 * }</pre>
 */
public final class SqlResult implements AutoCloseable {
  private final Query query;
  private final Consumer<SqlResult> onClose;
  private boolean taken;
  private boolean closed;

  SqlResult(Query query, Consumer<SqlResult> onClose) {
    this.query = query;
    this.onClose = onClose;
  }

  /**
   * The result as a JDBC result set (DuckDB's), valid until this result is closed. Its {@code
   * SQLException}s are DuckDB's own; a failure of one of Floe's scans surfaces as one.
   *
   * @return the result set
   * @throws IllegalStateException when the result was already taken in another form or is closed
   */
  public ResultSet resultSet() {
    take();
    return query.resultSet();
  }

  /**
   * The result as Arrow batches, read through the Arrow C stream interface from DuckDB.
   *
   * @param allocator where the batches are allocated; not closed here
   * @return the reader; close it before this result
   * @throws IllegalStateException when the result was already taken in another form or is closed
   * @throws FloeException when DuckDB cannot export the result
   */
  public ArrowReader arrow(BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    take();
    try {
      return (ArrowReader)
          ((DuckDBResultSet) query.resultSet())
              .arrowExportStream(allocator, io.floe.parquet.ArrowScan.DEFAULT_BATCH_SIZE);
    } catch (SQLException e) {
      throw query.failure(e);
    }
  }

  /**
   * The result as Floe rows (values typed as {@link Row} documents; DuckDB's {@code HUGEINT} and
   * {@code UBIGINT} as {@code decimal(38, 0)}, smaller integers as {@code int}). Nested results
   * (lists, structs, maps) are read through {@link #arrow} or {@link #resultSet()}.
   *
   * @return the rows, read as the stream is iterated; closing it closes this result
   * @throws IllegalStateException when the result was already taken in another form or is closed
   * @throws io.floe.UnsupportedFeatureException when a result column is nested
   */
  public RowStream rows() {
    take();
    return RowStream.of(new SqlRows(query, this::close));
  }

  /**
   * The tables the query reads: what was pushed into each of Floe's scans and, as the result is
   * read, what they read and pruned.
   *
   * @return one entry per table reference, in the order of the statement
   */
  public List<ScannedTable> scans() {
    return query.scans();
  }

  /** Reads the rest of the result, for {@link FloeSql#explain}; returns the number of rows. */
  long drain() {
    take();
    long rows = 0;
    try {
      ResultSet rs = query.resultSet();
      while (rs.next()) {
        rows++;
      }
    } catch (SQLException e) {
      throw query.failure(e);
    }
    return rows;
  }

  String plan() {
    return query.plan();
  }

  private void take() {
    if (closed) {
      throw new IllegalStateException("The SQL result is closed");
    }
    if (taken) {
      throw new IllegalStateException("The SQL result was already read; run the query again");
    }
    taken = true;
  }

  /** Stops the query if still running and releases its connection, scans and memory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      query.close();
    } finally {
      onClose.accept(this);
    }
  }
}
