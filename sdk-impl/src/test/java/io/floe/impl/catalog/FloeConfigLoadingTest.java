package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.FloeConfig;
import io.floe.FloeIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FloeConfig's file and environment loading, with the file reader of this module found by
 * ServiceLoader.
 */
class FloeConfigLoadingTest {
  @TempDir Path tmp;

  @Test
  void yamlFileHoldsSeveralCatalogsInOrder() throws IOException {
    Path file =
        Files.writeString(
            tmp.resolve("floe.yaml"),
            """
        catalog:
          prod:
            type: rest
            uri: http://127.0.0.1:8181
            s3.endpoint: http://127.0.0.1:9000
            s3.path-style-access: true
            floe.cache.max-bytes: 1048576
          dev:
            type: local
            warehouse: /tmp/wh
        """);
    List<FloeConfig> configs = FloeConfig.fromFile(file);
    assertThat(configs).extracting(FloeConfig::name).containsExactly("prod", "dev");
    assertThat(configs.get(0).properties())
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("floe.cache.max-bytes", "1048576")
        .containsEntry("uri", "http://127.0.0.1:8181");
  }

  @Test
  void propertiesFileUsesCatalogNameKeyLines() throws IOException {
    Path file =
        Files.writeString(
            tmp.resolve("floe.properties"),
            "catalog.prod.type=jdbc\ncatalog.prod.uri=jdbc:postgresql://127.0.0.1/db\ncatalog.prod.s3.endpoint=http://s3\n");
    FloeConfig prod = FloeConfig.fromFile(file).get(0);
    assertThat(prod.name()).isEqualTo("prod");
    assertThat(prod.properties())
        .containsEntry("s3.endpoint", "http://s3")
        .containsEntry("type", "jdbc");

    Path bad = Files.writeString(tmp.resolve("bad.properties"), "uri=x\n");
    assertThatThrownBy(() -> FloeConfig.fromFile(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog.NAME.KEY")
        .hasMessageContaining("bad.properties");
  }

  @Test
  void environmentVariablesFollowPyIcebergsNaming() {
    Map<String, String> env =
        Map.of(
            "FLOE_CATALOG__PROD__TYPE", "rest",
            "FLOE_CATALOG__PROD__URI", "http://127.0.0.1:8181",
            "FLOE_CATALOG__PROD__S3__ACCESS_KEY_ID", "AKIA",
            "FLOE_CATALOG__PROD__IO_IMPL", "x.IO",
            "PATH", "/usr/bin");
    List<FloeConfig> configs = FloeConfig.fromEnvironment(env);
    assertThat(configs).hasSize(1);
    assertThat(configs.get(0).name()).isEqualTo("prod");
    assertThat(configs.get(0).properties())
        .containsEntry("s3.access-key-id", "AKIA")
        .containsEntry("io-impl", "x.IO")
        .containsEntry("uri", "http://127.0.0.1:8181");
  }

  @Test
  void environmentOverridesFileKeyByKey() throws IOException {
    Path file =
        Files.writeString(
            tmp.resolve("floe.yml"), "catalog:\n  prod:\n    type: rest\n    uri: http://old\n");
    List<FloeConfig> merged =
        FloeConfig.load(file, Map.of("FLOE_CATALOG__PROD__URI", "http://new"));
    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).properties())
        .containsEntry("uri", "http://new")
        .containsEntry("type", "rest");
  }

  @Test
  void malformedFilesAndSecretsAreReportedWithoutValues() throws IOException {
    Path noType =
        Files.writeString(
            tmp.resolve("floe.yaml"), "catalog:\n  prod:\n    token: hunter2-secret\n");
    assertThatThrownBy(() -> FloeConfig.fromFile(noType))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prod")
        .hasMessageContaining("type")
        .hasMessageNotContaining("hunter2");
    Path notYaml = Files.writeString(tmp.resolve("x.yaml"), "catalog: [unclosed\n");
    assertThatThrownBy(() -> FloeConfig.fromFile(notYaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.yaml");
    assertThatThrownBy(() -> FloeConfig.fromFile(tmp.resolve("missing.yaml")))
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining("missing.yaml");
    FloeConfig config = FloeConfig.of("prod", Map.of("type", "rest", "token", "hunter2-secret"));
    assertThat(config.toString()).contains("token").doesNotContain("hunter2");
    assertThatThrownBy(() -> FloeConfig.builder("a.b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.b");
  }
}
