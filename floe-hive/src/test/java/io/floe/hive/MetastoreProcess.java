package io.floe.hive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Hive Metastore ({@link MetastoreServer}) in a separate JVM on 127.0.0.1, with the test class
 * path; closed, it is stopped. Its output goes to {@code metastore.log} in its folder.
 */
final class MetastoreProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final long startMillis;

  private MetastoreProcess(Process process, int port, long startMillis) {
    this.process = process;
    this.port = port;
    this.startMillis = startMillis;
  }

  private static MetastoreProcess shared;
  private static Path sharedDir;

  /**
   * The metastore the test classes of this JVM share: started on first use, stopped when the JVM
   * exits (one start of ~10 s per test run instead of one per class).
   */
  static synchronized MetastoreProcess shared() throws IOException, InterruptedException {
    if (shared == null) {
      sharedDir = Files.createTempDirectory("floe-hms");
      MetastoreProcess started = start(sharedDir.resolve("hms"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      System.out.println(
          "[hive] metastore started in " + started.startMillis() + " ms at " + started.uri());
      shared = started;
    }
    return shared;
  }

  /** A warehouse folder of its own for a test class, beside the shared metastore's files. */
  static synchronized Path warehouse(String name) throws IOException {
    return Files.createDirectories(sharedDir.resolve(name));
  }

  static MetastoreProcess start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path portFile = dir.resolve("port");
    Path log = dir.resolve("metastore.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    MetastoreServer.class.getName(),
                    dir.toString(),
                    portFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(portFile)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The metastore exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("The metastore did not start in 120 s; see " + log);
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readString(portFile).trim());
    return new MetastoreProcess(
        process, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  String uri() {
    return "thrift://127.0.0.1:" + port;
  }

  long startMillis() {
    return startMillis;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
