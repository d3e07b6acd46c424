package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.FloeConfig;
import io.floe.FloeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds random and adversarial inputs to every decoder of untrusted bytes (Avro binary with and
 * without schema resolution, Avro JSON, single-object and schema registry messages, {@code .avro}
 * container files, YAML and properties configuration files) in the {@code -Xmx256m} fork: each
 * input is decoded or rejected with a typed exception, never an {@link Error}, within a bounded
 * time. The seed is printed; rerun one with {@code -Dfuzz.seed=N}.
 */
class DecoderFuzzUntrustedInputTest {
  private static final int INPUTS = 100_000;
  private static final int FILE_INPUTS = 1_500;

  /**
   * Generous for GC pauses on a loaded two-core machine; a decoder stuck in a huge loop takes far
   * longer.
   */
  private static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

  private static final Schema EVERYTHING =
      new Schema.Parser()
          .parse(
              """
      {"type":"record","name":"Everything","fields":[
        {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
        {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"s","type":"string"},
        {"name":"y","type":"bytes"},{"name":"x","type":{"type":"fixed","name":"F","size":4}},
        {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},
        {"name":"a","type":{"type":"array","items":"string"}},
        {"name":"n","type":{"type":"array","items":"null"}},
        {"name":"m","type":{"type":"map","values":["null","long"]}},
        {"name":"u","type":["null","string","int"]},
        {"name":"r","type":{"type":"record","name":"Inner","fields":[{"name":"v","type":{"type":"array","items":"bytes"}}]}}
      ]}""");
  private static final Schema LIST = BoundedUntrustedInputTest.LIST;

  /** An older writer of EVERYTHING: fewer fields, int where the reader has long. */
  private static final Schema OLDER =
      new Schema.Parser()
          .parse(
              """
      {"type":"record","name":"Everything","fields":[
        {"name":"i","type":"int"},{"name":"l","type":"int"},{"name":"s","type":"string"},
        {"name":"skip","type":{"type":"map","values":{"type":"array","items":"string"}}}
      ]}""");

  private static final Schema OLDER_READER =
      new Schema.Parser()
          .parse(
              """
      {"type":"record","name":"Everything","fields":[
        {"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"s","type":"string"},
        {"name":"extra","type":"string","default":"x"}
      ]}""");

  /** Varints that claim huge or odd lengths: 2^30, -1, Long.MAX, 2^62, a 10-byte overlong one. */
  private static final byte[][] CLAIMS = {
    BoundedUntrustedInputTest.TWO_TO_30,
    {1},
    {
      (byte) 0xfe,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      0x01
    },
    {
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      0x01
    },
    {
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      0x7f
    },
  };

  @TempDir Path dir;

  private final Map<String, Integer> outcomes = new HashMap<>();
  private final Map<String, Long> millisPerDecoder = new java.util.TreeMap<>();
  private long slowest;
  private String slowestInput = "";

  @Test
  void decodersRejectRandomAndAdversarialInputsWithTypedExceptionsInBoundedTime()
      throws IOException {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("DecoderFuzzUntrustedInputTest seed " + seed);
    Random random = new Random(seed);

    AvroCodec<GenericRecord> everything = AvroCodec.generic(EVERYTHING);
    AvroCodec<GenericRecord> list = AvroCodec.generic(LIST);
    AvroCodec<GenericRecord> older = AvroCodec.generic(OLDER_READER).withKnownSchema(OLDER);
    RegistrySerde serde = RegistrySerde.of(new BoundedUntrustedInputTest.OneSchema(EVERYTHING));
    List<byte[]> binarySeeds = new ArrayList<>();
    List<String> jsonSeeds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      GenericRecord value = generate(EVERYTHING, random);
      binarySeeds.add(everything.toBinary(value));
      jsonSeeds.add(everything.toJson(value));
    }
    byte[] listSeed = list.toBinary(generate(LIST, random));
    byte[] olderSeed = AvroCodec.generic(OLDER).toBinary(generate(OLDER, random));

    long start = System.nanoTime();
    long cpuStart =
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    int inputs = 0;
    while (inputs < INPUTS) {
      byte[] seedBytes = binarySeeds.get(random.nextInt(binarySeeds.size()));
      byte[] input = random.nextInt(4) == 0 ? randomBytes(random, 64) : mutate(random, seedBytes);
      switch (inputs % 16) {
        case 0, 1, 2, 3, 4 -> run("binary", input, everything::fromBinary);
        case 5, 6 ->
            run("binary-resolved", mutate(random, olderSeed), b -> older.fromBinary(b, OLDER));
        case 7, 8 ->
            run(
                "binary-recursive",
                random.nextBoolean() ? mutate(random, listSeed) : randomBytes(random, 256),
                list::fromBinary);
        case 9, 10 -> {
          byte[] message = random.nextInt(8) == 0 ? input : concat(header(random), input);
          run(
              "single-object",
              message,
              random.nextBoolean() ? everything::fromSingleObject : older::fromSingleObject);
        }
        case 11, 12 ->
            run(
                "registry",
                random.nextInt(8) == 0 ? input : concat(new byte[] {0, 0, 0, 0, 1}, input),
                b -> serde.deserialize(b));
        case 13, 14 -> {
          String json = mutateText(random, jsonSeeds.get(random.nextInt(jsonSeeds.size())));
          run("json", json.getBytes(StandardCharsets.UTF_8), b -> everything.fromJson(json));
        }
        default -> {
          String json = deepJson(random);
          run("json-recursive", json.getBytes(StandardCharsets.UTF_8), b -> list.fromJson(json));
        }
      }
      inputs++;
    }

