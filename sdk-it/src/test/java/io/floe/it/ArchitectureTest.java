package io.floe.it;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ../shared/STYLE.md, checked on the main classes of every published module
 * (sdk-api, sdk-impl, sdk-parquet, sdk-avro, sdk-testkit, floe-delta: all on this module's test
 * class path). A class belongs to the module whose jar or {@code target/classes} folder it comes
 * from, so new packages need no change here.
 */
class ArchitectureTest {

  /**
   * The {@code io.floe.impl} types each module outside sdk-impl used when the rule was written
   * (top-level types, nested ones counted as their outer type). New reach-ins fail the build: go
   * through sdk-api or an SPI instead. When a module stops using a type, remove it here (the list
   * may only shrink: {@link #implAllowlistIsTight}). December 2026: 8 types from sdk-parquet (its
   * read side goes through the SPI's {@code ScanPlan} and {@code DataFileCache} only), 2 from
   * sdk-avro, 10 from sdk-testkit (the file IO wrappers' base {@code ForwardingFileIO} and {@code
   * NewFiles} came in with it, {@code CommitFiles} went), 1 from floe-delta.
   */
  private static final Map<String, Set<String>> ALLOWED_IMPL_USES =
      Map.of(
          "sdk-parquet",
          Set.of(
              "io.floe.impl.Errors",
              "io.floe.impl.FloeInternals",
              "io.floe.impl.spi.DataFileCache",
              "io.floe.impl.spi.ScanPlan",
              "io.floe.impl.write.AppendImpl",
              "io.floe.impl.write.ParquetFileAppender",
              "io.floe.impl.write.TableFileWriter",
              "io.floe.impl.write.WriterTuning"),
          "sdk-avro",
          Set.of("io.floe.impl.Errors", "io.floe.impl.FloeInternals"),
          "sdk-testkit",
          Set.of(
              "io.floe.impl.FloeInternals",
              "io.floe.impl.catalog.Catalogs",
              "io.floe.impl.catalog.ForwardingCatalog",
              "io.floe.impl.catalog.ForwardingTableOperations",
              "io.floe.impl.catalog.SchemeFileIO",
              "io.floe.impl.io.AvroContainers",
              "io.floe.impl.io.DirectoryListing",
              "io.floe.impl.io.ForwardingFileIO",
              "io.floe.impl.io.NewFiles",
              "io.floe.impl.write.RowConverter"),
          "floe-delta",
          Set.of("io.floe.impl.FloeInternals"));

  private static final Pattern JAR = Pattern.compile("/floe-(sdk-[a-z]+|delta)-[0-9][^/]*\\.jar!/");
  private static final Pattern CLASSES_DIR = Pattern.compile("/([a-z-]+)/target/classes/");

  private static JavaClasses floe;

  @BeforeAll
  static void importMainClasses() {
    floe =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.floe");
  }

  @Test
  void everyPublishedModuleIsImported() {
    Set<String> modules = new TreeSet<>();
    floe.forEach(c -> module(c).ifPresent(modules::add));
    assertThat(modules)
        .containsExactlyInAnyOrder(
            "sdk-api", "sdk-impl", "sdk-parquet", "sdk-avro", "sdk-testkit", "floe-delta");
  }

  /** sdk-api depends only on the JDK, iceberg-api and itself: no iceberg-core, Guava, Jackson... */
  @Test
  void sdkApiUsesOnlyJavaAndIcebergApi() {
    classes()
        .that(comeFrom("sdk-api"))
        .should()
        .onlyDependOnClassesThat(
            describe(
                "are in java.*, iceberg-api or sdk-api",
                c ->
                    base(c).isPrimitive()
                        || base(c).getPackageName().startsWith("java.")
                        || module(base(c)).equals(Optional.of("sdk-api"))
                        || source(base(c)).contains("/iceberg-api-")))
        .check(floe);
  }

  /** A package named internal is used only by the module that owns it. */
  @Test
  void internalPackagesStayInTheirModule() {
    classes()
        .should(
            new ArchCondition<JavaClass>("use no other module's internal package") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                  JavaClass target = base(d.getTargetClass());
                  Optional<String> to = module(target);
                  if (to.isPresent()
                      && isInternal(target.getPackageName())
                      && !to.equals(module(origin))) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            })
        .check(floe);
  }

  /** Outside sdk-impl, io.floe.impl is used only where it was when this rule was written. */
  @Test
  void implIsUsedOnlyWhereItWas() {
    Map<String, Set<String>> used = implUses();
    Map<String, Set<String>> added = new TreeMap<>();
    used.forEach(
        (module, types) -> {
          Set<String> extra = new TreeSet<>(types);
          extra.removeAll(ALLOWED_IMPL_USES.getOrDefault(module, Set.of()));
          if (!extra.isEmpty()) {
            added.put(module, extra);
          }
        });
    assertThat(added)
        .as("io.floe.impl types newly used outside sdk-impl (all uses now: %s)", used)
        .isEmpty();
  }

  /** The allowlist holds no type that is no longer used, so that it only ever shrinks. */
  @Test
  void implAllowlistIsTight() {
    Map<String, Set<String>> used = implUses();
    Map<String, Set<String>> stale = new TreeMap<>();
    ALLOWED_IMPL_USES.forEach(
        (module, types) -> {
          Set<String> gone = new TreeSet<>(types);
          gone.removeAll(used.getOrDefault(module, Set.of()));
          if (!gone.isEmpty()) {
            stale.put(module, gone);
          }
        });
    assertThat(stale).as("io.floe.impl types no longer used: remove them from the list").isEmpty();
  }

  private static Map<String, Set<String>> implUses() {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JavaClass origin : floe) {
      Optional<String> from = module(origin);
      if (from.isEmpty() || from.get().equals("sdk-impl")) {
        continue;
      }
      for (Dependency d : origin.getDirectDependenciesFromSelf()) {
        JavaClass target = topLevel(base(d.getTargetClass()));
        if (module(target).equals(Optional.of("sdk-impl"))) {
          used.computeIfAbsent(from.get(), m -> new TreeSet<>()).add(target.getName());
        }
      }
    }
    return used;
  }

  private static DescribedPredicate<JavaClass> comeFrom(String module) {
    return describe("come from " + module, c -> module(c).equals(Optional.of(module)));
  }

  private static boolean isInternal(String packageName) {
    return packageName.endsWith(".internal") || packageName.contains(".internal.");
  }

  /** The Floe module a class comes from, by its jar or classes folder; empty for other code. */
  private static Optional<String> module(JavaClass c) {
    String source = source(c);
    Matcher jar = JAR.matcher(source);
    if (jar.find()) {
      return Optional.of(jar.group(1).equals("delta") ? "floe-delta" : jar.group(1));
    }
    Matcher dir = CLASSES_DIR.matcher(source);
    if (dir.find() && c.getPackageName().startsWith("io.floe")) {
      return Optional.of(dir.group(1));
    }
    return Optional.empty();
  }

  private static String source(JavaClass c) {
    return c.getSource().map(s -> s.getUri().toString()).orElse("");
  }

  private static JavaClass base(JavaClass c) {
    return c.isArray() ? c.getBaseComponentType() : c;
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
