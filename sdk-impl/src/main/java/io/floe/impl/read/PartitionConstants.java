package io.floe.impl.read;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.iceberg.ContentScanTask;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.ByteBuffers;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Identity partition values in the classes Iceberg's generic readers give the same column read from
 * a data file. Iceberg's converter leaves a {@code fixed} partition value as the partition's {@code
 * ByteBuffer}, while the readers (and {@code InternalRecordWrapper}, equality deletes, partition
 * keys and writers behind them) use {@code byte[]}: a row scan with equality deletes, or a
 * copy-on-write rewrite, failed with a ClassCastException on tables partitioned by a fixed column.
 */
public final class PartitionConstants {
  private PartitionConstants() {}

  /**
   * The constants of a task's identity partition columns, by field id.
   *
   * @param task the task
   * @return the constants for the generic readers
   */
  public static Map<Integer, ?> of(ContentScanTask<?> task) {
    return PartitionUtil.constantsMap(task, PartitionConstants::convert);
  }

  private static Object convert(Type type, Object value) {
    Object converted = IdentityPartitionConverters.convertConstant(type, value);
    if (type.typeId() == Type.TypeID.FIXED && converted instanceof ByteBuffer buffer) {
      return ByteBuffers.toByteArray(buffer);
    }
    return converted;
  }
}
