package io.floe.files;

import io.floe.NotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands an import's inputs into files: a file is itself, a folder gives the files under it (all
 * depths, names in order, hidden files and those starting with {@code _} or {@code .} skipped), a
 * path with glob characters ({@code * ? [ {}}) gives the files matching it under the longest folder
 * without them. Stateless.
 */
final class InputFiles {
  private InputFiles() {}

  static List<Path> expand(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      String text = input.toString();
      if (hasGlob(text)) {
        files.addAll(glob(input));
      } else if (Files.isDirectory(input)) {
        files.addAll(walk(input, path -> true));
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        throw FileErrors.noInput(input);
      }
    }
    return files;
  }

  private static boolean hasGlob(String text) {
    return text.indexOf('*') >= 0
        || text.indexOf('?') >= 0
        || text.indexOf('[') >= 0
        || text.indexOf('{') >= 0;
  }

  private static List<Path> glob(Path pattern) {
    Path absolute = pattern.toAbsolutePath();
    Path base = absolute.getRoot();
    for (Path part : absolute) {
      if (hasGlob(part.toString())) {
        break;
      }
      base = base.resolve(part);
    }
    if (!Files.isDirectory(base)) {
      throw new NotFoundException(
          "No file matches " + pattern + ": folder " + base + " does not exist", null);
    }
    String glob = absolute.toString().replace("\\", "\\\\");
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> matched = walk(base, path -> matcher.matches(path.toAbsolutePath()));
    if (matched.isEmpty()) {
      throw new NotFoundException("No file matches " + pattern, null);
    }
    return matched;
  }

  private static List<Path> walk(Path folder, java.util.function.Predicate<Path> keep) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(path -> !hidden(folder, path))
          .filter(keep)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw FileErrors.io("list", folder, e);
    }
  }

  private static boolean hidden(Path folder, Path path) {
    for (Path part : folder.relativize(path)) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
