package io.floe.impl.catalog;

import io.floe.impl.io.DirectoryListing;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.io.Locations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.io.SupportsStorageCredentials;

/**
 * A {@link FileIO} that picks the file IO for each location by its scheme, with no Hadoop:
 * {@code s3}, {@code s3a} and {@code s3n} go to Iceberg's S3FileIO, plain paths and {@code file:}
 * to {@link LocalFileIO}, {@code gs} and {@code abfs(s)} to Iceberg's GCS and ADLS file IOs when
 * their modules are on the class path. Each file IO is created once, with the catalog properties.
 * Thread-safe.
 */
public class SchemeFileIO
    implements SupportsPrefixOperations, SupportsBulkOperations, SupportsStorageCredentials, DirectoryListing {
  private static final long serialVersionUID = 1L;

  static final String S3 = "org.apache.iceberg.aws.s3.S3FileIO";
  private static final Map<String, String> BY_SCHEME = Map.of(
      "s3", S3, "s3a", S3, "s3n", S3,
      "gs", "org.apache.iceberg.gcp.gcs.GCSFileIO",
      "abfs", "org.apache.iceberg.azure.adlsv2.ADLSFileIO",
      "abfss", "org.apache.iceberg.azure.adlsv2.ADLSFileIO",
      "file", LocalFileIO.class.getName());

  private Map<String, String> properties = Map.of();
  private final Map<String, FileIO> ios = new ConcurrentHashMap<>();
  private volatile List<StorageCredential> credentials = List.of();

  /** Creates the file IO; catalogs call this through {@code io-impl}. */
  public SchemeFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * The file IO class that serves a location.
   *
   * @param location a location
   * @return the class name
   * @throws IllegalArgumentException when no file IO is known for the scheme
   */
  static String implFor(String location) {
    if (Locations.isLocal(location)) {
      return LocalFileIO.class.getName();
    }
    int colon = location.indexOf(':');
    String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    String impl = BY_SCHEME.get(scheme);
    if (impl == null) {
      throw new IllegalArgumentException("No file IO for scheme '" + scheme + "' of " + location
          + "; Floe knows s3, s3a, s3n, gs, abfs, abfss and local paths: set the catalog property 'io-impl'");
    }
    return impl;
  }

  private FileIO io(String location) {
    return ios.computeIfAbsent(implFor(location), impl -> {
      Map<String, String> props = new HashMap<>(properties);
      props.put("io-impl", impl);
      FileIO io;
      try {
        io = CatalogUtil.loadFileIO(impl, props, null);
      } catch (IllegalArgumentException | NoClassDefFoundError e) {
        throw new IllegalArgumentException("Cannot load " + impl + " for " + location
            + ": add the Iceberg module that holds it and its SDK to the class path (for S3:"
            + " org.apache.iceberg:iceberg-aws and software.amazon.awssdk:s3, apache-client and kms;"
            + " see docs/catalogs.md)", e);
      }
      if (io instanceof SupportsStorageCredentials withCredentials && !credentials.isEmpty()) {
        withCredentials.setCredentials(credentials);
      }
      return io;
    });
  }

  @Override
  public InputFile newInputFile(String location) {
    return io(location).newInputFile(location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return io(location).newInputFile(location, length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    io.floe.impl.CommitFiles.written(location);
    return io(location).newOutputFile(location);
  }

  @Override
  public void deleteFile(String location) {
    io(location).deleteFile(location);
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    Map<String, List<String>> byImpl = new LinkedHashMap<>();
    for (String location : locations) {
      byImpl.computeIfAbsent(implFor(location), k -> new ArrayList<>()).add(location);
    }
    int failures = 0;
    for (List<String> group : byImpl.values()) {
      FileIO io = io(group.get(0));
      if (io instanceof SupportsBulkOperations bulk) {
        try {
          bulk.deleteFiles(group);
        } catch (BulkDeletionFailureException e) {
          failures += e.numberFailedObjects();
        }
      } else {
        for (String location : group) {
          try {
            io.deleteFile(location);
          } catch (RuntimeException e) {
            failures++;
          }
        }
      }
    }
    if (failures > 0) {
      throw new BulkDeletionFailureException(failures);
    }
  }

  /**
   * Lists by folder, never by raw string prefix: {@code prefix} is taken as a folder, so on an
   * object store {@code s3://b/db/t} lists {@code s3://b/db/t/...} and not {@code s3://b/db/t2/...}.
   */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return prefixOps(prefix).listPrefix(Locations.listingPrefix(prefix));
  }

  @Override
  public DirectoryListing.Listing listFolder(String folder) {
    return DirectoryListing.list(io(folder), folder);
  }

  /** Deletes a folder's files, by folder (see {@link #listPrefix}). */
  @Override
  public void deletePrefix(String prefix) {
    prefixOps(prefix).deletePrefix(Locations.listingPrefix(prefix));
  }

  private SupportsPrefixOperations prefixOps(String prefix) {
    FileIO io = io(prefix);
    if (io instanceof SupportsPrefixOperations ops) {
      return ops;
    }
    throw new UnsupportedOperationException(io.getClass().getName() + " cannot list or delete by prefix: " + prefix);
  }

  @Override
  public void setCredentials(List<StorageCredential> newCredentials) {
    this.credentials = List.copyOf(newCredentials);
    ios.values().forEach(io -> {
      if (io instanceof SupportsStorageCredentials withCredentials) {
        withCredentials.setCredentials(this.credentials);
      }
    });
  }

  @Override
  public List<StorageCredential> credentials() {
    return credentials;
  }

  @Override
  public void close() {
    ios.values().forEach(FileIO::close);
    ios.clear();
  }
}
