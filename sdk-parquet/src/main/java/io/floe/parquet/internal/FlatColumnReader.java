package io.floe.parquet.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;

/**
 * Decodes one top-level primitive column chunk (no repetition) straight from its pages into an
 * Arrow vector: definition levels and dictionary ids are decoded run by run, PLAIN fixed-width
 * values with no nulls are copied in bulk, and strings are copied from the page without per-value
 * objects. Encodings other than PLAIN and dictionary go through Parquet's own {@link ValuesReader}.
 */
final class FlatColumnReader {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_LE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private static final sun.misc.Unsafe UNSAFE = Unsafes.UNSAFE;

  private static final int PLAIN = 0;
  private static final int DICT = 1;
  private static final int OTHER = 2;

  private final ColumnDescriptor desc;
  private final PageReader pages;
  private final int maxDef;
  private final int defWidth;
  private final ValueKind kind;
  private final long scale;
  private final int fixedLength;

  private int[] dictInts;
  private long[] dictLongs;
  private float[] dictFloats;
  private double[] dictDoubles;
  private byte[] dictBytes;
  private int[] dictStarts;
  private int[] dictLens;

  private int pageLeft;

  /** The current page when fetched but not yet decoded; null once its decoders are set up. */
  private DataPage page;

  /** Rows skipped but not yet decoded past (see {@link #skip(int)}). */
  private long pendingSkip;

  private final HybridDecoder defDecoder = new HybridDecoder();
  private final HybridDecoder idDecoder = new HybridDecoder();
  private int mode;
  private byte[] data;
  private int pos;
  private int bitPos;
  private ValuesReader other;

  private int[] defs = new int[0];
  private int[] ids = new int[0];
  private int[] starts = new int[0];
  private int[] lens = new int[0];
  private byte[] otherBytes = new byte[0];

  FlatColumnReader(ColumnDescriptor desc, PageReader pages, ValueKind kind, long scale) {
    this.desc = desc;
    this.pages = pages;
    this.maxDef = desc.getMaxDefinitionLevel();
    this.defWidth = BytesUtils.getWidthFromMaxInt(maxDef);
    this.kind = kind;
    this.scale = scale;
    this.fixedLength = desc.getPrimitiveType().getTypeLength();
    DictionaryPage dictPage = pages.readDictionaryPage();
    if (dictPage != null) {
      loadDictionary(dictPage);
    }
  }

