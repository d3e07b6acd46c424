package io.floe.it;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
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
 * (sdk-api, sdk-impl, sdk-parquet, sdk-avro, sdk-testkit, sdk-sql, floe-delta, floe-hive,
 * floe-files, floe-metrics, floe-security, floe-kafka, floe-quality, cli: all on this module's test
 * class path). A class belongs to the module whose jar or {@code target/classes} folder it comes
 * from, so new packages need no change here. The seam between sdk-impl and the other modules is its
 * internal SPI, {@code io.floe.impl.spi} (docs/design/internal-spi.md).
 */
class ArchitectureTest {

  /** The internal SPI: the only part of sdk-impl that Floe's other modules may use. */
  private static final String SPI = "io.floe.impl.spi";

  private static final Pattern JAR =
      Pattern.compile(
          "/floe-(sdk-[a-z]+|delta|hive|files|metrics|kafka|ingest|security|quality|cli)-[0-9][^/]*\\.jar!/");
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
            "sdk-api",
            "sdk-impl",
            "sdk-parquet",
            "sdk-avro",
            "sdk-testkit",
            "sdk-sql",
            "floe-delta",
            "floe-hive",
            "floe-files",
            "floe-metrics",
            "floe-kafka",
            "floe-ingest",
            "floe-security",
            "floe-quality",
            "cli");
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

  /**
   * Outside sdk-impl, main classes use only the internal SPI ({@code io.floe.impl.spi}) of
   * sdk-impl; everything else there is its implementation (docs/design/internal-spi.md).
   */
  @Test
  void otherModulesUseOnlyTheSpi() {
    Map<String, Set<String>> outside = new TreeMap<>();
    implUses()
        .forEach(
            (module, types) -> {
              Set<String> extra = new TreeSet<>();
              for (String type : types) {
                if (!inSpi(type)) {
                  extra.add(type);
                }
              }
              if (!extra.isEmpty()) {
                outside.put(module, extra);
              }
            });
    assertThat(outside)
        .as(
            "io.floe.impl types outside %s used by other modules: add what they need to the SPI",
            SPI)
        .isEmpty();
  }

  /**
   * The SPI hands out only SPI types of sdk-impl: the public and protected signatures of its public
   * types (supertypes, fields, constructor and method parameters, results and exceptions, type
   * arguments included) name no other {@code io.floe.impl} type, so that a module using the SPI
   * never needs one. Types of sdk-api, Iceberg and the JDK are fine.
   */
  @Test
  void spiSignaturesExposeOnlySpiTypes() {
    Map<String, Set<String>> exposed = new TreeMap<>();
    for (JavaClass spi : floe) {
      if (!spi.getPackageName().equals(SPI) || !isVisible(spi.getModifiers())) {
        continue;
      }
      Set<JavaClass> named = new HashSet<>();
      spi.getRawSuperclass().ifPresent(named::add);
      named.addAll(spi.getRawInterfaces());
      for (JavaMember member : spi.getMembers()) {
        if (!isVisible(member.getModifiers())) {
          continue;
        }
        if (member instanceof JavaField field) {
          named.addAll(field.getType().getAllInvolvedRawTypes());
        } else if (member instanceof JavaCodeUnit code) {
          named.addAll(code.getReturnType().getAllInvolvedRawTypes());
          code.getParameterTypes().forEach(t -> named.addAll(t.getAllInvolvedRawTypes()));
          code.getThrowsClause().getTypes().forEach(named::add);
        }
      }
      for (JavaClass type : named) {
        JavaClass top = topLevel(base(type));
        if (module(top).equals(Optional.of("sdk-impl")) && !inSpi(top.getName())) {
          exposed.computeIfAbsent(spi.getName(), k -> new TreeSet<>()).add(top.getName());
        }
      }
    }
    assertThat(exposed).as("SPI signatures naming sdk-impl types outside the SPI").isEmpty();
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

  private static boolean inSpi(String type) {
    return type.startsWith(SPI + ".") && type.indexOf('.', SPI.length() + 1) < 0;
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
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
      String name = jar.group(1);
      return Optional.of(name.startsWith("sdk-") || name.equals("cli") ? name : "floe-" + name);
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
