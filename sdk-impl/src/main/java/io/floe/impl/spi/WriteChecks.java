package io.floe.impl.spi;

import io.floe.FloeTable;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.iceberg.StructLike;

/**
 * The data quality checks of one write, for writers outside sdk-impl (sdk-parquet's Arrow append,
 * floe-kafka's sink): the table's rules ({@link io.floe.quality}) checked over each batch before it
 * is written, bad rows quarantined or the write failed, and the quarantine committed before the
 * write's own commit. Not public API (see the package documentation). Not thread-safe; one per
 * write.
 */
public interface WriteChecks {
  /**
   * Opens the checks of a write to a table.
   *
   * @param table the table, from Floe's implementation
   * @param kind the write's name for messages, such as "Arrow append"
   * @return the checks; inactive when the table has no rules
   * @throws io.floe.ValidationException when the table's rules cannot be read or no longer fit its
   *     schema
   */
  static WriteChecks open(FloeTable table, String kind) {
    return io.floe.impl.FloeImpl.writeGate(table, kind);
  }

  /**
   * Whether the table has rules to check.
   *
   * @return false when every row passes unchecked
   */
  boolean active();

  /**
   * Sizes the checks' memory (unique keys) for the rows the write expects; call before the first
   * batch.
   *
   * @param rows rows expected
   */
  void expectRows(long rows);

  /**
   * Checks the rows of a batch.
   *
   * @param rows positions a cursor of Iceberg internal values on a row of the batch and returns it
   * @param count the number of rows
   * @param firstPosition the write position (0-based) of the batch's first row
   * @param bad set to true for each quarantined row; others are left alone
   * @return the number of quarantined rows
   * @throws io.floe.quality.ConstraintViolationException for the first bad row in reject mode
   */
  int checkBatch(IntFunction<StructLike> rows, int count, long firstPosition, boolean[] bad);

  /**
   * Checks one row given as a generic record (writers of records: the Kafka sink).
   *
   * @param record the row, in the Java form of Iceberg's generic records
   * @param position the row's 0-based position in the write
   * @return true to write the row, false when it was quarantined
   * @throws io.floe.quality.ConstraintViolationException when it breaks a rule in reject mode
   */
  boolean admit(org.apache.iceberg.data.Record record, long position);

  /**
   * Commits the quarantined rows, if any, and returns the properties for the write's snapshot
   * summary; call once, just before the write's commit.
   *
   * @return the summary properties, empty when the table has no rules
   */
  Map<String, String> beforeCommit();

  /** Discards the quarantined rows not yet committed. */
  void abort();
}
