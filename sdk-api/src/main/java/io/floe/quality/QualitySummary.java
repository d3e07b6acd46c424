package io.floe.quality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a write's constraint checks found, as recorded in its snapshot summary under {@code
 * floe.quality.*}: rows checked, rows quarantined, per rule. Immutable and thread-safe.
 *
 * <pre>{@code
 * AppendResult result = table.newAppend().rows(rows).commit();
 * QualitySummary.of(result.summary()).ifPresent(q -> log(q.quarantinedRows()));
 * }</pre>
 *
 * @param checkedRows rows checked against the rules
 * @param quarantinedRows rows that broke a rule and went to the quarantine table
 * @param quarantinedByRule quarantined rows per rule name (a row counts once, for the first rule it
 *     broke)
 * @param quarantineTable the quarantine table's full name, or null when no row was quarantined
 */
public record QualitySummary(
    long checkedRows,
    long quarantinedRows,
    Map<String, Long> quarantinedByRule,
    String quarantineTable) {

  /** Summary key: rows checked. */
  public static final String CHECKED = "floe.quality.checked-rows";

  /** Summary key: rows quarantined. */
  public static final String QUARANTINED = "floe.quality.quarantined-rows";

  /** Summary key prefix: rows quarantined for one rule ({@code prefix + rule name}). */
  public static final String QUARANTINED_PREFIX = "floe.quality.quarantined.";

  /** Summary key: the quarantine table's name. */
  public static final String QUARANTINE_TABLE = "floe.quality.quarantine-table";

  /**
   * Copies the map.
   *
   * @param checkedRows rows checked
   * @param quarantinedRows rows quarantined
   * @param quarantinedByRule quarantined rows per rule
   * @param quarantineTable the quarantine table, or null
   */
  public QualitySummary {
    quarantinedByRule = Map.copyOf(Objects.requireNonNull(quarantinedByRule, "quarantinedByRule"));
  }

  /**
   * Reads the summary a write recorded in its snapshot summary.
   *
   * @param snapshotSummary a snapshot's or commit result's summary
   * @return the quality summary, or empty when the write checked no rule
   */
  public static Optional<QualitySummary> of(Map<String, String> snapshotSummary) {
    String checked = snapshotSummary.get(CHECKED);
    if (checked == null) {
      return Optional.empty();
    }
    Map<String, Long> byRule = new LinkedHashMap<>();
    snapshotSummary.forEach(
        (k, v) -> {
          if (k.startsWith(QUARANTINED_PREFIX)) {
            byRule.put(k.substring(QUARANTINED_PREFIX.length()), Long.parseLong(v));
          }
        });
    return Optional.of(
        new QualitySummary(
            Long.parseLong(checked),
            Long.parseLong(snapshotSummary.getOrDefault(QUARANTINED, "0")),
            byRule,
            snapshotSummary.get(QUARANTINE_TABLE)));
  }
}
