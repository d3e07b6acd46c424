package io.floe.impl.maintain;

import io.floe.maintenance.CloneTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Table;

/**
 * The reference check that keeps a table's file-deleting maintenance away from the files its clones
 * read: every clone recorded on the table ({@value CloneTable#CLONES_PREFIX}{@code <uuid>} = full
 * name), and the clones recorded on those, is loaded from the catalogs open in this JVM and every
 * file its metadata references is collected. A recorded clone that cannot be found (catalog not
 * open, table dropped or replaced) stops the caller: what it reads is unknown. Stateless.
 */
final class Clones {
  private Clones() {}

  /**
   * Whether a table has clones recorded.
   *
   * @param table the table
   * @return true when one of its properties records a clone
   */
  static boolean any(Table table) {
    return table.properties().keySet().stream()
        .anyMatch(k -> k.startsWith(CloneTable.CLONES_PREFIX));
  }

  /**
   * Every file the table's clones (and theirs, transitively) reference, by canonical location.
   *
   * @param name the table's name, for messages
   * @param table the table, refreshed by the caller
   * @param pool reads manifests
   * @param reachable the collector (its manifest cache is shared: clones share manifests)
   * @param operation what would delete files, such as {@code "expire snapshots of"}
   * @return canonical location to file; empty when the table has no clones
   * @throws io.floe.ValidationException when a recorded clone cannot be loaded
   */
  static Map<String, Reachable.FileRef> referenced(
      String name, Table table, ExecutorService pool, Reachable reachable, String operation) {
    Map<String, Reachable.FileRef> files = new HashMap<>();
    Set<String> seen = new HashSet<>();
    if (table.uuid() != null) {
      seen.add(table.uuid().toString());
    }
    Deque<Table> pending = new ArrayDeque<>();
    pending.add(table);
    while (!pending.isEmpty()) {
      Table next = pending.poll();
      for (Map.Entry<String, String> e : new TreeMap<>(next.properties()).entrySet()) {
        if (!e.getKey().startsWith(CloneTable.CLONES_PREFIX)) {
          continue;
        }
        String uuid = e.getKey().substring(CloneTable.CLONES_PREFIX.length());
        if (!seen.add(uuid)) {
          continue;
        }
        Table clone =
            Ownership.findOpen(e.getValue(), uuid)
                .orElseThrow(
                    () ->
                        MaintenanceErrors.cloneUnavailable(
                            name, operation, e.getValue(), e.getKey()));
        files.putAll(reachable.collect(clone, pool, false));
        pending.add(clone);
      }
    }
    return files;
  }
}
