package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderIngestQuickStartTest {
  @TempDir Path tmp;

  @Test
  void watchesAFolderOnceAndPublishesTheNewRows() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long rows =
        FolderIngestQuickStart.run(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(rows).isEqualTo(3);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("subscriber saw 3 new rows")
        .contains("dead letters: 1")
        .contains("files done: 3")
        .contains("ingested again: 0")
        .contains("rows: 3");
  }
}
