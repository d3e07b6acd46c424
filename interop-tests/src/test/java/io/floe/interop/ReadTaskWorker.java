package io.floe.interop;

import io.floe.ReadTask;
import io.floe.Row;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The "other JVM" of {@link ReadTaskOtherJvmTest}: reads Java-serialized {@link ReadTask}s from a
 * file and prints every row, canonicalized, one per line, then {@code rows=N}. It opens no catalog
 * and no Floe: everything it needs travels in the tasks.
 */
public final class ReadTaskWorker {
  private ReadTaskWorker() {}

  public static void main(String[] args) throws Exception {
    List<?> tasks;
    try (InputStream in = Files.newInputStream(Path.of(args[0]));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      tasks = (List<?>) objects.readObject();
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    long n = 0;
    for (Object task : tasks) {
      try (CloseableIterable<Row> rows = ((ReadTask) task).rows()) {
        for (Row row : rows) {
          out.println(Canonical.of(row));
          n++;
        }
      }
    }
    out.println("rows=" + n);
    out.flush();
  }
}
