package io.floe.impl;

import io.floe.Floe;
import io.floe.Row;
import io.floe.TableCreator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** Opening the Floe a test runs against, and the small row helpers the tests share. */
public final class TestFloes {
  private TestFloes() {}

  /** A local Floe over a fresh warehouse directory below {@code tmp}. */
  public static Floe local(Path tmp) throws IOException {
    return Floe.local(Files.createTempDirectory(tmp, "wh"));
  }

  /** {@code Floe.local(warehouse)} for the backend {@code "local"}, else the in-memory kit. */
  public static Floe open(String backend, Path warehouse) {
    return backend.equals("local") ? Floe.local(warehouse) : Floe.inMemory();
  }

  /** Like {@link #open(String, Path)}, with a fresh warehouse directory below {@code tmp}. */
  public static Floe openFresh(String backend, Path tmp) throws IOException {
    return open(backend, Files.createTempDirectory(tmp, "wh"));
  }

  /** Starts table {@code db.t}, format version 2, with a required long {@code id}. */
  public static TableCreator createIdTable(Floe floe) {
    return floe.createTable("db.t").formatVersion(2).column("id", Types.LongType.get()).required();
  }

  /** Reads and closes rows, as maps in the order read. */
  public static List<Map<String, Object>> read(CloseableIterable<Row> rows) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (rows) {
      rows.forEach(r -> out.add(r.toMap()));
    }
    return out;
  }

  /** A row from alternating column names and values (values may be null). */
  public static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }
}
