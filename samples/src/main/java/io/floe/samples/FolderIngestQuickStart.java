package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ingest.FolderSource;
import io.floe.ingest.TablePublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.types.Types;

/**
 * A folder watched into a table, each file exactly once ({@code floe-ingest}): files land in the
 * folder, a malformed one is set aside in the dead letters, a restarted source does not ingest
 * anything twice, and a {@link TablePublisher} subscriber sees every new row.
 */
public final class FolderIngestQuickStart {
  private FolderIngestQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the working folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/folder-ingest-sample"), System.out);
  }

  private static void land(Path landing, String name, String text) throws IOException {
    // land atomically: names starting with _ or . are skipped until renamed
    Path part = landing.resolve("_" + name);
    Files.writeString(part, text);
    Files.move(part, landing.resolve(name));
  }

  /**
   * Lands files, watches the folder, restarts the source, prints what the table holds.
   *
   * @param folder the working folder (warehouse, landing, rejects)
   * @param out where the results are printed
   * @return the rows in the table at the end
   */
  public static long run(Path folder, PrintStream out) {
    Path landing = folder.resolve("landing");
    Path rejects = folder.resolve("rejects");
    try (Floe floe = Floe.local(folder.resolve("warehouse"))) {
      Files.createDirectories(landing);
      FloeTable table =
          floe.createTable("shop.orders")
              .column("id", Types.LongType.get())
              .column("item", Types.StringType.get())
              .create();
      AtomicLong seen = new AtomicLong();
      CountDownLatch three = new CountDownLatch(3);
      try (TablePublisher publisher =
              TablePublisher.builder(table).pollInterval(Duration.ofMillis(100)).build();
          FolderSource source =
              FolderSource.builder(floe, "shop.orders", landing.toString())
                  .rejects(rejects)
                  .pollInterval(Duration.ofMillis(100))
                  .build()) {
        publisher.subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(TablePublisher.Change change) {
                seen.incrementAndGet();
                three.countDown();
              }

              @Override
              public void onError(Throwable error) {
                out.println("subscriber error: " + error.getMessage());
              }

              @Override
              public void onComplete() {}
            });
        source.watch();
        land(landing, "a.csv", "id,item\n1,apple\n2,pear\n");
        land(landing, "b.jsonl", "{\"id\":3,\"item\":\"plum\"}\n");
        land(landing, "c.parquet", "not really parquet");
        if (!three.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the subscriber did not see the rows");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (source.stats().deadLetters() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        out.println("subscriber saw " + seen.get() + " new rows");
        out.println(
            "dead letters: "
                + Files.readString(rejects.resolve("dead-letters.jsonl")).lines().count());
      }
      // a restart reads the files done from the table's snapshot summaries
      try (FolderSource again =
          FolderSource.builder(floe, "shop.orders", landing.toString()).rejects(rejects).build()) {
        out.println("files done: " + again.ingestedFiles().size());
        out.println("ingested again: " + again.ingestOnce().files());
      }
      long rows = table.refresh().newScan().count();
      out.println("rows: " + rows);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
