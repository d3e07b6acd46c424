package io.floe.ingest;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * s3proxy in-process on 127.0.0.1 (in-memory store, signature checking on), as sdk-it starts it.
 */
final class S3Server {
  static final String BUCKET = "floe-ingest";
  static final String ACCESS_KEY = "floe-access";
  static final String SECRET_KEY = "floe-secret-key-for-tests";
  private static S3Proxy s3;

  private S3Server() {}

  /** Catalog properties: a JDBC (SQLite) catalog with a warehouse of its own in the bucket. */
  static synchronized Map<String, String> catalog(java.nio.file.Path tmp) {
    if (s3 == null) {
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
    props.put("type", "jdbc");
    props.put("uri", "jdbc:sqlite:" + tmp.resolve("catalog-" + UUID.randomUUID() + ".db"));
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", "s3://" + BUCKET + "/wh-" + UUID.randomUUID());
    props.put("s3.endpoint", "http://127.0.0.1:" + s3.getPort());
    props.put("s3.path-style-access", "true");
    props.put("s3.access-key-id", ACCESS_KEY);
    props.put("s3.secret-access-key", SECRET_KEY);
    props.put("client.region", "us-east-1");
    return props;
  }
}
