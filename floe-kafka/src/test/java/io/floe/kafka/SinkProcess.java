package io.floe.kafka;

import io.floe.Floe;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A sink in its own JVM, for the kill -9 test: {@code SinkProcess <warehouse> <bootstrap> <topic>
 * <sink-id> run|drain}. It prints {@code COMMITS n} after every poll that committed; in {@code
 * drain} mode it stops (committing) after two idle seconds and prints {@code DONE} with its stats.
 */
public final class SinkProcess {
  private SinkProcess() {}

  /**
   * Runs the sink.
   *
   * @param args warehouse, bootstrap servers, topic, sink id, mode
   */
  public static void main(String[] args) {
    ParentWatch.start();
    Path warehouse = Path.of(args[0]);
    boolean drain = args[4].equals("drain");
    try (Floe floe = Floe.local(warehouse);
        KafkaSink sink =
            KafkaSink.builder(floe)
                .bootstrapServers(args[1])
                .topics(args[2])
                .sinkId(args[3])
                // static membership: a restarted sink takes its partitions over at once
                .consumerProperty("group.instance.id", args[3] + "-1")
                .consumerProperty("session.timeout.ms", 10_000)
                .table("db.orders")
                .deadLetterTable("db.dead")
                .commitEvery(1_500, Duration.ofMillis(300), 1L << 30)
                .build()) {
      long commits = 0;
      int idle = 0;
      while (!drain || idle < 20) {
        int polled = sink.pollOnce(Duration.ofMillis(100));
        idle = polled == 0 ? idle + 1 : 0;
        if (sink.stats().commits() != commits) {
          commits = sink.stats().commits();
          System.out.println("COMMITS " + commits);
        }
      }
      sink.flush();
      System.out.println("DONE " + sink.stats());
    }
  }
}
