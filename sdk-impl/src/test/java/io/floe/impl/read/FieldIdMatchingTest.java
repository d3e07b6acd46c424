package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.FieldId;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ObjectStream;
import io.floe.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records whose components carry {@link FieldId} (as {@code floe codegen} writes them) read and
 * append by field id, so renamed columns keep working; variant columns read into {@link Variant}.
 */
class FieldIdMatchingTest {
  @TempDir Path dir;

  static Stream<Named<Function<Path, Floe>>> backends() {
    return Stream.of(Named.of("inMemory", p -> Floe.inMemory()), Named.of("local", Floe::local));
  }

  /** Generated before the rename: component names the columns' earlier names. */
  public record Doc(@FieldId(1) long id, @FieldId(2) String name, @FieldId(3) Variant body) {}

  @ParameterizedTest
  @MethodSource("backends")
  void annotatedRecordReadsAndWritesRenamedColumnsById(Function<Path, Floe> backend)
      throws Exception {
    try (Floe floe = backend.apply(dir)) {
      floe.createNamespace("db");
      FloeTable table =
          floe.createTable("db.docs")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .column("body", Types.VariantType.get())
              .create();
      Doc first = new Doc(1L, "one", Variant.parseJson("{\"a\": [1, \"x\"]}"));
      table.newAppend().objects(List.of(first)).commit();
      table.updateSchema().renameColumn("name", "title").commit();
      table.updateSchema().renameColumn("body", "payload").commit();

      Doc second = new Doc(2L, "two", Variant.parseJson("7"));
      FloeTable renamed = floe.loadTable("db.docs");
      renamed.newAppend().objects(List.of(second)).commit();
      List<Doc> back = new ArrayList<>();
      try (ObjectStream<Doc> docs = renamed.newScan().as(Doc.class)) {
        docs.forEach(back::add);
      }
      back.sort(Comparator.comparingLong(Doc::id));
      assertThat(back).containsExactly(first, second);
      assertThat(renamed.newScan().where("id = 2").rows().iterator().next().get("title"))
          .isEqualTo("two");
    }
  }
}
