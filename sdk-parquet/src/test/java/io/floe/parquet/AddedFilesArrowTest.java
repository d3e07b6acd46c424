package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files added with {@code addFiles()} (written by parquet-mr, without field ids) read by Floe's
 * Arrow scan through the name mapping the add set, equal to Iceberg's generic reader, with and
 * without filters, after the table's schema evolved (a rename and a new column).
 */
class AddedFilesArrowTest {
  @TempDir Path dir;
  @TempDir Path outside;

  private Path write(String file, long from, long to, String category) {
    MessageType type =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; optional binary category (STRING); optional double score; }");
    Path path = outside.resolve(file);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(path)).withType(type).build()) {
      for (long id = from; id < to; id++) {
        Group group = groups.newGroup().append("id", id).append("score", id / 4.0);
        if (id % 7 != 0) {
          group.append("category", category);
        }
        writer.write(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  @Test
  void arrowReadsAddedFilesThroughTheNameMappingExactly() {
    try (Floe floe = Floe.local(dir);
        BufferAllocator allocator = new RootAllocator()) {
      FloeTable table =
          floe.createTable("db.t")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .column("score", Types.DoubleType.get())
              .create();
      table
          .addFiles()
          .file(write("a.parquet", 0, 3000, "books").toString())
          .file(write("b.parquet", 3000, 5000, "games").toString())
          .commit();
      assertThat(table.properties()).containsKey(TableProperties.DEFAULT_NAME_MAPPING);
      // the mapping follows schema changes: a rename keeps the old name, a new column reads as null
      table
          .updateSchema()
          .renameColumn("category", "kind")
          .addColumn("note", Types.StringType.get())
          .commit();
      Table iceberg = Internals.icebergTable(table.refresh());
      for (Expression filter :
          List.of(
              Expressions.alwaysTrue(),
              Expressions.equal("kind", "games"),
              Expressions.and(
                  Expressions.greaterThan("id", 2990L), Expressions.lessThan("id", 3010L)),
              Expressions.isNull("kind"),
              Expressions.greaterThan("score", 1000.0))) {
        List<String> arrow =
            TestTables.arrow(
                ArrowScan.of(table.newScan().where(filter)), iceberg.schema(), allocator);
        List<String> generic = TestTables.generic(iceberg, filter, null);
        assertThat(arrow).as("filter %s", filter).isEqualTo(generic);
        assertThat(arrow)
            .as("filter %s", filter)
            .hasSize((int) table.newScan().where(filter).count());
      }
      assertThat(table.newScan().where(Expressions.equal("kind", "games")).count())
          .isEqualTo(2000 - 286); // 286 multiples of 7 in [3000, 5000) have no category
      assertThat(TestTables.arrow(ArrowScan.of(table.newScan()), iceberg.schema(), allocator))
          .hasSize(5000);
    }
  }
}
