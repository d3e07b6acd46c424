package io.floe.files;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A parser of the common timestamp layouts ({@code yyyy-MM-dd[T| ]HH:mm[:ss[.f{1,9}]]} with an
 * optional {@code Z} or {@code ±HH:MM}) without {@code DateTimeFormatter}'s field maps (a 1 M-row
 * import parses a million of them; the formatter showed in profiles of {@code CsvImportBenchmark});
 * anything else goes to the formatter. Stateless.
 */
final class Temporals {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** A parsed timestamp: micros since the epoch as written (before the offset), and the offset. */
  static final class Parsed {
    long micros;
    int offsetSeconds;
    boolean hasOffset;
  }

  private Temporals() {}

  /** Parses a timestamp, or returns null when the text is not in one of the fast layouts. */
  static Parsed parse(String s) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    Parsed parsed = new Parsed();
    long micros = 0;
    int pos = 10;
    if (pos < n && (s.charAt(pos) == 'T' || s.charAt(pos) == 't' || s.charAt(pos) == ' ')) {
      if (pos + 6 > n || s.charAt(pos + 3) != ':') {
        return null;
      }
      int hour = digits(s, pos + 1, 2);
      int minute = digits(s, pos + 4, 2);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return null;
      }
      pos += 6;
      int second = 0;
      long fraction = 0;
      if (pos < n && s.charAt(pos) == ':') {
        second = digits(s, pos + 1, 2);
        if (second < 0 || second > 59) {
          return null;
        }
        pos += 3;
        if (pos < n && s.charAt(pos) == '.') {
          pos++;
          int start = pos;
          long nanos = 0;
          while (pos < n && pos - start < 9 && Character.isDigit(s.charAt(pos))) {
            nanos = nanos * 10 + (s.charAt(pos) - '0');
            pos++;
          }
          if (pos == start || (pos < n && Character.isDigit(s.charAt(pos)))) {
            return null;
          }
          for (int i = pos - start; i < 9; i++) {
            nanos *= 10;
          }
          if (nanos % 1000 != 0) {
            return null; // below microseconds: the formatter path reports or truncates it
          }
          fraction = nanos / 1000;
        }
      }
      micros = ((hour * 60L + minute) * 60L + second) * 1_000_000L + fraction;
    } else if (pos < n) {
      return null;
    }
    if (pos < n) {
      char c = s.charAt(pos);
      if ((c == 'Z' || c == 'z') && pos + 1 == n) {
        parsed.hasOffset = true;
      } else if ((c == '+' || c == '-') && pos + 6 == n && s.charAt(pos + 3) == ':') {
        int hours = digits(s, pos + 1, 2);
        int minutes = digits(s, pos + 4, 2);
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
          return null;
        }
        parsed.hasOffset = true;
        parsed.offsetSeconds = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
      } else {
        return null;
      }
    }
    parsed.micros = epochDay * MICROS_PER_DAY + micros;
    return parsed;
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static LocalDateTime localDateTime(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }

  static OffsetDateTime offsetDateTime(long micros) {
    return localDateTime(micros).atOffset(ZoneOffset.UTC);
  }

  static long micros(LocalDateTime value) {
    return value.toLocalDate().toEpochDay() * MICROS_PER_DAY
        + value.toLocalTime().toNanoOfDay() / 1000;
  }

  static long micros(OffsetDateTime value) {
    return micros(value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
  }
}
