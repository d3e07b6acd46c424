package io.floe.impl.catalog;

import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.io.Locations;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table operations for a table kept as a local folder in the layout of Iceberg's {@code
 * HadoopCatalog}: {@code <table>/metadata/vN.metadata.json} (or {@code vN.gz.metadata.json}) is
 * version N, and {@code <table>/metadata/version-hint.text} holds the latest N as a best-effort
 * pointer (readers look for {@code vN+1} past it, and list the folder when it is missing).
 *
 * <p>A commit writes the new metadata to a temporary file (through the table's file IO, synced when
 * {@code floe.local.fsync} is on) and publishes it as {@code vN+1} with a hard link, which the
 * operating system creates only when that name is free: of two writers committing version N+1 at
 * the same moment exactly one wins, the other gets {@link CommitFailedException} and retries on the
 * new version. (A rename would not do: {@code rename(2)}, which {@code Files.move} with {@code
 * ATOMIC_MOVE} uses, silently replaces an existing {@code vN+1}, so both writers would "win" and
 * one commit would be lost; Hadoop's local file system has the same flaw.) Safe for any number of
 * writers in any number of processes on one local disk; not on network file systems without atomic
 * hard links, and not on object stores. Thread-safe.
 */
final class FileSystemTableOperations implements TableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(FileSystemTableOperations.class);

  /** The name of the version pointer, as Iceberg's {@code HadoopCatalog} names it. */
  static final String VERSION_HINT = "version-hint.text";

  /** A version file: {@code v12.metadata.json}, {@code v12.gz.metadata.json}. */
  static final Pattern VERSION_FILE = Pattern.compile("v([0-9]+)(\\.gz)?\\.metadata\\.json");

  private final String table;
  private final FileIO io;
  private final String location;
  private final Path folder;
  private final Path metadataFolder;
  private final boolean fsync;

  private volatile TableMetadata current;
  private volatile int version; // 0: not loaded, or the table does not exist
  private volatile boolean shouldRefresh = true;

  /**
   * Operations for one table.
   *
   * @param table the table's name, for messages
   * @param io the table's file IO
   * @param location the table's folder as a location (a plain path)
   * @param fsync whether to sync the metadata folder after publishing a version
   */
  FileSystemTableOperations(String table, FileIO io, String location, boolean fsync) {
    this.table = table;
    this.io = io;
    this.location = location;
    this.folder = Locations.localPath(location);
    this.metadataFolder = folder.resolve("metadata");
    this.fsync = fsync;
  }

  @Override
  public TableMetadata current() {
    if (shouldRefresh) {
      return refresh();
    }
    return current;
  }

  @Override
  public synchronized TableMetadata refresh() {
    int ver = version > 0 ? version : findVersion();
    if (ver > 0 && metadataFile(ver) == null) {
      // the hint or the version we knew points at a file that is gone (purged, or a stale hint)
      ver = listVersions();
    }
    if (ver == 0) {
      current = null;
      version = 0;
      shouldRefresh = true;
      return null;
    }
    Path file = metadataFile(ver);
    for (Path next = metadataFile(ver + 1); next != null; next = metadataFile(ver + 1)) {
      ver++;
      file = next;
    }
    if (file == null) {
      throw new ValidationException(
          "Table %s: metadata file for version %d is missing in %s", table, ver, metadataFolder);
    }
    if (ver != version || current == null) {
      TableMetadata read = TableMetadataParser.read(uncached(), file.toString());
      TableMetadata before = current;
      if (before != null && before.uuid() != null && !before.uuid().equals(read.uuid())) {
        throw new ValidationException(
            "Table %s was replaced by another table (uuid %s, was %s) in %s; load it again",
            table, read.uuid(), before.uuid(), location);
      }
      current = read;
      version = ver;
    }
    shouldRefresh = false;
    return current;
  }

  /**
   * Metadata files are read around the metadata cache: {@code v1.metadata.json} names a different
   * file once a table was purged and created again at the same location.
   */
  private FileIO uncached() {
    return io instanceof CachingFileIO caching ? caching.delegate() : io;
  }

  @Override
  public synchronized void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current) {
      throw new CommitFailedException(
          "Cannot commit table %s: changes are based on stale metadata", table);
    }
    if (base == metadata) {
      return;
    }
    if (!Locations.canonical(metadata.location()).equals(Locations.canonical(location))) {
      throw new IllegalArgumentException(
          "Table "
              + table
              + ": the file-system catalog keeps a table in its folder "
              + location
              + ", so its location cannot be "
              + metadata.location());
    }
    if (metadata.properties().containsKey(TableProperties.WRITE_METADATA_LOCATION)) {
      throw new IllegalArgumentException(
          "Table "
              + table
              + ": the file-system catalog finds metadata in the table's metadata folder, so '"
              + TableProperties.WRITE_METADATA_LOCATION
              + "' cannot be set");
    }
    if (base == null
        && (!Files.isDirectory(folder.getParent())
            || FileSystemCatalog.isTable(folder.getParent()))) {
      // a table's folder is no namespace: a table inside it would mix their files
      throw new NoSuchNamespaceException(
          "Cannot create table %s: namespace folder %s does not exist", table, folder.getParent());
    }
    TableMetadataParser.Codec codec =
        TableMetadataParser.Codec.fromName(
            metadata.property(
                TableProperties.METADATA_COMPRESSION,
                TableProperties.METADATA_COMPRESSION_DEFAULT));
    String extension = TableMetadataParser.getFileExtension(codec);
    String temp = metadataFileLocation(UUID.randomUUID() + extension);
    TableMetadataParser.write(metadata, io.newOutputFile(temp));
    int next = version + 1;
    Path tempPath = Locations.localPath(temp);
    Path target = metadataFolder.resolve("v" + next + extension);
    publish(tempPath, target, next);
    shouldRefresh = true;
    deleteQuietly(tempPath);
    LOG.debug("Table {}: committed {}", table, target);
    writeVersionHint(next);
    CatalogUtil.deleteRemovedMetadataFiles(io, base, metadata);
  }

  /** Links the written metadata as version {@code next}: fails when the name is taken. */
  private void publish(Path temp, Path target, int next) {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      deleteQuietly(temp);
      throw new CommitFailedException(
          e, "Cannot commit table %s: version %d was committed by another writer", table, next);
    } catch (IOException | UnsupportedOperationException e) {
      if (linked(target, temp)) {
        return; // the link was made; what failed came after it
      }
      deleteQuietly(temp);
      if (Files.exists(target)) {
        throw new CommitFailedException(
            e, "Cannot commit table %s: version %d was committed by another writer", table, next);
      }
      throw new RuntimeIOException(
          e instanceof IOException io ? io : new IOException(e),
          "Cannot commit table %s: the file-system catalog publishes a version with a hard link,"
              + " which %s does not allow (%s); use a local disk, or the local (SQLite) or jdbc"
              + " catalog",
          table,
          metadataFolder,
          e.getClass().getSimpleName());
    }
    if (fsync) {
      try {
        syncFolder(metadataFolder);
      } catch (IOException e) {
        // the version is visible; whether it survives a power loss is unknown
        throw new CommitStateUnknownException(e);
      }
    }
  }

  private static boolean linked(Path target, Path temp) {
    try {
      return Files.isSameFile(target, temp);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Points {@code version-hint.text} at a version: written to a temporary file, then moved over the
   * old pointer. Best effort, as in Iceberg: readers look past a stale pointer.
   */
  private void writeVersionHint(int ver) {
    Path temp = metadataFolder.resolve(UUID.randomUUID() + "-version-hint.temp");
    // Hadoop's local file system keeps a checksum beside each file it writes and refuses to read a
    // file whose checksum does not match: a hint Spark wrote has one, which the new hint would
    // contradict. Without a checksum file Hadoop reads the file unchecked.
    Path checksum = metadataFolder.resolve("." + VERSION_HINT + ".crc");
    try {
      Files.deleteIfExists(checksum);
      Files.write(
          temp,
          Integer.toString(ver).getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      try {
        Files.move(
            temp,
            metadataFolder.resolve(VERSION_HINT),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, metadataFolder.resolve(VERSION_HINT), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.deleteIfExists(checksum); // in case a Hadoop writer replaced the hint in between
    } catch (IOException | RuntimeException e) {
      LOG.warn("Table {}: could not update {} to version {}", table, VERSION_HINT, ver, e);
      deleteQuietly(temp);
    }
  }

  /** The latest version: the hint, else the highest version file; 0 when there is none. */
  private int findVersion() {
    Path hint = metadataFolder.resolve(VERSION_HINT);
    try {
      String text = Files.readString(hint, StandardCharsets.UTF_8).trim();
      int ver = Integer.parseInt(text);
      if (ver > 0) {
        return ver;
      }
    } catch (NoSuchFileException e) {
      // no pointer (a new table, or another writer is replacing it): list
    } catch (IOException | NumberFormatException e) {
      LOG.debug("Table {}: unreadable {}, listing {}", table, VERSION_HINT, metadataFolder, e);
    }
    return listVersions();
  }

  /** The highest version whose file is in the metadata folder; 0 when there is none. */
  private int listVersions() {
    if (!Files.isDirectory(metadataFolder)) {
      return 0;
    }
    int max = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(metadataFolder)) {
      for (Path file : files) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          try {
            max = Math.max(max, Integer.parseInt(m.group(1)));
          } catch (NumberFormatException e) {
            // not a version we could have written
          }
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Table %s: cannot list %s", table, metadataFolder);
    }
    return max;
  }

  /** The file of a version in any codec's name, or null when there is none. */
  private Path metadataFile(int ver) {
    for (TableMetadataParser.Codec codec : TableMetadataParser.Codec.values()) {
      Path file = metadataFolder.resolve("v" + ver + TableMetadataParser.getFileExtension(codec));
      if (Files.exists(file)) {
        return file;
      }
    }
    return null;
  }

  private static void syncFolder(Path dir) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return; // file systems that cannot open folders (Windows)
    }
    try (channel) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file is harmless: no reader looks at it
    }
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return location + "/metadata/" + fileName;
  }

  @Override
  public LocationProvider locationProvider() {
    TableMetadata metadata = current();
    return LocationProviders.locationsFor(metadata.location(), metadata.properties());
  }

  @Override
  public TableOperations temp(TableMetadata uncommitted) {
    FileSystemTableOperations ops = this;
    return new TableOperations() {
      @Override
      public TableMetadata current() {
        return uncommitted;
      }

      @Override
      public TableMetadata refresh() {
        throw new UnsupportedOperationException(
            "Cannot call refresh on temporary table operations");
      }

      @Override
      public void commit(TableMetadata base, TableMetadata metadata) {
        throw new UnsupportedOperationException("Cannot call commit on temporary table operations");
      }

      @Override
      public String metadataFileLocation(String fileName) {
        return ops.metadataFileLocation(fileName);
      }

      @Override
      public LocationProvider locationProvider() {
        return LocationProviders.locationsFor(uncommitted.location(), uncommitted.properties());
      }

      @Override
      public FileIO io() {
        return ops.io();
      }

      @Override
      public EncryptionManager encryption() {
        return ops.encryption();
      }

      @Override
      public long newSnapshotId() {
        return ops.newSnapshotId();
      }
    };
  }
}
