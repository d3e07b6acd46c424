package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.WriteMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on {@code Floe.local}: after {@link Privacy#erase}, a byte search of every file under the
 * table's location finds none of the erased values (files are written uncompressed, and the same
 * search finds them before the erasure, so the search can see them).
 */
class ErasureTest {
  static final String MARKER = "ERASEME-7781";
  static final String DELETED_EARLIER = "GONE-BUT-KEPT";

  @TempDir Path dir;

  static FloeTable table(Floe floe) {
    floe.createNamespace("crm");
    FloeTable t =
        floe.createTable("crm.people")
            .column("id", Types.LongType.get())
            .required()
            .column("email", Types.StringType.get())
            .column("note", Types.StringType.get())
            .property("write.parquet.compression-codec", "uncompressed")
            .create();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long id = batch * 100L + i;
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("email", id == 107 || id == 233 ? MARKER : "user" + id + "@example.com");
        r.put("note", id == 5 ? DELETED_EARLIER : "note " + id);
        rows.add(r);
      }
      t.newAppend().rows(rows).commit();
    }
    // deleted earlier by a delete file: invisible to scans, still in its data file
    t.newDelete().where("id = 5").mode(WriteMode.MERGE_ON_READ).commit();
    return t;
  }

  static List<Path> filesContaining(Path root, String value) throws IOException {
    byte[] needle = value.getBytes(StandardCharsets.UTF_8);
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(p);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (bytes[i + j] != needle[j]) {
              continue outer;
            }
          }
          hits.add(p);
          break;
        }
      }
    }
    return hits;
  }

  @Test
  void eraseLeavesNoFileUnderTheLocationHoldingTheValues() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = table(floe);
      Path location = Path.of(t.location());
      assertThat(filesContaining(location, MARKER)).isNotEmpty();
      assertThat(filesContaining(location, DELETED_EARLIER)).isNotEmpty();

      ErasureReport report =
          Privacy.of(t)
              .erase(
                  Expressions.or(
                      Expressions.equal("email", MARKER),
                      Expressions.equal("note", DELETED_EARLIER)));

      assertThat(report.verified()).isTrue();
      assertThat(report.filesStillMatching()).isEmpty();
      assertThat(report.rowsDeleted()).isEqualTo(2);
      assertThat(report.filesRewritten()).isGreaterThanOrEqualTo(1);
      assertThat(report.snapshotsExpired()).isGreaterThanOrEqualTo(4);
      assertThat(report.filesRemoved()).isGreaterThan(0);
      assertThat(report.filesVerified()).isGreaterThan(0);
      assertThat(filesContaining(location, MARKER)).isEmpty();
      assertThat(filesContaining(location, DELETED_EARLIER)).isEmpty();
      // everything else is still there
      FloeTable after = floe.loadTable("crm.people");
      assertThat(after.newScan().count()).isEqualTo(150 - 3);
      assertThat(after.snapshots()).hasSize(1);
    }
  }

  @Test
  void anOrphanFileHoldingTheValueFailsVerificationUntilRemoved() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = table(floe);
      Path location = Path.of(t.location());
      // a file a failed write left behind, holding the value
      Path source = filesContaining(location.resolve("data"), MARKER).get(0);
      Path orphan = location.resolve("data").resolve("orphan-of-a-failed-write.parquet");
      Files.copy(source, orphan);

      ErasureReport kept = Privacy.of(t).erase(Expressions.equal("email", MARKER));
      assertThat(kept.verified()).isFalse();
      assertThat(kept.filesStillMatching()).hasSize(1);
      assertThat(kept.filesStillMatching().get(0)).endsWith("orphan-of-a-failed-write.parquet");

      ErasureReport removed =
          Privacy.of(floe.loadTable("crm.people"))
              .unsafeRemoveOrphansOlderThan(Instant.now().plusSeconds(1))
              .erase(Expressions.equal("email", MARKER));
      assertThat(removed.verified()).isTrue();
      assertThat(Files.exists(orphan)).isFalse();
      assertThat(filesContaining(location, MARKER)).isEmpty();
    }
  }

  @Test
  void erasureOfAProtectedTableNeedsAdmin() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      table(floe);
      Floe secured =
          FloeSecurity.protect(
              floe,
              Policy.builder()
                  .grant("dpo", "crm", Privilege.ADMIN)
                  .grant("analyst", "crm", Privilege.READ, Privilege.WRITE)
                  .build());
      FloeTable analyst = secured.as(Principal.of("ann", "analyst")).loadTable("crm.people");
      assertThatThrownBy(() -> Privacy.of(analyst).erase(Expressions.equal("email", MARKER)))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("admin");
      assertThat(
              floe.loadTable("crm.people")
                  .newScan()
                  .where(Expressions.equal("email", MARKER))
                  .count())
          .isEqualTo(2);
      FloeTable dpo = secured.as(Principal.of("dora", "dpo")).loadTable("crm.people");
      assertThat(Privacy.of(dpo).erase(Expressions.equal("email", MARKER)).verified()).isTrue();
    }
  }
}
