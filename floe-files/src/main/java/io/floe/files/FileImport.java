package io.floe.files;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.Schema;

/**
 * Imports CSV, JSON lines, Parquet and Avro files into a table in one commit: a pending operation,
 * used once.
 *
 * <p>Inputs are files, folders (every file under them, hidden ones and those starting with {@code
 * _} skipped) and globs ({@code data/2026-*.csv}); each file's format comes from {@link
 * #format(FileFormat)} or its extension. Records are read as a stream, converted to the table's
 * column types (text such as {@code 2026-01-31 12:00:00+01:00} to a timestamptz, {@code 12.50} to a
 * decimal(10,2), JSON objects to structs) and written in batches of {@link #batchRows(int)} rows to
 * data files as they go, so memory stays bounded whatever the input size; all files land in ONE
 * snapshot. Tables of primitive Parquet columns are written through Floe's Arrow append, others
 * through its row append.
 *
 * <p>A record that does not fit (a value of the wrong type or out of range, a null in a required
 * column, a missing or extra field, invalid JSON) stops the import by default: {@link #run()}
 * throws {@link InvalidRowException} naming the file, line, column and value, the data files
 * written so far are deleted and the table stays at its snapshot. With {@link #rejects(Path)} such
 * records go to a rejects file instead (one JSON object per line: file, line, column, value, reason
 * and the record's text) and the import goes on; no record is ever dropped silently. A file that
 * cannot be read at all (unknown header column, malformed CSV quoting, a corrupt Parquet or Avro
 * file) stops the import in either mode. Not thread-safe.
 *
 * <pre>{@code
 * ImportResult result = FileImport.into(floe, "analytics.events")
 *     .from(Path.of("landing/2026-12-*.csv"))
 *     .csv(CsvOptions.defaults().delimiter(';'))
 *     .createIfMissing()
 *     .rejects(Path.of("landing/rejects.jsonl"))
 *     .progress(p -> System.err.printf("%,d rows%n", p.rowsDone()))
 *     .run();
 * }</pre>
 */
public final class FileImport {
  private static final int DEFAULT_BATCH_ROWS = 16_384;

  private final Floe floe;
  private final String tableName;
  private FloeTable table;
  private final List<Path> inputs = new ArrayList<>();
  private final Map<String, String> summary = new LinkedHashMap<>();
  private FileFormat format;
  private CsvOptions csv = CsvOptions.defaults();
  private Path rejects;
  private boolean createIfMissing;
  private int sampleRows = SchemaInference.DEFAULT_SAMPLE_ROWS;
  private SchemaInference.OnConflict onConflict = SchemaInference.OnConflict.STRING;
  private int batchRows = DEFAULT_BATCH_ROWS;
  private ProgressListener progress = ProgressListener.NONE;
  private boolean ran;

  private FileImport(Floe floe, String tableName, FloeTable table) {
    this.floe = floe;
    this.tableName = tableName;
    this.table = table;
  }

  /**
   * Starts an import into an existing table.
   *
   * @param table the table
   * @return a new import
   */
  public static FileImport into(FloeTable table) {
    Objects.requireNonNull(table, "table");
    return new FileImport(null, table.name(), table);
  }

  /**
   * Starts an import into a table by name, which {@link #createIfMissing()} may create.
   *
   * @param floe the Floe the table is in
   * @param table the table's name, such as {@code "analytics.events"}
   * @return a new import
   */
  public static FileImport into(Floe floe, String table) {
    Objects.requireNonNull(floe, "floe");
    Objects.requireNonNull(table, "table");
    return new FileImport(floe, table, null);
  }

  /**
   * Adds inputs: files, folders or globs.
   *
   * @param paths the inputs
   * @return this import
   */
  public FileImport from(Path... paths) {
    return from(Arrays.asList(paths));
  }

  /**
   * Adds inputs: files, folders or globs.
   *
   * @param paths the inputs
   * @return this import
   */
  public FileImport from(Collection<Path> paths) {
    for (Path path : paths) {
      inputs.add(Objects.requireNonNull(path, "path"));
    }
    return this;
  }

  /**
   * Reads every input in this format instead of telling it from each file's extension.
   *
   * @param format the format (not {@link FileFormat#ARROW_IPC}, which is export only)
   * @return this import
   * @throws io.floe.UnsupportedFeatureException for {@link FileFormat#ARROW_IPC}
   */
  public FileImport format(FileFormat format) {
    if (Objects.requireNonNull(format, "format") == FileFormat.ARROW_IPC) {
      throw FileErrors.cannotImport(format);
    }
    this.format = format;
    return this;
  }

