package io.floe.quality;

/** What a write does with rows that break a table's constraints. */
public enum QualityMode {
  /**
   * The write fails with a {@link ConstraintViolationException} naming the first bad row; nothing
   * is committed and the table stays at its last snapshot.
   */
  REJECT,

  /**
   * The good rows are committed; the bad ones are written, with the rule they broke and why, to the
   * table's quarantine table (by default {@code <table>__quarantine} in the same namespace).
   */
  QUARANTINE
}
