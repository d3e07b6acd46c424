package io.floe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlSupportTest {
  @Test
  void withoutSdkSqlFloeSqlNamesTheMissingModule() {
    // sdk-api's own tests have no SQL engine on the class path, as a user without floe-sdk-sql
    assertThatThrownBy(() -> SqlSupport.provider("SELECT 1"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("io.floe:floe-sdk-sql")
        .hasMessageContaining("SELECT 1");
  }
}
