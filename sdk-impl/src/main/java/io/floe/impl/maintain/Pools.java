package io.floe.impl.maintain;

import io.floe.impl.spi.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Bounded thread pools that live for one maintenance operation. */
final class Pools {
  private Pools() {}

  static int defaultParallelism() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  static int checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Parallelism must be at least 1: " + threads);
    }
    return threads;
  }

  static ExecutorService open(int threads, String prefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "floe-" + prefix + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newFixedThreadPool(threads, factory);
  }

  /**
   * Applies a function to every input on the pool, in parallel, and returns the results in input
   * order; the first failure is rethrown after all tasks finished.
   */
  static <I, O> List<O> map(
      ExecutorService pool, String table, List<I> inputs, Function<I, O> function) {
    List<Future<O>> futures = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      futures.add(pool.submit(() -> function.apply(input)));
    }
    List<O> results = new ArrayList<>(inputs.size());
    RuntimeException failure = null;
    for (Future<O> future : futures) {
      try {
        results.add(future.get());
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        throw Errors.interrupted(table, "maintaining table " + table, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        RuntimeException error =
            cause instanceof RuntimeException re
                ? Errors.translate(table, re)
                : MaintenanceErrors.taskFailed(table, cause);
        if (failure == null) {
          failure = error;
        } else {
          failure.addSuppressed(error);
        }
        results.add(null);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }
}
