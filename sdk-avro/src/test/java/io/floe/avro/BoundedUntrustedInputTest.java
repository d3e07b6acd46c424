package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few bytes claiming huge lengths must fail fast with a {@link ValidationException}, never an
 * {@link OutOfMemoryError}. Runs in the {@code untrusted-input-256m} surefire fork ({@code
 * -Xmx256m}).
 */
class BoundedUntrustedInputTest {
  /** 2^30 as an Avro long: zig-zag 2^31, five varint bytes. */
  static final byte[] TWO_TO_30 = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

  static final Schema STRING = SchemaBuilder.record("S").fields().requiredString("s").endRecord();
  static final Schema BYTES = SchemaBuilder.record("B").fields().requiredBytes("b").endRecord();
  static final Schema INTS =
      SchemaBuilder.record("A")
          .fields()
          .name("a")
          .type()
          .array()
          .items()
          .intType()
          .noDefault()
          .endRecord();
  static final Schema NULLS =
      SchemaBuilder.record("N")
          .fields()
          .name("a")
          .type()
          .array()
          .items()
          .nullType()
          .noDefault()
          .endRecord();
  static final Schema MAP =
      SchemaBuilder.record("M")
          .fields()
          .name("m")
          .type()
          .map()
          .values()
          .intType()
          .noDefault()
          .endRecord();
  static final Schema LIST =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                  + "{\"name\":\"v\",\"type\":\"int\"},{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");

  @TempDir Path dir;

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void fiveBytesClaimingAGibibyteStringFailFast() {
    assertThat(TWO_TO_30).hasSize(5);
    assertThatThrownBy(() -> AvroCodec.generic(STRING).fromBinary(TWO_TO_30))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro binary as S")
        .hasMessageContaining("string of 1073741824 bytes claimed, but only 0 bytes are left");
    assertThatThrownBy(() -> AvroCodec.generic(BYTES).fromBinary(TWO_TO_30))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bytes of 1073741824 bytes claimed");
  }

  @Test
  void sixBytesClaimingTwoToThe30ItemsFailFast() {
    byte[] six = concat(TWO_TO_30, new byte[] {0});
    assertThat(six).hasSize(6);
    assertThatThrownBy(() -> AvroCodec.generic(INTS).fromBinary(six))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro binary as A")
        .hasMessageContaining("array of 1073741824 items claimed, but only 1 bytes are left");
    assertThatThrownBy(() -> AvroCodec.generic(MAP).fromBinary(six))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("map of 1073741824 items claimed");
    // items of no bytes are not bounded by the input, but by a limit
    assertThatThrownBy(() -> AvroCodec.generic(NULLS).fromBinary(six))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("array of 1073741824 items claimed")
        .hasMessageContaining(
            "limited to 1000000 by the system property floe.avro.limits.zeroByteItems");
    // a block with a byte count (negative item count) is checked the same way
    byte[] sized =
        concat(
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
            new byte[] {2, 0});
    assertThatThrownBy(() -> AvroCodec.generic(INTS).fromBinary(sized))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("items claimed");
  }

  @Test
  void legitimateValuesStillDecode() {
    GenericRecord nulls = new GenericData.Record(NULLS);
    nulls.put("a", Collections.nCopies(500_000, null));
    AvroCodec<GenericRecord> codec = AvroCodec.generic(NULLS);
    assertThat((List<?>) codec.fromBinary(codec.toBinary(nulls)).get("a")).hasSize(500_000);
    GenericRecord ints = new GenericData.Record(INTS);
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(i);
    }
    ints.put("a", values);
    AvroCodec<GenericRecord> intCodec = AvroCodec.generic(INTS);
    assertThat((List<?>) intCodec.fromBinary(intCodec.toBinary(ints)).get("a")).hasSize(100_000);
    assertThat((List<?>) intCodec.fromSingleObject(intCodec.toSingleObject(ints)).get("a"))
        .hasSize(100_000);
  }

  @Test
  void deeplyNestedRecursiveValuesFailWithoutStackOverflow() {
    // each level: v = 0 (one byte), union branch 1 (one byte)
    byte[] deep = new byte[400_002];
    for (int i = 0; i < 400_000; i += 2) {
      deep[i] = 0;
      deep[i + 1] = 2;
    }
    assertThatThrownBy(() -> AvroCodec.generic(LIST).fromBinary(deep))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro binary as Node");
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      json.append("{\"v\":0,\"next\":{\"Node\":");
    }
    assertThatThrownBy(() -> AvroCodec.generic(LIST).fromJson(json.toString()))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro JSON as Node");
  }

  @Test
  void singleObjectAndRegistryMessagesAreBounded() {
    byte[] header =
        ByteBuffer.allocate(10)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .putLong(SchemaNormalization.parsingFingerprint64(STRING))
            .array();
    assertThatThrownBy(() -> AvroCodec.generic(STRING).fromSingleObject(concat(header, TWO_TO_30)))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro single-object message as S")
        .hasMessageContaining("1073741824 bytes claimed");
    assertThatThrownBy(() -> AvroCodec.generic(STRING).fromSingleObject(new byte[] {(byte) 0xC3}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Not an Avro single-object message");

    RegistrySerde serde = RegistrySerde.of(new OneSchema(STRING));
    byte[] message = concat(new byte[] {0, 0, 0, 0, 1}, TWO_TO_30);
    assertThatThrownBy(() -> serde.deserialize(message))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot read the S body of the message")
        .hasMessageContaining("1073741824 bytes claimed");
    assertThatThrownBy(() -> serde.deserialize(message, STRING))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void containerFilesClaimingMoreThanTheyHoldFailFast() throws IOException {
    org.apache.iceberg.Schema table =
        new org.apache.iceberg.Schema(Types.NestedField.optional(1, "s", Types.StringType.get()));
    byte[] magic = {'O', 'b', 'j', 1};
    // header: one metadata entry whose value claims 1 GiB
    Path meta =
        Files.write(dir.resolve("meta.avro"), concat(magic, new byte[] {2, 2, 'x'}, TWO_TO_30));
    assertThatThrownBy(() -> AvroFiles.read(meta, table))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Corrupt Avro file " + meta)
        .hasMessageContaining("claims 1073741824 bytes")
        .satisfies(e -> assertThat(((ValidationException) e).file()).contains(meta.toString()));

    Path good = write("good.avro", CodecFactory.nullCodec(), 3);
    byte[] bytes = Files.readAllBytes(good);
    int headerEnd = headerEnd(bytes);
    // first block: 3 records in 2^30 bytes
    byte[] hugeBlock = concat(java.util.Arrays.copyOf(bytes, headerEnd), new byte[] {6}, TWO_TO_30);
    Path block = Files.write(dir.resolve("block.avro"), hugeBlock);
    assertThatThrownBy(() -> AvroFiles.read(block, table))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("block 0 claims 3 records in 1073741824 bytes");
    // first block: 2^30 records in its real size
    byte[] manyRecords =
        concat(
            java.util.Arrays.copyOf(bytes, headerEnd),
            TWO_TO_30,
            java.util.Arrays.copyOfRange(bytes, headerEnd + 1, bytes.length));
    Path records = Files.write(dir.resolve("records.avro"), manyRecords);
    assertThatThrownBy(() -> AvroFiles.read(records, table))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("claims 1073741824 records");

    assertThat(AvroFiles.read(good, table)).hasSize(3);
    assertThat(AvroFiles.read(write("deflate.avro", CodecFactory.deflateCodec(6), 3), table))
        .hasSize(3);
    assertThat(AvroFiles.read(write("snappy.avro", CodecFactory.snappyCodec(), 3), table))
        .hasSize(3);
    assertThat(AvroFiles.read(write("zstd.avro", CodecFactory.zstandardCodec(3), 3), table))
        .hasSize(3);
  }

  @Test
  void compressionBombsAreRefused() throws IOException {
    org.apache.iceberg.Schema table =
        new org.apache.iceberg.Schema(Types.NestedField.optional(1, "s", Types.StringType.get()));
    // one block of 100 MB of zeros: ~100 KB compressed, over the 64 MiB limit
    byte[] zeros = new byte[1 << 20];
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream out =
        new java.util.zip.DeflaterOutputStream(deflated, new java.util.zip.Deflater(9, true))) {
      for (int i = 0; i < 100; i++) {
        out.write(zeros);
      }
    }
    ByteArrayOutputStream zstd = new ByteArrayOutputStream();
    try (com.github.luben.zstd.ZstdOutputStream out =
        new com.github.luben.zstd.ZstdOutputStream(zstd, 19)) {
      for (int i = 0; i < 100; i++) {
        out.write(zeros);
      }
    }
    Map<CodecFactory, byte[]> bombs =
        Map.of(
            CodecFactory.deflateCodec(9),
            deflated.toByteArray(),
            CodecFactory.zstandardCodec(19),
            zstd.toByteArray());
    for (Map.Entry<CodecFactory, byte[]> bomb : bombs.entrySet()) {
      byte[] header =
          Files.readAllBytes(write("header-" + bomb.getKey() + ".avro", bomb.getKey(), 0));
      byte[] sync = java.util.Arrays.copyOfRange(header, header.length - 16, header.length);
      ByteArrayOutputStream block = new ByteArrayOutputStream();
      org.apache.avro.io.BinaryEncoder e =
          org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(block, null);
      e.writeLong(1);
      e.writeLong(bomb.getValue().length);
      e.flush();
      Path file =
          Files.write(
              dir.resolve("bomb-" + bomb.getKey() + ".avro"),
              concat(header, block.toByteArray(), bomb.getValue(), sync));
      assertThat(Files.size(file)).isLessThan(1_000_000);
      assertThatThrownBy(() -> AvroFiles.read(file, table))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("block 0 decompresses to more than 67108864 bytes");
    }
  }

  private Path write(String name, CodecFactory codec, int rows) throws IOException {
    Schema schema = SchemaBuilder.record("S").fields().optionalString("s").endRecord();
    Path file = dir.resolve(name);
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(codec);
      writer.create(schema, file.toFile());
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("s", "row " + i);
        writer.append(r);
      }
    }
    return file;
  }

  /** Where the first block starts: after the magic, the metadata map and the 16-byte sync. */
  static int headerEnd(byte[] file) throws IOException {
    org.apache.avro.io.BinaryDecoder d =
        org.apache.avro.io.DecoderFactory.get()
            .directBinaryDecoder(new java.io.ByteArrayInputStream(file), null);
    d.skipFixed(4);
    for (long n = d.readMapStart(); n > 0; n = d.mapNext()) {
      for (long i = 0; i < n; i++) {
        d.skipString();
        d.skipBytes();
      }
    }
    d.skipFixed(16);
    return file.length - d.inputStream().available();
  }

  /** A registry that knows one schema, id 1. */
  record OneSchema(Schema schema) implements SchemaRegistry {
    @Override
    public int register(String subject, Schema s) {
      return 1;
    }

    @Override
    public Schema schemaById(int id) {
      return schema;
    }

    @Override
    public Optional<RegisteredSchema> latest(String subject) {
      return Optional.empty();
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema s) {
      return Optional.empty();
    }

    @Override
    public List<Integer> versions(String subject) {
      return List.of();
    }

    @Override
    public boolean isCompatible(String subject, Schema s) {
      return true;
    }
  }
}
