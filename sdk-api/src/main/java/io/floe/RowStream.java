package io.floe;

import java.io.IOException;
import java.util.Objects;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The rows of a scan: an Iceberg {@link CloseableIterable} (an {@link ObjectStream} of rows) whose
 * {@link #close()} throws no checked exception, so a try-with-resources needs no {@code catch
 * (IOException e)}.
 *
 * <p>Iterate it, or take the rows as a {@link #stream()} or a {@link #toList()}. Each row read is
 * an object of its own (never reused), so rows may be kept after the stream moved on. Close it when
 * done to release open files; {@link #toList()} closes it itself. A failure while reading or
 * closing is a {@link FloeException}.
 *
 * <pre>{@code
 * try (RowStream rows = table.newScan().where(Expressions.equal("category", "books")).rows()) {
 *   for (Row row : rows) {
 *     System.out.println(row.get("id"));
 *   }
 * }
 * List<Row> books = table.newScan().where(Expressions.equal("category", "books")).rows().toList();
 * long total = table.newScan().rows().stream().mapToLong(r -> r.get("amount", Long.class)).sum();
 * }</pre>
 */
public interface RowStream extends ObjectStream<Row> {
  /**
   * Closes the open files of this stream.
   *
   * @throws FloeIOException when a file could not be closed
   */
  @Override
  void close();

  /**
   * A row stream over an Iceberg iterable of rows; an {@link IOException} on close becomes a {@link
   * FloeIOException}.
   *
   * @param rows the rows
   * @return the row stream (the same object when {@code rows} is one already)
   */
  static RowStream of(CloseableIterable<Row> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows instanceof RowStream stream) {
      return stream;
    }
    return new RowStream() {
      @Override
      public CloseableIterator<Row> iterator() {
        return rows.iterator();
      }

      @Override
      public void close() {
        try {
          rows.close();
        } catch (IOException e) {
          throw new FloeIOException(
              "close", null, "Failed to close the rows of a scan: " + e.getMessage(), e);
        }
      }

      @Override
      public String toString() {
        return rows.toString();
      }
    };
  }
}
