package io.floe.testkit;

/**
 * The file operations {@link Faults} can fail, delay or corrupt. Each is one call on an Iceberg
 * {@code FileIO}, an {@code InputFile}/{@code OutputFile} or one of their streams.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * faults.onFile(FileOperation.CREATE).path("**.metadata.json").nth(1).fail();
 * }</pre>
 */
public enum FileOperation {
  /** Opening a file to read it ({@code InputFile.newStream()}). */
  OPEN,
  /** One read call on an open input stream; can be corrupted. */
  READ,
  /** Asking a file's length ({@code InputFile.getLength()}). */
  LENGTH,
  /** Asking whether a file exists ({@code InputFile.exists()}). */
  EXISTS,
  /** Creating a file to write it ({@code OutputFile.create()} or {@code createOrOverwrite()}). */
  CREATE,
  /** One write call on an open output stream; can be corrupted. */
  WRITE,
  /**
   * Closing an output stream, which publishes the file. A failed close leaves the file unpublished
   * in the in-memory store and partly written on a local disk.
   */
  CLOSE,
  /** Deleting one file (alone, in a bulk delete, or under a deleted prefix). */
  DELETE,
  /** Listing the files under a prefix. */
  LIST
}
