package io.floe.impl.maintain;

import io.floe.NotFoundException;
import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.read.ParquetRecords;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.ExistingFiles;
import io.floe.maintenance.VerifyTable;
import io.floe.maintenance.VerifyTable.Kind;
import io.floe.maintenance.VerifyTable.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DeleteSchemaUtil;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * {@link VerifyTable}: walks the metadata log, then the manifest lists and manifests of the
 * snapshots in scope (oldest first, each manifest once), collecting every live data and delete file
 * with the oldest snapshot that references it; then checks the files on a pool. What it reads: each
 * file's length (one metadata call), each Parquet footer or Puffin footer (one or two small reads),
 * and with {@code deep()} every row through Iceberg's generic Parquet reader.
 */
public final class VerifyTableImpl implements VerifyTable {
  private final String name;
  private final Table table;
  private boolean all;
  private String ref;
  private boolean metadataOnly;
  private boolean deep;
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  /** A file to check, with what its manifest entry says. */
  private record Entry(
      String location, String content, long size, long rows, FileFormat format, long since) {}

  VerifyTableImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public VerifyTable allSnapshots() {
    if (ref != null) {
      throw new IllegalStateException(
          "Verify " + name + ": allSnapshots() and ref() exclude each other");
    }
    all = true;
    return this;
  }

  @Override
  public VerifyTable ref(String refName) {
    java.util.Objects.requireNonNull(refName, "name");
    if (all) {
      throw new IllegalStateException(
          "Verify " + name + ": allSnapshots() and ref() exclude each other");
    }
    ref = refName;
    return this;
  }

  @Override
  public VerifyTable metadataOnly() {
    if (deep) {
      throw new IllegalStateException(
          "Verify " + name + ": metadataOnly() and deep() exclude each other");
    }
    metadataOnly = true;
    return this;
  }

  @Override
  public VerifyTable deep() {
    if (metadataOnly) {
      throw new IllegalStateException(
          "Verify " + name + ": metadataOnly() and deep() exclude each other");
    }
    deep = true;
    return this;
  }

