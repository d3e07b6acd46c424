package io.floe.parquet.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page decompression for one file, with no Hadoop: zstd pages are decompressed in one shot into a
 * fresh heap array with a reused zstd context (Parquet's default goes through Hadoop codec streams,
 * which costs about as much as decoding); snappy through snappy-java, LZ4 raw through
 * aircompressor, gzip through the JDK. Used by one thread; every page gets its own array, so no
 * page is overwritten while it is still being decoded.
 */
final class PageCodecs implements CompressionCodecFactory {
  /** Idle zstd contexts (creating one allocates its native window state, ~10% of a lookup). */
  private static final java.util.concurrent.ConcurrentLinkedQueue<ZstdDecompressCtx> IDLE =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final java.util.concurrent.atomic.AtomicInteger IDLE_COUNT =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final int MAX_IDLE = 2 * Math.max(2, Runtime.getRuntime().availableProcessors());

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
    return switch (codec) {
      case UNCOMPRESSED -> Plain.INSTANCE;
      case SNAPPY -> new ArrayCodec(codec);
      case LZ4_RAW -> new ArrayCodec(codec);
      case GZIP -> new ArrayCodec(codec);
      default ->
          throw new io.floe.UnsupportedFeatureException(
              "Parquet pages compressed with "
                  + codec
                  + " cannot be read: Floe reads zstd, snappy, gzip, lz4_raw and uncompressed pages",
              null);
    };
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
  }

  /** Uncompressed pages, as they are. */
  private static final class Plain implements BytesInputDecompressor {
    static final Plain INSTANCE = new Plain();

    @Override
    public BytesInput decompress(BytesInput bytes, int size) {
      return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) {
      ByteBuffer in = input.duplicate();
      in.limit(in.position() + compressedSize);
      output.put(in);
      input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {}
  }

  /** Snappy, LZ4 raw and gzip pages, decompressed from one array into a fresh one. */
  private static final class ArrayCodec implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    ArrayCodec(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int size) throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      byte[] out = new byte[size];
      inflate(in, in.remaining(), out, size);
      return BytesInput.from(out);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
        throws IOException {
      byte[] out = new byte[size];
      inflate(input.duplicate(), compressedSize, out, size);
      output.put(out);
      input.position(input.position() + compressedSize);
    }

    private void inflate(ByteBuffer in, int length, byte[] out, int size) throws IOException {
      if (size == 0 && codec != CompressionCodecName.GZIP) {
        return; // Parquet's snappy and LZ4 codecs write an empty page as no bytes
      }
      byte[] src;
      int offset;
      if (in.hasArray()) {
        src = in.array();
        offset = in.arrayOffset() + in.position();
      } else {
        src = new byte[length];
        in.duplicate().get(src);
        offset = 0;
      }
      int n;
      try {
        n =
            switch (codec) {
              case SNAPPY -> org.xerial.snappy.Snappy.uncompress(src, offset, length, out, 0);
              case LZ4_RAW ->
                  new io.airlift.compress.lz4.Lz4Decompressor()
                      .decompress(src, offset, length, out, 0, size);
              default -> gunzip(src, offset, length, out);
            };
      } catch (RuntimeException e) { // aircompressor's MalformedInputException
        throw new IOException("Corrupt " + codec + " page: " + e.getMessage(), e);
      }
      if (n != size) {
        throw new IOException("Corrupt " + codec + " page: " + n + " bytes instead of " + size);
      }
    }

    /** Reads gzip members (a writer may concatenate several) until the page is full. */
    private static int gunzip(byte[] src, int offset, int length, byte[] out) throws IOException {
      try (java.util.zip.GZIPInputStream in =
          new java.util.zip.GZIPInputStream(
              new java.io.ByteArrayInputStream(src, offset, length), 8192)) {
        return in.readNBytes(out, 0, out.length);
      }
    }

    @Override
    public void release() {}
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
