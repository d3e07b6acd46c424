package io.floe.testkit;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link FloeTest}: one {@link FloeTestKit} per test, created on first
 * use and closed (with its temporary folder) when the test ends. Use {@code @FloeTest} rather than
 * registering it directly. Stateless and thread-safe: the kit lives in the test's extension store,
 * so tests may run in parallel.
 *
 * <pre>{@code
 * @ExtendWith(FloeExtension.class)
 * class MyTest {
 *   @Test
 *   void works(Floe floe) { ... }
 * }
 * }</pre>
 */
public final class FloeExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FloeExtension.class);

  /** Creates the extension; JUnit does this. */
  public FloeExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == FloeTable.class) {
      return parameter.isAnnotated(Fixture.class);
    }
    return type == Floe.class
        || type == FloeTestKit.class
        || type == Faults.class
        || type == TestClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FloeTestKit kit = kit(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == Floe.class) {
      return kit.floe();
    }
    if (type == FloeTestKit.class) {
      return kit;
    }
    if (type == Faults.class) {
      return kit.faults();
    }
    if (type == TestClock.class) {
      return kit.clock();
    }
    String resource = parameter.findAnnotation(Fixture.class).orElseThrow().value();
    String path = resolve(context.getRequiredTestClass(), resource);
    try {
      return kit.create(TableFixture.fromResource(path));
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(
          "Cannot create the table of fixture "
              + path
              + " for parameter "
              + parameter.getParameter().getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String resolve(Class<?> testClass, String resource) {
    if (resource.startsWith("/")) {
      return resource.substring(1);
    }
    String pkg = testClass.getPackageName();
    String relative = pkg.isEmpty() ? resource : pkg.replace('.', '/') + "/" + resource;
    ClassLoader loader = testClass.getClassLoader();
    if (loader != null
        && loader.getResource(relative) == null
        && loader.getResource(resource) != null) {
      return resource;
    }
    return relative;
  }

  /** The kit of the current test, created on first use. */
  private static FloeTestKit kit(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    return store.getOrComputeIfAbsent("kit", k -> new KitResource(open(context)), KitResource.class)
        .kit;
  }

  private static FloeTestKit open(ExtensionContext context) {
    FloeTestKit.Backend backend =
        backend(context.getElement())
            .or(() -> context.getTestClass().flatMap(FloeExtension::backend))
            .orElse(FloeTestKit.Backend.MEMORY);
    String name = "test";
    if (backend == FloeTestKit.Backend.MEMORY) {
      return FloeTestKit.builder().name(name).build();
    }
    try {
      Path folder = Files.createTempDirectory("floe-test-");
      return FloeTestKit.builder().name(name).local(folder).build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary warehouse folder", e);
    }
  }

  private static Optional<FloeTestKit.Backend> backend(
      Optional<? extends AnnotatedElement> element) {
    return element
        .flatMap(e -> AnnotationSupport.findAnnotation(e, FloeTest.class))
        .map(FloeTest::backend);
  }

  private static Optional<FloeTestKit.Backend> backend(Class<?> type) {
    return AnnotationSupport.findAnnotation(type, FloeTest.class).map(FloeTest::backend);
  }

  private static final class KitResource implements ExtensionContext.Store.CloseableResource {
    final FloeTestKit kit;

    KitResource(FloeTestKit kit) {
      this.kit = kit;
    }

    @Override
    public void close() throws IOException {
      kit.close();
      if (kit.backend() == FloeTestKit.Backend.LOCAL) {
        deleteRecursively(kit.warehouse());
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
