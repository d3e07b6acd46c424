package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.avro.RegistrySerde;
import io.floe.parquet.write.ArrowAppend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured harness (not a test of times): Kafka to table throughput of 1 KB Avro records against
 * the ceiling, the same records written by {@link ArrowAppend}; and produce-to-visible latency at a
 * steady rate. Runs only with {@code -Dfloe.kafka.bench=true}; sizes with {@code
 * -Dfloe.kafka.bench.records} (default 200 000), {@code -Dfloe.kafka.bench.rate} (records/s of the
 * latency phase, default 5 000) and {@code -Dfloe.kafka.bench.seconds} (default 30).
 */
@EnabledIfSystemProperty(named = "floe.kafka.bench", matches = "true")
class KafkaThroughputIT {
  static final Schema AVRO =
      SchemaBuilder.record("Event")
          .fields()
          .requiredLong("id")
          .requiredLong("ts")
          .requiredString("category")
          .requiredDouble("amount")
          .requiredBoolean("flag")
          .requiredString("payload")
          .endRecord();

  @TempDir Path warehouse;

  static FloeTable create(Floe floe, String name) {
    if (!floe.namespaceExists("bench")) {
      floe.createNamespace("bench");
    }
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .column("ts", Types.LongType.get())
        .column("category", Types.StringType.get())
        .column("amount", Types.DoubleType.get())
        .column("flag", Types.BooleanType.get())
        .column("payload", Types.StringType.get())
        .create();
  }

