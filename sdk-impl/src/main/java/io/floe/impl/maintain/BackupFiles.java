package io.floe.impl.maintain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.BackupTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.JsonUtil;

/**
 * The checksum manifests of backups ({@code metadata/<version>.floe-backup.json}), CRC32C over file
 * bytes, and copying through a file IO. Stateless; thread-safe.
 */
final class BackupFiles {
  private static final ObjectMapper MAPPER = JsonUtil.mapper();
  private static final int BUFFER = 1 << 16;

  private BackupFiles() {}

  /** One file of a backup: its location in the backup, size and CRC32C (hex). */
  record Checked(String path, long size, String crc32c) {}

  /** A complete backup: its manifest, metadata file, snapshot, creation time and files. */
  record Manifest(
      String location,
      String table,
      String metadataLocation,
      long snapshotId,
      long createdAtMillis,
      List<Checked> files) {}

  static String strip(String location) {
    String s = location.strip();
    while (s.endsWith("/") && s.length() > 1 && !s.endsWith("://")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  static String manifestLocation(String metadataLocation) {
    String name = metadataLocation;
    if (name.endsWith(".gz.metadata.json")) {
      name = name.substring(0, name.length() - ".gz.metadata.json".length());
    } else if (name.endsWith(".metadata.json")) {
      name = name.substring(0, name.length() - ".metadata.json".length());
    }
    return name + BackupTable.MANIFEST_SUFFIX;
  }

  /** Copies a file, returning its CRC32C; the target is overwritten when it exists. */
  static String copy(FileIO io, String source, String target) {
    CRC32C crc = new CRC32C();
    try (InputStream in = io.newInputFile(source).newStream();
        OutputStream out = io.newOutputFile(target).createOrOverwrite()) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw Errors.io("copy to " + target, source, e);
    } catch (UncheckedIOException e) {
      throw Errors.io("copy to " + target, source, e.getCause());
    }
    return hex(crc.getValue());
  }

  /** The CRC32C of a file's bytes. */
  static String checksum(FileIO io, String location) {
    CRC32C crc = new CRC32C();
    try (InputStream in = io.newInputFile(location).newStream()) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        crc.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw Errors.io("checksum", location, e);
    } catch (UncheckedIOException e) {
      throw Errors.io("checksum", location, e.getCause());
    }
    return hex(crc.getValue());
  }

  static String hex(long value) {
    return String.format("%08x", value);
  }

  /** A file's length, or -1 when it does not exist. */
  static long length(FileIO io, String location) {
    try {
      var file = io.newInputFile(location);
      return file.exists() ? file.getLength() : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  static void write(FileIO io, String location, byte[] bytes) {
    try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(bytes);
    } catch (IOException e) {
      throw Errors.io("write", location, e);
    } catch (UncheckedIOException e) {
      throw Errors.io("write", location, e.getCause());
    }
  }

  static byte[] read(FileIO io, String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw Errors.io("read", location, e);
    } catch (UncheckedIOException e) {
      throw Errors.io("read", location, e.getCause());
    }
  }

  static byte[] toJson(Manifest manifest) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format-version", 1);
    root.put("table", manifest.table());
    root.put("metadata-location", manifest.metadataLocation());
    root.put("snapshot-id", manifest.snapshotId());
    root.put("created-at-ms", manifest.createdAtMillis());
    ArrayNode files = root.putArray("files");
    for (Checked file : manifest.files()) {
      ObjectNode node = files.addObject();
      node.put("path", file.path());
      node.put("size", file.size());
      node.put("crc32c", file.crc32c());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a backup manifest; empty when it is not one (torn or foreign). */
  static Optional<Manifest> parse(String location, byte[] bytes) {
    try {
      JsonNode root = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (root == null || root.path("format-version").asInt() != 1) {
        return Optional.empty();
      }
      List<Checked> files = new ArrayList<>();
      for (JsonNode node : root.path("files")) {
        files.add(
            new Checked(
                node.path("path").asText(),
                node.path("size").asLong(),
                node.path("crc32c").asText()));
      }
      return Optional.of(
          new Manifest(
              location,
              root.path("table").asText(),
              root.path("metadata-location").asText(),
              root.path("snapshot-id").asLong(-1),
              root.path("created-at-ms").asLong(),
              List.copyOf(files)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The complete backups in a location, oldest first; empty when it cannot be listed. */
  static List<Manifest> complete(FileIO io, String backupLocation) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      return List.of();
    }
    List<Manifest> found = new ArrayList<>();
    try {
      for (FileInfo info : prefixes.listPrefix(backupLocation + "/metadata/")) {
        if (info.location().endsWith(BackupTable.MANIFEST_SUFFIX)) {
          parse(info.location(), read(io, info.location())).ifPresent(found::add);
        }
      }
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return List.of();
    }
    found.sort(
        Comparator.comparingLong(Manifest::createdAtMillis).thenComparing(Manifest::location));
    return found;
  }

  /** The files of complete backups by location (newest wins). */
  static Map<String, Checked> known(List<Manifest> manifests) {
    Map<String, Checked> known = new HashMap<>();
    for (Manifest manifest : manifests) {
      for (Checked file : manifest.files()) {
        known.put(file.path(), file);
      }
    }
    return known;
  }
}
