package io.floe.avro;

import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.io.IOException;
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

  /** A schema read rows with that is not a record. */
  static ValidationException notARecord(String source, Object type) {
    return new ValidationException(
        source + ": the Avro schema is a " + type + ", not a record", null, null, null);
  }

  /** An Avro record that cannot be converted to a row. */
  static ValidationException cannotConvertRecord(String source, RuntimeException e) {
    return new ValidationException(
        source + ": cannot convert Avro record: " + e.getMessage(), null, null, e);
  }

  /** A field of the Avro schema that does not fit its column. */
  static ValidationException fieldProblem(String source, String column, String problem) {
    return new ValidationException(
        source + ": field " + column + " " + problem, null, column, null);
  }

  /** A field of the Avro schema whose type cannot be resolved. */
  static ValidationException cannotConvertField(String source, String column, RuntimeException e) {
    return new ValidationException(source + ": " + e.getMessage(), null, column, e);
  }

  /** A null element read for a list whose elements are required. */
  static ValidationException nullListElement(String source, String column) {
    return new ValidationException(
        source + ": null element in list " + column + " whose elements are required",
        null,
        column,
        null);
  }

  /** A null key read for a map. */
  static ValidationException nullMapKey(String source, String column) {
    return new ValidationException(source + ": null key in map " + column, null, column, null);
  }

  /** A null value read for a map whose values are required. */
  static ValidationException nullMapValue(String source, String column) {
    return new ValidationException(
        source + ": null value in map " + column + " whose values are required",
        null,
        column,
        null);
  }

  /** A value written to a column whose type cannot hold it. */
  static ValidationException cannotHold(String column, Object value, RuntimeException e) {
    return new ValidationException(
        "Column " + column + " cannot hold a " + value.getClass().getName() + ": " + e.getMessage(),
        null,
        column,
        e);
  }

  /** A null key written to a map. */
  static ValidationException nullKeyWritten(String column) {
    return new ValidationException("Null key in map " + column, null, column, null);
  }

  /** A null written where values are required (a map's values, a list's elements). */
  static ValidationException nullValueWritten(String column) {
    return new ValidationException(
        "Null in " + column + ", whose values are required", null, column, null);
  }

  /** An Avro schema a table cannot evolve to. */
  static ValidationException cannotEvolve(
      String table, String schema, Object problems, String column) {
    return new ValidationException(
        "Cannot evolve table " + table + " to Avro schema " + schema + ": " + problems,
        table,
        column,
        null);
  }

  /** An Avro schema for a table that is not a record. */
  static ValidationException tableSchemaNotARecord(Object type) {
    return new ValidationException(
        "An Avro schema for a table must be a record, not "
            + type
            + "; wrap the value in a record with one field");
  }

  /** Two columns of one struct that become the same Avro field name. */
  static ValidationException sameAvroName(String column, String avroName) {
    return new ValidationException(
        "Column "
            + column
            + " and another column of the same struct both become Avro field "
            + avroName
            + "; rename one of them",
        null,
        column,
        null);
  }

  /** A default value whose type has no Avro form. */
  static UnsupportedFeatureException defaultHasNoAvroForm(Type type) {
    return new UnsupportedFeatureException(
        "Defaults of type " + type + " have no Avro form in Floe", null);
  }

  /** A decimal too large for its fixed-size Avro form. */
  static ValidationException decimalTooLarge(Object value, int bytes, int size) {
    return new ValidationException(
        "Decimal " + value + " needs " + bytes + " bytes but its type allows " + size);
  }

  /** A field id used twice in an Avro schema. */
  static ValidationException duplicateFieldId(int id, String column) {
    return new ValidationException(
        "Field id "
            + id
            + " of "
            + column
            + " is used twice in the Avro schema; give each field its own id",
        null,
        column,
        null);
  }

  /** A recursive Avro record. */
  static UnsupportedFeatureException recursiveRecord(String record, String path) {
    return new UnsupportedFeatureException(
        "Avro record "
            + record
            + " at "
            + (path.isEmpty() ? "the root" : path)
            + " is recursive; Iceberg tables cannot store recursive types",
        null,
        path.isEmpty() ? null : path,
        null,
        null);
  }

  /** An Avro field whose type Iceberg cannot store. */
  static UnsupportedFeatureException unstorableType(String column, Object type) {
    return new UnsupportedFeatureException(
        "Avro field "
            + column
            + " has type "
            + type
            + ", which Iceberg cannot store; make it optional of another type",
        null,
        column,
        null,
        null);
  }

  /** An Avro field that is a union of several non-null types. */
  static UnsupportedFeatureException multiTypeUnion(String column, Object schema) {
    return new UnsupportedFeatureException(
        "Avro field "
            + column
            + " is a union of several non-null types "
            + schema
            + "; Iceberg columns hold one type: split it into one optional field per type",
        null,
        column,
        null,
        null);
  }

  /** An Avro field that can only be null. */
  static UnsupportedFeatureException onlyNull(String column) {
    return new UnsupportedFeatureException(
        "Avro field " + column + " can only be null; Iceberg columns need a type",
        null,
        column,
        null,
        null);
  }

  /** Bytes left over after a decoded value. */
  static ValidationException bytesLeftOver(String message) {
    return new ValidationException(message);
  }

  /** Bytes that do not decode as the schema's value. */
  static ValidationException cannotDecode(String failure, String why, Throwable cause) {
    return new ValidationException(failure + ": " + why, null, null, cause);
  }

  /** A value nested deeper than the thread's stack can decode. */
  static ValidationException nestedTooDeeply(String failure, Integer length) {
    return new ValidationException(
        failure
            + ": the value is nested too deeply"
            + (length == null ? "" : " (" + length + " bytes)"),
        null,
        null,
        null);
  }

  /** A value that cannot be encoded with the schema. */
  static ValidationException cannotEncode(String failure, String why, Throwable cause) {
    return new ValidationException(failure + ": " + why, null, null, cause);
  }

  /** Bytes without the Avro single-object header. */
  static ValidationException notSingleObject(byte[] message) {
    return new ValidationException(
        "Not an Avro single-object message ("
            + message.length
            + " bytes"
            + (message.length >= 2
                ? String.format(", starting %02X %02X", message[0], message[1])
                : "")
            + "): it must start with C3 01 and an 8-byte schema fingerprint",
        null,
        null,
        null);
  }

  /** A single-object message written with a schema the codec does not know. */
  static ValidationException unknownFingerprint(long fingerprint) {
    return new ValidationException(
        "The message was written with a schema this codec does not know"
            + " (fingerprint "
            + Long.toHexString(fingerprint)
            + "); add the writer schema with withKnownSchema",
        null,
        null,
        null);
  }

  /** A record that cannot be serialized for a schema-registry subject. */
  static ValidationException cannotSerialize(String schema, String subject, Exception e) {
    return new ValidationException(
        "Cannot serialize a " + schema + " record for subject " + subject + ": " + e.getMessage(),
        null,
        null,
        e);
  }

  /** A schema-registry message shorter than its header. */
  static ValidationException registryMessageTooShort(int length) {
    return new ValidationException(
        "Not a schema registry message: "
            + length
            + " bytes, shorter than the 5-byte header (magic byte 0 and schema id)");
  }

  /** A schema-registry message that does not start with the magic byte. */
  static ValidationException noMagicByte(int first) {
    return new ValidationException(
        "Not a schema registry message: it starts with byte "
            + first
            + " instead of the magic byte 0");
  }

  /** A schema registry's answer to a registration that has no id. */
  static FloeIOException registryAnswerWithoutId(String host, Object response) {
    return new FloeIOException(
        "register", host, "The registry's answer has no id: " + response, null);
  }

  /** A schema id the registry does not have. */
  static NotFoundException noSchemaWithId(int id) {
    return new NotFoundException("The schema registry has no schema with id " + id, null);
  }

  /** A registry schema of another type than Avro. */
  static ValidationException notAvroSchema(String what, String type) {
    return new ValidationException(
        "The registry's " + what + " is a " + type + " schema, not Avro");
  }

  /** A registry schema that does not parse as Avro. */
  static ValidationException invalidRegistrySchema(String what, RuntimeException e) {
    return new ValidationException(
        "The registry's " + what + " is not a valid Avro schema: " + e.getMessage(), null, null, e);
  }

  /** A schema registry's answer larger than Floe reads. */
  static FloeIOException registryAnswerTooLarge(
      String operation, String host, int max, Object baseUri) {
    return new FloeIOException(
        operation,
        host,
        "The schema registry's answer"
            + " is larger than "
            + max
            + " bytes; is "
            + baseUri
            + " a schema registry?",
        null);
  }

  /** A schema registry that cannot be reached. */
  static FloeIOException registryUnreachable(
      String operation, String host, String what, IOException e) {
    return new FloeIOException(
        operation, host, "Cannot reach the schema registry to " + what + ": " + e, e);
  }

  /** A schema registry's successful answer that is not JSON. */
  static FloeIOException registryAnswerNotJson(String operation, String host, IOException e) {
    return new FloeIOException(
        operation, host, "The schema registry's answer is not JSON: " + e.getMessage(), e);
  }

  /**
   * A request the schema registry refused (other than 404): incompatible (409) and invalid (422)
   * schemas are validation errors, 401 and 403 credential errors, the rest I/O errors.
   */
  static FloeException registryRefused(
      String operation, String host, String what, String message, int status, int code) {
    String detail =
        "Schema registry refused to "
            + what
            + ": "
            + message
            + " (HTTP "
            + status
            + ", error "
            + code
            + ")";
    switch (status) {
      case 409:
        return new ValidationException(
            detail
                + "; make the schema compatible with the subject's history"
                + " or change the subject's compatibility level",
            null,
            null,
            null);
      case 422:
        return new ValidationException(detail, null, null, null);
      case 401:
      case 403:
        return new FloeException(detail + "; check the registry credentials");
      default:
        return new FloeIOException(operation, host, detail, null);
    }
  }
}
