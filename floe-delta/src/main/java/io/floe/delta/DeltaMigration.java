package io.floe.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.deletionvectors.DeletionVectorUtils;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.StructField;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.floe.AlreadyExistsException;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.NotFoundException;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Migrates a Delta Lake table into a new Iceberg table of a {@link Floe} catalog without copying
 * its data files: the Iceberg table's single snapshot references the Parquet files of a Delta
 * version in place, and Delta deletion vectors become Iceberg position deletes (format 2, one small
 * Parquet delete file per partition) or Iceberg deletion vectors (format 3, one Puffin file).
 *
 * <p>The Delta log is read with Delta Kernel. The schema keeps Delta's column names, types and
 * nullability; Delta's partition columns become identity partitions; column statistics come from
 * the Parquet footers. Readers find the columns of Delta's files (which carry no Iceberg field ids,
 * or Delta's column-mapping ids) through the name mapping stored in {@code
 * schema.name-mapping.default}. The new table sets {@code gc.enabled=false}, because the data files
 * still belong to the Delta table: Iceberg's snapshot expiry and orphan-file removal must never
 * delete them, and a Delta {@code VACUUM} must not remove files the Iceberg table still needs.
 *
 * <p>A pending operation: configure, then {@link #apply()} to preview (reads the Delta log, the
 * Parquet footers and the deletion vectors, writes nothing) or {@link #commit()} to create the
 * table. Single use: a second {@code commit()} throws {@link IllegalStateException}. Not
 * thread-safe; use one instance from one thread.
 *
 * <pre>{@code
 * try (Floe floe = Floe.local(Path.of("warehouse"))) {
 *   DeltaMigration.Result result = DeltaMigration.of(floe, "/data/delta/events", "analytics.events")
 *       .formatVersion(3)
 *       .commit();
 *   System.out.println(result.dataFiles() + " files, " + result.rows() + " rows");
 * }
 * }</pre>
 */
public final class DeltaMigration {
  /** Snapshot summary and table property keys recording where the data came from. */
  public static final String DELTA_LOCATION = "delta.location";

  /** Snapshot summary and table property key holding the migrated Delta version. */
  public static final String DELTA_VERSION = "delta.version";

  private static final DateTimeFormatter DELTA_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private final Floe floe;
  private final String location;
  private final String tableName;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private long version = -1;
  private int formatVersion = 2;
  private boolean committed;

  private DeltaMigration(Floe floe, String location, String tableName) {
    this.floe = floe;
    this.location = location;
    this.tableName = tableName;
  }

  /**
   * Starts a migration of the Delta table at {@code deltaLocation} into a new table {@code
   * tableName} of {@code floe}'s catalog.
   *
   * @param floe the Floe whose catalog receives the table
   * @param deltaLocation the Delta table's root folder (a path or URI Hadoop can open)
   * @param tableName the new Iceberg table's full name, such as {@code "db.events"}
   * @return the pending migration
   */
  public static DeltaMigration of(Floe floe, String deltaLocation, String tableName) {
    Objects.requireNonNull(floe, "floe");
    Objects.requireNonNull(deltaLocation, "deltaLocation");
    Objects.requireNonNull(tableName, "tableName");
    return new DeltaMigration(floe, deltaLocation, tableName);
  }

  /**
   * Migrates this Delta version instead of the latest one.
   *
   * @param deltaVersion a version in the Delta log, 0 or more
   * @return this migration
   * @throws IllegalArgumentException when the version is negative
   */
  public DeltaMigration version(long deltaVersion) {
    if (deltaVersion < 0) {
      throw new IllegalArgumentException("Delta versions start at 0: " + deltaVersion);
    }
    this.version = deltaVersion;
    return this;
  }

  /**
   * The Iceberg format version of the new table: 2 (the default, read by every Iceberg engine;
   * deletion vectors become Parquet position delete files) or 3 (deletion vectors become Iceberg
   * deletion vectors in Puffin files).
   *
   * @param version 2 or 3
   * @return this migration
   * @throws IllegalArgumentException for other versions
   */
  public DeltaMigration formatVersion(int version) {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("Format version must be 2 or 3: " + version);
    }
    this.formatVersion = version;
    return this;
  }

  /**
   * Sets a property of the new Iceberg table.
   *
   * @param key the property name
   * @param value the property value
   * @return this migration
   */
  public DeltaMigration property(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    properties.put(key, value);
    return this;
  }

  /**
   * Plans the migration without writing anything: reads the Delta log, every data file's Parquet
   * footer and every deletion vector.
   *
   * @return what {@link #commit()} would create, with no snapshot id
   * @throws NotFoundException when there is no Delta table (or version) at the location
   * @throws io.floe.UnsupportedFeatureException when the Delta table uses a feature Iceberg cannot
   *     represent
   * @throws FloeIOException when a Delta file cannot be read
   */
  public Result apply() {
    try (Plan plan = plan()) {
      return plan.result(-1, 0);
    }
  }

  /**
   * Creates the Iceberg table, referencing the Delta data files in place, in one atomic commit.
   *
   * @return what was created
   * @throws AlreadyExistsException when the Iceberg table exists (nothing is changed)
   * @throws NotFoundException when there is no Delta table (or version) at the location
   * @throws io.floe.UnsupportedFeatureException when the Delta table uses a feature Iceberg cannot
   *     represent
   * @throws CommitStateUnknownException when the catalog did not say whether the table was created
   *     (the delete files written are kept)
   * @throws IllegalStateException when called a second time
   */
  public Result commit() {
    if (committed) {
      throw DeltaErrors.alreadyCommitted(location, tableName);
    }
    committed = true;
    Catalog catalog = Internals.catalog(floe);
    TableIdentifier id = TableIdentifier.parse(tableName);
    if (catalog.tableExists(id)) {
      throw DeltaErrors.tableExists(location, tableName, null);
    }
    try (Plan plan = plan()) {
      if (catalog instanceof SupportsNamespaces namespaces
          && !id.namespace().isEmpty()
          && !namespaces.namespaceExists(id.namespace())) {
        try {
          namespaces.createNamespace(id.namespace());
        } catch (org.apache.iceberg.exceptions.AlreadyExistsException ignored) {
          // created concurrently
        }
      }
      Map<String, String> props = new HashMap<>(properties);
      props.put(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion));
      props.put(
          TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(plan.converted.mapping()));
      props.put(TableProperties.GC_ENABLED, "false");
      props.put(DELTA_LOCATION, plan.root);
      props.put(DELTA_VERSION, Long.toString(plan.snapshot.getVersion()));
      Transaction txn;
      try {
        txn =
            catalog
                .buildTable(id, plan.converted.schema())
                .withPartitionSpec(plan.spec)
                .withProperties(props)
                .createTransaction();
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
        throw DeltaErrors.tableExists(location, tableName, e);
      }
      org.apache.iceberg.Table table = txn.table();
      boolean registered = false;
      if (plan.columnMapped) {
        // Creating a table gives the schema fresh ids, but Delta's files carry Delta's column ids:
        // register metadata that keeps them, then add the files in a second commit.
        table = register(catalog, id, table, plan, props);
        registered = true;
      }
      plan.bind(table);
      if (!registered) {
        // creation gave the schema fresh ids: map them to Delta's column names
        txn.updateProperties()
            .set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(plan.mapping))
            .commit();
      }
      List<DataFile> dataFiles = plan.dataFiles(table);
      List<DeleteFile> deleteFiles = List.of();
      try {
        deleteFiles = plan.writeDeletes(table);
        RowDelta delta =
            (registered ? table.newRowDelta() : txn.newRowDelta())
                .set(DELTA_LOCATION, plan.root)
                .set(DELTA_VERSION, Long.toString(plan.snapshot.getVersion()));
        dataFiles.forEach(delta::addRows);
        deleteFiles.forEach(delta::addDeletes);
        delta.commit();
        if (!registered) {
          txn.commitTransaction();
        }
      } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
        throw DeltaErrors.creationUnconfirmed(location, tableName, e);
      } catch (RuntimeException e) {
        deleteQuietly(table.io(), deleteFiles);
        if (registered) {
          catalog.dropTable(id, false); // only our metadata; the Delta files are not touched
        }
        if (e instanceof org.apache.iceberg.exceptions.AlreadyExistsException) {
          throw DeltaErrors.createdConcurrently(location, tableName, e);
        }
        throw e;
      }
      long deleteBytes = deleteFiles.stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
      org.apache.iceberg.Table created = catalog.loadTable(id);
      return plan.result(created.currentSnapshot().snapshotId(), deleteBytes);
    }
  }

  private org.apache.iceberg.Table register(
      Catalog catalog,
      TableIdentifier id,
      org.apache.iceberg.Table uncommitted,
      Plan plan,
      Map<String, String> props) {
    Map<String, String> tableProps = new HashMap<>(props);
    tableProps.remove(TableProperties.FORMAT_VERSION);
    org.apache.iceberg.TableMetadata metadata =
        org.apache.iceberg.TableMetadata.buildFromEmpty(formatVersion)
            .setLocation(uncommitted.location())
            .setCurrentSchema(plan.converted.schema(), plan.converted.schema().highestFieldId())
            .setDefaultPartitionSpec(plan.spec)
            .setDefaultSortOrder(org.apache.iceberg.SortOrder.unsorted())
            .setProperties(tableProps)
            .build();
    String file =
        uncommitted.location()
            + "/metadata/00000-"
            + java.util.UUID.randomUUID()
            + ".metadata.json";
    org.apache.iceberg.TableMetadataParser.write(metadata, uncommitted.io().newOutputFile(file));
    try {
      return catalog.registerTable(id, file);
    } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
      throw DeltaErrors.createdConcurrently(location, tableName, e);
    }
  }

  private static void deleteQuietly(FileIO io, List<DeleteFile> files) {
    for (DeleteFile file : files) {
      try {
        io.deleteFile(file.location());
      } catch (RuntimeException ignored) {
        // best effort: the commit failed, the file is an orphan either way
      }
    }
  }

  private Plan plan() {
    Engine engine = DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
    Snapshot snapshot;
    try {
      Table delta = Table.forPath(engine, location);
      snapshot =
          version >= 0
              ? delta.getSnapshotAsOfVersion(engine, version)
              : delta.getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      throw DeltaErrors.noDeltaTable(location, e);
    } catch (io.delta.kernel.exceptions.KernelException e) {
      throw DeltaErrors.unreadableSnapshot(location, version, e);
    } catch (UncheckedIOException e) {
      throw DeltaErrors.unreadableLog(location, e);
    }
    return new Plan(engine, snapshot);
  }

  /** The Delta snapshot read and the Iceberg files planned from it. */
  private final class Plan implements AutoCloseable {
    private final Engine engine;
    private final Snapshot snapshot;
    private final String root;
    private final boolean columnMapped;
    private final DeltaSchemas.Converted converted;
    private PartitionSpec spec;
    private org.apache.iceberg.Schema schema;
    private org.apache.iceberg.mapping.NameMapping mapping;
    private final Map<String, String> physicalPartitionNames = new HashMap<>();
    private final List<AddFile> files = new ArrayList<>();
    private long dataBytes;
    private long deletedRows;
    private int deletionVectors;
    private long rows = -1;

    Plan(Engine engine, Snapshot snapshot) {
      this.engine = engine;
      this.snapshot = snapshot;
      this.root = snapshot.getPath();
      Map<String, String> config = snapshot.getMetadata().getConfiguration();
      this.columnMapped =
          ColumnMapping.isColumnMappingModeEnabled(ColumnMapping.getColumnMappingMode(config));
      this.converted = DeltaSchemas.convert(location, snapshot.getSchema(), columnMapped);
      PartitionSpec.Builder builder = PartitionSpec.builderFor(converted.schema());
      for (String column : snapshot.getPartitionColumnNames()) {
        StructField field = findField(column);
        builder.identity(field.getName());
        physicalPartitionNames.put(
            field.getName(), columnMapped ? ColumnMapping.getPhysicalName(field) : field.getName());
      }
      this.spec = builder.build();
      this.schema = converted.schema();
      this.mapping = converted.mapping();
      readFiles();
    }

    /** Uses the ids of the table as created (a created table's schema gets fresh ids). */
    void bind(org.apache.iceberg.Table table) {
      this.schema = table.schema();
      this.spec = table.spec();
      this.mapping =
          columnMapped
              ? converted.mapping()
              : org.apache.iceberg.mapping.MappingUtil.create(schema);
    }

    private StructField findField(String column) {
      for (StructField field : snapshot.getSchema().fields()) {
        if (field.getName().equalsIgnoreCase(column)) {
          return field;
        }
      }
      throw DeltaErrors.partitionColumnMissing(location, column, snapshot.getSchema());
    }

    private void readFiles() {
      try (CloseableIterator<FilteredColumnarBatch> batches =
          snapshot.getScanBuilder().build().getScanFiles(engine)) {
        while (batches.hasNext()) {
          try (CloseableIterator<Row> scanFiles = batches.next().getRows()) {
            while (scanFiles.hasNext()) {
              Row scanFile = scanFiles.next();
              FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
              Map<String, String> partition = InternalScanFileUtils.getPartitionValues(scanFile);
              DeletionVectorDescriptor dv =
                  InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
              long[] deleted = new long[0];
              if (dv != null) {
                deleted = DeletionVectorUtils.loadNewDvAndBitmap(engine, root, dv)._2.toArray();
                Arrays.sort(deleted);
                deletionVectors++;
                deletedRows += deleted.length;
              }
              files.add(new AddFile(status.getPath(), status.getSize(), partition, deleted));
              dataBytes += status.getSize();
            }
          }
        }
      } catch (IOException e) {
        throw DeltaErrors.unlistableFiles(location, e);
      } catch (UncheckedIOException e) {
        throw DeltaErrors.unreadableTable(location, e);
      }
    }

    private PartitionData partition(AddFile file) {
      PartitionData data = new PartitionData(spec.partitionType());
      List<PartitionField> fields = spec.fields();
      for (int i = 0; i < fields.size(); i++) {
        String name = schema.findColumnName(fields.get(i).sourceId());
        String raw = file.partition.get(physicalPartitionNames.get(name));
        if (raw == null) {
          raw = file.partition.get(name);
        }
        data.set(
            i, partitionValue(schema.findType(fields.get(i).sourceId()), raw, name, file.path));
      }
      return data;
    }

    private Object partitionValue(Type type, String raw, String column, String file) {
      if (raw == null || (raw.isEmpty() && type.typeId() != Type.TypeID.STRING)) {
        return null;
      }
      try {
        switch (type.typeId()) {
          case BOOLEAN:
            return Boolean.parseBoolean(raw);
          case INTEGER:
            return Integer.parseInt(raw);
          case LONG:
            return Long.parseLong(raw);
          case FLOAT:
            return Float.parseFloat(raw);
          case DOUBLE:
            return Double.parseDouble(raw);
          case DECIMAL:
            return new BigDecimal(raw);
          case STRING:
            return raw;
          case BINARY:
            return ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
          case DATE:
            return (int) LocalDate.parse(raw).toEpochDay();
          case TIMESTAMP:
            if (raw.contains("T")) {
              return DateTimeUtil.microsFromTimestamptz(java.time.OffsetDateTime.parse(raw));
            }
            // Delta writes timestamp partition values as "yyyy-MM-dd HH:mm:ss[.ffffff]" in UTC
            return DateTimeUtil.microsFromTimestamp(
                LocalDateTime.parse(raw, DELTA_TIMESTAMP)
                    .atOffset(ZoneOffset.UTC)
                    .toLocalDateTime());
          default:
            throw new IllegalArgumentException("unsupported partition type " + type);
        }
      } catch (RuntimeException e) {
        throw DeltaErrors.badPartitionValue(raw, column, type, file, e);
      }
    }

    List<DataFile> dataFiles(org.apache.iceberg.Table table) {
      MetricsConfig metricsConfig = MetricsConfig.forTable(table);
      List<DataFile> out = new ArrayList<>(files.size());
      long total = 0;
      for (AddFile file : files) {
        Metrics metrics;
        try {
          metrics =
              ParquetUtil.fileMetrics(
                  table.io().newInputFile(file.path, file.size), metricsConfig, mapping);
        } catch (RuntimeException e) {
          throw DeltaErrors.unreadableFooter(file.path, e);
        }
        total += metrics.recordCount();
        out.add(
            DataFiles.builder(spec)
                .withPath(file.path)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.size)
                .withMetrics(metrics)
                .withPartition(spec.isPartitioned() ? partition(file) : null)
                .build());
      }
      rows = total - deletedRows;
      return out;
    }

    List<DeleteFile> writeDeletes(org.apache.iceberg.Table table) {
      if (deletionVectors == 0) {
        return List.of();
      }
      try {
        return formatVersion >= 3 ? writeDeletionVectors(table) : writePositionDeletes(table);
      } catch (IOException e) {
        throw DeltaErrors.deletesNotWritten(location, tableName, table.location(), e);
      }
    }

    private List<DeleteFile> writeDeletionVectors(org.apache.iceberg.Table table)
        throws IOException {
      OutputFileFactory factory =
          OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PUFFIN).build();
      BaseDVFileWriter writer = new BaseDVFileWriter(factory, path -> null);
      try (writer) {
        for (AddFile file : files) {
          PartitionData partition = spec.isPartitioned() ? partition(file) : null;
          for (long pos : file.deleted) {
            writer.delete(file.path, pos, spec, partition);
          }
        }
      }
      return writer.result().deleteFiles();
    }

    private List<DeleteFile> writePositionDeletes(org.apache.iceberg.Table table)
        throws IOException {
      OutputFileFactory factory =
          OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
      GenericFileWriterFactory writers =
          new GenericFileWriterFactory.Builder(table).deleteFileFormat(FileFormat.PARQUET).build();
      // one delete file per partition, rows sorted by file path then position, as the spec asks
      Map<PartitionData, List<AddFile>> byPartition = new LinkedHashMap<>();
      for (AddFile file : files) {
        if (file.deleted.length > 0) {
          byPartition
              .computeIfAbsent(
                  spec.isPartitioned() ? partition(file) : null, k -> new ArrayList<>())
              .add(file);
        }
      }
      List<DeleteFile> out = new ArrayList<>();
      for (Map.Entry<PartitionData, List<AddFile>> entry : byPartition.entrySet()) {
        List<AddFile> group = entry.getValue();
        group.sort((a, b) -> a.path.compareTo(b.path));
        EncryptedOutputFile output = factory.newOutputFile(spec, entry.getKey());
        PositionDeleteWriter<Record> writer =
            writers.newPositionDeleteWriter(output, spec, entry.getKey());
        PositionDelete<Record> delete = PositionDelete.create();
        try (writer) {
          for (AddFile file : group) {
            for (long pos : file.deleted) {
              writer.write(delete.set(file.path, pos));
            }
          }
        }
        out.add(writer.toDeleteFile());
      }
      return out;
    }

    Result result(long snapshotId, long deleteBytes) {
      return new Result(
          tableName,
          root,
          snapshot.getVersion(),
          schema,
          spec,
          files.size(),
          dataBytes,
          rows,
          deletionVectors,
          deletedRows,
          deleteBytes,
          snapshotId);
    }

    @Override
    public void close() {
      // Kernel's default engine holds no open resources between calls
    }
  }

  /**
   * One Delta add action: a data file, its partition values and the rows its deletion vector
   * removes.
   */
  private record AddFile(String path, long size, Map<String, String> partition, long[] deleted) {}

  /**
   * What a migration created (or, from {@link #apply()}, would create). Immutable and thread-safe.
   *
   * <pre>{@code
   * DeltaMigration.Result preview = DeltaMigration.of(floe, "/data/delta/events", "db.events").apply();
   * System.out.println(preview.dataFiles() + " files would be referenced");
   * }</pre>
   */
  public static final class Result {
    private final String table;
    private final String deltaLocation;
    private final long deltaVersion;
    private final org.apache.iceberg.Schema schema;
    private final PartitionSpec spec;
    private final int dataFiles;
    private final long dataBytes;
    private final long rows;
    private final int deletionVectors;
    private final long deletedRows;
    private final long bytesWritten;
    private final long snapshotId;

    Result(
        String table,
        String deltaLocation,
        long deltaVersion,
        org.apache.iceberg.Schema schema,
        PartitionSpec spec,
        int dataFiles,
        long dataBytes,
        long rows,
        int deletionVectors,
        long deletedRows,
        long bytesWritten,
        long snapshotId) {
      this.table = table;
      this.deltaLocation = deltaLocation;
      this.deltaVersion = deltaVersion;
      this.schema = schema;
      this.spec = spec;
      this.dataFiles = dataFiles;
      this.dataBytes = dataBytes;
      this.rows = rows;
      this.deletionVectors = deletionVectors;
      this.deletedRows = deletedRows;
      this.bytesWritten = bytesWritten;
      this.snapshotId = snapshotId;
    }

    /**
     * The Iceberg table's full name.
     *
     * @return the table name
     */
    public String table() {
      return table;
    }

    /**
     * The Delta table's root, as Delta Kernel resolved it.
     *
     * @return the Delta location
     */
    public String deltaLocation() {
      return deltaLocation;
    }

    /**
     * The Delta version migrated.
     *
     * @return the version
     */
    public long deltaVersion() {
      return deltaVersion;
    }

    /**
     * The Iceberg schema.
     *
     * @return the schema
     */
    public org.apache.iceberg.Schema schema() {
      return schema;
    }

    /**
     * The Iceberg partition spec (identity partitions of Delta's partition columns).
     *
     * @return the spec
     */
    public PartitionSpec spec() {
      return spec;
    }

    /**
     * The number of Delta data files referenced in place.
     *
     * @return the data file count
     */
    public int dataFiles() {
      return dataFiles;
    }

    /**
     * The bytes of the data files referenced in place (not copied).
     *
     * @return the data bytes
     */
    public long dataBytes() {
      return dataBytes;
    }

    /**
     * The rows the table holds, deletion vectors applied.
     *
     * @return the row count, or -1 from {@link DeltaMigration#apply()} (footers are read at commit)
     */
    public long rows() {
      return rows;
    }

    /**
     * The number of Delta deletion vectors carried over.
     *
     * @return the deletion vector count
     */
    public int deletionVectors() {
      return deletionVectors;
    }

    /**
     * The rows the deletion vectors remove.
     *
     * @return the deleted row count
     */
    public long deletedRows() {
      return deletedRows;
    }

    /**
     * The bytes of the Iceberg delete files written (the only data written).
     *
     * @return bytes written, 0 for a preview
     */
    public long bytesWritten() {
      return bytesWritten;
    }

    /**
     * The snapshot that holds the migrated files.
     *
     * @return the snapshot id, or empty for a preview
     */
    public java.util.OptionalLong snapshotId() {
      return snapshotId < 0
          ? java.util.OptionalLong.empty()
          : java.util.OptionalLong.of(snapshotId);
    }

    @Override
    public String toString() {
      return "DeltaMigration.Result{"
          + deltaLocation
          + "@v"
          + deltaVersion
          + " -> "
          + table
          + ", "
          + dataFiles
          + " data files ("
          + dataBytes
          + " bytes, in place), "
          + deletionVectors
          + " deletion vectors ("
          + deletedRows
          + " rows), "
          + bytesWritten
          + " bytes written}";
    }
  }
}