  @Override
  public VerifyTable parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table, "verify-table", this::run, r -> new long[] {0, 0, 0, r.bytes()});
  }

  private Result run() {
    if (executed) {
      throw Errors.alreadyDone("Verify " + name, "executed");
    }
    executed = true;
    long start = System.nanoTime();
    String current = ((HasTableOperations) table).operations().refresh().metadataFileLocation();
    // Storage itself, not Floe's metadata cache: a manifest deleted or altered on disk must not
    // be served from memory. The metadata file is parsed anew so that no snapshot object brings a
    // manifest list it read before.
    FileIO io = table.io() instanceof CachingFileIO caching ? caching.delegate() : table.io();
    List<Problem> problems = new ArrayList<>();
    TableMetadata meta;
    try {
      meta = TableMetadataParser.read(io, current);
    } catch (RuntimeException e) {
      problems.add(
          new Problem(
              exists(io, current) ? Kind.UNREADABLE_METADATA_FILE : Kind.MISSING_METADATA_FILE,
              current,
              "metadata",
              "the current metadata file cannot be read: "
                  + message(e)
                  + " (re-register the table from its newest intact metadata file)",
              -1,
              0));
      return new Result(
          name,
          0,
          0,
          0,
          0,
          problems,
          List.of(
              "Register the table again from the newest metadata file that parses"
                  + " (Floe.registerTable, or floe register NAME TABLE_FOLDER)"),
          Duration.ofNanos(System.nanoTime() - start));
    }

    for (TableMetadata.MetadataLogEntry e : meta.previousFiles()) {
      if (!exists(io, e.file())) {
        problems.add(
            new Problem(
                Kind.MISSING_METADATA_FILE,
                e.file(),
                "metadata",
                "listed in the metadata log but gone: time travel to this version is lost",
                -1,
                0));
      }
    }

    List<Snapshot> snapshots = scope(meta);
    Map<String, Entry> files = new LinkedHashMap<>();
    Map<String, Boolean> manifests = new LinkedHashMap<>();
    long manifestCount = 0;
    for (Snapshot s : snapshots) {
      String list = s.manifestListLocation();
      if (list != null && !manifests.containsKey(list)) {
        manifests.put(list, true);
        manifestCount++;
        if (!exists(io, list)) {
          problems.add(
              new Problem(
                  Kind.MISSING_MANIFEST_LIST,
                  list,
                  "manifest-list",
                  "the manifest list of snapshot " + s.snapshotId() + " is gone",
                  s.snapshotId(),
                  0));
          continue;
        }
      }
      List<ManifestFile> all;
      try {
        all = s.allManifests(io);
      } catch (RuntimeException e) {
        problems.add(
            new Problem(
                Kind.UNREADABLE_MANIFEST,
                String.valueOf(list),
                "manifest-list",
                "the manifest list of snapshot "
                    + s.snapshotId()
                    + " does not parse: "
                    + message(e),
                s.snapshotId(),
                0));
        continue;
      }
      for (ManifestFile m : all) {
        if (manifests.containsKey(m.path())) {
          continue;
        }
        manifests.put(m.path(), true);
        manifestCount++;
        Optional<Long> length = length(io, m.path());
        if (length.isEmpty()) {
          problems.add(
              new Problem(
                  Kind.MISSING_MANIFEST,
                  m.path(),
                  "manifest",
                  "a manifest of snapshot "
                      + s.snapshotId()
                      + " is gone ("
                      + (m.addedFilesCount() == null
                          ? "?"
                          : m.addedFilesCount() + m.existingFilesCount())
                      + " live files listed in it are unknown)",
                  s.snapshotId(),
                  0));
          continue;
        }
        if (length.get() != m.length()) {
          problems.add(
              new Problem(
                  Kind.WRONG_SIZE,
                  m.path(),
                  "manifest",
                  "a manifest of snapshot "
                      + s.snapshotId()
                      + " has "
                      + length.get()
                      + " bytes, "
                      + m.length()
                      + " recorded",
                  s.snapshotId(),
                  0));
          continue;
        }
        try {
          collect(io, m, s.snapshotId(), files);
        } catch (RuntimeException | IOException e) {
          problems.add(
              new Problem(
                  Kind.UNREADABLE_MANIFEST,
                  m.path(),
                  "manifest",
                  "a manifest of snapshot " + s.snapshotId() + " does not parse: " + message(e),
                  s.snapshotId(),
                  0));
        }
      }
    }
    for (StatisticsFile stats : meta.statisticsFiles()) {
      files.putIfAbsent(
          stats.path(),
          new Entry(
              stats.path(),
              "statistics",
              stats.fileSizeInBytes(),
              0,
              FileFormat.PUFFIN,
              stats.snapshotId()));
    }

    List<Entry> toCheck = new ArrayList<>(files.values());
    Schema schema = table.schema();
    ExecutorService pool = Pools.open(parallelism, "verify");
    List<List<Problem>> found;
    try {
      found = Pools.map(pool, name, toCheck, e -> check(io, e, schema));
    } finally {
      pool.shutdownNow();
    }
    found.forEach(problems::addAll);
    long bytes = toCheck.stream().mapToLong(Entry::size).sum();
    return new Result(
        name,
        snapshots.size(),
        manifestCount,
        toCheck.size(),
        bytes,
        problems,
        repairs(problems, meta),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private List<Snapshot> scope(TableMetadata meta) {
    if (all) {
      List<Snapshot> snapshots = new ArrayList<>(meta.snapshots());
      snapshots.sort(Comparator.comparingLong(Snapshot::sequenceNumber));
      return snapshots;
    }
    if (ref != null) {
      SnapshotRef r = meta.ref(ref);
      if (r == null) {
        throw new NotFoundException(
            "Table "
                + name
                + " has no branch or tag '"
                + ref
                + "'; refs are "
                + meta.refs().keySet(),
            name,
            null,
            null,
            null);
      }
      return List.of(meta.snapshot(r.snapshotId()));
    }
    Snapshot current = meta.currentSnapshot();
    return current == null ? List.of() : List.of(current);
  }

  private void collect(FileIO io, ManifestFile m, long snapshotId, Map<String, Entry> files)
      throws IOException {
    if (m.content() == ManifestContent.DATA) {
      try (ManifestReader<DataFile> reader = ManifestFiles.read(m, io, table.specs())) {
        for (DataFile f : reader) {
          add(files, f, "data", snapshotId);
        }
      }
    } else {
      try (ManifestReader<DeleteFile> reader =
          ManifestFiles.readDeleteManifest(m, io, table.specs())) {
        for (DeleteFile f : reader) {
          String content =
              f.format() == FileFormat.PUFFIN
                  ? "deletion-vector"
                  : f.content() == FileContent.EQUALITY_DELETES
                      ? "equality-deletes"
                      : "position-deletes";
          add(files, f, content, snapshotId);
        }
      }
    }
  }

  private static void add(Map<String, Entry> files, ContentFile<?> f, String content, long since) {
    String location = f.location();
    files.putIfAbsent(
        location,
        new Entry(location, content, f.fileSizeInBytes(), f.recordCount(), f.format(), since));
  }

  /** The checks of one file; an empty list when it is intact. */
  private List<Problem> check(FileIO io, Entry e, Schema schema) {
    InputFile in = io.newInputFile(e.location());
    Optional<Long> length = length(io, e.location());
    if (length.isEmpty()) {
      return List.of(problem(Kind.MISSING_FILE, e, "gone"));
    }
    if (length.get() != e.size()) {
      return List.of(
          problem(
              Kind.WRONG_SIZE,
              e,
              length.get() + " bytes, " + e.size() + " recorded (truncated or replaced)"));
    }
    if (metadataOnly) {
      return List.of();
    }
    if (e.format() == FileFormat.PUFFIN) {
      try (PuffinReader reader = Puffin.read(in).withFileSize(e.size()).build()) {
        reader.fileMetadata();
      } catch (IOException | RuntimeException x) {
        return List.of(problem(Kind.UNREADABLE_FILE, e, "the Puffin footer: " + message(x)));
      }
      return List.of();
    }
    if (e.format() != FileFormat.PARQUET) {
      return List.of(); // Avro and ORC data files: existence and size only
    }
    long rows;
    try {
      ParquetMetadata footer = ExistingFiles.footer(in);
      rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    } catch (IOException | RuntimeException x) {
      return List.of(problem(Kind.UNREADABLE_FILE, e, "the Parquet footer: " + message(x)));
    }
    if (rows != e.rows()) {
      return List.of(
          problem(Kind.WRONG_ROW_COUNT, e, rows + " rows in the file, " + e.rows() + " recorded"));
    }
    Schema projection =
        e.content().equals("data")
            ? schema
            : e.content().equals("position-deletes") ? DeleteSchemaUtil.pathPosSchema() : null;
    if (deep && projection != null) {
      try (CloseableIterable<org.apache.iceberg.data.Record> records =
          ParquetRecords.whole(name, io, e.location(), e.size(), e.rows(), projection)) {
        long read = 0;
        for (org.apache.iceberg.data.Record ignored : records) {
          read++;
        }
        if (read != e.rows()) {
          return List.of(
              problem(Kind.CORRUPT_DATA, e, read + " rows read, " + e.rows() + " recorded"));
        }
      } catch (IOException | RuntimeException x) {
        return List.of(problem(Kind.CORRUPT_DATA, e, "reading its rows: " + message(x)));
      }
    }
    return List.of();
  }

  private static Problem problem(Kind kind, Entry e, String detail) {
    return new Problem(kind, e.location(), e.content(), detail, e.since(), e.rows());
  }

  private static boolean exists(FileIO io, String location) {
    return length(io, location).isPresent();
  }

  private static Optional<Long> length(FileIO io, String location) {
    try {
      return Optional.of(io.newInputFile(location).getLength());
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof java.io.FileNotFoundException
          || e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The safe repairs for what was found, for people. */
  private List<String> repairs(List<Problem> problems, TableMetadata meta) {
    if (problems.isEmpty()) {
      return List.of();
    }
    List<String> repairs = new ArrayList<>();
    long lostData =
        problems.stream()
            .filter(p -> p.content().equals("data") && p.kind() != Kind.MISSING_METADATA_FILE)
            .count();
    long lostRows =
        problems.stream().filter(p -> p.content().equals("data")).mapToLong(Problem::rows).sum();
    boolean deletes =
        problems.stream()
            .anyMatch(
                p -> p.content().endsWith("deletes") || p.content().equals("deletion-vector"));
    boolean manifests =
        problems.stream()
            .anyMatch(p -> p.content().equals("manifest") || p.content().equals("manifest-list"));
    boolean history = problems.stream().anyMatch(p -> p.kind() == Kind.MISSING_METADATA_FILE);
    repairs.add(
        "Restore the files listed from a backup or the storage's versioning, then verify again:"
            + " nothing is lost that way");
    if (!all) {
      repairs.add(
          "To find a snapshot to roll back to, verify all snapshots (allSnapshots()): the damage"
              + " is dated by the oldest snapshot referencing it");
    } else {
      // the oldest snapshot that references any damaged file, by commit order
      Snapshot oldest =
          problems.stream()
              .filter(p -> p.sinceSnapshotId() >= 0)
              .map(p -> meta.snapshot(p.sinceSnapshotId()))
              .filter(java.util.Objects::nonNull)
              .min(Comparator.comparingLong(Snapshot::sequenceNumber))
              .orElse(null);
      Long parent = oldest == null ? null : oldest.parentId();
      if (parent != null && meta.snapshot(parent) != null) {
        repairs.add(
            "Roll back to snapshot "
                + parent
                + " (the parent of "
                + oldest.snapshotId()
                + ", the oldest snapshot referencing a damaged file; no snapshot before it does):"
                + " manageSnapshots().rollbackTo("
                + parent
                + "); commits after it are undone");
      }
    }
    if (lostData > 0 && !deletes && !manifests) {
      repairs.add(
          "Drop the references to the "
              + lostData
              + " damaged data file(s) in a new snapshot: their "
              + lostRows
              + " row(s) are lost, every other row stays readable");
    }
    if (deletes) {
      repairs.add(
          "Do not drop a damaged delete file's reference: the rows it deletes would come back;"
              + " restore it or roll back");
    }
    if (history && problems.stream().allMatch(p -> p.kind() == Kind.MISSING_METADATA_FILE)) {
      repairs.add(
          "Only history is affected: the current snapshot reads fine; time travel to the listed"
              + " metadata versions is gone");
    }
    return Collections.unmodifiableList(repairs);
  }
}
