package io.floe.impl.catalog;

import io.floe.impl.io.LocalFileIO;
import io.floe.impl.io.Locations;
import io.floe.impl.spi.ForwardingFileIO;
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
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsStorageCredentials;

/**
 * A {@link FileIO} that picks the file IO for each location by its scheme, with no Hadoop: {@code
 * s3}, {@code s3a} and {@code s3n} go to Iceberg's S3FileIO, plain paths and {@code file:} to
 * {@link LocalFileIO}, {@code gs} and {@code abfs(s)} to Iceberg's GCS and ADLS file IOs when their
 * modules are on the class path. Each file IO is created once, with the catalog properties.
 * Thread-safe.
 */
public class SchemeFileIO extends ForwardingFileIO {
  private static final long serialVersionUID = 1L;

  static final String S3 = "org.apache.iceberg.aws.s3.S3FileIO";
  private static final Map<String, String> BY_SCHEME =
      Map.of(
          "s3",
          S3,
          "s3a",
          S3,
          "s3n",
          S3,
          "gs",
          "org.apache.iceberg.gcp.gcs.GCSFileIO",
          "abfs",
          "org.apache.iceberg.azure.adlsv2.ADLSFileIO",
          "abfss",
          "org.apache.iceberg.azure.adlsv2.ADLSFileIO",
          "file",
          LocalFileIO.class.getName());

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
      throw new IllegalArgumentException(
          "No file IO for scheme '"
              + scheme
              + "' of "
              + location
              + "; Floe knows s3, s3a, s3n, gs, abfs, abfss and local paths: set the catalog property 'io-impl'");
    }
    return impl;
  }

  private FileIO io(String location) {
    return ios.computeIfAbsent(
        implFor(location),
        impl -> {
          Map<String, String> props = new HashMap<>(properties);
          props.put("io-impl", impl);
          FileIO io;
          try {
            io = CatalogUtil.loadFileIO(impl, props, null);
          } catch (IllegalArgumentException | NoClassDefFoundError e) {
            throw new IllegalArgumentException(
                "Cannot load "
                    + impl
                    + " for "
                    + location
                    + ": add the Iceberg module that holds it and its SDK to the class path (for S3:"
                    + " org.apache.iceberg:iceberg-aws and software.amazon.awssdk:s3, apache-client and kms;"
                    + " see docs/catalogs.md)",
                e);
          }
          if (io instanceof SupportsStorageCredentials withCredentials && !credentials.isEmpty()) {
            withCredentials.setCredentials(credentials);
          }
          return io;
        });
  }

  @Override
  protected FileIO delegate(String location) {
    return io(location);
  }

  /** Never called: every call picks its file IO by location ({@link #delegate(String)}). */
  @Override
  protected FileIO delegate() {
    throw new UnsupportedOperationException("SchemeFileIO picks a file IO per location");
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    Map<String, List<String>> byImpl = new LinkedHashMap<>();
    for (String location : locations) {
      byImpl.computeIfAbsent(implFor(location), k -> new ArrayList<>()).add(location);
    }
    int failures = 0;
    for (List<String> group : byImpl.values()) {
      try {
        deleteFiles(io(group.get(0)), group);
      } catch (BulkDeletionFailureException e) {
        failures += e.numberFailedObjects();
      }
    }
    if (failures > 0) {
      throw new BulkDeletionFailureException(failures);
    }
  }

  @Override
  public void setCredentials(List<StorageCredential> newCredentials) {
    this.credentials = List.copyOf(newCredentials);
    ios.values()
        .forEach(
            io -> {
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

  @Override
  public String toString() {
    return "SchemeFileIO" + ios.keySet();
  }
}