  private void loadDictionary(DictionaryPage page) {
    Dictionary dict;
    try {
      dict = page.getEncoding().initDictionary(desc, page);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int size = dict.getMaxId() + 1;
    switch (desc.getPrimitiveType().getPrimitiveTypeName()) {
      case INT32:
        dictInts = new int[size];
        for (int i = 0; i < size; i++) {
          dictInts[i] = dict.decodeToInt(i);
        }
        break;
      case INT64:
        dictLongs = new long[size];
        for (int i = 0; i < size; i++) {
          dictLongs[i] = dict.decodeToLong(i);
        }
        break;
      case FLOAT:
        dictFloats = new float[size];
        for (int i = 0; i < size; i++) {
          dictFloats[i] = dict.decodeToFloat(i);
        }
        break;
      case DOUBLE:
        dictDoubles = new double[size];
        for (int i = 0; i < size; i++) {
          dictDoubles[i] = dict.decodeToDouble(i);
        }
        break;
      default:
        int total = 0;
        Binary[] values = new Binary[size];
        for (int i = 0; i < size; i++) {
          values[i] = dict.decodeToBinary(i);
          total += values[i].length();
        }
        dictBytes = new byte[total];
        dictStarts = new int[size];
        dictLens = new int[size];
        int at = 0;
        for (int i = 0; i < size; i++) {
          ByteBuffer b = values[i].toByteBuffer();
          int len = b.remaining();
          b.get(dictBytes, at, len);
          dictStarts[i] = at;
          dictLens[i] = len;
          at += len;
        }
    }
  }

  /** Reads {@code n} rows into {@code vector} starting at {@code at}. */
  void read(FieldVector vector, int at, int n) {
    if (pendingSkip > 0) {
      long rows = pendingSkip;
      pendingSkip = 0;
      skipNow(rows);
    }
    while (n > 0) {
      if (pageLeft == 0) {
        fetchPage();
      }
      if (page != null) {
        initPage();
      }
      int k = Math.min(n, pageLeft);
      int present;
      if (maxDef == 0) {
        present = k;
      } else {
        if (defs.length < k) {
          defs = new int[Math.max(k, 1024)];
        }
        defDecoder.read(defs, 0, k);
        present = 0;
        for (int i = 0; i < k; i++) {
          if (defs[i] == maxDef) {
            present++;
          }
        }
      }
      write(vector, at, k, present);
      at += k;
      n -= k;
      pageLeft -= k;
    }
  }

  /**
   * Skips {@code n} rows. Skips are deferred until the next read, so rows skipped at the end of a
   * row group (a batch without survivors, the tail after a point lookup's hit) cost nothing.
   */
  void skip(int n) {
    pendingSkip += n;
  }

  private void skipNow(long rows) {
    while (rows > 0) {
      if (pageLeft == 0) {
        fetchPage();
      }
      int k = (int) Math.min(rows, pageLeft);
      if (k < pageLeft) {
        if (page != null) {
          initPage();
        }
        int present = k;
        if (maxDef > 0) {
          if (defs.length < k) {
            defs = new int[Math.max(k, 1024)];
          }
          present = defDecoder.count(defs, k, maxDef);
        }
        skipValues(present);
      }
      // skipping the rest of a page needs no decoding (nor, when none of it was read,
      // decompressing)
      if (k == pageLeft) {
        page = null;
      }
      rows -= k;
      pageLeft -= k;
    }
  }

  /** Moves to the next page without touching its data (decompressed only when read). */
  private void fetchPage() {
    page = pages.readPage();
    if (page == null) {
      throw new IllegalStateException(
          "Corrupt file: column " + desc + " has fewer values than rows");
    }
    pageLeft = page.getValueCount();
  }

  /** Decompresses the fetched page and prepares its level and value decoders. */
  private void initPage() {
    DataPage page = this.page;
    this.page = null;
    try {
      if (page instanceof DataPageV1) {
        DataPageV1 p = (DataPageV1) page;
        byte[] bytes = p.getBytes().toByteArray();
        int off = 0;
        if (maxDef > 0) {
          if (p.getDlEncoding() != Encoding.RLE) {
            throw new IllegalStateException(
                "Unsupported definition level encoding " + p.getDlEncoding());
          }
          int len = (int) INT_LE.get(bytes, off);
          defDecoder.init(bytes, off + 4, off + 4 + len, defWidth);
          off += 4 + len;
        }
        initValues(p.getValueEncoding(), bytes, off, pageLeft);
      } else {
        DataPageV2 p = (DataPageV2) page;
        if (maxDef > 0) {
          byte[] dl = p.getDefinitionLevels().toByteArray();
          defDecoder.init(dl, 0, dl.length, defWidth);
        }
        initValues(p.getDataEncoding(), p.getData().toByteArray(), 0, pageLeft);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void initValues(Encoding enc, byte[] bytes, int off, int count) throws IOException {
    if (enc.usesDictionary()) {
      if (dictInts == null
          && dictLongs == null
          && dictFloats == null
          && dictDoubles == null
          && dictBytes == null) {
        throw new IllegalStateException(
            "Corrupt file: dictionary-encoded page without a dictionary in " + desc);
      }
      mode = DICT;
      idDecoder.init(bytes, off + 1, bytes.length, bytes[off] & 0xFF);
    } else if (enc == Encoding.PLAIN) {
      mode = PLAIN;
      data = bytes;
      pos = off;
      bitPos = 0;
    } else {
      mode = OTHER;
      other = enc.getValuesReader(desc, ValuesType.VALUES);
      other.initFromPage(
          count, ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes, off, bytes.length - off)));
    }
  }

  private void readIds(int count) {
    if (ids.length < count) {
      ids = new int[Math.max(count, 1024)];
    }
    idDecoder.read(ids, 0, count);
  }

  private void skipValues(int count) {
    if (count == 0) {
      return;
    }
    switch (mode) {
      case DICT:
        readIds(count);
        return;
      case OTHER:
        other.skip(count);
        return;
      default:
        break;
    }
    switch (desc.getPrimitiveType().getPrimitiveTypeName()) {
      case BOOLEAN:
        bitPos += count;
        return;
      case INT32:
      case FLOAT:
        pos += 4 * count;
        return;
      case INT64:
      case DOUBLE:
        pos += 8 * count;
        return;
      case FIXED_LEN_BYTE_ARRAY:
        pos += fixedLength * count;
        return;
      case INT96:
        pos += 12 * count;
        return;
      case BINARY:
        for (int i = 0; i < count; i++) {
          pos += 4 + (int) INT_LE.get(data, pos);
        }
        return;
      default:
        throw new IllegalStateException("Unsupported Parquet type " + desc.getPrimitiveType());
    }
  }

  private static void setValidRange(ArrowBuf validity, int from, int count) {
    int i = from;
    int end = from + count;
    while (i < end && (i & 7) != 0) {
      BitVectorHelper.setBit(validity, i++);
    }
    if (end - i >= 8) {
      int bytes = (end - i) >>> 3;
      validity.setOne(i >>> 3, bytes);
      i += bytes << 3;
    }
    while (i < end) {
      BitVectorHelper.setBit(validity, i++);
    }
  }

  private void write(FieldVector vector, int at, int k, int present) {
    boolean all = present == k;
    switch (kind) {
      case VARBINARY:
        writeVar((BaseVariableWidthVector) vector, at, k, present);
        return;
      case FIXED:
        writeFixedBinary((FixedSizeBinaryVector) vector, at, k, present);
        return;
      case BOOLEAN:
        writeBoolean((BaseFixedWidthVector) vector, at, k);
        return;
      case FIXED_TO_DECIMAL:
      case BINARY_TO_DECIMAL:
        writeBinaryDecimal((BaseFixedWidthVector) vector, at, k, present);
        return;
      case INT96_TO_TIMESTAMP:
        writeInt96((BaseFixedWidthVector) vector, at, k, present);
        return;
      default:
        break;
    }
    BaseFixedWidthVector v = (BaseFixedWidthVector) vector;
    ArrowBuf out = v.getDataBuffer();
    ArrowBuf validity = v.getValidityBuffer();
    int w = kind.width;
    if (all
        && mode == PLAIN
        && scale == 1
        && (kind == ValueKind.INT32
            || kind == ValueKind.INT64
            || kind == ValueKind.FLOAT
            || kind == ValueKind.DOUBLE)) {
      out.setBytes((long) at * w, data, pos, (long) k * w);
      pos += k * w;
      setValidRange(validity, at, k);
      return;
    }
    if (mode == DICT) {
      readIds(present);
      if (all && scale == 1 && gatherDictionary(out, at, k)) {
        setValidRange(validity, at, k);
        return;
      }
    }
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (!all && defs[i] != maxDef) {
        continue;
      }
      long idx = (long) (at + i) * w;
      switch (kind) {
        case INT32:
          out.setInt(idx, nextInt(j));
          break;
        case INT32_TO_INT64:
          out.setLong(idx, nextInt(j));
          break;
        case INT32_TO_DECIMAL:
          {
            long value = nextInt(j);
            out.setLong(idx, value);
            out.setLong(idx + 8, value >> 63);
            break;
          }
        case INT64:
          out.setLong(idx, nextLong(j) * scale);
          break;
        case INT64_TO_DECIMAL:
          {
            long value = nextLong(j);
            out.setLong(idx, value);
            out.setLong(idx + 8, value >> 63);
            break;
          }
        case FLOAT:
          out.setFloat(idx, nextFloat(j));
          break;
        case FLOAT_TO_DOUBLE:
          out.setDouble(idx, nextFloat(j));
          break;
        case DOUBLE:
          out.setDouble(idx, nextDouble(j));
          break;
        default:
          throw new IllegalStateException("Unexpected kind " + kind);
      }
      j++;
    }
    if (all) {
      setValidRange(validity, at, k);
    } else {
      for (int i = 0; i < k; i++) {
        if (defs[i] == maxDef) {
          BitVectorHelper.setBit(validity, at + i);
        }
      }
    }
  }

  /** Dictionary lookups for columns without nulls, written straight to the vector's memory. */
  private boolean gatherDictionary(ArrowBuf out, int at, int k) {
    if (out.capacity() < (long) (at + k) * kind.width) {
      throw new IllegalStateException("Vector too small for " + (at + k) + " values");
    }
    long address = out.memoryAddress() + (long) at * kind.width;
    int[] idx = ids;
    switch (kind) {
      case INT64:
        {
          long[] dict = dictLongs;
          for (int i = 0; i < k; i++) {
            UNSAFE.putLong(address + 8L * i, dict[idx[i]]);
          }
          return true;
        }
      case DOUBLE:
        {
          double[] dict = dictDoubles;
          for (int i = 0; i < k; i++) {
            UNSAFE.putDouble(address + 8L * i, dict[idx[i]]);
          }
          return true;
        }
      case INT32:
        {
          int[] dict = dictInts;
          for (int i = 0; i < k; i++) {
            UNSAFE.putInt(address + 4L * i, dict[idx[i]]);
          }
          return true;
        }
      case FLOAT:
        {
          float[] dict = dictFloats;
          for (int i = 0; i < k; i++) {
            UNSAFE.putFloat(address + 4L * i, dict[idx[i]]);
          }
          return true;
        }
      default:
        return false;
    }
  }

  private int nextInt(int j) {
    switch (mode) {
      case PLAIN:
        {
          int v = (int) INT_LE.get(data, pos);
          pos += 4;
          return v;
        }
      case DICT:
        return dictInts[ids[j]];
      default:
        return other.readInteger();
    }
  }

  private long nextLong(int j) {
    switch (mode) {
      case PLAIN:
        {
          long v = (long) LONG_LE.get(data, pos);
          pos += 8;
          return v;
        }
      case DICT:
        return dictLongs[ids[j]];
      default:
        return other.readLong();
    }
  }

  private float nextFloat(int j) {
    switch (mode) {
      case PLAIN:
        {
          float v = (float) FLOAT_LE.get(data, pos);
          pos += 4;
          return v;
        }
      case DICT:
        return dictFloats[ids[j]];
      default:
        return other.readFloat();
    }
  }

  private double nextDouble(int j) {
    switch (mode) {
      case PLAIN:
        {
          double v = (double) DOUBLE_LE.get(data, pos);
          pos += 8;
          return v;
        }
      case DICT:
        return dictDoubles[ids[j]];
      default:
        return other.readDouble();
    }
  }

  private void writeBoolean(BaseFixedWidthVector v, int at, int k) {
    ArrowBuf out = v.getDataBuffer();
    ArrowBuf validity = v.getValidityBuffer();
    for (int i = 0; i < k; i++) {
      if (maxDef > 0 && defs[i] != maxDef) {
        continue;
      }
      boolean value;
      if (mode == PLAIN) {
        value = ((data[pos + (bitPos >>> 3)] >>> (bitPos & 7)) & 1) != 0;
        bitPos++;
      } else if (mode == OTHER) {
        value = other.readBoolean();
      } else {
        throw new IllegalStateException("Corrupt file: dictionary-encoded booleans in " + desc);
      }
      if (value) {
        BitVectorHelper.setBit(out, at + i);
      }
      BitVectorHelper.setBit(validity, at + i);
    }
  }

  /**
   * Collects the next {@code present} binary values as (array, start, length); returns the array,
   * which is the page, the dictionary or a scratch copy.
   */
  private byte[] binaries(int present) {
    if (starts.length < present) {
      starts = new int[Math.max(present, 1024)];
      lens = new int[starts.length];
    }
    org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName physical =
        desc.getPrimitiveType().getPrimitiveTypeName();
    boolean int96 = physical == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;
    boolean fixed =
        int96
            || physical
                == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
    int fixedLength = int96 ? 12 : this.fixedLength;
    switch (mode) {
      case PLAIN:
        for (int j = 0; j < present; j++) {
          int len;
          if (fixed) {
            len = fixedLength;
          } else {
            len = (int) INT_LE.get(data, pos);
            pos += 4;
          }
          if (len < 0 || pos + len > data.length) {
            throw new IllegalStateException(
                "Corrupt page: value of " + len + " bytes past the end of the page in " + desc);
          }
          starts[j] = pos;
          lens[j] = len;
          pos += len;
        }
        return data;
      case DICT:
        readIds(present);
        for (int j = 0; j < present; j++) {
          int id = ids[j];
          starts[j] = dictStarts[id];
          lens[j] = dictLens[id];
        }
        return dictBytes;
      default:
        int at = 0;
        for (int j = 0; j < present; j++) {
          Binary b = other.readBytes();
          int len = b.length();
          if (otherBytes.length < at + len) {
            otherBytes =
                java.util.Arrays.copyOf(
                    otherBytes, Math.max(2 * otherBytes.length, at + len + 1024));
          }
          b.toByteBuffer().get(otherBytes, at, len);
          starts[j] = at;
          lens[j] = len;
          at += len;
        }
        return otherBytes;
    }
  }

  private void writeVar(BaseVariableWidthVector v, int at, int k, int present) {
    if (mode == PLAIN && (maxDef == 0 || present == k)) {
      writePlainVar(v, at, k);
      return;
    }
    byte[] src = binaries(present);
    ArrowBuf offsets = v.getOffsetBuffer();
    int end = offsets.getInt((long) at * 4);
    long needed = end;
    for (int j = 0; j < present; j++) {
      needed += lens[j];
    }
    while (v.getDataBuffer().capacity() < needed) {
      v.reallocDataBuffer();
    }
    if (offsets.capacity() < (long) (at + k + 1) * 4) {
      throw new IllegalStateException("Offset buffer too small for " + (at + k) + " values");
    }
    // capacities checked above: copy without per-value bounds checks
    long data = v.getDataBuffer().memoryAddress();
    long offs = offsets.memoryAddress();
    boolean all = maxDef == 0 || present == k;
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (all || defs[i] == maxDef) {
        int len = lens[j];
        copy(src, starts[j], data + end, len);
        end += len;
        j++;
      }
      UNSAFE.putInt(offs + (long) (at + i + 1) * 4, end);
    }
    ArrowBuf validity = v.getValidityBuffer();
    if (all) {
      setValidRange(validity, at, k);
    } else {
      for (int i = 0; i < k; i++) {
        if (defs[i] == maxDef) {
          BitVectorHelper.setBit(validity, at + i);
        }
      }
    }
  }

