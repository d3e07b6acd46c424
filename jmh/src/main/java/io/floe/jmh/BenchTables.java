package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;

/**
 * Writes the benchmark table into a temporary local warehouse: id long (unique, shuffled, even), ts
 * timestamptz, category string (20 values), value double, payload string (32 chars), zstd.
 */
final class BenchTables implements AutoCloseable {
  /** A category value that sorts between two common ones, so only dictionaries can prune it. */
  static final String RARE = "cat07x";

  final Path dir;
  final Floe floe;
  final Table table;
  final int rows;
  final long[] ids;

  private BenchTables(Path dir, Floe floe, Table table, int rows, long[] ids) {
    this.dir = dir;
    this.floe = floe;
    this.table = table;
    this.rows = rows;
    this.ids = ids;
  }

  /**
   * Creates and fills a table.
   *
   * @param rows total rows
   * @param files data files
   * @param rowGroups total row groups wanted (0 for Parquet's default size), approximate
   * @param bloom whether the id column gets Bloom filters ({@code TableCreator.bloomFilter("id")},
   *     sized by Floe's {@code DataWrites.dataProperties} from the rows expected per row group)
   * @param rareRows rows of the {@link #RARE} category, placed in two row groups
   */
  static BenchTables create(int rows, int files, int rowGroups, boolean bloom, int rareRows) {
    return create(rows, files, rowGroups, bloom, rareRows, Map.of());
  }

  /**
   * Creates and fills a table with extra table properties.
   *
   * @param rows total rows
   * @param files data files
   * @param rowGroups total row groups wanted (0 for Parquet's default size), approximate
   * @param bloom whether the id column gets Bloom filters
   * @param rareRows rows of the {@link #RARE} category, placed in two row groups
   * @param extra more table properties (page size...)
   */
  static BenchTables create(
      int rows, int files, int rowGroups, boolean bloom, int rareRows, Map<String, String> extra) {
    try {
      Path dir = Files.createTempDirectory("floe-jmh");
      Floe floe = Floe.local(dir.resolve("warehouse"));
      floe.createNamespace("bench");
      Map<String, String> props = new HashMap<>();
      props.put("write.parquet.compression-codec", "zstd");
      props.putAll(extra);
      if (rowGroups > 0) {
        // about 62 encoded bytes per row before compression
        long bytes = Math.max(4096, (long) rows / rowGroups * 62);
        props.put("write.parquet.row-group-size-bytes", Long.toString(bytes));
      }
      io.floe.TableCreator creator =
          floe.createTable("bench.events")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("value", Types.DoubleType.get())
              .column("payload", Types.StringType.get())
              .properties(props);
      if (bloom) {
        // as a user would: Floe sizes the filters from the rows expected per row group
        creator = creator.bloomFilter("id");
      }
      FloeTable created = creator.create();
      Table table = Internals.icebergTable(created);
      long[] ids = new long[rows];
      for (int i = 0; i < rows; i++) {
        ids[i] = 2L * i;
      }
      Random random = new Random(20261122);
      for (int i = rows - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        long t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
      }
      int perFile = rows / files;
      Map<String, String> writerProps = new HashMap<>(table.properties());
      writerProps.putAll(DataWrites.dataProperties(table, perFile));
      GenericFileWriterFactory factory =
          new GenericFileWriterFactory.Builder(table)
              .dataFileFormat(FileFormat.PARQUET)
              .dataSchema(table.schema())
              .writerProperties(writerProps)
              .build();
      String[] categories = new String[20];
      for (int c = 0; c < categories.length; c++) {
        categories[c] = String.format("cat%02d", c);
      }
      OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      char[] alphabet =
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
      char[] payload = new char[32];
      Record record = GenericRecord.create(table.schema());
      AppendFiles append = table.newAppend();
      int rareA = rows / 72 * 5;
      int rareB = rows / 72 * 40;
      for (int f = 0; f < files; f++) {
        int from = f * perFile;
        int to = f == files - 1 ? rows : from + perFile;
        String path = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
        DataWriter<Record> writer =
            factory.newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)),
                table.spec(),
                null);
        try (DataWriter<Record> w = writer) {
          for (int i = from; i < to; i++) {
            record.setField("id", ids[i]);
            record.setField("ts", base.plusSeconds(i).plusNanos(1000L * random.nextInt(1_000_000)));
            boolean rare =
                (i >= rareA && i < rareA + rareRows / 2)
                    || (i >= rareB && i < rareB + rareRows - rareRows / 2);
            record.setField(
                "category", rare ? RARE : categories[random.nextInt(categories.length)]);
            record.setField("value", random.nextDouble() * 1000);
            for (int k = 0; k < payload.length; k++) {
              payload[k] = alphabet[random.nextInt(alphabet.length)];
            }
            record.setField("payload", new String(payload));
            w.write(record);
          }
        }
        append.appendFile(writer.toDataFile());
      }
      append.commit();
      return new BenchTables(dir, floe, table, rows, ids);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Total row groups across the table's files (from the files' split offsets). */
  int rowGroups() {
    int n = 0;
    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        table.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask t : tasks) {
        List<Long> splits = t.file().splitOffsets();
        n += splits == null ? 1 : splits.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** The Bloom filter sizes on id in the table's files' row groups (distinct values, bytes). */
  java.util.SortedSet<Integer> bloomFilterBytes() {
    java.util.SortedSet<Integer> sizes = new java.util.TreeSet<>();
    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        table.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask t : tasks) {
        try (org.apache.parquet.hadoop.ParquetFileReader reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(Storage.localPath(t.file().location())))) {
          for (org.apache.parquet.hadoop.metadata.BlockMetaData block : reader.getRowGroups()) {
            sizes.add(block.getColumns().get(0).getBloomFilterLength());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      sizes.add(-1);
    }
    return sizes;
  }

  @Override
  public void close() throws IOException {
    floe.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
