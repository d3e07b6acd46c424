package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Random JSON documents (a few field names, values of every JSON kind, so that fields and list
 * elements conflict often): the schema inferred with {@link SchemaInference.OnConflict#VARIANT}
 * accepts every document (an import on {@code Floe.local} writes them all, rejecting none), and
 * every variant column reads back equal to the document's value as a JSON tree, every other column
 * null exactly where the document has no value.
 */
class InferenceProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> NAMES = List.of("a", "b", "c", "d");
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static Path dir;
  private static Floe floe;

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("inference-properties");
    floe = Floe.local(dir.resolve("warehouse"));
    floe.createNamespace("p");
  }

  @AfterContainer
  static void close() throws Exception {
    floe.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 40)
  void inferredSchemaAcceptsEverySampledDocument(@ForAll("documents") List<ObjectNode> documents)
      throws Exception {
    importAndCheck(documents, SchemaInference.OnConflict.VARIANT);
  }

  /**
   * The other policies on the same documents: {@code STRING} accepts every document too (a string
   * column holds the JSON text of what conflicts); {@code FAIL} either infers a schema without
   * variants that accepts every document, or fails naming a field the documents have.
   */
  @Property(tries = 30)
  void stringAndFailPoliciesHaveTheirDocumentedOutcome(
      @ForAll("documents") List<ObjectNode> documents,
      @ForAll("stringOrFail") SchemaInference.OnConflict policy)
      throws Exception {
    if (policy == SchemaInference.OnConflict.STRING) {
      importAndCheck(documents, policy);
      return;
    }
    SchemaInference.Observer observer = SchemaInference.observer(policy);
    io.floe.ValidationException failure = null;
    for (ObjectNode doc : documents) {
      try {
        observer.observeJson(doc.toString());
      } catch (io.floe.ValidationException e) {
        failure = e;
        break;
      }
    }
    if (failure == null) {
      importAndCheck(documents, policy);
      return;
    }
    String column = failure.column().orElseThrow();
    String top = column.contains(".") ? column.substring(0, column.indexOf('.')) : column;
    assertThat(documents.stream().anyMatch(d -> d.has(top)))
        .as("%s names a field of the documents", failure.getMessage())
        .isTrue();
    assertThat(failure.getMessage()).contains("'" + column + "'");
  }

  @Provide
  Arbitrary<SchemaInference.OnConflict> stringOrFail() {
    return Arbitraries.of(SchemaInference.OnConflict.STRING, SchemaInference.OnConflict.FAIL);
  }

  private void importAndCheck(List<ObjectNode> documents, SchemaInference.OnConflict policy)
      throws Exception {
    Path file = dir.resolve("in-" + TABLES.incrementAndGet() + ".jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      documents.get(i).put("row", i);
      lines.add(documents.get(i).toString());
    }
    Files.write(file, lines);
    String name = "p.t" + TABLES.get();
    ImportResult result =
        FileImport.into(floe, name).from(file).createIfMissing().onConflict(policy).run();
    assertThat(result.rowsRejected()).isZero();
    assertThat(result.rowsWritten()).isEqualTo(documents.size());

    FloeTable table = floe.loadTable(name);
    Schema schema = table.schema();
    Map<Integer, Row> byRow = new HashMap<>();
    try (RowStream rows = table.newScan().rows()) {
      for (Row row : rows) {
        byRow.put(((Number) row.get("row")).intValue(), row);
      }
    }
    assertThat(byRow).hasSize(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      ObjectNode doc = documents.get(i);
      Row row = byRow.get(i);
      for (Types.NestedField column : schema.columns()) {
        JsonNode expected = doc.get(column.name());
        Object actual = row.get(column.name());
        boolean absent = expected == null || expected.isNull();
        assertThat(actual == null)
            .as("null-ness of %s in %s", column.name(), doc)
            .isEqualTo(absent);
        if (!absent && column.type().typeId() == Type.TypeID.VARIANT) {
          JsonNode back = Values.JSON.readTree(((Variant) actual).toJson());
          assertThat(back.equals(InferenceProperties::compare, expected))
              .as("variant %s: wrote %s, read %s", column.name(), expected, back)
              .isTrue();
        }
      }
    }
  }

  /** JSON trees compare numbers by value (an int read back may be a long or decimal node). */
  private static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  @Provide
  Arbitrary<List<ObjectNode>> documents() {
    return document(2).list().ofMinSize(1).ofMaxSize(12);
  }

  private static Arbitrary<ObjectNode> document(int depth) {
    return Arbitraries.maps(Arbitraries.of(NAMES), value(depth))
        .ofMaxSize(NAMES.size())
        .map(
            fields -> {
              ObjectNode node = NODES.objectNode();
              fields.forEach(node::set);
              return node;
            });
  }

  private static Arbitrary<JsonNode> value(int depth) {
    List<Arbitrary<? extends JsonNode>> kinds = new ArrayList<>();
    kinds.add(Arbitraries.just(NODES.nullNode()));
    kinds.add(Arbitraries.of(true, false).map(NODES::booleanNode));
    kinds.add(Arbitraries.integers().between(-1000, 1000).map(NODES::numberNode));
    kinds.add(Arbitraries.longs().between(1L << 40, 1L << 50).map(NODES::numberNode));
    kinds.add(
        Arbitraries.integers().between(-100_000, 100_000).map(i -> NODES.numberNode(i / 8.0)));
    kinds.add(Arbitraries.strings().alpha().ofMaxLength(6).map(NODES::textNode));
    kinds.add(
        Arbitraries.of(
                "2026-01-31",
                "2026-01-31T10:00:00",
                "2026-01-31T10:00:00Z",
                "123e4567-e89b-12d3-a456-426614174000")
            .map(NODES::textNode));
    if (depth > 0) {
      kinds.add(
          value(depth - 1)
              .list()
              .ofMaxSize(3)
              .map(
                  items -> {
                    ArrayNode array = NODES.arrayNode();
                    items.forEach(array::add);
                    return array;
                  }));
      kinds.add(document(depth - 1)); // {} too: a string of its JSON text
    }
    return Arbitraries.oneOf(kinds);
  }
}
