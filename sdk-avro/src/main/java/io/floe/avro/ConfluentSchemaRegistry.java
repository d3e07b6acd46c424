package io.floe.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.FloeIOException;
import io.floe.FloeInterruptedException;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistry} client for the Confluent-compatible schema registry REST API (also
 * served by Redpanda, Karapace and Apicurio's compatibility layer), using the JDK's HTTP client.
 *
 * <p>Schemas fetched by id are cached, as ids never change; registrations are cached per subject
 * and schema. HTTP 404 becomes an empty result or {@link NotFoundException}, 409 (incompatible) and
 * 422 (invalid schema) become {@link ValidationException}, other failures {@link FloeIOException}
 * naming the request (never the credentials).
 *
 * <p>Thread-safe; share one per registry.
 *
 * <pre>{@code
 * SchemaRegistry registry = ConfluentSchemaRegistry.builder(URI.create("http://127.0.0.1:8081"))
 *     .basicAuth("user", "secret")
 *     .build();
 * }</pre>
 */
public final class ConfluentSchemaRegistry implements SchemaRegistry {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The largest answer read from the registry; schemas are KBs, an endless answer must not fill the
   * heap.
   */
  static final int MAX_RESPONSE_BYTES = 16 << 20;

  private final URI baseUri;
  private final HttpClient client;
  private final Duration timeout;
  private final String authorization;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> registered = new ConcurrentHashMap<>();

  private ConfluentSchemaRegistry(Builder builder) {
    String base = builder.baseUri.toString();
    this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
    this.client =
        builder.client != null
            ? builder.client
            : HttpClient.newBuilder().connectTimeout(builder.timeout).build();
    this.timeout = builder.timeout;
    this.authorization = builder.authorization;
  }

  /**
   * Starts configuring a client.
   *
   * @param baseUri the registry's base URL, such as {@code http://127.0.0.1:8081}; must not hold
   *     credentials (use {@link Builder#basicAuth})
   * @return a new builder
   * @throws IllegalArgumentException when the URL is not http(s) or holds credentials
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Configures a {@link ConfluentSchemaRegistry}; mutable and not thread-safe. */
  public static final class Builder {
    private final URI baseUri;
    private HttpClient client;
    private Duration timeout = Duration.ofSeconds(30);
    private String authorization;

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme = baseUri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException(
            "Schema registry URL must be http or https: " + baseUri.getHost());
      }
      if (baseUri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "Schema registry URL must not hold credentials; use basicAuth(user, password) instead");
      }
      this.baseUri = baseUri;
    }

    /**
     * Sends HTTP basic authentication with each request.
     *
     * @param user the user name
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      this.authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Sets the timeout of each request (30 seconds by default).
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("Timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Uses a given HTTP client (for proxies or TLS settings) instead of a new default one.
     *
     * @param client the HTTP client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return a new client
     */
    public ConfluentSchemaRegistry build() {
      return new ConfluentSchemaRegistry(this);
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    Map<Schema, Integer> cache =
        registered.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = cache.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode response =
        send(
            "POST",
            "subjects/" + encode(subject) + "/versions",
            schemaBody(schema),
            "register a schema under subject " + subject);
    int id = response == null ? -1 : response.path("id").asInt(-1);
    if (id < 0) {
      throw AvroErrors.registryAnswerWithoutId(baseUri.getHost(), response);
    }
    cache.put(schema, id);
    byId.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode response = send("GET", "schemas/ids/" + id, null, "fetch schema id " + id);
    if (response == null) {
      throw AvroErrors.noSchemaWithId(id);
    }
    Schema schema = parse(response, "schema id " + id);
    byId.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public Optional<RegisteredSchema> latest(String subject) {
    Objects.requireNonNull(subject, "subject");
    JsonNode response =
        send(
            "GET",
            "subjects/" + encode(subject) + "/versions/latest",
            null,
            "fetch the latest schema of subject " + subject);
    return Optional.ofNullable(response).map(r -> registeredSchema(subject, r));
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    JsonNode response =
        send(
            "POST",
            "subjects/" + encode(subject),
            schemaBody(schema),
            "look up a schema in subject " + subject);
    return Optional.ofNullable(response).map(r -> registeredSchema(subject, r));
  }

  @Override
  public List<Integer> versions(String subject) {
    Objects.requireNonNull(subject, "subject");
    JsonNode response =
        send(
            "GET",
            "subjects/" + encode(subject) + "/versions",
            null,
            "list the versions of subject " + subject);
    List<Integer> versions = new ArrayList<>();
    if (response != null) {
      response.forEach(v -> versions.add(v.asInt()));
    }
    return List.copyOf(versions);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    JsonNode response =
        send(
            "POST",
            "compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema),
            "check compatibility with subject " + subject);
    return response == null || response.path("is_compatible").asBoolean(false);
  }

  private RegisteredSchema registeredSchema(String subject, JsonNode response) {
    int id = response.path("id").asInt();
    Schema schema = parse(response, "schema id " + id);
    byId.putIfAbsent(id, schema);
    return new RegisteredSchema(
        response.path("subject").asText(subject), id, response.path("version").asInt(), schema);
  }

  private static Schema parse(JsonNode response, String what) {
    String type = response.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw AvroErrors.notAvroSchema(what, type);
    }
    try {
      return new Schema.Parser().parse(response.path("schema").asText());
    } catch (SchemaParseException e) {
      throw AvroErrors.invalidRegistrySchema(what, e);
    }
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends a request; returns the parsed body, or null for a 404. */
  private JsonNode send(String method, String path, String body, String what) {
    URI uri = baseUri.resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String operation = method + " " + uri.getPath();
    HttpResponse<java.io.InputStream> response;
    String responseBody;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (bytes.length > MAX_RESPONSE_BYTES) {
          throw AvroErrors.registryAnswerTooLarge(
              operation, uri.getHost() + ":" + uri.getPort(), MAX_RESPONSE_BYTES, baseUri);
        }
        responseBody = new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw AvroErrors.registryUnreachable(operation, uri.getHost() + ":" + uri.getPort(), what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FloeInterruptedException(
          "Interrupted while asking the schema registry at "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + " to "
              + what,
          e);
    }
    int status = response.statusCode();
    JsonNode json = null;
    try {
      json = responseBody.isEmpty() ? JSON.nullNode() : JSON.readTree(responseBody);
    } catch (IOException e) {
      if (status / 100 == 2) {
        throw AvroErrors.registryAnswerNotJson(operation, uri.getHost() + ":" + uri.getPort(), e);
      }
    }
    if (status / 100 == 2) {
      return json;
    }
    String message = json == null ? responseBody : json.path("message").asText(responseBody);
    int code = json == null ? status : json.path("error_code").asInt(status);
    if (status == 404) {
      return null;
    }
    throw AvroErrors.registryRefused(
        operation, uri.getHost() + ":" + uri.getPort(), what, message, status, code);
  }
}
