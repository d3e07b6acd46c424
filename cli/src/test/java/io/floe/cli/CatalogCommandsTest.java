package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ns ...}, {@code floe table ...}, global options, errors and exit codes. */
class CatalogCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void tableListInEveryFormat() {
    assertThat(cli.run("table", "list")).isEqualTo(ok("table\nshop.orders\n"));
    assertThat(cli.run("-o", "csv", "table", "list")).isEqualTo(ok("table\nshop.orders\n"));
    Cli.Result json = cli.run("table", "list", "--output", "JSON");
    assertThat(json.code()).isZero();
    JsonNode parsed = Fixture.json(json.out());
    assertThat(parsed.isArray()).isTrue();
    assertThat(parsed).hasSize(1);
    assertThat(parsed.get(0).get("table").asText()).isEqualTo("shop.orders");
    assertThat(cli.run("table", "list", "shop")).isEqualTo(ok("table\nshop.orders\n"));
  }

  @Test
  void namespacesCreateListPropsDrop() {
    assertThat(cli.run("ns", "create", "analytics", "-p", "owner=bi"))
        .isEqualTo(ok("Created namespace analytics\n"));
    assertThat(cli.run("ns", "create", "analytics.daily"))
        .isEqualTo(ok("Created namespace analytics.daily\n"));
    assertThat(cli.run("ns", "list"))
        .isEqualTo(ok("namespace\nanalytics\nanalytics.daily\nshop\n"));
    assertThat(cli.run("ns", "list", "analytics")).isEqualTo(ok("namespace\nanalytics.daily\n"));
    assertThat(cli.run("ns", "props", "analytics", "--set", "team=core", "--unset", "owner"))
        .isEqualTo(
            ok(
                "key       value\nlocation  "
                    + dir.resolve("warehouse").resolve("analytics")
                    + "\nteam      core\n"));
    Cli.Result json = cli.run("ns", "props", "analytics", "-o", "json");
    assertThat(Fixture.json(json.out()).get(1).get("value").asText()).isEqualTo("core");
    assertThat(cli.run("ns", "drop", "analytics.daily"))
        .isEqualTo(ok("Dropped namespace analytics.daily\n"));
    Cli.Result missing = cli.run("ns", "drop", "analytics.daily");
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err())
        .isEqualTo(
            "floe: Namespace analytics.daily does not exist: list namespaces with 'floe ns list'\n");
    Cli.Result exists = cli.run("ns", "create", "shop");
    assertThat(exists.code()).isEqualTo(ExitCodes.ALREADY_EXISTS);
    assertThat(exists.err()).startsWith("floe: ").contains("shop").endsWith("\n");
    assertThat(exists.err().lines()).hasSize(1);
  }

  @Test
  void createFromAvroSchemaDescribeRenameDrop() throws Exception {
    Path avsc = dir.resolve("events.avsc");
    Files.writeString(
        avsc,
        """
        {"type": "record", "name": "Event", "fields": [
          {"name": "id", "type": "long"},
          {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "category", "type": ["null", "string"], "default": null}
        ]}
        """);
    Cli.Result created =
        cli.run(
            "table",
            "create",
            "shop.events",
            "--schema",
            "events.avsc",
            "--partition-by",
            "day(ts)",
            "--partition-by",
            "bucket(4, id)",
            "-p",
            "write.target-file-size-bytes=1048576");
    String location = dir.resolve("warehouse").resolve("shop").resolve("events").toString();
    assertThat(created)
        .isEqualTo(
            ok(
                "Created table shop.events (3 columns, partitioned by day(ts), bucket[4](id)) at "
                    + location
                    + "\n"));
    assertThat(cli.run("schema", "shop.events"))
        .isEqualTo(
            ok(
                """
                id  name      type         required  doc
                1   id        long         true
                2   ts        timestamptz  true
                3   category  string       false
                """));
    Cli.Result describe = cli.run("table", "describe", "shop.events", "-o", "json");
    assertThat(describe.code()).isZero();
    JsonNode d = Fixture.json(describe.out());
    assertThat(d.get("table").asText()).isEqualTo("shop.events");
    assertThat(d.get("location").asText()).isEqualTo(location);
    assertThat(d.get("current_snapshot_id").isNull()).isTrue();
    assertThat(d.get("snapshots").asInt()).isZero();
    assertThat(d.get("partition_spec").asText()).isEqualTo("day(ts), bucket[4](id)");
    assertThat(d.get("properties").get("write.target-file-size-bytes").asText())
        .isEqualTo("1048576");

    assertThat(cli.run("table", "rename", "shop.events", "shop.events_v1"))
        .isEqualTo(ok("Renamed table shop.events to shop.events_v1\n"));
    assertThat(cli.run("table", "list")).isEqualTo(ok("table\nshop.events_v1\nshop.orders\n"));
    assertThat(cli.run("table", "drop", "shop.events_v1"))
        .isEqualTo(ok("Dropped table shop.events_v1\n"));
    Cli.Result again = cli.run("table", "drop", "shop.events_v1");
    assertThat(again.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(again.err())
        .isEqualTo(
            "floe: Table shop.events_v1 does not exist: list tables with 'floe table list'\n");
  }

  @Test
  void createFromIcebergJsonSchema() throws Exception {
    Files.writeString(
        dir.resolve("users.json"),
        """
        {"type": "struct", "schema-id": 0, "fields": [
          {"id": 1, "name": "id", "required": true, "type": "long"},
          {"id": 2, "name": "name", "required": false, "type": "string", "doc": "display name"},
          {"id": 3, "name": "address", "required": false, "type":
            {"type": "struct", "fields": [
              {"id": 4, "name": "city", "required": false, "type": "string"}]}}
        ]}
        """);
    Cli.Result created =
        cli.run("table", "create", "shop.users", "-s", "users.json", "--format-version", "3");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("Created table shop.users (3 columns) at ");
    assertThat(cli.run("schema", "shop.users", "-o", "csv"))
        .isEqualTo(
            ok(
                """
                id,name,type,required,doc
                1,id,long,true,
                2,name,string,false,display name
                3,address,struct,false,
                4,address.city,string,false,
                """));
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.users").schema().findField("address.city")).isNotNull();
    }
  }

  @Test
  void badSchemaFileAndPartitionAreUsageErrors() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"type\": \"enum\"}");
    Cli.Result bad = cli.run("table", "create", "shop.x", "-s", "bad.json");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err())
        .isEqualTo(
            "floe: Schema file "
                + dir.resolve("bad.json")
                + " is neither an Avro record schema (\"type\": \"record\") nor an Iceberg schema"
                + " (\"type\": \"struct\") nor a data file (.csv, .jsonl, .parquet, .avro)\n"
                + "floe: see 'floe table create --help'\n");
    Cli.Result missing = cli.run("table", "create", "shop.x", "-s", "nope.avsc");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err())
        .startsWith("floe: Schema file " + dir.resolve("nope.avsc") + " does not exist");
    Files.writeString(
        dir.resolve("ok.json"),
        "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}");
    Cli.Result partition =
        cli.run("table", "create", "shop.x", "-s", "ok.json", "--partition-by", "bucket(id)");
    assertThat(partition.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(partition.err())
        .startsWith(
            "floe: --partition-by bucket(id) needs a number and a column, as in bucket(16, id)");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.tableExists("shop.x")).isFalse();
    }
  }

  @Test
  void tableProps() {
    Cli.Result set =
        cli.run(
            "table",
            "props",
            "shop.orders",
            "--set",
            "owner=bi",
            "--unset",
            "commit.retry.num-retries");
    assertThat(set.code()).isZero();
    assertThat(set.out().lines().toList())
        .first()
        .isEqualTo("key                              value");
    assertThat(set.out()).contains("\nowner                            bi\n");
    assertThat(set.out()).doesNotContain("commit.retry.num-retries");
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      assertThat(t.properties()).containsEntry("owner", "bi");
      assertThat(t.properties()).doesNotContainKey("commit.retry.num-retries");
    }
  }

  @Test
  void errorsAreOneLineUnlessVerbose() {
    Cli.Result missing = cli.run("table", "describe", "shop.nope");
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err().lines()).hasSize(1);
    assertThat(missing.err()).startsWith("floe: ").contains("shop.nope");

    Cli.Result verbose = cli.run("--verbose", "table", "describe", "shop.nope");
    assertThat(verbose.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(verbose.err().lines().findFirst()).hasValue(missing.err().strip());
    assertThat(verbose.err()).contains("io.floe.NotFoundException").contains("\tat ");

    Cli.Result typo = cli.run("tabel", "list");
    assertThat(typo)
        .isEqualTo(
            new Cli.Result(
                ExitCodes.USAGE,
                "",
                "floe: Unmatched arguments from index 0: 'tabel', 'list'\n"
                    + "floe: did you mean: table, metadata, shell?\n"
                    + "floe: see 'floe --help'\n"));
    Cli.Result badFormat = cli.run("table", "list", "-o", "yaml");
    assertThat(badFormat.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err())
        .startsWith(
            "floe: Invalid value for option '--output': expected one of [TABLE, JSON, CSV]");
  }

  @Test
  void catalogsFromConfigurationFileAndEnvironment() throws Exception {
    Path other = dir.resolve("other");
    Files.writeString(
        dir.resolve("floe.yaml"),
        "catalog:\n  other:\n    type: local\n    warehouse: " + other + "\n");
    assertThat(cli.run("--catalog", "other", "ns", "create", "x"))
        .isEqualTo(ok("Created namespace x\n"));
    assertThat(cli.run("--catalog", "other", "ns", "list")).isEqualTo(ok("namespace\nx\n"));
    // without --catalog: the local warehouse, untouched
    assertThat(cli.run("ns", "list")).isEqualTo(ok("namespace\nshop\n"));
    // --catalog local is the default warehouse even when the file does not name it
    assertThat(cli.run("--catalog", "local", "ns", "list")).isEqualTo(ok("namespace\nshop\n"));

    Cli env =
        new Cli(
            dir.resolve("elsewhere"),
            Map.of(
                "FLOE_CATALOG__OTHER__TYPE",
                "local",
                "FLOE_CATALOG__OTHER__WAREHOUSE",
                other.toString()));
    Files.createDirectories(dir.resolve("elsewhere"));
    // the JDBC catalog keeps its name in its rows: the same warehouse under the same name
    assertThat(env.run("--catalog", "other", "ns", "list")).isEqualTo(ok("namespace\nx\n"));
    assertThat(
            env.run(
                "--config",
                dir.resolve("floe.yaml").toString(),
                "--catalog",
                "other",
                "ns",
                "list"))
        .isEqualTo(ok("namespace\nx\n"));

    Cli.Result unknown = cli.run("--catalog", "prod", "table", "list");
    assertThat(unknown)
        .isEqualTo(
            new Cli.Result(
                ExitCodes.NOT_FOUND,
                "",
                "floe: Catalog 'prod' is not configured (configured: other, from "
                    + dir.resolve("floe.yaml")
                    + "): add it to floe.yaml (catalog: prod: type: ...), pass --config FILE, or"
                    + " set FLOE_CATALOG__PROD__TYPE\n"));
  }

  @Test
  void warehouseOptionAndEnvironment() {
    Path fresh = dir.resolve("fresh");
    assertThat(cli.run("--warehouse", fresh.toString(), "ns", "create", "a"))
        .isEqualTo(ok("Created namespace a\n"));
    Cli env = new Cli(dir, Map.of("FLOE_WAREHOUSE", fresh.toString()));
    assertThat(env.run("ns", "list")).isEqualTo(ok("namespace\na\n"));
    assertThat(Files.isRegularFile(fresh.resolve("catalog.db"))).isTrue();
  }

  @Test
  void helpListsExitCodesAndExamples() {
    Cli.Result help = cli.run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("Exit codes:\n  0   ok\n")
        .contains("  3   not found (namespace, table, snapshot, ref or catalog)\n")
        .contains("Examples:\n  floe ns create analytics\n");
    for (String command :
        List.of(
            "ns",
            "table",
            "schema",
            "history",
            "snapshots",
            "refs",
            "files",
            "manifests",
            "partitions",
            "metadata",
            "stats",
            "health",
            "sql",
            "scan",
            "head",
            "sample",
            "compact",
            "expire",
            "orphans",
            "rewrite-manifests",
            "rewrite-deletes",
            "shell")) {
      assertThat(help.out()).containsPattern("\n  " + command + "[ ,]");
      Cli.Result sub = cli.run(command, "--help");
      assertThat(sub.code()).as(command).isZero();
      assertThat(sub.out()).as(command).startsWith("Usage: floe " + command);
    }
    assertThat(cli.run("table", "create", "--help").out())
        .contains("Examples:\n  floe table create analytics.events --schema events.avsc");
  }

  @Test
  void version() {
    Cli.Result v = cli.run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).matches("floe \\S.*\n");
  }

  static Cli.Result ok(String out) {
    return new Cli.Result(0, out, "");
  }
}
