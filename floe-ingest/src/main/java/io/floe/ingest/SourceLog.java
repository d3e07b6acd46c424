package io.floe.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;

/**
 * What a source keeps in the snapshot summaries of its commits: under key {@code
 * floe.ingest.<kind>.<source-id>} a JSON object whose {@code seq} counts the source's commits (1,
 * 2, ...) and whose other fields are the source's own (files ingested, a watermark). A source's
 * state is the newest such entry in the current snapshot's ancestry. Stateless.
 */
final class SourceLog {
  static final ObjectMapper JSON = new ObjectMapper();

  private SourceLog() {}

  static String key(String kind, String sourceId) {
    return "floe.ingest." + kind + "." + sourceId;
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String key, String value) {
    try {
      return JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new io.floe.ValidationException(
          "Unreadable ingestion state under '"
              + key
              + "' in a snapshot summary: "
              + e.getMessage());
    }
  }

  /** The newest entry of a source in the ancestry of the current snapshot, or null. */
  static JsonNode latest(TableMetadata metadata, String key) {
    Snapshot snapshot = metadata == null ? null : metadata.currentSnapshot();
    while (snapshot != null) {
      String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
      if (value != null) {
        return read(key, value);
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : metadata.snapshot(parent);
    }
    return null;
  }

  /** The sequence number of the newest entry, 0 when the source never committed. */
  static long latestSeq(TableMetadata metadata, String key) {
    JsonNode node = latest(metadata, key);
    return node == null ? 0 : node.path("seq").asLong();
  }

  /** Visits every entry of a source in the ancestry, newest first. */
  static void forEach(TableMetadata metadata, String key, java.util.function.Consumer<JsonNode> f) {
    Snapshot snapshot = metadata == null ? null : metadata.currentSnapshot();
    while (snapshot != null) {
      String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
      if (value != null) {
        f.accept(read(key, value));
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : metadata.snapshot(parent);
    }
  }

  /** Whether the ancestry of the current snapshot was cut by snapshot expiry. */
  static boolean historyExpired(TableMetadata metadata) {
    Snapshot snapshot = metadata == null ? null : metadata.currentSnapshot();
    while (snapshot != null) {
      Long parent = snapshot.parentId();
      if (parent == null) {
        return false;
      }
      Snapshot next = metadata.snapshot(parent);
      if (next == null) {
        return true;
      }
      snapshot = next;
    }
    return false;
  }
}
