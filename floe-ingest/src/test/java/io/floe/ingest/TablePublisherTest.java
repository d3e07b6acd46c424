package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablePublisherTest {
  @TempDir Path tmp;

  /** Records what it receives; requests only what the test asks. */
  static final class Recorder implements Flow.Subscriber<TablePublisher.Change> {
    final List<TablePublisher.Change> items = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile Flow.Subscription subscription;
    volatile Thread thread;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(TablePublisher.Change item) {
      thread = Thread.currentThread();
      items.add(item);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
    }

    @Override
    public void onComplete() {
      error.set(new AssertionError("onComplete"));
    }

    List<Long> ids() {
      List<Long> ids = new ArrayList<>();
      items.forEach(i -> ids.add((Long) i.row().get("id")));
      return ids;
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(10);
    }
  }

  static void append(FloeTable table, int from, int to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      rows.add(Map.of("id", i, "name", "n" + i));
    }
    table.newAppend().rows(rows).commit();
  }

  @Test
  void publishesNewAppendsAsDemandedAndStopsWhenCancelled() throws Exception {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = FolderSourceTest.events(floe);
      append(table, 0, 10); // before the subscription: not published
      try (TablePublisher publisher =
          TablePublisher.builder(floe.loadTable("db.events"))
              .pollInterval(Duration.ofMillis(50))
              .build()) {
        Recorder r = new Recorder();
        publisher.subscribe(r);
        append(table, 10, 20);
        long first = table.refresh().currentSnapshot().orElseThrow().snapshotId();
        append(table, 20, 30);
        Thread.sleep(300);
        assertThat(r.items).isEmpty(); // no demand, nothing read
        r.subscription.request(5);
        await(() -> r.items.size() == 5);
        Thread.sleep(200);
        assertThat(r.items).hasSize(5); // back-pressure: no more than requested
        r.subscription.request(Long.MAX_VALUE);
        await(() -> r.items.size() == 20);
        assertThat(r.ids()).isEqualTo(FolderSourceTest.range(10, 30));
        assertThat(r.items.get(0).snapshotId()).isEqualTo(first);
        append(table, 30, 35);
        await(() -> r.items.size() == 25);
        r.subscription.cancel();
        await(() -> !r.thread.isAlive());
        append(table, 35, 40);
        Thread.sleep(200);
        assertThat(r.items).hasSize(25);
        assertThat(r.error.get()).isNull();
      }
    }
  }

  @Test
  void resumesAfterASnapshotAndPublishesChangeRecords() throws Exception {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = FolderSourceTest.events(floe);
      append(table, 0, 3);
      long after = table.refresh().currentSnapshot().orElseThrow().snapshotId();
      append(table, 3, 5);
      table.newUpsert().key("id").row(Map.of("id", 1L, "name", "changed")).commit();
      try (TablePublisher appended =
              TablePublisher.builder(table)
                  .fromSnapshot(after)
                  .pollInterval(Duration.ofMillis(50))
                  .build();
          TablePublisher changes =
              TablePublisher.builder(table)
                  .fromBeginning()
                  .changelog()
                  .pollInterval(Duration.ofMillis(50))
                  .build()) {
        Recorder a = new Recorder();
        appended.subscribe(a);
        a.subscription.request(Long.MAX_VALUE);
        Recorder c = new Recorder();
        changes.subscribe(c);
        c.subscription.request(Long.MAX_VALUE);
        await(() -> a.items.size() >= 2 && c.items.size() >= 7);
        Thread.sleep(200);
        // the upsert is an overwrite, not an append: the incremental scan skips it
        assertThat(a.ids()).containsExactly(3L, 4L);
        List<String> kinds = new ArrayList<>();
        c.items.forEach(i -> kinds.add(i.row().get("_change_type") + ":" + i.row().get("id")));
        assertThat(kinds)
            .hasSize(7)
            .containsSubsequence("INSERT:0", "INSERT:3")
            .contains("DELETE:1", "INSERT:1");
        assertThat(c.error.get()).isNull();
      }
    }
  }
}
