package io.floe.impl.spi;

import io.floe.Row;
import io.floe.impl.read.ValueRow;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types;

/**
 * The column masks of one scan, enforced after filtering: the access-control hook of Floe's
 * readers. A {@link ScanPlan} carries it ({@link ScanPlan#withMasking}); its row reader ({@link
 * ScanPlan#rows()}), its read tasks (serialized with the plan, so a receiving JVM masks whatever
 * its own principal is) and sdk-parquet's Arrow reader apply it to every value of a masked column
 * they return. Masks address top-level columns by field id; a column not in a batch or row is
 * skipped. The module {@code floe-security} makes these from its policies. Immutable, thread-safe
 * and serializable.
 *
 * <pre>{@code
 * ScanPlan masked = plan.withMasking(Masking.of(List.of(new Masking.Mask(2, Kind.KEEP_LAST, 4, null, null))));
 * }</pre>
 */
public final class Masking implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of();

  /** One digest per thread: looking one up per value costs more than hashing it. */
  private static final ThreadLocal<MessageDigest> SHA =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("No SHA-256 in this JVM", e);
            }
          });

  /** What a mask does to a value. */
  public enum Kind {
    /** Every value becomes null. Any type. */
    NULL,
    /** Every non-null string becomes {@code "***"}. Strings. */
    REDACT,
    /**
     * The SHA-256 of the table's salt and the value: the first 16 bytes in hex for strings, the
     * first 8 (4) bytes for longs (ints). Equal values stay equal, so joins and counts still work.
     */
    HASH,
    /** Strings: all but the last {@code n} characters become {@code *}. */
    KEEP_LAST,
    /** Dates and timestamps truncated to the {@code unit} (year, month, day, hour). */
    TRUNCATE
  }

  /**
   * One column's mask.
   *
   * @param fieldId the top-level column's field id
   * @param kind what the mask does
   * @param n the characters kept ({@link Kind#KEEP_LAST}), else 0
   * @param unit year, month, day or hour ({@link Kind#TRUNCATE}), else null
   * @param salt the table's salt ({@link Kind#HASH}), else null
   */
  public record Mask(int fieldId, Kind kind, int n, String unit, String salt)
      implements Serializable {
    /**
     * Checks the arguments.
     *
     * @param fieldId the field id
     * @param kind the kind
     * @param n the characters kept
     * @param unit the unit
     * @param salt the salt
     */
    public Mask {
      Objects.requireNonNull(kind, "kind");
      if (kind == Kind.HASH) {
        Objects.requireNonNull(salt, "salt");
      }
      if (kind == Kind.TRUNCATE) {
        unit(unit);
      }
      if (kind == Kind.KEEP_LAST && n < 0) {
        throw new IllegalArgumentException("keep-last must keep 0 or more characters: " + n);
      }
    }

    /**
     * Masks one value (in the classes {@link Row} promises; ints and longs also for Arrow).
     *
     * @param value the value, possibly null
     * @return the masked value
     */
    public Object apply(Object value) {
      if (kind == Kind.NULL) {
        return null;
      }
      if (value == null) {
        return null;
      }
      switch (kind) {
        case REDACT:
          return "***";
        case KEEP_LAST:
          {
            String s = value.toString();
            int keep = Math.min(n, s.length());
            return "*".repeat(s.length() - keep) + s.substring(s.length() - keep);
          }
        case HASH:
          {
            byte[] digest = digest(salt, value);
            if (value instanceof Long) {
              return ByteBuffer.wrap(digest).getLong();
            } else if (value instanceof Integer) {
              return ByteBuffer.wrap(digest).getInt();
            }
            return HEX.formatHex(digest, 0, 16);
          }
        case TRUNCATE:
          return truncate(value);
        default:
          throw new IllegalStateException("Unknown mask " + kind);
      }
    }

    private Object truncate(Object value) {
      ChronoUnit u = unit(unit);
      if (value instanceof LocalDate d) {
        return truncateDate(d, u);
      } else if (value instanceof LocalDateTime t) {
        return u == ChronoUnit.HOURS
            ? t.truncatedTo(u)
            : truncateDate(t.toLocalDate(), u).atStartOfDay();
      } else if (value instanceof OffsetDateTime t) {
        return u == ChronoUnit.HOURS
            ? t.truncatedTo(u)
            : truncateDate(t.toLocalDate(), u).atStartOfDay().atOffset(t.getOffset());
      }
      throw new IllegalArgumentException(
          "Cannot truncate a " + value.getClass().getSimpleName() + " to a " + unit);
    }

    private static LocalDate truncateDate(LocalDate d, ChronoUnit u) {
      return switch (u) {
        case YEARS -> d.withDayOfYear(1);
        case MONTHS -> d.withDayOfMonth(1);
        default -> d;
      };
    }

    private static ChronoUnit unit(String unit) {
      if (unit == null) {
        throw new IllegalArgumentException("A truncate mask needs a unit: year, month, day, hour");
      }
      return switch (unit) {
        case "year" -> ChronoUnit.YEARS;
        case "month" -> ChronoUnit.MONTHS;
        case "day" -> ChronoUnit.DAYS;
        case "hour" -> ChronoUnit.HOURS;
        default ->
            throw new IllegalArgumentException(
                "Unknown truncate unit '" + unit + "'; use year, month, day or hour");
      };
    }

    private static byte[] digest(String salt, Object value) {
      MessageDigest sha = SHA.get(); // digest() resets it
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(value.toString().getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    }
  }

  private final List<Mask> masks;
  private final Map<Integer, Mask> byId;

  /** Who the scan is for (scan events name it), or null. */
  private final String principal;

  private Masking(List<Mask> masks, String principal) {
    this.principal = principal;
    this.masks = List.copyOf(masks);
    Map<Integer, Mask> map = new HashMap<>();
    for (Mask m : this.masks) {
      if (map.put(m.fieldId(), m) != null) {
        throw new IllegalArgumentException("Two masks for field id " + m.fieldId());
      }
    }
    this.byId = map;
  }

  /**
   * Masks for some columns.
   *
   * @param masks one per column at most
   * @return the masking
   * @throws IllegalArgumentException when two masks name the same column
   */
  public static Masking of(List<Mask> masks) {
    return new Masking(Objects.requireNonNull(masks, "masks"), null);
  }

  /**
   * Masks for some columns, for a principal: the plan's scan events name that principal instead of
   * the handle's configured one.
   *
   * @param masks one per column at most
   * @param principal the principal's name
   * @return the masking
   * @throws IllegalArgumentException when two masks name the same column
   */
  public static Masking of(List<Mask> masks, String principal) {
    return new Masking(
        Objects.requireNonNull(masks, "masks"), Objects.requireNonNull(principal, "principal"));
  }

  /**
   * Who the scan is for.
   *
   * @return the principal's name, empty when not set
   */
  public java.util.Optional<String> principal() {
    return java.util.Optional.ofNullable(principal);
  }

  /**
   * The masks.
   *
   * @return the masks, one per column
   */
  public List<Mask> masks() {
    return masks;
  }

  /**
   * Whether no column is masked.
   *
   * @return true when there are no masks
   */
  public boolean isEmpty() {
    return masks.isEmpty();
  }

  /**
   * The mask of a column.
   *
   * @param fieldId the column's field id
   * @return the mask, or null when the column is not masked
   */
  public Mask mask(int fieldId) {
    return byId.get(fieldId);
  }

  /**
   * Masks one row of a struct.
   *
   * @param struct the row's type (top-level columns)
   * @param row the row
   * @return the row itself when no column of it is masked, else a masked copy
   */
  public Row apply(Types.StructType struct, Row row) {
    List<Types.NestedField> fields = struct.fields();
    Object[] values = null;
    for (int i = 0; i < fields.size(); i++) {
      Mask m = byId.get(fields.get(i).fieldId());
      if (m != null) {
        if (values == null) {
          values = new Object[fields.size()];
          for (int j = 0; j < values.length; j++) {
            values[j] = row.get(j);
          }
        }
        values[i] = m.apply(values[i]);
      }
    }
    return values == null ? row : ValueRow.of(struct, values);
  }

  /**
   * Masks rows as they are read.
   *
   * @param struct the rows' type
   * @param rows the rows
   * @return the masked rows; closing them closes the given ones
   */
  public CloseableIterable<Row> apply(Types.StructType struct, CloseableIterable<Row> rows) {
    // the masked positions, found once per scan rather than per row
    List<Types.NestedField> fields = struct.fields();
    int[] positions = new int[fields.size()];
    Mask[] masked = new Mask[fields.size()];
    int count = 0;
    for (int i = 0; i < fields.size(); i++) {
      Mask m = byId.get(fields.get(i).fieldId());
      if (m != null) {
        positions[count] = i;
        masked[count++] = m;
      }
    }
    if (count == 0) {
      return rows;
    }
    int n = count;
    return new CloseableIterable<>() {
      @Override
      public CloseableIterator<Row> iterator() {
        CloseableIterator<Row> it = rows.iterator();
        return new CloseableIterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Row next() {
            Row row = it.next();
            Object[] values = new Object[positions.length];
            for (int j = 0; j < values.length; j++) {
              values[j] = row.get(j);
            }
            for (int k = 0; k < n; k++) {
              values[positions[k]] = masked[k].apply(values[positions[k]]);
            }
            return ValueRow.of(struct, values);
          }

          @Override
          public void close() throws IOException {
            it.close();
          }
        };
      }

      @Override
      public void close() throws IOException {
        rows.close();
      }

      @Override
      public String toString() {
        return rows.toString();
      }
    };
  }

  @Override
  public String toString() {
    return "Masking" + masks;
  }
}
