package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.Row;
import io.floe.RowStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL (floe-sdk-sql, DuckDB over Floe's Arrow scans) on a principal's view is enforced too. */
class SqlEnforcementTest {
  @TempDir Path dir;

  @Test
  void sqlSeesMaskedFilteredRowsAndCannotFilterOnMaskedColumns() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      floe.createNamespace("s");
      FloeTable t =
          floe.createTable("s.users")
              .column("id", Types.LongType.get())
              .required()
              .column("email", Types.StringType.get())
              .column("ssn", Types.StringType.get())
              .column("region", Types.StringType.get())
              .create();
      for (long i = 0; i < 20; i++) {
        t.newAppend()
            .row(
                Map.of(
                    "id",
                    i,
                    "email",
                    "u" + i + "@mail.example",
                    "ssn",
                    "123-45-" + (1000 + i),
                    "region",
                    i % 2 == 0 ? "EU" : "US"))
            .commit();
      }
      Floe ann =
          FloeSecurity.protect(
                  floe,
                  Policy.builder()
                      .grant("analyst", "s", Privilege.READ)
                      .denyColumns("analyst", "s.users", "ssn")
                      .mask("analyst", "s.users", "email", Mask.redact())
                      .rowFilter("analyst", "s.users", "region = 'EU'")
                      .build())
              .as(Principal.of("ann", "analyst"));
      List<Row> rows = new ArrayList<>();
      try (RowStream stream = ann.sql("SELECT id, email, region FROM s.users")) {
        stream.forEach(rows::add);
      }
      assertThat(rows).hasSize(10);
      assertThat(rows).allSatisfy(r -> assertThat(r.get("email")).isEqualTo("***"));
      assertThat(rows).allSatisfy(r -> assertThat(r.get("region")).isEqualTo("EU"));
      // a denied column is not in the table SQL sees
      assertThatThrownBy(() -> ann.sql("SELECT ssn FROM s.users").close())
          .isInstanceOf(FloeException.class)
          .hasMessageContaining("\"ssn\" not found");
      assertThatThrownBy(
              () -> ann.sql("SELECT id FROM s.users WHERE email = 'u2@mail.example'").close())
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("may not filter on column email")
          .hasMessageContaining("masked");
    }
  }

  @Test
  void aPrincipalsSqlNeverReadsTableFilesAroundItsPolicy() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t =
          floe.createTable("s.users")
              .column("id", Types.LongType.get())
              .required()
              .column("region", Types.StringType.get())
              .create();
      for (long i = 0; i < 20; i += 2) {
        // each file holds both regions: the row filter cannot be met by pruning files
        t.newAppend()
            .row(Map.of("id", i, "region", "EU"))
            .row(Map.of("id", i + 1, "region", "US"))
            .commit();
      }
      String file;
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir.resolve("wh"))) {
        file =
            files
                .filter(p -> p.toString().endsWith(".parquet"))
                .findFirst()
                .orElseThrow()
                .toString();
      }
      Floe ann =
          FloeSecurity.protect(
                  floe,
                  Policy.builder()
                      .grant("analyst", "s", Privilege.READ)
                      .rowFilter("analyst", "s.users", "region = 'EU'")
                      .build())
              .as(Principal.of("ann", "analyst"));
      // FloeSql's default lets DuckDB read table files itself; never for a handle with policies
      try (io.floe.sql.FloeSql sql = io.floe.sql.FloeSql.builder(ann).threads(1).build()) {
        try (io.floe.sql.SqlResult result = sql.query("SELECT id, region FROM s.users")) {
          assertThat(result.rows().stream().map(r -> r.get("region")).toList())
              .hasSize(10)
              .containsOnly("EU");
          assertThat(result.scans().get(0).engineFiles()).isZero();
        }
        assertThatThrownBy(
                () -> sql.query("SELECT count(*) FROM read_parquet('" + file + "')").close())
            .isInstanceOf(FloeException.class)
            .hasMessageContaining("disabled");
      }
    }
  }
}
