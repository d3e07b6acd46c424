package io.floe.impl.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import io.floe.quality.QualitySummary;
import io.floe.quality.TableConstraints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules stored with a table and enforced by every row write path, on {@code Floe.local}. */
class ConstraintsTest {
  @TempDir Path tmp;
  private Floe floe;
  private FloeTable orders;

  @BeforeEach
  void open() {
    floe = Floe.local(tmp.resolve("wh"));
    orders =
        floe.createTable("shop.orders")
            .column("id", Types.LongType.get())
            .required()
            .column("email", Types.StringType.get())
            .column("status", Types.StringType.get())
            .column("amount", Types.DoubleType.get())
            .column("day", Types.DateType.get())
            .create();
  }

  @AfterEach
  void close() {
    floe.close();
  }

  private static Map<String, Object> row(
      long id, String email, String status, Double amount, String day) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("email", email);
    row.put("status", status);
    row.put("amount", amount);
    row.put("day", day == null ? null : java.time.LocalDate.parse(day));
    return row;
  }

  private void fiveRules(QualityMode mode) {
    orders
        .updateConstraints()
        .add(Constraint.notNull("email"))
        .add(Constraint.between("amount", 0.0, 1000.0))
        .add(Constraint.allowedValues("status", "new", "paid"))
        .add(Constraint.matches("email", "[^@]+@[^@]+"))
        .add(Constraint.unique("id"))
        .add(Constraint.atLeast("day", "2024-01-01"))
        .mode(mode)
        .commit();
  }

  private static List<Long> ids(FloeTable table) {
    List<Long> ids = new ArrayList<>();
    try (RowStream rows = table.refresh().newScan().rows()) {
      for (Row r : rows) {
        ids.add((Long) r.get("id"));
      }
    }
    ids.sort(null);
    return ids;
  }

  @Test
  void rulesAreStoredAsVersionedJsonAndReadBackByAnotherProcess() {
    fiveRules(QualityMode.QUARANTINE);
    String json = orders.refresh().properties().get(TableConstraints.PROPERTY);
    assertThat(json).contains("\"format-version\":1").contains("\"mode\":\"quarantine\"");
    try (Floe other = Floe.local(tmp.resolve("wh"))) {
      TableConstraints rules = other.loadTable("shop.orders").constraints();
      assertThat(rules).isEqualTo(orders.constraints());
      assertThat(rules.constraints())
          .extracting(Constraint::name)
          .containsExactly(
              "not_null(email)",
              "range(amount)",
              "allowed_values(status)",
              "pattern(email)",
              "unique(id)",
              "range(day)");
      assertThat(rules.mode()).isEqualTo(QualityMode.QUARANTINE);
    }
    orders.updateConstraints().remove("range(day)").commit();
    assertThat(orders.refresh().constraints().find("range(day)")).isEmpty();
    orders.updateConstraints().removeAll().mode(QualityMode.REJECT).commit();
    assertThat(orders.refresh().properties()).doesNotContainKey(TableConstraints.PROPERTY);
  }

  @Test
  void rulesAreCheckedAgainstTheSchemaWhenAdded() {
    assertThatThrownBy(() -> orders.updateConstraints().add(Constraint.notNull("emial")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.orders")
        .hasMessageContaining("emial")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("emial"));
    assertThatThrownBy(() -> orders.updateConstraints().add(Constraint.matches("amount", "x+")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("needs a string column, but column amount is double");
    assertThatThrownBy(
            () -> orders.updateConstraints().add(Constraint.between("amount", "low", "high")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("range(amount)")
        .hasMessageContaining("column amount");
    assertThatThrownBy(
            () ->
                orders
                    .updateConstraints()
                    .add(Constraint.notNull("id"))
                    .add(Constraint.notNull("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a constraint named not_null(id)");
    assertThatThrownBy(() -> orders.updateConstraints().remove("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no constraint named nope");
    assertThat(orders.refresh().properties()).doesNotContainKey(TableConstraints.PROPERTY);
  }

  @Test
  void rejectCommitsNothingAndNamesTheRow() {
    orders.newAppend().row(row(1, "a@x", "new", 5.0, "2024-02-01")).commit();
    long before = orders.refresh().currentSnapshot().orElseThrow().snapshotId();
    fiveRules(QualityMode.REJECT);
    List<Map<String, Object>> rows =
        List.of(
            row(2, "b@x", "new", 5.0, "2024-02-01"),
            row(3, "c@x", "paid", 5000.0, "2024-02-01"),
            row(4, null, "new", 5.0, "2024-02-01"));
    assertThatThrownBy(() -> orders.newAppend().rows(rows).commit())
        .isInstanceOfSatisfying(
            ConstraintViolationException.class,
            e -> {
              assertThat(e.table()).contains("shop.orders");
              assertThat(e.column()).contains("amount");
              assertThat(e.rule()).isEqualTo("range(amount)");
              assertThat(e.row()).isEqualTo(1);
              assertThat(e.value()).isEqualTo("'5000.0'");
              assertThat(e.getMessage())
                  .contains("Row 1 of the append to shop.orders breaks constraint range(amount)")
                  .contains("Nothing was committed");
            });
    assertThat(orders.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
    assertThat(ids(orders)).containsExactly(1L);
  }

  @Test
  void maskedValuesAreNotShown() {
    orders
        .updateConstraints()
        .add(Constraint.matches("email", "[^@]+@[^@]+"))
        .maskValues()
        .commit();
    assertThatThrownBy(
            () -> orders.newAppend().row(row(1, "secret-token", "new", 1.0, null)).commit())
        .isInstanceOfSatisfying(
            ConstraintViolationException.class,
            e -> {
              assertThat(e.value()).isEqualTo("***");
              assertThat(e.getMessage()).doesNotContain("secret-token");
            });
  }

  @Test
  void longValuesAreTruncated() {
    orders.updateConstraints().add(Constraint.length("email", 1, 5)).showValues(4).commit();
    assertThatThrownBy(
            () -> orders.newAppend().row(row(1, "abcdefghij", "new", 1.0, null)).commit())
        .isInstanceOfSatisfying(
            ConstraintViolationException.class, e -> assertThat(e.value()).isEqualTo("'abcd...'"));
  }

  @Test
  void quarantineCommitsTheGoodRowsAndKeepsTheBadOnes() {
    fiveRules(QualityMode.QUARANTINE);
    List<Map<String, Object>> rows =
        List.of(
            row(1, "a@x", "new", 5.0, "2024-02-01"),
            row(2, "b@x", "lost", 5.0, "2024-02-01"),
            row(3, "c-at-x", "paid", 5.0, "2024-02-01"),
            row(1, "d@x", "paid", 6.0, "2024-02-01"),
            row(5, null, "paid", 6.0, "2023-02-01"),
            row(6, "f@x", null, null, null));
    AppendResult result = orders.newAppend().rows(rows).commit();
    assertThat(ids(orders)).containsExactly(1L, 6L);
    QualitySummary summary = QualitySummary.of(result.summary()).orElseThrow();
    assertThat(summary.checkedRows()).isEqualTo(6);
    assertThat(summary.quarantinedRows()).isEqualTo(4);
    assertThat(summary.quarantineTable()).isEqualTo("shop.orders__quarantine");
    assertThat(summary.quarantinedByRule())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "allowed_values(status)", 1L,
                "pattern(email)", 1L,
                "unique(id)", 1L,
                "not_null(email)", 1L));
    FloeTable quarantine = floe.loadTable("shop.orders__quarantine");
    Map<Long, String> byRow = new TreeMap<>();
    try (RowStream q = quarantine.newScan().rows()) {
      for (Row r : q) {
        byRow.put((Long) r.get("_row"), r.get("_rule") + "|" + r.get("id") + "|" + r.get("email"));
        assertThat(r.get("_write_id")).isEqualTo(result.summary().get("floe.quality.write-id"));
        assertThat(r.get("_source_table")).isEqualTo("shop.orders");
      }
    }
    assertThat(byRow)
        .containsExactly(
            Map.entry(1L, "allowed_values(status)|2|b@x"),
            Map.entry(2L, "pattern(email)|3|c-at-x"),
            Map.entry(3L, "unique(id)|1|d@x"),
            Map.entry(4L, "not_null(email)|5|null"));
  }

  @Test
  void upsertAndOverwriteAreCheckedToo() {
    orders
        .updateConstraints()
        .add(Constraint.atLeast("amount", 0.0))
        .mode(QualityMode.QUARANTINE)
        .quarantineTable("shop.bad_orders")
        .commit();
    orders.newAppend().row(row(1, "a@x", "new", 5.0, null)).commit();
    ChangeResult upsert =
        orders
            .newUpsert()
            .key("id")
            .rows(List.of(row(1, "a@x", "paid", 7.0, null), row(2, "b@x", "new", -1.0, null)))
            .commit();
    assertThat(QualitySummary.of(upsert.summary()).orElseThrow().quarantinedRows()).isEqualTo(1);
    assertThat(ids(orders)).containsExactly(1L);
    ChangeResult overwrite =
        orders
            .newOverwrite()
            .where(Expressions.equal("id", 1L))
            .rows(List.of(row(1, "a@x", "paid", -9.0, null), row(3, "c@x", "new", 3.0, null)))
            .commit();
    assertThat(QualitySummary.of(overwrite.summary()).orElseThrow().quarantinedRows()).isEqualTo(1);
    assertThat(ids(orders)).containsExactly(3L);
    assertThat(floe.loadTable("shop.bad_orders").newScan().count()).isEqualTo(2);

    orders.updateConstraints().mode(QualityMode.REJECT).commit();
    assertThatThrownBy(
            () ->
                orders
                    .newUpsert()
                    .key("id")
                    .rows(List.of(row(3, "c@x", "new", -3.0, null)))
                    .commit())
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("Row 0 of the upsert to shop.orders breaks constraint range(amount)");
    assertThat(ids(orders)).containsExactly(3L);
  }

  @Test
  void customChecksAreIcebergExpressions() {
    orders
        .updateConstraints()
        .add(
            Constraint.check(
                "paid_has_amount",
                Expressions.or(
                    Expressions.notEqual("status", "paid"), Expressions.notNull("amount"))))
        .commit();
    orders.newAppend().row(row(1, "a@x", "paid", 1.0, null)).commit();
    assertThatThrownBy(() -> orders.newAppend().row(row(2, "b@x", "paid", null, null)).commit())
        .isInstanceOfSatisfying(
            ConstraintViolationException.class,
            e -> {
              assertThat(e.rule()).isEqualTo("paid_has_amount");
              assertThat(e.column()).isEqualTo(Optional.empty());
            });
    assertThat(ids(orders)).containsExactly(1L);
  }

  @Test
  void transactionAppendsRejectEvenInQuarantineMode() {
    fiveRules(QualityMode.QUARANTINE);
    var tx = orders.newTransaction();
    assertThatThrownBy(
            () -> tx.newAppend().row(row(1, "not-an-email", "new", 1.0, "2024-02-01")).commit())
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("Quarantine is not available to this write");
    tx.newAppend().row(row(2, "b@x", "new", 1.0, "2024-02-01")).commit();
    tx.commit();
    assertThat(ids(orders)).containsExactly(2L);
    assertThat(floe.findTable("shop.orders__quarantine")).isEmpty();
  }

  @Test
  void rulesOfAnUnknownFormatVersionStopWritesRatherThanHalfEnforce() {
    String newer = "{\"format-version\":2,\"mode\":\"reject\"}";
    // Floe refuses to store rules it cannot read...
    assertThatThrownBy(
            () -> orders.updateProperties().set(TableConstraints.PROPERTY, newer).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("format version 2");
    // ...but a newer Floe (here: Iceberg underneath) may have written them
    io.floe.impl.spi.Internals.icebergTable(orders)
        .updateProperties()
        .set(TableConstraints.PROPERTY, newer)
        .commit();
    assertThatThrownBy(() -> orders.refresh().newAppend().row(row(1, "a@x", "new", 1.0, null)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("data quality rules of shop.orders")
        .hasMessageContaining("format version 2 is not one this Floe reads");
    assertThat(orders.refresh().currentSnapshot()).isEmpty();
    assertThatThrownBy(() -> orders.constraints()).isInstanceOf(ValidationException.class);
  }

  @Test
  void schemaChangesAreFollowed() {
    orders
        .updateConstraints()
        .add(Constraint.atLeast("amount", 0.0))
        .add(Constraint.notNull("status"))
        .mode(QualityMode.QUARANTINE)
        .commit();
    orders.newAppend().row(row(1, "a@x", "new", -1.0, null)).commit();
    orders.updateSchema().addColumn("region", Types.StringType.get()).commit();
    Map<String, Object> withRegion = row(2, "b@x", "new", -2.0, null);
    withRegion.put("region", "eu");
    orders.refresh().newAppend().row(withRegion).commit();
    try (RowStream q = floe.loadTable("shop.orders__quarantine").newScan().rows()) {
      List<String> regions = new ArrayList<>();
      q.forEach(r -> regions.add(r.get("id") + ":" + r.get("region")));
      regions.sort(null);
      assertThat(regions).containsExactly("1:null", "2:eu");
    }
    orders.updateSchema().deleteColumn("status").commit();
    Map<String, Object> noStatus = row(3, "c@x", null, 1.0, null);
    noStatus.remove("status");
    assertThatThrownBy(() -> orders.refresh().newAppend().row(noStatus))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Constraint not_null(status) of shop.orders is on column status")
        .hasMessageContaining("updateConstraints().remove(\"not_null(status)\")");
  }

  @Test
  void uniqueInTableReadsKeysOnlyWhenAKeyFallsInAFilesRange() {
    List<Map<String, Object>> first = new ArrayList<>();
    for (long id = 1; id <= 100; id++) {
      first.add(row(id, "a@x", "new", 1.0, null));
    }
    orders.newAppend().rows(first).commit();
    orders.newDelete().where(Expressions.equal("id", 50L)).commit();
    orders
        .updateConstraints()
        .add(Constraint.uniqueInTable("id"))
        .mode(QualityMode.QUARANTINE)
        .commit();
    assertThat(orders.refresh().constraints().find("unique_in_table(id)").orElseThrow().tableWide())
        .isTrue();

    TableKeys keys =
        new TableKeys(
            "shop.orders",
            io.floe.impl.spi.Internals.icebergTable(orders),
            orders.schema().findField("id"));
    assertThat(keys.contains(101)).isFalse();
    assertThat(keys.contains(-5)).isFalse();
    assertThat(keys.loaded()).as("keys outside every file's range read no data").isFalse();
    assertThat(keys.contains(7)).isTrue();
    assertThat(keys.loaded()).isTrue();
    assertThat(keys.contains(50)).as("deleted rows do not count").isFalse();

    AppendResult result =
        orders
            .newAppend()
            .rows(
                List.of(
                    row(101, "b@x", "new", 1.0, null),
                    row(7, "c@x", "new", 1.0, null),
                    row(50, "d@x", "new", 1.0, null),
                    row(101, "e@x", "new", 1.0, null)))
            .commit();
    assertThat(QualitySummary.of(result.summary()).orElseThrow().quarantinedByRule())
        .containsExactly(Map.entry("unique_in_table(id)", 2L));
    assertThat(ids(orders)).hasSize(101).contains(50L, 101L).doesNotHaveDuplicates();

    orders.updateConstraints().mode(QualityMode.REJECT).commit();
    assertThatThrownBy(() -> orders.newAppend().row(row(3, "f@x", "new", 1.0, null)).commit())
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("key [id] already in the table or earlier in this write");
    assertThatThrownBy(
            () -> orders.updateConstraints().add(Constraint.uniqueInTable("email")).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("needs a long or int column, but column email is string");
  }

  @Test
  void quarantineCommitsAreReportedLikeEveryCommit() {
    List<String> commits = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.floe.events.FloeListener listener =
        new io.floe.events.FloeListener() {
          @Override
          public void onCommit(io.floe.events.CommitEvent event) {
            commits.add(event.table() + ":" + event.addedRows());
          }
        };
    try (Floe listened =
        Floe.open(
            io.floe.FloeConfig.builder("local")
                .property("type", io.floe.FloeConfig.TYPE_LOCAL)
                .property("warehouse", tmp.resolve("wh").toString())
                .listener(listener)
                .build())) {
      FloeTable t = listened.loadTable("shop.orders");
      t.updateConstraints()
          .add(Constraint.atLeast("amount", 0.0))
          .mode(QualityMode.QUARANTINE)
          .commit();
      commits.clear();
      t.newAppend()
          .rows(List.of(row(1, "a@x", "new", 1.0, null), row(2, "b@x", "new", -1.0, null)))
          .commit();
    }
    assertThat(commits).containsExactly("shop.orders__quarantine:1", "shop.orders:1");
  }
}
