package io.floe.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A profile of a table at one snapshot: rows, files and one {@link ColumnProfile} per top-level
 * column. Immutable and thread-safe.
 *
 * @param table the table's full name
 * @param snapshotId the snapshot profiled, or -1 for a table without snapshots
 * @param rowCount rows in the live data files (before deletes)
 * @param dataFiles live data files
 * @param deleteFiles live delete files; when there are any, counts include deleted rows
 * @param columns one profile per top-level column, in schema order
 */
public record TableProfile(
    String table,
    long snapshotId,
    long rowCount,
    long dataFiles,
    long deleteFiles,
    List<ColumnProfile> columns) {

  /**
   * Copies the list.
   *
   * @param table the table
   * @param snapshotId the snapshot or -1
   * @param rowCount rows
   * @param dataFiles data files
   * @param deleteFiles delete files
   * @param columns column profiles
   * @throws NullPointerException when table or columns is null
   */
  public TableProfile {
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
  }

  /**
   * Whether the counts are exact: true when no delete file removes rows from them.
   *
   * @return true without delete files
   */
  public boolean exact() {
    return deleteFiles == 0;
  }

  /**
   * One column's profile.
   *
   * @param name the column's name
   * @return the profile, or empty when the table has no such top-level column
   */
  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The profile as a JSON object: the fields above, unknown counts and bounds left out.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("table", table);
      gen.writeNumberField("snapshot-id", snapshotId);
      gen.writeNumberField("row-count", rowCount);
      gen.writeNumberField("data-files", dataFiles);
      gen.writeNumberField("delete-files", deleteFiles);
      gen.writeBooleanField("exact", exact());
      gen.writeArrayFieldStart("columns");
      for (ColumnProfile c : columns) {
        gen.writeStartObject();
        gen.writeStringField("name", c.name());
        gen.writeNumberField("field-id", c.fieldId());
        gen.writeStringField("type", c.type());
        count(gen, "value-count", c.valueCount());
        count(gen, "null-count", c.nullCount());
        count(gen, "nan-count", c.nanCount());
        if (c.lowerBound() != null) {
          gen.writeStringField("lower-bound", c.lowerBound());
        }
        if (c.upperBound() != null) {
          gen.writeStringField("upper-bound", c.upperBound());
        }
        count(gen, "distinct-count", c.distinctCount());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void count(JsonGenerator gen, String field, long value) throws IOException {
    if (value >= 0) {
      gen.writeNumberField(field, value);
    }
  }
}
