package io.floe.avro;

import io.floe.FloeIOException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.nio.file.Path;
import org.apache.iceberg.types.Type;

/**
 * The errors of Floe's Avro support, one factory per condition; each names the file, the table and
 * the column where it knows them, in the message and as {@link io.floe.FloeException#file()},
 * {@link io.floe.FloeException#table()} and {@link io.floe.FloeException#column()}. Stateless.
 */
final class AvroErrors {
  private AvroErrors() {}

  /** An Avro file that could not be read (I/O, or Avro's own reader failed). */
  static FloeIOException unreadableFile(String table, Path file, Exception e) {
    return new FloeIOException(
        "read", table, file.toString(), "Cannot read Avro file " + file + ": " + e.getMessage(), e);
  }

  /** An Avro file whose bytes are not a valid container. */
  static ValidationException corruptFile(Path file, String why, Throwable cause) {
    return new ValidationException(
        "Corrupt Avro file " + file + ": " + why, null, null, file.toString(), cause);
  }

  /** A record of an Avro file that could not be decoded. */
  static ValidationException corruptRecord(
      String table, Path file, long index, RuntimeException e) {
    return new ValidationException(
        "Corrupt Avro file "
            + file
            + " at record "
            + index
            + (table == null ? "" : " (table " + table + ")")
            + ": "
            + e,
        table,
        null,
        file.toString(),
        e);
  }

  /** A record of an Avro file that does not fit the table: names the record and the table. */
  static ValidationException invalidRecord(
      String table, Path file, long index, ValidationException e) {
    return new ValidationException(
        e.getMessage() + " (record " + index + (table == null ? "" : ", table " + table) + ")",
        table,
        e.column().orElse(null),
        file.toString(),
        e);
  }

  /** An Avro file whose schema does not fit the table. */
  static ValidationException schemaDoesNotFit(String table, Path file, ValidationException e) {
    return new ValidationException(
        e.getMessage() + " (table " + table + ")",
        table,
        e.column().orElse(null),
        file.toString(),
        e);
  }

  /** An Avro file compressed with a codec whose blocks cannot be bounded before reading. */
  static ValidationException uncheckableCodec(Path file, String codec) {
    return new ValidationException(
        "Avro file "
            + file
            + " uses the codec '"
            + codec
            + "', which Floe cannot check before reading; use null, deflate, snappy, zstandard or"
            + " bzip2",
        null,
        null,
        file.toString(),
        null);
  }

  /** A block of an Avro file that decompresses beyond the limit. */
  static ValidationException blockTooLarge(
      Path file, long block, long bytes, long max, String property) {
    return new ValidationException(
        "Avro file "
            + file
            + ": block "
            + block
            + " decompresses to more than "
            + max
            + " bytes ("
            + bytes
            + " so far); raise the system property "
            + property
            + " if the file is trusted",
        null,
        null,
        file.toString(),
        null);
  }

  /**
   * A null for a required column.
   *
   * @param source where the value came from (such as {@code "Avro file f.avro"}), or null for a
   *     value being written
   * @param column the column's dotted name
   */
  static ValidationException requiredFieldNull(String source, String column) {
    String where = source == null ? "Null" : source + ": null";
    return new ValidationException(
        where + " in required column " + column + "; give it a value or make the column optional",
        null,
        column,
        null);
  }

  /** A column whose Iceberg type has no Avro form. */
  static UnsupportedFeatureException noAvroForm(String column, Type type) {
    return new UnsupportedFeatureException(
        "Column "
            + column
            + " has type "
            + type
            + ", which has no Avro form in Floe; store it as string or binary instead",
        null,
        column,
        null,
        null);
  }
}
