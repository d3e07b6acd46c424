package io.floe.impl.write;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Decides from a write's first rows which columns to write without a Parquet dictionary: columns
 * without a dictionary setting of their own whose first {@value #ROWS} values are at least 99%
 * distinct (unique ids, timestamps, random measures, free text). Parquet decides at the end of a
 * column's first page (at most 20,000 rows by default) whether its dictionary pays; for such a
 * column it builds one for every value of that page, finds it does not pay and re-encodes the
 * values plainly, which took a quarter of the CPU time of such writes in profiles, for plain pages
 * either way. Tables with longer pages ({@code write.parquet.page-row-limit}) or the dictionary
 * switched off keep Parquet's own decision. The Arrow append (sdk-parquet) applies the same rule to
 * its first batch.
 */
final class DictionarySample {
  /** Rows sampled before the files of a write open. */
  static final int ROWS = 16_384;

  /** The fewest non-null values of a column that allow a verdict. */
  static final int MIN_VALUES = 8_192;

  private DictionarySample() {}

  /**
   * The per-column dictionary switches to add to a write's properties.
   *
   * @param schema the written schema (top-level primitive columns are sampled)
   * @param props the table's properties with Floe's overrides
   * @param rows the first rows of the write (all of them when fewer than {@link #ROWS})
   * @return {@code write.parquet.dictionary-enabled.column.<c> = false} per column to switch off
   */
  static Map<String, String> overrides(
      Schema schema, Map<String, String> props, List<Record> rows) {
    Map<String, String> out = new HashMap<>();
    int pageRows =
        PropertyUtil.propertyAsInt(
            props,
            TableProperties.PARQUET_PAGE_ROW_LIMIT,
            TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
    if (rows.size() < MIN_VALUES
        || !PropertyUtil.propertyAsBoolean(props, ParquetSettings.DICTIONARY_ENABLED, true)
        || pageRows > TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT) {
      return out;
    }
    List<Types.NestedField> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField column = columns.get(i);
      String key = ParquetSettings.DICTIONARY_ENABLED_PREFIX + column.name();
      if (column.type().isPrimitiveType()
          && column.type().typeId() != Type.TypeID.BOOLEAN
          && !props.containsKey(key)
          && mostlyDistinct(rows, i)) {
        out.put(key, "false");
      }
    }
    return out;
  }

  private static boolean mostlyDistinct(List<Record> rows, int position) {
    Set<Object> distinct = new HashSet<>();
    int values = 0;
    for (int r = 0; r < rows.size() && r < ROWS; r++) {
      Object value = rows.get(r).get(position);
      if (value != null) {
        values++;
        distinct.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
      }
    }
    return values >= MIN_VALUES && distinct.size() * 100L >= values * 99L;
  }
}
