package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe sql}, {@code scan} and {@code head}. */
class QueryCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void sqlSelectAndInsert() {
    assertThat(
            cli.run(
                "sql",
                "SELECT category, count(*) AS n, sum(amount) AS total FROM shop.orders"
                    + " GROUP BY 1 ORDER BY 1"))
        .isEqualTo(ok("category  n  total\nbooks     2  17.75\ngames     2  4.0\n"));
    Cli.Result insert =
        cli.run(
            "sql",
            "INSERT INTO shop.orders VALUES (5, TIMESTAMPTZ '2026-02-01 00:00:00+00', 'toys', 2.5::DOUBLE)");
    assertThat(insert).isEqualTo(ok("1 row written\n"));
    JsonNode rows =
        Fixture.json(cli.run("sql", "SELECT id FROM shop.orders ORDER BY id", "-o", "json").out());
    assertThat(rows).hasSize(5);
    assertThat(rows.get(4).get("id").asLong()).isEqualTo(5);
    Cli.Result bad = cli.run("sql", "SELECT nope FROM shop.orders");
    assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err().lines()).hasSize(1);
    assertThat(bad.err()).startsWith("floe: ").contains("nope");
  }

  @Test
  void scanWithFilterColumnsAndLimit() {
    Cli.Result scan =
        cli.run("scan", "shop.orders", "--where", "amount > 2", "--select", "id,category,amount");
    assertThat(scan.code()).isZero();
    // files are read in planning order: compare the rows sorted
    assertThat(scan.out().lines().toList()).first().isEqualTo("id  category  amount");
    assertThat(scan.out().lines().skip(1).sorted().toList())
        .containsExactly("1   books     10.5", "2   games     3.0", "3   books     7.25");
    Cli.Result csv =
        cli.run(
            "scan", "shop.orders", "--where", "category = 'games'", "--select", "id", "-o", "csv");
    assertThat(csv.out().lines().sorted().toList()).containsExactly("2", "4", "id");
    Cli.Result limited = cli.run("scan", "shop.orders", "--limit", "1", "-o", "json");
    assertThat(Fixture.json(limited.out())).hasSize(1);
    JsonNode head = Fixture.json(cli.run("head", "shop.orders", "-n", "2", "-o", "json").out());
    assertThat(head).hasSize(2);
    assertThat(head.get(0).has("ts")).isTrue();
    assertThat(head.get(0).get("amount").isNumber()).isTrue();
  }

  @Test
  void scanAsOfSnapshotTimeAndRef() {
    long first;
    Instant firstTime;
    try (Floe floe = Fixture.open(dir)) {
      var s = floe.loadTable("shop.orders").snapshots().get(0);
      first = s.snapshotId();
      firstTime = Instant.ofEpochMilli(s.timestampMillis());
    }
    assertThat(
            cli.run(
                    "scan",
                    "shop.orders",
                    "--as-of",
                    Long.toString(first),
                    "--select",
                    "id",
                    "-o",
                    "csv")
                .out()
                .lines()
                .sorted())
        .containsExactly("1", "2", "id");
    assertThat(
            cli.run(
                    "scan",
                    "shop.orders",
                    "--as-of",
                    firstTime.toString(),
                    "--select",
                    "id",
                    "-o",
                    "csv")
                .out()
                .lines()
                .sorted())
        .containsExactly("1", "2", "id");
    assertThat(Fixture.json(cli.run("scan", "shop.orders", "--as-of", "main", "-o", "json").out()))
        .hasSize(4);
    Cli.Result unknown = cli.run("scan", "shop.orders", "--as-of", "nosuchbranch");
    assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).startsWith("floe: ").contains("nosuchbranch");
    Cli.Result bad = cli.run("scan", "shop.orders", "--as-of", "12:00");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err())
        .startsWith(
            "floe: --as-of 12:00 is neither a snapshot id, a time (2026-01-31T12:00:00Z) nor a"
                + " branch or tag\n");
  }

  @Test
  void sampleIsASubsetOfTheRows() {
    JsonNode two = Fixture.json(cli.run("sample", "shop.orders", "-n", "2", "-o", "json").out());
    assertThat(two).hasSize(2);
    long a = two.get(0).get("id").asLong();
    long b = two.get(1).get("id").asLong();
    assertThat(a).isNotEqualTo(b);
    assertThat(List.of(a, b)).allMatch(id -> id >= 1 && id <= 4);
    Cli.Result all = cli.run("sample", "shop.orders", "-n", "10", "--select", "id", "-o", "csv");
    assertThat(all.out().lines().sorted().toList()).containsExactly("1", "2", "3", "4", "id");
    Cli.Result books =
        cli.run(
            "sample",
            "shop.orders",
            "--where",
            "category = 'books'",
            "--select",
            "id",
            "-o",
            "csv");
    assertThat(books.out().lines().sorted().toList()).containsExactly("1", "3", "id");
    assertThat(cli.run("sample", "shop.orders", "-n", "0", "-o", "csv").out())
        .isEqualTo("id,ts,category,amount\n");
  }

  @Test
  void badFilterIsOneLine() {
    Cli.Result r = cli.run("scan", "shop.orders", "--where", "nope = 1");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("floe: ").contains("nope");
  }

  static Cli.Result ok(String out) {
    return new Cli.Result(0, out, "");
  }
}
