package io.floe.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Schema;

/**
 * JSON lines: one JSON object per line (blank lines skipped), parsed with Jackson and converted by
 * field name ({@link Values#struct}); a line that is not valid JSON is a bad record like any other.
 */
final class JsonLinesReader implements RecordReader {
  private final CountingStream counting;
  private final BufferedReader reader;
  private final Schema schema;
  private long line;
  private String raw;

  JsonLinesReader(Path path, Schema schema) throws IOException {
    this.schema = schema;
    this.counting = new CountingStream(Files.newInputStream(path));
    this.reader =
        new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public boolean next(Object[] row) throws IOException {
    String text;
    do {
      text = reader.readLine();
      if (text == null) {
        return false;
      }
      line++;
    } while (text.isBlank());
    raw = text;
    JsonNode node;
    try {
      node = Values.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadValue("not valid JSON: " + e.getOriginalMessage(), null);
    }
    if (!node.isObject()) {
      throw new BadValue("not a JSON object", null);
    }
    ArrayStruct struct = Values.struct(schema.asStruct(), node);
    System.arraycopy(struct.values, 0, row, 0, row.length);
    return true;
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String raw() {
    return raw;
  }

  @Override
  public long bytesRead() {
    return counting.count;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
