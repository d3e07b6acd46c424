package io.floe.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that stands still until the test moves it. The test kit stamps the files of its
 * in-memory store with it, so a test can age files (for orphan-file removal or retention) by {@link
 * #advance(Duration) advancing} the clock instead of sleeping; pass it wherever Floe or your code
 * accepts a {@code Clock}. Iceberg itself stamps snapshots with the system clock, which this clock
 * does not change.
 *
 * <p>Thread-safe: reads and moves are atomic.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofDays(3));
 * assert clock.instant().equals(Instant.parse("2026-01-04T00:00:00Z"));
 * }</pre>
 */
public final class TestClock extends Clock {
  private final AtomicLong micros;
  private final ZoneId zone;

  private TestClock(AtomicLong micros, ZoneId zone) {
    this.micros = micros;
    this.zone = zone;
  }

  /**
   * A clock standing at an instant, in UTC.
   *
   * @param start the instant
   * @return a new clock
   */
  public static TestClock at(Instant start) {
    Objects.requireNonNull(start, "start");
    return new TestClock(new AtomicLong(toMicros(start)), ZoneOffset.UTC);
  }

  /**
   * A clock standing at the current system time, in UTC.
   *
   * @return a new clock
   */
  public static TestClock create() {
    return at(Instant.now());
  }

  private static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far, zero or more
   * @return the new instant
   * @throws IllegalArgumentException when the amount is negative
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("A test clock only moves forward; got " + amount);
    }
    long delta =
        Math.addExact(
            Math.multiplyExact(amount.getSeconds(), 1_000_000L), amount.getNano() / 1_000);
    return fromMicros(micros.addAndGet(delta));
  }

  /**
   * Sets the clock to an instant, forward or back.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    micros.set(toMicros(Objects.requireNonNull(instant, "instant")));
  }

  private static Instant fromMicros(long value) {
    return Instant.ofEpochSecond(
        Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
  }

  @Override
  public Instant instant() {
    return fromMicros(micros.get());
  }

  @Override
  public long millis() {
    return Math.floorDiv(micros.get(), 1_000L);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * The same clock (moving together) seen in another time zone.
   *
   * @param newZone the zone
   * @return a clock sharing this one's time
   */
  @Override
  public TestClock withZone(ZoneId newZone) {
    return new TestClock(micros, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock{" + instant() + "}";
  }
}
