package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read tasks planned for a restricted principal are serialized and read by a separate JVM that has
 * no principal and no policy: it returns exactly the principal's rows (row filter applied, denied
 * column absent, mask applied), because the task carries them.
 */
class ReadTaskOtherJvmTest {
  @TempDir Path dir;

  @Test
  void aSeparateJvmSeesOnlyWhatThePrincipalMaySee() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      floe.createNamespace("hr");
      FloeTable table =
          floe.createTable("hr.staff")
              .column("id", Types.LongType.get())
              .required()
              .column("email", Types.StringType.get())
              .column("salary", Types.LongType.get())
              .column("site", Types.StringType.get())
              .create();
      for (int batch = 0; batch < 3; batch++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = batch * 100L; id < batch * 100L + 100; id++) {
          rows.add(
              Map.of(
                  "id",
                  id,
                  "email",
                  "person" + id + "@corp.example",
                  "salary",
                  50_000L + id,
                  "site",
                  id % 3 == 0 ? "paris" : "oslo"));
        }
        table.newAppend().rows(rows).commit();
      }
      Policy policy =
          Policy.builder()
              .grant("hr-paris", "hr", Privilege.READ)
              .denyColumns("hr-paris", "hr.staff", "salary")
              .mask("hr-paris", "hr.staff", "email", Mask.keepLast(12))
              .rowFilter("hr-paris", "hr.staff", "site = 'paris'")
              .build();
      FloeTable view =
          FloeSecurity.protect(floe, policy)
              .as(Principal.of("pia", "hr-paris"))
              .loadTable("hr.staff");
      io.floe.Scan scan = view.newScan();
      List<ReadTask> tasks = scan.planTasks(1);
      assertThat(tasks).hasSizeGreaterThan(1);
      Path file = dir.resolve("tasks.bin");
      try (OutputStream out = Files.newOutputStream(file);
          ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(new ArrayList<>(tasks));
      }
      List<String> expected = new ArrayList<>();
      try (RowStream rows = scan.rows()) {
        for (Row r : rows) {
          expected.add(new TreeMap<>(r.toMap()).toString());
        }
      }
      assertThat(expected).hasSize(100);

      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "--add-opens=java.base/java.nio=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ReadTaskWorker.class.getName(),
                  file.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      List<String> lines = new ArrayList<>(output.lines().toList());
      assertThat(lines.remove(lines.size() - 1)).isEqualTo("rows=100");
      assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(output).doesNotContain("salary").doesNotContain("oslo").doesNotContain("person3@");
      assertThat(lines.get(0)).contains("email=*").contains("corp.example").doesNotContain("@");
    }
  }
}
