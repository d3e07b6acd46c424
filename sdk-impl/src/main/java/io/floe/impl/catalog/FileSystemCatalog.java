package io.floe.impl.catalog;

import io.floe.FloeConfig;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.io.Locations;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;

/**
 * A catalog without a database or server: namespaces are folders under the warehouse, a table is a
 * folder holding {@code metadata/vN.metadata.json} and {@code metadata/version-hint.text}, the
 * layout of Iceberg's {@code HadoopCatalog} (Spark reads and writes it as a {@code hadoop}
 * catalog), on Floe's own file IO instead of Hadoop's file system.
 *
 * <p>Commits publish each version with a hard link ({@link FileSystemTableOperations}), so
 * concurrent writers on one local disk never both win; object stores and network file systems
 * without atomic hard links are refused or unsafe, and the warehouse must be a local folder. What
 * the layout cannot do: rename a table (its metadata records its folder), drop a table while
 * keeping its files (the folder is the catalog entry: {@code purgeTable} deletes it), register a
 * table from elsewhere, or keep namespace properties. Thread-safe.
 */
public final class FileSystemCatalog extends BaseMetastoreCatalog implements SupportsNamespaces {
  private static final Pattern TEMP_FILE =
      Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
              + "(-version-hint\\.temp|(\\.gz)?\\.metadata\\.json)");

  private String name;
  private Map<String, String> properties = Map.of();
  private Path root;
  private String warehouse;
  private FileIO io;
  private boolean fsync;

  /** Creates the catalog; {@link #initialize} configures it. */
  public FileSystemCatalog() {}

  @Override
  public void initialize(String catalogName, Map<String, String> props) {
    this.name = catalogName;
    String location = props.get(CatalogProperties.WAREHOUSE_LOCATION);
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "Catalog " + catalogName + " of type filesystem needs a 'warehouse' folder");
    }
    if (!Locations.isLocal(location)) {
      throw new IllegalArgumentException(
          "Catalog "
              + catalogName
              + " of type filesystem keeps tables in local folders only: its commits rely on"
              + " atomic hard links, which object stores do not have; use a local 'warehouse', or"
              + " the jdbc or rest catalog for "
              + location.substring(0, location.indexOf(':') + 1)
              + " storage");
    }
    this.root = LocalFileIO.toPath(location).toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw CatalogErrors.cannotCreateWarehouse(root, e);
    }
    this.warehouse = root.toString().replace('\\', '/');
    Map<String, String> copy = new HashMap<>(props);
    copy.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    this.properties = Map.copyOf(copy);
    String fsyncValue = props.getOrDefault(FloeConfig.LOCAL_FSYNC, "true").trim();
    this.fsync = !fsyncValue.equalsIgnoreCase("false");
    String impl = props.getOrDefault(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    this.io = CatalogUtil.loadFileIO(impl, copy, null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  protected Map<String, String> properties() {
    return properties;
  }

  @Override
  protected boolean isValidIdentifier(TableIdentifier id) {
    return validName(id.name()) && validLevels(id.namespace());
  }

  private static boolean validLevels(Namespace ns) {
    for (String level : ns.levels()) {
      if (!validName(level)) {
        return false;
      }
    }
    return true;
  }

  /** A level that names exactly one folder, never a path or the metadata folder. */
  private static boolean validName(String level) {
    return !level.isEmpty()
        && !level.equals(".")
        && !level.equals("..")
        && !level.equals("metadata")
        && !level.startsWith(".")
        && level.indexOf('/') < 0
        && level.indexOf('\\') < 0
        && level.indexOf(':') < 0
        && level.indexOf('\0') < 0;
  }

  private Path folder(Namespace ns) {
    if (!validLevels(ns)) {
      throw new IllegalArgumentException(
          "Invalid namespace " + ns + ": each level names one folder of the warehouse");
    }
    Path path = root;
    for (String level : ns.levels()) {
      path = path.resolve(level);
    }
    return path;
  }

  private Path folder(TableIdentifier id) {
    if (!isValidIdentifier(id)) {
      throw new IllegalArgumentException(
          "Invalid table name " + id + ": each level names one folder of the warehouse");
    }
    return folder(id.namespace()).resolve(id.name());
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier id) {
    return new FileSystemTableOperations(
        fullTableName(name, id), io, defaultWarehouseLocation(id), fsync);
  }

  @Override
  protected String defaultWarehouseLocation(TableIdentifier id) {
    StringBuilder location = new StringBuilder(warehouse);
    for (String level : id.namespace().levels()) {
      location.append('/').append(level);
    }
    return location.append('/').append(id.name()).toString();
  }

  /** Whether a folder holds a table: a metadata folder with a version file or a version hint. */
  static boolean isTable(Path dir) {
    Path metadata = dir.resolve("metadata");
    if (!Files.isDirectory(metadata, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        if (FileSystemTableOperations.VERSION_FILE.matcher(fileName).matches()
            || fileName.equals(FileSystemTableOperations.VERSION_HINT)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private List<Path> children(Path dir) {
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (!fileName.startsWith(".") && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          folders.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      return folders;
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Cannot list %s", dir);
    }
    folders.sort(null);
    return folders;
  }

  @Override
  public List<TableIdentifier> listTables(Namespace ns) {
    if (!namespaceExists(ns)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
    List<TableIdentifier> tables = new ArrayList<>();
    for (Path child : children(folder(ns))) {
      if (isTable(child)) {
        tables.add(TableIdentifier.of(ns, child.getFileName().toString()));
      }
    }
    return tables;
  }

  /**
   * Purges a table: the files its metadata references, then its version files and version hint;
   * folders left empty are removed. A drop that keeps the files is impossible in this layout, where
   * the folder is the catalog entry.
   */
  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    TableOperations ops = newTableOps(id);
    TableMetadata last = ops.current();
    if (last == null) {
      return false;
    }
    if (!purge) {
      throw new UnsupportedOperationException(
          "The file-system catalog keeps table "
              + id
              + " as its folder "
              + defaultWarehouseLocation(id)
              + ", so it cannot drop the table and keep its files; purge it to delete them, or"
              + " move the folder out of the warehouse");
    }
    CatalogUtil.dropTableData(ops.io(), last);
    Path dir = folder(id);
    Path metadata = dir.resolve("metadata");
    // the version hint first: without it and without version files the folder is no table
    deleteCatalogFiles(metadata);
    removeEmptyFolders(dir);
    return true;
  }

  private static void deleteCatalogFiles(Path metadata) {
    try {
      Files.deleteIfExists(metadata.resolve(FileSystemTableOperations.VERSION_HINT));
      try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata)) {
        for (Path file : files) {
          String fileName = file.getFileName().toString();
          String unhidden =
              fileName.startsWith(".") && fileName.endsWith(".crc")
                  ? fileName.substring(1, fileName.length() - 4)
                  : fileName;
          // Hadoop's checksum files (.v3.metadata.json.crc) go with the files they check
          if (FileSystemTableOperations.VERSION_FILE.matcher(unhidden).matches()
              || TEMP_FILE.matcher(unhidden).matches()
              || unhidden.equals(FileSystemTableOperations.VERSION_HINT)) {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (NoSuchFileException e) {
      // nothing left
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Cannot delete the version files in %s", metadata);
    }
  }

  /** Removes a folder tree's empty folders; folders holding anything else stay. */
  private static boolean removeEmptyFolders(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    boolean empty = true;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (!removeEmptyFolders(entry)) {
          empty = false;
        }
      }
    } catch (IOException e) {
      return false;
    }
    if (empty) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        return false;
      }
    }
    return empty;
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    throw new UnsupportedOperationException(
        "The file-system catalog cannot rename table "
            + from
            + ": a table is its folder and its metadata records the folder's path; create "
            + to
            + " and copy the rows, or use the local (SQLite) or jdbc catalog");
  }

  @Override
  public Table registerTable(TableIdentifier id, String metadataFileLocation) {
    throw new UnsupportedOperationException(
        "The file-system catalog cannot register table "
            + id
            + ": its tables are the folders in the warehouse; copy the table's folder to "
            + defaultWarehouseLocation(id));
  }

  @Override
  public void createNamespace(Namespace ns, Map<String, String> meta) {
    if (ns.isEmpty()) {
      throw new AlreadyExistsException("Namespace already exists: the warehouse %s", warehouse);
    }
    if (!meta.isEmpty()) {
      throw new UnsupportedOperationException(
          "The file-system catalog keeps no namespace properties; cannot create "
              + ns
              + " with "
              + meta.keySet());
    }
    Path dir = folder(ns);
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new AlreadyExistsException(
          isTable(dir)
              ? "Cannot create namespace %s: a table has that name"
              : "Namespace already exists: %s",
          ns);
    }
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new AlreadyExistsException(e, "Namespace already exists: %s", ns);
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Cannot create namespace %s as folder %s", ns, dir);
    }
  }

  @Override
  public List<Namespace> listNamespaces(Namespace ns) {
    if (!ns.isEmpty() && !namespaceExists(ns)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
    List<Namespace> namespaces = new ArrayList<>();
    for (Path child : children(folder(ns))) {
      String level = child.getFileName().toString();
      if (validName(level) && !isTable(child)) {
        String[] levels = java.util.Arrays.copyOf(ns.levels(), ns.levels().length + 1);
        levels[levels.length - 1] = level;
        namespaces.add(Namespace.of(levels));
      }
    }
    return namespaces;
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace ns) {
    if (!namespaceExists(ns)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
    return Map.of("location", folder(ns).toString());
  }

  @Override
  public boolean namespaceExists(Namespace ns) {
    if (ns.isEmpty()) {
      return true;
    }
    if (!validLevels(ns)) {
      return false;
    }
    Path dir = folder(ns);
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !isTable(dir);
  }

  @Override
  public boolean dropNamespace(Namespace ns) {
    if (ns.isEmpty() || !namespaceExists(ns)) {
      return false;
    }
    Path dir = folder(ns);
    try {
      Files.delete(dir);
      return true;
    } catch (DirectoryNotEmptyException e) {
      throw new NamespaceNotEmptyException(e, "Namespace %s is not empty", ns);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Cannot drop namespace %s (folder %s)", ns, dir);
    }
  }

  @Override
  public boolean setProperties(Namespace ns, Map<String, String> set) {
    throw new UnsupportedOperationException(
        "The file-system catalog keeps no namespace properties; cannot set " + set.keySet());
  }

  @Override
  public boolean removeProperties(Namespace ns, Set<String> remove) {
    throw new UnsupportedOperationException(
        "The file-system catalog keeps no namespace properties; cannot remove " + remove);
  }

  @Override
  public void close() throws IOException {
    try {
      super.close(); // the metrics reporter
    } finally {
      if (io != null) {
        io.close();
      }
    }
  }

  @Override
  public String toString() {
    return "FileSystemCatalog(" + name + ", " + warehouse + ")";
  }

  /**
   * The warehouse folder.
   *
   * @return the absolute folder
   */
  Path root() {
    return root;
  }
}
