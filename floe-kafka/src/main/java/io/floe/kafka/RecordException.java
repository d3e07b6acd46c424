package io.floe.kafka;

/** A record that cannot be decoded, routed or fitted to its table: a dead letter. */
final class RecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RecordException(String message) {
    super(message, null, false, false);
  }
}
