package io.floe.security.internal;

/** The line of a rule's origin ({@code policy.yaml line 7}). */
final class Lines {
  private Lines() {}

  static int of(String origin) {
    int i = origin.lastIndexOf(" line ");
    if (i < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(origin.substring(i + 6));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
