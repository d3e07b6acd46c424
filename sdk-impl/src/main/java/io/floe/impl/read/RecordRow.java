package io.floe.impl.read;

import io.floe.Row;
import io.floe.impl.spi.RowSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;

/** A {@link Row} view of a struct, through a layout that maps projected columns to positions. */
final class RecordRow implements Row {

  /** Where each projected column sits in the struct actually read. */
  static final class Layout {
    private final Types.StructType struct;
    private final Schema readSchema;
    private final int[] positions;
    private final Map<String, Integer> byName = new LinkedHashMap<>();
    private final Layout[] nested;

    /** The types of columns whose values {@link ValueRow#generic} converts, else null. */
    private final org.apache.iceberg.types.Type[] converted;

    private Layout(Types.StructType struct, Types.StructType read, Schema readSchema) {
      this.struct = struct;
      this.readSchema = readSchema;
      List<Types.NestedField> fields = struct.fields();
      this.positions = new int[fields.size()];
      this.nested = new Layout[fields.size()];
      this.converted = new org.apache.iceberg.types.Type[fields.size()];
      List<Types.NestedField> readFields = read.fields();
      for (int i = 0; i < fields.size(); i++) {
        Types.NestedField field = fields.get(i);
        int pos = -1;
        for (int j = 0; j < readFields.size(); j++) {
          if (readFields.get(j).fieldId() == field.fieldId()) {
            pos = j;
            break;
          }
        }
        positions[i] = pos;
        byName.put(field.name(), i);
        if (field.type().isStructType() && pos >= 0) {
          nested[i] =
              new Layout(
                  field.type().asStructType(), readFields.get(pos).type().asStructType(), null);
        } else if (ValueRow.needsConversion(field.type())) {
          converted[i] = field.type();
        }
      }
    }

    static Layout of(Schema projection, Schema readSchema) {
      return new Layout(projection.asStruct(), readSchema.asStruct(), readSchema);
    }

    boolean matches(Schema schema) {
      return readSchema != null && readSchema.sameSchema(schema);
    }
  }

  private final Layout layout;
  private final StructLike data;

  RecordRow(Layout layout, StructLike data) {
    this.layout = layout;
    this.data = data;
  }

  @Override
  public Types.StructType struct() {
    return layout.struct;
  }

  @Override
  public int size() {
    return layout.positions.length;
  }

  @Override
  public Object get(int position) {
    int pos = layout.positions[position];
    if (pos < 0) {
      return null;
    }
    Object value = data.get(pos, Object.class);
    if (layout.nested[position] != null && value instanceof StructLike s) {
      return new RecordRow(layout.nested[position], s);
    }
    // fixed as ByteBuffer, structs in lists and maps as rows: the classes Row promises
    org.apache.iceberg.types.Type type = layout.converted[position];
    return type == null ? value : ValueRow.generic(type, value);
  }

  @Override
  public Object get(String column) {
    Integer i = layout.byName.get(column);
    if (i == null) {
      throw new IllegalArgumentException(
          "Row has no column '" + column + "'; columns are " + layout.byName.keySet());
    }
    return get(i);
  }

  @Override
  public <T> T get(String column, Class<T> type) {
    return type.cast(get(column));
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : layout.byName.entrySet()) {
      map.put(e.getKey(), RowSource.plain(get(e.getValue())));
    }
    return map;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
