package io.floe.avro;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of a compatibility check: the level checked and every problem found.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * CompatibilityReport report = AvroCompatibility.check(CompatibilityLevel.FULL, candidate, history);
 * if (!report.isCompatible()) {
 *   throw new IllegalStateException(report.toString());
 * }
 * }</pre>
 *
 * @param level the compatibility level checked
 * @param incompatibilities the problems found, empty when compatible
 */
public record CompatibilityReport(
    CompatibilityLevel level, List<Incompatibility> incompatibilities) {

  /**
   * Checks and copies the values.
   *
   * @param level the compatibility level checked
   * @param incompatibilities the problems found, empty when compatible
   * @throws NullPointerException when a component is null
   */
  public CompatibilityReport {
    Objects.requireNonNull(level, "level");
    incompatibilities = List.copyOf(incompatibilities);
  }

  /**
   * Whether the candidate schema passed the check.
   *
   * @return true when no incompatibility was found
   */
  public boolean isCompatible() {
    return incompatibilities.isEmpty();
  }

  @Override
  public String toString() {
    if (isCompatible()) {
      return level + ": compatible";
    }
    return level
        + ": "
        + incompatibilities.size()
        + " incompatibilities:\n  "
        + incompatibilities.stream()
            .map(Incompatibility::toString)
            .collect(Collectors.joining("\n  "));
  }
}