  /** PLAIN strings without nulls: lengths read and bytes copied in one pass over the page. */
  private void writePlainVar(BaseVariableWidthVector v, int at, int k) {
    ArrowBuf offsets = v.getOffsetBuffer();
    if (offsets.capacity() < (long) (at + k + 1) * 4) {
      throw new IllegalStateException("Offset buffer too small for " + (at + k) + " values");
    }
    int end = offsets.getInt((long) at * 4);
    long offs = offsets.memoryAddress();
    byte[] page = data;
    int p = pos;
    long capacity = v.getDataBuffer().capacity();
    long address = v.getDataBuffer().memoryAddress();
    for (int i = 0; i < k; i++) {
      if (p + 4 > page.length) {
        throw new IllegalStateException(
            "Corrupt page: string value past the end of the page in " + desc);
      }
      int len = (int) INT_LE.get(page, p);
      p += 4;
      if (len < 0 || p + len > page.length) {
        throw new IllegalStateException("Corrupt page: string of " + len + " bytes in " + desc);
      }
      while (end + (long) len > capacity) {
        v.reallocDataBuffer();
        capacity = v.getDataBuffer().capacity();
        address = v.getDataBuffer().memoryAddress();
      }
      copy(page, p, address + end, len);
      p += len;
      end += len;
      UNSAFE.putInt(offs + (long) (at + i + 1) * 4, end);
    }
    pos = p;
    setValidRange(v.getValidityBuffer(), at, k);
  }

