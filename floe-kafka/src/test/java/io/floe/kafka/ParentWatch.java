package io.floe.kafka;

import java.util.Optional;

/**
 * Ends a child JVM of the tests (broker, sink) when the JVM that started it is gone, so that a test
 * JVM killed by its build leaves no process behind.
 */
final class ParentWatch {
  private ParentWatch() {}

  static void start() {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (parent.isEmpty()) {
      return;
    }
    ProcessHandle handle = parent.get();
    Thread watch =
        new Thread(
            () -> {
              while (handle.isAlive()) {
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
