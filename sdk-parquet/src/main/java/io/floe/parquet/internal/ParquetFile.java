package io.floe.parquet.internal;

import io.floe.impl.spi.DataFileCache;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.DictionaryPageReadStore;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.BloomFilterReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * One Parquet data file as a scan sees it: its footer, and per column chunk its Bloom filter and
 * dictionary, each read at most once per scan and, when the table's file IO carries Floe's {@link
 * DataFileCache}, at most once per process while cached (data files are immutable: entries are
 * keyed by location and length). The file itself is opened only when something is not cached or a
 * row group is read, so a lookup whose row groups are all pruned by cached statistics and Bloom
 * filters does no I/O at all. Used by one thread.
 */
final class ParquetFile implements Closeable {
  private final CountingInputFile input;
  private final String path;
  private final long length;
  private final DataFileCache cache;
  private final ParquetReadOptions options;
  private ParquetMetadata footer;
  private SeekableInputStream stream;
  private ParquetFileReader reader;
  private final Map<Long, BloomFilterReader> blooms = new HashMap<>();

  /** What part of a file a cache entry holds. */
  enum Part {
    BLOOM,
    DICTIONARY
  }

  /** The cache key of a file's footer. */
  record FooterKey(String path, long length) {}

  /** The cache key of one column chunk's Bloom filter or dictionary. */
  record ChunkKey(String path, long length, long chunkStart, Part part) {}

  /** A cached footer. */
  record CachedFooter(ParquetMetadata footer, long weight) implements DataFileCache.Weighted {}

  /** A cached Bloom filter. */
  record CachedBloom(BloomFilter filter, long weight) implements DataFileCache.Weighted {}

  /** A cached, decompressed dictionary page. */
  record CachedDictionary(DictionaryPage page, long weight) implements DataFileCache.Weighted {}

  ParquetFile(
      CountingInputFile input,
      String path,
      long length,
      DataFileCache cache,
      ParquetReadOptions options) {
    this.input = input;
    this.path = path;
    this.length = length;
    this.cache = cache;
    this.options = options;
  }

  private <V extends DataFileCache.Weighted> V cached(Object key, Supplier<V> load) {
    return cache == null ? load.get() : cache.dataFile(key, load);
  }

  private SeekableInputStream stream() {
    if (stream == null) {
      stream = input.newStream();
    }
    return stream;
  }