  /**
   * Sets how CSV files are read (default: {@link CsvOptions#defaults()}).
   *
   * @param options the CSV options
   * @return this import
   */
  public FileImport csv(CsvOptions options) {
    this.csv = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Writes records that do not fit to this file (JSON lines: file, line, column, value, reason,
   * raw) and goes on, instead of stopping the import. The file is replaced if it exists, and is
   * left empty when no record was rejected.
   *
   * @param path the rejects file
   * @return this import
   */
  public FileImport rejects(Path path) {
    this.rejects = Objects.requireNonNull(path, "path");
    return this;
  }

  /**
   * Creates the table when it does not exist, with the schema inferred from the first input file
   * ({@link SchemaInference}: a sample of CSV or JSON lines, the schema of a Parquet or Avro file).
   * When the import fails, the table it created is dropped again. Needs {@link #into(Floe,
   * String)}.
   *
   * @return this import
   * @throws IllegalStateException when the import was started from a table
   */
  public FileImport createIfMissing() {
    if (floe == null) {
      throw new IllegalStateException(
          "createIfMissing() needs FileImport.into(floe, name), not an existing table");
    }
    this.createIfMissing = true;
    return this;
  }

  /**
   * Sets how many records of the first file inference samples (default 10,000).
   *
   * @param rows the number of records, at least 1
   * @return this import
   * @throws IllegalArgumentException when rows is less than 1
   */
  public FileImport inferenceSampleRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException(
          "The inference sample must be at least 1 row, got " + rows);
    }
    this.sampleRows = rows;
    return this;
  }

  /**
   * Sets what inference makes of a JSON field whose values do not fit one type (default {@link
   * SchemaInference.OnConflict#STRING}); {@link SchemaInference.OnConflict#VARIANT} creates a
   * format v3 table whose such fields are {@code variant} columns, written as the JSON values are.
   *
   * @param policy the policy
   * @return this import
   */
  public FileImport onConflict(SchemaInference.OnConflict policy) {
    this.onConflict = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Sets how many rows are buffered before they are written (default 16,384): the unit of memory
   * and of progress reports.
   *
   * @param rows the batch size, 1 to 1,048,576
   * @return this import
   * @throws IllegalArgumentException when rows is out of range
   */
  public FileImport batchRows(int rows) {
    if (rows < 1 || rows > 1 << 20) {
      throw new IllegalArgumentException("Batch rows must be between 1 and 1048576, got " + rows);
    }
    this.batchRows = rows;
    return this;
  }

  /**
   * Reports progress to a listener once per batch and at the end of each file.
   *
   * @param listener the listener
   * @return this import
   */
  public FileImport progress(ProgressListener listener) {
    this.progress = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Adds a property to the snapshot summary of the import's commit (such as the source's name).
   *
   * @param key the property key
   * @param value the property value
   * @return this import
   */
  public FileImport set(String key, String value) {
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Runs the import: reads every input and commits the rows in one snapshot.
   *
   * @return what the import did
   * @throws InvalidRowException when a record does not fit and there is no rejects file; nothing
   *     was committed
   * @throws io.floe.ValidationException when a file cannot be read as its format, or its columns do
   *     not match the table's; nothing was committed
   * @throws io.floe.NotFoundException when an input or the table does not exist
   * @throws io.floe.FloeIOException when a file cannot be read or the rejects file written
   * @throws IllegalStateException when the import already ran or has no input
   */
  public ImportResult run() {
    if (ran) {
      throw new IllegalStateException("The import into " + tableName + " already ran");
    }
    ran = true;
    if (inputs.isEmpty()) {
      throw new IllegalStateException(
          "The import into " + tableName + " has no input: call from(...)");
    }
    List<Path> files = new ArrayList<>(InputFiles.expand(inputs));
    if (rejects != null) {
      // a rejects file inside an input folder is never read as input (on a second run)
      Path rejectsFile = rejects.toAbsolutePath().normalize();
      files.removeIf(file -> file.toAbsolutePath().normalize().equals(rejectsFile));
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("The import into " + tableName + " has no input file");
    }
    long bytesTotal = 0;
    for (Path file : files) {
      formatOf(file);
      try {
        bytesTotal += Files.size(file);
      } catch (IOException e) {
        throw FileErrors.io("read", file, e);
      }
    }
    boolean created = false;
    if (table == null) {
      Optional<FloeTable> found = floe.findTable(tableName);
      if (found.isPresent()) {
        table = found.get();
      } else if (!createIfMissing) {
        throw FileErrors.noTable(tableName);
      } else {
        Path first = files.get(0);
        Schema schema =
            SchemaInference.sample(sampleRows)
                .csv(csv)
                .format(formatOf(first))
                .onConflict(onConflict)
                .infer(first);
        table = floe.createTable(tableName).schema(schema).create();
        created = true;
      }
    }
    try {
      return write(files, bytesTotal, created);
    } catch (RuntimeException | Error e) {
      if (created) {
        try {
          floe.dropTable(tableName);
        } catch (RuntimeException dropFailed) {
          e.addSuppressed(dropFailed);
        }
      }
      throw e;
    }
  }

  private FileFormat formatOf(Path file) {
    if (format != null) {
      return format;
    }
    FileFormat found = FileFormat.fromPath(file).orElseThrow(() -> FileErrors.unknownFormat(file));
    if (found == FileFormat.ARROW_IPC) {
      throw FileErrors.cannotImport(found);
    }
    return found;
  }

  private ImportResult write(List<Path> files, long bytesTotal, boolean created) {
    Schema schema = table.schema();
    String name = table.name();
    long start = System.nanoTime();
    long rows = 0;
    long rejected = 0;
    long bytesBefore = 0;
    Object[] row = new Object[schema.columns().size()];
    BufferedWriter rejectsOut = openRejects();
    TableSink sink = TableSink.open(table, batchRows);
    summary.forEach(sink::set);
    try {
      for (Path file : files) {
        String fileName = file.toString();
        long sinceReport = 0;
        try (RecordReader reader = open(file, schema)) {
          while (true) {
            boolean more;
            try {
              more = reader.next(row);
            } catch (BadValue bad) {
              if (rejectsOut == null) {
                throw FileErrors.invalidRow(name, fileName, reader.line(), bad, reader.raw());
              }
              writeReject(rejectsOut, fileName, reader.line(), bad, reader.raw());
              rejected++;
              continue;
            }
            if (!more) {
              break;
            }
            sink.add(row);
            rows++;
            if (++sinceReport == batchRows) {
              sinceReport = 0;
              progress.progress(
                  new Progress(
                      rows + rejected,
                      bytesBefore + reader.bytesRead(),
                      bytesTotal,
                      fileName,
                      System.nanoTime() - start));
            }
          }
          bytesBefore += Files.size(file);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
          throw FileErrors.unreadableFile(
              name,
              file,
              (e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ")
                  + e.getOriginalMessage(),
              e);
        } catch (IOException e) {
          throw FileErrors.io("read", file, e);
        } catch (UncheckedIOException e) {
          throw FileErrors.io("read", file, e.getCause());
        }
        progress.progress(
            new Progress(
                rows + rejected, bytesBefore, bytesTotal, fileName, System.nanoTime() - start));
      }
      if (rejectsOut != null) {
        rejectsOut.flush();
      }
      long snapshot = -1;
      if (rows > 0) {
        AppendResult result = sink.commit();
        snapshot = result.snapshotId();
        // rows the table's quality rules quarantined were read but not written to the table
        rows = result.addedRecords();
      } else {
        sink.abort();
      }
      List<String> names = new ArrayList<>();
      files.forEach(file -> names.add(file.toString()));
      return new ImportResult(name, rows, rejected, names, bytesTotal, snapshot, created);
    } catch (IOException e) {
      throw FileErrors.io("write", rejects, e);
    } finally {
      sink.abort();
      if (rejectsOut != null) {
        try {
          rejectsOut.close();
        } catch (IOException e) {
          // flushed above on success; on failure the import's own error matters more
        }
      }
    }
  }

  private BufferedWriter openRejects() {
    if (rejects == null) {
      return null;
    }
    try {
      Path parent = rejects.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.newBufferedWriter(rejects, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FileErrors.io("write", rejects, e);
    }
  }

  private void writeReject(BufferedWriter out, String file, long line, BadValue bad, String raw) {
    Map<String, Object> reject = new LinkedHashMap<>();
    reject.put("file", file);
    reject.put("line", line);
    reject.put("column", bad.column);
    reject.put("value", bad.value);
    reject.put("reason", bad.reason());
    reject.put("raw", raw);
    try {
      out.write(Values.JSON.writeValueAsString(reject));
      out.newLine();
    } catch (IOException e) {
      throw FileErrors.io("write", rejects, e);
    }
  }

  private RecordReader open(Path file, Schema schema) throws IOException {
    try {
      switch (formatOf(file)) {
        case CSV:
          return new CsvReader(file, schema, csv);
        case JSON_LINES:
          return new JsonLinesReader(file, schema);
        case AVRO:
          return new AvroReader(file, schema);
        case PARQUET:
          return new ParquetReader(file, schema);
        default:
          throw FileErrors.cannotImport(formatOf(file));
      }
    } catch (BadValue bad) {
      throw FileErrors.unreadableFile(table.name(), file, bad.reason(), null);
    } catch (org.apache.avro.AvroRuntimeException e) {
      throw FileErrors.unreadableFile(
          table.name(), file, "not a valid Avro file: " + e.getMessage(), e);
    } catch (IOException e) {
      if (formatOf(file) == FileFormat.AVRO) {
        throw FileErrors.unreadableFile(
            table.name(), file, "not a valid Avro file: " + e.getMessage(), e);
      }
      throw e;
    } catch (FloeException e) {
      throw e;
    }
  }
}
