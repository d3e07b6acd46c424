package io.floe.impl.evolve;

import io.floe.impl.read.ValueRow;
import java.util.List;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Picks the top-level columns of an output struct out of records of a read struct (matched by field
 * id), and evaluates a row filter on them. One instance per read struct; not thread-safe.
 */
final class RecordProjector {
  private final Types.StructType read;
  private final Types.StructType output;
  private final int[] positions;
  private final io.floe.impl.read.RowFilter evaluator;
  private final InternalRecordWrapper wrapper;

  RecordProjector(
      Types.StructType read, Types.StructType output, Expression filter, boolean caseSensitive) {
    this.read = read;
    this.output = output;
    List<Types.NestedField> outFields = output.fields();
    List<Types.NestedField> readFields = read.fields();
    this.positions = new int[outFields.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = -1;
      for (int j = 0; j < readFields.size(); j++) {
        if (readFields.get(j).fieldId() == outFields.get(i).fieldId()) {
          positions[i] = j;
          break;
        }
      }
    }
    boolean filtered = filter != null && filter != Expressions.alwaysTrue();
    this.evaluator = filtered ? io.floe.impl.read.RowFilter.of(read, filter, caseSensitive) : null;
    this.wrapper = filtered ? new InternalRecordWrapper(read) : null;
  }

  Types.StructType read() {
    return read;
  }

  boolean matches(Record record) {
    return evaluator == null || evaluator.test(wrapper.wrap(record));
  }

  /**
   * The output columns' values, converted for a {@link io.floe.Row}, followed by room for extras.
   */
  Object[] values(StructLike record, int extra) {
    List<Types.NestedField> outFields = output.fields();
    Object[] values = new Object[positions.length + extra];
    for (int i = 0; i < positions.length; i++) {
      int pos = positions[i];
      values[i] =
          pos < 0 ? null : ValueRow.generic(outFields.get(i).type(), record.get(pos, Object.class));
    }
    return values;
  }

  ValueRow row(StructLike record) {
    return ValueRow.of(output, values(record, 0));
  }
}
