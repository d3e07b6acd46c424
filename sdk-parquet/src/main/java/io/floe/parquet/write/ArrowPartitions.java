package io.floe.parquet.write;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.transforms.PartitionSpecVisitor;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.BucketUtil;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.TruncateUtil;

/**
 * Encodes the partition of a row of an Arrow batch into a reused byte {@link Key} without creating
 * per-row objects: per partition field a null marker, then the value's raw bytes (identity) or the
 * transformed value computed from the primitive (time transforms, bucket and truncate of integer
 * columns, through the same static helpers Iceberg's transforms use). Equal keys mean equal
 * partitions; the appender computes Iceberg's own partition tuple (boxed, through {@code
 * PartitionKey}) only for a key it has not seen, so the partition values written are Iceberg's.
 * Different keys may still name one partition (NaN bit patterns, invalid UTF-8): the appender looks
 * a new key's tuple up before it opens a file.
 *
 * <p>Specs with a transform not covered here (bucket or truncate of strings, binaries, decimals,
 * UUIDs) get no encoder ({@link #forSpec} returns null) and the appender keys rows by tuple.
 * Specialised per transform on purpose: the partitioned Arrow append computed a {@code String} (or
 * a boxed value) per row for its partition before, the largest allocation of the write.
 */
final class ArrowPartitions {
  /** Encodes one partition field of a non-null source value. */
  private interface FieldKey {
    /** Whether the field's source column can be encoded from this batch's vector. */
    boolean supports(ArrowColumns.Column column);

    void append(ArrowColumns.Column column, int row, Key key);
  }

  /** A transformed integer value: time transforms, bucket and truncate of ints and longs. */
  @FunctionalInterface
  private interface LongTransform {
    long apply(long value);
  }

  private final int[] sources;
  private final FieldKey[] fields;

  private ArrowPartitions(int[] sources, FieldKey[] fields) {
    this.sources = sources;
    this.fields = fields;
  }

  /**
   * An encoder for a spec, or null when one of its transforms is not covered.
   *
   * @param schema the table schema (flat: the partition sources are top-level columns)
   * @param spec the partition spec
   * @return the encoder, or null
   */
  static ArrowPartitions forSpec(Schema schema, PartitionSpec spec) {
    List<Types.NestedField> columns = schema.columns();
    List<PartitionField> partitionFields = spec.fields();
    int[] sources = new int[partitionFields.size()];
    FieldKey[] fields = new FieldKey[partitionFields.size()];
    for (int i = 0; i < fields.length; i++) {
      PartitionField field = partitionFields.get(i);
      Types.NestedField source = schema.findField(field.sourceId());
      sources[i] = source == null ? -1 : columns.indexOf(source);
      if (sources[i] < 0) {
        return null;
      }
      fields[i] = PartitionSpecVisitor.visit(schema, field, new Fields(source.type()));
      if (fields[i] == null) {
        return null;
      }
    }
    return new ArrowPartitions(sources, fields);
  }

