package io.floe.impl;

import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.MetricsModes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;

/**
 * Checks the values of the table properties Iceberg and Floe know when a table is created, so that
 * a bad value fails at {@code create()} with the property and the allowed values named, not at the
 * first write. Unknown keys pass: Iceberg tables carry properties of other engines too.
 */
final class PropertyChecks {
  private static final List<String> BOOLEAN = List.of("true", "false");
  private static final List<String> FORMATS = List.of("parquet", "avro");

  /**
   * Parquet codecs whose implementation ships with Floe ({@code lz4} is written as {@code lz4_raw};
   * lzo and brotli need native libraries Floe does not ship).
   */
  private static final List<String> PARQUET_CODECS =
      List.of("zstd", "snappy", "gzip", "lz4", "lz4_raw", "uncompressed");

  private static final List<String> DELETE_PARQUET_CODECS =
      List.of("zstd", "snappy", "gzip", "lz4_raw", "uncompressed");
  private static final List<String> AVRO_CODECS = List.of("uncompressed", "snappy", "gzip", "zstd");
  private static final List<String> MODES = List.of("copy-on-write", "merge-on-read");
  private static final List<String> ISOLATION = List.of("serializable", "snapshot");
  private static final List<String> DISTRIBUTION = List.of("none", "hash", "range");

  private enum Kind {
    POSITIVE,
    NON_NEGATIVE,
    AT_LEAST_ONE,
    ANY_INT,
    ENUM,
    BOOLEAN,
    METRICS,
    FPP,
    RANGE
  }

  private record Rule(Kind kind, boolean isLong, List<String> allowed, long min, long max) {
    Rule(Kind kind, boolean isLong, List<String> allowed) {
      this(kind, isLong, allowed, 0, 0);
    }
  }

  private static final Map<String, Rule> RULES = new HashMap<>();
  private static final Map<String, Rule> COLUMN_RULES = new HashMap<>();

