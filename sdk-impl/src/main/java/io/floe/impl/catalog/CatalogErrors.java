package io.floe.impl.catalog;

import io.floe.FloeException;
import io.floe.FloeIOException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The errors of opening and closing catalogs, one named factory per condition (see {@link
 * io.floe.impl.spi.Errors} for those shared across areas); each sets the file it is about.
 * Stateless.
 */
final class CatalogErrors {
  private CatalogErrors() {}

  /**
   * The error for a local catalog's warehouse folder that cannot be created.
   *
   * @param root the folder
   * @param e the I/O error
   * @return the exception to throw
   */
  static FloeException cannotCreateWarehouse(Path root, IOException e) {
    return new FloeException(
        "Cannot create warehouse folder " + root + ": " + e.getMessage(),
        null,
        null,
        root.toString(),
        e);
  }

  /**
   * The error for a Floe configuration file that cannot be read.
   *
   * @param file the file
   * @param e the I/O error
   * @return the exception to throw
   */
  static FloeIOException cannotReadConfiguration(Path file, IOException e) {
    return new FloeIOException(
        "read configuration",
        file.toString(),
        "Cannot read Floe configuration " + file + ": " + e.getMessage(),
        e);
  }

  /**
   * The error for catalogs that failed to close: the first failure is the cause, the others are
   * suppressed.
   *
   * @param failures what closing each failing catalog threw, at least one
   * @return the exception to throw
   */
  static FloeException cannotClose(List<RuntimeException> failures) {
    FloeException e =
        new FloeException("Failed to close " + failures.size() + " catalog(s)", failures.get(0));
    failures.stream().skip(1).forEach(e::addSuppressed);
    return e;
  }
}
