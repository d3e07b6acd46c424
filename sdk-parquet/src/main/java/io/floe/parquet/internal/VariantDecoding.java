package io.floe.parquet.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.variants.PhysicalType;
import org.apache.iceberg.variants.ShreddedObject;
import org.apache.iceberg.variants.ValueArray;
import org.apache.iceberg.variants.VariantMetadata;
import org.apache.iceberg.variants.VariantObject;
import org.apache.iceberg.variants.VariantValue;
import org.apache.iceberg.variants.Variants;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Vectorized decoding of a {@code variant} column of one Parquet file (the Parquet variant layout,
 * shredded or not).
 *
 * <p>A variant group ({@code metadata}, {@code value}, optionally {@code typed_value}, recursively
 * for object fields and array elements) is described by a synthetic Iceberg struct whose field ids
 * are given to a copy of the file's group, so {@link FileScan}'s nested decoder reads its leaves
 * into Arrow vectors like any struct. An unshredded group is {@code struct<metadata, value>}, the
 * Arrow layout of a variant column itself, and is decoded straight into the output vector. A
 * shredded group is decoded into a vector of its own shape, and {@link #assemble} rebuilds the two
 * binaries of each row: rows whose {@code typed_value} is null copy {@code value} as it is, the
 * others are merged with Iceberg's variant classes ({@link ShreddedObject}, {@link ValueArray},
 * {@link Variants#of}), as Iceberg's {@code ParquetVariantReaders} does for rows.
 */
final class VariantDecoding {
  private static final byte[] VARIANT_NULL = {0};

  /** The struct type the file's group is decoded as. */
  final Types.StructType type;

  /** The file's group with the ids of {@link #type}. */
  final GroupType group;

  /** The shape of the top-level {@code value}/{@code typed_value} pair; null when unshredded. */
  final Node root;

  private int nextId = 1;

  /** One {@code value}/{@code typed_value} pair: the variant, an object field, an element. */
  static final class Node {
    int valueIndex = -1;
    int typedIndex = -1;
    PhysicalType primitive;
    String[] names;
    Node[] fields;
    Node element;
  }

  /**
   * Plans the decoding of a file's variant group.
   *
   * @param group the file's group of the variant column
   * @throws ValueKind.MismatchException when the group is not a variant layout
   * @throws UnsupportedOperationException when a shredded type has no variant form
   */
  VariantDecoding(org.apache.parquet.schema.Type group) {
    if (group.isPrimitive()) {
      throw new ValueKind.MismatchException(
          "Parquet type " + group + " is not a variant (metadata, value, typed_value)");
    }
    GroupType g = group.asGroupType();
    org.apache.parquet.schema.Type metadata = child(g, "metadata");
    if (metadata == null || !metadata.isPrimitive()) {
      throw new ValueKind.MismatchException("Parquet type " + group + " has no variant metadata");
    }
    Node node = new Node();
    List<Types.NestedField> fields = new ArrayList<>();
    List<org.apache.parquet.schema.Type> children = new ArrayList<>();
    add(fields, children, metadata, "metadata", Types.BinaryType.get());
    boolean shredded = child(g, "typed_value") != null;
    // value always at 1 (the output layout's index), even when the file lacks it
    org.apache.parquet.schema.Type value = child(g, "value");
    if (value != null) {
      node.valueIndex = fields.size();
      add(fields, children, value, "value", Types.BinaryType.get());
    } else {
      fields.add(Types.NestedField.optional(nextId++, "value", Types.BinaryType.get()));
    }
    if (shredded) {
      org.apache.parquet.schema.Type typed = child(g, "typed_value");
      node.typedIndex = fields.size();
      Type typedType = typed(typed, node, children);
      fields.add(
          Types.NestedField.optional(
              children.get(children.size() - 1).getId().intValue(), "typed_value", typedType));
    }
    this.type = Types.StructType.of(fields);
    this.group = g.withNewFields(children);
    this.root = shredded ? node : null;
    boolean flatObject = shredded && node.fields != null;
    if (flatObject) {
      for (Node f : node.fields) {
        flatObject &= f.fields == null && f.element == null;
      }
    }
    this.flat = flatObject;
  }

  /**
   * Whether the top-level {@code typed_value} is an object whose shredded fields are all primitives
   * (Floe's own layout): rows are merged by {@link #mergeFlat} without Iceberg's object classes.
   */
  private final boolean flat;

  private static org.apache.parquet.schema.Type child(GroupType g, String name) {
    return g.containsField(name) ? g.getType(name) : null;
  }

  private void add(
      List<Types.NestedField> fields,
      List<org.apache.parquet.schema.Type> children,
      org.apache.parquet.schema.Type pt,
      String name,
      Type type) {
    if (!type.isPrimitiveType() || pt.isPrimitive()) {
      int id = nextId++;
      fields.add(Types.NestedField.optional(id, name, type));
      children.add(pt.withId(id));
    }
  }

  /** The type of a {@code typed_value}; adds the file's node, with ids, to {@code children}. */
  private Type typed(
      org.apache.parquet.schema.Type pt, Node node, List<org.apache.parquet.schema.Type> children) {
    int id = nextId++;
    if (pt.isPrimitive()) {
      PrimitiveType p = pt.asPrimitiveType();
      Type t = primitive(p, node);
      children.add(p.withId(id));
      return t;
    }
    GroupType g = pt.asGroupType();
    if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      GroupType repeated = g.getType(0).asGroupType();
      GroupType element = repeated.getType(0).asGroupType();
      Node e = new Node();
      List<org.apache.parquet.schema.Type> elementChildren = new ArrayList<>();
      Types.StructType elementType = pair(element, e, elementChildren);
      node.element = e;
      int elementId = nextId++;
      children.add(
          g.withNewFields(
                  List.of(
                      repeated.withNewFields(
                          List.of(element.withNewFields(elementChildren).withId(elementId)))))
              .withId(id));
      return Types.ListType.ofRequired(elementId, elementType);
    }
    // an object: one {value, typed_value} group per shredded field
    int n = g.getFieldCount();
    node.names = new String[n];
    node.fields = new Node[n];
    List<Types.NestedField> fields = new ArrayList<>();
    List<org.apache.parquet.schema.Type> fieldChildren = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      org.apache.parquet.schema.Type f = g.getType(k);
      if (f.isPrimitive()) {
        throw new ValueKind.MismatchException(
            "Shredded variant field " + f + " is not a group of value and typed_value");
      }
      node.names[k] = f.getName();
      node.fields[k] = new Node();
      List<org.apache.parquet.schema.Type> pairChildren = new ArrayList<>();
      Types.StructType pairType = pair(f.asGroupType(), node.fields[k], pairChildren);
      int fieldId = nextId++;
      fields.add(Types.NestedField.optional(fieldId, "f" + k, pairType));
      fieldChildren.add(f.asGroupType().withNewFields(pairChildren).withId(fieldId));
    }
    children.add(g.withNewFields(fieldChildren).withId(id));
    return Types.StructType.of(fields);
  }

  /** The struct of a nested {@code value}/{@code typed_value} pair. */
  private Types.StructType pair(
      GroupType g, Node node, List<org.apache.parquet.schema.Type> children) {
    List<Types.NestedField> fields = new ArrayList<>();
    org.apache.parquet.schema.Type value = child(g, "value");
    if (value != null) {
      node.valueIndex = fields.size();
      add(fields, children, value, "value", Types.BinaryType.get());
    }
    org.apache.parquet.schema.Type typed = child(g, "typed_value");
    if (typed != null) {
      node.typedIndex = fields.size();
      Type typedType = typed(typed, node, children);
      fields.add(
          Types.NestedField.optional(
              children.get(children.size() - 1).getId().intValue(), "typed_value", typedType));
    }
    if (fields.isEmpty()) {
      throw new ValueKind.MismatchException(
          "Shredded variant group " + g + " has neither value nor typed_value");
    }
    return Types.StructType.of(fields);
  }

  private static Type primitive(PrimitiveType p, Node node) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        node.primitive = PhysicalType.BOOLEAN_TRUE;
        return Types.BooleanType.get();
      case INT32:
        if (a == null) {
          node.primitive = PhysicalType.INT32;
          return Types.IntegerType.get();
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned()) {
          node.primitive =
              i.getBitWidth() == 8
                  ? PhysicalType.INT8
                  : i.getBitWidth() == 16 ? PhysicalType.INT16 : PhysicalType.INT32;
          return Types.IntegerType.get();
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          node.primitive = PhysicalType.DATE;
          return Types.DateType.get();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          node.primitive = PhysicalType.DECIMAL4;
          return Types.DecimalType.of(d.getPrecision(), d.getScale());
        }
        break;
      case INT64:
        if (a == null
            || (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                && i.isSigned()
                && i.getBitWidth() == 64)) {
          node.primitive = PhysicalType.INT64;
          return Types.LongType.get();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          node.primitive = PhysicalType.DECIMAL8;
          return Types.DecimalType.of(d.getPrecision(), d.getScale());
        }
        if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation t
            && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS) {
          node.primitive = PhysicalType.TIME;
          return Types.TimeType.get();
        }
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
          boolean utc = t.isAdjustedToUTC();
          if (t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS) {
            node.primitive = utc ? PhysicalType.TIMESTAMPTZ : PhysicalType.TIMESTAMPNTZ;
            return utc ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
          }
          if (t.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS) {
            node.primitive = utc ? PhysicalType.TIMESTAMPTZ_NANOS : PhysicalType.TIMESTAMPNTZ_NANOS;
            return utc ? Types.TimestampNanoType.withZone() : Types.TimestampNanoType.withoutZone();
          }
        }
        break;
      case FLOAT:
        node.primitive = PhysicalType.FLOAT;
        return Types.FloatType.get();
      case DOUBLE:
        node.primitive = PhysicalType.DOUBLE;
        return Types.DoubleType.get();
      case BINARY:
        if (a == null) {
          node.primitive = PhysicalType.BINARY;
          return Types.BinaryType.get();
        }
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          node.primitive = PhysicalType.STRING;
          return Types.StringType.get();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          node.primitive = PhysicalType.DECIMAL16;
          return Types.DecimalType.of(d.getPrecision(), d.getScale());
        }
        break;
      case FIXED_LEN_BYTE_ARRAY:
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          node.primitive = PhysicalType.UUID;
          return Types.UUIDType.get();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          node.primitive = PhysicalType.DECIMAL16;
          return Types.DecimalType.of(d.getPrecision(), d.getScale());
        }
        break;
      default:
        break;
    }
    throw new UnsupportedOperationException(
        "Shredded variant values of Parquet type " + p + " have no variant form");
  }

  /**
   * Rebuilds the variant binaries of rows {@code [0, n)} from the decoded shredded group.
   *
   * @param raw the group decoded as {@link #type}
   * @param out the output vector ({@code struct<metadata, value>})
   * @param n the rows
   */
  void assemble(StructVector raw, StructVector out, int n) {
    VarBinaryVector rawMetadata = (VarBinaryVector) raw.getChildByOrdinal(0);
    VarBinaryVector rawValue = (VarBinaryVector) raw.getChildByOrdinal(1);
    FieldVector typed = (FieldVector) raw.getChildByOrdinal(root.typedIndex);
    VarBinaryVector metadata = (VarBinaryVector) out.getChildByOrdinal(0);
    VarBinaryVector value = (VarBinaryVector) out.getChildByOrdinal(1);
    for (int i = 0; i < n; i++) {
      if (raw.isNull(i)) {
        continue;
      }
      out.setIndexDefined(i);
      copy(rawMetadata, i, metadata);
      if (typed.isNull(i)) {
        if (rawValue.isNull(i)) {
          value.setSafe(i, VARIANT_NULL);
        } else {
          copy(rawValue, i, value);
        }
        continue;
      }
      if (flat && mergeFlat(raw, (StructVector) typed, i, rawMetadata, rawValue, value)) {
        continue;
      }
      VariantMetadata md = Variants.metadata(buffer(rawMetadata.get(i)));
      VariantValue v = read(root, raw, i, md);
      if (v == null) {
        value.setSafe(i, VARIANT_NULL);
        continue;
      }
      int size = v.sizeInBytes();
      ByteBuffer bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
      v.writeTo(bytes, 0);
      value.setSafe(i, bytes.array(), 0, size);
    }
  }

  // ---- the flat object merge: Floe's shredding layout, per row without Iceberg's object classes

  /** The metadata bytes the cached dictionary below was read from. */
  private byte[] cachedMetadata;

  /** Per dictionary id, the rank of its name in the order object fields are sorted by. */
  private int[] rank;

  /** Per shredded field, its dictionary id in the cached metadata (-1: absent). */
  private int[] shreddedIds;

  private byte[] out = new byte[256];
  private final ByteBuffer scratch = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

  /** The fields of the row being merged: ids, and where each value's bytes are. */
  private int[] ids = new int[16];

  private byte[][] sources = new byte[16][];
  private int[] starts = new int[16];
  private int[] lengths = new int[16];
  private Integer[] order = new Integer[16];

  /**
   * Merges one row's residual object and shredded primitive fields into the object's binary, the
   * encoding Iceberg's {@link ShreddedObject} writes (field ids sorted by name, smallest id and
   * offset widths); false (and nothing written) when the row is not the simple case (a shredded
   * name missing from the metadata, a residual that is not an object), left to {@link #read}.
   */
  private boolean mergeFlat(
      StructVector raw,
      StructVector typedFields,
      int i,
      VarBinaryVector rawMetadata,
      VarBinaryVector rawValue,
      VarBinaryVector value) {
    byte[] metadata = rawMetadata.get(i);
    if (!java.util.Arrays.equals(metadata, cachedMetadata)) {
      VariantMetadata md = Variants.metadata(buffer(metadata));
      int size = md.dictionarySize();
      String[] names = new String[size];
      Integer[] byName = new Integer[size];
      for (int id = 0; id < size; id++) {
        names[id] = md.get(id);
        byName[id] = id;
      }
      java.util.Arrays.sort(byName, (a, b) -> names[a].compareTo(names[b]));
      rank = new int[size];
      for (int r = 0; r < size; r++) {
        rank[byName[r]] = r;
      }
      shreddedIds = new int[root.names.length];
      for (int k = 0; k < shreddedIds.length; k++) {
        shreddedIds[k] = md.id(root.names[k]);
      }
      cachedMetadata = metadata;
    }
    int count = 0;
    byte[] residual = null;
    if (!rawValue.isNull(i)) {
      residual = rawValue.get(i);
      int header = residual[0] & 0xFF;
      if ((header & 3) != 2) {
        return false; // not an object: the general path reports it
      }
      int vh = header >> 2;
      boolean large = ((vh >> 4) & 1) == 1;
      int idSize = ((vh >> 2) & 3) + 1;
      int offsetSize = (vh & 3) + 1;
      int n = large ? readLe(residual, 1, 4) : residual[1] & 0xFF;
      int idsAt = 1 + (large ? 4 : 1);
      int offsetsAt = idsAt + n * idSize;
      int dataAt = offsetsAt + (n + 1) * offsetSize;
      ensure(n + root.names.length);
      for (int j = 0; j < n; j++) {
        int start = dataAt + readLe(residual, offsetsAt + j * offsetSize, offsetSize);
        ids[count] = readLe(residual, idsAt + j * idSize, idSize);
        sources[count] = residual;
        starts[count] = start;
        lengths[count] = sizeOf(residual, start);
        count++;
      }
    } else {
      ensure(root.names.length);
    }
    int fromResidual = count;
    for (int k = 0; k < root.fields.length; k++) {
      Node f = root.fields[k];
      StructVector pair = (StructVector) typedFields.getChildByOrdinal(k);
      if (pair.isNull(i)) {
        continue;
      }
      byte[] bytes = null;
      if (f.typedIndex >= 0 && !((FieldVector) pair.getChildByOrdinal(f.typedIndex)).isNull(i)) {
        if (f.valueIndex >= 0 && !((FieldVector) pair.getChildByOrdinal(f.valueIndex)).isNull(i)) {
          return false; // both set: the general path reports it
        }
        FieldVector typedVector = (FieldVector) pair.getChildByOrdinal(f.typedIndex);
        bytes = encode(f.primitive, typedVector, i);
        if (bytes == null) {
          VariantValue v = primitive(f.primitive, typedVector, i);
          int size = v.sizeInBytes();
          bytes = new byte[size];
          ByteBuffer target = size <= scratch.capacity() ? scratch : ByteBuffer.allocate(size);
          target.order(ByteOrder.LITTLE_ENDIAN);
          v.writeTo(target, 0);
          System.arraycopy(target.array(), 0, bytes, 0, size);
        }
      } else if (f.valueIndex >= 0
          && !((FieldVector) pair.getChildByOrdinal(f.valueIndex)).isNull(i)) {
        bytes = ((VarBinaryVector) pair.getChildByOrdinal(f.valueIndex)).get(i);
      }
      if (bytes == null) {
        // missing: also dropped from the residual, as ShreddedObject.remove does
        removeId(shreddedIds[k], fromResidual);
        continue;
      }
      int id = shreddedIds[k];
      if (id < 0) {
        return false; // a name the metadata lacks
      }
      removeId(id, fromResidual);
      ids[count] = id;
      sources[count] = bytes;
      starts[count] = 0;
      lengths[count] = bytes.length;
      count++;
    }
    // sort the fields by name
    int live = 0;
    int dataSize = 0;
    int maxId = 0;
    for (int j = 0; j < count; j++) {
      if (ids[j] >= 0) {
        order[live++] = j;
        dataSize += lengths[j];
        maxId = Math.max(maxId, ids[j]);
      }
    }
    final int[] r = rank;
    final int[] fieldIds = ids;
    java.util.Arrays.sort(
        order, 0, live, (a, b) -> Integer.compare(r[fieldIds[a]], r[fieldIds[b]]));
    int idSize = widthOf(maxId);
    int offsetSize = widthOf(dataSize);
    boolean large = live > 0xFF;
    int headerSize = 1 + (large ? 4 : 1);
    int total = headerSize + live * idSize + (live + 1) * offsetSize + dataSize;
    if (out.length < total) {
      out = new byte[Math.max(total, out.length * 2)];
    }
    out[0] = (byte) (2 | (((large ? 1 : 0) << 4 | (idSize - 1) << 2 | (offsetSize - 1)) << 2));
    writeLe(out, 1, live, large ? 4 : 1);
    int idsAt = headerSize;
    int offsetsAt = idsAt + live * idSize;
    int dataAt = offsetsAt + (live + 1) * offsetSize;
    int offset = 0;
    for (int j = 0; j < live; j++) {
      int f = order[j];
      writeLe(out, idsAt + j * idSize, ids[f], idSize);
      writeLe(out, offsetsAt + j * offsetSize, offset, offsetSize);
      System.arraycopy(sources[f], starts[f], out, dataAt + offset, lengths[f]);
      offset += lengths[f];
    }
    writeLe(out, offsetsAt + live * offsetSize, offset, offsetSize);
    value.setSafe(i, out, 0, total);
    return true;
  }

  /**
   * The variant encoding of a typed value of the commonest shredded types, written from the
   * vector's buffers (the spec's primitive headers: type id in the upper six bits); null for the
   * others, which Iceberg's {@link Variants#of} encodes.
   */
  private static byte[] encode(PhysicalType type, FieldVector v, int i) {
    switch (type) {
      case INT64:
        {
          byte[] b = new byte[9];
          b[0] = 6 << 2;
          long value = ((BaseFixedWidthVector) v).getDataBuffer().getLong(8L * i);
          for (int k = 0; k < 8; k++) {
            b[1 + k] = (byte) (value >>> (8 * k));
          }
          return b;
        }
      case BOOLEAN_TRUE:
        return new byte[] {(byte) ((((BitVector) v).get(i) != 0 ? 1 : 2) << 2)};
      case STRING:
        {
          byte[] text = ((VarCharVector) v).get(i);
          if (text.length < 64) {
            byte[] b = new byte[1 + text.length];
            b[0] = (byte) (text.length << 2 | 1); // short string
            System.arraycopy(text, 0, b, 1, text.length);
            return b;
          }
          byte[] b = new byte[5 + text.length];
          b[0] = 16 << 2;
          writeLe(b, 1, text.length, 4);
          System.arraycopy(text, 0, b, 5, text.length);
          return b;
        }
      case DECIMAL4:
      case DECIMAL8:
        {
          // the low bytes of Arrow's 16-byte little-endian unscaled value (it fits: precision)
          int width = type == PhysicalType.DECIMAL4 ? 4 : 8;
          byte[] b = new byte[2 + width];
          b[0] = (byte) ((type == PhysicalType.DECIMAL4 ? 8 : 9) << 2);
          b[1] = (byte) ((DecimalVector) v).getScale();
          ((DecimalVector) v).getDataBuffer().getBytes(16L * i, b, 2, width);
          return b;
        }
      default:
        return null;
    }
  }

  private void removeId(int id, int fromResidual) {
    if (id < 0) {
      return;
    }
    for (int j = 0; j < fromResidual; j++) {
      if (ids[j] == id) {
        ids[j] = -1;
      }
    }
  }

  private void ensure(int n) {
    if (ids.length < n) {
      int size = Math.max(n, ids.length * 2);
      ids = java.util.Arrays.copyOf(ids, size);
      sources = java.util.Arrays.copyOf(sources, size);
      starts = java.util.Arrays.copyOf(starts, size);
      lengths = java.util.Arrays.copyOf(lengths, size);
      order = java.util.Arrays.copyOf(order, size);
    }
  }

  private static int widthOf(int max) {
    return max <= 0xFF ? 1 : max <= 0xFFFF ? 2 : max <= 0xFFFFFF ? 3 : 4;
  }

  private static int readLe(byte[] b, int at, int width) {
    int v = 0;
    for (int k = 0; k < width; k++) {
      v |= (b[at + k] & 0xFF) << (8 * k);
    }
    return v;
  }

  private static void writeLe(byte[] b, int at, int v, int width) {
    for (int k = 0; k < width; k++) {
      b[at + k] = (byte) (v >>> (8 * k));
    }
  }

  /** The size of the encoded variant value starting at {@code at}. */
  static int sizeOf(byte[] b, int at) {
    int header = b[at] & 0xFF;
    int vh = header >> 2;
    switch (header & 3) {
      case 0:
        switch (vh) {
          case 0, 1, 2:
            return 1;
          case 3:
            return 2;
          case 4:
            return 3;
          case 5, 11, 14:
            return 5;
          case 6, 7, 12, 13, 17, 18, 19:
            return 9;
          case 8:
            return 6;
          case 9:
            return 10;
          case 10:
            return 18;
          case 15, 16:
            return 5 + readLe(b, at + 1, 4);
          case 20:
            return 17;
          default:
            throw new IllegalStateException("Invalid variant: primitive type " + vh);
        }
      case 1:
        return 1 + vh;
      case 2:
        {
          boolean large = ((vh >> 4) & 1) == 1;
          int idSize = ((vh >> 2) & 3) + 1;
          int offsetSize = (vh & 3) + 1;
          int n = large ? readLe(b, at + 1, 4) : b[at + 1] & 0xFF;
          int offsetsAt = at + 1 + (large ? 4 : 1) + n * idSize;
          return offsetsAt
              - at
              + (n + 1) * offsetSize
              + readLe(b, offsetsAt + n * offsetSize, offsetSize);
        }
      default:
        {
          boolean large = ((vh >> 2) & 1) == 1;
          int offsetSize = (vh & 3) + 1;
          int n = large ? readLe(b, at + 1, 4) : b[at + 1] & 0xFF;
          int offsetsAt = at + 1 + (large ? 4 : 1);
          return offsetsAt
              - at
              + (n + 1) * offsetSize
              + readLe(b, offsetsAt + n * offsetSize, offsetSize);
        }
    }
  }

  private static void copy(VarBinaryVector from, int i, VarBinaryVector to) {
    ArrowBuf offsets = from.getOffsetBuffer();
    int start = offsets.getInt(4L * i);
    int end = offsets.getInt(4L * i + 4);
    to.setSafe(i, 1, start, end, from.getDataBuffer());
  }

  private static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The value of one pair at one slot; null when missing (an object field not present). */
  private static VariantValue read(Node node, StructVector pair, int i, VariantMetadata md) {
    VariantValue value = null;
    if (node.valueIndex >= 0) {
      VarBinaryVector v = (VarBinaryVector) pair.getChildByOrdinal(node.valueIndex);
      if (!v.isNull(i)) {
        value = Variants.value(md, buffer(v.get(i)));
      }
    }
    FieldVector typed =
        node.typedIndex >= 0 ? (FieldVector) pair.getChildByOrdinal(node.typedIndex) : null;
    if (typed == null || typed.isNull(i)) {
      return value;
    }
    if (node.fields != null) {
      ShreddedObject object;
      if (value == null) {
        object = Variants.object(md);
      } else if (value.type() == PhysicalType.OBJECT) {
        object = Variants.object(md, (VariantObject) value);
      } else {
        throw new IllegalStateException(
            "Invalid variant: a " + value.type() + " value beside shredded object fields");
      }
      StructVector fields = (StructVector) typed;
      for (int k = 0; k < node.fields.length; k++) {
        StructVector field = (StructVector) fields.getChildByOrdinal(k);
        VariantValue f = field.isNull(i) ? null : read(node.fields[k], field, i, md);
        if (f == null) {
          object.remove(node.names[k]);
        } else {
          object.put(node.names[k], f);
        }
      }
      return object;
    }
    if (value != null) {
      throw new IllegalStateException(
          "Invalid variant: both value and typed_value are set (" + value.type() + ")");
    }
    if (node.element != null) {
      ListVector list = (ListVector) typed;
      StructVector elements = (StructVector) list.getDataVector();
      int start = list.getOffsetBuffer().getInt(4L * i);
      int end = list.getOffsetBuffer().getInt(4L * i + 4);
      ValueArray array = Variants.array();
      for (int j = start; j < end; j++) {
        VariantValue e = elements.isNull(j) ? null : read(node.element, elements, j, md);
        array.add(e == null ? Variants.ofNull() : e);
      }
      return array;
    }
    return primitive(node.primitive, typed, i);
  }

  private static VariantValue primitive(PhysicalType type, FieldVector v, int i) {
    switch (type) {
      case BOOLEAN_TRUE:
        return Variants.of(((BitVector) v).get(i) != 0);
      case INT8:
        return Variants.of((byte) ((IntVector) v).get(i));
      case INT16:
        return Variants.of((short) ((IntVector) v).get(i));
      case INT32:
        return Variants.of(((IntVector) v).get(i));
      case DATE:
        return Variants.ofDate(((BaseFixedWidthVector) v).getDataBuffer().getInt(4L * i));
      case INT64:
      case TIME:
      case TIMESTAMPTZ:
      case TIMESTAMPNTZ:
      case TIMESTAMPTZ_NANOS:
      case TIMESTAMPNTZ_NANOS:
        return Variants.of(type, ((BaseFixedWidthVector) v).getDataBuffer().getLong(8L * i));
      case FLOAT:
        return Variants.of(((Float4Vector) v).get(i));
      case DOUBLE:
        return Variants.of(((Float8Vector) v).get(i));
      case DECIMAL4:
      case DECIMAL8:
      case DECIMAL16:
        return Variants.of(type, ((DecimalVector) v).getObject(i));
      case STRING:
        return Variants.of(new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8));
      case BINARY:
        return Variants.of(ByteBuffer.wrap(((VarBinaryVector) v).get(i)));
      case UUID:
        {
          ByteBuffer b = ByteBuffer.wrap(((FixedSizeBinaryVector) v).get(i));
          return Variants.ofUUID(new java.util.UUID(b.getLong(), b.getLong()));
        }
      default:
        throw new IllegalStateException("Unexpected variant type " + type);
    }
  }
}
