package io.floe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The rows of a scan: an Iceberg {@link CloseableIterable} whose {@link #close()} throws no
 * checked exception, so a try-with-resources needs no {@code catch (IOException e)}.
 *
 * <p>Iterate it, or take the rows as a {@link #stream()} or a {@link #toList()}. Each row read is
 * an object of its own (never reused), so rows may be kept after the stream moved on. Close it
 * when done to release open files; {@link #toList()} closes it itself. A failure while reading or
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
public interface RowStream extends CloseableIterable<Row> {
  /**
   * Closes the open files of this stream.
   *
   * @throws FloeIOException when a file could not be closed
   */
  @Override
  void close();

  /**
   * The rows as a sequential {@link Stream}; closing the stream closes this. Close it (with
   * try-with-resources) unless a terminal operation reads every row and the files may stay open
   * until then.
   *
   * @return the rows
   */
  default Stream<Row> stream() {
    return StreamSupport.stream(spliterator(), false).onClose(this::close);
  }

  /**
   * Reads every row into a list and closes this stream.
   *
   * @return the rows, in the order they were read
   */
  default List<Row> toList() {
    List<Row> out = new ArrayList<>();
    try (RowStream self = this) {
      for (Row row : self) {
        out.add(row);
      }
    }
    return out;
  }

  /**
   * A row stream over an Iceberg iterable of rows; an {@link IOException} on close becomes a
   * {@link FloeIOException}.
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
          throw new FloeIOException("close", null, "Failed to close the rows of a scan: " + e.getMessage(), e);
        }
      }

      @Override
      public String toString() {
        return rows.toString();
      }
    };
  }
}
