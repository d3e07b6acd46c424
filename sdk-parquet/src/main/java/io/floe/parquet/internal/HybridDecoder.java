package io.floe.parquet.internal;

import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Bulk decoder for Parquet's RLE / bit-packing hybrid encoding (levels and dictionary ids),
 * decoding whole runs into int arrays instead of one value per call.
 */
final class HybridDecoder {
  private static final BytePacker[] PACKERS = new BytePacker[33];

  static {
    for (int i = 0; i <= 32; i++) {
      PACKERS[i] = Packer.LITTLE_ENDIAN.newBytePacker(i);
    }
  }

  private byte[] buf;
  private int pos;
  private int end;
  private int bitWidth;
  private int bytesWidth;
  private BytePacker packer;
  private int rleLeft;
  private int rleValue;
  private int packedLeft;
  private final int[] tmp = new int[8];
  private int tmpPos = 8;
  private final byte[] pad = new byte[32];

  void init(byte[] data, int from, int to, int width) {
    if (width < 0 || width > 32) {
      throw new IllegalStateException("Corrupt page: bit width " + width);
    }
    this.buf = data;
    this.pos = from;
    this.end = to;
    this.bitWidth = width;
    this.bytesWidth = (width + 7) / 8;
    this.packer = PACKERS[width];
    this.rleLeft = 0;
    this.packedLeft = 0;
    this.tmpPos = 8;
  }

  void read(int[] out, int off, int n) {
    while (n > 0) {
      if (rleLeft > 0) {
        int c = Math.min(n, rleLeft);
        Arrays.fill(out, off, off + c, rleValue);
        rleLeft -= c;
        off += c;
        n -= c;
      } else if (packedLeft > 0) {
        if (tmpPos < 8) {
          int c = Math.min(Math.min(n, 8 - tmpPos), packedLeft);
          System.arraycopy(tmp, tmpPos, out, off, c);
          tmpPos += c;
          packedLeft -= c;
          off += c;
          n -= c;
        } else if (n >= 8 && packedLeft >= 8) {
          int groups = Math.min(n, packedLeft) >>> 3;
          for (int g = 0; g < groups; g++) {
            unpack(out, off);
            off += 8;
          }
          n -= groups << 3;
          packedLeft -= groups << 3;
        } else {
          unpack(tmp, 0);
          tmpPos = 0;
        }
      } else {
        readHeader();
      }
    }
  }

  /** Counts how many of the next n values equal {@code value}, consuming them. */
  int count(int[] scratch, int n, int value) {
    read(scratch, 0, n);
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (scratch[i] == value) {
        c++;
      }
    }
    return c;
  }

  private void unpack(int[] out, int off) {
    if (pos + bitWidth <= buf.length) {
      packer.unpack8Values(buf, pos, out, off);
    } else {
      Arrays.fill(pad, (byte) 0);
      System.arraycopy(buf, pos, pad, 0, Math.max(0, buf.length - pos));
      packer.unpack8Values(pad, 0, out, off);
    }
    pos += bitWidth;
  }

  private void readHeader() {
    if (pos >= end) {
      throw new IllegalStateException("Corrupt page: RLE/bit-packed data ended early");
    }
    int header = 0;
    int shift = 0;
    int b;
    do {
      b = buf[pos++] & 0xFF;
      header |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if ((header & 1) == 0) {
      rleLeft = header >>> 1;
      int v = 0;
      for (int i = 0; i < bytesWidth; i++) {
        v |= (buf[pos++] & 0xFF) << (8 * i);
      }
      rleValue = v;
    } else {
      packedLeft = (header >>> 1) * 8;
      tmpPos = 8;
    }
  }
}
