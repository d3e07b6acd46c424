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
