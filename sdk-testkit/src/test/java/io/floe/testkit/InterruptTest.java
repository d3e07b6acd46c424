package io.floe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeInterruptedException;
import io.floe.FloeTable;
import io.floe.WriteMode;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thread interrupted while Floe waits for its worker threads (planning a scan over several
 * manifests, matching rows for a delete or an upsert) gets a {@link FloeInterruptedException}
 * naming the table, keeps its interrupt flag, and the table stays at its last snapshot. The wait is
 * made certain by holding a worker thread inside a file read until the caller was interrupted.
 */
class InterruptTest {
  private final FloeTestKit kit = FloeTestKit.inMemory();

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void interruptedScanPlanningIsAFloeException() throws Exception {
    FloeTable table = tableWithFourAppends();
    // a second Floe has cold caches: its scan reads the four manifests on the planning pool
    Floe cold = kit.newFloe();
    Outcome outcome =
        interruptWhileWorkerReads(
            Pattern.compile("-m\\d+\\.avro$"),
            () -> cold.loadTable("db.events").newScan().rows().toList());
    assertThat(outcome.error)
        .isInstanceOf(FloeInterruptedException.class)
        .hasMessageContaining("db.events");
    assertThat(outcome.interruptFlag).isTrue();
  }

  @Test
  void interruptedRowMatchingOfADeleteIsAFloeExceptionAndCommitsNothing() throws Exception {
    FloeTable table = tableWithFourAppends();
    long before = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    Outcome outcome =
        interruptWhileWorkerReads(
            Pattern.compile("\\.parquet$"),
            () ->
                table
                    .newDelete()
                    .where(Expressions.equal("category", "b"))
                    .mode(WriteMode.MERGE_ON_READ)
                    .commit());
    assertThat(outcome.error)
        .isInstanceOf(FloeInterruptedException.class)
        .hasMessageContaining("db.events");
    assertThat(outcome.interruptFlag).isTrue();
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
    assertThat(table.newScan().count()).isEqualTo(40);
  }

  private FloeTable tableWithFourAppends() {
    FloeTable table =
        kit.floe()
            .createTable("db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .create();
    for (int a = 0; a < 4; a++) {
      var append = table.newAppend();
      for (int i = 0; i < 10; i++) {
        append.row(Map.of("id", (long) (a * 10 + i), "category", i % 2 == 0 ? "a" : "b"));
      }
      append.commit();
    }
    return table;
  }

  /** How the interrupted call ended. */
  private record Outcome(Throwable error, boolean interruptFlag) {}

  /**
   * Runs {@code call} on a thread of its own, holds the first worker thread (any thread but the
   * caller's) that reads a file matching {@code files} until the caller was interrupted, then lets
   * it go and returns how the call ended.
   */
  private Outcome interruptWhileWorkerReads(Pattern files, Runnable call) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicReference<Thread> caller = new AtomicReference<>();
    kit.faults()
        .onFile(FileOperation.OPEN, FileOperation.READ)
        .pathMatching(files)
        .run(
            () -> {
              if (Thread.currentThread() != caller.get() && first.compareAndSet(true, false)) {
                held.countDown();
                await(release);
              }
            });
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicBoolean flag = new AtomicBoolean();
    Thread thread =
        new Thread(
            () -> {
              try {
                call.run();
              } catch (Throwable t) {
                error.set(t);
                flag.set(Thread.currentThread().isInterrupted());
              }
            },
            "interrupted-caller");
    caller.set(thread);
    thread.start();
    try {
      assertThat(held.await(30, TimeUnit.SECONDS))
          .as("a worker thread read a matching file")
          .isTrue();
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } finally {
      release.countDown();
    }
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thread.isAlive()).isFalse();
    kit.faults().clear();
    return new Outcome(error.get(), flag.get());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
