package io.floe.files;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;

/**
 * A throw-away local Floe warehouse in a temporary folder, holding one table: how Parquet files are
 * read (the file is added to the table in place with {@code addFiles()} and scanned with Floe's
 * vectorized reader) and written (rows appended with Floe's writer, then the one data file moved
 * out), with no Hadoop and no Parquet code of this module's own. Closing deletes the folder, which
 * never holds the user's files. Not thread-safe.
 */
final class Scratch implements AutoCloseable {
  private final Path folder;
  private final Floe floe;
  final FloeTable table;

  Scratch(Schema schema, long targetFileBytes) {
    try {
      this.folder = Files.createTempDirectory("floe-files-");
    } catch (IOException e) {
      throw FileErrors.io("create", Path.of(System.getProperty("java.io.tmpdir")), e);
    }
    Floe opened = null;
    try {
      opened = Floe.local(folder);
      opened.createNamespace("scratch");
      this.table =
          opened
              .createTable("scratch.files")
              .schema(schema)
              .property("write.target-file-size-bytes", Long.toString(targetFileBytes))
              .create();
      this.floe = opened;
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      delete(folder);
      throw e;
    }
  }

  /** The data files under the table's location (Parquet files Floe wrote). */
  java.util.List<Path> dataFiles() {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw FileErrors.io("list", folder, e);
    }
  }

  @Override
  public void close() {
    try {
      floe.close();
    } finally {
      delete(folder);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the OS cleans up what is left
    }
  }
}
