package io.floe.impl;

import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.events.CommitEvent;
import io.floe.events.FloeListener;
import io.floe.events.MaintenanceEvent;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import io.floe.impl.spi.Events;
import io.floe.impl.spi.ForwardingCatalog;
import io.floe.impl.spi.ForwardingTableOperations;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event seam on the production stack ({@code Floe.local}: SQLite catalog, local files). */
class EventsTest {
  @TempDir Path dir;

  /** Records every event. */
  static final class Recorder implements FloeListener {
    final List<ScanEvent> scans = new ArrayList<>();
    final List<CommitEvent> commits = new ArrayList<>();
    final List<MaintenanceEvent> maintenance = new ArrayList<>();

    @Override
    public synchronized void onScan(ScanEvent event) {
      scans.add(event);
    }

    @Override
    public synchronized void onCommit(CommitEvent event) {
      commits.add(event);
    }

    @Override
    public synchronized void onMaintenance(MaintenanceEvent event) {
      maintenance.add(event);
    }
  }

  private FloeConfig config(FloeListener... listeners) {
    FloeConfig.Builder b =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", dir.toString())
            .property(FloeConfig.LOCAL_FSYNC, "false")
            .property(FloeConfig.PRINCIPAL, "svc-ingest");
    for (FloeListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  private static FloeTable create(Floe floe) {
    return floe.createTable("db.t")
        .column("id", Types.LongType.get())
        .column("v", Types.StringType.get())
        .create();
  }

  private static void append(FloeTable table, long... ids) {
    var append = table.newAppend();
    for (long id : ids) {
      append.row(Map.of("id", id, "v", "x" + id));
    }
    append.commit();
  }

  @Test
  void commitsScansAndMaintenanceFireEventsWithTheirFacts() throws Exception {
    Recorder rec = new Recorder();
    try (Floe floe = Floe.open(config(rec))) {
      FloeTable table = create(floe);
      append(table, 1, 2, 3);
      long first = table.currentSnapshot().orElseThrow().snapshotId();
      assertThat(rec.commits).hasSize(1);
      CommitEvent commit = rec.commits.get(0);
      assertThat(commit.catalog()).isEqualTo("local");
      assertThat(commit.table()).isEqualTo("db.t");
      assertThat(commit.principal()).isEqualTo("svc-ingest");
      assertThat(commit.operation()).isEqualTo("append");
      assertThat(commit.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(commit.failure()).isEmpty();
      assertThat(commit.attempt()).isEqualTo(1);
      assertThat(commit.snapshotBefore()).isEqualTo(-1);
      assertThat(commit.snapshotAfter()).isEqualTo(first);
      assertThat(commit.addedRows()).isEqualTo(3);
      assertThat(commit.addedFiles()).isEqualTo(1);
      assertThat(commit.addedBytes()).isPositive();

      append(table, 4, 5);
      assertThat(rec.commits.get(1).snapshotBefore()).isEqualTo(first);

      List<Long> ids = new ArrayList<>();
      try (RowStream rows =
          table.newScan().select("id").where(greaterThanOrEqual("id", 4L)).rows()) {
        for (Row row : rows) {
          ids.add((Long) row.get("id"));
        }
      }
      assertThat(ids).containsExactlyInAnyOrder(4L, 5L);
      assertThat(rec.scans).hasSize(1);
      ScanEvent scan = rec.scans.get(0);
      assertThat(scan.table()).isEqualTo("db.t");
      assertThat(scan.principal()).isEqualTo("svc-ingest");
      assertThat(scan.rows()).isEqualTo(2);
      assertThat(scan.columns()).containsExactly("id");
      assertThat(scan.filter()).contains("id").contains("4");
      assertThat(scan.snapshotId()).isEqualTo(table.currentSnapshot().orElseThrow().snapshotId());
      // the first file holds ids 1..3 only: its statistics prune it
      assertThat(scan.filesRead()).isEqualTo(1);
      assertThat(scan.filesPruned()).isEqualTo(1);
      assertThat(scan.bytes()).isPositive();
      assertThat(scan.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(scan.duration()).isGreaterThanOrEqualTo(scan.planning());

      table.maintenance().rewriteDataFiles().minInputFiles(2).execute();
      assertThat(rec.maintenance).hasSize(1);
      MaintenanceEvent rewrite = rec.maintenance.get(0);
      assertThat(rewrite.operation()).isEqualTo("rewrite-data-files");
      assertThat(rewrite.filesRewritten()).isEqualTo(2);
      assertThat(rewrite.filesAdded()).isEqualTo(1);
      assertThat(rewrite.bytes()).isPositive();
      assertThat(rewrite.outcome()).isEqualTo(Outcome.SUCCESS);
      CommitEvent replace = rec.commits.get(rec.commits.size() - 1);
      assertThat(replace.operation()).isEqualTo("replace");
      assertThat(replace.removedFiles()).isEqualTo(2);
      assertThat(replace.addedFiles()).isEqualTo(1);

      table
          .maintenance()
          .expireSnapshots()
          .olderThan(Instant.now().plusSeconds(1))
          .retainLast(1)
          .execute();
      MaintenanceEvent expire = rec.maintenance.get(1);
      assertThat(expire.operation()).isEqualTo("expire-snapshots");
      assertThat(expire.filesRemoved()).isPositive();
      assertThat(rec.commits.get(rec.commits.size() - 1).operation()).isEqualTo("metadata");
    }
  }

  /**
   * Opens a Floe whose next catalog commit first runs {@code meanwhile}: another handle's commit
   * lands between the attempt's refresh and its compare-and-swap, a real conflict.
   */
  private Floe openRacing(FloeConfig config, AtomicReference<Runnable> meanwhile) {
    return Internals.open(
        config,
        catalog ->
            new ForwardingCatalog() {
              @Override
              protected Catalog delegate() {
                return catalog;
              }

              @Override
              protected Table loaded(TableIdentifier id, Table table) {
                BaseTable base = (BaseTable) table;
                TableOperations ops =
                    new ForwardingTableOperations(base.operations()) {
                      @Override
                      public void commit(TableMetadata from, TableMetadata to) {
                        Runnable action = meanwhile.getAndSet(null);
                        if (action != null) {
                          action.run();
                        }
                        super.commit(from, to);
                      }
                    };
                return new BaseTable(ops, table.name(), base.reporter());
              }
            });
  }

  @Test
  void aCommitThatLosesToAnotherHandleReportsTheConflictThenTheRetry() throws Exception {
    Recorder rec = new Recorder();
    AtomicReference<Runnable> meanwhile = new AtomicReference<>();
    try (Floe other = Floe.open(config())) {
      create(other);
      try (Floe floe = openRacing(config(rec), meanwhile)) {
        FloeTable table = floe.loadTable("db.t");
        append(table, 1);
        meanwhile.set(() -> append(other.loadTable("db.t"), 2));
        int before = rec.commits.size();
        append(table, 3); // the catalog refuses the first attempt; Iceberg retries
        List<CommitEvent> events = rec.commits.subList(before, rec.commits.size());
        assertThat(events)
            .extracting(CommitEvent::outcome)
            .containsExactly(Outcome.CONFLICT, Outcome.SUCCESS);
        assertThat(events).extracting(CommitEvent::attempt).containsExactly(1, 2);
        assertThat(events.get(0).failure()).contains("CommitFailedException");
        assertThat(events.get(0).snapshotAfter()).isEqualTo(-1);
        assertThat(events.get(1).addedRows()).isEqualTo(1);

        table.updateProperties().set("commit.retry.num-retries", "0").commit();
        meanwhile.set(() -> append(other.loadTable("db.t"), 4));
        before = rec.commits.size();
        assertThatThrownBy(() -> append(table, 5)).isInstanceOf(CommitConflictException.class);
        assertThat(rec.commits.subList(before, rec.commits.size()))
            .extracting(CommitEvent::outcome)
            .containsExactly(Outcome.CONFLICT);
        assertThat(table.newScan().rows().toList()).hasSize(4);
        // the next commit on this thread is a new one: its attempts count from 1 again
        append(table, 6);
        CommitEvent next = rec.commits.get(rec.commits.size() - 1);
        assertThat(next.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(next.attempt()).isEqualTo(1);
      }
    }
  }

  @Test
  void aListenerThatThrowsBreaksNoCommitOrScan() throws Exception {
    FloeListener broken =
        new FloeListener() {
          @Override
          public void onScan(ScanEvent event) {
            throw new IllegalStateException("scan listener broke");
          }

          @Override
          public void onCommit(CommitEvent event) {
            throw new IllegalStateException("commit listener broke");
          }

          @Override
          public void onMaintenance(MaintenanceEvent event) {
            throw new IllegalStateException("maintenance listener broke");
          }
        };
    Recorder after = new Recorder();
    try (Floe floe = Floe.open(config(broken, after))) {
      FloeTable table = create(floe);
      append(table, 1, 2);
      append(table, 3);
      assertThat(table.newScan().rows().toList()).hasSize(3);
      table.maintenance().rewriteDataFiles().minInputFiles(2).execute();
      // the listener after the broken one still hears everything
      assertThat(after.commits).hasSize(3);
      assertThat(after.scans).hasSize(1);
      assertThat(after.maintenance).hasSize(1);
    }
    try (Floe floe = Floe.open(config())) {
      assertThat(floe.loadTable("db.t").newScan().rows().toList()).hasSize(3);
    }
  }

  @Test
  void aHandleWithoutListenersKeepsTheCatalogsReporter() throws Exception {
    try (Floe floe = Floe.open(config())) {
      FloeTable table = create(floe);
      assertThat(Events.of(FloeImpl.icebergTable(table))).isEmpty();
    }
    try (Floe floe = Floe.open(config(new Recorder()))) {
      assertThat(Events.of(FloeImpl.icebergTable(floe.loadTable("db.t")))).isPresent();
    }
  }
}
