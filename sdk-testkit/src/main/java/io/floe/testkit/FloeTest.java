package io.floe.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of a class (or one test method) its own {@link FloeTestKit}, closed after the
 * test, and injects what its parameters ask for: {@link io.floe.Floe}, {@link FloeTestKit}, {@link
 * Faults}, {@link TestClock}, and {@link io.floe.FloeTable} parameters annotated with {@link
 * Fixture}, created from a fixture file. {@code @BeforeEach} methods get the same kit as their
 * test. On a method, it overrides the class's backend.
 *
 * <pre>{@code
 * @FloeTest
 * class EventStoreTest {
 *   @Test
 *   void keepsEveryEvent(Floe floe, @Fixture("events.json") FloeTable events) {
 *     new EventStore(floe).record(new Event(3, "books"));
 *     assertThat(events).hasSnapshots(2).containsRows(Rows.row("id", 3L));
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(FloeExtension.class)
public @interface FloeTest {

  /**
   * Which backend the test runs on: in memory by default, or the embedded local backend in a
   * temporary folder deleted after the test.
   *
   * @return the backend
   */
  FloeTestKit.Backend backend() default FloeTestKit.Backend.MEMORY;
}
