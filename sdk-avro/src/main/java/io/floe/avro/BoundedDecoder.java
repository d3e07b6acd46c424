package io.floe.avro;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over bytes in memory that checks every length and item count against the
 * bytes left before it allocates anything, so a few bytes claiming a 1 GiB string or 2^30 array
 * items fail at once instead of exhausting the heap. Avro's own limits (the system properties
 * {@code org.apache.avro.limits.string.maxLength}, {@code org.apache.avro.limits.bytes.maxLength}
 * and {@code org.apache.avro.limits.collectionItems.maxLength}, checked by {@link
 * SystemLimitException}) apply as well. Arrays whose items may take no bytes at all (nulls, empty
 * records) cannot be bounded by the input, so their item count is bounded by {@link
 * #maxZeroByteItems()}.
 *
 * <p>Everything that does not allocate by a length read from the input is delegated to Avro's
 * {@link BinaryDecoder}. Not thread-safe; one per value decoded.
 */
final class BoundedDecoder extends Decoder {
  /**
   * The system property bounding the items of an array whose items may take no bytes; default
   * 1,000,000 (Avro's own collection limit still applies when it is lower).
   */
  static final String ZERO_BYTE_ITEMS_PROPERTY = "floe.avro.limits.zeroByteItems";

  private static final long DEFAULT_ZERO_BYTE_ITEMS = 1_000_000L;

  private final BinaryDecoder in;

  /** For a decoder over an array, the unread bytes: limit minus position, no read-ahead. */
  private final InputStream remaining;

  private final long zeroByteItems;
  private long arrayItems;
  private long mapItems;

  private BoundedDecoder(BinaryDecoder in, boolean zeroByteArrays) {
    this.in = in;
    this.remaining = in.inputStream();
    this.zeroByteItems = zeroByteArrays ? maxZeroByteItems() : 0;
  }

  /**
   * A decoder over part of an array.
   *
   * @param bytes the bytes
   * @param offset where the value starts
   * @param length how many bytes it may use
   * @param writer the schema the bytes were written with (to know whether arrays may hold items of
   *     no bytes)
   * @return the decoder
   */
  static BoundedDecoder of(byte[] bytes, int offset, int length, Schema writer) {
    return new BoundedDecoder(
        DecoderFactory.get().binaryDecoder(bytes, offset, length, null),
        MinSize.hasZeroByteItems(writer));
  }

  /**
   * A decoder over a binary decoder Avro made over an array (a container file block).
   *
   * @param in the decoder
   * @param writer the writer schema
   * @return the decoder
   */
  static BoundedDecoder of(BinaryDecoder in, Schema writer) {
    return new BoundedDecoder(in, MinSize.hasZeroByteItems(writer));
  }

  /**
   * The bound on items of arrays whose items may take no bytes.
   *
   * @return the {@value #ZERO_BYTE_ITEMS_PROPERTY} system property, default 1,000,000
   */
  static long maxZeroByteItems() {
    String value = System.getProperty(ZERO_BYTE_ITEMS_PROPERTY);
    try {
      return value == null ? DEFAULT_ZERO_BYTE_ITEMS : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_ZERO_BYTE_ITEMS;
    }
  }

  /**
   * Whether every byte was read.
   *
   * @return true at the end of the input
   * @throws IOException when the input cannot be read
   */
  boolean isEnd() throws IOException {
    return in.isEnd();
  }

  private long left() throws IOException {
    return remaining.available();
  }

  private int length(String what, long length) throws IOException {
    if (length < 0) {
      throw new AvroRuntimeException(
          "Malformed data: " + what + " length " + length + " is negative");
    }
    long left = left();
    if (length > left) {
      throw new EOFException(
          what + " of " + length + " bytes claimed, but only " + left + " bytes are left");
    }
    return (int) length;
  }

  private long count(String what, long count, long total, boolean mayBeEmpty) throws IOException {
    if (count < 0) {
      // a block with its byte size: -count items, then the size, as Avro writes it for skipping
      long size = in.readLong();
      count = -count;
      if (size < 0 || size > left()) {
        throw new EOFException(
            what + " block of " + size + " bytes claimed, but only " + left() + " bytes are left");
      }
    }
    if (count == 0) {
      return 0;
    }
    long left = left();
    long free = mayBeEmpty ? zeroByteItems : 0;
    if (count > left && count > free) {
      throw new EOFException(
          what
              + " of "
              + count
              + " items claimed, but only "
              + left
              + " bytes are left"
              + (free > 0
                  ? " (and items of no bytes are limited to "
                      + zeroByteItems
                      + " by the system property "
                      + ZERO_BYTE_ITEMS_PROPERTY
                      + ")"
                  : ""));
    }
    SystemLimitException.checkMaxCollectionLength(total, count);
    return count;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length("string", in.readLong());
    SystemLimitException.checkMaxStringLength(length);
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = length("string", in.readLong());
    SystemLimitException.checkMaxStringLength(length);
    byte[] bytes = new byte[length];
    in.readFixed(bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(length("string", in.readLong()));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = length("bytes", in.readLong());
    SystemLimitException.checkMaxBytesLength(length);
    ByteBuffer result =
        old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
    in.readFixed(result.array(), result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(length("bytes", in.readLong()));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    arrayItems = count("array", in.readLong(), 0, true);
    return arrayItems;
  }

  @Override
  public long arrayNext() throws IOException {
    long next = count("array", in.readLong(), arrayItems, true);
    arrayItems += next;
    return next;
  }

  @Override
  public long skipArray() throws IOException {
    // items are skipped one by one by the caller; a block with a byte size is checked the same way
    return count("array", in.readLong(), 0, true);
  }

  @Override
  public long readMapStart() throws IOException {
    // every entry has a key, whose length takes at least one byte
    mapItems = count("map", in.readLong(), 0, false);
    return mapItems;
  }

  @Override
  public long mapNext() throws IOException {
    long next = count("map", in.readLong(), mapItems, false);
    mapItems += next;
    return next;
  }

  @Override
  public long skipMap() throws IOException {
    return count("map", in.readLong(), 0, false);
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
