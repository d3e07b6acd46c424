package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesQuickStartTest {
  @TempDir Path tmp;

  @Test
  void importsAndExportsFiles() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long exported = FilesQuickStart.run(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // amount = i % 100 + 0.25 > 90 for i % 100 in 90..99: 10 of every 100 of ids 1..1000
    assertThat(exported).isEqualTo(100);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("imported: 1001 rows, 1 rejected, 2 files")
        .contains("\"line\":1002")
        .contains("'lots' is not a double")
        .contains("exported: 1001 rows to ");
    assertThat(Files.readAllLines(tmp.resolve("out/big.csv")))
        .hasSize(101)
        .first()
        .isEqualTo("id,amount");
  }
}
