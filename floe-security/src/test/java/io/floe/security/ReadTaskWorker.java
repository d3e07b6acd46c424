package io.floe.security;

import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * A separate JVM's reader: deserializes read tasks and prints their rows. It knows no principal and
 * no policy; what it may see travels with the tasks.
 */
public final class ReadTaskWorker {
  private ReadTaskWorker() {}

  /**
   * Reads the tasks.
   *
   * @param args the file of serialized tasks
   * @throws Exception when reading fails
   */
  public static void main(String[] args) throws Exception {
    List<?> tasks;
    try (InputStream in = Files.newInputStream(Path.of(args[0]));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      tasks = (List<?>) objects.readObject();
    }
    long rows = 0;
    for (Object task : tasks) {
      try (RowStream stream = ((ReadTask) task).rows()) {
        for (Row row : stream) {
          System.out.println(new TreeMap<>(row.toMap()));
          rows++;
        }
      }
    }
    System.out.println("rows=" + rows);
  }
}
