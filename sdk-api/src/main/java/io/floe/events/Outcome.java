package io.floe.events;

/** How an operation ended. */
public enum Outcome {
  /** It succeeded. */
  SUCCESS,
  /** A commit attempt lost to a concurrent commit; nothing of it was committed. */
  CONFLICT,
  /** It failed; nothing of it was committed. */
  FAILED,
  /** A commit whose result is unknown: it may have landed (no file was deleted). */
  UNKNOWN;

  /**
   * The outcome's name in lower case, as meters and the audit log show it.
   *
   * @return for example {@code "success"}
   */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
