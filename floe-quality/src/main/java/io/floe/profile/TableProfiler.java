package io.floe.profile;

import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinCompressionCodec;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.puffin.StandardBlobTypes;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Profiles a table: {@link #fromMetadata()} reads only Iceberg's manifests (column metrics of the
 * live data files) and the distinct counts of the table's theta sketch statistics; {@link
 * #computeSketches(String...)} scans the columns as Arrow batches, builds one Apache DataSketches
 * theta sketch per column and stores them with the table as Iceberg table statistics: a Puffin file
 * next to the table's metadata with one {@code apache-datasketches-theta-v1} blob per column (its
 * {@code ndv} property the estimate), as Spark's {@code compute_table_stats} writes them. Values go
 * into a sketch in Iceberg's single-value binary form (the Puffin specification's rule), so
 * sketches from Floe, Spark and Trino of the same column can be merged. Immutable; thread-safe.
 *
 * <pre>{@code
 * TableProfile before = TableProfiler.of(table).fromMetadata();
 * TableProfile after = TableProfiler.of(table).computeSketches("id", "category");
 * long distinctIds = after.column("id").orElseThrow().distinctCount();
 * }</pre>
 */
public final class TableProfiler {
  /** The Puffin blob property holding the sketch's estimate, as Spark writes it. */
  public static final String NDV_PROPERTY = "ndv";

  private static final int BATCH_ROWS = 8192;

  private final FloeTable table;
  private final Long snapshotId;

  private TableProfiler(FloeTable table, Long snapshotId) {
    this.table = table;
    this.snapshotId = snapshotId;
  }

  /**
   * A profiler of a table at its current snapshot.
   *
   * @param table the table, from Floe's implementation
   * @return the profiler
   * @throws NullPointerException when table is null
   */
  public static TableProfiler of(FloeTable table) {
    return new TableProfiler(Objects.requireNonNull(table, "table"), null);
  }

  /**
   * This profiler at another snapshot.
   *
   * @param id the snapshot's id
   * @return a new profiler
   */
  public TableProfiler useSnapshot(long id) {
    return new TableProfiler(table, id);
  }

  private Table iceberg() {
    return Internals.icebergTable(table);
  }

  private Snapshot snapshot(Table t) {
    if (snapshotId == null) {
      return t.currentSnapshot();
    }
    Snapshot s = t.snapshot(snapshotId);
    if (s == null) {
      throw new io.floe.NotFoundException(
          "Table " + table.name() + " has no snapshot " + snapshotId,
          table.name(),
          null,
          null,
          null);
    }
    return s;
  }

  /**
   * Profiles the table from its metadata only: no data file is read.
   *
   * @return the profile
   * @throws io.floe.FloeException when the metadata cannot be read
   */
  public TableProfile fromMetadata() {
    return Errors.translate(table.name(), this::metadataProfile);
  }

