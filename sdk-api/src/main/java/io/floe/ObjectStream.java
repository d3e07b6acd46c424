package io.floe;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The results of a scan as Java objects, such as the records of {@link Scan#as(Class)}: an Iceberg
 * {@link CloseableIterable} whose {@link #close()} throws no checked exception, so a
 * try-with-resources needs no {@code catch (IOException e)}. {@link RowStream} is the one for
 * {@link Row}s.
 *
 * <p>Iterate it, or take the objects as a {@link #stream()} or a {@link #toList()}. Each object
 * read is new (never reused). Close it when done to release open files; {@link #toList()} closes it
 * itself. A failure while reading or closing is a {@link FloeException}. Not thread-safe.
 *
 * <pre>{@code
 * record Book(long id, String title) {}
 * try (ObjectStream<Book> books = table.newScan().where("category = 'books'").as(Book.class)) {
 *   books.forEach(book -> System.out.println(book.title()));
 * }
 * }</pre>
 *
 * @param <T> the type of the objects
 */
public interface ObjectStream<T> extends CloseableIterable<T> {
  /**
   * Closes the open files of this stream.
   *
   * @throws FloeIOException when a file could not be closed
   */
  @Override
  void close();

  /**
   * The objects as a sequential {@link Stream}; closing the stream closes this. Close it (with
   * try-with-resources) unless a terminal operation reads every object and the files may stay open
   * until then.
   *
   * @return the objects
   */
  default Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false).onClose(this::close);
  }

  /**
   * Reads every object into a list and closes this stream.
   *
   * @return the objects, in the order they were read
   */
  default List<T> toList() {
    List<T> out = new ArrayList<>();
    try (ObjectStream<T> self = this) {
      for (T item : self) {
        out.add(item);
      }
    }
    return out;
  }
}
