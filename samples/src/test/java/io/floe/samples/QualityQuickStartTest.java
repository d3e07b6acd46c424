package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityQuickStartTest {
  @TempDir Path tmp;

  @Test
  void rejectsThenQuarantinesThenProfiles() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long quarantined =
        QualityQuickStart.run(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(quarantined).isEqualTo(3);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("rules: 6")
        .contains("rejected: row 41, rule pattern(email), value 'not-an-email'")
        .contains("snapshots after reject: 0")
        .contains(
            "committed: 997 rows, quarantined: 3 {allowed_values(status)=1, pattern(email)=1,"
                + " unique(id)=1} in shop.orders__quarantine")
        .contains("quarantined row 499: value '7' of column id duplicate key [id] in this write")
        .contains("\"name\":\"id\",\"field-id\":1,\"type\":\"long\",\"value-count\":997")
        .contains("\"name\":\"status\"")
        .contains(
            "\"name\":\"status\",\"field-id\":3,\"type\":\"string\",\"value-count\":997,\"null-count\":0,\"lower-bound\":\"new\",\"upper-bound\":\"paid\",\"distinct-count\":2");
  }
}
