package io.floe.impl.write;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.airlift.compress.lz4.Lz4Compressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compressors that need no Hadoop: zstd through zstd-jni, snappy through snappy-java,
 * LZ4 raw through aircompressor and gzip through the JDK's {@link Deflater} (the libraries Parquet
 * itself uses behind Hadoop's codec interfaces). Pages come out in the standard Parquet encodings:
 * a zstd frame, a raw snappy block, a raw LZ4 block, a gzip member.
 *
 * <p>A compressor is used by one thread at a time and reuses its output array: the bytes it returns
 * are valid until its next {@code compress}, which is the contract Parquet's own heap compressors
 * have ({@code ColumnChunkPageWriteStore} copies them at once). {@code release()} frees native
 * state.
 */
final class PageCompression {
  /** Parquet's default zstd level ({@code parquet.compression.codec.zstd.level}). */
  static final int ZSTD_DEFAULT_LEVEL = 3;

  /** zlib's default level, as Hadoop's gzip codec uses it. */
  static final int GZIP_DEFAULT_LEVEL = 6;

  private PageCompression() {}

  /**
   * The default level of a codec (levels are ignored by codecs without them).
   *
   * @param codec the codec
   * @return the level Parquet uses when none is set
   */
  static int defaultLevel(CompressionCodecName codec) {
    return codec == CompressionCodecName.GZIP ? GZIP_DEFAULT_LEVEL : ZSTD_DEFAULT_LEVEL;
  }

