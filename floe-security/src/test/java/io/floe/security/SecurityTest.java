package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Principal;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.UnsupportedFeatureException;
import io.floe.events.AccessDeniedEvent;
import io.floe.events.FloeListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityTest {
  static final String SALT = "a-table-salt-of-32-characters-ok";

  @TempDir Path dir;
  final List<AccessDeniedEvent> denied = new CopyOnWriteArrayList<>();
  final List<io.floe.events.ScanEvent> scans = new CopyOnWriteArrayList<>();
  Floe floe;
  FloeTable orders;

  @BeforeEach
  void setUp() {
    FloeListener audit =
        new FloeListener() {
          @Override
          public void onAccessDenied(AccessDeniedEvent event) {
            denied.add(event);
          }

          @Override
          public void onScan(io.floe.events.ScanEvent event) {
            scans.add(event);
          }
        };
    floe =
        Floe.open(
            FloeConfig.builder("local")
                .properties(FloeConfig.local(dir.resolve("wh")).properties())
                .property(FloeConfig.PRINCIPAL, "svc")
                .listener(audit)
                .build());
    floe.createNamespace("sales");
    orders =
        floe.createTable("sales.orders")
            .column("id", Types.LongType.get())
            .required()
            .column("email", Types.StringType.get())
            .column("card", Types.StringType.get())
            .column("region", Types.StringType.get())
            .column("day", Types.DateType.get())
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, Object> r = new HashMap<>();
      r.put("id", (long) i);
      r.put("email", "user" + i + "@example.com");
      r.put("card", "4111-0000-0000-000" + i);
      r.put("region", i % 2 == 0 ? "EU" : "US");
      r.put("day", LocalDate.of(2026, 3, 1 + i));
      rows.add(r);
    }
    orders.newAppend().rows(rows).commit();
  }

  @AfterEach
  void tearDown() {
    floe.close();
  }

  Policy policy() {
    return Policy.builder()
        .grant("analyst", "sales", Privilege.READ)
        .grant("etl", "sales.orders", Privilege.READ, Privilege.WRITE)
        .grant("user:root", "sales", Privilege.ADMIN)
        .denyColumns("analyst", "sales.orders", "card")
        .mask("analyst", "sales.orders", "email", Mask.hash())
        .mask("analyst", "sales.orders", "day", Mask.truncate("month"))
        .rowFilter("eu", "sales.orders", "region = 'EU'")
        .salt("sales.orders", SALT)
        .build();
  }

  static List<Row> rows(RowStream stream) {
    List<Row> out = new ArrayList<>();
    try (stream) {
      stream.forEach(out::add);
    }
    return out;
  }

  @Test
  void analystSeesMaskedFilteredRowsWithoutTheDeniedColumn() {
    Floe secured = FloeSecurity.protect(floe, policy());
    FloeTable t = secured.as(Principal.of("ann", "analyst", "eu")).loadTable("sales.orders");
    assertThat(t.schema().asStruct().field("card")).isNull();
    List<Row> rows = rows(t.newScan().rows());
    assertThat(rows).hasSize(5);
    for (Row r : rows) {
      assertThat(r.struct().field("card")).isNull();
      assertThat(r.get("region")).isEqualTo("EU");
      assertThat((String) r.get("email")).hasSize(32).doesNotContain("@");
      assertThat(((LocalDate) r.get("day")).getDayOfMonth()).isEqualTo(1);
    }
    // the scan event names the view's principal, not the handle's configured one (svc)
    assertThat(scans).last().extracting(io.floe.events.ScanEvent::principal).isEqualTo("ann");
    try (org.apache.arrow.memory.RootAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        io.floe.parquet.ArrowBatches batches =
            t.newScan().arrow(io.floe.parquet.ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        batches.next();
      }
    }
    assertThat(scans).last().extracting(io.floe.events.ScanEvent::principal).isEqualTo("ann");
    // equal values hash equally (joins and counts still work); the salt never shows
    assertThat(rows.get(0).get("email").toString()).isNotEqualTo(rows.get(1).get("email"));
    assertThat(
            secured.as(Principal.of("ann", "analyst")).loadTable("sales.orders").newScan().count())
        .isEqualTo(10);
  }

  @Test
  void explainNeedsReadAndHidesWhatAPolicyMayHide() {
    Floe secured = FloeSecurity.protect(floe, policy());
    // etl reads without masks or denied columns: the whole explanation
    io.floe.ScanExplanation etl =
        secured
            .as(Principal.of("eve", "etl"))
            .loadTable("sales.orders")
            .newScan()
            .where("email = 'user1@example.com'")
            .explain();
    assertThat(etl.filter()).contains("user1@example.com");
    // the analyst's explanation has the row filter pushed in, no denied column, no filter text
    io.floe.ScanExplanation ann =
        secured
            .as(Principal.of("ann", "analyst", "eu"))
            .loadTable("sales.orders")
            .newScan()
            .explain();
    assertThat(ann.columns()).doesNotContain("card");
    assertThat(ann.filter()).isEqualTo("(hidden by policy)");
    assertThat(ann.files()).allMatch(f -> !f.residual().contains("EU"));
    assertThatThrownBy(
            () ->
                secured
                    .as(Principal.of("mallory", "nobody"))
                    .loadTable("sales.orders")
                    .newScan()
                    .explain())
        .isInstanceOf(io.floe.AccessDeniedException.class);
  }

  @Test
  void deniedColumnsAndFiltersOnRestrictedColumnsAreRefusedAndAudited() {
    Floe secured = FloeSecurity.protect(floe, policy());
    FloeTable t = secured.as(Principal.of("ann", "analyst")).loadTable("sales.orders");
    assertThatThrownBy(() -> t.newScan().select("id", "card"))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> {
              assertThat(e.principal()).isEqualTo("ann");
              assertThat(e.table()).contains("sales.orders");
              assertThat(e.column()).contains("card");
              assertThat(e.privilege()).isEqualTo("column");
            })
        .hasMessageContaining("ann")
        .hasMessageContaining("card")
        .hasMessageContaining("sales.orders");
    assertThatThrownBy(() -> t.newScan().where("card = '4111-0000-0000-0001'"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("may not filter on column card");
    // a filter on a masked column would reveal the stored values through the rows it keeps
    assertThatThrownBy(() -> t.newScan().where(Expressions.equal("email", "user1@example.com")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("masked");
    assertThatThrownBy(() -> t.newIncrementalScan().select("card"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(denied).hasSize(4);
    assertThat(denied.get(0).principal()).isEqualTo("ann");
    assertThat(denied.get(0).table()).isEqualTo("sales.orders");
    assertThat(denied.get(0).column()).isEqualTo("card");
  }

  @Test
  void grantsGuardWritesMaintenanceAndDefinitionChanges() {
    Floe secured = FloeSecurity.protect(floe, policy());
    FloeTable analyst = secured.as(Principal.of("ann", "analyst")).loadTable("sales.orders");
    assertThatThrownBy(analyst::newAppend)
        .isInstanceOfSatisfying(
            AccessDeniedException.class, e -> assertThat(e.privilege()).isEqualTo("write"))
        .hasMessageContaining("no write grant on sales.orders");
    assertThatThrownBy(analyst::maintenance)
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("maintain");
    assertThatThrownBy(analyst::updateSchema)
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("admin");
    assertThatThrownBy(analyst::updateConstraints)
        .isInstanceOfSatisfying(
            AccessDeniedException.class, e -> assertThat(e.privilege()).isEqualTo("admin"));
    assertThat(analyst.constraints().constraints()).isEmpty();
    FloeTable etl = secured.as(Principal.of("job", "etl")).loadTable("sales.orders");
    etl.newAppend().row(Map.of("id", 99L, "region", "EU")).commit();
    assertThat(etl.newScan().count()).isEqualTo(11);
    assertThatThrownBy(() -> secured.as(Principal.of("eve")).loadTable("sales.orders"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("eve");
    assertThat(secured.as(Principal.of("eve")).listTables("sales")).isEmpty();
    assertThat(secured.as(Principal.of("ann", "analyst")).listTables("sales"))
        .containsExactly("sales.orders");
    assertThatThrownBy(() -> secured.as(Principal.of("ann", "analyst")).dropTable("sales.orders"))
        .isInstanceOf(AccessDeniedException.class);
    // a restore registers a table: admin, like registerTable
    assertThatThrownBy(
            () -> secured.as(Principal.of("job", "etl")).restoreTable("sales.back", "/nowhere"))
        .isInstanceOfSatisfying(
            AccessDeniedException.class, e -> assertThat(e.privilege()).isEqualTo("admin"));
    Floe root = secured.as(Principal.of("root"));
    root.createTable("sales.t2").column("x", Types.IntegerType.get()).create();
    assertThat(root.loadTable("sales.t2").maintenance()).isNotNull();
    assertThat(root.dropTable("sales.t2")).isTrue();
  }

  @Test
  void metadataTablesThatExposeStatisticsNeedUnrestrictedRead() {
    Floe secured = FloeSecurity.protect(floe, policy());
    FloeTable analyst = secured.as(Principal.of("ann", "analyst")).loadTable("sales.orders");
    for (MetadataTableType type :
        List.of(
            MetadataTableType.FILES,
            MetadataTableType.DATA_FILES,
            MetadataTableType.PARTITIONS,
            MetadataTableType.MANIFESTS,
            MetadataTableType.ENTRIES,
            MetadataTableType.ALL_DATA_FILES)) {
      assertThatThrownBy(() -> analyst.metadataTable(type))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("metadata table " + type.name().toLowerCase());
    }
    assertThat(rows(analyst.metadataTable(MetadataTableType.SNAPSHOTS).rows())).hasSize(1);
    // the files table of an unrestricted reader holds the card column's bounds: the reason for the
    // rule
    FloeTable etl = secured.as(Principal.of("job", "etl")).loadTable("sales.orders");
    Row file = rows(etl.metadataTable(MetadataTableType.FILES).rows()).get(0);
    Map<?, ?> lower = (Map<?, ?>) file.get("lower_bounds");
    java.nio.ByteBuffer card = ((java.nio.ByteBuffer) lower.get(3)).duplicate();
    assertThat(java.nio.charset.StandardCharsets.UTF_8.decode(card).toString())
        .startsWith("4111-0000-0000-0");
  }

  @Test
  void changelogAndIncrementalScansAreMaskedAndFiltered() {
    long first = orders.currentSnapshot().orElseThrow().snapshotId();
    orders.newAppend().row(Map.of("id", 20L, "email", "new@example.com", "region", "EU")).commit();
    orders.newAppend().row(Map.of("id", 21L, "email", "us@example.com", "region", "US")).commit();
    Floe secured = FloeSecurity.protect(floe, policy());
    FloeTable t = secured.as(Principal.of("ann", "analyst", "eu")).loadTable("sales.orders");
    List<Row> inc = rows(t.newIncrementalScan().fromSnapshotExclusive(first).rows());
    assertThat(inc).hasSize(1);
    assertThat(inc.get(0).get("id")).isEqualTo(20L);
    assertThat(inc.get(0).get("email").toString()).hasSize(32);
    assertThat(inc.get(0).struct().field("card")).isNull();
    List<Row> changes = rows(t.newChangelogScan().fromSnapshotExclusive(first).rows());
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).get("email").toString()).doesNotContain("@");
  }

  @Test
  void defaultPrincipalComesFromTheConfigurationAndAsNeedsPolicies() {
    assertThatThrownBy(() -> floe.as(Principal.of("ann")))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("floe-security");
    Floe secured =
        FloeSecurity.protect(
            floe, Policy.builder().grant("user:svc", "sales", Privilege.READ).build());
    assertThat(secured.loadTable("sales.orders").newScan().count()).isEqualTo(10);
    assertThatThrownBy(() -> secured.loadTable("sales.orders").newAppend())
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("svc");
    // also when the handle has no listeners
    try (Floe quiet =
        Floe.open(
            FloeConfig.builder("local")
                .properties(FloeConfig.local(dir.resolve("wh")).properties())
                .property(FloeConfig.PRINCIPAL, "svc")
                .build())) {
      Floe protectedQuiet =
          FloeSecurity.protect(
              quiet, Policy.builder().grant("user:svc", "sales", Privilege.READ).build());
      assertThat(protectedQuiet.loadTable("sales.orders").newScan().count()).isEqualTo(10);
    }
  }

  @Test
  void policyFileErrorsNameTheLineAndReloadKeepsTheLastGoodPolicy() throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        tables:
          sales.orders:
            salt: "a-table-salt-of-32-characters-ok"
            grants:
              analyst: [read]
            masks:
              analyst:
                email: keep-last(4)
        """);
    FloeSecurity security =
        FloeSecurity.builder(floe).policyFile(file).reloadInterval(Duration.ZERO).build();
    FloeTable t = security.as(Principal.of("ann", "analyst")).loadTable("sales.orders");
    assertThat(rows(t.newScan().select("email").rows()).get(0).get("email").toString())
        .endsWith(".com")
        .startsWith("****");

    // an unknown mask: named with its line; the last good policy stays
    Files.writeString(
        file,
        """
        tables:
          sales.orders:
            grants:
              analyst: [read]
            masks:
              analyst:
                email: scramble
        """);
    assertThatThrownBy(security::reload)
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.line()).contains(7))
        .hasMessageContaining("policy.yaml line 7")
        .hasMessageContaining("scramble");
    assertThat(rows(t.newScan().select("email").rows()).get(0).get("email").toString())
        .startsWith("****");

    // a valid change is picked up without restarting
    Files.writeString(
        file,
        """
        tables:
          sales.orders:
            grants:
              analyst: [read]
            deny:
              analyst: [email]
        """);
    Thread.sleep(5);
    assertThatThrownBy(() -> t.newScan().select("email")).isInstanceOf(AccessDeniedException.class);

    assertThatThrownBy(() -> Policy.parse("tables:\n  t:\n    grants:\n      a: [fly]\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.yaml line 4")
        .hasMessageContaining("Unknown privilege 'fly'");
    assertThatThrownBy(
            () -> Policy.parse("tables:\n  t:\n    masks:\n      a: {c: hash}\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("line 4")
        .hasMessageContaining("no salt");
    assertThatThrownBy(() -> Policy.parse("tables:\n  t:\n    grant: {}\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("unknown key 'grant'");
  }

  @Test
  void aRuleThatDoesNotFitTheTableFailsClosedNamingTableAndColumn() {
    Floe secured =
        FloeSecurity.protect(
            floe,
            Policy.builder()
                .grant("a", "sales", Privilege.READ)
                .mask("a", "sales.orders", "day", Mask.keepLast(2))
                .denyColumns("b", "sales.orders", "no_such_column")
                .grant("b", "sales", Privilege.READ)
                .build());
    assertThatThrownBy(
            () -> secured.as(Principal.of("x", "a")).loadTable("sales.orders").newScan().rows())
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("keep-last(2)")
        .hasMessageContaining("day");
    assertThatThrownBy(
            () -> secured.as(Principal.of("y", "b")).loadTable("sales.orders").newScan().rows())
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("no_such_column")
        .hasMessageContaining("sales.orders");
  }
}
