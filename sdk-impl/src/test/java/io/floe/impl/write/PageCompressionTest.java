package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.parquet.ParquetCodecFactory;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Floe's Hadoop-free page compressors write what Parquet's Hadoop codecs (through Iceberg's codec
 * factory, as Floe did before) write for the same page: the same bytes for zstd, snappy and LZ4
 * raw; a gzip member with the same content for gzip. Pages of several sizes go through one
 * compressor, as a file's pages do (its output array is reused).
 */
class PageCompressionTest {
  private static final int[] SIZES = {0, 1, 3000, 70_000, 1 << 20, 2500};

  private static byte[] page(int size, long seed) {
    byte[] page = new byte[size];
    Random random = new Random(seed);
    for (int i = 0; i < size; i++) {
      page[i] = (byte) (i % 3 == 0 ? random.nextInt(256) : random.nextInt(16));
    }
    return page;
  }

  @ParameterizedTest(name = "{0} level {1}")
  @CsvSource({"ZSTD,3", "ZSTD,9", "ZSTD,-1", "SNAPPY,0", "LZ4_RAW,0", "UNCOMPRESSED,0"})
  void sameBytesAsParquetsHadoopCodecs(CompressionCodecName codec, int level) throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.set("parquet.compression.codec.zstd.level", Integer.toString(level));
    BytesInputCompressor theirs = new ParquetCodecFactory(conf, 1 << 20).getCompressor(codec);
    BytesInputCompressor ours = PageCompression.compressor(codec, level);
    try {
      for (int i = 0; i < SIZES.length; i++) {
        byte[] page = page(SIZES[i], i);
        byte[] expected = theirs.compress(BytesInput.from(page)).toByteArray();
        assertThat(ours.compress(BytesInput.from(page)).toByteArray())
            .as("%s page of %s bytes", codec, page.length)
            .isEqualTo(expected);
      }
      assertThat(ours.getCodecName()).isEqualTo(codec);
    } finally {
      ours.release();
      theirs.release();
    }
  }

  @ParameterizedTest(name = "level {0}")
  @CsvSource({"6", "1", "9", "0"})
  void gzipPagesAreGzipMembersOfThePage(int level) throws Exception {
    BytesInputCompressor ours = PageCompression.compressor(CompressionCodecName.GZIP, level);
    try {
      for (int i = 0; i < SIZES.length; i++) {
        byte[] page = page(SIZES[i], i);
        byte[] compressed = ours.compress(BytesInput.from(page)).toByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
          assertThat(in.readAllBytes()).as("page of %s bytes", page.length).isEqualTo(page);
        }
      }
    } finally {
      ours.release();
    }
  }
}