  /**
   * Checks a level for a codec.
   *
   * @param codec the codec
   * @param level the level
   * @throws IllegalArgumentException when the codec has no such level
   */
  static void checkLevel(CompressionCodecName codec, int level) {
    boolean ok =
        switch (codec) {
          case GZIP -> level >= 0 && level <= 9;
          case ZSTD ->
              level >= com.github.luben.zstd.Zstd.minCompressionLevel()
                  && level <= com.github.luben.zstd.Zstd.maxCompressionLevel();
          default -> true;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + level
              + "' for table property "
              + org.apache.iceberg.TableProperties.PARQUET_COMPRESSION_LEVEL
              + ": "
              + (codec == CompressionCodecName.GZIP
                  ? "gzip levels run from 0 to 9"
                  : "zstd levels run from "
                      + com.github.luben.zstd.Zstd.minCompressionLevel()
                      + " to "
                      + com.github.luben.zstd.Zstd.maxCompressionLevel()));
    }
  }

  /**
   * A new compressor.
   *
   * @param codec the codec
   * @param level the level (zstd and gzip; see {@link #defaultLevel})
   * @return the compressor, to be released by its user
   * @throws IllegalArgumentException when the codec needs a library Floe does not ship
   */
  static BytesInputCompressor compressor(CompressionCodecName codec, int level) {
    return switch (codec) {
      case UNCOMPRESSED -> new Uncompressed();
      case ZSTD -> new ZstdPages(level);
      case SNAPPY -> new SnappyPages();
      case LZ4_RAW -> new Lz4RawPages();
      case GZIP -> new GzipPages(level);
      default ->
          throw new IllegalArgumentException(
              "Parquet compression codec "
                  + codec
                  + " is not supported ("
                  + org.apache.iceberg.TableProperties.PARQUET_COMPRESSION
                  + "): use zstd, snappy, gzip, lz4 or uncompressed");
    };
  }

  private static final class Uncompressed implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public void release() {}
  }

  /** Copies the page into a reused array (or uses its own array) and compresses it into another. */
  private abstract static class ArrayPages implements BytesInputCompressor {
    private byte[] input = new byte[0];
    byte[] output = new byte[0];

    @Override
    public final BytesInput compress(BytesInput bytes) throws IOException {
      ByteBuffer page = bytes.toByteBuffer();
      int length = page.remaining();
      byte[] src;
      int offset;
      if (page.hasArray()) {
        src = page.array();
        offset = page.arrayOffset() + page.position();
      } else {
        if (input.length < length) {
          input = new byte[length];
        }
        page.duplicate().get(input, 0, length);
        src = input;
        offset = 0;
      }
      int max = maxCompressedLength(length);
      if (max > 0 && output.length < max) {
        output = new byte[max];
      }
      int written = compress(src, offset, length);
      return BytesInput.from(output, 0, written);
    }

    abstract int maxCompressedLength(int length);

    /** Compresses into {@link #output} (at least {@link #maxCompressedLength} long). */
    abstract int compress(byte[] src, int offset, int length) throws IOException;

    @Override
    public void release() {
      input = new byte[0];
      output = new byte[0];
    }
  }

  /**
   * zstd through zstd-jni's stream, as Parquet's own zstd codec does behind Hadoop's stream (a
   * frame without content size, compressed with the parameters for an unknown size, flushed before
   * it ends): the same bytes Parquet writes. A one-shot compression tunes its parameters to the
   * page size and came out a few bytes larger per page.
   */
  private static final class ZstdPages extends ArrayPages {
    private final int level;
    private final Sink sink = new Sink();

    ZstdPages(int level) {
      this.level = level;
    }

    @Override
    int maxCompressedLength(int length) {
      return 0; // the sink grows its own array
    }

    @Override
    int compress(byte[] src, int offset, int length) throws IOException {
      sink.reset();
      try (ZstdOutputStreamNoFinalizer zstd =
          new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE)) {
        zstd.setLevel(level);
        zstd.write(src, offset, length);
        zstd.flush(); // as Hadoop's codec stream does: the frame then ends with an empty block
      }
      output = sink.array();
      return sink.size();
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }
  }

  /** A byte array output stream whose array is read in place. */
  private static final class Sink extends java.io.ByteArrayOutputStream {
    Sink() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }

  private static final class SnappyPages extends ArrayPages {
    @Override
    int maxCompressedLength(int length) {
      return Snappy.maxCompressedLength(length);
    }

    @Override
    int compress(byte[] src, int offset, int length) throws IOException {
      // an empty page stays empty, as in Parquet's codec
      return length == 0 ? 0 : Snappy.compress(src, offset, length, output, 0);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.SNAPPY;
    }
  }

  private static final class Lz4RawPages extends ArrayPages {
    private final Lz4Compressor lz4 = new Lz4Compressor();

    @Override
    int maxCompressedLength(int length) {
      return lz4.maxCompressedLength(length);
    }

    @Override
    int compress(byte[] src, int offset, int length) {
      // an empty page stays empty, as in Parquet's codec
      return length == 0 ? 0 : lz4.compress(src, offset, length, output, 0, output.length);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.LZ4_RAW;
    }
  }

  /** One gzip member per page (RFC 1952: header, raw deflate, CRC-32 and length), as Hadoop's. */
  private static final class GzipPages extends ArrayPages {
    private static final int HEADER = 10;
    private static final int TRAILER = 8;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();

    GzipPages(int level) {
      this.deflater = new Deflater(level, true);
    }

    @Override
    int maxCompressedLength(int length) {
      // deflate's worst case (stored blocks of at most 64 KiB, 5 bytes each) plus header, trailer
      return length + 5 * (length / 16_383 + 1) + HEADER + TRAILER + 64;
    }

    @Override
    int compress(byte[] src, int offset, int length) {
      byte[] out = output;
      out[0] = 0x1f;
      out[1] = (byte) 0x8b;
      out[2] = Deflater.DEFLATED;
      for (int i = 3; i < HEADER; i++) {
        out[i] = 0;
      }
      out[9] = (byte) 0xff; // operating system unknown
      deflater.reset();
      deflater.setInput(src, offset, length);
      deflater.finish();
      int pos = HEADER;
      while (!deflater.finished()) {
        if (pos == out.length) {
          out = java.util.Arrays.copyOf(out, out.length * 2);
          output = out;
        }
        pos += deflater.deflate(out, pos, out.length - pos);
      }
      crc.reset();
      crc.update(src, offset, length);
      if (out.length - pos < TRAILER) {
        out = java.util.Arrays.copyOf(out, pos + TRAILER);
        output = out;
      }
      putIntLe(out, pos, (int) crc.getValue());
      putIntLe(out, pos + 4, length);
      return pos + TRAILER;
    }

    private static void putIntLe(byte[] out, int at, int value) {
      out[at] = (byte) value;
      out[at + 1] = (byte) (value >>> 8);
      out[at + 2] = (byte) (value >>> 16);
      out[at + 3] = (byte) (value >>> 24);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.GZIP;
    }

    @Override
    public void release() {
      super.release();
      deflater.end();
    }
  }
}
