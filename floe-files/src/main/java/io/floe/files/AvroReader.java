package io.floe.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Avro object container files, read with Avro's generic reader (logical types converted to Java
 * time, decimal and UUID values) and mapped to columns by field name. The record number stands for
 * the line.
 */
final class AvroReader implements RecordReader {
  private final CountingStream counting;
  private final DataFileStream<GenericRecord> stream;
  private final List<Types.NestedField> columns;
  private GenericRecord record;
  private long line;

  AvroReader(Path path, Schema schema) throws IOException {
    this.columns = schema.columns();
    this.counting = new CountingStream(Files.newInputStream(path));
    this.stream =
        new DataFileStream<>(
            new BufferedInputStream(counting, 1 << 16),
            new GenericDatumReader<>(null, null, genericData()));
    for (org.apache.avro.Schema.Field field : stream.getSchema().getFields()) {
      if (schema.findField(field.name()) == null) {
        stream.close();
        throw new BadValue(
            "the file has field '" + field.name() + "', which the table does not have",
            field.name(),
            null);
      }
    }
  }

  static GenericData genericData() {
    GenericData data = new GenericData();
    data.addLogicalTypeConversion(new Conversions.DecimalConversion());
    data.addLogicalTypeConversion(new Conversions.UUIDConversion());
    data.addLogicalTypeConversion(new TimeConversions.DateConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    return data;
  }

  /** The Avro schema of the file's records. */
  org.apache.avro.Schema fileSchema() {
    return stream.getSchema();
  }

  @Override
  public boolean next(Object[] row) throws IOException {
    if (!stream.hasNext()) {
      return false;
    }
    record = stream.next(record);
    line++;
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField field = columns.get(i);
      Object value = record.hasField(field.name()) ? record.get(field.name()) : null;
      try {
        row[i] = Values.fromObject(field.type(), value);
      } catch (BadValue e) {
        throw e.in(field.name());
      }
      if (row[i] == null && field.isRequired()) {
        throw new BadValue("null where the column is required", field.name(), null);
      }
    }
    return true;
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String raw() {
    return record == null ? "" : record.toString();
  }

  @Override
  public long bytesRead() {
    return counting.count;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
