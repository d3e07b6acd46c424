package io.floe.parquet.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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

  private CodecFactory fallback;
  private final List<ZstdDecompressCtx> contexts = new ArrayList<>();

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("Floe's Arrow scan only reads");
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (codec == CompressionCodecName.ZSTD) {
      ZstdDecompressCtx ctx = new ZstdDecompressCtx();
      contexts.add(ctx);
      return new Zstd(ctx);
    }
    if (fallback == null) {
      fallback = new CodecFactory(HADOOP_CONF, 0);
    }
    return fallback.getDecompressor(codec);
  }

  @Override
  public void release() {
    for (ZstdDecompressCtx ctx : contexts) {
      ctx.close();
    }
    contexts.clear();
    if (fallback != null) {
      fallback.release();
    }
  }

  private static final class Zstd implements BytesInputDecompressor {
    private final ZstdDecompressCtx ctx;

    Zstd(ZstdDecompressCtx ctx) {
      this.ctx = ctx;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int size) throws IOException {
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
      byte[] out = new byte[size];
      try {
        int n = ctx.decompressByteArray(out, 0, size, src, offset, length);
        if (n != size) {
          throw new IOException("Corrupt zstd page: " + n + " bytes instead of " + size);
        }
      } catch (ZstdException e) {
        throw new IOException("Corrupt zstd page: " + e.getMessage(), e);
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
        throws IOException {
      byte[] src = new byte[compressedSize];
      input.duplicate().get(src);
      BytesInput result = decompress(BytesInput.from(src), size);
      output.put(result.toByteBuffer());
      input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {
      // contexts are closed with the factory
    }
  }
}
