package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityQuickStartTest {
  @TempDir Path tmp;

  @Test
  void analystSeesMaskedEuRowsAndTheErasureIsVerified() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int seen = SecurityQuickStart.run(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(seen).isEqualTo(2);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .doesNotContain("ann@example.com")
        .doesNotContain("4111-1111")
        .contains("birth=1990-01-01")
        .contains("denied: Access denied: principal ann may not read column card")
        .contains("audit: ann denied column on crm.customers.card")
        .contains("erased: 1 row(s)")
        .contains("verified=true");
  }
}