  /**
   * Whether every partition source of a batch can be encoded (otherwise the caller keys its rows by
   * tuple).
   *
   * @param batch the bound batch
   * @return whether {@link #key} serves the batch
   */
  boolean supports(ArrowColumns.Batch batch) {
    for (int i = 0; i < fields.length; i++) {
      ArrowColumns.Column column = batch.columns[sources[i]];
      if (column.vector != null && !fields[i].supports(column)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Encodes a row's partition.
   *
   * @param batch the bound batch ({@link #supports} it)
   * @param row the row
   * @param key the key to overwrite
   */
  void key(ArrowColumns.Batch batch, int row, Key key) {
    key.clear();
    ArrowColumns.Column[] columns = batch.columns;
    for (int i = 0; i < fields.length; i++) {
      ArrowColumns.Column column = columns[sources[i]];
      if (column.isNull(row)) {
        key.putNull();
      } else {
        fields[i].append(column, row, key);
      }
    }
    key.finish();
  }

  private static FieldKey identityKey() {
    return new FieldKey() {
      @Override
      public boolean supports(ArrowColumns.Column column) {
        return column.hasLongKey() || column.hasBytesKey();
      }

      @Override
      public void append(ArrowColumns.Column column, int row, Key key) {
        if (column.hasLongKey()) {
          key.putLong(column.longKey(row));
        } else {
          column.appendBytesKey(row, key);
        }
      }
    };
  }

  private static FieldKey transformed(LongTransform transform) {
    return new FieldKey() {
      @Override
      public boolean supports(ArrowColumns.Column column) {
        return column.hasLongKey();
      }

      @Override
      public void append(ArrowColumns.Column column, int row, Key key) {
        key.putLong(transform.apply(column.longKey(row)));
      }
    };
  }

  private static final FieldKey ALWAYS_NULL =
      new FieldKey() {
        @Override
        public boolean supports(ArrowColumns.Column column) {
          return true;
        }

        @Override
        public void append(ArrowColumns.Column column, int row, Key key) {
          key.putNull();
        }
      };

  /** The encoder of each transform for a source type, or null where none is covered. */
  private static final class Fields implements PartitionSpecVisitor<FieldKey> {
    private final Type.TypeID type;

    Fields(Type source) {
      this.type = source.typeId();
    }

    private boolean is(Type.TypeID... ids) {
      for (Type.TypeID id : ids) {
        if (type == id) {
          return true;
        }
      }
      return false;
    }

    @Override
    public FieldKey identity(int fieldId, String sourceName, int sourceId) {
      return identityKey();
    }

    @Override
    public FieldKey bucket(int fieldId, String sourceName, int sourceId, int numBuckets) {
      if (is(Type.TypeID.INTEGER, Type.TypeID.DATE)) {
        return transformed(v -> (BucketUtil.hash((int) v) & Integer.MAX_VALUE) % numBuckets);
      }
      if (is(Type.TypeID.LONG, Type.TypeID.TIME, Type.TypeID.TIMESTAMP)) {
        return transformed(v -> (BucketUtil.hash(v) & Integer.MAX_VALUE) % numBuckets);
      }
      return null;
    }

    @Override
    public FieldKey truncate(int fieldId, String sourceName, int sourceId, int width) {
      if (is(Type.TypeID.INTEGER)) {
        return transformed(v -> TruncateUtil.truncateInt(width, (int) v));
      }
      if (is(Type.TypeID.LONG)) {
        return transformed(v -> TruncateUtil.truncateLong(width, v));
      }
      return null;
    }

    @Override
    public FieldKey year(int fieldId, String sourceName, int sourceId) {
      if (is(Type.TypeID.TIMESTAMP)) {
        return transformed(DateTimeUtil::microsToYears);
      }
      return is(Type.TypeID.DATE) ? transformed(v -> DateTimeUtil.daysToYears((int) v)) : null;
    }

    @Override
    public FieldKey month(int fieldId, String sourceName, int sourceId) {
      if (is(Type.TypeID.TIMESTAMP)) {
        return transformed(DateTimeUtil::microsToMonths);
      }
      return is(Type.TypeID.DATE) ? transformed(v -> DateTimeUtil.daysToMonths((int) v)) : null;
    }

    @Override
    public FieldKey day(int fieldId, String sourceName, int sourceId) {
      if (is(Type.TypeID.TIMESTAMP)) {
        return transformed(DateTimeUtil::microsToDays);
      }
      return is(Type.TypeID.DATE) ? transformed(v -> v) : null;
    }

    @Override
    public FieldKey hour(int fieldId, String sourceName, int sourceId) {
      return is(Type.TypeID.TIMESTAMP) ? transformed(DateTimeUtil::microsToHours) : null;
    }

    @Override
    public FieldKey alwaysNull(int fieldId, String sourceName, int sourceId) {
      return ALWAYS_NULL;
    }

    @Override
    public FieldKey unknown(int fieldId, String sourceName, int sourceId, String transform) {
      return null;
    }
  }

  /**
   * A row's encoded partition: reused for every row (no allocation once grown); {@link #copy()}
   * makes the key a map keeps. Equality and hash are by content.
   */
  static final class Key {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte BYTES = 2;

    private byte[] bytes;
    private int length;
    private int hash;

    Key() {
      this(new byte[64]);
    }

    private Key(byte[] bytes) {
      this.bytes = bytes;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    void putNull() {
      ensure(1);
      bytes[length++] = NULL;
    }

    void putLong(long value) {
      ensure(9);
      byte[] b = bytes;
      int at = length;
      b[at] = LONG;
      for (int i = 0; i < 8; i++) {
        b[at + 1 + i] = (byte) (value >>> (i * 8));
      }
      length = at + 9;
    }

    private void putLength(int n) {
      byte[] b = bytes;
      int at = length;
      b[at] = BYTES;
      b[at + 1] = (byte) n;
      b[at + 2] = (byte) (n >>> 8);
      b[at + 3] = (byte) (n >>> 16);
      b[at + 4] = (byte) (n >>> 24);
      length = at + 5;
    }

    void putBytes(byte[] source, int offset, int n) {
      ensure(5 + n);
      putLength(n);
      System.arraycopy(source, offset, bytes, length, n);
      length += n;
    }

    void putBytes(ArrowBuf source, long offset, int n) {
      ensure(5 + n);
      putLength(n);
      source.getBytes(offset, bytes, length, n);
      length += n;
    }

    void clear() {
      length = 0;
    }

    /** A 64-bit hash of the content (FNV-1a), for sampling distinct values. */
    long longHash() {
      long h = 0xcbf29ce484222325L;
      byte[] b = bytes;
      for (int i = 0; i < length; i++) {
        h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
      }
      return h;
    }

    void finish() {
      int h = 1;
      byte[] b = bytes;
      for (int i = 0; i < length; i++) {
        h = 31 * h + b[i];
      }
      hash = h;
    }

    Key copy() {
      Key copy = new Key(Arrays.copyOf(bytes, length));
      copy.length = length;
      copy.hash = hash;
      return copy;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && k.hash == hash
          && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
    }
  }
}
