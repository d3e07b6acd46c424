package io.floe.parquet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** Adapts an Iceberg input file to Parquet's, counting the bytes read. */
final class CountingInputFile implements InputFile {
  private final org.apache.iceberg.io.InputFile file;
  private final LongAdder bytes;

  CountingInputFile(org.apache.iceberg.io.InputFile file, LongAdder bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  @Override
  public long getLength() {
    return file.getLength();
  }

  @Override
  public SeekableInputStream newStream() {
    org.apache.iceberg.io.SeekableInputStream in = file.newStream();
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytes.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
      }

      @Override
      public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          bytes.add(n);
        }
        return n;
      }

      @Override
      public int read(ByteBuffer buf) throws IOException {
        int n = super.read(buf);
        if (n > 0) {
          bytes.add(n);
        }
        return n;
      }

      @Override
      public void readFully(byte[] b, int off, int len) throws IOException {
        super.readFully(b, off, len);
        bytes.add(len);
      }

      @Override
      public void readFully(ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        super.readFully(buf);
        bytes.add(n);
      }
    };
  }

  @Override
  public String toString() {
    return file.location();
  }
}
