package io.floe.parquet;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.TableCreator;
import io.floe.parquet.internal.ArrowValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/** Iceberg tables in memory, written with Iceberg's own writers, and canonical row forms. */
final class TestTables {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A struct of an int, a fixed(2) and a uuid, for the nested columns of every-type tables. */
  static final Types.StructType POINT =
      Types.StructType.of(
          Types.NestedField.optional(200, "x", Types.IntegerType.get()),
          Types.NestedField.optional(201, "fx", Types.FixedType.ofLength(2)),
          Types.NestedField.optional(202, "u", Types.UUIDType.get()));

  /** Creates a format-v2 table of a required long {@code id} and one more column. */
  static FloeTable idAndColumn(Floe floe, String name, String column, Type type) {
    return floe.createTable(name)
        .formatVersion(2)
        .column("id", Types.LongType.get())
        .required()
        .column(column, type)
        .create();
  }

  /**
   * Adds the every-type table's columns: a required long {@code id}, one column of each primitive
   * type but the nanosecond timestamps, a {@link #POINT} {@code st} and a list of them {@code ls}.
   */
  static TableCreator everyTypeColumns(TableCreator creator) {
    return creator
        .column("id", Types.LongType.get())
        .required()
        .column("bo", Types.BooleanType.get())
        .column("i", Types.IntegerType.get())
        .column("fl", Types.FloatType.get())
        .column("db", Types.DoubleType.get())
        .column("dec", Types.DecimalType.of(9, 2))
        .column("d", Types.DateType.get())
        .column("t", Types.TimeType.get())
        .column("ts", Types.TimestampType.withoutZone())
        .column("tstz", Types.TimestampType.withZone())
        .column("str", Types.StringType.get())
        .column("u", Types.UUIDType.get())
        .column("fx", Types.FixedType.ofLength(2))
        .column("bin", Types.BinaryType.get())
        .column("st", POINT)
        .column("ls", Types.ListType.ofOptional(210, POINT));
  }

  private TestTables() {}

  static Table create(
      Schema schema, PartitionSpec spec, int formatVersion, Map<String, String> props) {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("mem" + COUNTER.incrementAndGet(), Map.of());
    catalog.createNamespace(Namespace.of("db"));
    java.util.Map<String, String> all = new java.util.HashMap<>(props);
    all.put("format-version", Integer.toString(formatVersion));
    return catalog.createTable(
        TableIdentifier.of("db", "t" + COUNTER.incrementAndGet()), schema, spec, all);
  }

