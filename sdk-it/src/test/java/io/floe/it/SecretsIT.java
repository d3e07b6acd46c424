package io.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Secrets on the real servers: PostgreSQL (a database that does not exist, the password in the URI
 * and in {@code jdbc.password}), REST (token, OAuth credential and headers, a missing table) and S3
 * through s3proxy (keys it refuses). No secret may appear in a message, cause, stack trace, {@code
 * toString()} or log line (slf4j-simple writes to {@code System.err}, captured here).
 */
class SecretsIT {
  private final List<String> secrets = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();

  private String secret() {
    String s = "Zs" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    secrets.add(s);
    return s;
  }

  private void exercise(FloeConfig config) {
    texts.add(config.toString());
    try (Floe floe = Floe.open(config)) {
      texts.add(floe.toString());
      attempt(() -> floe.createNamespace("db"));
      attempt(
          () -> {
            FloeTable t =
                floe.createTable("db.t" + UUID.randomUUID().toString().substring(0, 6))
                    .column("id", Types.LongType.get())
                    .create();
            texts.add(t.toString());
            t.newAppend().row(Map.of("id", 1L)).commit();
          });
      attempt(() -> floe.loadTable("db.missing"));
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
  void noSecretLeavesOnPostgresRestOrS3() {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      // PostgreSQL: a database that does not exist, passwords in the URI and the properties
      Map<String, String> pg = new HashMap<>(Backends.postgres(Backends.local()).properties());
      String uri = pg.get("uri");
      String base =
          uri.substring(0, uri.lastIndexOf('/'))
              + "/nosuchdb_"
              + UUID.randomUUID().toString().substring(0, 8);
      pg.put("uri", base + "?user=postgres&password=" + secret());
      pg.put("jdbc.password", secret());
      exercise(FloeConfig.of("pg", pg));
      pg.put("uri", base.replace("//", "//postgres:" + secret() + "@"));
      exercise(FloeConfig.of("pg_userinfo", pg));

      // REST: token, OAuth client credential and headers on the real REST server; a missing table
      Map<String, String> rest = new HashMap<>(Backends.rest(Backends.local()).properties());
      rest.put("token", secret());
      rest.put("header.X-Api-Key", secret());
      exercise(FloeConfig.of("rest", rest));
      rest.remove("token");
      rest.put("credential", "floe-client:" + secret());
      exercise(FloeConfig.of("rest_oauth", rest));

      // S3 through s3proxy with keys it refuses
      Map<String, String> s3 = new HashMap<>(Backends.sqlite(Backends.s3()).properties());
      s3.put("s3.access-key-id", "AKIA" + secret());
      s3.put("s3.secret-access-key", secret());
      s3.put("s3.session-token", secret());
      exercise(FloeConfig.of("s3", s3));
    } finally {
      System.err.flush();
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    err.println(
        "SecretsIT: "
            + secrets.size()
            + " secrets, "
            + failures.size()
            + " failures: "
            + failures.stream().map(f -> f.getClass().getSimpleName()).toList());
    assertThat(failures).as("the servers refused").hasSizeGreaterThanOrEqualTo(4);

    List<String> leaks = new ArrayList<>();
    List<String> all = new ArrayList<>(texts);
    all.add(logged);
    for (Throwable failure : failures) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      all.add(trace.toString());
      for (Throwable t = failure; t != null; t = t.getCause()) {
        all.add(t + " " + t.getMessage());
      }
    }
    for (String text : all) {
      for (String secret : secrets) {
        int at = text.indexOf(secret);
        if (at >= 0) {
          leaks.add(
              secret
                  + " in ..."
                  + text.substring(Math.max(0, at - 150), Math.min(text.length(), at + 40)));
        }
      }
    }
    assertThat(leaks).as("secrets found").isEmpty();
  }
}