  /** ~900 characters of mixed text per record: the value is about 1 KB in Avro. */
  static String payload(Random random) {
    char[] chars = new char[900];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  static GenericData.Record event(long id, long ts, String payload) {
    GenericData.Record r = new GenericData.Record(AVRO);
    r.put("id", id);
    r.put("ts", ts);
    r.put("category", "cat-" + (id % 50));
    r.put("amount", (id % 10_000) / 100.0);
    r.put("flag", id % 2 == 0);
    r.put("payload", payload);
    return r;
  }

  @Test
  void throughputAgainstArrowAppendAndLatency() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    KafkaSinkIT.broker = broker;
    int n = Integer.getInteger("floe.kafka.bench.records", 200_000);
    MemoryRegistry registry = new MemoryRegistry();
    RegistrySerde serde = RegistrySerde.of(registry);
    Random random = new Random(42);
    String[] payloads = new String[64];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = payload(random);
    }
    String topic = "bench-throughput";
    broker.createTopic(topic, 3);
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(broker)) {
      for (int id = 0; id < n; id++) {
        byte[] value = serde.serialize("bench-value", event(id, 0, payloads[id % 64]));
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, value));
      }
      producer.flush();
    }
    double mb = bytes / 1e6;
    try (Floe floe = Floe.local(warehouse)) {
      // the ceiling: the same values as Arrow batches of 8192 rows, one ArrowAppend
      FloeTable ceilingTable = create(floe, "bench.ceiling");
      long arrowNanos;
      try (BufferAllocator allocator = new RootAllocator();
          VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(), allocator)) {
        long start = System.nanoTime();
        try (ArrowAppend append = ArrowAppend.to(ceilingTable).expectedRows(n)) {
          for (int from = 0; from < n; from += 8192) {
            int rows = Math.min(8192, n - from);
            fill(root, from, rows, payloads);
            append.batch(root);
          }
          append.commit();
        }
        arrowNanos = System.nanoTime() - start;
      }
      assertThat(ceilingTable.refresh().newScan().count()).isEqualTo(n);

      FloeTable sinkTable = create(floe, "bench.sink");
      long sinkNanos;
      try (KafkaSink sink =
          KafkaSinkIT.sink(floe, topic, "bench")
              .table("bench.sink")
              .format(RecordFormat.avro(registry))
              .commitEvery(Long.MAX_VALUE, Duration.ofSeconds(10), Long.MAX_VALUE)
              .build()) {
        long start = System.nanoTime();
        KafkaSinkIT.pollUntil(sink, () -> sink.stats().records() == n, Duration.ofMinutes(10));
        sink.flush();
        sinkNanos = System.nanoTime() - start;
      }
      assertThat(sinkTable.refresh().newScan().count()).isEqualTo(n);
      // contents exact: every id once, its values as produced
      java.util.BitSet seen = new java.util.BitSet(n);
      try (RowStream rows = sinkTable.newScan().select("id", "category", "amount").rows()) {
        for (Row row : rows) {
          long id = (Long) row.get("id");
          assertThat(seen.get((int) id)).as("id %d twice", id).isFalse();
          seen.set((int) id);
          assertThat(row.get("category")).isEqualTo("cat-" + (id % 50));
          assertThat(row.get("amount")).isEqualTo((id % 10_000) / 100.0);
        }
      }
      assertThat(seen.cardinality()).isEqualTo(n);
      double arrowRate = n / (arrowNanos / 1e9);
      double sinkRate = n / (sinkNanos / 1e9);
      System.out.printf(
          "BENCH %d Avro records of %.0f bytes (%.1f MB): ArrowAppend %.0f rec/s %.1f MB/s;"
              + " Kafka sink %.0f rec/s %.1f MB/s = %.0f%% of the ceiling%n",
          n,
          bytes / (double) n,
          mb,
          arrowRate,
          mb / (arrowNanos / 1e9),
          sinkRate,
          mb / (sinkNanos / 1e9),
          100 * sinkRate / arrowRate);
      latency(floe, broker, registry, serde, payloads);
    }
  }

  private static org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
    var int64 = new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true);
    var utf8 = org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE;
    var float8 =
        new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
            org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);
    var bool = org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE;
    return new org.apache.arrow.vector.types.pojo.Schema(
        List.of(
            org.apache.arrow.vector.types.pojo.Field.nullable("id", int64),
            org.apache.arrow.vector.types.pojo.Field.nullable("ts", int64),
            org.apache.arrow.vector.types.pojo.Field.nullable("category", utf8),
            org.apache.arrow.vector.types.pojo.Field.nullable("amount", float8),
            org.apache.arrow.vector.types.pojo.Field.nullable("flag", bool),
            org.apache.arrow.vector.types.pojo.Field.nullable("payload", utf8)));
  }

  private static void fill(VectorSchemaRoot root, int from, int rows, String[] payloads) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    BigIntVector ts = (BigIntVector) root.getVector("ts");
    VarCharVector category = (VarCharVector) root.getVector("category");
    Float8Vector amount = (Float8Vector) root.getVector("amount");
    BitVector flag = (BitVector) root.getVector("flag");
    VarCharVector payload = (VarCharVector) root.getVector("payload");
    for (int i = 0; i < rows; i++) {
      long v = from + i;
      id.setSafe(i, v);
      ts.setSafe(i, 0);
      category.setSafe(i, ("cat-" + (v % 50)).getBytes(StandardCharsets.UTF_8));
      amount.setSafe(i, (v % 10_000) / 100.0);
      flag.setSafe(i, v % 2 == 0 ? 1 : 0);
      payload.setSafe(i, payloads[(int) (v % 64)].getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(rows);
  }

  /** Produces at a steady rate, and times each record from send to the first scan that sees it. */
  private static void latency(
      Floe floe,
      KafkaBroker broker,
      MemoryRegistry registry,
      RegistrySerde serde,
      String[] payloads)
      throws Exception {
    int rate = Integer.getInteger("floe.kafka.bench.rate", 5_000);
    int seconds = Integer.getInteger("floe.kafka.bench.seconds", 30);
    String topic = "bench-latency";
    broker.createTopic(topic, 3);
    FloeTable table = create(floe, "bench.latency");
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(broker)) {
                long start = System.nanoTime();
                for (long id = 0; id < (long) rate * seconds; id++) {
                  long due = start + id * 1_000_000_000L / rate;
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  p.send(
                      new ProducerRecord<>(
                          topic,
                          serde.serialize(
                              "bench-value",
                              event(id, System.currentTimeMillis(), payloads[(int) (id % 64)]))));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                producing.set(false);
              }
            });
    KafkaSink sink =
        KafkaSinkIT.sink(floe, topic, "latency")
            .table("bench.latency")
            .format(RecordFormat.avro(registry))
            .commitEvery(Long.MAX_VALUE, Duration.ofSeconds(1), Long.MAX_VALUE)
            .build();
    Thread sinkThread = new Thread(sink::run);
    sinkThread.start();
    producer.start();
    List<Long> latencies = new ArrayList<>();
    Long seen = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 15);
    while (System.nanoTime() < end && (producing.get() || latencies.size() < rate * seconds)) {
      Snapshot current = table.refresh().currentSnapshot().orElse(null);
      if (current != null && (seen == null || current.snapshotId() != seen)) {
        long now = System.currentTimeMillis();
        var scan = table.newIncrementalScan().toSnapshot(current.snapshotId()).select("ts");
        if (seen != null) {
          scan = scan.fromSnapshotExclusive(seen);
        }
        try (RowStream rows = scan.rows()) {
          for (Row row : rows) {
            latencies.add(now - (Long) row.get("ts"));
          }
        }
        seen = current.snapshotId();
      }
      Thread.sleep(20);
    }
    sink.close();
    sinkThread.join();
    producer.join();
    Collections.sort(latencies);
    System.out.printf(
        "BENCH latency produce->visible at %d rec/s, commit every 1 s: %d records, p50 %d ms,"
            + " p99 %d ms, max %d ms%n",
        rate,
        latencies.size(),
        latencies.get(latencies.size() / 2),
        latencies.get((int) (latencies.size() * 0.99)),
        latencies.get(latencies.size() - 1));
  }
}
