package io.floe.jmh;

import io.floe.avro.AvroCodec;
import io.floe.avro.AvroRows;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Avro encode and decode throughput of sdk-avro's {@link AvroCodec}, in records per second, for
 * Avro generic records (binary and JSON) and Iceberg rows (binary, including the row conversion).
 * Each invocation handles {@value #RECORDS} records of an 8-column event schema.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AvroSerdeBenchmark {
  static final int RECORDS = 1000;

  private AvroCodec<GenericRecord> generic;
  private AvroCodec<Record> rows;
  private List<GenericRecord> records;
  private List<Record> icebergRows;
  private List<byte[]> binary;
  private List<String> json;

  @Setup
  public void setup() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "category", Types.StringType.get()),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(5, "score", Types.DoubleType.get()),
            Types.NestedField.optional(6, "flag", Types.BooleanType.get()),
            Types.NestedField.optional(7, "count", Types.IntegerType.get()),
            Types.NestedField.optional(
                8, "tags", Types.ListType.ofOptional(9, Types.StringType.get())));
    AvroRows converter = AvroRows.of(schema, "io.floe.jmh.Event");
    generic = AvroCodec.generic(converter.avroSchema());
    rows = AvroCodec.rows(converter);
    Random random = new Random(42);
    records = new ArrayList<>();
    icebergRows = new ArrayList<>();
    binary = new ArrayList<>();
    json = new ArrayList<>();
    String[] categories = {"books", "music", "games", "garden"};
    for (int i = 0; i < RECORDS; i++) {
      Record row = org.apache.iceberg.data.GenericRecord.create(schema);
      row.set(0, (long) i);
      row.set(
          1,
          OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
              .plusSeconds(random.nextInt(1_000_000)));
      row.set(2, categories[random.nextInt(categories.length)]);
      row.set(3, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      row.set(4, random.nextDouble());
      row.set(5, random.nextBoolean());
      row.set(6, random.nextInt());
      row.set(7, List.of("a", "b" + random.nextInt(10)));
      icebergRows.add(row);
      GenericRecord record = converter.toAvro(row);
      records.add(record);
      binary.add(generic.toBinary(record));
      json.add(generic.toJson(record));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void binaryEncode(Blackhole bh) {
    for (GenericRecord record : records) {
      bh.consume(generic.toBinary(record));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void binaryDecode(Blackhole bh) {
    for (byte[] bytes : binary) {
      bh.consume(generic.fromBinary(bytes));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void jsonEncode(Blackhole bh) {
    for (GenericRecord record : records) {
      bh.consume(generic.toJson(record));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void jsonDecode(Blackhole bh) {
    for (String text : json) {
      bh.consume(generic.fromJson(text));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void rowBinaryEncode(Blackhole bh) {
    for (Record row : icebergRows) {
      bh.consume(rows.toBinary(row));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void rowBinaryDecode(Blackhole bh) {
    for (byte[] bytes : binary) {
      bh.consume(rows.fromBinary(bytes));
    }
  }
}
