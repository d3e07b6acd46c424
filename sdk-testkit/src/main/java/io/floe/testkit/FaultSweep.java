package io.floe.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Helps fail each file operation of a piece of code once, in turn: record the calls of a clean run
 * with {@link Faults#record()}, turn them into cases with {@link #casesOf(List)}, then for each
 * case run the code again on a fresh kit with {@code faults.onFile(op).nth(ordinal).fail()}.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * Faults.Recording recording = kit.faults().record();
 * table.newAppend().rows(rows).commit();
 * for (Faults.FileCall call : FaultSweep.casesOf(recording.stop())) {
 *   try (FloeTestKit fresh = FloeTestKit.inMemory()) {
 *     // same setup, then:
 *     fresh.faults().onFile(call.operation()).nth(call.ordinal()).fail();
 *     // run, and check the table is whole
 *   }
 * }
 * }</pre>
 */
public final class FaultSweep {
  private FaultSweep() {}

  /**
   * The calls worth failing: every open, length, exists, create, close, delete and list, and the
   * first read and first write of each file (later reads and writes of a file fail the same way).
   *
   * @param calls the calls of a clean run, in order
   * @return the cases, in order
   */
  public static List<Faults.FileCall> casesOf(List<Faults.FileCall> calls) {
    Objects.requireNonNull(calls, "calls");
    Set<String> seen = new HashSet<>();
    List<Faults.FileCall> cases = new ArrayList<>();
    for (Faults.FileCall call : calls) {
      boolean streamCall =
          call.operation() == FileOperation.READ || call.operation() == FileOperation.WRITE;
      if (!streamCall || seen.add(call.operation() + " " + call.location())) {
        cases.add(call);
      }
    }
    return cases;
  }

  /**
   * The write calls worth tearing or corrupting: for every file written, its first write call and
   * (when there are more) its last one, the file's head and its tail (a Parquet footer, the end of
   * an Avro block, the end of a JSON document). Fail them with {@code
   * faults.onFile(FileOperation.WRITE).nth(ordinal)} and {@code corrupt()}, {@code tear()} or
   * {@code tearAndFail()}.
   *
   * @param calls the calls of a clean run, in order
   * @return the cases, in order of the first write of each file
   */
  public static List<Faults.FileCall> writesOf(List<Faults.FileCall> calls) {
    Objects.requireNonNull(calls, "calls");
    java.util.Map<String, Faults.FileCall> first = new java.util.LinkedHashMap<>();
    java.util.Map<String, Faults.FileCall> last = new java.util.HashMap<>();
    for (Faults.FileCall call : calls) {
      if (call.operation() == FileOperation.WRITE) {
        first.putIfAbsent(call.location(), call);
        last.put(call.location(), call);
      }
    }
    List<Faults.FileCall> cases = new ArrayList<>();
    first.forEach(
        (location, call) -> {
          cases.add(call);
          if (last.get(location) != call) {
            cases.add(last.get(location));
          }
        });
    return cases;
  }

  /**
   * What kind of Iceberg file a location holds, judged by its name: {@code "metadata"}, {@code
   * "manifest list"}, {@code "manifest"}, {@code "data"}, {@code "statistics"} or {@code "other"}.
   *
   * @param location the file's location
   * @return the kind
   */
  public static String kindOf(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    if (name.endsWith(".metadata.json")
        || name.endsWith(".metadata.json.gz")
        || name.equals("version-hint.text")) {
      return "metadata";
    }
    if (name.startsWith("snap-") && name.endsWith(".avro")) {
      return "manifest list";
    }
    if (name.endsWith(".avro")) {
      return "manifest";
    }
    if (name.endsWith(".parquet") || name.endsWith(".orc")) {
      return location.contains("/metadata/") ? "statistics" : "data";
    }
    if (name.endsWith(".puffin") || name.endsWith(".stats")) {
      return "statistics";
    }
    return "other";
  }
}