    org.apache.iceberg.Schema table =
        new org.apache.iceberg.Schema(
            Types.NestedField.optional(1, "s", Types.StringType.get()),
            Types.NestedField.optional(2, "i", Types.IntegerType.get()));
    Schema fileSchema =
        org.apache.avro.SchemaBuilder.record("Row")
            .fields()
            .optionalString("s")
            .optionalInt("i")
            .endRecord();
    List<byte[]> fileSeeds =
        List.of(
            containerFile(fileSchema, CodecFactory.nullCodec(), random),
            containerFile(fileSchema, CodecFactory.deflateCodec(6), random),
            containerFile(fileSchema, CodecFactory.snappyCodec(), random));
    Path file = dir.resolve("fuzz.avro");
    Path yaml = dir.resolve("floe.yaml");
    Path properties = dir.resolve("floe.properties");
    String yamlSeed =
        "catalog:\n  prod:\n    type: rest\n    uri: http://127.0.0.1:8181\n    s3.endpoint: x\n";
    String propertiesSeed = "catalog.prod.type=rest\ncatalog.prod.uri=http://127.0.0.1:8181\n";
    for (int i = 0; i < FILE_INPUTS; i++) {
      switch (i % 3) {
        case 0 -> {
          byte[] bytes = mutate(random, fileSeeds.get(random.nextInt(fileSeeds.size())));
          Files.write(file, bytes);
          run("avro-file", bytes, b -> AvroFiles.read(file, table));
        }
        case 1 -> {
          String text =
              random.nextInt(4) == 0 ? adversarialYaml(random) : mutateText(random, yamlSeed);
          Files.writeString(yaml, text);
          run("yaml", text.getBytes(StandardCharsets.UTF_8), b -> FloeConfig.fromFile(yaml));
        }
        default -> {
          byte[] bytes = mutate(random, propertiesSeed.getBytes(StandardCharsets.ISO_8859_1));
          Files.write(properties, bytes);
          run("properties", bytes, b -> FloeConfig.fromFile(properties));
        }
      }
      inputs++;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long cpuMillis =
        (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                - cpuStart)
            / 1_000_000;
    System.out.printf(
        "DecoderFuzzUntrustedInputTest: %,d inputs in %,d ms wall, %,d ms CPU (max heap %d MiB),"
            + " slowest %.1f ms (%s); outcomes %s%n",
        inputs,
        millis,
        cpuMillis,
        Runtime.getRuntime().maxMemory() >> 20,
        slowest / 1e6,
        slowestInput,
        new java.util.TreeMap<>(outcomes));
    System.out.println("DecoderFuzzUntrustedInputTest: ms per decoder " + millisPerDecoder);
    assertThat(inputs).isGreaterThanOrEqualTo(100_000);
    assertThat(slowest).as("slowest input " + slowestInput).isLessThan(MAX_NANOS_PER_INPUT);
    // the inputs reached the decoders: most were rejected, some decoded
    assertThat(outcomes.keySet()).anyMatch(k -> k.endsWith("ValidationException"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.endsWith(" ok"));
  }

  private void run(String decoder, byte[] input, Consumer<byte[]> decode) {
    long t0 = System.nanoTime();
    String outcome;
    try {
      decode.accept(input);
      outcome = "ok";
    } catch (FloeException e) {
      outcome = e.getClass().getSimpleName();
    } catch (IllegalArgumentException e) {
      // FloeConfig.fromFile documents IllegalArgumentException for malformed files
      if (!decoder.equals("yaml") && !decoder.equals("properties")) {
        throw new AssertionError(decoder + " threw " + e + " for " + hex(input), e);
      }
      outcome = "IllegalArgumentException";
    } catch (Throwable e) {
      throw new AssertionError(decoder + " threw " + e + " for " + hex(input), e);
    }
    long took = System.nanoTime() - t0;
    if (took > slowest) {
      slowest = took;
      slowestInput = decoder + " " + hex(input);
    }
    outcomes.merge(decoder + " " + outcome, 1, Integer::sum);
    millisPerDecoder.merge(decoder, took / 1_000_000, Long::sum);
  }

  /** A random value of a schema (unions of a recursive schema pick null past depth 5). */
  static GenericRecord generate(Schema schema, Random random) {
    return (GenericRecord) value(schema, random, 0);
  }

  private static Object value(Schema schema, Random random, int depth) {
    switch (schema.getType()) {
      case RECORD -> {
        GenericRecord r = new GenericData.Record(schema);
        schema.getFields().forEach(f -> r.put(f.pos(), value(f.schema(), random, depth + 1)));
        return r;
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(schema.getElementType(), random, depth + 1));
        }
        return items;
      }
      case MAP -> {
        Map<String, Object> map = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + random.nextInt(100), value(schema.getValueType(), random, depth + 1));
        }
        return map;
      }
      case UNION -> {
        List<Schema> types = schema.getTypes();
        return value(
            depth > 5 ? types.get(0) : types.get(random.nextInt(types.size())), random, depth + 1);
      }
      case ENUM -> {
        return new GenericData.EnumSymbol(
            schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
      }
      case FIXED -> {
        byte[] b = new byte[schema.getFixedSize()];
        random.nextBytes(b);
        return new GenericData.Fixed(schema, b);
      }
      case STRING -> {
        return "s" + random.nextInt();
      }
      case BYTES -> {
        return ByteBuffer.wrap(randomBytes(random, 8));
      }
      case INT -> {
        return random.nextInt();
      }
      case LONG -> {
        return random.nextLong();
      }
      case FLOAT -> {
        return random.nextFloat();
      }
      case DOUBLE -> {
        return random.nextDouble();
      }
      case BOOLEAN -> {
        return random.nextBoolean();
      }
      default -> {
        return null;
      }
    }
  }

  private static byte[] randomBytes(Random random, int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  /** Flips, inserts, deletes, truncates, or plants a huge length claim. */
  static byte[] mutate(Random random, byte[] seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(seed);
    byte[] b = out.toByteArray();
    int edits = 1 + random.nextInt(4);
    for (int k = 0; k < edits; k++) {
      int at = b.length == 0 ? 0 : random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0 -> {
          if (b.length > 0) {
            b[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> b = splice(b, at, 0, new byte[] {(byte) random.nextInt(256)});
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        case 3 ->
            b =
                splice(
                    b,
                    at,
                    Math.min(b.length - at, 1 + random.nextInt(5)),
                    CLAIMS[random.nextInt(CLAIMS.length)]);
        default -> b = splice(b, at, 0, CLAIMS[random.nextInt(CLAIMS.length)]);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    ByteBuffer out = ByteBuffer.allocate(b.length - remove + insert.length);
    out.put(b, 0, at).put(insert).put(b, at + remove, b.length - at - remove);
    return out.array();
  }

  private static String mutateText(Random random, String seed) {
    StringBuilder s = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    String[] inserts = {
      "{",
      "[",
      "]",
      "}",
      "\"",
      ":",
      "null",
      "1e999999",
      "-",
      "\\u0000",
      "&a",
      "*a",
      "!!binary",
      "\n  ",
      "\t",
      "\uFFFF",
      "99999999999999999999",
      ",",
      "#"
    };
    for (int k = 0; k < edits; k++) {
      int at = random.nextInt(s.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> s.insert(at, inserts[random.nextInt(inserts.length)]);
        case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }

  private static String deepJson(Random random) {
    int depth = random.nextInt(16) == 0 ? 1_000 + random.nextInt(500) : random.nextInt(50);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      s.append("{\"v\":").append(i).append(",\"next\":{\"Node\":");
    }
    s.append("{\"v\":0,\"next\":null}");
    if (random.nextBoolean()) {
      s.append("}}".repeat(depth));
    }
    return s.toString();
  }

  private static String adversarialYaml(Random random) {
    switch (random.nextInt(4)) {
      case 0 -> {
        // billion laughs
        StringBuilder s = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i < 10; i++) {
          s.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
          for (int j = 0; j < 10; j++) {
            s.append(j == 0 ? "" : ",").append('*').append((char) ('a' + i - 1));
          }
          s.append("]\n");
        }
        return s.append("catalog: *j\n").toString();
      }
      case 1 -> {
        return "catalog: " + "[".repeat(5_000 + random.nextInt(20_000));
      }
      case 2 -> {
        return "catalog:\n  prod: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
      }
      default -> {
        return "catalog:\n  prod:\n    type: rest\n    big: "
            + "x".repeat((1 << 20) + random.nextInt(1000))
            + "\n";
      }
    }
  }

  private static byte[] header(Random random) {
    long fingerprint =
        random.nextInt(3) == 0
            ? random.nextLong()
            : random.nextBoolean()
                ? org.apache.avro.SchemaNormalization.parsingFingerprint64(EVERYTHING)
                : org.apache.avro.SchemaNormalization.parsingFingerprint64(OLDER);
    return ByteBuffer.allocate(10)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(fingerprint)
        .array();
  }

  private static byte[] containerFile(Schema schema, CodecFactory codec, Random random)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(codec);
      writer.setSyncInterval(64);
      writer.create(schema, out);
      for (int i = 0; i < 10; i++) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("s", "row " + random.nextInt());
        r.put("i", i);
        writer.append(r);
      }
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return BoundedUntrustedInputTest.concat(a, b);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 48); i++) {
      s.append(String.format("%02x", b[i]));
    }
    return s.append(b.length > 48 ? "... (" + b.length + " bytes)" : "").toString();
  }
}
