package io.floe.cli;

/** How listing commands print their rows ({@code --output}). */
public enum OutputFormat {
  /** Aligned columns with a header, for people. */
  TABLE,
  /** A JSON array of objects (one per row), or one object for a single record. */
  JSON,
  /** Comma-separated values with a header line (RFC 4180 quoting). */
  CSV
}
