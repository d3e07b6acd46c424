package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across kill -9: the sink runs in a child JVM while records are produced, and is
 * killed ({@link Process#destroyForcibly()}, SIGKILL) at random points several times, each time
 * after it committed at least once; a last run drains the topic. The table must then hold exactly
 * the produced records: none lost, none twice. Size with {@code -Dfloe.kafka.kill.records} (default
 * 30 000) and {@code -Dfloe.kafka.kill.kills} (default 6).
 */
class KafkaSinkKillIT {
  @TempDir Path warehouse;

  private final List<Process> children = new ArrayList<>();

  @Test
  void killedAtRandomPointsTheSinkStillWritesEveryRecordExactlyOnce() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    int n = Integer.getInteger("floe.kafka.kill.records", 30_000);
    int kills = Integer.getInteger("floe.kafka.kill.kills", 6);
    long seed = Long.getLong("floe.kafka.kill.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("KafkaSinkKillIT seed " + seed + ", " + n + " records, " + kills + " kills");
    String topic = "orders-kill";
    broker.createTopic(topic, 3);
    try (Floe floe = Floe.local(warehouse)) {
      floe.createNamespace("db");
      floe.createTable("db.orders")
          .column("id", Types.LongType.get())
          .column("customer", Types.StringType.get())
          .column("amount", Types.DoubleType.get())
          .column("paid", Types.BooleanType.get())
          .create();
    }
    int pace = Math.max(1, n / (kills * 200));
    Thread producer =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(broker)) {
                for (int id = 0; id < n; id++) {
                  p.send(
                      new ProducerRecord<>(
                          topic,
                          Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                          KafkaTestSupport.order(id)));
                  if (id % pace == pace - 1) {
                    Thread.sleep(20); // spread over the kills: about 4 s per kill
                  }
                }
                p.flush();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "producer");
    producer.start();
    List<String> killedAfter = new ArrayList<>();
    for (int round = 0; round < kills; round++) {
      Process sink = start(broker, topic, "run", round);
      BlockingQueue<String> lines = lines(sink);
      // kill after its first commit (or after 20 s without one: a kill before any commit), plus
      // a random delay: in the middle of writing files, of a commit, or of a poll
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      do {
        line = lines.poll(100, TimeUnit.MILLISECONDS);
        assertThat(sink.isAlive() || line != null).as("round %d: the sink died", round).isTrue();
      } while ((line == null || !line.startsWith("COMMITS")) && System.nanoTime() < deadline);
      long delay = random.nextInt(1_500);
      Thread.sleep(delay);
      sink.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
      assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
      killedAfter.add((line == null ? "no commit" : line) + " +" + delay + "ms");
    }
    System.out.println("killed after first commit " + killedAfter);
    producer.join(TimeUnit.MINUTES.toMillis(2));
    Process last = start(broker, topic, "drain", kills);
    BlockingQueue<String> lines = lines(last);
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).isZero();
    List<String> output = new ArrayList<>();
    lines.drainTo(output);
    System.out.println("last run: " + output.get(output.size() - 1));

    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.loadTable("db.orders");
      List<Map<String, Object>> rows = KafkaTestSupport.rows(table);
      BitSet seen = new BitSet(n);
      int duplicates = 0;
      for (Map<String, Object> row : rows) {
        int id = ((Long) row.get("id")).intValue();
        if (seen.get(id)) {
          duplicates++;
        }
        seen.set(id);
        assertThat(row).containsEntry("customer", "c" + (id % 97));
      }
      assertThat(duplicates).as("duplicates").isZero();
      assertThat(seen.cardinality()).as("distinct ids").isEqualTo(n);
      assertThat(rows).hasSize(n);
      assertThat(KafkaTestSupport.rows(floe.loadTable("db.dead"))).isEmpty();
      System.out.println(
          "KafkaSinkKillIT: "
              + n
              + " records exact after "
              + kills
              + " kills, "
              + table.snapshots().size()
              + " snapshots");
    }
  }

  @AfterEach
  void killLeftovers() {
    children.forEach(Process::destroyForcibly);
  }

  private Process start(KafkaBroker broker, String topic, String mode, int round) throws Exception {
    Path log =
        Files.createDirectories(Path.of("target", "kill-logs")).resolve("sink-" + round + ".log");
    List<String> command =
        List.of(
            KafkaBroker.javaBinary(),
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dorg.slf4j.simpleLogger.log.io.floe.kafka=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp",
            KafkaBroker.testClassPath(),
            SinkProcess.class.getName(),
            warehouse.toString(),
            broker.bootstrapServers(),
            topic,
            "killed",
            mode);
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    children.add(process);
    return process;
  }

  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the process died
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
