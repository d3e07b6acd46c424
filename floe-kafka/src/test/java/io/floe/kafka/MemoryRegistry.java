package io.floe.kafka;

import io.floe.avro.RegisteredSchema;
import io.floe.avro.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Floe's registry client interface over a map (no registry server is served to this build). */
final class MemoryRegistry implements SchemaRegistry {
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> bySubject = new ConcurrentHashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    for (Map.Entry<Integer, Schema> e : byId.entrySet()) {
      if (e.getValue().equals(schema)) {
        bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(e.getKey());
        return e.getKey();
      }
    }
    int id = byId.size() + 1;
    byId.put(id, schema);
    bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new IllegalArgumentException("no schema " + id);
    }
    return schema;
  }

  @Override
  public Optional<RegisteredSchema> latest(String subject) {
    List<Integer> ids = bySubject.getOrDefault(subject, List.of());
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    int id = ids.get(ids.size() - 1);
    return Optional.of(new RegisteredSchema(subject, id, ids.size(), byId.get(id)));
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    List<Integer> ids = bySubject.getOrDefault(subject, List.of());
    for (int i = 0; i < ids.size(); i++) {
      if (byId.get(ids.get(i)).equals(schema)) {
        return Optional.of(new RegisteredSchema(subject, ids.get(i), i + 1, schema));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    for (int i = 1; i <= bySubject.getOrDefault(subject, List.of()).size(); i++) {
      versions.add(i);
    }
    return versions;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return true;
  }
}
