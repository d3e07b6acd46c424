package io.floe.testkit;

import io.floe.impl.spi.NewFiles;
import io.floe.impl.spi.Storage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * An Iceberg {@code FileIO} that keeps files in memory, private to one instance, with the semantics
 * of an object store: a file becomes visible only when its output stream is closed (atomically, all
 * or nothing), {@code create()} fails when the file exists, deletes are idempotent, and listing by
 * prefix returns each file's size and creation time (from the clock it was given, so tests can age
 * files without waiting).
 *
 * <p>Unlike Iceberg's {@code InMemoryFileIO}, whose files live in one JVM-wide map, each instance
 * owns its files, so thousands of tests can run side by side without seeing or leaking each other's
 * data. Thread-safe.
 *
 * <pre>{@code
 * MemoryFileIO io = new MemoryFileIO();
 * try (PositionOutputStream out = io.newOutputFile("mem://wh/a.txt").create()) {
 *   out.write(new byte[] {1, 2, 3});
 * }
 * long size = io.newInputFile("mem://wh/a.txt").getLength();   // 3
 * }</pre>
 */
public class MemoryFileIO
    implements SupportsPrefixOperations, SupportsBulkOperations, NewFiles.Source {
  private static final long serialVersionUID = 1L;

  private record Blob(byte[] bytes, long createdMillis) {}

  private final transient ConcurrentMap<String, Blob> files = new ConcurrentHashMap<>();
  private final transient Clock clock;

  /** Reports each new file to a recording of the creating thread (a commit learning its files). */
  private final NewFiles newFiles = new NewFiles();

  /** The properties the IO was initialized with. */
  private Map<String, String> properties = Map.of();

  /** Creates an empty store whose file times come from the system clock. */
  public MemoryFileIO() {
    this(Clock.systemUTC());
  }

  /**
   * Creates an empty store whose file times come from a clock.
   *
   * @param clock the clock, such as a {@link TestClock}
   */
  public MemoryFileIO(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Whether a file exists.
   *
   * @param location the file's location
   * @return true when it was written and not deleted
   */
  public boolean exists(String location) {
    return files.containsKey(location);
  }

  /**
   * The locations of all files, in no particular order.
   *
   * @return a new list of locations
   */
  public List<String> locations() {
    return new ArrayList<>(files.keySet());
  }

  /**
   * The number of files held.
   *
   * @return the file count
   */
  public int fileCount() {
    return files.size();
  }

  /**
   * The total size of all files held.
   *
   * @return the size in bytes
   */
  public long totalBytes() {
    return files.values().stream().mapToLong(b -> b.bytes().length).sum();
  }

  /**
   * Replaces a file's bytes, for tests that corrupt or truncate a file in place.
   *
   * @param location the file's location
   * @param bytes the new content
   * @throws NotFoundException when the file does not exist
   */
  public void overwrite(String location, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Blob old = files.get(location);
    if (old == null) {
      throw new NotFoundException("File does not exist: %s", location);
    }
    files.put(location, new Blob(bytes.clone(), old.createdMillis()));
  }

  /**
   * A copy of a file's bytes.
   *
   * @param location the file's location
   * @return the content
   * @throws NotFoundException when the file does not exist
   */
  public byte[] bytes(String location) {
    return blob(location).bytes().clone();
  }

  private Blob blob(String location) {
    Blob blob = files.get(Objects.requireNonNull(location, "location"));
    if (blob == null) {
      throw new NotFoundException("File does not exist: %s", location);
    }
    return blob;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new MemoryInput(Objects.requireNonNull(location, "location"));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    newFiles.created(location);
    return new MemoryOutput(Objects.requireNonNull(location, "location"));
  }

  /**
   * Reports the files created through this IO to a recording (a commit learning its metadata file).
   *
   * @return the recorder
   */
  @Override
  public NewFiles newFiles() {
    return newFiles;
  }

  @Override
  public void deleteFile(String location) {
    files.remove(Objects.requireNonNull(location, "location"));
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    locations.forEach(this::deleteFile);
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    String dir = prefix.endsWith("/") ? prefix : prefix + "/";
    List<FileInfo> out = new ArrayList<>();
    files.forEach(
        (location, blob) -> {
          if (location.startsWith(dir) || location.equals(prefix)) {
            out.add(new FileInfo(location, blob.bytes().length, blob.createdMillis()));
          }
        });
    return out;
  }

  @Override
  public void deletePrefix(String prefix) {
    String dir = prefix.endsWith("/") ? prefix : prefix + "/";
    files.keySet().removeIf(location -> location.startsWith(dir) || location.equals(prefix));
  }

  /** Deletes every file. */
  @Override
  public void close() {
    files.clear();
  }

  @Override
  public String toString() {
    return "MemoryFileIO{files=" + files.size() + "}";
  }

  private final class MemoryInput implements InputFile {
    private final String location;

    MemoryInput(String location) {
      this.location = location;
    }

    @Override
    public long getLength() {
      return blob(location).bytes().length;
    }

    @Override
    public SeekableInputStream newStream() {
      byte[] bytes = blob(location).bytes();
      // as Floe's production file IO does: a torn manifest fails, never reads as a shorter one
      Storage.checkManifest(location, bytes);
      return new BytesInputStream(bytes);
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return files.containsKey(location);
    }
  }

  private final class MemoryOutput implements OutputFile {
    private final String location;

    MemoryOutput(String location) {
      this.location = location;
    }

    @Override
    public PositionOutputStream create() {
      if (files.containsKey(location)) {
        throw new AlreadyExistsException("File already exists: %s", location);
      }
      return new BytesOutputStream(location, false);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return new BytesOutputStream(location, true);
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public InputFile toInputFile() {
      return new MemoryInput(location);
    }
  }

  private final class BytesOutputStream extends PositionOutputStream {
    private final String location;
    private final boolean overwrite;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean closed;

    BytesOutputStream(String location, boolean overwrite) {
      this.location = location;
      this.overwrite = overwrite;
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("Stream is closed: " + location);
      }
    }

    @Override
    public long getPos() {
      return buffer.size();
    }

    @Override
    public void write(int b) throws IOException {
      checkOpen();
      buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      checkOpen();
      buffer.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      Blob blob = new Blob(buffer.toByteArray(), clock.millis());
      if (overwrite) {
        files.put(location, blob);
      } else if (files.putIfAbsent(location, blob) != null) {
        throw new IOException(new AlreadyExistsException("File already exists: %s", location));
      }
    }
  }

  private static final class BytesInputStream extends SeekableInputStream {
    private final byte[] bytes;
    private int pos;
    private boolean closed;

    BytesInputStream(byte[] bytes) {
      this.bytes = bytes;
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("Stream is closed");
      }
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      checkOpen();
      if (newPos < 0 || newPos > bytes.length) {
        throw new EOFException(
            "Cannot seek to " + newPos + " in a file of " + bytes.length + " bytes");
      }
      pos = (int) newPos;
    }

    @Override
    public int read() throws IOException {
      checkOpen();
      return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      checkOpen();
      Objects.checkFromIndexSize(off, len, b.length);
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
      int skipped = (int) Math.max(0, Math.min(n, bytes.length - pos));
      pos += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return bytes.length - pos;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
