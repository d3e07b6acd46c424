package io.floe.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The file syncs of a small commit and of a table creation, in a row (a file, then its folders, as
 * {@code LocalFileIO} did) and at once (the folders on other threads while the file syncs, as it
 * does now), alternated round by round so that both see the same disk load: a commit writes three
 * small files into an existing folder, each synced with it; a creation writes one file into two new
 * folders (the file, its folder, the table folder and the namespace folder). Prints medians, 90th
 * percentiles and means. Not a JMH benchmark: JMH runs one variant after the other, and on a shared
 * disk the load changes faster than that.
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar io.floe.jmh.SyncPatterns /tmp/sync-patterns
 * 300}
 */
public final class SyncPatterns {
  private static final byte[] DATA = new byte[6000];
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "sync");
            thread.setDaemon(true);
            return thread;
          });
  private static int files;

  private SyncPatterns() {}

  /**
   * Runs both patterns.
   *
   * @param args a scratch folder (deleted first if it exists) and the number of rounds
   * @throws Exception when a file cannot be written or synced
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "/tmp/sync-patterns");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    if (Files.exists(root)) {
      BenchData.delete(root);
    }
    Path metadata = Files.createDirectories(root.resolve("ns/t/metadata"));
    Map<String, List<Long>> times = new TreeMap<>();
    for (int i = 0; i < rounds; i++) {
      for (boolean concurrent : new boolean[] {false, true}) {
        String how = concurrent ? "at once" : "in a row";
        long start = System.nanoTime();
        for (int f = 0; f < 3; f++) {
          write(metadata.resolve("m" + files++), List.of(metadata), concurrent);
        }
        times
            .computeIfAbsent("commit, " + how, k -> new ArrayList<>())
            .add(System.nanoTime() - start);
        Path table = root.resolve("ns/t" + files++);
        Path folder = table.resolve("metadata");
        start = System.nanoTime();
        write(
            folder.resolve("v1.metadata.json"),
            List.of(folder, table, root.resolve("ns")),
            concurrent);
        times
            .computeIfAbsent("create, " + how, k -> new ArrayList<>())
            .add(System.nanoTime() - start);
      }
    }
    for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
      List<Long> t = entry.getValue();
      Collections.sort(t);
      System.out.printf(
          "%-18s median %6.2f ms  p90 %6.2f ms  mean %6.2f ms%n",
          entry.getKey(),
          t.get(t.size() / 2) / 1e6,
          t.get(t.size() * 9 / 10) / 1e6,
          t.stream().mapToLong(x -> x).average().orElse(0) / 1e6);
    }
    BenchData.delete(root);
  }

  private static void write(Path file, List<Path> folders, boolean concurrent) throws Exception {
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(DATA));
      if (!concurrent) {
        channel.force(true);
        for (Path folder : folders) {
          sync(folder);
        }
        return;
      }
      List<Future<?>> pending = new ArrayList<>();
      for (Path folder : folders) {
        pending.add(
            POOL.submit(
                () -> {
                  sync(folder);
                  return null;
                }));
      }
      channel.force(true);
      for (Future<?> sync : pending) {
        sync.get();
      }
    }
  }

  private static void sync(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
