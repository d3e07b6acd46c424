package io.floe.parquet.internal;

import io.floe.impl.spi.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;

/**
 * Runs the file scans of one Arrow scan, on the caller's thread (parallelism 1) or on workers of a
 * shared bounded pool, each worker reading whole files into its own two recycled slots.
 */
public final class ScanDriver implements BatchSource {
  private static final int SLOTS_PER_WORKER = 2;
  private static final ExecutorService POOL = newPool();

  private final ReadContext ctx;
  private final BufferAllocator allocator;
  private final int parallelism;
  private final ConcurrentLinkedQueue<FileScanTask> tasks;

  // single-threaded state
  private Slot slot;
  private FileScan current;

  // parallel state
  private final List<BlockingQueue<Slot>> free = new ArrayList<>();
  private final List<Slot> allSlots = new ArrayList<>();
  private BlockingQueue<Object> ready;
  private CountDownLatch finished;
  private int workersDone;
  private Slot handedOut;
  private volatile boolean closed;
  private boolean ended;

  private static final Object DONE = new Object();

  private static ExecutorService newPool() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "floe-arrow-scan-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Creates a driver; nothing is read until {@link #next()}.
   *
   * @param tasks the planned tasks
   * @param ctx the read context
   * @param allocator the scan's own allocator (closed by the caller after this driver)
   * @param parallelism how many files to read at once
   */
  public ScanDriver(
      List<FileScanTask> tasks, ReadContext ctx, BufferAllocator allocator, int parallelism) {
    this.ctx = ctx;
    this.allocator = allocator;
    this.tasks = new ConcurrentLinkedQueue<>(tasks);
    this.parallelism = Math.max(1, Math.min(parallelism, tasks.size()));
  }

  /**
   * The next batch, valid until the next call.
   *
   * @return the batch, or null at the end
   */
  public VectorSchemaRoot next() {
    if (ended) {
      return null;
    }
    return parallelism <= 1 ? nextSerial() : nextParallel();
  }

  private VectorSchemaRoot nextSerial() {
    if (slot == null) {
      slot = new Slot(ctx, allocator, 0);
    }
    while (true) {
      if (current == null) {
        FileScanTask task = ctx.limitReached() ? null : tasks.poll();
        if (task == null) {
          ended = true;
          return null;
        }
        current = new FileScan(task, ctx);
      }
      if (current.next(slot)) {
        return slot.out;
      }
      current.close();
      current = null;
    }
  }

  private void start() {
    ready = new LinkedBlockingQueue<>();
    finished = new CountDownLatch(parallelism);
    for (int w = 0; w < parallelism; w++) {
      BlockingQueue<Slot> queue = new ArrayBlockingQueue<>(SLOTS_PER_WORKER);
      for (int s = 0; s < SLOTS_PER_WORKER; s++) {
        Slot created = new Slot(ctx, allocator, w);
        allSlots.add(created);
        queue.add(created);
      }
      free.add(queue);
    }
    for (int w = 0; w < parallelism; w++) {
      int worker = w;
      POOL.execute(() -> work(worker));
    }
  }

  private void work(int worker) {
    BlockingQueue<Slot> mine = free.get(worker);
    try {
      FileScanTask task;
      while (!closed && !ctx.limitReached() && (task = tasks.poll()) != null) {
        try (FileScan scan = new FileScan(task, ctx)) {
          while (!closed) {
            Slot s = mine.take();
            if (closed || !scan.next(s)) {
              mine.add(s);
              break;
            }
            ready.add(s);
          }
        }
      }
      ready.add(DONE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready.add(DONE);
    } catch (RuntimeException | Error e) {
      ready.add(e);
    } finally {
      finished.countDown();
    }
  }

  private VectorSchemaRoot nextParallel() {
    if (ready == null) {
      start();
    }
    if (handedOut != null) {
      free.get(handedOut.owner).add(handedOut);
      handedOut = null;
    }
    while (true) {
      Object item;
      try {
        item = ready.take();
      } catch (InterruptedException e) {
        throw Errors.interrupted("waiting for a batch of an Arrow scan of " + ctx.table, e);
      }
      if (item == DONE) {
        if (++workersDone == parallelism) {
          ended = true;
          return null;
        }
      } else if (item instanceof Slot) {
        handedOut = (Slot) item;
        return handedOut.out;
      } else {
        ended = true;
        closed = true;
        if (item instanceof Error) {
          throw (Error) item;
        }
        throw (RuntimeException) item;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    ended = true;
    RuntimeException failure = null;
    if (current != null) {
      try {
        current.close();
      } catch (RuntimeException e) {
        failure = e;
      }
      current = null;
    }
    if (slot != null) {
      slot.close();
    }
    if (finished != null) {
      if (handedOut != null) {
        free.get(handedOut.owner).add(handedOut);
        handedOut = null;
      }
      // hand queued batches back so workers blocked on a free slot wake up, see closed and stop
      boolean interrupted = false;
      while (true) {
        Object item;
        while ((item = ready.poll()) != null) {
          if (item instanceof Slot) {
            free.get(((Slot) item).owner).add((Slot) item);
          }
        }
        try {
          if (finished.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      for (Slot s : allSlots) {
        s.close();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
