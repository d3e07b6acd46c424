package io.floe.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Java source of one generated record (with its nested records). Immutable and thread-safe.
 *
 * @param packageName the package, possibly empty
 * @param simpleName the record's simple name
 * @param source the Java source text
 */
public record GeneratedRecord(String packageName, String simpleName, String source) {
  /**
   * Validates the parts.
   *
   * @param packageName the package, possibly empty
   * @param simpleName the record's simple name
   * @param source the Java source text
   */
  public GeneratedRecord {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(simpleName, "simpleName");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The record's fully qualified name.
   *
   * @return the name, such as {@code com.acme.model.Events}
   */
  public String qualifiedName() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  /**
   * Where the source goes under a source root ({@code DIR/com/acme/model/Events.java}).
   *
   * @param sourceRoot the source root
   * @return the file
   */
  public Path file(Path sourceRoot) {
    Path dir = sourceRoot;
    if (!packageName.isEmpty()) {
      for (String part : packageName.split("\\.")) {
        dir = dir.resolve(part);
      }
    }
    return dir.resolve(simpleName + ".java");
  }

  /**
   * Writes the source under a source root, creating the package's directories and replacing an
   * earlier file.
   *
   * @param sourceRoot the source root
   * @return the file written
   * @throws UncheckedIOException when the file cannot be written
   */
  public Path write(Path sourceRoot) {
    Path file = file(sourceRoot);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
