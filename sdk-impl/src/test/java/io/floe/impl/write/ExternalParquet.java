package io.floe.impl.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.Parquet;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Parquet files written outside any table, as another engine would: without field ids (plain
 * parquet-mr) or with them (Iceberg's writer for some schema), copied to a location through a file
 * IO.
 */
final class ExternalParquet {
  private ExternalParquet() {}

  /**
   * Writes rows without field ids; values are given per column name, in the message type's order.
   */
  static void withoutIds(
      FileIO io,
      String location,
      String messageType,
      List<Map<String, Object>> rows,
      Path scratch) {
    MessageType type = MessageTypeParser.parseMessageType(messageType);
    Path local = scratch.resolve("w-" + System.nanoTime() + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(local)).withType(type).build()) {
      for (Map<String, Object> row : rows) {
        Group group = groups.newGroup();
        row.forEach(
            (column, value) -> {
              if (value instanceof Long v) {
                group.append(column, v);
              } else if (value instanceof Integer v) {
                group.append(column, v);
              } else if (value instanceof Double v) {
                group.append(column, v);
              } else if (value != null) {
                group.append(column, value.toString());
              }
            });
        writer.write(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    copy(local, io, location);
  }

  /** Writes rows with Iceberg's writer for a schema: the file carries that schema's field ids. */
  static void withIds(
      FileIO io, String location, Schema schema, List<Map<String, Object>> rows, Path scratch) {
    Path local = scratch.resolve("i-" + System.nanoTime() + ".parquet");
    try (FileAppender<Record> appender =
        Parquet.write(org.apache.iceberg.Files.localOutput(local.toFile()))
            .schema(schema)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      for (Map<String, Object> row : rows) {
        GenericRecord record = GenericRecord.create(schema);
        row.forEach(record::setField);
        appender.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    copy(local, io, location);
  }

  /** Writes arbitrary bytes (a file that is not Parquet). */
  static void bytes(FileIO io, String location, byte[] content) {
    try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path local, FileIO io, String location) {
    try (InputStream in = Files.newInputStream(local);
        OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
