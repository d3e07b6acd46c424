package io.floe.impl.write;

import io.floe.AddFiles;
import io.floe.AppendResult;
import io.floe.impl.CommitFiles;
import io.floe.impl.io.Locations;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;

/**
 * Adds existing Parquet files to a table in one snapshot, without rewriting them: every file's
 * footer is checked ({@link ExistingFiles}) before anything is committed, and when a file without
 * field ids is added to a table with no name mapping, the mapping of the current schema is set in
 * the same commit (as Iceberg's {@code migrate} does). The files are the caller's: nothing here
 * ever deletes one, not even after a failed commit (only the manifests and metadata files the
 * commit wrote go). Used by one thread.
 */
public final class AddFilesImpl implements AddFiles {
  private final String name;
  private final Table table;
  private final FileIO io;
  private final boolean inTransaction;
  private final List<String> files = new ArrayList<>();
  private final List<String> directories = new ArrayList<>();
  private final Map<String, String> summary = new LinkedHashMap<>();
  private final long started = System.nanoTime();
  private boolean committed;

  private AddFilesImpl(String name, Table table, FileIO io, boolean inTransaction) {
    this.name = name;
    this.table = table;
    this.io = io;
    this.inTransaction = inTransaction;
  }

  /**
   * Adds files to a table in a commit of their own.
   *
   * @param name the table's full name
   * @param table the table
   * @return the pending operation
   */
  public static AddFilesImpl of(String name, Table table) {
    return new AddFilesImpl(name, table, table.io(), false);
  }

  /**
   * Adds files inside a transaction: the commit only stages them in it.
   *
   * @param name the table's full name
   * @param transactionTable the transaction's table
   * @param io the table's own file IO (reads and lists the files)
   * @return the pending operation
   */
  public static AddFilesImpl inTransaction(String name, Table transactionTable, FileIO io) {
    return new AddFilesImpl(name, transactionTable, io, true);
  }

  private void checkOpen() {
    if (committed) {
      throw Errors.alreadyDone("Adding files to " + name, "committed");
    }
  }

  @Override
  public AddFiles file(String location) {
    checkOpen();
    files.add(Objects.requireNonNull(location, "location"));
    return this;
  }

  @Override
  public AddFiles files(Collection<String> locations) {
    Objects.requireNonNull(locations, "locations");
    locations.forEach(this::file);
    return this;
  }

  @Override
  public AddFiles directory(String prefix) {
    checkOpen();
    directories.add(Objects.requireNonNull(prefix, "prefix"));
    return this;
  }

  @Override
  public AddFiles set(String key, String value) {
    checkOpen();
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public AppendResult commit() {
    checkOpen();
    committed = true;
    List<String> locations = new ArrayList<>(files);
    for (String directory : directories) {
      locations.addAll(list(directory));
    }
    if (locations.isEmpty()) {
      throw WriteErrors.noFilesGiven(name, directories);
    }
    Map<String, String> seen = new HashMap<>();
    for (String location : locations) {
      String previous = seen.putIfAbsent(Locations.canonical(location), location);
      if (previous != null) {
        throw Errors.cannotAddFile(
            name,
            location,
            null,
            "it is given twice" + (previous.equals(location) ? "" : " (also as " + previous + ")"),
            null);
      }
    }
    if (!inTransaction) {
      Errors.run(name, table::refresh);
    }
    checkNotReferenced(seen);
    String mappingJson = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    NameMapping mapping =
        mappingJson == null
            ? MappingUtil.create(table.schema())
            : Errors.translate(name, () -> NameMappingParser.fromJson(mappingJson));
    ExistingFiles checker =
        new ExistingFiles(
            name, table.schema(), table.spec(), MetricsConfig.forTable(table), mapping);
    List<DataFile> dataFiles = new ArrayList<>(locations.size());
    boolean byName = false;
    for (String location : locations) {
      ExistingFiles.Checked checked = checker.check(location, io);
      dataFiles.add(checked.file());
      byName |= checked.byName();
    }
    String setMapping = byName && mappingJson == null ? NameMappingParser.toJson(mapping) : null;
    long snapshotId =
        inTransaction
            ? stage(table, dataFiles, setMapping, UUID.randomUUID().toString())
            : commitAlone(dataFiles, setMapping);
    long bytes = dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    long rows = dataFiles.stream().mapToLong(DataFile::recordCount).sum();
    Snapshot snapshot = table.snapshot(snapshotId);
    return new AppendResult(
        name,
        snapshotId,
        snapshot == null ? Map.of() : snapshot.summary(),
        dataFiles.size(),
        rows,
        bytes,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Every Parquet file under a folder, hidden files and folders skipped. */
  private List<String> list(String directory) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw WriteErrors.cannotListFolder(name, directory, io.getClass().getName());
    }
    String prefix = Locations.listingPrefix(directory);
    List<String> found = new ArrayList<>();
    Errors.run(
        name,
        () -> {
          for (FileInfo info : prefixes.listPrefix(prefix)) {
            String location = info.location();
            String relative =
                location.startsWith(prefix)
                    ? location.substring(prefix.length())
                    : location.substring(location.lastIndexOf('/') + 1);
            if (location.endsWith(".parquet") && !hidden(relative)) {
              found.add(location);
            }
          }
        });
    found.sort(null);
    return found;
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses files the table's current snapshot references already: their rows would count twice.
   */
  private void checkNotReferenced(Map<String, String> canonical) {
    if (table.currentSnapshot() == null) {
      return;
    }
    Errors.run(
        name,
        () -> {
          try (CloseableIterable<FileScanTask> tasks =
              ChangePlanner.scannable(table).newScan().ignoreResiduals().planFiles()) {
            for (FileScanTask task : tasks) {
              String given = canonical.get(Locations.canonical(task.file().location()));
              if (given != null) {
                throw Errors.cannotAddFile(
                    name,
                    given,
                    null,
                    "the table references it already (its rows would be counted twice)",
                    null);
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Stages the files (and the name mapping) on a table; returns the new snapshot's id. */
  private long stage(Table on, List<DataFile> dataFiles, String setMapping, String commitId) {
    if (setMapping != null) {
      on.updateProperties().set(TableProperties.DEFAULT_NAME_MAPPING, setMapping).commit();
    }
    AppendFiles append = on.newAppend();
    summary.forEach(append::set);
    append.set(AppendImpl.COMMIT_ID, commitId);
    if (!AppendManifests.appendTo(append, on, dataFiles)) {
      dataFiles.forEach(append::appendFile);
    }
    append.commit();
    return AppendImpl.findCommitted(on, null, commitId).snapshotId();
  }

  /**
   * Commits the files in a transaction of their own; after a definite failure only the commit's own
   * manifests and metadata files are deleted, never an added file.
   */
  private long commitAlone(List<DataFile> dataFiles, String setMapping) {
    String commitId = UUID.randomUUID().toString();
    CommitFiles written = CommitFiles.track(table);
    try (written) {
      Table target = written.table();
      Transaction transaction = target instanceof BaseTable ? target.newTransaction() : null;
      Table staging = transaction == null ? target : transaction.table();
      stage(staging, dataFiles, setMapping, commitId);
      if (transaction != null) {
        transaction.commitTransaction();
      }
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
      throw Errors.commitStateUnknown(name, commitId, e);
    } catch (RuntimeException e) {
      if (written.failed(AppendImpl.COMMIT_ID, commitId) != CommitFiles.Outcome.LANDED) {
        throw Errors.translate(name, e);
      }
    }
    return Errors.translate(name, () -> AppendImpl.findCommitted(table, null, commitId))
        .snapshotId();
  }
}
