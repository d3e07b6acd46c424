package io.floe.security;

import io.floe.ValidationException;
import java.util.Optional;

/**
 * A policy that cannot be used: a policy file that does not parse or names an unknown privilege or
 * mask, or a rule that does not fit the table it names (unknown column, a mask for another type, a
 * hash mask without the table's salt). The message names the file and line when the rule came from
 * a file, and the table and column. A handle keeps its last good policy when a reload fails.
 *
 * <pre>{@code
 * try {
 *   security.reload();
 * } catch (PolicyException e) {
 *   log.error("policy not reloaded: {}", e.getMessage()); // e.g. "policy.yaml line 7: ..."
 * }
 * }</pre>
 */
public class PolicyException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The 1-based line in the policy file, 0 when the rule did not come from a file. */
  private final int line;

  /**
   * Creates the exception.
   *
   * @param message the problem, where and how to fix it
   * @param table the table, or null
   * @param column the column, or null
   * @param line the line in the policy file (1-based), or 0
   * @param cause the cause, or null
   */
  public PolicyException(String message, String table, String column, int line, Throwable cause) {
    super(message, table, column, cause);
    this.line = line;
  }

  /**
   * The line of the policy file the problem is on.
   *
   * @return the 1-based line, empty when the rule did not come from a file
   */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }
}
