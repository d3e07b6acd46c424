package io.floe.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources with the JDK's compiler (javax.tools) against sdk-api, and loads them. */
public final class Compiled {
  private Compiled() {}

  /**
   * Compiles every {@code .java} file under a source root into {@code classes} and returns a class
   * loader over them (parent: this test's loader, so Floe's classes are shared).
   */
  public static URLClassLoader compile(Path sourceRoot, Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler").isNotNull();
    List<String> args = new ArrayList<>();
    args.add("-d");
    args.add(classes.toString());
    args.add("-classpath");
    args.add(
        location(io.floe.FieldId.class)
            + java.io.File.pathSeparator
            + location(org.apache.iceberg.io.CloseableIterable.class));
    args.add("--release");
    args.add("17");
    args.add("-Xlint:all");
    args.add("-Werror");
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
      Files.createDirectories(classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
    assertThat(code).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    try {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, Compiled.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