  /** Copies bytes off-heap; short values word by word, which beats a copyMemory call. */
  private static void copy(byte[] src, int start, long address, int len) {
    if (len > 64) {
      UNSAFE.copyMemory(src, Unsafes.BYTE_ARRAY_BASE_OFFSET + start, null, address, len);
      return;
    }
    long from = Unsafes.BYTE_ARRAY_BASE_OFFSET + start;
    int k = 0;
    for (; k + 8 <= len; k += 8) {
      UNSAFE.putLong(address + k, UNSAFE.getLong(src, from + k));
    }
    for (; k < len; k++) {
      UNSAFE.putByte(address + k, UNSAFE.getByte(src, from + k));
    }
  }

  private void writeFixedBinary(FixedSizeBinaryVector v, int at, int k, int present) {
    byte[] src = binaries(present);
    ArrowBuf out = v.getDataBuffer();
    ArrowBuf validity = v.getValidityBuffer();
    int width = v.getByteWidth();
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (maxDef == 0 || defs[i] == maxDef) {
        if (lens[j] != width) {
          throw new IllegalStateException(
              "Corrupt file: fixed value of " + lens[j] + " bytes in " + desc);
        }
        out.setBytes((long) (at + i) * width, src, starts[j], width);
        j++;
        BitVectorHelper.setBit(validity, at + i);
      }
    }
  }

  private void writeBinaryDecimal(BaseFixedWidthVector v, int at, int k, int present) {
    byte[] src = binaries(present);
    ArrowBuf out = v.getDataBuffer();
    ArrowBuf validity = v.getValidityBuffer();
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (maxDef == 0 || defs[i] == maxDef) {
        writeBigEndianDecimal(out, (long) (at + i) * 16, src, starts[j], lens[j]);
        j++;
        BitVectorHelper.setBit(validity, at + i);
      }
    }
  }

  /** Julian day number of 1970-01-01. */
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private void writeInt96(BaseFixedWidthVector v, int at, int k, int present) {
    byte[] src = binaries(present);
    ArrowBuf out = v.getDataBuffer();
    ArrowBuf validity = v.getValidityBuffer();
    boolean nanos =
        v.getField().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Timestamp ts
            && ts.getUnit() == org.apache.arrow.vector.types.TimeUnit.NANOSECOND;
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (maxDef == 0 || defs[i] == maxDef) {
        if (lens[j] != 12) {
          throw new IllegalStateException(
              "Corrupt INT96 value of " + lens[j] + " bytes in " + desc);
        }
        int low = (int) INT_LE.get(src, starts[j]);
        int high = (int) INT_LE.get(src, starts[j] + 4);
        int julian = (int) INT_LE.get(src, starts[j] + 8);
        long nanosOfDay = (low & 0xFFFFFFFFL) | ((long) high << 32);
        long julianDay = julian & 0xFFFFFFFFL;
        long day = julianDay - JULIAN_EPOCH_DAY;
        long value =
            nanos
                ? day * 86_400_000_000_000L + nanosOfDay
                : day * 86_400_000_000L + Math.floorDiv(nanosOfDay, 1000L);
        out.setLong((long) (at + i) * 8, value);
        j++;
        BitVectorHelper.setBit(validity, at + i);
      }
    }
  }

  /** Writes a big-endian two's complement integer as a 16-byte little-endian Arrow decimal. */
  static void writeBigEndianDecimal(ArrowBuf out, long index, byte[] src, int start, int len) {
    if (len > 16) {
      throw new IllegalStateException("Decimal of " + len + " bytes does not fit 128 bits");
    }
    long lo = 0;
    long hi = 0;
    boolean negative = len > 0 && src[start] < 0;
    for (int b = 0; b < 16; b++) {
      int fromEnd = b;
      int value;
      if (fromEnd < len) {
        value = src[start + len - 1 - fromEnd] & 0xFF;
      } else {
        value = negative ? 0xFF : 0;
      }
      if (b < 8) {
        lo |= ((long) value) << (8 * b);
      } else {
        hi |= ((long) value) << (8 * (b - 8));
      }
    }
    out.setLong(index, lo);
    out.setLong(index + 8, hi);
  }
}