  static {
    oneOf(TableProperties.FORMAT_VERSION, List.of("1", "2", "3"));
    oneOf(TableProperties.DEFAULT_FILE_FORMAT, FORMATS);
    oneOf(TableProperties.DELETE_DEFAULT_FILE_FORMAT, FORMATS);
    oneOf(TableProperties.PARQUET_COMPRESSION, PARQUET_CODECS);
    oneOf(TableProperties.DELETE_PARQUET_COMPRESSION, DELETE_PARQUET_CODECS);
    oneOf(TableProperties.AVRO_COMPRESSION, AVRO_CODECS);
    oneOf(TableProperties.DELETE_AVRO_COMPRESSION, AVRO_CODECS);
    oneOf(TableProperties.METADATA_COMPRESSION, List.of("none", "gzip"));
    oneOf(TableProperties.DELETE_MODE, MODES);
    oneOf(TableProperties.UPDATE_MODE, MODES);
    oneOf(TableProperties.MERGE_MODE, MODES);
    oneOf(TableProperties.DELETE_ISOLATION_LEVEL, ISOLATION);
    oneOf(TableProperties.UPDATE_ISOLATION_LEVEL, ISOLATION);
    oneOf(TableProperties.MERGE_ISOLATION_LEVEL, ISOLATION);
    oneOf(TableProperties.WRITE_DISTRIBUTION_MODE, DISTRIBUTION);
    oneOf(TableProperties.DELETE_DISTRIBUTION_MODE, DISTRIBUTION);
    oneOf(TableProperties.UPDATE_DISTRIBUTION_MODE, DISTRIBUTION);
    oneOf(TableProperties.MERGE_DISTRIBUTION_MODE, DISTRIBUTION);
    for (String key :
        List.of(
            TableProperties.MANIFEST_MERGE_ENABLED,
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
            TableProperties.GC_ENABLED,
            TableProperties.OBJECT_STORE_ENABLED,
            TableProperties.WRITE_AUDIT_PUBLISH_ENABLED)) {
      RULES.put(key, new Rule(Kind.BOOLEAN, false, BOOLEAN));
    }
    RULES.put(TableProperties.DEFAULT_WRITE_METRICS_MODE, new Rule(Kind.METRICS, false, null));

    longs(
        Kind.POSITIVE,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.DELETE_TARGET_FILE_SIZE_BYTES,
        TableProperties.MANIFEST_TARGET_SIZE_BYTES,
        TableProperties.SPLIT_SIZE,
        TableProperties.METADATA_SPLIT_SIZE,
        TableProperties.MAX_SNAPSHOT_AGE_MS);
    longs(
        Kind.NON_NEGATIVE,
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS,
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS,
        TableProperties.COMMIT_TOTAL_RETRY_TIME_MS,
        TableProperties.COMMIT_STATUS_CHECKS_MIN_WAIT_MS,
        TableProperties.COMMIT_STATUS_CHECKS_MAX_WAIT_MS,
        TableProperties.COMMIT_STATUS_CHECKS_TOTAL_WAIT_MS,
        TableProperties.SPLIT_OPEN_FILE_COST,
        TableProperties.MAX_REF_AGE_MS);
    ints(
        Kind.POSITIVE,
        TableProperties.PARQUET_PAGE_ROW_LIMIT,
        TableProperties.DELETE_PARQUET_PAGE_ROW_LIMIT,
        TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES,
        TableProperties.SPLIT_LOOKBACK,
        io.floe.impl.write.WriterTuning.SORT_BUFFER_ROWS,
        // Iceberg's and Floe's Parquet writers read these as ints
        TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
        TableProperties.DELETE_PARQUET_ROW_GROUP_SIZE_BYTES,
        TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT,
        TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT);
    // Parquet's buffers refuse pages and dictionaries under 64 bytes, and pages over 1 GiB ran out
    // of heap
    for (String key :
        List.of(
            TableProperties.PARQUET_PAGE_SIZE_BYTES,
            TableProperties.DELETE_PARQUET_PAGE_SIZE_BYTES)) {
      RULES.put(
          key,
          new Rule(
              Kind.RANGE,
              false,
              null,
              io.floe.impl.write.ParquetSettings.MIN_PAGE_BYTES,
              io.floe.impl.write.ParquetSettings.MAX_PAGE_BYTES));
    }
    for (String key :
        List.of(
            TableProperties.PARQUET_DICT_SIZE_BYTES,
            TableProperties.DELETE_PARQUET_DICT_SIZE_BYTES)) {
      RULES.put(
          key,
          new Rule(
              Kind.RANGE,
              false,
              null,
              io.floe.impl.write.ParquetSettings.MIN_PAGE_BYTES,
              Integer.MAX_VALUE));
    }
    ints(
        Kind.NON_NEGATIVE,
        TableProperties.COMMIT_NUM_RETRIES,
        TableProperties.COMMIT_NUM_STATUS_CHECKS,
        TableProperties.MANIFEST_MIN_MERGE_COUNT,
        TableProperties.METRICS_MAX_INFERRED_COLUMN_DEFAULTS);
    ints(
        Kind.AT_LEAST_ONE,
        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
        TableProperties.MIN_SNAPSHOTS_TO_KEEP);
    ints(
        Kind.ANY_INT,
        TableProperties.PARQUET_COMPRESSION_LEVEL,
        TableProperties.AVRO_COMPRESSION_LEVEL);

    COLUMN_RULES.put(
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX,
        new Rule(Kind.BOOLEAN, false, BOOLEAN));
    COLUMN_RULES.put(
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX, new Rule(Kind.FPP, false, null));
    COLUMN_RULES.put(
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX,
        new Rule(Kind.POSITIVE, true, null));
    COLUMN_RULES.put(
        TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX, new Rule(Kind.METRICS, false, null));
    COLUMN_RULES.put(
        io.floe.impl.write.ParquetSettings.DICTIONARY_ENABLED_PREFIX,
        new Rule(Kind.BOOLEAN, false, BOOLEAN));
    RULES.put(
        io.floe.impl.write.ParquetSettings.DICTIONARY_ENABLED,
        new Rule(Kind.BOOLEAN, false, BOOLEAN));
  }

  private PropertyChecks() {}

  private static void oneOf(String key, List<String> allowed) {
    RULES.put(key, new Rule(Kind.ENUM, false, allowed));
  }

  private static void longs(Kind kind, String... keys) {
    for (String key : keys) {
      RULES.put(key, new Rule(kind, true, null));
    }
  }

  private static void ints(Kind kind, String... keys) {
    for (String key : keys) {
      RULES.put(key, new Rule(kind, false, null));
    }
  }

  /**
   * Checks a properties update: every key it sets, and the bounds that pair keys with the
   * properties the table will have.
   *
   * @param table the table's full name
   * @param schema the table's schema, for the per-column properties
   * @param after the properties the table will have
   * @param sets the properties the update sets
   * @throws ValidationException naming the table, the property (and column) and the allowed values
   */
  static void checkUpdate(
      String table, Schema schema, Map<String, String> after, Map<String, String> sets) {
    check(table, schema, sets);
    String rules = sets.get(io.floe.quality.TableConstraints.PROPERTY);
    if (rules != null) {
      // rules set by hand are held to what updateConstraints() checks
      io.floe.impl.quality.ConstraintsUpdateImpl.validate(table, schema, rules);
    }
    Map<String, String> bounds = new HashMap<>();
    for (String key :
        List.of(
            TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT)) {
      if (after.containsKey(key)) {
        bounds.put(key, after.get(key));
      }
    }
    check(table, schema, bounds);
  }

