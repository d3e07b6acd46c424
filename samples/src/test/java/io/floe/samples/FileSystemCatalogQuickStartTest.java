package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemCatalogQuickStartTest {
  @TempDir Path tmp;

  @Test
  void keepsTablesAsFoldersInTheHadoopCatalogLayout() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long rows =
        FileSystemCatalogQuickStart.run(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(rows).isEqualTo(101);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("snapshots: 2", "rows: 101");
    Path metadata = tmp.resolve("web/visits/metadata");
    // create, append, add column, append: four versions
    assertThat(metadata.resolve("v4.metadata.json")).exists();
    assertThat(Files.readString(metadata.resolve("version-hint.text"))).isEqualTo("4");
  }
}
