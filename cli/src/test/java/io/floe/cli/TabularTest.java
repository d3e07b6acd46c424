package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three output formats, buffered and streamed. */
class TabularTest {
  private static final List<String> COLUMNS = List.of("id", "name", "tags", "at");
  private static final List<List<Object>> ROWS =
      List.of(
          Arrays.asList(1L, "plain", List.of("a", "b"), OffsetDateTime.parse("2026-01-02T12:00Z")),
          Arrays.asList(2L, "with, \"quotes\"", Map.of("k", 1), null),
          Arrays.asList(null, "bytes", ByteBuffer.wrap(new byte[] {1, (byte) 0xab}), null));

  @Test
  void tableFormat() {
    assertThat(buffered(OutputFormat.TABLE))
        .isEqualTo(
            """
            id  name            tags       at
            1   plain           ["a","b"]  2026-01-02T12:00:00Z
            2   with, "quotes"  {"k":1}
                bytes           01ab
            """);
  }

  @Test
  void csvFormatQuotes() {
    assertThat(buffered(OutputFormat.CSV))
        .isEqualTo(
            """
            id,name,tags,at
            1,plain,"[""a"",""b""]",2026-01-02T12:00:00Z
            2,"with, ""quotes""\","{""k"":1}",
            ,bytes,01ab,
            """);
  }

  @Test
  void jsonFormatParsesBack() {
    JsonNode json = Fixture.json(buffered(OutputFormat.JSON));
    assertThat(json).hasSize(3);
    assertThat(json.get(0).get("tags").get(1).asText()).isEqualTo("b");
    assertThat(json.get(0).get("at").asText()).isEqualTo("2026-01-02T12:00:00Z");
    assertThat(json.get(1).get("name").asText()).isEqualTo("with, \"quotes\"");
    assertThat(json.get(1).get("tags").get("k").asInt()).isEqualTo(1);
    assertThat(json.get(2).get("id").isNull()).isTrue();
  }

  @Test
  void streamedOutputIsTheBufferedOutput() {
    for (OutputFormat format : OutputFormat.values()) {
      assertThat(streamed(format, ROWS)).as(format.name()).isEqualTo(buffered(format));
      assertThat(streamed(format, List.of()))
          .as(format.name())
          .isEqualTo(print(Tabular.of(COLUMNS), format));
    }
    assertThat(streamed(OutputFormat.JSON, List.of())).isEqualTo("[ ]\n");
  }

  @Test
  void recordFormats() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("table", "shop.orders");
    fields.put("files", 4);
    assertThat(print(Tabular.record(fields), OutputFormat.TABLE))
        .isEqualTo("table  shop.orders\nfiles  4\n");
    assertThat(print(Tabular.record(fields), OutputFormat.CSV))
        .isEqualTo("table,files\nshop.orders,4\n");
    assertThat(Fixture.json(print(Tabular.record(fields), OutputFormat.JSON)).get("files").asInt())
        .isEqualTo(4);
  }

  private static String buffered(OutputFormat format) {
    Tabular t = Tabular.of(COLUMNS);
    ROWS.forEach(t::add);
    return print(t, format);
  }

  private static String print(Tabular t, OutputFormat format) {
    StringWriter out = new StringWriter();
    t.print(new PrintWriter(out), format);
    return out.toString();
  }

  private static String streamed(OutputFormat format, List<List<Object>> rows) {
    StringWriter out = new StringWriter();
    try (Tabular.Printer p = Tabular.printer(new PrintWriter(out), format, COLUMNS)) {
      new ArrayList<>(rows).forEach(p::add);
    }
    return out.toString();
  }
}
