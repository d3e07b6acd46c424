package io.floe.parquet.internal;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Reads one leaf column of a nested field (struct, list, map) and rebuilds the Arrow vectors on its
 * path from repetition and definition levels (Dremel record assembly). Every leaf computes the slot
 * indexes of all vectors on its path; the first leaf under a vector (its owner) writes that
 * vector's validity and offsets, so sibling leaves never disagree.
 */
final class NestedColumnReader {
  private static final PrimitiveConverter NO_CONVERTER = new PrimitiveConverter() {};

  enum LevelKind {
    STRUCT,
    LIST,
    ENTRIES,
    LEAF
  }

  /** One vector on a leaf's path, with the levels at which it gets a slot and is non-null. */
  static final class Level {
    final LevelKind kind;
    final int[] vectorPath;
    final int slotRep;
    final int slotDef;
    final int presentDef;
    Object owner;

    Level(LevelKind kind, int[] vectorPath, int slotRep, int slotDef, int presentDef) {
      this.kind = kind;
      this.vectorPath = vectorPath;
      this.slotRep = slotRep;
      this.slotDef = slotDef;
      this.presentDef = presentDef;
    }
  }

  /** The static description of a leaf, shared by all row groups of a file. */
  static final class Leaf {
    final int topIndex;
    final ColumnDescriptor desc;
    final Level[] levels;
    final ValueKind kind;
    final long scale;

    Leaf(int topIndex, ColumnDescriptor desc, List<Level> levels, ValueKind kind, long scale) {
      this.topIndex = topIndex;
      this.desc = desc;
      this.levels = levels.toArray(new Level[0]);
      this.kind = kind;
      this.scale = scale;
      for (Level level : this.levels) {
        if (level.owner == null) {
          level.owner = this;
        }
      }
    }
  }

  private final Leaf leaf;
  private final ColumnReader reader;
  private final int maxDef;
  private final int[] counts;
  private final FieldVector[] vectors;
  private final boolean[] own;

  NestedColumnReader(Leaf leaf, PageReader pages, VersionParser.ParsedVersion writer) {
    this.leaf = leaf;
    this.reader = new ColumnReaderImpl(leaf.desc, pages, NO_CONVERTER, writer);
    this.maxDef = leaf.desc.getMaxDefinitionLevel();
    this.counts = new int[leaf.levels.length];
    this.vectors = new FieldVector[leaf.levels.length];
    this.own = new boolean[leaf.levels.length];
    for (int j = 0; j < own.length; j++) {
      own[j] = leaf.levels[j].owner == leaf;
    }
  }

  int topIndex() {
    return leaf.topIndex;
  }

  /** Reads {@code n} rows into the batch's top-level vector {@code top}. */
  void read(FieldVector top, int n) {
    for (int j = 0; j < vectors.length; j++) {
      FieldVector v = top;
      for (int child : leaf.levels[j].vectorPath) {
        v = (FieldVector) v.getChildrenFromFields().get(child);
      }
      vectors[j] = v;
      counts[j] = 0;
    }
    for (int row = 0; row < n; row++) {
      do {
        process(reader.getCurrentRepetitionLevel(), reader.getCurrentDefinitionLevel(), true);
        reader.consume();
      } while (reader.getCurrentRepetitionLevel() > 0);
    }
  }

  /** Skips {@code n} rows. */
  void skip(int n) {
    for (int row = 0; row < n; row++) {
      do {
        if (reader.getCurrentDefinitionLevel() == maxDef) {
          reader.skip();
        }
        reader.consume();
      } while (reader.getCurrentRepetitionLevel() > 0);
    }
  }

