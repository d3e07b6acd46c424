package io.floe.impl.maintain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.maintain.BackupFiles.Checked;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.BackupTable;
import io.floe.maintenance.CloneTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.RewriteTablePathUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.JsonUtil;

/**
 * {@link BackupTable} with Iceberg's {@link RewriteTablePathUtil}, the building blocks of Iceberg's
 * {@code RewriteTablePath} action: plan (read every manifest list and manifest of every snapshot,
 * refusing what round 1 cannot rewrite), copy data, delete and statistics files byte for byte,
 * rewrite manifests, then manifest lists (with the rewritten manifests' lengths), then the metadata
 * file, and last the checksum manifest that makes the backup complete. Each step only starts when
 * the one before finished, so whatever a written file references is in place.
 */
public final class BackupTableImpl implements BackupTable {
  /** Every snapshot id: all live manifest entries go into the copy plan. */
  private static final Set<Long> ALL_SNAPSHOTS =
      new AbstractSet<>() {
        @Override
        public boolean contains(Object o) {
          return true;
        }

        @Override
        public Iterator<Long> iterator() {
          return Collections.emptyIterator();
        }

        @Override
        public int size() {
          return 0;
        }
      };

  private final String name;
  private final Table table;

  /**
   * A restore's copy: the target was checked by the restore, and no checksum manifest is written.
   */
  private final boolean restore;

  /** A restore's chosen snapshot, made the copy's current one; null: the backup's current. */
  private Long currentSnapshot;

  /** Properties set on the copy's metadata (a replica's markers); null: none. */
  private Map<String, String> extraProperties;

  /** Files the target already holds for certain (a replica's), reused by name and size. */
  private Map<String, Checked> preKnown;

  /**
   * A replica's table operations: the copy's metadata is committed there, not written as a file.
   */
  private org.apache.iceberg.TableOperations commitTo;

  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private String target;
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  private final Map<String, DeleteFile> positionDeletes = new ConcurrentHashMap<>();
  private final AtomicLong copiedFiles = new AtomicLong();
  private final AtomicLong copiedBytes = new AtomicLong();
  private final AtomicLong skippedFiles = new AtomicLong();
  private final AtomicLong skippedBytes = new AtomicLong();

  BackupTableImpl(String name, Table table) {
    this(name, table, false);
  }

  private BackupTableImpl(String name, Table table, boolean restore) {
    this.name = name;
    this.table = table;
    this.restore = restore;
  }

  /**
   * Copies a backup (read as a static table from its metadata file) to the location a restored
   * table will live in, rewriting its paths; the caller checked that location.
   *
   * @param name the restored table's name
   * @param backup the backup, as a table
   * @param location the restored table's location
   * @param threads the copy's pool size
   * @param snapshotId the snapshot the copy's main branch points at, or null for the backup's
   *     current one (it must be a snapshot of the backup)
   * @param tracker the restore's progress
   * @return what was copied; its metadata location is the file to register
   */
  static Result copyForRestore(
      String name,
      Table backup,
      String location,
      int threads,
      Long snapshotId,
      ProgressTracker tracker) {
    BackupTableImpl copy = new BackupTableImpl(name, backup, true);
    copy.to(location).parallelism(threads);
    copy.currentSnapshot = snapshotId;
    copy.tracker = tracker;
    return copy.run();
  }

  /**
   * Copies a live table to a replica's location, rewriting its paths; the caller checked that
   * location. With {@code commitTo} the rewritten metadata is committed through the replica's table
   * operations (based on their current metadata); otherwise it is written as a file to register.
   *
   * @param name the source's name
   * @param source the source table
   * @param location the replica's location
   * @param threads the copy's pool size
   * @param properties properties set on the replica's metadata
   * @param present files the replica's metadata already references (name and size), not copied
   * @param commitTo the replica's table operations, or null for a new replica
   * @param tracker the replication's progress
   * @return what was copied; its metadata location is the replica's new metadata file
   */
  static Result copyForReplica(
      String name,
      Table source,
      String location,
      int threads,
      Map<String, String> properties,
      Map<String, Checked> present,
      org.apache.iceberg.TableOperations commitTo,
      ProgressTracker tracker) {
    BackupTableImpl copy = new BackupTableImpl(name, source, true);
    copy.tracker = tracker;
    copy.to(location).parallelism(threads);
    copy.extraProperties = properties;
    copy.preKnown = present;
    copy.commitTo = commitTo;
    return copy.run();
  }

