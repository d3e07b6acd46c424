package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens every kind of catalog with a distinct random secret in every property that can carry one
 * (JDBC URI password parameters and user-info, {@code jdbc.password}, REST token, credential,
 * headers and OAuth server URI, S3 keys and session token, from properties, YAML, {@code
 * .properties} files and environment variables), makes each fail (unreachable 127.0.0.1 ports,
 * missing folders, refused S3 calls), and asserts that no secret appears in any message, cause,
 * stack trace text, {@code toString()}, log line (slf4j-simple at DEBUG, run in its own surefire
 * execution, captured from {@code System.err}) or file Floe wrote.
 */
class SecretsSweepDebugLogTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path tmp;

  private final List<String> secrets = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream err;
  private PrintStream out;
  private int closedPort;

  @BeforeEach
  void capture() throws IOException {
    // only in the debug-log surefire execution, which sets the level before slf4j-simple starts
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "debug".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")),
        "needs DEBUG logging");
    err = System.err;
    out = System.out;
    PrintStream tee = new PrintStream(log, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
  }

  @AfterEach
  void restore() {
    if (err != null) {
      System.setErr(err);
      System.setOut(out);
    }
  }

  /** A new secret: distinct, random, URL-safe, of varied length (some shorter than 4). */
  private String secret() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    int length = secrets.size() % 5 == 4 ? 3 : 10 + RANDOM.nextInt(20);
    StringBuilder s = new StringBuilder("Zq");
    for (int i = 2; i < length; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    secrets.add(s.toString());
    return s.toString();
  }

  /** Opens a catalog and works with it; every failure is kept. */
  private void exercise(FloeConfig config) {
    texts.add(config.toString());
    try (Floe floe = Floe.open(config)) {
      texts.add(floe.toString());
      attempt(() -> floe.createNamespace("db"));
      attempt(
          () -> {
            FloeTable t = floe.createTable("db.t").column("id", Types.LongType.get()).create();
            texts.add(t.toString());
            t.newAppend().row(Map.of("id", 1L)).commit();
            texts.add(String.valueOf(t.newScan().count()));
          });
      attempt(() -> floe.loadTable("db.missing"));
      attempt(() -> floe.listTables("db"));
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  private void attempt(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Test
  void noSecretLeavesThroughMessagesTracesToStringsLogsOrFiles() throws IOException {
    String sqliteWh = tmp.resolve("sqlite-wh").toString();
    // 1. JDBC SQLite: password parameter in the URI, jdbc.password; the folder of the database is
    // missing
    exercise(
        FloeConfig.of(
            "sqlite",
            Map.of(
                "type",
                "jdbc",
                "warehouse",
                sqliteWh,
                "uri",
                "jdbc:sqlite:" + tmp.resolve("no/such/dir/c.db") + "?password=" + secret(),
                "jdbc.password",
                secret(),
                "jdbc.user",
                "floe")));
    // 2. JDBC PostgreSQL: user-info and password parameter in the URI, unreachable port
    exercise(
        FloeConfig.of(
            "pg",
            Map.of(
                "type",
                "jdbc",
                "warehouse",
                sqliteWh,
                "uri",
                "jdbc:postgresql://127.0.0.1:"
                    + closedPort
                    + "/db?user=floe&password="
                    + secret()
                    + "&ssl=false",
                "jdbc.password",
                secret())));
    exercise(
        FloeConfig.of(
            "pg2",
            Map.of(
                "type",
                "jdbc",
                "warehouse",
                sqliteWh,
                "uri",
                "jdbc:postgresql://floe:" + secret() + "@127.0.0.1:" + closedPort + "/db")));
    exercise(
        FloeConfig.of(
            "pg3",
            Map.of(
                "type",
                "jdbc",
                "warehouse",
                sqliteWh,
                "uri",
                "jdbc:nosuchdriver://floe:"
                    + secret()
                    + "@127.0.0.1:"
                    + closedPort
                    + "/db;password="
                    + secret())));
    // 3. REST: token, OAuth client credential, headers, OAuth server URI with user-info;
    // unreachable
    exercise(
        FloeConfig.of(
            "rest",
            Map.of(
                "type",
                "rest",
                "uri",
                "http://127.0.0.1:" + closedPort,
                "token",
                secret(),
                "header.X-Api-Key",
                secret(),
                "header.Authorization",
                "Bearer " + secret())));
    exercise(
        FloeConfig.of(
            "oauth",
            Map.of(
                "type",
                "rest",
                "uri",
                "http://127.0.0.1:" + closedPort,
                "credential",
                "client:" + secret(),
                "oauth2-server-uri",
                "http://floe:" + secret() + "@127.0.0.1:" + closedPort + "/token")));
    exercise(
        FloeConfig.of(
            "rest-basic",
            Map.of(
                "type",
                "rest",
                "uri",
                "http://floe:" + secret() + "@127.0.0.1:" + closedPort + "/?token=" + secret(),
                "rest.auth.type",
                "basic",
                "rest.auth.basic.username",
                "floe",
                "rest.auth.basic.password",
                secret())));
    // 4. S3 keys and session token on a local SQLite catalog with an S3 warehouse; the S3 call
    // fails
    Map<String, String> s3 = new LinkedHashMap<>();
    s3.put("type", "jdbc");
    s3.put("uri", "jdbc:sqlite:" + tmp.resolve("s3-catalog.db"));
    s3.put("warehouse", "s3://bucket/wh");
    s3.put("s3.endpoint", "http://127.0.0.1:" + closedPort);
    s3.put("s3.path-style-access", "true");
    s3.put("s3.access-key-id", "AKIA" + secret());
    s3.put("s3.secret-access-key", secret());
    s3.put("s3.session-token", secret());
    s3.put("client.region", "us-east-1");
    exercise(FloeConfig.of("s3", s3));
    // 5. a local catalog whose secrets are never needed: files it writes must not hold them
    Path localWh = tmp.resolve("local-wh");
    exercise(
        FloeConfig.builder("local")
            .property("type", "local")
            .property("warehouse", localWh.toString())
            .property("s3.secret-access-key", secret())
            .property("token", secret())
            .property("jdbc.password", secret())
            .build());
    // 6. configuration files and environment variables
    Path yaml =
        Files.writeString(
            tmp.resolve("floe.yaml"),
            "catalog:\n  yaml:\n    type: rest\n"
                + "    uri: http://127.0.0.1:"
                + closedPort
                + "\n    token: "
                + secret()
                + "\n    credential: c:"
                + secret()
                + "\n");
    FloeConfig.fromFile(yaml).forEach(this::exercise);
    Path props =
        Files.writeString(
            tmp.resolve("floe.properties"),
            "catalog.props.type=jdbc\n"
                + "catalog.props.warehouse="
                + sqliteWh
                + "\n"
                + "catalog.props.uri=jdbc:postgresql://127.0.0.1:"
                + closedPort
                + "/db?password="
                + secret()
                + "\n");
    FloeConfig.fromFile(props).forEach(this::exercise);
    FloeConfig.fromEnvironment(
            Map.of(
                "FLOE_CATALOG__ENV__TYPE",
                "rest",
                "FLOE_CATALOG__ENV__URI",
                "http://127.0.0.1:" + closedPort,
                "FLOE_CATALOG__ENV__TOKEN",
                secret()))
        .forEach(this::exercise);
    // 7. malformed YAML around a secret
    Path broken =
        Files.writeString(
            tmp.resolve("broken.yaml"), "catalog:\n  b:\n    token: \"" + secret() + "\n");
    attempt(() -> FloeConfig.fromFile(broken));
    // 8. a table default that would copy a secret into every table's metadata
    exercise(
        FloeConfig.builder("defaults")
            .property("type", "local")
            .property("warehouse", tmp.resolve("defaults-wh").toString())
            .property("table-default.s3.secret-access-key", secret())
            .build());

    System.err.flush();
    String logged = log.toString(StandardCharsets.UTF_8);
    err.println(
        "SecretsSweepDebugLogTest: "
            + secrets.size()
            + " secrets, "
            + failures.size()
            + " failures, "
            + logged.length()
            + " chars of log");
    assertThat(failures).as("the sweep made catalogs fail").hasSizeGreaterThan(8);
    assertThat(logged).as("DEBUG log lines were captured").contains("DEBUG");

    List<String> leaks = new ArrayList<>();
    for (Throwable failure : failures) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      StringBuilder chain = new StringBuilder();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        chain.append(t).append('\n').append(t.getMessage()).append('\n');
      }
      check("stack trace of " + failure.getClass().getName(), trace.toString(), leaks);
      check("message chain of " + failure.getClass().getName(), chain.toString(), leaks);
    }
    for (String text : texts) {
      check("toString", text, leaks);
    }
    check("log", logged, leaks);
    // the files Floe wrote (not the configuration files the test wrote); random bytes in Parquet
    // and
    // Avro files could hold a 3-character secret by chance, so files are checked for the longer
    // ones
    for (Path wh :
        List.of(
            localWh,
            tmp.resolve("defaults-wh"),
            tmp.resolve("sqlite-wh"),
            tmp.resolve("s3-catalog.db"))) {
      if (Files.exists(wh)) {
        try (Stream<Path> files = Files.walk(wh)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            secrets.stream()
                .filter(secret -> secret.length() >= 8 && content.contains(secret))
                .forEach(secret -> leaks.add("file " + f + " holds secret " + secret));
          }
        }
      }
    }
    assertThat(leaks).as("secrets found").isEmpty();
  }

  private void check(String where, String text, List<String> leaks) {
    for (String secret : secrets) {
      int at = text.indexOf(secret);
      if (at >= 0) {
        leaks.add(
            where
                + " holds secret "
                + secret
                + ": ..."
                + text.substring(
                    Math.max(0, at - 120), Math.min(text.length(), at + secret.length() + 40))
                + "...");
      }
    }
  }
}
