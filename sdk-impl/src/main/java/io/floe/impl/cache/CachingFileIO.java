package io.floe.impl.cache;

import io.floe.impl.catalog.SchemeFileIO;
import io.floe.impl.io.AvroContainers;
import io.floe.impl.spi.ForwardingFileIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * A {@link FileIO} that serves immutable metadata files (table metadata JSON, manifest lists,
 * manifests) from a {@link MetadataCache} and passes everything else to the file IO it wraps.
 *
 * <p>Metadata files this IO writes are put in the cache as they are written, so a writer never
 * reads back its own commit from storage. The wrapped IO is named by {@link #DELEGATE_IMPL}
 * (default {@link SchemeFileIO}); the cache by {@link MetadataCache#ID_PROPERTY}. Without a
 * registered cache it passes everything through, except that manifests and manifest lists are read
 * whole and checked ({@link AvroContainers}) with or without the cache: Avro would read one cut
 * short as a shorter file and committed rows would vanish. Thread-safe when the wrapped IO is.
 */
public class CachingFileIO extends ForwardingFileIO {
  private static final long serialVersionUID = 1L;

  /** Catalog property naming the wrapped file IO class. */
  public static final String DELEGATE_IMPL = "floe.io.delegate-impl";

  private FileIO delegate;
  private transient MetadataCache cache;
  private Map<String, String> properties = Map.of();

  /** Creates the file IO; catalogs call this through {@code io-impl}. */
  public CachingFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
    String impl = props.getOrDefault(DELEGATE_IMPL, SchemeFileIO.class.getName());
    Map<String, String> delegateProps = new HashMap<>(props);
    delegateProps.put("io-impl", impl);
    this.delegate = CatalogUtil.loadFileIO(impl, delegateProps, null);
    this.cache = MetadataCache.lookup(props.get(MetadataCache.ID_PROPERTY)).orElse(null);
  }

  /**
   * The metadata cache this IO serves from.
   *
   * @return the cache, or null when none is registered
   */
  MetadataCache cache() {
    return cache;
  }

  /**
   * The wrapped file IO.
   *
   * @return the file IO that does the I/O
   */
  @Override
  public FileIO delegate() {
    return delegate;
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  private boolean caches(String location) {
    return cache != null && MetadataCache.cacheable(location);
  }

  @Override
  public InputFile newInputFile(String location) {
    if (caches(location)) {
      return new CachedInput(location, -1);
    }
    return AvroContainers.isManifest(location)
        ? new CheckedInput(delegate.newInputFile(location), -1)
        : delegate.newInputFile(location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    if (caches(location)) {
      return new CachedInput(location, length);
    }
    return AvroContainers.isManifest(location)
        ? new CheckedInput(delegate.newInputFile(location, length), length)
        : delegate.newInputFile(location, length);
  }

  /**
   * A manifest or manifest list read whole and checked (no cache): never read as a shorter file.
   */
  private static final class CheckedInput implements InputFile {
    private final InputFile source;
    private final long knownLength;

    CheckedInput(InputFile source, long knownLength) {
      this.source = source;
      this.knownLength = knownLength;
    }

    @Override
    public long getLength() {
      return knownLength >= 0 ? knownLength : source.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return new ByteArraySeekableStream(AvroContainers.readWhole(source, knownLength));
    }

    @Override
    public String location() {
      return source.location();
    }

    @Override
    public boolean exists() {
      return source.exists();
    }
  }

  @Override
  public OutputFile newOutputFile(String location) {
    OutputFile out = super.newOutputFile(location);
    return caches(location) ? new CachingOutput(out) : out;
  }

  @Override
  public void deleteFile(String location) {
    if (cache != null) {
      cache.invalidate(location);
    }
    super.deleteFile(location);
  }

  @Override
  public void deleteFiles(Iterable<String> locations)
      throws org.apache.iceberg.io.BulkDeletionFailureException {
    if (cache != null) {
      locations.forEach(cache::invalidate);
    }
    super.deleteFiles(locations);
  }

  @Override
  public void deletePrefix(String prefix) {
    if (cache != null) {
      cache.invalidateFiles();
    }
    super.deletePrefix(prefix);
  }

  private final class CachedInput implements InputFile {
    private final String location;
    private final long knownLength;

    CachedInput(String location, long knownLength) {
      this.location = location;
      this.knownLength = knownLength;
    }

    private InputFile source() {
      return knownLength >= 0
          ? delegate.newInputFile(location, knownLength)
          : delegate.newInputFile(location);
    }

    @Override
    public long getLength() {
      if (knownLength >= 0) {
        return knownLength;
      }
      byte[] bytes = cache.peek(location);
      return bytes != null ? bytes.length : source().getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      byte[] bytes = cache.get(location);
      if (bytes == null) {
        InputFile source = source();
        if (knownLength >= 0 && !cache.fits(knownLength)) {
          return AvroContainers.isManifest(location)
              ? new ByteArraySeekableStream(AvroContainers.readWhole(source, knownLength))
              : source.newStream();
        }
        try (SeekableInputStream in = source.newStream()) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException("Failed to read " + location, e);
        }
        check(bytes);
        cache.put(location, bytes);
      }
      return new ByteArraySeekableStream(bytes);
    }

    /**
     * A manifest must have the length its manifest list records, and a manifest or manifest list
     * must be a whole Avro container file: Avro reads one cut short as a shorter file.
     */
    private void check(byte[] bytes) {
      if (AvroContainers.isManifest(location)) {
        AvroContainers.check(location, bytes, knownLength);
      }
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return cache.peek(location) != null || source().exists();
    }
  }

  private final class CachingOutput implements OutputFile {
    private final OutputFile out;

    CachingOutput(OutputFile out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create() {
      return new TeeStream(out.location(), out.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return new TeeStream(out.location(), out.createOrOverwrite());
    }

    @Override
    public String location() {
      return out.location();
    }

    @Override
    public InputFile toInputFile() {
      return new CachedInput(out.location(), -1);
    }
  }

  /** Writes through to storage and keeps a copy for the cache once the file is complete. */
  private final class TeeStream extends PositionOutputStream {
    private final String location;
    private final PositionOutputStream out;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream(8192);
    private boolean closed;

    TeeStream(String location, PositionOutputStream out) {
      this.location = location;
      this.out = out;
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos();
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      if (copy != null) {
        copy.write(b);
        checkSize();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (copy != null) {
        copy.write(b, off, len);
        checkSize();
      }
    }

    private void checkSize() {
      if (!cache.fits(copy.size())) {
        copy = null;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      // only a completely written file is cached; a failed close throws before this line
      if (copy != null) {
        cache.put(location, copy.toByteArray());
        copy = null;
      }
    }
  }

  /** A seekable stream over a cached file's bytes. */
  static final class ByteArraySeekableStream extends SeekableInputStream {
    private final byte[] bytes;
    private int pos;

    ByteArraySeekableStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > bytes.length) {
        throw new IOException(
            "Cannot seek to " + newPos + " in a file of " + bytes.length + " bytes");
      }
      pos = (int) newPos;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, bytes.length - pos));
      pos += (int) k;
      return k;
    }

    @Override
    public int available() {
      return bytes.length - pos;
    }
  }
}
