package io.floe.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link FloeTest} for a table created from a fixture file (see {@link TableFixture} for the
 * format) in the test's Floe.
 *
 * <pre>{@code
 * @Test
 * void readsEvents(@Fixture("events.json") FloeTable events) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Fixture {

  /**
   * The fixture's resource path: relative to the test class's package, or absolute on the class
   * path when it starts with {@code /}.
   *
   * @return the resource path
   */
  String value();
}
