package io.floe.impl.spi;

import io.floe.impl.io.Locations;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.DelegateFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.io.SupportsStorageCredentials;

/**
 * A {@link FileIO} that passes every call to another, the base of Floe's file IO wrappers (as
 * {@code ForwardingCatalog} is of its catalog wrappers): a subclass overrides only what it changes.
 *
 * <p>It offers every capability Floe and Iceberg look for, each forwarded when the wrapped file IO
 * has it: bulk deletes ({@link SupportsBulkOperations}; one delete per file otherwise, failures
 * counted), prefix listing and deletion ({@link SupportsPrefixOperations}; an {@link
 * UnsupportedOperationException} naming the wrapped class otherwise), folder listing ({@link
 * DirectoryListing}; by prefix otherwise) and storage credentials ({@link
 * SupportsStorageCredentials}). Prefixes are taken as folders ({@link Locations#listingPrefix}), so
 * table {@code t} never lists {@code t2/...}. Every new file is reported to {@link #newFiles()}.
 * Iceberg's {@code newInputFile(DataFile)}, {@code (DeleteFile)}, {@code (ManifestFile)} and {@code
 * (ManifestListFile)} and {@code deleteFile(InputFile/OutputFile)} keep their default bodies, which
 * call this file IO's own {@code newInputFile(location, length)} and {@code deleteFile(location)},
 * so an override of those serves them too.
 *
 * <p>A subclass either holds one wrapped file IO ({@link #delegate()}) or picks one per location
 * ({@link #delegate(String)}, and then overrides the calls that span locations). Thread-safe when
 * the wrapped file IOs are.
 *
 * <pre>{@code
 * class CountingFileIO extends ForwardingFileIO {
 *   protected FileIO delegate() { return io; }
 *   public InputFile newInputFile(String location) { reads.increment(); return super.newInputFile(location); }
 * }
 * }</pre>
 */
public abstract class ForwardingFileIO
    implements DelegateFileIO, SupportsStorageCredentials, DirectoryListing, NewFiles.Source {
  private static final long serialVersionUID = 1L;

  private final NewFiles newFiles = new NewFiles();

  /** Creates the forwarding file IO. */
  protected ForwardingFileIO() {}

  /**
   * The wrapped file IO.
   *
   * @return the file IO calls go to
   */
  protected abstract FileIO delegate();

  /**
   * The wrapped file IO that serves a location; {@link #delegate()} unless overridden.
   *
   * @param location a location
   * @return the file IO for it
   */
  protected FileIO delegate(String location) {
    return delegate();
  }

  @Override
  public NewFiles newFiles() {
    return newFiles;
  }

  @Override
  public InputFile newInputFile(String location) {
    return delegate(location).newInputFile(location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return delegate(location).newInputFile(location, length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    newFiles.created(location);
    return delegate(location).newOutputFile(location);
  }

  @Override
  public void deleteFile(String location) {
    delegate(location).deleteFile(location);
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    deleteFiles(delegate(), locations);
  }

  /**
   * Deletes files with a file IO: in bulk when it can, else one by one.
   *
   * @param io the file IO
   * @param locations the files
   * @throws BulkDeletionFailureException when some files could not be deleted (the others were)
   */
  protected static void deleteFiles(FileIO io, Iterable<String> locations)
      throws BulkDeletionFailureException {
    if (io instanceof SupportsBulkOperations bulk) {
      bulk.deleteFiles(locations);
      return;
    }
    int failures = 0;
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        failures++;
      }
    }
    if (failures > 0) {
      throw new BulkDeletionFailureException(failures);
    }
  }

  /** Lists by folder: the prefix is taken as a folder, so {@code t} never lists {@code t2/...}. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return prefixOps(prefix, "list").listPrefix(Locations.listingPrefix(prefix));
  }

  /** Deletes a folder's files, by folder (see {@link #listPrefix}). */
  @Override
  public void deletePrefix(String prefix) {
    prefixOps(prefix, "delete").deletePrefix(Locations.listingPrefix(prefix));
  }

  @Override
  public DirectoryListing.Listing listFolder(String folder) {
    return DirectoryListing.list(delegate(folder), folder);
  }

  private SupportsPrefixOperations prefixOps(String prefix, String what) {
    FileIO io = delegate(prefix);
    if (io instanceof SupportsPrefixOperations ops) {
      return ops;
    }
    throw new UnsupportedOperationException(
        "Cannot "
            + what
            + " files by prefix "
            + prefix
            + ": "
            + io.getClass().getName()
            + " does not support it");
  }

  @Override
  public void setCredentials(List<StorageCredential> credentials) {
    if (delegate() instanceof SupportsStorageCredentials withCredentials) {
      withCredentials.setCredentials(credentials);
    }
  }

  @Override
  public List<StorageCredential> credentials() {
    return delegate() instanceof SupportsStorageCredentials withCredentials
        ? withCredentials.credentials()
        : List.of();
  }

  @Override
  public Map<String, String> properties() {
    return delegate().properties();
  }

  @Override
  public void initialize(Map<String, String> properties) {
    delegate().initialize(properties);
  }

  @Override
  public void close() {
    delegate().close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate() + "}";
  }
}
