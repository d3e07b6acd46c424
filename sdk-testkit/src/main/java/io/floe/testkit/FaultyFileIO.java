package io.floe.testkit;

import io.floe.impl.spi.ForwardingFileIO;
import io.floe.impl.spi.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Wraps a FileIO (with prefix and bulk operations) and consults {@link Faults} on every call.
 *
 * <p>The in-memory kit wraps its {@link MemoryFileIO} directly. On the local backend the catalog
 * creates it by name ({@code io-impl}), exactly where {@code Floe.local} puts its own storage:
 * under the metadata cache's file IO and over Floe's {@code SchemeFileIO}, attached to the running
 * kit named by {@value KitCatalog#KIT_PROPERTY}. So a fault hits what the cache and everything
 * above it would see from a failing disk. Not for direct use. Thread-safe when the wrapped IO is.
 *
 * <pre>{@code
 * FloeTestKit kit = FloeTestKit.local(folder);   // sets io-impl to this class
 * kit.faults().onFile(FileOperation.CLOSE).path("*.parquet").nth(1).fail();
 * }</pre>
 */
public final class FaultyFileIO extends ForwardingFileIO {
  private static final long serialVersionUID = 1L;

  private transient FileIO delegate;
  private transient Faults faults;

  /** Creates an unattached file IO; the catalog then calls {@link #initialize(Map)}. */
  public FaultyFileIO() {}

  FaultyFileIO(FileIO delegate, Faults faults) {
    this.delegate = checked(delegate);
    this.faults = faults;
  }

  private static FileIO checked(FileIO delegate) {
    if (!(delegate instanceof SupportsPrefixOperations)
        || !(delegate instanceof SupportsBulkOperations)) {
      throw new IllegalArgumentException(
          "The test kit needs a FileIO with prefix and bulk operations, not "
              + delegate.getClass().getName());
    }
    return delegate;
  }

  @Override
  protected FileIO delegate() {
    return delegate;
  }

  /** Carries out a rule's FAIL action for a call outside a stream. */
  private void check(FileOperation op, String location) {
    Faults.Rule rule = faults.onFileCall(op, location);
    if (rule != null && rule.action == Faults.Action.FAIL) {
      if (rule.error != null) {
        throw rule.error.get();
      }
      IOException e = Faults.ioError(rule, op, location);
      throw new RuntimeIOException(e, "%s", e.getMessage());
    }
  }

  /**
   * Carries out a rule's FAIL action inside a stream; returns the rule when it corrupts or tears.
   */
  private Faults.Rule checkStream(FileOperation op, String location) throws IOException {
    Faults.Rule rule = faults.onFileCall(op, location);
    if (rule != null && rule.action == Faults.Action.FAIL) {
      if (rule.error != null) {
        throw rule.error.get();
      }
      throw Faults.ioError(rule, op, location);
    }
    return rule != null && rule.action != Faults.Action.DELAY ? rule : null;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new Input(super.newInputFile(location));
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new Input(super.newInputFile(location, length));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new Output(super.newOutputFile(location));
  }

  @Override
  public void deleteFile(String location) {
    check(FileOperation.DELETE, location);
    super.deleteFile(location);
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    List<String> allowed = new ArrayList<>();
    int failed = 0;
    for (String location : locations) {
      try {
        check(FileOperation.DELETE, location);
        allowed.add(location);
      } catch (RuntimeException e) {
        failed++;
      }
    }
    super.deleteFiles(allowed);
    if (failed > 0) {
      throw new BulkDeletionFailureException(failed);
    }
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    check(FileOperation.LIST, prefix);
    return super.listPrefix(prefix);
  }

  @Override
  public io.floe.impl.spi.DirectoryListing.Listing listFolder(String folder) {
    check(FileOperation.LIST, folder);
    return super.listFolder(folder);
  }

  @Override
  public void deletePrefix(String prefix) {
    check(FileOperation.DELETE, prefix);
    super.deletePrefix(prefix);
  }

  /**
   * Attaches to the kit named by {@value KitCatalog#KIT_PROPERTY} and opens Floe's own storage
   * ({@code SchemeFileIO}) below the faults; a file IO made by the kit passes the call on.
   *
   * @param properties the catalog properties
   * @throws IllegalArgumentException when the property is missing or the kit is closed
   */
  @Override
  public void initialize(Map<String, String> properties) {
    if (delegate != null) {
      delegate.initialize(properties);
      return;
    }
    this.faults = FloeTestKit.running(properties.get(KitCatalog.KIT_PROPERTY)).faults();
    this.delegate = checked(Storage.openFileIO(properties));
  }

  @Override
  public String toString() {
    return "FaultyFileIO{" + delegate + "}";
  }

  private final class Input implements InputFile {
    private final InputFile file;

    Input(InputFile file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      check(FileOperation.LENGTH, file.location());
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      check(FileOperation.OPEN, file.location());
      return new In(file.location(), file.newStream());
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      check(FileOperation.EXISTS, file.location());
      return file.exists();
    }
  }

  private final class In extends SeekableInputStream {
    private final String location;
    private final SeekableInputStream in;

    In(String location, SeekableInputStream in) {
      this.location = location;
      this.in = in;
    }

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
      Faults.Rule corrupt = checkStream(FileOperation.READ, location);
      int b = in.read();
      return corrupt != null && b >= 0 ? (b ^ 0xFF) : b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Faults.Rule corrupt = checkStream(FileOperation.READ, location);
      int n = in.read(b, off, len);
      if (corrupt != null && n > 0) {
        b[off] = (byte) (b[off] ^ 0xFF);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(n);
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private final class Output implements OutputFile {
    private final OutputFile file;

    Output(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create() {
      check(FileOperation.CREATE, file.location());
      return new Out(file.location(), file.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      check(FileOperation.CREATE, file.location());
      return new Out(file.location(), file.createOrOverwrite());
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public InputFile toInputFile() {
      return new Input(file.toInputFile());
    }
  }

  /** An output stream that can corrupt, tear (drop the rest of the file) and fail. */
  private final class Out extends PositionOutputStream {
    private final String location;
    private final PositionOutputStream out;
    private boolean closed;

    /** The tearing rule once the file was cut short: later writes are dropped. */
    private Faults.Rule torn;

    /** Bytes the writer wrote that were dropped, so that positions stay what it expects. */
    private long dropped;

    Out(String location, PositionOutputStream out) {
      this.location = location;
      this.out = out;
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos() + dropped;
    }

    @Override
    public long storedLength() throws IOException {
      return out.storedLength();
    }

    @Override
    public void write(int b) throws IOException {
      Faults.Rule rule = checkStream(FileOperation.WRITE, location);
      if (torn != null || tears(rule)) {
        dropped++;
        return;
      }
      out.write(rule != null ? (b ^ 0xFF) : b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Faults.Rule rule = checkStream(FileOperation.WRITE, location);
      if (torn != null) {
        dropped += len;
      } else if (tears(rule)) {
        int kept = len / 2;
        out.write(b, off, kept);
        dropped += len - kept;
      } else if (rule != null && len > 0) {
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        copy[0] = (byte) (copy[0] ^ 0xFF);
        out.write(copy, 0, len);
      } else {
        out.write(b, off, len);
      }
    }

    private boolean tears(Faults.Rule rule) {
      if (rule != null
          && (rule.action == Faults.Action.TEAR || rule.action == Faults.Action.TEAR_FAIL)) {
        torn = rule;
        return true;
      }
      return false;
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
      // a failed close leaves the delegate unclosed: the file is not published (object-store
      // semantics) or stays partly written (local disk)
      checkStream(FileOperation.CLOSE, location);
      long kept = out.getPos();
      out.close();
      if (torn != null && torn.action == Faults.Action.TEAR_FAIL) {
        // the torn file is in storage, and the writer hears of it
        throw new IOException(
            "Injected fault: "
                + location
                + " was cut short after "
                + kept
                + " of "
                + (kept + dropped)
                + " bytes (rule: "
                + torn.text
                + ")");
      }
    }
  }
}
