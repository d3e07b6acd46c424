package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start is what a new user copies first: it must compile as written, with the
 * imports a typical program has ({@code io.floe.*}, Iceberg's {@code Types} and {@code
 * Expressions}), in a method that declares no checked exception, and with no fully-qualified names.
 */
class ReadmeQuickStartTest {
  @TempDir Path out;

  @Test
  void readmeQuickStartCompilesWithoutCheckedExceptionsOrQualifiedNames() throws IOException {
    String readme = Files.readString(readme());
    Matcher block =
        Pattern.compile("## Quick start\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README has a Java block under '## Quick start'").isTrue();
    String snippet = block.group(1);
    assertThat(snippet)
        .as("no fully-qualified names")
        .doesNotContainPattern("\\b(org|io|java)\\.[a-z]+\\.");

    String source =
        """
        import io.floe.*;
        import java.nio.file.Path;
        import java.time.*;
        import java.util.*;
        import org.apache.iceberg.expressions.Expressions;
        import org.apache.iceberg.types.Types;

        class ReadmeQuickStart {
          record Event(long id, Instant ts, String category) {}

          static void run(List<Event> listOfJavaRecords) {
        %s
          }
        }
        """
            .formatted(snippet);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///ReadmeQuickStart.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean compiled =
        compiler
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-classpath", classPath, "-d", out.toString(), "-proc:none", "-Xlint:none"),
                null,
                List.of(file))
            .call();
    assertThat(compiled)
        .as("the README quick start compiles:%n%s%n%s", diagnostics, source)
        .isTrue();
  }

  /** The project's README: the nearest folder above this module that holds the sdk-api module. */
  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("sdk-api"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the project root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve("README.md");
  }
}
