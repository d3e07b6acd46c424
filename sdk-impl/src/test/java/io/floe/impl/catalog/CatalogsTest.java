package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.impl.io.LocalFileIO;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogsTest {
  @TempDir Path tmp;

  /** The in-memory catalog and a SQLite catalog named {@code lake}. */
  private List<FloeConfig> memoryAndLake() {
    return List.of(
        FloeConfig.inMemory(),
        FloeConfig.builder("lake")
            .property("type", "jdbc")
            .property("uri", "jdbc:sqlite:" + tmp.resolve("lake.db"))
            .property("warehouse", tmp.resolve("wh").toString())
            .build());
  }

  @Test
  void severalCatalogsAreAddressedByPrefix() {
    try (Floe floe = Floe.open(memoryAndLake())) {
      assertThat(floe.catalogs()).containsExactly("memory", "lake");
      assertThat(floe.name()).isEqualTo("memory");
      floe.createNamespace("lake.sales");
      floe.createNamespace("sales");
      FloeTable orders =
          floe.createTable("lake.sales.orders").column("id", Types.LongType.get()).create();
      floe.createTable("sales.local_orders").column("id", Types.LongType.get()).create();
      orders.newAppend().row(Map.of("id", 1L)).commit();

      assertThat(floe.listTables("lake.sales")).containsExactly("lake.sales.orders");
      assertThat(floe.listTables("sales")).containsExactly("sales.local_orders");
      assertThat(floe.tableExists("sales.orders")).isFalse();
      assertThat(floe.loadTable("lake.sales.orders").newScan().count()).isEqualTo(1);
      assertThat(floe.namespaces("lake")).containsExactly("lake.sales");
      assertThat(orders.location()).startsWith(tmp.resolve("wh").toString());
      assertThatThrownBy(() -> floe.renameTable("lake.sales.orders", "sales.orders"))
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("different catalogs");
    }
    assertThatThrownBy(() -> Floe.open(List.of(FloeConfig.inMemory(), FloeConfig.inMemory())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory");
  }

  @Test
  void tablesOfSeveralCatalogsAreNamedAsAddressed() {
    try (Floe floe = Floe.open(memoryAndLake())) {
      FloeTable created =
          floe.createTable("lake.sales.orders")
              .column("id", Types.LongType.get())
              .required()
              .create();
      assertThat(created.name()).isEqualTo("lake.sales.orders");
      FloeTable loaded = floe.loadTable("lake.sales.orders");
      assertThat(loaded.name()).isEqualTo("lake.sales.orders");
      assertThat(floe.findTable("lake.sales.orders"))
          .get()
          .extracting(FloeTable::name)
          .isEqualTo("lake.sales.orders");
      assertThat(
              floe.createTable("sales.orders").column("id", Types.LongType.get()).create().name())
          .isEqualTo("sales.orders");
      assertThat(floe.loadTable("memory.sales.orders").name()).isEqualTo("memory.sales.orders");

      // errors name the table the way it was addressed
      assertThatThrownBy(() -> floe.loadTable("lake.sales.missing"))
          .isInstanceOf(io.floe.NotFoundException.class)
          .hasMessageContaining("lake.sales.missing");
      assertThatThrownBy(
              () ->
                  floe.createTable("lake.sales.orders").column("id", Types.LongType.get()).create())
          .isInstanceOf(io.floe.AlreadyExistsException.class)
          .hasMessageContaining("lake.sales.orders");
      assertThatThrownBy(() -> loaded.newScan().select("nope").count())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("Table lake.sales.orders")
          .extracting(e -> ((io.floe.ValidationException) e).table().orElseThrow())
          .isEqualTo("lake.sales.orders");
      assertThatThrownBy(() -> loaded.newAppend().row(Map.of("id", "not a number")).commit())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("lake.sales.orders");
      assertThat(loaded.newScan().count()).isZero();

      // renames within one catalog, by prefixed and default names alike
      floe.renameTable("lake.sales.orders", "lake.sales.orders_v2");
      assertThat(floe.listTables("lake.sales")).containsExactly("lake.sales.orders_v2");
      floe.renameTable("memory.sales.orders", "sales.orders_v2");
      assertThat(floe.listTables("sales")).containsExactly("sales.orders_v2");
    }
  }

  @Test
  void fileIoIsChosenByScheme() {
    assertThat(SchemeFileIO.implFor("/data/wh/t")).isEqualTo(LocalFileIO.class.getName());
    assertThat(SchemeFileIO.implFor("file:/data/wh/t")).isEqualTo(LocalFileIO.class.getName());
    assertThat(SchemeFileIO.implFor("s3://bucket/wh")).isEqualTo(SchemeFileIO.S3);
    assertThat(SchemeFileIO.implFor("s3a://bucket/wh")).isEqualTo(SchemeFileIO.S3);
    assertThatThrownBy(() -> SchemeFileIO.implFor("hdfs://nn/wh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hdfs")
        .hasMessageContaining("io-impl");
  }

  @Test
  void unusableConfigurationsFailWithAdviceAndNoSecret() {
    FloeConfig noUri = FloeConfig.of("pg", Map.of("type", "jdbc", "warehouse", tmp.toString()));
    assertThatThrownBy(() -> Floe.open(noUri))
        .isInstanceOf(FloeException.class)
        .hasMessageContaining("'uri'");
    FloeConfig hadoop = FloeConfig.of("h", Map.of("type", "hadoop", "warehouse", tmp.toString()));
    assertThatThrownBy(() -> Floe.open(hadoop)).hasMessageContaining("'local'");
    FloeConfig hive = FloeConfig.of("hms", Map.of("type", "hive", "uri", "thrift://127.0.0.1:1"));
    assertThatThrownBy(() -> Floe.open(hive)).hasMessageContaining("iceberg-hive-metastore");

    String secret = "s3cr3t-Pa55word";
    FloeConfig badDb =
        FloeConfig.of(
            "pg",
            Map.of(
                "type",
                "jdbc",
                "warehouse",
                tmp.toString(),
                "uri",
                "jdbc:nosuchdriver://127.0.0.1/db?password=" + secret,
                "jdbc.password",
                secret));
    assertThatThrownBy(() -> Floe.open(badDb))
        .isInstanceOf(FloeException.class)
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
              }
            });
    assertThat(badDb.toString()).doesNotContain(secret);
  }

  @Test
  void secretsAreMasked() {
    Map<String, String> props =
        Map.of("s3.secret-access-key", "abcdef", "token", "tok-123", "uri", "http://x");
    assertThat(Secrets.mask("key abcdef and tok-123 at http://x", props))
        .isEqualTo("key **** and **** at http://x");
    assertThat(Secrets.isSecret("jdbc.password")).isTrue();
    assertThat(Secrets.isSecret("warehouse")).isFalse();
    assertThat(Secrets.isSecret("header.X-Api-Key")).isTrue();
    assertThat(Secrets.isSecret("token-refresh-enabled")).isFalse();
  }

  @Test
  void embeddedSecretsAreMaskedEvenUnderPlainKeys() {
    Map<String, String> props =
        Map.of(
            "uri",
                "jdbc:postgresql://bob:pw%40one@127.0.0.1:5432/db?user=bob&password=second-pw&ssl=true",
            "credential", "client-id:client-secret",
            "header.Authorization", "Bearer tok123456",
            "token", "abc");
    String text =
        "connect jdbc:postgresql://bob:pw%40one@127.0.0.1:5432/db?user=bob&password=second-pw&ssl=true"
            + " as pw@one with client-secret, tok123456 and abc (not abcd)";
    assertThat(Secrets.mask(text, props))
        .isEqualTo(
            "connect jdbc:postgresql://bob:****@127.0.0.1:5432/db?user=bob&password=****&ssl=true"
                + " as **** with ****, **** and **** (not abcd)");
    // URI credentials are masked even when no property holds them
    assertThat(
            Secrets.mask(
                "GET https://u:p4ss@h/x?token=t0k&a=1 and s3://b/k?X-Amz-Signature=abc", Map.of()))
        .isEqualTo("GET https://u:****@h/x?token=****&a=1 and s3://b/k?X-Amz-Signature=****");
  }

  @Test
  void jdbcUriCredentialsMoveIntoConnectionProperties() {
    Map<String, String> props =
        new java.util.HashMap<>(
            Map.of(
                "uri", "jdbc:postgresql://bob:p%40ss@127.0.0.1:5432/db?password=q%26w&ssl=false"));
    Catalogs.moveUriCredentials(props);
    assertThat(props)
        .containsEntry("uri", "jdbc:postgresql://127.0.0.1:5432/db?ssl=false")
        .containsEntry("jdbc.user", "bob")
        .containsEntry("jdbc.password", "q&w");
    props = new java.util.HashMap<>(Map.of("uri", "jdbc:sqlite:/tmp/c.db?password=x"));
    Catalogs.moveUriCredentials(props);
    assertThat(props)
        .containsEntry("uri", "jdbc:sqlite:/tmp/c.db")
        .containsEntry("jdbc.password", "x");
    props =
        new java.util.HashMap<>(
            Map.of("uri", "jdbc:sqlserver://h:1433;databaseName=d;password=p;encrypt=true"));
    Catalogs.moveUriCredentials(props);
    assertThat(props)
        .containsEntry("uri", "jdbc:sqlserver://h:1433;databaseName=d;encrypt=true")
        .containsEntry("jdbc.password", "p");
  }

  @Test
  void secretTableDefaultsAreRefused() {
    FloeConfig config =
        FloeConfig.of(
            "lake",
            Map.of(
                "type",
                "local",
                "warehouse",
                tmp.toString(),
                "table-default.s3.secret-access-key",
                "do-not-copy-me"));
    assertThatThrownBy(() -> Floe.open(config))
        .isInstanceOf(FloeException.class)
        .hasMessageContaining("'table-default.s3.secret-access-key' would copy a secret")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("do-not-copy-me"));
  }

  @Test
  void theLocalCatalogSyncsEveryCommitUnlessFileSyncingIsOff() throws Exception {
    // WAL with synchronous=FULL syncs the log at each commit: the pointer survives a power loss
    assertThat(sqlitePragmas(Map.of())).containsExactly("wal", "2");
    assertThat(sqlitePragmas(Map.of(FloeConfig.LOCAL_FSYNC, "true"))).containsExactly("wal", "2");
    // with file syncing off, NORMAL: no sync per commit, nothing lost when the process crashes
    assertThat(sqlitePragmas(Map.of(FloeConfig.LOCAL_FSYNC, "false"))).containsExactly("wal", "1");
    // the user's own setting wins
    assertThat(sqlitePragmas(Map.of("jdbc.synchronous", "EXTRA"))).containsExactly("wal", "3");
  }

  /** The journal mode and synchronous setting of the local catalog's SQLite connections. */
  private List<String> sqlitePragmas(Map<String, String> extra) throws Exception {
    Map<String, String> props = new java.util.HashMap<>(extra);
    props.put("type", "local");
    props.put("warehouse", java.nio.file.Files.createTempDirectory(tmp, "wh").toString());
    org.apache.iceberg.catalog.Catalog catalog = Catalogs.open(FloeConfig.of("lake", props));
    try {
      org.apache.iceberg.catalog.Catalog jdbc =
          ((io.floe.impl.cache.CachingCatalog) catalog).delegate();
      java.lang.reflect.Field field =
          org.apache.iceberg.jdbc.JdbcCatalog.class.getDeclaredField("connections");
      field.setAccessible(true);
      org.apache.iceberg.jdbc.JdbcClientPool pool =
          (org.apache.iceberg.jdbc.JdbcClientPool) field.get(jdbc);
      return pool.run(
          connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
              List<String> values = new java.util.ArrayList<>();
              for (String pragma : List.of("journal_mode", "synchronous")) {
                try (java.sql.ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
                  rs.next();
                  values.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
              }
              return values;
            }
          });
    } finally {
      ((java.io.Closeable) catalog).close();
    }
  }
}