  @Override
  public BackupTable to(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("Backup of " + name + ": the location is blank");
    }
    target = BackupFiles.strip(location);
    return this;
  }

  @Override
  public BackupTable parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public BackupTable progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "backup-table");
    return this;
  }

  @Override
  public Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table, "backup-table", this::run, r -> new long[] {0, r.copiedFiles(), 0, r.copiedBytes()});
  }

  private Result run() {
    if (executed) {
      throw Errors.alreadyDone("Backup of " + name, "executed");
    }
    if (target == null) {
      throw new IllegalStateException("Backup of " + name + ": call to(location) first");
    }
    executed = true;
    TableMetadata meta = ((HasTableOperations) table).operations().refresh();
    String current = meta.metadataFileLocation();
    String source = BackupFiles.strip(meta.location());
    if (under(target, source) || under(source, target)) {
      throw new ValidationException(
          "Cannot back up table "
              + name
              + " to "
              + target
              + ": the backup location and the table's location "
              + source
              + " overlap; choose a folder outside the table",
          name,
          null,
          null);
    }
    if (!restore) {
      Ownership.checkBackupLocation(
          name, table.uuid() == null ? null : table.uuid().toString(), target);
    }
    FileIO io = table.io() instanceof CachingFileIO caching ? caching.delegate() : table.io();
    List<BackupFiles.Manifest> earlier = BackupFiles.complete(io, target);
    for (BackupFiles.Manifest m : earlier) {
      if (!m.table().isEmpty() && !m.table().equals(name)) {
        // a backup of another table: its files would be mixed with this one's
        throw new ValidationException(
            "Cannot back up table "
                + name
                + " to "
                + target
                + ": the location holds a backup of table "
                + m.table()
                + " ("
                + m.location()
                + "); choose another location",
            name,
            null,
            null);
      }
    }
    Map<String, Checked> known = new java.util.HashMap<>(BackupFiles.known(earlier));
    if (preKnown != null) {
      known.putAll(preKnown);
    }
    Map<String, Checked> written = new ConcurrentHashMap<>();

    ExecutorService pool = Pools.open(parallelism, "backup");
    try {
      // 1. plan: every manifest of every snapshot, and the files their live entries reference
      Map<String, ManifestFile> manifests = new LinkedHashMap<>();
      for (Snapshot snapshot : meta.snapshots()) {
        checkUnder(source, snapshot.manifestListLocation());
        for (ManifestFile manifest : snapshot.allManifests(io)) {
          checkUnder(source, manifest.path());
          manifests.putIfAbsent(manifest.path(), manifest);
        }
      }
      Map<String, Long> files = new ConcurrentHashMap<>();
      Pools.map(
          pool,
          name,
          new ArrayList<>(manifests.values()),
          manifest -> {
            collect(io, meta, manifest, source, files);
            return null;
          });
      for (StatisticsFile stats : meta.statisticsFiles()) {
        checkUnder(source, stats.path());
        files.put(stats.path(), stats.fileSizeInBytes());
      }
      for (PartitionStatisticsFile stats : meta.partitionStatisticsFiles()) {
        checkUnder(source, stats.path());
        files.put(stats.path(), stats.fileSizeInBytes());
      }

      // 2. data, delete and statistics files, byte for byte
      tracker.phase("copy", files.size(), files.values().stream().mapToLong(Long::longValue).sum());
      Pools.map(
          pool,
          name,
          new ArrayList<>(files.entrySet()),
          e -> {
            copyFile(io, e.getKey(), e.getValue(), source, known, written);
            tracker.done(e.getValue());
            return null;
          });
      tracker.phase(
          "rewrite", positionDeletes.size() + manifests.size() + meta.snapshots().size(), -1);

      // 2b. position delete files and deletion vectors, rewritten with the backup's data paths;
      // their new sizes go into the delete manifests
      Map<String, Long> deleteSizes = new ConcurrentHashMap<>();
      Pools.map(
          pool,
          name,
          new ArrayList<>(positionDeletes.values()),
          file -> {
            long size = rewritePositionDeletes(io, meta, file, source, known, written);
            deleteSizes.put(file.location(), size);
            tracker.done(size);
            return null;
          });

      // 3. manifests, rewritten with the backup's paths; their new lengths go into the lists
      Map<String, Long> lengths = new ConcurrentHashMap<>();
      Pools.map(
          pool,
          name,
          new ArrayList<>(manifests.values()),
          manifest -> {
            long length = rewriteManifest(io, meta, manifest, source, deleteSizes, known, written);
            lengths.put(manifest.path(), length);
            tracker.done(length);
            return null;
          });

      // 4. manifest lists
      Pools.map(
          pool,
          name,
          meta.snapshots(),
          snapshot -> {
            String to =
                RewriteTablePathUtil.newPath(snapshot.manifestListLocation(), source, target);
            if (!reuse(io, to, known, written)) {
              deleteLeftover(io, to);
              RewriteTablePathUtil.rewriteManifestList(
                  snapshot, io, meta, lengths, source, target, target + "/staging", to);
              record(io, to, written);
            }
            tracker.done(written.get(to).size());
            return null;
          });
    } finally {
      pool.shutdownNow();
    }

    // 5. the metadata file, after everything it references is in place
    // written as plain JSON: a gzip-compressed source gets a name without ".gz"
    String metadataName =
        RewriteTablePathUtil.fileName(current).replace(".gz.metadata.json", ".metadata.json");
    String metadataTo = target + "/metadata/" + metadataName;
    if (commitTo != null || !reuse(io, metadataTo, known, written)) {
      TableMetadata rewritten;
      try {
        rewritten = RewriteTablePathUtil.replacePaths(meta, source, target);
      } catch (IllegalArgumentException e) {
        throw new UnsupportedFeatureException(
            "Cannot "
                + (commitTo != null || extraProperties != null ? "replicate" : "back up")
                + " table "
                + name
                + ": a path in its metadata is outside its location "
                + source
                + " ("
                + e.getMessage()
                + ")",
            e);
      }
      // the source's clone records name tables that read the source's files, not the copy's
      java.util.Set<String> cloneRecords = new java.util.HashSet<>();
      for (String key : rewritten.properties().keySet()) {
        if (key.startsWith(CloneTable.CLONES_PREFIX)) {
          cloneRecords.add(key);
        }
      }
      if (currentSnapshot != null || extraProperties != null || !cloneRecords.isEmpty()) {
        TableMetadata.Builder builder = TableMetadata.buildFrom(rewritten);
        if (!cloneRecords.isEmpty()) {
          builder.removeProperties(cloneRecords);
        }
        if (currentSnapshot != null) {
          // restored as of an earlier snapshot: main points there, later snapshots stay reachable
          builder.setBranchSnapshot(currentSnapshot, org.apache.iceberg.SnapshotRef.MAIN_BRANCH);
        }
        if (extraProperties != null) {
          builder.setProperties(extraProperties);
        }
        rewritten = builder.build();
      }
      byte[] json = metadataJson(rewritten, target);
      if (commitTo != null) {
        // one catalog commit: the replica's readers see the old state or the new one
        TableMetadata committed =
            TableMetadataParser.fromJson(new String(json, StandardCharsets.UTF_8));
        commitTo.commit(commitTo.current(), committed);
        metadataTo = commitTo.refresh().metadataFileLocation();
      } else {
        BackupFiles.write(io, metadataTo, json);
        record(io, metadataTo, written);
      }
    }

    // 6. the checksum manifest: the backup is complete once it is there (a restore's copy has none)
    long snapshotId =
        currentSnapshot != null
            ? currentSnapshot
            : meta.currentSnapshot() == null ? -1 : meta.currentSnapshot().snapshotId();
    if (!restore) {
      List<Checked> all = new ArrayList<>(written.values());
      all.sort(java.util.Comparator.comparing(Checked::path));
      String manifestTo = BackupFiles.manifestLocation(metadataTo);
      BackupFiles.write(
          io,
          manifestTo,
          BackupFiles.toJson(
              new BackupFiles.Manifest(
                  manifestTo, name, metadataTo, snapshotId, System.currentTimeMillis(), all)));
    }
    return new Result(
        name,
        target,
        metadataTo,
        snapshotId,
        meta.snapshots().size(),
        copiedFiles.get(),
        copiedBytes.get(),
        skippedFiles.get(),
        skippedBytes.get());
  }

  /** The metadata as JSON without its metadata log: earlier metadata files are not copied. */
  private static byte[] metadataJson(TableMetadata metadata, String location) {
    try {
      ObjectNode root =
          (ObjectNode) JsonUtil.mapper().readTree(TableMetadataParser.toJson(metadata));
      root.putArray("metadata-log");
      // set here: replacePaths replaces the location as a regular expression
      root.put("location", location);
      return JsonUtil.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(root)
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void collect(
      FileIO io, TableMetadata meta, ManifestFile manifest, String source, Map<String, Long> into) {
    try {
      if (manifest.content() == ManifestContent.DATA) {
        try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, io, meta.specsById())) {
          for (DataFile file : reader) {
            add(file, source, into);
          }
        }
      } else {
        try (ManifestReader<DeleteFile> reader =
            ManifestFiles.readDeleteManifest(manifest, io, meta.specsById())) {
          for (DeleteFile file : reader) {
            if (file.content() == FileContent.POSITION_DELETES) {
              // they hold data-file paths: rewritten, not copied
              checkUnder(source, file.location());
              if (file.format() != org.apache.iceberg.FileFormat.PARQUET
                  && file.format() != org.apache.iceberg.FileFormat.PUFFIN) {
                throw new UnsupportedFeatureException(
                    "Cannot back up table "
                        + name
                        + ": position delete file "
                        + file.location()
                        + " is "
                        + file.format()
                        + ", and backups rewrite only Parquet position deletes and deletion"
                        + " vectors; apply them with maintenance().rewriteDataFiles() first",
                    null);
              }
              positionDeletes.putIfAbsent(file.location(), file.copy());
            } else {
              add(file, source, into);
            }
          }
        }
      }
    } catch (IOException e) {
      throw Errors.io("read manifest of table " + name, manifest.path(), e);
    }
  }

  private void add(ContentFile<?> file, String source, Map<String, Long> into) {
    checkUnder(source, file.location());
    into.put(file.location(), file.fileSizeInBytes());
  }

  private void copyFile(
      FileIO io,
      String from,
      long size,
      String source,
      Map<String, Checked> known,
      Map<String, Checked> written) {
    String to = RewriteTablePathUtil.newPath(from, source, target);
    long existing = BackupFiles.length(io, to);
    if (existing == size) {
      Checked before = known.get(to);
      if (before != null && before.size() == size) {
        skip(before, written);
        return;
      }
      // left by an interrupted backup: keep it when its bytes are the source's
      String crc = BackupFiles.checksum(io, from);
      if (crc.equals(BackupFiles.checksum(io, to))) {
        skip(new Checked(to, size, crc), written);
        return;
      }
    }
    String crc = BackupFiles.copy(io, from, to);
    long copied = BackupFiles.length(io, to);
    if (copied != size) {
      throw new io.floe.FloeIOException(
          "copy file of table " + name,
          from,
          "the copy " + to + " has " + copied + " bytes, the manifest records " + size,
          null);
    }
    written.put(to, new Checked(to, size, crc));
    copiedFiles.incrementAndGet();
    copiedBytes.addAndGet(size);
  }

  private long rewriteManifest(
      FileIO io,
      TableMetadata meta,
      ManifestFile manifest,
      String source,
      Map<String, Long> deleteSizes,
      Map<String, Checked> known,
      Map<String, Checked> written) {
    String to = RewriteTablePathUtil.newPath(manifest.path(), source, target);
    if (reuse(io, to, known, written)) {
      return written.get(to).size();
    }
    deleteLeftover(io, to);
    try {
      if (manifest.content() == ManifestContent.DATA) {
        RewriteTablePathUtil.rewriteDataManifest(
            manifest,
            ALL_SNAPSHOTS,
            io.newOutputFile(to),
            io,
            meta.formatVersion(),
            meta.specsById(),
            source,
            target);
      } else {
        RewriteTablePathUtil.rewriteDeleteManifest(
            manifest,
            ALL_SNAPSHOTS,
            io.newOutputFile(to),
            io,
            meta.formatVersion(),
            meta.specsById(),
            source,
            target,
            target + "/staging",
            deleteSizes);
      }
    } catch (IOException e) {
      throw Errors.io("rewrite manifest of table " + name, manifest.path(), e);
    }
    return record(io, to, written).size();
  }

  private long rewritePositionDeletes(
      FileIO io,
      TableMetadata meta,
      DeleteFile file,
      String source,
      Map<String, Checked> known,
      Map<String, Checked> written) {
    String to = RewriteTablePathUtil.newPath(file.location(), source, target);
    if (reuse(io, to, known, written)) {
      return written.get(to).size();
    }
    deleteLeftover(io, to);
    try {
      RewriteTablePathUtil.rewritePositionDeleteFile(
          file,
          io.newOutputFile(to),
          io,
          meta.specsById().get(file.specId()),
          source,
          target,
          new PositionDeletes(table));
    } catch (IOException e) {
      throw Errors.io("rewrite position deletes of table " + name, file.location(), e);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw new UnsupportedFeatureException(
          "Cannot back up table "
              + name
              + ": position delete file "
              + file.location()
              + " cannot be rewritten ("
              + e.getMessage()
              + ")",
          e);
    }
    if (BackupFiles.length(io, to) < 0) {
      throw new UnsupportedFeatureException(
          "Cannot back up table "
              + name
              + ": position delete file "
              + file.location()
              + " holds no position to rewrite",
          null);
    }
    return record(io, to, written).size();
  }

  /** Reads and writes v2 position delete files for {@link RewriteTablePathUtil} (Parquet only). */
  private static final class PositionDeletes
      implements RewriteTablePathUtil.PositionDeleteReaderWriter {
    private static final long serialVersionUID = 1L;
    private final transient Table table;

    PositionDeletes(Table table) {
      this.table = table;
    }

    @Override
    public org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.data.Record> reader(
        org.apache.iceberg.io.InputFile file,
        org.apache.iceberg.FileFormat format,
        org.apache.iceberg.PartitionSpec spec) {
      if (format != org.apache.iceberg.FileFormat.PARQUET) {
        throw new UnsupportedOperationException("position deletes in " + format);
      }
      org.apache.iceberg.Schema projection =
          org.apache.iceberg.io.DeleteSchemaUtil.posDeleteReadSchema(spec.schema());
      return org.apache.iceberg.parquet.Parquet.read(file)
          .project(projection)
          .createReaderFunc(
              fileSchema ->
                  org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(
                      projection, fileSchema))
          .build();
    }

    @Override
    public org.apache.iceberg.deletes.PositionDeleteWriter<org.apache.iceberg.data.Record> writer(
        org.apache.iceberg.io.OutputFile file,
        org.apache.iceberg.FileFormat format,
        org.apache.iceberg.PartitionSpec spec,
        org.apache.iceberg.StructLike partition) {
      return new org.apache.iceberg.data.GenericFileWriterFactory.Builder(table)
          .deleteFileFormat(format)
          .build()
          .newPositionDeleteWriter(
              org.apache.iceberg.encryption.EncryptedFiles.plainAsEncryptedOutput(file),
              spec,
              partition);
    }
  }

  /** Reuses a file of an earlier complete backup when it is there with its recorded size. */
  private boolean reuse(
      FileIO io, String location, Map<String, Checked> known, Map<String, Checked> written) {
    Checked before = known.get(location);
    if (before != null && BackupFiles.length(io, location) == before.size()) {
      skip(before, written);
      return true;
    }
    return false;
  }

  private void skip(Checked file, Map<String, Checked> written) {
    written.put(file.path(), file);
    skippedFiles.incrementAndGet();
    skippedBytes.addAndGet(file.size());
  }

  private Checked record(FileIO io, String location, Map<String, Checked> written) {
    long size = BackupFiles.length(io, location);
    Checked file = new Checked(location, size, BackupFiles.checksum(io, location));
    written.put(location, file);
    copiedFiles.incrementAndGet();
    copiedBytes.addAndGet(size);
    return file;
  }

  /** Removes a file an interrupted backup left in the backup location (never in the source). */
  private void deleteLeftover(FileIO io, String location) {
    if (BackupFiles.length(io, location) >= 0) {
      io.deleteFile(location);
    }
  }

  private void checkUnder(String source, String location) {
    if (!under(location, source)) {
      throw new UnsupportedFeatureException(
          "Cannot back up table "
              + name
              + ": file "
              + location
              + " is outside the table's location "
              + source
              + ", which backups do not copy yet",
          null);
    }
  }

  private static boolean under(String location, String folder) {
    return location.equals(folder) || location.startsWith(folder + "/");
  }
}
