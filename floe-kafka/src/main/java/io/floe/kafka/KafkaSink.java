package io.floe.kafka;

import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.DataWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topics into Floe tables exactly once, in the calling JVM (no Connect or Flink
 * cluster).
 *
 * <p>Records are decoded by a {@link RecordFormat} (JSON, Avro through Floe's schema registry
 * client, or bytes with a mapper), routed to a table (one table, or one per value of a field),
 * fitted to the table under a {@link SchemaPolicy}, and written to data files as they arrive. Every
 * N records, M bytes or T seconds, each table gets one append commit whose snapshot summary holds
 * the consumed offsets ({@code floe.kafka.offsets.<sink-id>}: the next offset of every partition
 * the sink owns). On start and on every partition assignment the sink reads those offsets back from
 * the tables' snapshot histories and seeks to them; Kafka's committed offsets are written for
 * monitoring only and never read. A commit is checked, inside the catalog's compare-and-swap,
 * against the offsets the sink started from, so a second consumer of the same partition (after a
 * rebalance, or a zombie) cannot write the same records twice: the loser drops its rows and seeks
 * to the table's offsets. A commit whose outcome is unknown is resolved the same way, by reading
 * the tables back, never by writing again blindly.
 *
 * <p>A record that cannot be decoded, routed or converted goes to the dead-letter table (created
 * when missing: topic, partition, offset, timestamp, key, value, error, target table), committed
 * with its own offsets in the same flow, so it too is written exactly once; without a dead-letter
 * table such a record stops the sink with a {@link ValidationException} naming topic, partition and
 * offset, and the tables stay at their last commit.
 *
 * <p>{@link #run()} polls until {@link #close()} is called from another thread; {@link
 * #pollOnce(Duration)} and {@link #flush()} drive the sink step by step. A sink is used by one
 * thread; only {@link #close()} and {@link #stats()} may be called from others.
 *
 * <pre>{@code
 * try (KafkaSink sink = KafkaSink.builder(floe)
 *     .bootstrapServers("127.0.0.1:9092")
 *     .topics("orders")
 *     .sinkId("orders-to-lake")
 *     .table("sales.orders")
 *     .format(RecordFormat.json())
 *     .schemaPolicy(SchemaPolicy.EVOLVE)
 *     .deadLetterTable("sales.orders_dead_letters")
 *     .commitEvery(50_000, Duration.ofSeconds(10), 64 << 20)
 *     .build()) {
 *   sink.run(); // until sink.close() from another thread
 * }
 * }</pre>
 */
public final class KafkaSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

  /**
   * A table that got no rows records the sink's progress once it lags this many commits' worth of
   * records (or after the idle interval), which bounds what a restart re-reads for it.
   */
  private static final long IDLE_LAG_COMMITS = 10;

  /**
   * Counters of a sink since it was built.
   *
   * @param records records written to their tables (rows later dropped by a refused commit are
   *     counted again when read again)
   * @param deadLetters records written to the dead-letter table
   * @param skipped records read again after a restart or a refused commit and skipped, being in
   *     their table already
   * @param commits commits that landed
   * @param refusedCommits commits refused because another consumer had committed the same records
   * @param unknownCommits commits whose outcome was unknown, resolved by reading the tables back
   */
  public record Stats(
      long records,
      long deadLetters,
      long skipped,
      long commits,
      long refusedCommits,
      long unknownCommits) {}

  private final Builder config;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, TableState> tables = new LinkedHashMap<>();
  private final TableState deadLetters;
  private final Set<TopicPartition> assigned = new HashSet<>();

  /** The next offset of each assigned partition after the records processed so far. */
  private final Map<TopicPartition, Long> processed = new HashMap<>();

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong deadLetterCount = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile boolean running;
  private boolean closed;
  private long pendingRecords;
  private long pendingBytes;
  private long lastFlush = System.nanoTime();

  /** True while records of a poll are not all processed (a record failed): positions are ahead. */
  private boolean unprocessed;

  /** The error that stopped the sink in the middle of a poll's records, or null. */
  private Throwable failed;

  private KafkaSink(Builder config) {
    this.config = config;
    for (String name : config.targetTables()) {
      tables.put(name, new TableState(config.floe.loadTable(name), config.sinkId));
    }
    if (config.deadLetterTable != null) {
      FloeTable table =
          config
              .floe
              .findTable(config.deadLetterTable)
              .orElseGet(() -> createDeadLetterTable(config.floe, config.deadLetterTable));
      this.deadLetters = new TableState(table, config.sinkId);
    } else {
      this.deadLetters = null;
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    props.putAll(config.consumerProperties);
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(config.topics, new Rebalance());
  }

  /**
   * Starts configuring a sink that writes to tables of a Floe.
   *
   * @param floe the Floe the tables are in; not closed by the sink
   * @return a new builder
   */
  public static Builder builder(Floe floe) {
    return new Builder(Objects.requireNonNull(floe, "floe"));
  }

  private static FloeTable createDeadLetterTable(Floe floe, String name) {
    try {
      return createDeadLetterTableNow(floe, name);
    } catch (io.floe.AlreadyExistsException e) {
      return floe.loadTable(name); // another consumer of the group created it first
    }
  }

  private static FloeTable createDeadLetterTableNow(Floe floe, String name) {
    return floe.createTable(name)
        .column("sink_id", Types.StringType.get())
        .column("topic", Types.StringType.get())
        .column("partition", Types.IntegerType.get())
        .column("offset", Types.LongType.get())
        .column("timestamp", Types.TimestampType.withZone())
        .column("key", Types.BinaryType.get())
        .column("value", Types.BinaryType.get())
        .column("error", Types.StringType.get())
        .column("target_table", Types.StringType.get())
        .create();
  }

  /**
   * Polls and writes until {@link #close()} is called, committing as configured; commits what is
   * pending before it returns.
   *
   * @throws ValidationException when a record cannot be converted and no dead-letter table is set
   * @throws FloeException when a table cannot be written or read; its last commit stands
   */
  public void run() {
    running = true;
    try {
      while (!closing) {
        pollOnce(Duration.ofMillis(Math.max(1, Math.min(200, untilDue()))));
      }
    } catch (WakeupException e) {
      // close() was called
    } finally {
      try {
        if (!closed) {
          finish();
        }
      } finally {
        running = false;
        stopped.countDown();
      }
    }
  }

  private long untilDue() {
    return config.commitInterval.toMillis()
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFlush);
  }

  /**
   * Polls once, writes the records received, and commits when N records, M bytes or T seconds are
   * reached.
   *
   * @param timeout the longest wait for records
   * @return the number of records received
   * @throws ValidationException when a record cannot be converted and no dead-letter table is set
   * @throws FloeException when a table cannot be written or read; its last commit stands
   * @throws IllegalStateException when an earlier call failed: close the sink and build a new one
   */
  public int pollOnce(Duration timeout) {
    if (failed != null) {
      throw new IllegalStateException(
          "Kafka sink "
              + config.sinkId
              + " stopped on an error ("
              + failed.getMessage()
              + "); close it and build a new one, which resumes from the tables",
          failed);
    }
    ConsumerRecords<byte[], byte[]> batch;
    try {
      batch = consumer.poll(timeout);
    } catch (org.apache.kafka.common.KafkaException e) {
      if (e.getCause() instanceof FloeException table) {
        throw table; // thrown by the sink's rebalance callback (reading or committing a table)
      }
      throw e;
    }
    unprocessed = !batch.isEmpty();
    try {
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        process(record);
      }
    } catch (RuntimeException | Error e) {
      failed = e; // the consumer is past records not processed: it must not poll on
      throw e;
    }
    unprocessed = false;
    if (pendingRecords >= config.commitRecords
        || pendingBytes >= config.commitBytes
        || (untilDue() <= 0 && (pendingRecords > 0 || idleDue()))) {
      flush();
    }
    return batch.count();
  }

  private boolean idleDue() {
    long now = System.nanoTime();
    for (TableState state : allTables()) {
      if (now - state.lastCommitNanos >= config.idleCommitInterval.toNanos()
          && !offsetsFor(state).equals(expectedFor(state, offsetsFor(state).keySet()))) {
        return true;
      }
    }
    return false;
  }

  private void process(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    int size =
        (record.value() == null ? 0 : record.value().length)
            + (record.key() == null ? 0 : record.key().length);
    String target = null;
    try {
      Map<String, Object> row;
      try {
        row = config.format.decode(record);
      } catch (RecordException | FloeException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new RecordException("cannot decode the value: " + e.getMessage());
      }
      target = route(row);
      TableState table = tables.get(target);
      Long committed = table.expected.get(tp);
      if (committed != null && record.offset() < committed) {
        skipped.incrementAndGet(); // in the table already (a restart re-reads from the lowest)
      } else {
        table.write(table.fit(row, config.schemaPolicy));
        records.incrementAndGet();
      }
    } catch (RecordException | ValidationException e) {
      deadLetter(record, tp, target, e.getMessage());
    }
    processed.put(tp, record.offset() + 1);
    pendingRecords++;
    pendingBytes += size;
  }

  private String route(Map<String, Object> row) {
    if (config.routeField == null) {
      return config.table;
    }
    Object value = row.get(config.routeField);
    String table = value == null ? null : config.routes.get(value.toString());
    if (table == null) {
      table = config.table;
    }
    if (table == null) {
      throw new RecordException(
          "no route for " + config.routeField + "=" + value + " and no default table");
    }
    return table;
  }

  private void deadLetter(
      ConsumerRecord<byte[], byte[]> record, TopicPartition tp, String target, String error) {
    if (deadLetters == null) {
      throw new ValidationException(
          "Kafka sink "
              + config.sinkId
              + ": record "
              + tp
              + "@"
              + record.offset()
              + " cannot be written"
              + (target == null ? "" : " to " + target)
              + ": "
              + error
              + ". Set a dead-letter table to keep such records aside; the tables stay at their"
              + " last commit",
          null,
          null,
          null);
    }
    Long committed = deadLetters.expected.get(tp);
    if (committed != null && record.offset() < committed) {
      skipped.incrementAndGet();
      return;
    }
    Map<String, Object> row = new HashMap<>();
    row.put("sink_id", config.sinkId);
    row.put("topic", record.topic());
    row.put("partition", record.partition());
    row.put("offset", record.offset());
    row.put("timestamp", Instant.ofEpochMilli(record.timestamp()));
    row.put("key", record.key());
    row.put("value", record.value());
    row.put("error", error == null ? "unknown error" : error);
    row.put("target_table", target);
    deadLetters.write(row);
    deadLetters.deadLetters++;
    deadLetterCount.incrementAndGet();
  }

  private List<TableState> allTables() {
    List<TableState> all = new ArrayList<>(tables.values());
    if (deadLetters != null) {
      all.add(deadLetters);
    }
    return all;
  }

  /** The offsets a commit to this table records: the sink's progress, never behind the table's. */
  private Map<TopicPartition, Long> offsetsFor(TableState state) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : assigned) {
      Long done = processed.get(tp);
      Long table = state.expected.get(tp);
      if (done != null && table != null) {
        offsets.put(tp, Math.max(done, table));
      } else if (done != null) {
        offsets.put(tp, done);
      } else if (table != null) {
        offsets.put(tp, table);
      }
    }
    return offsets;
  }

  private static Map<TopicPartition, Long> expectedFor(
      TableState state, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> expected = new HashMap<>();
    for (TopicPartition tp : partitions) {
      expected.put(tp, state.expected.get(tp));
    }
    return expected;
  }

  /**
   * Commits every table that has rows (and every table whose offsets moved, so that all tables keep
   * up with the sink's progress), each with its offsets in the snapshot summary.
   *
   * @throws FloeException when a table cannot be written or read; its last commit stands
   */
  public void flush() {
    if (!unprocessed) {
      // the consumer's position is past transaction markers and aborted records too: recording it
      // spares a restart from reading them again
      for (TopicPartition tp : assigned) {
        try {
          long position = consumer.position(tp, Duration.ofSeconds(5));
          if (processed.containsKey(tp)) {
            processed.merge(tp, position, Math::max);
          }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          // the position is not known yet: the records processed say enough
        }
      }
    }
    boolean reseek = false;
    for (TableState state : allTables()) {
      reseek |= !commit(state);
    }
    lastFlush = System.nanoTime();
    pendingRecords = 0;
    pendingBytes = 0;
    if (reseek) {
      for (TableState state : allTables()) {
        state.reset(true);
      }
      seekFromTables(assigned);
    } else if (!processed.isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
      processed.forEach((tp, offset) -> progress.put(tp, new OffsetAndMetadata(offset)));
      consumer.commitAsync(progress, null); // for lag monitoring only: restarts read the tables
    }
  }

  /** Commits one table; false when the commit was refused or its outcome is unknown. */
  private boolean commit(TableState state) {
    Map<TopicPartition, Long> offsets = offsetsFor(state);
    Map<TopicPartition, Long> before = expectedFor(state, offsets.keySet());
    if (!state.hasData() && offsets.equals(before) && state.schemaChanges.isEmpty()) {
      return true;
    }
    if (!state.hasData() && !offsets.keySet().stream().anyMatch(tp -> before.get(tp) == null)) {
      long idle = System.nanoTime() - state.lastCommitNanos;
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
        lag += e.getValue() - before.get(e.getKey());
      }
      if (idle < config.idleCommitInterval.toNanos()
          && lag < IDLE_LAG_COMMITS * config.commitRecords
          && !closing) {
        // offsets-only commits are rare: the table's offsets stay valid meanwhile, and a restart
        // re-reads (and skips) at most this lag
        return true;
      }
    }
    List<DataFile> files = state.finishFiles();
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SinkOffsets.SINK_ID, config.sinkId);
    summary.put(SinkOffsets.key(config.sinkId), SinkOffsets.format(offsets));
    summary.put(SinkOffsets.RECORDS, Long.toString(state.rows));
    if (state == deadLetters) {
      summary.put(SinkOffsets.DEAD_LETTERS, Long.toString(state.deadLetters));
    }
    if (!state.schemaChanges.isEmpty()) {
      summary.put(SinkOffsets.SCHEMA_CHANGES, String.join("; ", state.schemaChanges));
    }
    state.ops.expect(before);
    try {
      // quarantined rows land first (their own commit); a refused data commit re-reads the
      // records, quarantining them again: nothing is lost, some may be quarantined twice
      summary.putAll(state.beforeCommit());
      DataWrites.commitAppend(state.name, state.checked, files, summary, null);
    } catch (CommitStateUnknownException e) {
      // the commit may have landed: keep its files; the table's offsets, read back before going
      // on, say which records it holds (and a late landing is caught by the offsets check)
      unknown.incrementAndGet();
      String outcome;
      try {
        outcome =
            e.commitId().map(id -> state.floeTable.refresh().commitState(id).name()).orElse("?");
      } catch (FloeException readFailure) {
        outcome = "unreadable: " + readFailure.getMessage();
      }
      LOG.warn(
          "Kafka sink {}: commit to {} has an unknown outcome (the table says {}); reading the"
              + " tables' offsets back",
          config.sinkId,
          state.name,
          outcome,
          e);
      state.reset(false);
      state.lastCommitNanos = System.nanoTime();
      return false;
    } catch (FloeException e) {
      if (state.ops.refusal() == null) {
        throw e;
      }
      LOG.warn("{}; seeking to the tables' offsets", state.ops.refusal());
      refused.incrementAndGet();
      state.reset(true); // refused: the append deleted its files, nothing refers to them
      return false;
    }
    commits.incrementAndGet();
    state.expected.putAll(offsets);
    state.reset(false);
    state.lastCommitNanos = System.nanoTime();
    return true;
  }

  /** Reads the tables' offsets for partitions and seeks each to the lowest any table needs. */
  private void seekFromTables(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> start = new HashMap<>();
    Set<TopicPartition> fromBeginning = new HashSet<>();
    for (TableState state : allTables()) {
      TableMetadata metadata = state.refresh();
      Map<TopicPartition, Long> found = SinkOffsets.latest(metadata, config.sinkId, partitions);
      for (TopicPartition tp : partitions) {
        Long offset = found.get(tp);
        if (offset == null && SinkOffsets.historyExpired(metadata)) {
          // the offsets may have expired with old snapshots while the records stay in the table:
          // reading the partition from its beginning could write them twice
          throw new ValidationException(
              "Kafka sink "
                  + config.sinkId
                  + ": table "
                  + state.name
                  + " has no offset for partition "
                  + tp
                  + " in its retained snapshots, and older snapshots were expired, so the sink"
                  + " cannot tell which of its records the table holds. Keep snapshots longer than"
                  + " a partition may stay idle; to go on, commit the offsets to the table (an"
                  + " append with no rows and summary property "
                  + SinkOffsets.key(config.sinkId)
                  + " = {\""
                  + tp.topic()
                  + "\":{\""
                  + tp.partition()
                  + "\":<next offset>}})",
              state.name,
              null,
              null);
        }
        if (offset == null) {
          state.expected.remove(tp);
          fromBeginning.add(tp);
        } else {
          state.expected.put(tp, offset);
          start.merge(tp, offset, Math::min);
        }
      }
    }
    for (TopicPartition tp : partitions) {
      processed.remove(tp);
      if (fromBeginning.contains(tp)) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, start.get(tp));
      }
    }
    LOG.info(
        "Kafka sink {}: partitions {} start at {} (from the tables; {} from the beginning)",
        config.sinkId,
        partitions,
        start,
        fromBeginning);
  }

  /**
   * The sink's counters.
   *
   * @return records written, dead letters, records skipped as already in their table, commits,
   *     commits refused because another consumer had committed the same records, and commits whose
   *     outcome was unknown (resolved by reading the tables back)
   */
  public Stats stats() {
    return new Stats(
        records.get(),
        deadLetterCount.get(),
        skipped.get(),
        commits.get(),
        refused.get(),
        unknown.get());
  }

  private void finish() {
    closed = true;
    try {
      flush();
    } finally {
      for (TableState state : allTables()) {
        state.reset(true);
      }
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Stops the sink: commits what is pending and closes the consumer. Called from another thread
   * while {@link #run()} runs, it wakes the poll and waits up to 30 seconds for run to finish.
   */
  @Override
  public void close() {
    closing = true;
    if (running) {
      consumer.wakeup();
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (!closed) {
      finish();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty() && !closed) {
        flush(); // commit while the partitions are still ours
      }
      assigned.removeAll(partitions);
      partitions.forEach(processed::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned.addAll(partitions);
      seekFromTables(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // not ours any more and not committable: drop everything and re-read the rest
      for (TableState state : allTables()) {
        state.reset(true);
      }
      assigned.removeAll(partitions);
      partitions.forEach(processed::remove);
      pendingRecords = 0;
      pendingBytes = 0;
      seekFromTables(new ArrayList<>(assigned));
    }
  }

  /**
   * Configures a {@link KafkaSink}: a value builder, used by one thread.
   *
   * <pre>{@code
   * KafkaSink sink = KafkaSink.builder(floe)
   *     .bootstrapServers("127.0.0.1:9092").topics("events").sinkId("events")
   *     .routeBy("type", Map.of("click", "web.clicks", "view", "web.views"))
   *     .deadLetterTable("web.dead_letters")
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Floe floe;
    private String bootstrapServers;
    private final List<String> topics = new ArrayList<>();
    private String sinkId;
    private String groupId;
    private String table;
    private String routeField;
    private final Map<String, String> routes = new LinkedHashMap<>();
    private String deadLetterTable;
    private RecordFormat format = RecordFormat.json();
    private SchemaPolicy schemaPolicy = SchemaPolicy.FAIL;
    private long commitRecords = 100_000;
    private Duration commitInterval = Duration.ofSeconds(10);
    private long commitBytes = 64L << 20;
    private Duration idleCommitInterval = Duration.ofMinutes(5);
    private final Map<String, Object> consumerProperties = new HashMap<>();

    private Builder(Floe floe) {
      this.floe = floe;
    }

    /**
     * Sets the Kafka brokers to connect to.
     *
     * @param servers host:port pairs, comma separated
     * @return this builder
     */
    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = requireText(servers, "bootstrap servers");
      return this;
    }

    /**
     * Sets the topics to read.
     *
     * @param names the topic names
     * @return this builder
     */
    public Builder topics(String... names) {
      for (String name : names) {
        topics.add(requireText(name, "topic"));
      }
      return this;
    }

    /**
     * Names the sink: its offsets are kept in the tables under this id, and it is the consumer
     * group id unless {@link #groupId(String)} says otherwise. Two sinks with one id share offsets
     * (and partitions); give each pipeline its own.
     *
     * @param id letters, digits, '-', '_' or '.'
     * @return this builder
     * @throws IllegalArgumentException when the id is empty or has other characters
     */
    public Builder sinkId(String id) {
      requireText(id, "sink id");
      if (!id.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "A sink id may hold letters, digits, '-', '_' and '.' only, got '" + id + "'");
      }
      this.sinkId = id;
      return this;
    }

    /**
     * Sets the Kafka consumer group (default: the sink id).
     *
     * @param id the group id
     * @return this builder
     */
    public Builder groupId(String id) {
      this.groupId = requireText(id, "group id");
      return this;
    }

    /**
     * Writes every record to one table, or those no route matches when routing by a field.
     *
     * @param name the table's name; it must exist
     * @return this builder
     */
    public Builder table(String name) {
      this.table = requireText(name, "table");
      return this;
    }

    /**
     * Routes records to tables by the value of a field (compared as text); records with another
     * value go to {@link #table(String)}, or are dead letters when none is set.
     *
     * @param field the field of the decoded record
     * @param tableByValue the table for each value; the tables must exist
     * @return this builder
     */
    public Builder routeBy(String field, Map<String, String> tableByValue) {
      this.routeField = requireText(field, "route field");
      tableByValue.forEach((k, v) -> routes.put(k, requireText(v, "table")));
      return this;
    }

    /**
     * Keeps records that cannot be decoded, routed or converted in this table, created when
     * missing.
     *
     * @param name the dead-letter table's name
     * @return this builder
     */
    public Builder deadLetterTable(String name) {
      this.deadLetterTable = requireText(name, "dead-letter table");
      return this;
    }

    /**
     * Sets how record values are decoded (default JSON).
     *
     * @param recordFormat the format
     * @return this builder
     */
    public Builder format(RecordFormat recordFormat) {
      this.format = Objects.requireNonNull(recordFormat, "format");
      return this;
    }

    /**
     * Sets what new fields and wider values do (default {@link SchemaPolicy#FAIL}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder schemaPolicy(SchemaPolicy policy) {
      this.schemaPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Commits when this many records, this much time or this many bytes (keys and values as read)
     * accumulated, whichever comes first (default 100 000 records, 10 s, 64 MiB).
     *
     * @param maxRecords records per commit, at least 1
     * @param interval longest time between commits, at least 1 ms
     * @param maxBytes bytes per commit, at least 1
     * @return this builder
     * @throws IllegalArgumentException when a limit is below its minimum
     */
    public Builder commitEvery(long maxRecords, Duration interval, long maxBytes) {
      if (maxRecords < 1 || maxBytes < 1) {
        throw new IllegalArgumentException(
            "Commit limits must be at least 1, got " + maxRecords + " records, " + maxBytes);
      }
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("Commit interval must be at least 1 ms: " + interval);
      }
      this.commitRecords = maxRecords;
      this.commitInterval = interval;
      this.commitBytes = maxBytes;
      return this;
    }

    /**
     * Sets how often a table that got no rows (such as the dead-letter table) still records the
     * sink's progress (default 5 minutes; it also does so once it lags ten commits' worth of
     * records), so that a restart does not read far back for it.
     *
     * @param interval the interval, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when the interval is shorter
     */
    public Builder idleCommitInterval(Duration interval) {
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("Idle commit interval must be at least 1 ms");
      }
      this.idleCommitInterval = interval;
      return this;
    }

    /**
     * Sets a Kafka consumer property (security, timeouts); the sink's own settings (no auto commit,
     * byte deserializers) cannot be replaced.
     *
     * @param key the property name
     * @param value its value
     * @return this builder
     */
    public Builder consumerProperty(String key, Object value) {
      consumerProperties.put(requireText(key, "property"), Objects.requireNonNull(value, "value"));
      return this;
    }

    String groupId() {
      return groupId == null ? sinkId : groupId;
    }

    List<String> targetTables() {
      List<String> names = new ArrayList<>();
      if (table != null) {
        names.add(table);
      }
      routes.values().stream().filter(n -> !names.contains(n)).forEach(names::add);
      return names;
    }

    /**
     * Builds the sink and subscribes to the topics (partitions are assigned on the first poll).
     *
     * @return the sink; close it
     * @throws IllegalStateException when servers, topics, sink id or a table are missing
     * @throws io.floe.NotFoundException when a target table does not exist
     */
    public KafkaSink build() {
      if (bootstrapServers == null || topics.isEmpty() || sinkId == null) {
        throw new IllegalStateException(
            "A Kafka sink needs bootstrap servers, topics and a sink id");
      }
      if (table == null && routes.isEmpty()) {
        throw new IllegalStateException("A Kafka sink needs a table or routes");
      }
      consumerProperties.remove(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
      consumerProperties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
      consumerProperties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
      return new KafkaSink(this);
    }

    private static String requireText(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException("The " + what + " must not be blank");
      }
      return value;
    }
  }
}
