package io.floe.parquet.internal;

import java.util.concurrent.atomic.LongAdder;

/** Live, thread-safe counters of one Arrow scan. */
public final class ScanCounters {
  public final LongAdder dataFiles = new LongAdder();
  public final LongAdder filesWithDeletes = new LongAdder();
  public final LongAdder rowGroups = new LongAdder();
  public final LongAdder rowGroupsPrunedByStats = new LongAdder();
  public final LongAdder rowGroupsPrunedByDictionary = new LongAdder();
  public final LongAdder rowGroupsPrunedByBloom = new LongAdder();
  public final LongAdder rowGroupsPrunedByFilterColumns = new LongAdder();
  public final LongAdder rowGroupsRead = new LongAdder();
  public final LongAdder bytesRead = new LongAdder();
  public final LongAdder rowsDecoded = new LongAdder();
  public final LongAdder rowsDeleted = new LongAdder();
  public final LongAdder rowsFiltered = new LongAdder();
  public final LongAdder rowsReturned = new LongAdder();
  public final LongAdder batchesSkippedBeforeDecode = new LongAdder();
}
