package io.floe.parquet.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * Parquet read options without Hadoop: the options {@code ParquetReadOptions.builder(new
 * PlainParquetConfiguration())} gives, with Floe's codecs.
 *
 * <p>Parquet 1.18's builder creates a Hadoop codec factory in its constructor (and reads its record
 * filter through {@code ParquetInputFormat}, a Hadoop {@code FileInputFormat}), even when a codec
 * factory is set afterwards, so it cannot run without Hadoop on the class path. The options' own
 * constructor needs no Hadoop but is package-private: it is called reflectively, with the values
 * the builder sets (ReadOptionsTest compares the two). Should a Parquet upgrade change that
 * constructor, the builder is used. Stateless; thread-safe.
 */
final class ReadOptions {
  /** The builder's default for {@code parquet.read.allocation.size}. */
  private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

  private static final Constructor<ParquetReadOptions> CONSTRUCTOR = constructor();

  private ReadOptions() {}

  private static Constructor<ParquetReadOptions> constructor() {
    try {
      Constructor<ParquetReadOptions> c =
          ParquetReadOptions.class.getDeclaredConstructor(
              boolean.class, // useSignedStringMinMax
              boolean.class, // useStatsFilter
              boolean.class, // useDictionaryFilter
              boolean.class, // useRecordFilter
              boolean.class, // useColumnIndexFilter
              boolean.class, // usePageChecksumVerification
              boolean.class, // useBloomFilter
              boolean.class, // useOffHeapDecryptBuffer
              boolean.class, // useHadoopVectoredIo
              FilterCompat.Filter.class,
              ParquetMetadataConverter.MetadataFilter.class,
              CompressionCodecFactory.class,
              ByteBufferAllocator.class,
              int.class,
              Map.class,
              FileDecryptionProperties.class,
              ParquetMetricsCallback.class,
              ParquetConfiguration.class);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException | RuntimeException e) {
      return null; // another Parquet version: its builder is used (and needs Hadoop)
    }
  }

  /**
   * Read options with Parquet's defaults and the given codecs.
   *
   * @param codecs the page decompressors
   * @return the options
   */
  static ParquetReadOptions create(CompressionCodecFactory codecs) {
    if (CONSTRUCTOR == null) {
      return builder(codecs);
    }
    try {
      return CONSTRUCTOR.newInstance(
          false, // useSignedStringMinMax
          true, // useStatsFilter
          true, // useDictionaryFilter
          true, // useRecordFilter
          true, // useColumnIndexFilter
          false, // usePageChecksumVerification
          true, // useBloomFilter
          false, // useOffHeapDecryptBuffer
          true, // useHadoopVectoredIo (only Hadoop streams use it)
          FilterCompat.NOOP,
          ParquetMetadataConverter.NO_FILTER,
          codecs,
          new HeapByteBufferAllocator(),
          MAX_ALLOCATION,
          new HashMap<String, String>(),
          null,
          null,
          new PlainParquetConfiguration());
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      return builder(codecs);
    }
  }

  /**
   * The same options through Parquet's builder (needs Hadoop on the class path).
   *
   * @param codecs the page decompressors
   * @return the options
   */
  static ParquetReadOptions builder(CompressionCodecFactory codecs) {
    return ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(codecs)
        .build();
  }
}
