package io.floe.interop.trino;

import io.floe.Floe;
import io.floe.FloeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * Two Iceberg REST catalogs (local files and S3), s3proxy and one real Trino server for the whole
 * test JVM, all on 127.0.0.1, started on first use and stopped when the JVM exits.
 *
 * <p>The catalog is Iceberg's {@link RESTCatalogServlet} on Jetty (in this JVM) over a JDBC catalog
 * on SQLite whose warehouse is a local folder ({@code file:///...}). Floe opens it as a REST
 * catalog; Trino's Iceberg connector ({@code iceberg.catalog.type=rest}) opens the same URI and
 * reads and writes the files through its native local file system ({@code fs.native-local.enabled},
 * root {@code /}), so both engines see the same tables, snapshots and files. The second catalog
 * ({@link #S3_CATALOG} in Trino, {@link #floeOnS3()} in Floe) keeps its warehouse in an s3proxy
 * bucket, reached through Iceberg's {@code S3FileIO} and Trino's native S3 file system.
 *
 * <p>Trino is the {@code io.trino:trino-server} tarball (copied to {@code target/trino} by the
 * build, system property {@code trino.tarball}), unpacked once with {@code tar} and reduced to its
 * Iceberg plugin, run as a separate process on a Java 24+ JDK: system property {@code
 * trino.java.home}, else environment variable {@code TRINO_JAVA_HOME}, else the newest JDK 24+
 * under {@code /usr/lib/jvm}. Its log is {@code trino.log} in the environment's temporary folder,
 * which is deleted when the JVM exits (the path is printed on start-up and in every start-up
 * failure).
 */
final class TrinoEnvironment {
  /** Trino's name of the shared catalog on local files. */
  static final String CATALOG = "iceberg";

  /** Trino's name of the shared catalog on S3 (s3proxy). */
  static final String S3_CATALOG = "iceberg_s3";

  private static final String BUCKET = "floe-trino";
  private static final String ACCESS_KEY = "floe-access";
  private static final String SECRET_KEY = "floe-secret-key-for-tests";

  private static final int MIN_JAVA = 24;
  private static TrinoEnvironment instance;
  private static RuntimeException failure;

  private final String restUri;
  private final String s3RestUri;
  private final Map<String, String> s3Client;
  private final int trinoPort;
  private final Path trinoLog;

  private TrinoEnvironment(
      String restUri,
      String s3RestUri,
      Map<String, String> s3Client,
      int trinoPort,
      Path trinoLog) {
    this.restUri = restUri;
    this.s3RestUri = s3RestUri;
    this.s3Client = s3Client;
    this.trinoPort = trinoPort;
    this.trinoLog = trinoLog;
  }

  /**
   * The environment, started on the first call; a failed start is remembered, so the next test
   * class fails at once with the same cause instead of starting Trino again.
   */
  static synchronized TrinoEnvironment get() {
    if (failure != null) {
      throw new IllegalStateException("The Trino test environment failed to start", failure);
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
        throw failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException(e);
        throw failure;
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return instance;
  }

  /**
   * A new Floe on the shared REST catalog. Trino commits to the same tables: every load revalidates
   * (by default a cached table is trusted for a second, and a read right after Trino's commit saw
   * the snapshot before it).
   */
  Floe floe() {
    Map<String, String> props = new HashMap<>();
    props.put("type", "rest");
    props.put("uri", restUri);
    props.put("floe.cache.revalidate-after-ms", "0");
    return Floe.open(FloeConfig.of("rest", props));
  }

  /** A new Floe on the shared REST catalog whose warehouse is on S3. */
  Floe floeOnS3() {
    Map<String, String> props = new HashMap<>(s3Client);
    props.put("type", "rest");
    props.put("uri", s3RestUri);
    props.put("floe.cache.revalidate-after-ms", "0");
    return Floe.open(FloeConfig.of("rest_s3", props));
  }

  /** A new JDBC connection to Trino, in the shared catalog on local files. */
  Connection trino() throws SQLException {
    return trino(CATALOG);
  }

  /** A new JDBC connection to Trino, in one of its catalogs. */
  Connection trino(String catalog) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "floe");
    return DriverManager.getConnection(
        "jdbc:trino://127.0.0.1:" + trinoPort + "/" + catalog, props);
  }

  /** Trino's log file. */
  Path trinoLog() {
    return trinoLog;
  }

  private static TrinoEnvironment start() throws IOException, InterruptedException {
    Path tmp = Files.createTempDirectory("floe-trino");
    Map<String, String> local = new HashMap<>();
    local.put(
        CatalogProperties.WAREHOUSE_LOCATION,
        Files.createDirectories(tmp.resolve("warehouse")).toUri().toString());
    String restUri = startRestCatalog(tmp.resolve("catalog.db"), local);
    Map<String, String> s3 = startS3();
    Map<String, String> s3Server = new HashMap<>(s3);
    s3Server.put(CatalogProperties.WAREHOUSE_LOCATION, "s3://" + BUCKET + "/warehouse");
    String s3RestUri = startRestCatalog(tmp.resolve("catalog-s3.db"), s3Server);
    Path home = unpack();
    Path java = javaHome().resolve("bin").resolve("java");
    int port = freePort();
    Path etc = Files.createDirectories(tmp.resolve("etc"));
    Files.createDirectories(etc.resolve("catalog"));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "node.environment=floe_test",
            "node.id=floe-interop-trino",
            "node.bind-ip=127.0.0.1",
            "node.internal-address=127.0.0.1",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "catalog.config-dir=" + etc.resolve("catalog"),
            "plugin.dir=" + home.resolve("plugin"),
            "query.max-memory=256MB",
            "query.max-memory-per-node=256MB",
            "task.concurrency=2",
            ""));
    Files.writeString(
        etc.resolve("catalog").resolve(CATALOG + ".properties"),
        String.join(
            "\n",
            "connector.name=iceberg",
            "iceberg.catalog.type=rest",
            "iceberg.rest-catalog.uri=" + restUri,
            "fs.native-local.enabled=true",
            "local.location=/",
            ""));
    Files.writeString(
        etc.resolve("catalog").resolve(S3_CATALOG + ".properties"),
        String.join(
            "\n",
            "connector.name=iceberg",
            "iceberg.catalog.type=rest",
            "iceberg.rest-catalog.uri=" + s3RestUri,
            "fs.native-s3.enabled=true",
            "s3.endpoint=" + s3.get("s3.endpoint"),
            "s3.path-style-access=true",
            "s3.region=us-east-1",
            "s3.aws-access-key=" + ACCESS_KEY,
            "s3.aws-secret-key=" + SECRET_KEY,
            ""));
    Path log = tmp.resolve("trino.log");
    List<String> command =
        List.of(
            java.toString(),
            "-Xmx768m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djdk.attach.allowAttachSelf=true",
            "--enable-native-access=ALL-UNNAMED",
            "-Dconfig=" + etc.resolve("config.properties"),
            "-cp",
            home.resolve("lib") + "/*",
            "io.trino.server.TrinoServer");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(watchdog(command))
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.destroy();
                  try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                      process.destroyForcibly();
                    }
                  } catch (InterruptedException e) {
                    process.destroyForcibly();
                  }
                  try {
                    deleteTree(tmp);
                  } catch (IOException | RuntimeException e) {
                    // best effort: the folder is under java.io.tmpdir
                  }
                }));
    awaitStarted(process, port, log);
    System.err.printf(
        "Trino %s started on 127.0.0.1:%d in %.1f s (java %s, log %s)%n",
        home.getFileName(), port, (System.nanoTime() - started) / 1e9, java, log);
    return new TrinoEnvironment(restUri, s3RestUri, s3, port, log);
  }

  /**
   * The command behind a small shell watchdog that stops Trino when this JVM is gone, even when it
   * was killed without running its shutdown hooks (a test timeout, kill -9): an orphaned Trino
   * would keep a CI machine's two cores busy. {@link Process#destroy()} (SIGTERM to the shell)
   * stops Trino too.
   */
  private static List<String> watchdog(List<String> command) {
    List<String> out = new ArrayList<>();
    out.add("/bin/sh");
    out.add("-c");
    out.add(
        "\"$@\" & child=$!; trap 'kill $child' TERM INT;"
            + " while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done;"
            + " kill $child 2>/dev/null; wait $child");
    out.add("trino-watchdog");
    out.addAll(command);
    return out;
  }

  private static void awaitStarted(Process process, int port, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Trino exited with code " + process.exitValue() + " while starting:\n" + tail(log));
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new IllegalStateException("Trino did not start within 180 s:\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * The unpacked server next to its tarball: {@code tar} restores the archive's hard links (which
   * Maven's unpack cannot), then every plugin but Iceberg is deleted (fewer class loaders to
   * start).
   */
  private static Path unpack() throws IOException, InterruptedException {
    String tarball = System.getProperty("trino.tarball");
    if (tarball == null || tarball.isBlank()) {
      throw new IllegalStateException(
          "System property trino.tarball is not set: run the tests with Maven (failsafe), which"
              + " copies io.trino:trino-server to target/trino and sets it");
    }
    Path archive = Path.of(tarball).toAbsolutePath();
    String name = archive.getFileName().toString().replace(".tar.gz", "");
    Path home = archive.resolveSibling(name);
    Path marker = home.resolve(".floe-unpacked");
    if (Files.exists(marker)) {
      return home;
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("No Trino server tarball at " + archive);
    }
    deleteTree(home);
    long started = System.nanoTime();
    Process tar =
        new ProcessBuilder("tar", "xzf", archive.toString(), "-C", archive.getParent().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar could not unpack " + archive + ":\n" + out);
    }
    try (Stream<Path> plugins = Files.list(home.resolve("plugin"))) {
      for (Path plugin : plugins.toList()) {
        if (!plugin.getFileName().toString().equals("iceberg")) {
          deleteTree(plugin);
        }
      }
    }
    Files.writeString(marker, "unpacked and reduced to the iceberg plugin\n");
    System.err.printf(
        "Unpacked %s in %.1f s%n", archive.getFileName(), (System.nanoTime() - started) / 1e9);
    return home;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The JDK Trino runs on (Java 24+), never the one running the tests. */
  static Path javaHome() throws IOException {
    List<String> tried = new ArrayList<>();
    for (String candidate :
        new String[] {System.getProperty("trino.java.home"), System.getenv("TRINO_JAVA_HOME")}) {
      if (candidate != null && !candidate.isBlank() && !candidate.startsWith("${")) {
        Path home = Path.of(candidate);
        if (javaVersion(home) >= MIN_JAVA) {
          return home;
        }
        tried.add(candidate + " (Java " + javaVersion(home) + ")");
      }
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        for (Path home :
            homes.sorted(Comparator.comparing((Path h) -> javaVersion(h)).reversed()).toList()) {
          if (javaVersion(home) >= MIN_JAVA) {
            return home;
          }
        }
      }
      tried.add("every JDK under " + jvms);
    }
    throw new IllegalStateException(
        "Trino needs Java "
            + MIN_JAVA
            + "+ and none was found (tried "
            + tried
            + "): set TRINO_JAVA_HOME or -Dtrino.java.home to a JDK "
            + MIN_JAVA
            + "+ (the tests themselves stay on Java 17)");
  }

  /** The feature version in a JDK's {@code release} file, or 0. */
  private static int javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          int end = 0;
          while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
          }
          return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /**
   * Iceberg's REST servlet on Jetty at 127.0.0.1, over a JDBC catalog on an SQLite file whose
   * metadata goes to the warehouse (and file IO) the given properties name.
   */
  private static String startRestCatalog(Path db, Map<String, String> storage) {
    Map<String, String> server = new HashMap<>(storage);
    server.put(CatalogProperties.URI, "jdbc:sqlite:" + db);
    server.put("jdbc.schema-version", "V1");
    server.put(CatalogProperties.FILE_IO_IMPL, io.floe.impl.catalog.SchemeFileIO.class.getName());
    JdbcCatalog backing = new JdbcCatalog();
    backing.initialize(
        "rest_" + db.getFileName().toString().replace(".db", "").replace('-', '_'), server);
    try {
      Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addServlet(
          new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backing))), "/*");
      jetty.setHandler(context);
      jetty.start();
      int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      jetty.stop();
                      backing.close();
                    } catch (Exception e) {
                      // exiting anyway
                    }
                  }));
      return "http://127.0.0.1:" + port + "/";
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the REST catalog server on 127.0.0.1", e);
    }
  }

  /** s3proxy on 127.0.0.1 (in-memory store, signature checking on): the client properties. */
  private static Map<String, String> startS3() {
    try {
      BlobStore store = BlobStores.create("transient", new Properties());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
      store.createContainer(BUCKET);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      proxy.stop();
                    } catch (Exception e) {
                      // exiting anyway
                    }
                  }));
      Map<String, String> props = new HashMap<>();
      props.put("s3.endpoint", "http://127.0.0.1:" + proxy.getPort());
      props.put("s3.path-style-access", "true");
      props.put("s3.access-key-id", ACCESS_KEY);
      props.put("s3.secret-access-key", SECRET_KEY);
      props.put("client.region", "us-east-1");
      return props;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start s3proxy on 127.0.0.1", e);
    }
  }
}
