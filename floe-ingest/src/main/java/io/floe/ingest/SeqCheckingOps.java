package io.floe.ingest;

import io.floe.impl.spi.ForwardingTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Table operations that refuse a source's commit when the source's newest entry in the table is no
 * longer the one the source started from: another process running the same source committed in
 * between (as floe-kafka's offset check). The check runs on the metadata each attempt commits over,
 * inside the catalog's compare-and-swap, so a retried commit is checked again. Used by one thread
 * at a time.
 */
final class SeqCheckingOps extends ForwardingTableOperations {
  private final String table;
  private final String key;
  private final Expectation expectation;

  /** What the next commit of a source expects, shared by every load of its table. */
  static final class Expectation {
    private volatile long expected = -1;
    private volatile String refusal;

    /** Sets the sequence number the next commit expects to find (0: none), or -1 for no check. */
    void expect(long seq) {
      this.expected = seq;
      this.refusal = null;
    }

    /** Why the last commit was refused, or null. */
    String refusal() {
      return refusal;
    }
  }

  SeqCheckingOps(TableOperations delegate, String table, String key, Expectation expectation) {
    super(delegate);
    this.table = table;
    this.key = key;
    this.expectation = expectation;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    long want = expectation.expected;
    if (want >= 0) {
      String value =
          metadata.currentSnapshot() == null ? null : metadata.currentSnapshot().summary().get(key);
      if (value != null) {
        long found = SourceLog.latestSeq(base, key);
        if (found != want) {
          String refusal =
              "Ingestion source '"
                  + key
                  + "' will not commit to "
                  + table
                  + ": the table holds its commit "
                  + found
                  + ", not "
                  + want
                  + " as this process read it; another process running the same source committed"
                  + " in between";
          expectation.refusal = refusal;
          throw new ValidationException("%s", refusal);
        }
      }
    }
    super.commit(base, metadata);
  }
}
