package io.floe.parquet.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page decompression for one file: zstd pages are decompressed in one shot into a fresh heap array
 * with a reused zstd context (Parquet's default goes through Hadoop codec streams, which costs
 * about as much as decoding); other codecs use Parquet's own factory. Used by one thread; every
 * page gets its own array, so no page is overwritten while it is still being decoded.
 */
final class PageCodecs implements CompressionCodecFactory {
  private static final org.apache.hadoop.conf.Configuration HADOOP_CONF =
      new org.apache.hadoop.conf.Configuration(false);

  /** Idle zstd contexts (creating one allocates its native window state, ~10% of a lookup). */
  private static final java.util.concurrent.ConcurrentLinkedQueue<ZstdDecompressCtx> IDLE =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final java.util.concurrent.atomic.AtomicInteger IDLE_COUNT =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final int MAX_IDLE = 2 * Math.max(2, Runtime.getRuntime().availableProcessors());

  private CodecFactory fallback;

  /** This file's context, shared by its columns (one thread reads a file). */
  private ZstdDecompressCtx context;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("Floe's Arrow scan only reads");
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (codec == CompressionCodecName.ZSTD) {
      if (context == null) {
        context = IDLE.poll();
        if (context != null) {
          IDLE_COUNT.decrementAndGet();
        } else {
          context = new ZstdDecompressCtx();
        }
      }
      return new Zstd(context);
    }
    if (fallback == null) {
      fallback = new CodecFactory(HADOOP_CONF, 0);
    }
    return fallback.getDecompressor(codec);
  }

  @Override
  public void release() {
    if (context != null) {
      if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
        IDLE.add(context);
      } else {
        IDLE_COUNT.decrementAndGet();
        context.close();
      }
      context = null;
    }
    if (fallback != null) {
      fallback.release();
    }
  }

  /**
   * A page's bytes, decompressed on the first read; read once (Parquet reads a page's bytes once),
   * straight into the reader's array when it asks for the whole page.
   */
  private static final class LazyPage extends java.io.InputStream {
    private final ZstdDecompressCtx ctx;
    private BytesInput compressed;
    private final int size;
    private byte[] data;
    private int pos;

    LazyPage(ZstdDecompressCtx ctx, BytesInput compressed, int size) {
      this.ctx = ctx;
      this.compressed = compressed;
      this.size = size;
    }

    private void inflate() throws IOException {
      if (data == null) {
        data = Zstd.inflate(ctx, compressed, size, new byte[size], 0);
        compressed = null;
      }
    }

    @Override
    public int read() throws IOException {
      inflate();
      return pos < size ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (data == null && pos == 0 && len >= size) {
        Zstd.inflate(ctx, compressed, size, b, off);
        compressed = null;
        pos = size;
        data = new byte[0];
        return size;
      }
      if (pos >= size) {
        return -1;
      }
      inflate();
      int n = Math.min(len, size - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return size - pos;
    }
  }

  private static final class Zstd implements BytesInputDecompressor {
    private final ZstdDecompressCtx ctx;

    Zstd(ZstdDecompressCtx ctx) {
      this.ctx = ctx;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int size) throws IOException {
      // decompressed when first read: pages a reader skips whole (rows before and after a point
      // lookup's hit) are never decompressed
      return BytesInput.from(new LazyPage(ctx, bytes, size), size);
    }

    static byte[] inflate(ZstdDecompressCtx ctx, BytesInput bytes, int size, byte[] out, int at)
        throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      byte[] src;
      int offset;
      int length = in.remaining();
      if (in.hasArray()) {
        src = in.array();
        offset = in.arrayOffset() + in.position();
      } else {
        src = new byte[length];
        in.duplicate().get(src);
        offset = 0;
      }
      try {
        int n = ctx.decompressByteArray(out, at, size, src, offset, length);
        if (n != size) {
          throw new IOException("Corrupt zstd page: " + n + " bytes instead of " + size);
        }
      } catch (ZstdException e) {
        throw new IOException("Corrupt zstd page: " + e.getMessage(), e);
      }
      return out;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
        throws IOException {
      byte[] src = new byte[compressedSize];
      input.duplicate().get(src);
      output.put(inflate(ctx, BytesInput.from(src), size, new byte[size], 0));
      input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {
      // contexts are closed with the factory
    }
  }
}
