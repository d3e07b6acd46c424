package io.floe.parquet;

import io.floe.Floe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's Arrow allocator and, when asked for, a local Floe over a fresh warehouse; closed after
 * the test, the allocator last so that a leaked batch fails it. Register per test:
 *
 * <pre>{@code
 * @RegisterExtension final ArrowResources resources = new ArrowResources();
 * private final BufferAllocator allocator = resources.allocator();
 * }</pre>
 */
public final class ArrowResources implements AfterEachCallback {
  private final BufferAllocator allocator = new RootAllocator();
  private Floe floe;
  private Path warehouse;

  /** The allocator, open until the test ends. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** A local Floe over a fresh warehouse directory, deleted after the test. */
  public Floe localFloe() {
    if (floe == null) {
      try {
        warehouse = Files.createTempDirectory("floe-parquet-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      floe = Floe.local(warehouse);
    }
    return floe;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (floe != null) {
        floe.close();
        try (Stream<Path> files = Files.walk(warehouse)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    } finally {
      allocator.close();
    }
  }
}