  static EncryptedOutputFile newFile(Table table, String suffix) {
    String path = table.location() + "/data/" + UUID.randomUUID() + suffix;
    return EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path));
  }

  static GenericFileWriterFactory.Builder factory(Table table, Map<String, String> props) {
    return new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(FileFormat.PARQUET)
        .deleteFileFormat(FileFormat.PARQUET)
        .dataSchema(table.schema())
        .writerProperties(props);
  }

  static DataFile write(Table table, List<Record> rows, Map<String, String> props) {
    return write(table, rows, props, null);
  }

  static DataFile write(
      Table table, List<Record> rows, Map<String, String> props, StructLike partition) {
    DataWriter<Record> writer =
        factory(table, props)
            .build()
            .newDataWriter(newFile(table, ".parquet"), table.spec(), partition);
    try (DataWriter<Record> w = writer) {
      for (Record r : rows) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  static DeleteFile positionDeletes(Table table, DataFile file, List<Long> positions) {
    PositionDeleteWriter<Record> writer =
        factory(table, Map.of())
            .build()
            .newPositionDeleteWriter(newFile(table, "-pos.parquet"), table.spec(), null);
    try (PositionDeleteWriter<Record> w = writer) {
      List<Long> sorted = new ArrayList<>(positions);
      Collections.sort(sorted);
      for (long pos : sorted) {
        PositionDelete<Record> d = PositionDelete.create();
        w.write(d.set(file.location(), pos));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  static DeleteFile equalityDeletes(Table table, Schema deleteSchema, List<Record> keys) {
    int[] ids = deleteSchema.columns().stream().mapToInt(Types.NestedField::fieldId).toArray();
    return equalityDeletes(table, ids, deleteSchema, keys);
  }

  /**
   * Equality deletes on some columns, written with more columns (as CDC writers do: whole rows).
   */
  static DeleteFile equalityDeletes(
      Table table, int[] equalityIds, Schema rowSchema, List<Record> rows) {
    EqualityDeleteWriter<Record> writer =
        factory(table, Map.of())
            .equalityFieldIds(equalityIds)
            .equalityDeleteRowSchema(rowSchema)
            .build()
            .newEqualityDeleteWriter(newFile(table, "-eq.parquet"), table.spec(), null);
    try (EqualityDeleteWriter<Record> w = writer) {
      for (Record r : rows) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  static DeleteFile deletionVector(Table table, DataFile file, List<Long> positions) {
    org.apache.iceberg.io.OutputFileFactory files =
        org.apache.iceberg.io.OutputFileFactory.builderFor(table, 1, COUNTER.incrementAndGet())
            .format(FileFormat.PUFFIN)
            .build();
    org.apache.iceberg.deletes.BaseDVFileWriter writer =
        new org.apache.iceberg.deletes.BaseDVFileWriter(files, path -> null);
    try (org.apache.iceberg.deletes.BaseDVFileWriter w = writer) {
      for (long pos : positions) {
        w.delete(file.location(), pos, table.spec(), null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().deleteFiles().get(0);
  }

  /**
   * Rows read by Iceberg's generic reader (deletes applied), filtered in memory with Floe's filter
   * semantics ({@link io.floe.impl.read.RowFilter}: three-valued logic, IEEE NaN), canonical and
   * sorted.
   */
  static List<String> generic(Table table, Expression filter, List<String> select) {
    Schema schema = scan(table, filter, select).schema();
    IcebergGenerics.ScanBuilder builder = IcebergGenerics.read(table);
    if (select != null) {
      // the selected columns and the filter's
      List<String> names = new ArrayList<>(select);
      if (filter != null) {
        for (int id :
            org.apache.iceberg.expressions.Binder.boundReferences(
                table.schema().asStruct(),
                List.of(
                    io.floe.impl.read.Filters.normalize(filter, table.schema().asStruct(), true)),
                true)) {
          names.add(table.schema().findColumnName(id));
        }
      }
      builder = builder.select(names);
    }
    // normalized against the table (as Floe's planner does): a predicate Iceberg decides by the
    // schema alone (notNull of a required column) becomes a constant and reads no column
    return filtered(
        builder,
        filter == null
            ? null
            : io.floe.impl.read.Filters.normalize(filter, table.schema().asStruct(), true),
        schema);
  }

  /**
   * Rows read by Iceberg's generic reader with a projection (metadata columns too), filtered as
   * {@link #generic}.
   */
  static List<String> genericProjected(Table table, Expression filter, Schema projection) {
    return filtered(IcebergGenerics.read(table).project(projection), filter, projection);
  }

  private static List<String> filtered(
      IcebergGenerics.ScanBuilder builder, Expression filter, Schema projection) {
    List<String> rows = new ArrayList<>();
    io.floe.impl.read.RowFilter rowFilter =
        filter == null ? null : io.floe.impl.read.RowFilter.of(projection.asStruct(), filter, true);
    org.apache.iceberg.data.InternalRecordWrapper wrapper =
        new org.apache.iceberg.data.InternalRecordWrapper(projection.asStruct());
    try (CloseableIterable<Record> records = builder.build()) {
      for (Record r : records) {
        if (rowFilter == null || rowFilter.test(wrapper.wrap(r))) {
          rows.add(canonRow(projection.asStruct(), r, true));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(rows);
    return rows;
  }

  /** Rows read by Floe's Arrow scan, canonical and sorted. */
  static List<String> arrow(ArrowScan scan, Schema schema, BufferAllocator allocator) {
    List<String> rows = new ArrayList<>();
    try (ArrowBatches batches = scan.open(allocator)) {
      while (batches.hasNext()) {
        rows.addAll(canonBatch(batches.next(), schema));
      }
    }
    Collections.sort(rows);
    return rows;
  }

  static List<String> canonBatch(VectorSchemaRoot batch, Schema schema) {
    List<String> rows = new ArrayList<>();
    List<FieldVector> vectors = batch.getFieldVectors();
    ArrowValues.RootRow row = new ArrowValues.RootRow(vectors, schema.asStruct());
    for (int i = 0; i < batch.getRowCount(); i++) {
      rows.add(canonRow(schema.asStruct(), row.at(i), false));
    }
    return rows;
  }

  static String canonRow(Types.StructType struct, StructLike row, boolean generic) {
    StringBuilder b = new StringBuilder("{");
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(fields.get(i).name())
          .append('=')
          .append(canon(fields.get(i).type(), row.get(i, Object.class), generic));
    }
    return b.append('}').toString();
  }

  static String canon(Type type, Object v, boolean generic) {
    if (v == null) {
      return "null";
    }
    switch (type.typeId()) {
      case DATE:
        return v instanceof LocalDate ? Long.toString(((LocalDate) v).toEpochDay()) : v.toString();
      case TIME:
        return v instanceof LocalTime
            ? Long.toString(DateTimeUtil.microsFromTime((LocalTime) v))
            : v.toString();
      case TIMESTAMP:
        if (v instanceof LocalDateTime) {
          return Long.toString(DateTimeUtil.microsFromTimestamp((LocalDateTime) v));
        }
        if (v instanceof OffsetDateTime) {
          return Long.toString(DateTimeUtil.microsFromTimestamptz((OffsetDateTime) v));
        }
        return v.toString();
      case TIMESTAMP_NANO:
        if (v instanceof LocalDateTime) {
          return Long.toString(DateTimeUtil.nanosFromTimestamp((LocalDateTime) v));
        }
        if (v instanceof OffsetDateTime) {
          return Long.toString(DateTimeUtil.nanosFromTimestamptz((OffsetDateTime) v));
        }
        return v.toString();
      case FIXED:
      case BINARY:
        {
          byte[] bytes;
          if (v instanceof byte[]) {
            bytes = (byte[]) v;
          } else {
            ByteBuffer buf = ((ByteBuffer) v).duplicate();
            bytes = new byte[buf.remaining()];
            buf.get(bytes);
          }
          return "0x" + HexFormat.of().formatHex(bytes);
        }
      case DECIMAL:
        return ((BigDecimal) v).toString();
      case UUID:
        return v.toString();
      case STRUCT:
        return canonRow(type.asStructType(), (StructLike) v, generic);
      case LIST:
        {
          List<String> items = new ArrayList<>();
          for (Object item : (List<?>) v) {
            items.add(canon(type.asListType().elementType(), item, generic));
          }
          return items.toString();
        }
      case MAP:
        {
          List<String> items = new ArrayList<>();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            items.add(
                canon(type.asMapType().keyType(), e.getKey(), generic)
                    + "->"
                    + canon(type.asMapType().valueType(), e.getValue(), generic));
          }
          Collections.sort(items);
          return items.toString();
        }
      default:
        return v.toString();
    }
  }

  static TableScan scan(Table table, Expression filter, List<String> select) {
    TableScan scan = table.newScan();
    if (filter != null) {
      scan = scan.filter(filter);
    }
    if (select != null) {
      scan = scan.select(select);
    }
    return scan;
  }
}
