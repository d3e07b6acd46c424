package io.floe.avro;

import io.floe.ValidationException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Walks the structure of an Avro container file before Avro's {@code DataFileReader} reads it:
 * every length in the header and every block's byte size must fit what is left of the file, every
 * block's decompressed size must stay under {@value #MAX_BLOCK_PROPERTY} (default 64 MiB), every
 * block must end with the file's sync marker, and a block may claim no more records than it has
 * bytes (unless the schema's records take no bytes). {@code DataFileReader} allocates each of these
 * lengths before reading them, so a file of a few bytes could otherwise exhaust the heap. Reads
 * only the header and the block headers; blocks are skipped (or streamed through the decompressor
 * when compressed, to measure them). Stateless.
 */
final class ContainerCheck {
  /** The system property bounding a block's decompressed size, in bytes. */
  static final String MAX_BLOCK_PROPERTY = "floe.avro.limits.blockBytes";

  private static final long DEFAULT_MAX_BLOCK = 64L << 20;
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};
  private static final int SYNC_SIZE = 16;

  private ContainerCheck() {}

  /**
   * Checks a container file.
   *
   * @param file the file
   * @throws ValidationException when the file's structure claims more than it holds
   * @throws IOException when the file cannot be read or is not a container file
   */
  static void check(Path file) throws IOException {
    long size = Files.size(file);
    long maxBlock = maxBlockBytes();
    try (Counting in = new Counting(new BufferedInputStream(Files.newInputStream(file)))) {
      BinaryDecoder d = DecoderFactory.get().directBinaryDecoder(in, null);
      byte[] magic = new byte[MAGIC.length];
      try {
        d.readFixed(magic);
      } catch (EOFException e) {
        throw new IOException("not an Avro container file: shorter than its 4-byte magic", e);
      }
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an Avro container file: it does not start with Obj 1");
      }
      String schemaJson = null;
      String codec = "null";
      for (long n = items(file, d, in, size, "header");
          n > 0;
          n = items(file, d, in, size, "header")) {
        for (long i = 0; i < n; i++) {
          String key = new String(bytes(file, d, in, size, "header key"), StandardCharsets.UTF_8);
          byte[] value = bytes(file, d, in, size, "header value " + key);
          if (key.equals("avro.schema")) {
            schemaJson = new String(value, StandardCharsets.UTF_8);
          } else if (key.equals("avro.codec")) {
            codec = new String(value, StandardCharsets.UTF_8);
          }
        }
      }
      if (schemaJson == null) {
        throw new IOException("not an Avro container file: its header has no avro.schema");
      }
      boolean emptyRecords;
      try {
        emptyRecords =
            MinSize.isZero(new Schema.Parser().setValidateDefaults(false).parse(schemaJson));
      } catch (RuntimeException | StackOverflowError e) {
        throw corrupt(file, "its header's schema cannot be parsed", null);
      }
      byte[] sync = new byte[SYNC_SIZE];
      d.readFixed(sync);
      byte[] blockSync = new byte[SYNC_SIZE];
      long block = 0;
      while (in.count < size) {
        long records = d.readLong();
        long bytes = d.readLong();
        if (records < 0 || bytes < 0 || bytes > size - in.count - SYNC_SIZE) {
          throw corrupt(
              file,
              "block "
                  + block
                  + " claims "
                  + records
                  + " records in "
                  + bytes
                  + " bytes, but "
                  + (size - in.count)
                  + " bytes are left",
              null);
        }
        if (bytes > maxBlock) {
          throw tooLarge(file, block, bytes, maxBlock);
        }
        long decompressed = decompressedSize(file, block, codec, in, bytes, maxBlock);
        if (records > decompressed
            && (!emptyRecords || records > BoundedDecoder.maxZeroByteItems())) {
          throw corrupt(
              file,
              "block " + block + " claims " + records + " records in " + decompressed + " bytes",
              null);
        }
        d.readFixed(blockSync);
        if (!Arrays.equals(sync, blockSync)) {
          throw corrupt(file, "block " + block + " does not end with the file's sync marker", null);
        }
        block++;
      }
    } catch (EOFException e) {
      throw corrupt(file, "it ends in the middle of " + e.getMessage(), e);
    }
  }

  static long maxBlockBytes() {
    String value = System.getProperty(MAX_BLOCK_PROPERTY);
    try {
      return value == null ? DEFAULT_MAX_BLOCK : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_MAX_BLOCK;
    }
  }

  private static long items(Path file, BinaryDecoder d, Counting in, long size, String what)
      throws IOException {
    long n = d.readLong();
    if (n < 0) {
      n = -n;
      d.readLong();
    }
    if (n > size - in.count) {
      throw corrupt(
          file,
          "its " + what + " claims " + n + " entries, but " + (size - in.count) + " bytes are left",
          null);
    }
    return n;
  }

  private static byte[] bytes(Path file, BinaryDecoder d, Counting in, long size, String what)
      throws IOException {
    long n = d.readLong();
    if (n < 0 || n > size - in.count) {
      throw corrupt(
          file,
          "its " + what + " claims " + n + " bytes, but " + (size - in.count) + " are left",
          null);
    }
    byte[] b = new byte[(int) n];
    d.readFixed(b);
    return b;
  }

  /** Reads past a block, returning its decompressed size; fails when that exceeds the limit. */
  private static long decompressedSize(
      Path file, long block, String codec, Counting in, long bytes, long max) throws IOException {
    switch (codec) {
      case "null":
        in.skipNBytes(bytes);
        return bytes;
      case "deflate":
        return inflated(file, block, in.readNBytes((int) bytes), max);
      case "snappy":
        return snappyLength(file, block, in.readNBytes((int) bytes), max);
      case "zstandard":
        return streamed(
            file,
            block,
            new com.github.luben.zstd.ZstdInputStreamNoFinalizer(
                new ByteArrayInputStream(in.readNBytes((int) bytes))),
            max);
      case "bzip2":
        return streamed(
            file,
            block,
            new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                new ByteArrayInputStream(in.readNBytes((int) bytes))),
            max);
      default:
        throw AvroErrors.uncheckableCodec(file, codec);
    }
  }

  private static long inflated(Path file, long block, byte[] data, long max) throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data);
      byte[] out = new byte[8192];
      long total = 0;
      while (!inflater.finished()) {
        int n = inflater.inflate(out);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        total += n;
        if (total > max) {
          throw tooLarge(file, block, total, max);
        }
      }
      return total;
    } catch (DataFormatException e) {
      throw corrupt(file, "block " + block + " is not valid deflate data", e);
    } finally {
      inflater.end();
    }
  }

  private static long snappyLength(Path file, long block, byte[] data, long max) {
    // Avro's snappy block: the raw snappy data (its uncompressed length first, a varint), then a
    // CRC
    long length = 0;
    for (int i = 0, shift = 0; i < Math.min(5, data.length); i++, shift += 7) {
      length |= (long) (data[i] & 0x7f) << shift;
      if ((data[i] & 0x80) == 0) {
        if (length > max) {
          throw tooLarge(file, block, length, max);
        }
        return length;
      }
    }
    throw corrupt(file, "block " + block + " is not valid snappy data", null);
  }

  private static long streamed(Path file, long block, InputStream in, long max) throws IOException {
    try (in) {
      return count(file, block, in, max);
    } catch (IOException | RuntimeException | LinkageError e) {
      if (e instanceof ValidationException v) {
        throw v;
      }
      throw corrupt(file, "block " + block + " cannot be decompressed (" + e + ")", e);
    }
  }

  private static long count(Path file, long block, InputStream in, long max) throws IOException {
    {
      byte[] out = new byte[8192];
      long total = 0;
      for (int n = in.read(out); n >= 0; n = in.read(out)) {
        total += n;
        if (total > max) {
          throw tooLarge(file, block, total, max);
        }
      }
      return total;
    }
  }

  private static ValidationException tooLarge(Path file, long block, long bytes, long max) {
    return AvroErrors.blockTooLarge(file, block, bytes, max, MAX_BLOCK_PROPERTY);
  }

  private static ValidationException corrupt(Path file, String why, Throwable cause) {
    return AvroErrors.corruptFile(file, why, cause);
  }

  /** Counts the bytes read, so the check knows how much of the file is left. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
