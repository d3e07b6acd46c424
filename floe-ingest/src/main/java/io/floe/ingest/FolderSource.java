package io.floe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.ValidationException;
import io.floe.files.CsvOptions;
import io.floe.files.FileFormat;
import io.floe.files.FileImport;
import io.floe.files.ImportResult;
import io.floe.files.SchemaInference;
import io.floe.impl.spi.DirectoryListing;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the files landing in a folder into a table, each file exactly once: CSV, JSON lines,
 * Parquet and Avro, read, converted and rejected exactly as {@link FileImport} does (it does the
 * reading and writing). The folder is a local path or a location on the table's file IO (such as
 * {@code s3://bucket/landing/}).
 *
 * <p>Each commit's snapshot summary records, under {@code floe.ingest.folder.<source-id>}, the
 * location, size and modification time of every file whose rows it holds (and of every file sent to
 * the dead letters), with the source's commit sequence number. A commit is refused inside the
 * catalog's compare-and-swap when the table's newest entry of the source is not the one this source
 * read (another process running the same source committed first), and a restarted source reads the
 * files done from the table: a crash between writing and committing re-ingests the file, a crash
 * after the commit does not, and no file's rows land twice. A file is identified by its location:
 * land files atomically (write under a name starting with {@code .} or {@code _}, which are
 * skipped, then rename), and a file rewritten in place is not ingested again.
 *
 * <p>A file that cannot be read (corrupt Parquet, malformed CSV quoting, unknown extension) or,
 * when there is no rejects folder, that holds a record that does not fit, stops the source with the
 * {@link FloeException} of {@link FileImport} naming the file; with {@link Builder#rejects(Path)}
 * it is set aside instead: a line {@code {"file":..,"size":..,"reason":..}} is appended to {@code
 * dead-letters.jsonl} in that folder, and records that do not fit go to {@code rejects-<seq>.jsonl}
 * there while the file's other rows are ingested. Nothing is dropped silently.
 *
 * <p>{@link #ingestOnce()} ingests what is there now; {@link #watch()} polls at the configured
 * interval on a thread of its own (no busy loop) until {@link #close()}. Thread-safe: cycles run
 * one at a time.
 *
 * <pre>{@code
 * try (FolderSource source = FolderSource.builder(floe, "analytics.events", "landing/")
 *         .rejects(Path.of("landing-rejects"))
 *         .pollInterval(Duration.ofSeconds(10))
 *         .build()) {
 *   FolderSource.Cycle first = source.ingestOnce();
 *   source.watch();
 * }
 * }</pre>
 */
public final class FolderSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);
  static final String KIND = "folder";

  private final Floe floe;
  private final String tableName;
  private final String folder;
  private final boolean local;
  private final String sourceId;
  private final FileFormat format;
  private final CsvOptions csv;
  private final SchemaInference.OnConflict onConflict;
  private final Path rejects;
  private final Duration pollInterval;
  private final int maxFilesPerCommit;
  private final boolean createIfMissing;
  private CheckedTable table;

  private final Set<String> done = new HashSet<>();
  private final Set<String> deadInMemory = new HashSet<>();
  private long seq = -1; // the table's newest sequence of this source; -1: not read yet
  private final Stats.Counter stats = new Stats.Counter();
  private ScheduledExecutorService watcher;
  private volatile FloeException lastError;
  private boolean closed;

  private FolderSource(Builder b) {
    this.floe = b.floe;
    this.tableName = b.table;
    this.folder = b.folder;
    this.local = !b.folder.contains("://");
    this.sourceId = b.sourceId != null ? b.sourceId : defaultId(b.folder);
    this.format = b.format;
    this.csv = b.csv;
    this.onConflict = b.onConflict;
    this.rejects = b.rejects == null ? null : b.rejects.toAbsolutePath().normalize();
    this.pollInterval = b.pollInterval;
    this.maxFilesPerCommit = b.maxFilesPerCommit;
    this.createIfMissing = b.createIfMissing;
    if (!createIfMissing || floe.findTable(tableName).isPresent()) {
      this.table = new CheckedTable(floe, tableName, SourceLog.key(KIND, sourceId));
    }
  }

  private static String defaultId(String folder) {
    if (folder.contains("://")) {
      return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }
    return Path.of(folder).toAbsolutePath().normalize().toString();
  }

  /**
   * Starts a folder source.
   *
   * @param floe the Floe the table is in (its file IO reads remote folders)
   * @param table the existing target table, such as {@code "analytics.events"}
   * @param folder a local folder, or a location such as {@code s3://bucket/landing/}
   * @return a builder
   */
  public static Builder builder(Floe floe, String table, String folder) {
    return new Builder(floe, table, folder);
  }

  /**
   * The key under which this source records its files in snapshot summaries.
   *
   * @return {@code floe.ingest.folder.<source-id>}
   */
  public String summaryKey() {
    return SourceLog.key(KIND, sourceId);
  }

  /**
   * The locations of the files this source has ingested (or set aside), as recorded in the table.
   *
   * @return the locations, sorted
   */
  public synchronized List<String> ingestedFiles() {
    if (table == null) {
      return List.of(); // the table is created with the first file
    }
    ensureState();
    return done.stream().sorted().toList();
  }

  /**
   * Ingests every file of the folder not ingested yet, in commits of at most {@link
   * Builder#maxFilesPerCommit(int)} files, in order of location.
   *
   * @return what this cycle did
   * @throws FloeException when a file cannot be ingested and there is no rejects folder, or the
   *     table cannot be committed to; the files committed before stay committed
   * @throws IllegalStateException when the source is closed
   */
  public synchronized Cycle ingestOnce() {
    if (closed) {
      throw new IllegalStateException("The folder source of " + tableName + " is closed");
    }
    long start = System.nanoTime();
    List<Candidate> listed = list();
    if (table == null) {
      if (listed.isEmpty()) {
        Cycle idle = new Cycle(0, 0, 0, 0, 0, System.nanoTime() - start);
        stats.add(idle);
        return idle;
      }
      create(listed.get(0));
    }
    ensureState();
    List<Candidate> pending = new ArrayList<>();
    for (Candidate c : listed) {
      if (!done.contains(c.location) && !deadInMemory.contains(c.location)) {
        pending.add(c);
      }
    }
    long files = 0;
    long rows = 0;
    long rejected = 0;
    long dead = 0;
    long commits = 0;
    for (int i = 0; i < pending.size(); i += maxFilesPerCommit) {
      List<Candidate> chunk =
          new ArrayList<>(pending.subList(i, Math.min(pending.size(), i + maxFilesPerCommit)));
      Chunk result = ingest(chunk);
      if (result == null) {
        break; // refused: another process ingested; the next cycle sees its files
      }
      files += result.files;
      rows += result.rows;
      rejected += result.rejected;
      dead += result.dead;
      commits += result.committed ? 1 : 0;
    }
    Cycle cycle = new Cycle(files, rows, rejected, dead, commits, System.nanoTime() - start);
    stats.add(cycle);
    return cycle;
  }

  /**
   * Polls the folder on a thread of its own, every {@link Builder#pollInterval(Duration)} after the
   * previous cycle ended, until {@link #close()}. A failing cycle is logged and kept as {@link
   * #lastError()}; the next one tries again.
   *
   * @return this source
   * @throws IllegalStateException when already watching or closed
   */
  public synchronized FolderSource watch() {
    if (closed || watcher != null) {
      throw new IllegalStateException("The folder source of " + tableName + " already watches");
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "floe-folder-source-" + tableName);
              t.setDaemon(true);
              return t;
            });
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            ingestOnce();
            lastError = null;
          } catch (FloeException e) {
            lastError = e;
            LOG.warn("Folder source {} into {}: {}", folder, tableName, e.getMessage());
          } catch (RuntimeException e) {
            lastError = new FloeException("Folder source failed: " + e, e);
            LOG.warn("Folder source {} into {}", folder, tableName, e);
          }
        },
        0,
        pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The error of the last watched cycle, if it failed.
   *
   * @return the error, empty when the last cycle succeeded
   */
  public Optional<FloeException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * The totals of all cycles so far.
   *
   * @return the totals
   */
  public Stats stats() {
    return stats.snapshot();
  }

  /** Stops watching, letting a running cycle end (up to 5 minutes). Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService w;
    synchronized (this) {
      if (closed) {
        return;
      }
      w = watcher;
    }
    if (w != null) {
      // no interrupt: a cycle in the middle of a commit ends normally
      w.shutdown();
      try {
        if (!w.awaitTermination(5, TimeUnit.MINUTES)) {
          w.shutdownNow();
        }
      } catch (InterruptedException e) {
        w.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      closed = true;
      if (table != null) {
        table.close();
      }
    }
  }

  /** Creates the table with the schema inferred from a file, as {@code FileImport} does. */
  private void create(Candidate first) {
    Path staging = null;
    try {
      Path file;
      if (local) {
        file = Path.of(first.location);
      } else {
        staging = Files.createTempDirectory("floe-folder-source");
        file = stage(first, staging, 0);
      }
      SchemaInference inference = SchemaInference.defaults().csv(csv).onConflict(onConflict);
      if (format != null) {
        inference = inference.format(format);
      }
      org.apache.iceberg.Schema schema = inference.infer(file);
      if (floe.findTable(tableName).isEmpty()) {
        try {
          floe.createTable(tableName).schema(schema).create();
        } catch (io.floe.AlreadyExistsException e) {
          // another process of the same source created it first
        }
      }
    } catch (IOException e) {
      throw new FloeIOException(
          "read", first.location, "Cannot read " + first.location + ": " + e, e);
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
    }
    table = new CheckedTable(floe, tableName, SourceLog.key(KIND, sourceId));
  }

  // ---- state from the table ----

  private void ensureState() {
    if (seq < 0) {
      recover();
    }
  }

  /** Reads the files done and the newest sequence number of this source from the table. */
  private void recover() {
    TableMetadata metadata = table.refresh();
    Set<String> found = new HashSet<>();
    long[] newest = {0};
    long[] oldest = {Long.MAX_VALUE};
    SourceLog.forEach(
        metadata,
        table.key,
        node -> {
          long s = node.path("seq").asLong();
          newest[0] = Math.max(newest[0], s);
          oldest[0] = Math.min(oldest[0], s);
          for (JsonNode f : node.path("files")) {
            found.add(f.path("path").asText());
          }
          for (JsonNode f : node.path("dead")) {
            found.add(f.path("path").asText());
          }
        });
    if (newest[0] > 0 && oldest[0] > 1 && SourceLog.historyExpired(metadata)) {
      throw new ValidationException(
          "The folder source '"
              + sourceId
              + "' cannot tell which files it ingested into "
              + tableName
              + ": snapshot expiry removed its commits 1 to "
              + (oldest[0] - 1)
              + " from the table's history. Keep the source's snapshots (expire with"
              + " retainLast), or move the files already ingested out of "
              + folder
              + " and start a new source id.",
          tableName,
          null,
          null);
    }
    done.clear();
    done.addAll(found);
    seq = newest[0];
  }

  // ---- listing ----

  private record Candidate(String location, long size, long modified) {}

  private List<Candidate> list() {
    List<Candidate> out = new ArrayList<>();
    if (local) {
      Path dir = Path.of(folder).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new io.floe.NotFoundException(
            "Folder " + dir + " of the folder source into " + tableName + " does not exist",
            tableName,
            null,
            dir.toString(),
            null);
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) paths::iterator) {
          if (!Files.isRegularFile(p)
              || hidden(dir.relativize(p).toString())
              || (rejects != null && p.startsWith(rejects))) {
            continue;
          }
          try {
            out.add(
                new Candidate(
                    p.toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
          } catch (java.nio.file.NoSuchFileException gone) {
            // renamed or deleted while listing: the next cycle sees it again
          }
        }
      } catch (IOException e) {
        throw new FloeIOException("list", dir.toString(), "Cannot list " + dir + ": " + e, e);
      }
    } else {
      String dir = folder.endsWith("/") ? folder : folder + "/";
      FileIO io = fileIO();
      for (FileInfo info : DirectoryListing.list(io, dir).files()) {
        String rel = info.location().substring(Math.min(dir.length(), info.location().length()));
        if (!hidden(rel)) {
          out.add(new Candidate(info.location(), info.size(), info.createdAtMillis()));
        }
      }
    }
    out.sort(Comparator.comparing(Candidate::location));
    return out;
  }

  /** The file IO of remote folders: the table's. */
  private FileIO fileIO() {
    if (table == null) {
      throw new io.floe.UnsupportedFeatureException(
          "createIfMissing() needs a local folder: "
              + folder
              + " is read through the file IO of "
              + tableName
              + ", which does not exist yet; create the table first",
          null);
    }
    return table.iceberg().io();
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("[/\\\\]")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  // ---- one commit ----

  private record Chunk(long files, long rows, long rejected, long dead, boolean committed) {}

  /** Ingests some files in one commit; null when the commit was refused (state re-read). */
  private Chunk ingest(List<Candidate> files) {
    List<Candidate> deadFiles = new ArrayList<>();
    Map<Candidate, String> deadReasons = new LinkedHashMap<>();
    while (true) {
      long next = seq + 1;
      Path staging = null;
      Map<String, Candidate> byPath = new HashMap<>();
      List<Path> paths = new ArrayList<>();
      try {
        if (!local && !files.isEmpty()) {
          staging = Files.createTempDirectory("floe-folder-source");
        }
        for (int i = 0; i < files.size(); i++) {
          Candidate c = files.get(i);
          Path path = local ? Path.of(c.location) : stage(c, staging, i);
          paths.add(path);
          byPath.put(path.toString(), c);
        }
        String summary = summary(next, files, deadReasons);
        table.expectation.expect(seq);
        ImportResult result = null;
        Path rejectsFile = rejects == null ? null : rejects.resolve("rejects-" + next + ".jsonl");
        if (!files.isEmpty()) {
          if (rejects != null) {
            Files.createDirectories(rejects);
          }
          FileImport im = FileImport.into(table.table).from(paths).csv(csv).set(table.key, summary);
          if (format != null) {
            im.format(format);
          }
          if (rejectsFile != null) {
            im.rejects(rejectsFile);
          }
          result = im.run();
          if (rejectsFile != null) {
            fixRejects(rejectsFile, byPath);
          }
        }
        boolean committed;
        if (result != null && result.snapshotId().isPresent()) {
          committed = true;
        } else {
          // no row at all (empty files, every record rejected, only dead letters): an empty
          // commit still records the files, so that they are not read again
          table.iceberg().newFastAppend().set(table.key, summary).commit();
          committed = true;
        }
        seq = next;
        for (Candidate c : files) {
          done.add(c.location);
        }
        for (Candidate c : deadReasons.keySet()) {
          done.add(c.location);
        }
        return new Chunk(
            files.size(),
            result == null ? 0 : result.rowsWritten(),
            result == null ? 0 : result.rowsRejected(),
            deadFiles.size(),
            committed);
      } catch (CommitStateUnknownException e) {
        seq = -1; // re-read: the commit may have landed
        throw e;
      } catch (FloeException | org.apache.iceberg.exceptions.ValidationException e) {
        if (table.expectation.refusal() != null) {
          LOG.warn("{}", table.expectation.refusal());
          recover();
          return null;
        }
        if (e instanceof io.floe.NotFoundException nf && nf.file().isPresent()) {
          Candidate gone = byPath.get(nf.file().get());
          if (gone != null) {
            files.remove(gone); // moved away since the listing: the next cycle looks again
            continue;
          }
        }
        if (e instanceof FloeException fe && rejects != null) {
          Candidate bad = fe.file().map(byPath::get).orElse(null);
          if (bad == null) {
            bad = culprit(fe.getMessage(), byPath);
          }
          if (bad != null && !(fe instanceof FloeIOException && local)) {
            String reason = fe.getMessage();
            if (!local) {
              for (Map.Entry<String, Candidate> m : byPath.entrySet()) {
                reason = reason.replace(m.getKey(), m.getValue().location);
              }
            }
            deadLetter(bad, reason);
            deadReasons.put(bad, reason);
            deadFiles.add(bad);
            files.remove(bad);
            continue;
          }
        }
        if (e instanceof FloeException fe) {
          throw fe;
        }
        throw new ValidationException(e.getMessage(), tableName, null, e);
      } catch (IOException e) {
        throw new FloeIOException(
            "read", folder, "Cannot stage the files of " + folder + ": " + e, e);
      } finally {
        if (staging != null) {
          deleteTree(staging);
        }
      }
    }
  }

  private static Candidate culprit(String message, Map<String, Candidate> byPath) {
    if (message == null) {
      return null;
    }
    for (Map.Entry<String, Candidate> m : byPath.entrySet()) {
      if (message.contains(m.getKey())) {
        return m.getValue();
      }
    }
    return null;
  }

  private String summary(long next, List<Candidate> files, Map<Candidate, String> dead) {
    ObjectNode node = SourceLog.JSON.createObjectNode();
    node.put("seq", next);
    ArrayNode list = node.putArray("files");
    for (Candidate c : files) {
      list.addObject().put("path", c.location).put("size", c.size).put("mtime", c.modified);
    }
    if (!dead.isEmpty()) {
      ArrayNode deadList = node.putArray("dead");
      dead.forEach(
          (c, reason) ->
              deadList
                  .addObject()
                  .put("path", c.location)
                  .put("size", c.size)
                  .put("mtime", c.modified));
    }
    return SourceLog.write(node);
  }

  private Path stage(Candidate c, Path staging, int index) throws IOException {
    String name = c.location.substring(c.location.lastIndexOf('/') + 1);
    Path target = staging.resolve(index + "-" + name);
    try (InputStream in = fileIO().newInputFile(c.location).newStream()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** Names the remote file, not its local copy, in the rejects of a remote folder. */
  private void fixRejects(Path rejectsFile, Map<String, Candidate> byPath) throws IOException {
    if (local || !Files.exists(rejectsFile) || Files.size(rejectsFile) == 0) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(rejectsFile, StandardCharsets.UTF_8)) {
      ObjectNode node = (ObjectNode) SourceLog.JSON.readTree(line);
      Candidate c = byPath.get(node.path("file").asText());
      if (c != null) {
        node.put("file", c.location);
      }
      lines.add(SourceLog.write(node));
    }
    Files.write(rejectsFile, lines, StandardCharsets.UTF_8);
  }

  private void deadLetter(Candidate c, String reason) {
    try {
      writeDeadLetter(c, reason);
    } catch (IOException e) {
      throw new FloeIOException(
          "write", rejects.toString(), "Cannot write the dead letters in " + rejects + ": " + e, e);
    }
    deadInMemory.add(c.location);
    LOG.warn("Folder source into {}: {} set aside: {}", tableName, c.location, reason);
  }

  private void writeDeadLetter(Candidate c, String reason) throws IOException {
    Files.createDirectories(rejects);
    ObjectNode node = SourceLog.JSON.createObjectNode();
    node.put("file", c.location)
        .put("size", c.size)
        .put("mtime", c.modified)
        .put("time", Instant.now().toString())
        .put("reason", reason);
    try (BufferedWriter out =
        Files.newBufferedWriter(
            rejects.resolve("dead-letters.jsonl"),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      out.write(SourceLog.write(node));
      out.newLine();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the OS cleans it up
    }
  }

  /**
   * What one {@link #ingestOnce()} did.
   *
   * @param files files ingested (their rows committed)
   * @param rows rows written to the table
   * @param rejectedRows records set aside in the rejects files
   * @param deadLetters files set aside as unreadable
   * @param commits commits made
   * @param nanos how long the cycle took
   */
  public record Cycle(
      long files, long rows, long rejectedRows, long deadLetters, long commits, long nanos) {}

  /**
   * The totals of a source's cycles.
   *
   * @param cycles cycles run
   * @param files files ingested
   * @param rows rows written
   * @param rejectedRows records set aside
   * @param deadLetters files set aside
   * @param commits commits made
   */
  public record Stats(
      long cycles, long files, long rows, long rejectedRows, long deadLetters, long commits) {
    static final class Counter {
      private long cycles;
      private long files;
      private long rows;
      private long rejected;
      private long dead;
      private long commits;

      synchronized void add(Cycle c) {
        cycles++;
        files += c.files();
        rows += c.rows();
        rejected += c.rejectedRows();
        dead += c.deadLetters();
        commits += c.commits();
      }

      synchronized Stats snapshot() {
        return new Stats(cycles, files, rows, rejected, dead, commits);
      }
    }
  }

  /** Configures a {@link FolderSource}: a value builder, used once. */
  public static final class Builder {
    private final Floe floe;
    private final String table;
    private final String folder;
    private String sourceId;
    private FileFormat format;
    private CsvOptions csv = CsvOptions.defaults();
    private SchemaInference.OnConflict onConflict = SchemaInference.OnConflict.STRING;
    private Path rejects;
    private Duration pollInterval = Duration.ofSeconds(10);
    private int maxFilesPerCommit = 1_000;
    private boolean createIfMissing;

    private Builder(Floe floe, String table, String folder) {
      this.floe = Objects.requireNonNull(floe, "floe");
      this.table = Objects.requireNonNull(table, "table");
      this.folder = Objects.requireNonNull(folder, "folder");
    }

    /**
     * Names the source in the table's snapshot summaries (default: the folder's absolute path or
     * location). Two processes with the same id share the files done; give each folder its own.
     *
     * @param id the source id, not blank
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder sourceId(String id) {
      if (Objects.requireNonNull(id, "id").isBlank()) {
        throw new IllegalArgumentException("The source id must not be blank");
      }
      this.sourceId = id;
      return this;
    }

    /**
     * Reads every file in this format instead of telling it from the file's extension.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(FileFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets how CSV files are read.
     *
     * @param options the CSV options
     * @return this builder
     */
    public Builder csv(CsvOptions options) {
      this.csv = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets files that cannot be read and records that do not fit aside in this local folder ({@code
     * dead-letters.jsonl}, {@code rejects-<seq>.jsonl}) instead of stopping.
     *
     * @param folder the rejects folder (created when missing)
     * @return this builder
     */
    public Builder rejects(Path folder) {
      this.rejects = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Sets the pause between two cycles of {@link FolderSource#watch()} (default 10 s).
     *
     * @param interval at least 10 ms
     * @return this builder
     * @throws IllegalArgumentException when shorter than 10 ms
     */
    public Builder pollInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").toMillis() < 10) {
        throw new IllegalArgumentException("The poll interval must be at least 10 ms: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Sets how many files one commit holds at most (default 1,000).
     *
     * @param files at least 1
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder maxFilesPerCommit(int files) {
      if (files < 1) {
        throw new IllegalArgumentException("maxFilesPerCommit must be at least 1: " + files);
      }
      this.maxFilesPerCommit = files;
      return this;
    }

    /**
     * Creates the table when it does not exist, at the first cycle that finds a file, with the
     * schema {@link SchemaInference} infers from that file (a sample of CSV or JSON lines, the
     * schema of a Parquet or Avro file). Local folders only: a remote folder is read through the
     * table's file IO.
     *
     * @return this builder
     */
    public Builder createIfMissing() {
      this.createIfMissing = true;
      return this;
    }

    /**
     * With {@link #createIfMissing()}: what inference makes of a JSON field whose values do not fit
     * one type (default {@link SchemaInference.OnConflict#STRING}); {@link
     * SchemaInference.OnConflict#VARIANT} gives a {@code variant} column (format v3 table).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder onConflict(SchemaInference.OnConflict policy) {
      this.onConflict = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the source; it reads its state from the table at its first cycle.
     *
     * @return the source
     * @throws io.floe.NotFoundException when the table does not exist
     */
    public FolderSource build() {
      return new FolderSource(this);
    }
  }
}
