package io.floe.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), started
 * from the test class path ({@code org.apache.kafka:kafka_2.13}) as a child JVM bound to 127.0.0.1
 * only: the storage is formatted with Kafka's own {@code StorageTool}, then {@code kafka.Kafka}
 * runs. Works offline once Maven resolved the test dependencies. {@link #close()} stops the process
 * (destroy, then destroyForcibly) and leaves the folder to the caller.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Process process;
  private final String bootstrap;
  private final Path dir;

  private KafkaBroker(Process process, String bootstrap, Path dir) {
    this.process = process;
    this.bootstrap = bootstrap;
    this.dir = dir;
  }

  private static KafkaBroker shared;

  /**
   * One broker for every test class of this JVM (starting one takes seconds), stopped when the JVM
   * exits.
   *
   * @return the running broker
   * @throws IOException when its folder cannot be written
   * @throws InterruptedException when interrupted while it starts
   */
  public static synchronized KafkaBroker shared() throws IOException, InterruptedException {
    if (shared == null) {
      Path dir = Files.createTempDirectory("floe-kafka-broker");
      KafkaBroker broker = start(dir);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    broker.close();
                    deleteQuietly(dir.toFile());
                  }));
      shared = broker;
    }
    return shared;
  }

  static KafkaBroker start(Path dir) throws IOException, InterruptedException {
    long begin = System.nanoTime();
    int port = freePort();
    int controller = freePort();
    Path logs = Files.createDirectories(dir.resolve("data"));
    Path config = dir.resolve("server.properties");
    String props =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs=" + logs.toAbsolutePath(),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=3",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "log.flush.interval.messages=1000000",
            "");
    Files.writeString(config, props, StandardCharsets.UTF_8);
    String clusterId = Uuid.randomUuid().toString();
    Process format =
        java(
                dir.resolve("format.log"),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                clusterId,
                "-c",
                config.toString())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "Kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
    }
    Process broker =
        java(dir.resolve("broker.log"), BrokerMain.class.getName(), config.toString()).start();
    KafkaBroker started = new KafkaBroker(broker, "127.0.0.1:" + port, dir);
    try {
      started.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException | InterruptedException e) {
      started.close();
      throw e;
    }
    System.out.printf(
        "Kafka broker %s up in %d ms%n",
        started.bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    return started;
  }

  private static ProcessBuilder java(Path log, String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-cp");
    command.add(testClassPath());
    command.add(main);
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test class path (Failsafe runs without a manifest-only jar here, see the pom). */
  static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    if (path == null || path.isBlank()) {
      path = System.getProperty("java.class.path");
    }
    return path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka broker exited: " + log());
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e instanceof RuntimeException r ? r : new RuntimeException(e);
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("Kafka broker not ready in " + timeout + ": " + log(), last);
  }

  String log() {
    try {
      String text = Files.readString(dir.resolve("broker.log"));
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * The broker's address.
   *
   * @return host:port on 127.0.0.1
   */
  public String bootstrapServers() {
    return bootstrap;
  }

  Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    return Admin.create(props);
  }

  void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      // producing at once can meet NOT_LEADER_OR_FOLLOWER: wait until every partition has a leader
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        org.apache.kafka.clients.admin.TopicDescription description;
        try {
          description =
              admin
                  .describeTopics(List.of(name))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(name);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause()
              instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
            throw e;
          }
          description = null; // created, but not in the broker's metadata yet (seen under load)
        }
        if (description != null
            && description.partitions().size() == partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " has no leaders after 30 s");
        }
        Thread.sleep(50);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  Map<String, String> producerConfig() {
    return Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "5");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void deleteQuietly(File file) {
    try {
      if (file.exists()) {
        try (var paths = Files.walk(file.toPath())) {
          paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
