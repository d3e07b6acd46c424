package io.floe.testkit;

/**
 * A fault rule registered with {@link Faults}: counts its injections and can be removed.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * Fault fault = faults.onCommit().nth(1).conflict();
 * table.newAppend().row(Map.of("id", 1L)).commit();   // retried by Iceberg, succeeds
 * assertThat(fault.hits()).isEqualTo(1);
 * fault.remove();
 * }</pre>
 */
public interface Fault {

  /**
   * How many times this rule injected its fault.
   *
   * @return the count
   */
  long hits();

  /**
   * How many calls matched this rule's operation and target so far, injected or not.
   *
   * @return the count
   */
  long matches();

  /** Stops injecting this fault. */
  void remove();

  /**
   * Describes the rule.
   *
   * @return such as {@code "CREATE **.avro #2: fail"}
   */
  @Override
  String toString();
}