  private TableProfile metadataProfile() {
    Table t = iceberg();
    t.refresh();
    Snapshot snapshot = snapshot(t);
    List<Types.NestedField> fields = t.schema().columns();
    if (snapshot == null) {
      List<ColumnProfile> empty = new ArrayList<>();
      for (Types.NestedField f : fields) {
        empty.add(
            new ColumnProfile(
                f.name(), f.fieldId(), f.type().toString(), 0, 0, -1, null, null, -1));
      }
      return new TableProfile(table.name(), -1, 0, 0, 0, empty);
    }
    org.apache.iceberg.Schema schema = t.schemas().getOrDefault(snapshot.schemaId(), t.schema());
    fields = schema.columns();
    int n = fields.size();
    long[] values = new long[n];
    long[] nulls = new long[n];
    long[] nans = new long[n];
    Object[] lower = new Object[n];
    Object[] upper = new Object[n];
    long rows = 0;
    long files = 0;
    Set<String> deletes = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks =
        t.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        files++;
        rows += file.recordCount();
        task.deletes().forEach(d -> deletes.add(d.location()));
        for (int i = 0; i < n; i++) {
          Types.NestedField f = fields.get(i);
          int id = f.fieldId();
          values[i] = add(values[i], file.valueCounts(), id);
          nulls[i] = add(nulls[i], file.nullValueCounts(), id);
          boolean floating =
              f.type().typeId() == Type.TypeID.FLOAT || f.type().typeId() == Type.TypeID.DOUBLE;
          nans[i] = floating ? add(nans[i], file.nanValueCounts(), id) : -1;
          if (f.type().isPrimitiveType()) {
            lower[i] = bound(lower[i], file, id, f.type(), true);
            upper[i] = bound(upper[i], file, id, f.type(), false);
          }
        }
      }
    } catch (IOException e) {
      throw Errors.tableIo("plan the files of", table.name(), e);
    }
    Map<Integer, Long> distinct = distinctCounts(t, snapshot.snapshotId());
    List<ColumnProfile> columns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Types.NestedField f = fields.get(i);
      columns.add(
          new ColumnProfile(
              f.name(),
              f.fieldId(),
              f.type().toString(),
              values[i],
              nulls[i],
              nans[i],
              text(f.type(), lower[i]),
              text(f.type(), upper[i]),
              distinct.getOrDefault(f.fieldId(), -1L)));
    }
    return new TableProfile(
        table.name(), snapshot.snapshotId(), rows, files, deletes.size(), columns);
  }

  /** Adds a file's count to a running sum; once a file lacks it, the sum stays unknown (-1). */
  private static long add(long sum, Map<Integer, Long> counts, int id) {
    if (sum < 0) {
      return sum;
    }
    Long count = counts == null ? null : counts.get(id);
    return count == null ? -1 : sum + count;
  }

  /** Marker: some file has no bound for the column, so the column's bound is unknown. */
  private static final Object UNKNOWN = new Object();

  private static Object bound(Object current, ContentFile<?> file, int id, Type type, boolean low) {
    if (current == UNKNOWN) {
      return current;
    }
    Map<Integer, ByteBuffer> bounds = low ? file.lowerBounds() : file.upperBounds();
    ByteBuffer buffer = bounds == null ? null : bounds.get(id);
    if (buffer == null) {
      // a file of only nulls has no bound and does not make the column's unknown
      Long values = file.valueCounts() == null ? null : file.valueCounts().get(id);
      Long nulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(id);
      return values != null && values.equals(nulls) ? current : UNKNOWN;
    }
    Object value = Conversions.fromByteBuffer(type, buffer);
    if (current == null) {
      return value;
    }
    Comparator<Object> order = Comparators.forType(type.asPrimitiveType());
    int c = order.compare(value, current);
    return (low ? c < 0 : c > 0) ? value : current;
  }

  /** A bound as text: dates and times in ISO form, binaries in hex. */
  static String text(Type type, Object value) {
    if (value == null || value == UNKNOWN) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return DateTimeUtil.dateFromDays((Integer) value).toString();
      case TIME:
        return DateTimeUtil.timeFromMicros((Long) value).toString();
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromMicros((Long) value).toString()
            : DateTimeUtil.timestampFromMicros((Long) value).toString();
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromNanos((Long) value).toString()
            : DateTimeUtil.timestampFromNanos((Long) value).toString();
      case BINARY:
      case FIXED:
        {
          ByteBuffer b = ((ByteBuffer) value).duplicate();
          StringBuilder hex = new StringBuilder();
          while (b.hasRemaining()) {
            hex.append(String.format("%02x", b.get()));
          }
          return hex.toString();
        }
      default:
        return value.toString();
    }
  }

  /** The ndv of each column's theta blob in the table's statistics file for a snapshot. */
  private static Map<Integer, Long> distinctCounts(Table t, long snapshotId) {
    Map<Integer, Long> out = new HashMap<>();
    for (StatisticsFile stats : t.statisticsFiles()) {
      if (stats.snapshotId() != snapshotId) {
        continue;
      }
      for (BlobMetadata blob : stats.blobMetadata()) {
        String ndv = blob.properties() == null ? null : blob.properties().get(NDV_PROPERTY);
        if (StandardBlobTypes.APACHE_DATASKETCHES_THETA_V1.equals(blob.type())
            && blob.fields().size() == 1
            && ndv != null) {
          out.put(blob.fields().get(0), Long.parseLong(ndv));
        }
      }
    }
    return out;
  }

  /**
   * Scans columns, builds a theta sketch of each and stores them as the table statistics of the
   * snapshot (replacing that snapshot's statistics file, as Spark's action does); then profiles the
   * table from its metadata, distinct counts included.
   *
   * @param columns top-level primitive columns to sketch; none means every such column
   * @return the profile
   * @throws ValidationException when a column is unknown or not of a primitive type
   * @throws io.floe.FloeException when the table cannot be read or the statistics not committed
   */
  public TableProfile computeSketches(String... columns) {
    Errors.run(table.name(), () -> sketch(List.of(columns)));
    return fromMetadata();
  }

  private void sketch(List<String> names) {
    Table t = iceberg();
    t.refresh();
    Snapshot snapshot = snapshot(t);
    if (snapshot == null) {
      return; // nothing to sketch: statistics belong to a snapshot
    }
    org.apache.iceberg.Schema schema = t.schemas().getOrDefault(snapshot.schemaId(), t.schema());
    List<Types.NestedField> fields = new ArrayList<>();
    if (names.isEmpty()) {
      for (Types.NestedField f : schema.columns()) {
        if (ThetaValues.supports(f.type())) {
          fields.add(f);
        }
      }
    } else {
      for (String name : names) {
        Types.NestedField f = schema.findField(name);
        if (f == null || !schema.columns().contains(f)) {
          throw new ValidationException(
              "Cannot sketch column " + name + " of " + table.name() + ": no such top-level column",
              table.name(),
              name,
              null);
        }
        if (!ThetaValues.supports(f.type())) {
          throw new ValidationException(
              "Cannot sketch column "
                  + name
                  + " of "
                  + table.name()
                  + ": type "
                  + f.type()
                  + " is not a primitive type",
              table.name(),
              name,
              null);
        }
        fields.add(f);
      }
    }
    if (fields.isEmpty()) {
      return;
    }
    UpdateSketch[] sketches = new UpdateSketch[fields.size()];
    ThetaValues[] feeders = new ThetaValues[fields.size()];
    for (int i = 0; i < sketches.length; i++) {
      sketches[i] = UpdateSketch.builder().build();
      feeders[i] = new ThetaValues(fields.get(i).type());
    }
    String[] select = fields.stream().map(Types.NestedField::name).toArray(String[]::new);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches =
            ArrowScan.of(table.newScan().select(select).asOfSnapshot(snapshot.snapshotId()))
                .batchSize(BATCH_ROWS)
                .open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        int rows = batch.getRowCount();
        for (int i = 0; i < sketches.length; i++) {
          FieldVector vector = batch.getVector(select[i]);
          feeders[i].update(sketches[i], vector, rows);
        }
      }
    }
    List<Blob> blobs = new ArrayList<>();
    for (int i = 0; i < sketches.length; i++) {
      CompactSketch compact = sketches[i].compact();
      blobs.add(
          new Blob(
              StandardBlobTypes.APACHE_DATASKETCHES_THETA_V1,
              List.of(fields.get(i).fieldId()),
              snapshot.snapshotId(),
              snapshot.sequenceNumber(),
              ByteBuffer.wrap(compact.toByteArray()),
              PuffinCompressionCodec.ZSTD,
              Map.of(NDV_PROPERTY, Long.toString(Math.round(compact.getEstimate())))));
    }
    String location =
        ((HasTableOperations) t)
            .operations()
            .metadataFileLocation(
                String.format("%d-%s.stats", snapshot.snapshotId(), UUID.randomUUID()));
    OutputFile out = t.io().newOutputFile(location);
    StatisticsFile stats;
    try (PuffinWriter writer = Puffin.write(out).createdBy("Floe").build()) {
      blobs.forEach(writer::add);
      writer.finish();
      stats =
          new GenericStatisticsFile(
              snapshot.snapshotId(),
              location,
              writer.fileSize(),
              writer.footerSize(),
              GenericBlobMetadata.from(writer.writtenBlobsMetadata()));
    } catch (IOException e) {
      throw new FloeIOException(
          "write statistics file",
          table.name(),
          location,
          "Failed to write the statistics file " + location + " of " + table.name() + ": " + e,
          e);
    }
    try {
      t.updateStatistics().setStatistics(stats).commit();
    } catch (RuntimeException e) {
      if (!(e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException)) {
        t.io().deleteFile(location); // never committed: the table does not reference it
      }
      throw e;
    }
  }
}
