package io.floe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What FloeConfig does on its own; file parsing lives in floe-sdk-impl (tested there). */
class FloeConfigEnvironmentTest {
  @TempDir Path tmp;

  @Test
  void environmentVariablesNeedNoImplementation() {
    List<FloeConfig> configs =
        FloeConfig.fromEnvironment(
            Map.of(
                "FLOE_CATALOG__PROD__TYPE", "rest",
                "FLOE_CATALOG__PROD__S3__ACCESS_KEY_ID", "AKIA",
                "HOME", "/root"));
    assertThat(configs)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("prod");
              assertThat(c.properties())
                  .containsEntry("type", "rest")
                  .containsEntry("s3.access-key-id", "AKIA");
            });
  }

  @Test
  void filesNeedTheImplementationOnTheClassPath() throws IOException {
    Path file = Files.writeString(tmp.resolve("floe.yaml"), "catalog:\n  prod:\n    type: local\n");
    assertThatThrownBy(() -> FloeConfig.fromFile(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("floe.yaml")
        .hasMessageContaining("floe-sdk-impl");
    assertThatThrownBy(() -> FloeConfig.load(file, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("floe-sdk-impl");
  }
}
