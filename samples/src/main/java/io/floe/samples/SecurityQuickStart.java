package io.floe.samples;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.events.AccessDeniedEvent;
import io.floe.events.FloeListener;
import io.floe.security.ErasureReport;
import io.floe.security.FloeSecurity;
import io.floe.security.Privacy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Access policies and erasure ({@code floe-security}): a YAML policy file protects a handle; an
 * analyst in the EU sees EU rows only, with hashed e-mails, truncated birth dates and without the
 * card number; her attempt to read the card number is denied and audited; the data protection
 * officer erases one customer and gets a verified report.
 */
public final class SecurityQuickStart {
  private SecurityQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the working folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/security-sample"), System.out);
  }

  /**
   * Creates a table, protects the handle with a policy file, reads as an analyst, erases a row.
   *
   * @param folder the working folder (warehouse and policy file)
   * @param out where the results are printed
   * @return the rows the analyst saw
   */
  public static int run(Path folder, PrintStream out) {
    Path policy = folder.resolve("policy.yaml");
    try {
      Files.createDirectories(folder);
      Files.writeString(
          policy,
          """
          tables:
            crm.customers:
              salt: "change-me-keep-me-secret-0123456789"
              grants:
                analyst: [read]
                dpo: [admin]
              deny:
                analyst: [card]
              masks:
                analyst:
                  email: hash
                  birth: truncate(year)
              row-filters:
                eu: "region = 'EU'"
          namespaces:
            crm:
              grants:
                dpo: [admin]
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FloeListener audit =
        new FloeListener() {
          @Override
          public void onAccessDenied(AccessDeniedEvent event) {
            out.println(
                "audit: "
                    + event.principal()
                    + " denied "
                    + event.privilege()
                    + " on "
                    + event.table()
                    + "."
                    + event.column());
          }
        };
    FloeConfig config = FloeConfig.local(folder.resolve("warehouse")).withListener(audit);
    try (FloeSecurity security =
        FloeSecurity.builder(Floe.open(config)).policyFile(policy).build()) {
      Floe dpo = security.as(Principal.of("dora", "dpo"));
      dpo.createNamespace("crm");
      FloeTable customers =
          dpo.createTable("crm.customers")
              .column("id", Types.LongType.get())
              .required()
              .column("email", Types.StringType.get())
              .column("card", Types.StringType.get())
              .column("region", Types.StringType.get())
              .column("birth", Types.DateType.get())
              .create();
      customers
          .newAppend()
          .row(
              Map.of(
                  "id",
                  1L,
                  "email",
                  "ann@example.com",
                  "card",
                  "4111-1111",
                  "region",
                  "EU",
                  "birth",
                  LocalDate.of(1990, 5, 17)))
          .row(
              Map.of(
                  "id",
                  2L,
                  "email",
                  "bob@example.com",
                  "card",
                  "4222-2222",
                  "region",
                  "US",
                  "birth",
                  LocalDate.of(1985, 1, 2)))
          .row(
              Map.of(
                  "id",
                  3L,
                  "email",
                  "eve@example.com",
                  "card",
                  "4333-3333",
                  "region",
                  "EU",
                  "birth",
                  LocalDate.of(2001, 12, 31)))
          .commit();

      Floe analyst = security.as(Principal.of("ann", "analyst", "eu"));
      FloeTable view = analyst.loadTable("crm.customers");
      List<Row> seen = new ArrayList<>();
      try (RowStream rows = view.newScan().rows()) {
        rows.forEach(seen::add);
      }
      seen.forEach(r -> out.println("analyst sees: " + r.toMap()));
      try {
        view.newScan().select("id", "card").rows().close();
      } catch (AccessDeniedException e) {
        out.println("denied: " + e.getMessage());
      }

      ErasureReport report =
          Privacy.of(dpo.loadTable("crm.customers")).erase(Expressions.equal("id", 3L));
      out.println(
          "erased: "
              + report.rowsDeleted()
              + " row(s), "
              + report.snapshotsExpired()
              + " snapshot(s) expired, "
              + report.filesRemoved()
              + " file(s) removed, verified="
              + report.verified());
      return seen.size();
    }
  }
}