  /**
   * Checks every known property of a table about to be created.
   *
   * @param table the table's full name
   * @param schema its schema, for the per-column properties
   * @param properties the properties
   * @throws ValidationException naming the table, the property (and column) and the allowed values
   */
  static void check(String table, Schema schema, Map<String, String> properties) {
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.isBlank()) {
        throw TableErrors.blankPropertyName(table, value);
      }
      Rule rule = RULES.get(key);
      if (rule != null) {
        checkValue(table, key, null, value, rule);
        continue;
      }
      if (key.startsWith(io.floe.impl.write.VariantShredding.PREFIX)) {
        String column = key.substring(io.floe.impl.write.VariantShredding.PREFIX.length());
        org.apache.iceberg.types.Types.NestedField field = schema.findField(column);
        String problem =
            field == null
                ? "the table has no column " + column
                : field.type().typeId() != org.apache.iceberg.types.Type.TypeID.VARIANT
                    ? "column " + column + " is " + field.type() + ", not variant"
                    : io.floe.impl.write.VariantShredding.check(value);
        if (problem != null) {
          throw new ValidationException(
              "Invalid table property "
                  + key
                  + "="
                  + value
                  + " for table "
                  + table
                  + ": "
                  + problem,
              table,
              column,
              null);
        }
        continue;
      }
      for (Map.Entry<String, Rule> prefix : COLUMN_RULES.entrySet()) {
        if (key.startsWith(prefix.getKey())) {
          String column = key.substring(prefix.getKey().length());
          if (schema.findField(column) == null) {
            throw TableErrors.propertyNamesNoColumn(table, key, column, columnNames(schema));
          }
          checkValue(table, key, column, value, prefix.getValue());
          break;
        }
      }
    }
    String min = properties.get(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT);
    String max = properties.get(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT);
    int minCount =
        min == null
            ? TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT_DEFAULT
            : Integer.parseInt(min);
    int maxCount =
        max == null
            ? TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT_DEFAULT
            : Integer.parseInt(max);
    if (maxCount < minCount) {
      throw TableErrors.maxBelowMin(
          table,
          TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT,
          maxCount,
          TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT,
          minCount);
    }
  }

  private static List<String> columnNames(Schema schema) {
    return schema.columns().stream().map(f -> f.name()).toList();
  }

  private static void checkValue(String table, String key, String column, String value, Rule rule) {
    String allowed;
    switch (rule.kind) {
      case ENUM, BOOLEAN -> {
        if (rule.allowed.contains(value.toLowerCase(Locale.ROOT))) {
          return;
        }
        allowed = "use " + String.join(", ", rule.allowed);
      }
      case METRICS -> {
        try {
          MetricsModes.fromString(value);
          return;
        } catch (RuntimeException e) {
          allowed = "use none, counts, truncate(n) with n > 0, or full";
        }
      }
      case FPP -> {
        try {
          double fpp = Double.parseDouble(value);
          if (fpp > 0 && fpp < 1) {
            return;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        allowed = "use a false-positive probability between 0 and 1, such as 0.01";
      }
      default -> {
        long n;
        try {
          n = rule.isLong ? Long.parseLong(value) : Integer.parseInt(value);
        } catch (NumberFormatException e) {
          n = Long.MIN_VALUE;
        }
        boolean ok =
            switch (rule.kind) {
              case RANGE -> n >= rule.min && n <= rule.max;
              case POSITIVE -> n > 0;
              case NON_NEGATIVE -> n >= 0;
              case AT_LEAST_ONE -> n >= 1;
              default -> n != Long.MIN_VALUE;
            };
        if (ok) {
          return;
        }
        String type = rule.isLong ? "whole number" : "whole number up to " + Integer.MAX_VALUE;
        allowed =
            switch (rule.kind) {
              case RANGE -> "use a whole number from " + rule.min + " to " + rule.max;
              case POSITIVE -> "use a " + type + " greater than 0";
              case NON_NEGATIVE -> "use a " + type + " of 0 or more";
              case AT_LEAST_ONE -> "use a " + type + " of 1 or more";
              default -> "use a " + type;
            };
      }
    }
    throw Errors.invalidTableProperty(table, key, column, value, allowed);
  }
}
