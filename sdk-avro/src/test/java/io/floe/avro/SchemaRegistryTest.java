package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Confluent client and wire format against a small in-process registry that implements the
 * endpoints the client uses: ids global and stable per schema, versions per subject, BACKWARD
 * checks with Avro's own SchemaCompatibility, Confluent's error codes, optional basic auth.
 */
class SchemaRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema V1 =
      SchemaBuilder.record("User").fields().requiredLong("id").endRecord();
  private static final Schema V2 =
      SchemaBuilder.record("User")
          .fields()
          .requiredLong("id")
          .name("name")
          .type()
          .stringType()
          .stringDefault("")
          .endRecord();
  private static final Schema BAD =
      SchemaBuilder.record("User")
          .fields()
          .requiredLong("id")
          .requiredString("country")
          .endRecord();

  private HttpServer server;
  private final List<Schema> schemas = new ArrayList<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private String requiredAuth;
  private int requests;
  private ConfluentSchemaRegistry registry;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    registry = ConfluentSchemaRegistry.builder(uri()).timeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    requests++;
    try {
      if (requiredAuth != null
          && !requiredAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, error(40101, "Unauthorized"));
        return;
      }
      String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/");
      String method = exchange.getRequestMethod();
      JsonNode body = "POST".equals(method) ? JSON.readTree(exchange.getRequestBody()) : null;
      if (parts[0].equals("schemas") && parts.length == 3) {
        int id = Integer.parseInt(parts[2]);
        if (id < 1 || id > schemas.size()) {
          reply(exchange, 404, error(40403, "Schema " + id + " not found"));
        } else {
          reply(
              exchange,
              200,
              JSON.createObjectNode().put("schema", schemas.get(id - 1).toString()).toString());
        }
        return;
      }
      if (parts[0].equals("compatibility")) {
        String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        List<Integer> versions = subjects.get(subject);
        Schema candidate = new Schema.Parser().parse(body.get("schema").asText());
        boolean ok =
            versions == null
                || backward(candidate, schemas.get(versions.get(versions.size() - 1) - 1));
        reply(exchange, 200, JSON.createObjectNode().put("is_compatible", ok).toString());
        return;
      }
      String subject = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      List<Integer> versions = subjects.get(subject);
      if ("POST".equals(method) && parts.length == 3) { // register
        Schema schema;
        try {
          schema = new Schema.Parser().parse(body.get("schema").asText());
        } catch (RuntimeException e) {
          reply(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
          return;
        }
        int id = schemas.indexOf(schema) + 1;
        if (versions != null && versions.contains(id)) {
          reply(exchange, 200, "{\"id\":" + id + "}");
          return;
        }
        if (versions != null
            && !backward(schema, schemas.get(versions.get(versions.size() - 1) - 1))) {
          reply(
              exchange,
              409,
              error(409, "Schema being registered is incompatible with an earlier schema"));
          return;
        }
        if (id == 0) {
          schemas.add(schema);
          id = schemas.size();
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        reply(exchange, 200, "{\"id\":" + id + "}");
        return;
      }
      if (versions == null) {
        reply(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      if ("POST".equals(method)) { // lookup
        Schema schema = new Schema.Parser().parse(body.get("schema").asText());
        int id = schemas.indexOf(schema) + 1;
        if (!versions.contains(id)) {
          reply(exchange, 404, error(40403, "Schema not found"));
          return;
        }
        reply(exchange, 200, version(subject, versions.indexOf(id) + 1, id));
      } else if (parts.length == 3) {
        reply(
            exchange,
            200,
            JSON.writeValueAsString(
                java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList()));
      } else {
        int version = parts[3].equals("latest") ? versions.size() : Integer.parseInt(parts[3]);
        reply(exchange, 200, version(subject, version, versions.get(version - 1)));
      }
    } catch (RuntimeException e) {
      reply(exchange, 500, error(50001, "Error in the backend data store: " + e));
    }
  }

  private static boolean backward(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  private String version(String subject, int version, int id) {
    return JSON.createObjectNode()
        .put("subject", subject)
        .put("version", version)
        .put("id", id)
        .put("schema", schemas.get(id - 1).toString())
        .toString();
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void registersLooksUpAndListsVersions() {
    int id1 = registry.register("users-value", V1);
    int id2 = registry.register("users-value", V2);

    assertThat(id1).isEqualTo(1);
    assertThat(id2).isEqualTo(2);
    assertThat(registry.register("users-value", V1)).isEqualTo(1);
    assertThat(registry.versions("users-value")).containsExactly(1, 2);
    assertThat(registry.latest("users-value"))
        .contains(new RegisteredSchema("users-value", 2, 2, V2));
    assertThat(registry.lookup("users-value", V1))
        .contains(new RegisteredSchema("users-value", 1, 1, V1));
    assertThat(registry.schemaById(2)).isEqualTo(V2);
    assertThat(registry.isCompatible("users-value", V2)).isTrue();
    assertThat(registry.isCompatible("users-value", BAD)).isFalse();
    assertThat(registry.isCompatible("new-subject", BAD)).isTrue();
  }

  @Test
  void missingThingsAreEmptyOrNotFound() {
    assertThat(registry.latest("nope")).isEmpty();
    assertThat(registry.versions("nope")).isEmpty();
    assertThat(registry.lookup("nope", V1)).isEmpty();
    registry.register("users-value", V1);
    assertThat(registry.lookup("users-value", V2)).isEmpty();
    assertThatThrownBy(() -> registry.schemaById(99))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("The schema registry has no schema with id 99");
  }

  @Test
  void incompatibleSchemasAreRejected() {
    registry.register("users-value", V1);

    assertThatThrownBy(() -> registry.register("users-value", BAD))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(
            "Schema registry refused to register a schema under subject users-value: Schema"
                + " being registered is incompatible with an earlier schema (HTTP 409, error 409)");
  }

  @Test
  void cachesSchemasById() {
    registry.register("users-value", V1);
    ConfluentSchemaRegistry fresh = ConfluentSchemaRegistry.builder(uri()).build();
    int before = requests;

    fresh.schemaById(1);
    fresh.schemaById(1);

    assertThat(requests - before).isEqualTo(1);
  }

  @Test
  void basicAuthIsSentAndFailuresNameNoSecret() {
    requiredAuth =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString("u:s3cret".getBytes(StandardCharsets.UTF_8));
    ConfluentSchemaRegistry authed =
        ConfluentSchemaRegistry.builder(uri()).basicAuth("u", "s3cret").build();
    ConfluentSchemaRegistry wrong =
        ConfluentSchemaRegistry.builder(uri()).basicAuth("u", "bad").build();

    assertThat(authed.register("s", V1)).isEqualTo(1);
    assertThatThrownBy(() -> wrong.register("s", V2))
        .isInstanceOf(FloeException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check the registry credentials")
        .hasMessageNotContaining("bad");
    assertThatThrownBy(() -> ConfluentSchemaRegistry.builder(URI.create("http://u:p@127.0.0.1:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Schema registry URL must not hold credentials; use basicAuth(user, password) instead");
    assertThatThrownBy(() -> ConfluentSchemaRegistry.builder(URI.create("ftp://127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Schema registry URL must be http or https");
    assertThatThrownBy(() -> ConfluentSchemaRegistry.builder(uri()).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Timeout must be positive: PT0S");
  }

  @Test
  void endlessAnswersAreCutOff() throws IOException {
    HttpServer endless = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endless.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[1 << 20];
          java.util.Arrays.fill(chunk, (byte) ' ');
          try (var out = exchange.getResponseBody()) {
            for (int i = 0; i < 64; i++) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // the client stopped reading
          }
        });
    endless.start();
    try {
      ConfluentSchemaRegistry registry =
          ConfluentSchemaRegistry.builder(
                  URI.create("http://127.0.0.1:" + endless.getAddress().getPort()))
              .build();
      assertThatThrownBy(() -> registry.schemaById(1))
          .isInstanceOf(FloeIOException.class)
          .hasMessageContaining("answer is larger than 16777216 bytes");
    } finally {
      endless.stop(0);
    }
  }

  @Test
  void unreachableRegistryIsAnIoError() {
    server.stop(0);
    ConfluentSchemaRegistry gone =
        ConfluentSchemaRegistry.builder(uri())
            .httpClient(java.net.http.HttpClient.newHttpClient())
            .build();

    assertThatThrownBy(() -> gone.schemaById(1))
        .isInstanceOf(FloeIOException.class)
        .hasMessageStartingWith("Cannot reach the schema registry to fetch schema id 1")
        .satisfies(
            e -> assertThat(((FloeIOException) e).operation()).isEqualTo("GET /schemas/ids/1"));
  }

  @Test
  void serdeWritesTheWireFormatAndResolvesSchemas() {
    RegistrySerde serde = RegistrySerde.of(registry);
    GenericRecord user = new GenericData.Record(V1);
    user.put("id", 7L);

    byte[] message = serde.serialize("users-value", user);

    assertThat(message).startsWith(0, 0, 0, 0, 1).hasSize(6);
    assertThat(RegistrySerde.schemaId(message)).isEqualTo(1);
    assertThat(serde.deserialize(message)).isEqualTo(user);
    GenericRecord asV2 = serde.deserialize(message, V2);
    assertThat(asV2.get("id")).isEqualTo(7L);
    assertThat(asV2.get("name").toString()).isEmpty();
    assertThat(
            serde.deserialize(
                    serde.serialize("events-value", new TestEvent(3L, "x")), TestEvent.class)
                .id)
        .isEqualTo(3L);
  }

  @Test
  void serdeRejectsMalformedMessages() {
    RegistrySerde serde = RegistrySerde.of(registry);
    registry.register("users-value", V1);

    assertThatThrownBy(() -> serde.deserialize(new byte[] {0, 0, 0}))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Not a schema registry message: 3 bytes, shorter than the 5-byte header (magic byte 0 and"
                + " schema id)");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {1, 0, 0, 0, 1, 2}))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Not a schema registry message: it starts with byte 1 instead of the magic byte 0");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {0, 0, 0, 0, 1}))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot read the User body of the message");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {0, 0, 0, 0, 1, 2, 3}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bytes left over");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {0, 0, 0, 0, 9, 2}))
        .isInstanceOf(NotFoundException.class);
    GenericRecord incomplete = new GenericData.Record(BAD);
    incomplete.put("id", 1L);
    assertThatThrownBy(() -> serde.serialize("users-value", incomplete))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("HTTP 409");
  }
}