  private void process(int r, int d, boolean write) {
    Level[] levels = leaf.levels;
    boolean valueRead = false;
    for (int j = 0; j < levels.length; j++) {
      Level level = levels[j];
      if (r > level.slotRep || d < level.slotDef) {
        continue;
      }
      int idx = counts[j]++;
      if (j > 0 && own[j - 1] && levels[j - 1].kind == LevelKind.LIST) {
        ListVector parent = (ListVector) vectors[j - 1];
        parent.getOffsetBuffer().setInt((long) counts[j - 1] * 4, counts[j]);
      }
      boolean present = d >= level.presentDef;
      switch (level.kind) {
        case LIST:
          if (own[j]) {
            ListVector list = (ListVector) vectors[j];
            list.startNewValue(idx);
            if (!present) {
              BitVectorHelper.unsetBit(list.getValidityBuffer(), idx);
            }
          }
          break;
        case STRUCT:
          if (own[j] && present) {
            ((StructVector) vectors[j]).setIndexDefined(idx);
          }
          break;
        case ENTRIES:
          if (own[j]) {
            ((StructVector) vectors[j]).setIndexDefined(idx);
          }
          break;
        case LEAF:
          if (present && leaf.kind != null && write) {
            writeValue(vectors[j], idx);
            valueRead = true;
          }
          break;
        default:
          throw new IllegalStateException();
      }
    }
    if (d == maxDef && !valueRead) {
      reader.skip();
    }
  }

  private static ArrowBuf fixed(FieldVector v, int idx) {
    while (idx >= v.getValueCapacity()) {
      v.reAlloc();
    }
    BitVectorHelper.setBit(v.getValidityBuffer(), idx);
    return ((BaseFixedWidthVector) v).getDataBuffer();
  }

  private void writeValue(FieldVector v, int idx) {
    switch (leaf.kind) {
      case INT32:
        fixed(v, idx).setInt(4L * idx, reader.getInteger());
        break;
      case INT32_TO_INT64:
        fixed(v, idx).setLong(8L * idx, reader.getInteger());
        break;
      case INT64:
        fixed(v, idx).setLong(8L * idx, reader.getLong() * leaf.scale);
        break;
      case INT32_TO_DECIMAL:
      case INT64_TO_DECIMAL:
        {
          long value =
              leaf.kind == ValueKind.INT32_TO_DECIMAL ? reader.getInteger() : reader.getLong();
          ArrowBuf buf = fixed(v, idx);
          buf.setLong(16L * idx, value);
          buf.setLong(16L * idx + 8, value >> 63);
          break;
        }
      case FLOAT:
        fixed(v, idx).setFloat(4L * idx, reader.getFloat());
        break;
      case FLOAT_TO_DOUBLE:
        fixed(v, idx).setDouble(8L * idx, reader.getFloat());
        break;
      case DOUBLE:
        fixed(v, idx).setDouble(8L * idx, reader.getDouble());
        break;
      case BOOLEAN:
        ((BitVector) v).setSafe(idx, reader.getBoolean() ? 1 : 0);
        break;
      case VARBINARY:
        {
          byte[] bytes = reader.getBinary().getBytesUnsafe();
          ((BaseVariableWidthVector) v).setSafe(idx, bytes, 0, bytes.length);
          break;
        }
      case FIXED:
        {
          Binary b = reader.getBinary();
          byte[] bytes = b.getBytesUnsafe();
          int width = ((org.apache.arrow.vector.FixedSizeBinaryVector) v).getByteWidth();
          if (bytes.length != width) {
            throw new IllegalStateException(
                "Corrupt file: fixed value of " + bytes.length + " bytes in " + leaf.desc);
          }
          fixed(v, idx).setBytes((long) idx * width, bytes, 0, width);
          break;
        }
      case FIXED_TO_DECIMAL:
      case BINARY_TO_DECIMAL:
        {
          byte[] bytes = reader.getBinary().getBytesUnsafe();
          FlatColumnReader.writeBigEndianDecimal(fixed(v, idx), 16L * idx, bytes, 0, bytes.length);
          break;
        }
      default:
        throw new IllegalStateException("Unexpected kind " + leaf.kind);
    }
  }
}
