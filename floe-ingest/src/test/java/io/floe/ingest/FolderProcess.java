package io.floe.ingest;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.impl.spi.ForwardingCatalog;
import io.floe.impl.spi.ForwardingTableOperations;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A folder source in its own JVM for the crash tests: {@code FolderProcess <warehouse> <folder>
 * <before|after|none> <n>}. With {@code before} the JVM halts (as kill -9 would: no finally block,
 * no shutdown hook) inside the catalog commit of the source's n-th commit, after its data files
 * were written and before the table's metadata is swapped; with {@code after} just after the swap,
 * before the source learns of it. Exit code 0: everything ingested without a crash.
 */
public final class FolderProcess {
  static final int HALT_BEFORE = 71;
  static final int HALT_AFTER = 72;

  private FolderProcess() {}

  /** Watches the folder until killed (or until the parent JVM is gone). */
  private static void watch(Path warehouse, String folder) {
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    try (Floe floe = Floe.local(warehouse);
        FolderSource source =
            FolderSource.builder(floe, "db.events", folder)
                .maxFilesPerCommit(2)
                .pollInterval(java.time.Duration.ofMillis(20))
                .build()) {
      source.watch();
      System.out.println("WATCHING");
      System.out.flush();
      while (parent == null || parent.isAlive()) {
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A Floe on a local warehouse whose JVM halts inside the {@code at}-th commit carrying a summary
   * key with this prefix: before the catalog's swap ({@code before}) or after it ({@code after}).
   */
  static Floe halting(Path warehouse, String prefix, String mode, int at) {
    int[] commits = {0};
    return Internals.open(
        FloeConfig.local(warehouse),
        catalog ->
            new ForwardingCatalog() {
              @Override
              protected Catalog delegate() {
                return catalog;
              }

              @Override
              protected Table created(TableIdentifier id, Table table) {
                return loaded(id, table);
              }

              @Override
              protected Table loaded(TableIdentifier id, Table table) {
                HasTableOperations has = (HasTableOperations) table;
                return new BaseTable(
                    new ForwardingTableOperations(has.operations()) {
                      @Override
                      public void commit(TableMetadata base, TableMetadata metadata) {
                        Snapshot s = metadata.currentSnapshot();
                        boolean ours =
                            s != null
                                && (base == null || base.currentSnapshot() != s)
                                && s.summary().keySet().stream()
                                    .anyMatch(k -> k.startsWith(prefix));
                        if (ours && ++commits[0] == at && mode.equals("before")) {
                          Runtime.getRuntime().halt(HALT_BEFORE);
                        }
                        super.commit(base, metadata);
                        if (ours && commits[0] == at && mode.equals("after")) {
                          Runtime.getRuntime().halt(HALT_AFTER);
                        }
                      }
                    },
                    table.name());
              }
            });
  }

  /**
   * Runs the source.
   *
   * @param args warehouse, folder, crash point, commit number
   */
  public static void main(String[] args) {
    Path warehouse = Path.of(args[0]);
    String mode = args[2];
    int at = Integer.parseInt(args[3]);
    if (mode.equals("watch")) {
      watch(warehouse, args[1]);
      return;
    }
    try (Floe floe = halting(warehouse, "floe.ingest.folder.", mode, at);
        FolderSource source =
            FolderSource.builder(floe, "db.events", args[1]).maxFilesPerCommit(2).build()) {
      FolderSource.Cycle cycle = source.ingestOnce();
      System.out.println("DONE " + cycle);
    }
  }
}
