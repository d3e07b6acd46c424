package io.floe.impl.io;

import io.floe.impl.spi.DirectoryListing;
import io.floe.impl.spi.NewFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A {@link org.apache.iceberg.io.FileIO} for the local file system with no Hadoop: plain paths
 * ({@code /data/wh/t/...}) and {@code file:} URIs, both taken literally ({@link Locations}: a
 * partition folder {@code p=a%2Fb} is a folder of that name). Files are created exclusively (a
 * second create of the same path fails), parent folders are made as needed, and deletes are
 * idempotent. Listing and prefix deletion work by folder and never follow symbolic links.
 *
 * <p>Writes are durable before they are used: closing an output stream forces the file's bytes to
 * the disk ({@code fsync}), and, at the same time, the folder that holds its new entry and the
 * parent of every folder the create made; it returns when all are synced. Data files, manifests and
 * metadata files are all closed before the catalog commit that refers to them, so after a power
 * loss the catalog (whose SQLite database syncs its own commits) never points at a file that did
 * not reach the disk. The catalog property {@value #FSYNC} (default {@code true}) set to {@code
 * false} skips the syncs, for throw-away warehouses such as tests: a power loss can then lose or
 * tear committed files. {@code jmh/README.md} gives the cost.
 */
public class LocalFileIO
    implements SupportsPrefixOperations, SupportsBulkOperations, DirectoryListing, NewFiles.Source {
  private static final long serialVersionUID = 1L;
  private static final int WRITE_BUFFER = 256 * 1024;

  /** The catalog property that turns syncing written files to the disk off ({@code false}). */
  public static final String FSYNC = io.floe.FloeConfig.LOCAL_FSYNC;

  /** Files and folders forced to the disk so far, by every instance (tests read it). */
  static final java.util.concurrent.atomic.LongAdder SYNCS =
      new java.util.concurrent.atomic.LongAdder();

  private Map<String, String> properties = Map.of();
  private boolean fsync = true;
  private final NewFiles newFiles = new NewFiles();

  /** Creates the file IO; Iceberg's catalogs call this with {@code io-impl}. */
  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
    String value = props.getOrDefault(FSYNC, "true").trim();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "Catalog property " + FSYNC + " must be true or false, got '" + value + "'");
    }
    this.fsync = Boolean.parseBoolean(value);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Converts a location to a local path.
   *
   * @param location a plain path or a {@code file:} URI
   * @return the path
   */
  public static Path toPath(String location) {
    return Locations.localPath(location);
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInput(location, toPath(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new LocalInput(location, toPath(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    newFiles.created(location);
    return new LocalOutput(location, toPath(location), fsync);
  }

  @Override
  public NewFiles newFiles() {
    return newFiles;
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Failed to delete file: %s", location);
    }
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    int failures = 0;
    for (String location : locations) {
      try {
        deleteFile(location);
      } catch (RuntimeIOException e) {
        failures++;
      }
    }
    if (failures > 0) {
      throw new BulkDeletionFailureException(failures);
    }
  }

  /**
   * Lists by folder: {@code prefix} names a folder (with or without a trailing separator); symbolic
   * links and unreadable entries are left out ({@link #listFolder} reports them).
   */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return listFolder(prefix).files();
  }

  @Override
  public Listing listFolder(String folder) {
    Path root = toPath(folder);
    List<FileInfo> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isSymbolicLink(root)) {
        skipped.add(folder + " (symbolic link, not followed)");
      }
      return new Listing(files, skipped);
    }
    String base = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    try {
      // walkFileTree without FOLLOW_LINKS reports links as files with their own attributes
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String location =
                  base
                      + "/"
                      + root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
              if (attrs.isRegularFile()) {
                files.add(
                    new FileInfo(location, attrs.size(), attrs.lastModifiedTime().toMillis()));
              } else if (attrs.isSymbolicLink()) {
                skipped.add(location + " (symbolic link, not followed)");
              } else {
                skipped.add(location + " (not a regular file)");
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (!(e instanceof NoSuchFileException)) { // gone while listing: nothing to report
                String location =
                    base
                        + "/"
                        + root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                skipped.add(location + " (" + e.getClass().getSimpleName() + ")");
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              if (e != null) {
                String location =
                    base
                        + "/"
                        + root.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
                skipped.add(location + " (" + e.getClass().getSimpleName() + ")");
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Failed to list files under %s", folder);
    }
    return new Listing(files, skipped);
  }

  /**
   * Deletes a folder and everything below it; a symbolic link is deleted itself, never what it
   * points to.
   */
  @Override
  public void deletePrefix(String prefix) {
    Path root = toPath(prefix);
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      deleteRecursively(root);
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Failed to delete files under %s", prefix);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          deleteRecursively(child);
        }
      }
    }
    Files.deleteIfExists(path);
  }

  private static final class LocalInput implements InputFile {
    private final String location;
    private final Path path;
    private long length;

    LocalInput(String location, Path path, long length) {
      this.location = location;
      this.path = path;
      this.length = length;
    }

    @Override
    public long getLength() {
      if (length < 0) {
        try {
          length = Files.size(path);
        } catch (NoSuchFileException e) {
          throw new NotFoundException(e, "File does not exist: %s", location);
        } catch (IOException e) {
          throw new RuntimeIOException(e, "Failed to get length of %s", location);
        }
      }
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelInputStream(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new RuntimeIOException(e, "Failed to open %s", location);
      }
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return Files.exists(path);
    }
  }

  private static final class ChannelInputStream extends SeekableInputStream {
    private final FileChannel channel;
    private final byte[] one = new byte[1];

    ChannelInputStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
    }

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
      long pos = channel.position();
      long target = Math.min(channel.size(), pos + Math.max(0, n));
      channel.position(target);
      return target - pos;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Integer.MAX_VALUE, channel.size() - channel.position());
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class LocalOutput implements OutputFile {
    private final String location;
    private final Path path;
    private final boolean fsync;

    LocalOutput(String location, Path path, boolean fsync) {
      this.location = location;
      this.path = path;
      this.fsync = fsync;
    }

    @Override
    public PositionOutputStream create() {
      return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(StandardOpenOption... options) {
      try {
        Path file = path.toAbsolutePath();
        Path parent = file.getParent();
        List<Path> created = new ArrayList<>();
        if (parent != null && !Files.isDirectory(parent)) {
          for (Path dir = parent; dir != null && !Files.exists(dir); dir = dir.getParent()) {
            created.add(dir);
          }
          Files.createDirectories(parent);
        }
        List<StandardOpenOption> all = new ArrayList<>(List.of(options));
        all.add(StandardOpenOption.WRITE);
        FileChannel channel = FileChannel.open(path, all.toArray(new StandardOpenOption[0]));
        if (!fsync) {
          return new BufferedPositionStream(channel, false, List.of());
        }
        // on close: the file, the folder holding its entry, then the parents of created folders
        List<Path> folders = new ArrayList<>();
        if (parent != null) {
          folders.add(parent);
        }
        for (Path dir : created) {
          if (dir.getParent() != null) {
            folders.add(dir.getParent());
          }
        }
        return new BufferedPositionStream(channel, true, folders);
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to create " + location, e);
      }
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInput(location, path, -1);
    }
  }

  /**
   * Forces a folder's entries to the disk; file systems that cannot open folders (Windows) skip it.
   */
  private static void syncFolder(Path folder) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(folder, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    try (channel) {
      channel.force(true);
      SYNCS.increment();
    }
  }

  /**
   * Syncs a file and its folders at once: the folders on {@link #FOLDER_SYNCS}, the file in the
   * calling thread, and returns when all are on the disk (the first failure is thrown once every
   * sync has ended). Each sync is as durable as alone; concurrent ones share the file system's
   * journal commits, so a file with its folder, or a new table's metadata file with the three
   * folders it created, costs about one sync instead of two or four in a row ({@code
   * jmh/README.md}, "Issue 17, second round").
   */
  private static void syncWithFolders(FileChannel file, List<Path> folders) throws IOException {
    List<Future<?>> pending = new ArrayList<>(folders.size());
    IOException failure = null;
    try {
      for (Path folder : folders) {
        pending.add(
            FOLDER_SYNCS.submit(
                () -> {
                  syncFolder(folder);
                  return null;
                }));
      }
      file.force(true);
      SYNCS.increment();
    } catch (IOException e) {
      failure = e;
    } finally {
      failure = await(pending, failure); // nothing of this file is left syncing after close
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Waits for every sync, even when interrupted (the flag is restored), keeping one failure. */
  private static IOException await(List<Future<?>> syncs, IOException failure) {
    boolean interrupted = false;
    for (Future<?> sync : syncs) {
      while (true) {
        try {
          sync.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          IOException error =
              e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
          if (failure == null) {
            failure = error;
          } else {
            failure.addSuppressed(error);
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }

  /**
   * Threads that sync folders while the caller syncs the file; when all are busy the caller syncs
   * the folder itself.
   */
  private static final ThreadPoolExecutor FOLDER_SYNCS =
      new ThreadPoolExecutor(
          0,
          8,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "floe-folder-sync");
            thread.setDaemon(true);
            return thread;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  private static final class BufferedPositionStream extends PositionOutputStream {
    private final FileChannel channel;
    private final OutputStream out;
    private final boolean fsync;
    private final List<Path> syncFolders;
    private final byte[] buffer = new byte[WRITE_BUFFER];
    private int count;
    private long flushed;
    private boolean closed;

    /** With {@code fsync}, close syncs the file and then these folders. */
    BufferedPositionStream(FileChannel channel, boolean fsync, List<Path> syncFolders) {
      this.channel = channel;
      this.out = Channels.newOutputStream(channel);
      this.fsync = fsync;
      this.syncFolders = syncFolders;
    }

    @Override
    public long getPos() {
      return flushed + count;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == buffer.length) {
        flushBuffer();
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len >= buffer.length) {
        flushBuffer();
        out.write(b, off, len);
        flushed += len;
        return;
      }
      if (len > buffer.length - count) {
        flushBuffer();
      }
      System.arraycopy(b, off, buffer, count, len);
      count += len;
    }

    private void flushBuffer() throws IOException {
      if (count > 0) {
        out.write(buffer, 0, count);
        flushed += count;
        count = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      flushBuffer();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (OutputStream closing = out) {
        flush();
        if (fsync) {
          syncWithFolders(channel, syncFolders);
        }
      }
    }
  }
}
