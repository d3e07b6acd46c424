package io.floe.impl.io;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Checks that an Avro container file held in memory is whole: its header, then blocks that each end
 * with the file's sync marker, up to the last byte.
 *
 * <p>Avro's {@code DataFileStream} takes an end of file met anywhere in a block for the end of the
 * data, so a manifest or manifest list cut short (a torn write, a truncated copy) reads as one with
 * fewer entries, and committed rows silently vanish from scans. Floe checks manifest lists and
 * manifests with this before decoding them. It walks block headers only (no decompression, no
 * decoding), so its cost is a pass over a few varints per block. Stateless.
 */
public final class AvroContainers {
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};
  private static final int SYNC = 16;

  private AvroContainers() {}

  /**
   * Whether a location is a manifest list ({@code snap-*.avro}) or manifest ({@code *-m0.avro}): an
   * Avro file under a table's {@code metadata} folder.
   *
   * @param location the location
   * @return true for manifest lists and manifests
   */
  public static boolean isManifest(String location) {
    return location.endsWith(".avro") && location.contains("/metadata/");
  }

  /**
   * Reads a whole manifest or manifest list and checks it with {@link #checkWhole}.
   *
   * @param file the file
   * @param expectedLength the length its manifest list records, or -1 when unknown
   * @return the file's bytes
   * @throws java.io.UncheckedIOException naming the file when it cannot be read or is damaged
   */
  public static byte[] readWhole(org.apache.iceberg.io.InputFile file, long expectedLength) {
    byte[] bytes;
    try (java.io.InputStream in = file.newStream()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Failed to read " + file.location(), e);
    }
    check(file.location(), bytes, expectedLength);
    return bytes;
  }

  /**
   * Checks the bytes of a manifest or manifest list: the recorded length, then {@link #checkWhole}.
   *
   * @param location the file's location, for the message
   * @param bytes the whole file
   * @param expectedLength the length its manifest list records, or -1 when unknown
   * @throws java.io.UncheckedIOException naming the file when it is damaged
   */
  public static void check(String location, byte[] bytes, long expectedLength) {
    try {
      if (expectedLength >= 0 && bytes.length != expectedLength) {
        throw new IOException(
            "Metadata file "
                + location
                + " is "
                + bytes.length
                + " bytes but was written with "
                + expectedLength
                + ": it is damaged (torn, cut short or replaced)");
      }
      checkWhole(location, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Checks a container file.
   *
   * @param location the file's location, for the message
   * @param bytes the whole file
   * @throws IOException naming the file when it is not a whole container file
   */
  public static void checkWhole(String location, byte[] bytes) throws IOException {
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.readFixed(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw damaged(location, bytes, "it does not start with Avro's magic bytes");
      }
      for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
        for (long i = 0; i < n; i++) {
          in.skipString();
          in.skipBytes();
        }
      }
      byte[] sync = new byte[SYNC];
      in.readFixed(sync);
      byte[] marker = new byte[SYNC];
      long blocks = 0;
      while (!in.isEnd()) {
        long count = in.readLong();
        long size = in.readLong();
        if (count < 0 || size < 0 || size > bytes.length) {
          throw damaged(
              location,
              bytes,
              "block " + blocks + " claims " + count + " entries in " + size + " bytes");
        }
        in.skipFixed((int) size);
        in.readFixed(marker);
        if (!Arrays.equals(marker, sync)) {
          throw damaged(
              location, bytes, "block " + blocks + " does not end with the file's sync marker");
        }
        blocks++;
      }
    } catch (EOFException e) {
      throw damaged(location, bytes, "it ends inside its header or a block (torn or cut short)");
    } catch (RuntimeException e) {
      // Avro's decoder rejects malformed varints and lengths with runtime exceptions
      throw damaged(location, bytes, "its structure cannot be read (" + e.getMessage() + ")");
    }
  }

  private static IOException damaged(String location, byte[] bytes, String why) {
    return new IOException(
        "Metadata file " + location + " (" + bytes.length + " bytes) is damaged: " + why);
  }
}
