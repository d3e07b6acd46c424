package io.floe.impl.plan;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that runs each task in the submitting thread, for Iceberg calls that take an
 * executor: its {@code Tasks} then never polls (10 ms sleeps) for a worker. Never shut down.
 * Thread-safe.
 */
public final class CallerRunsExecutor extends AbstractExecutorService {
  /** The one instance. */
  public static final ExecutorService INSTANCE = new CallerRunsExecutor();

  private CallerRunsExecutor() {}

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
