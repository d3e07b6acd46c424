package io.floe.files;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one input file's records as rows of the target schema's top-level columns, converted to
 * their types. A record that does not fit throws {@link BadValue} after it was consumed, so reading
 * can go on with the next one. Not thread-safe.
 */
interface RecordReader extends Closeable {
  /**
   * Reads the next record into {@code row} (one slot per top-level column, in schema order).
   *
   * @return false at the end of the file
   * @throws BadValue when the record does not fit; the reader stays usable
   */
  boolean next(Object[] row) throws IOException;

  /** The line (or record number) of the record last read or refused, 1-based. */
  long line();

  /** The text of the record last read or refused, for the rejects file. */
  String raw();

  /** The bytes read from the file so far. */
  long bytesRead();

  /** Counts the bytes read through it. */
  final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