  /**
   * The whole footer (all row groups; the caller selects those of its split).
   *
   * @return the footer
   * @throws UncheckedIOException when it cannot be read
   */
  ParquetMetadata footer() {
    if (footer == null) {
      footer =
          cached(
                  new FooterKey(path, length),
                  () -> {
                    try {
                      ParquetMetadata read = readFooter(input, options, stream());
                      return new CachedFooter(read, Weights.footer(read));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .footer();
    }
    return footer;
  }

  /**
   * {@code ParquetFileReader.readFooter(InputFile, ParquetReadOptions, SeekableInputStream)}, which
   * needs no Hadoop: called through a handle because its overloads of the same arity name Hadoop
   * types, which the compiler would need to see to choose between them.
   */
  private static final MethodHandle READ_FOOTER = readFooterHandle();

  private static MethodHandle readFooterHandle() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              ParquetFileReader.class,
              "readFooter",
              MethodType.methodType(
                  ParquetMetadata.class,
                  InputFile.class,
                  ParquetReadOptions.class,
                  SeekableInputStream.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("Parquet's ParquetFileReader.readFooter is missing", e);
    }
  }

  private static ParquetMetadata readFooter(
      InputFile file, ParquetReadOptions options, SeekableInputStream stream) throws IOException {
    try {
      return (ParquetMetadata) READ_FOOTER.invokeExact(file, options, stream);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  /**
   * The reader for row groups, opened on first use over the cached footer.
   *
   * @return the open reader
   * @throws IOException when the file cannot be opened
   */
  ParquetFileReader reader() throws IOException {
    if (reader == null) {
      // open(...) rather than the constructor: its overloads name no Hadoop type, so this compiles
      // without Hadoop on the class path
      reader = ParquetFileReader.open(input, footer(), options, stream());
    }
    return reader;
  }

  /**
   * A Bloom filter reader for a row group that serves filters from the cache.
   *
   * @param block the row group
   * @return the reader
   */
  BloomFilterReader bloomFilters(BlockMetaData block) {
    return blooms.computeIfAbsent(block.getStartingPos(), start -> new CachedBloomReader(block));
  }

  /**
   * A dictionary store for a row group that serves decompressed dictionaries from the cache.
   *
   * @param block the row group
   * @return the store
   */
  DictionaryPageReadStore dictionaries(BlockMetaData block) {
    return new CachedDictionaries(block);
  }

  /**
   * The row groups of a split: those whose midpoint lies in {@code [start, start + length)}, the
   * rule Parquet's own range filter applies, so that splits of one file never share a row group.
   *
   * @param start the split's first byte
   * @param splitLength the split's length
   * @return indexes into the footer's row groups
   */
  List<Integer> rowGroupsOf(long start, long splitLength) {
    List<BlockMetaData> blocks = footer().getBlocks();
    List<Integer> selected = new ArrayList<>(blocks.size());
    boolean wholeFile = start <= 0 && splitLength >= length;
    for (int i = 0; i < blocks.size(); i++) {
      BlockMetaData block = blocks.get(i);
      long midpoint = block.getStartingPos() + block.getCompressedSize() / 2;
      if (wholeFile || (midpoint >= start && midpoint < start + splitLength)) {
        selected.add(i);
      }
    }
    return selected;
  }

  @Override
  public void close() throws IOException {
    try {
      if (reader != null) {
        reader.close(); // closes the stream and releases the codecs
      } else {
        options.getCodecFactory().release();
        if (stream != null) {
          stream.close();
        }
      }
    } finally {
      reader = null;
      stream = null;
    }
  }

  /** Serves a row group's Bloom filters from the cache, reading from the file only on a miss. */
  private final class CachedBloomReader extends BloomFilterReader {
    CachedBloomReader(BlockMetaData block) {
      super(null, block);
    }

    @Override
    public BloomFilter readBloomFilter(ColumnChunkMetaData meta) {
      if (meta.getBloomFilterOffset() < 0) {
        return null;
      }
      CachedBloom bloom =
          cached(
              new ChunkKey(path, length, meta.getStartingPos(), Part.BLOOM),
              () -> {
                try {
                  BloomFilter read = reader().readBloomFilter(meta);
                  return read == null ? null : new CachedBloom(read, 256L + read.getBitsetSize());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return bloom == null ? null : bloom.filter();
    }
  }

  /** Serves a row group's decompressed dictionaries from the cache. */
  private final class CachedDictionaries implements DictionaryPageReadStore {
    private final BlockMetaData block;
    private final Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();

    CachedDictionaries(BlockMetaData block) {
      this.block = block;
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        chunks.put(chunk.getPath(), chunk);
      }
    }

    @Override
    public DictionaryPage readDictionaryPage(ColumnDescriptor descriptor) {
      ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(descriptor.getPath()));
      if (chunk == null || !chunk.hasDictionaryPage()) {
        return null;
      }
      CachedDictionary dictionary =
          cached(
              new ChunkKey(path, length, chunk.getStartingPos(), Part.DICTIONARY),
              () -> {
                try {
                  // Parquet's dictionary reader returns a decompressed copy on the heap
                  DictionaryPageReadStore store = reader().getDictionaryReader(block);
                  DictionaryPage read = store.readDictionaryPage(descriptor);
                  if (read == null) {
                    return null;
                  }
                  byte[] bytes = read.getBytes().toByteArray();
                  DictionaryPage copy =
                      new DictionaryPage(
                          org.apache.parquet.bytes.BytesInput.from(bytes),
                          read.getDictionarySize(),
                          read.getEncoding());
                  return new CachedDictionary(copy, 128L + bytes.length);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return dictionary == null ? null : dictionary.page();
    }
  }
}
