package io.floe.impl.quality;

/**
 * An open-addressing set of longs (no boxing): the seen keys of a unique rule over one integer-like
 * column, which a write of millions of rows would otherwise hold as boxed entries of a {@code
 * HashSet}. Not thread-safe.
 */
final class LongSet {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] table = new long[1 << 10];
  private boolean hasEmpty;
  private int size;

  {
    java.util.Arrays.fill(table, EMPTY);
  }

  /**
   * Grows the table once for about this many values (no rehashing while they come), when it is
   * still empty; at most 2^26 slots.
   */
  void expect(long values) {
    if (size == 0 && values > table.length / 2) {
      int slots = Integer.highestOneBit((int) Math.min(1L << 25, values) * 2 - 1) << 1;
      table = new long[Math.max(slots, table.length)];
      java.util.Arrays.fill(table, EMPTY);
    }
  }

  /** Adds a value; returns false when it was there already. */
  boolean add(long value) {
    if (value == EMPTY) {
      if (hasEmpty) {
        return false;
      }
      hasEmpty = true;
      return true;
    }
    int mask = table.length - 1;
    int at = mix(value) & mask;
    while (true) {
      long v = table[at];
      if (v == EMPTY) {
        table[at] = value;
        if (++size * 2 > table.length) {
          grow();
        }
        return true;
      }
      if (v == value) {
        return false;
      }
      at = (at + 1) & mask;
    }
  }

  /** Whether the set holds a value. */
  boolean contains(long value) {
    if (value == EMPTY) {
      return hasEmpty;
    }
    int mask = table.length - 1;
    int at = mix(value) & mask;
    while (true) {
      long v = table[at];
      if (v == EMPTY) {
        return false;
      }
      if (v == value) {
        return true;
      }
      at = (at + 1) & mask;
    }
  }

  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    java.util.Arrays.fill(table, EMPTY);
    int mask = table.length - 1;
    for (long v : old) {
      if (v != EMPTY) {
        int at = mix(v) & mask;
        while (table[at] != EMPTY) {
          at = (at + 1) & mask;
        }
        table[at] = v;
      }
    }
  }
}
