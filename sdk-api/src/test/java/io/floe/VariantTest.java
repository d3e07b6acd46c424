package io.floe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VariantTest {

  private static Variant sample() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", 7);
    user.put("tags", List.of("a", "b"));
    user.put("a.b", true);
    return Variant.of(Map.of("user", user, "items", new Object[] {1.5d, null}));
  }

  @Test
  void pathsNavigateObjectsAndArrays() {
    Variant v = sample();
    assertThat(v.get("user.id").map(Variant::asLong)).contains(7L);
    assertThat(v.get("$.user.tags[1]").map(Variant::asString)).contains("b");
    assertThat(v.get("user['a.b']").map(Variant::asBoolean)).contains(true);
    assertThat(v.get("items[1]").map(Variant::kind)).contains(Variant.Kind.NULL);
    assertThat(v.get("")).contains(v);
    assertThat(v.get("$")).contains(v);
    assertThat(v.get("user.missing")).isEmpty();
    assertThat(v.get("items[2]")).isEmpty();
    assertThat(v.get("user.id.x")).isEmpty();
    assertThat(v.get("user[0]")).isEmpty();
    assertThat(v.field("user").flatMap(u -> u.field("tags")).flatMap(t -> t.element(0)))
        .map(Variant::asString)
        .contains("a");
    for (String bad : List.of("user..id", "items[x]", "items[-1]", "user[", "user['a]", "x y.[")) {
      assertThatThrownBy(() -> v.get(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Malformed variant path '" + bad + "'");
    }
  }

  @Test
  void javaValuesMapToKinds() {
    assertThat(Variant.of(null).kind()).isEqualTo(Variant.Kind.NULL);
    assertThat(Variant.of((byte) 3)).isEqualTo(Variant.of(3L));
    assertThat(Variant.of(BigInteger.TEN.pow(30)).kind()).isEqualTo(Variant.Kind.DECIMAL);
    assertThat(Variant.of(1.5f).kind()).isEqualTo(Variant.Kind.FLOAT);
    assertThat(Variant.of(new BigDecimal("1E+3")).asDecimal()).isEqualByComparingTo("1000");
    assertThat(Variant.of(LocalDate.of(2026, 1, 2)).toJson()).isEqualTo("\"2026-01-02\"");
    assertThat(Variant.of(Instant.EPOCH).kind()).isEqualTo(Variant.Kind.TIMESTAMPTZ);
    assertThat(Variant.of(OffsetDateTime.of(2026, 1, 1, 2, 0, 0, 0, ZoneOffset.ofHours(2))))
        .isEqualTo(Variant.of(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    assertThat(Variant.of(new UUID(1, 2)).kind()).isEqualTo(Variant.Kind.UUID);
    byte[] bytes = {1, 2, 3};
    Variant binary = Variant.of(bytes);
    bytes[0] = 9; // copied
    assertThat(binary).isEqualTo(Variant.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
    assertThat(binary.toJson()).isEqualTo("\"AQID\"");
    assertThat(Variant.of(Double.NaN).toJson()).isEqualTo("\"NaN\"");
    assertThat(Variant.of(Map.of("a", 1))).isEqualTo(Variant.object(Map.of("a", 1L)));
    assertThat(Variant.array(List.of(1, "x")).elements()).hasSize(2);
  }

  @Test
  void unrepresentableValuesAreRefusedWithTheirPath() {
    assertThatThrownBy(() -> Variant.of(Map.of("a", List.of(Map.of(1, 2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be strings")
        .hasMessageContaining("$.a[0]");
    assertThatThrownBy(() -> Variant.of(Map.of("t", LocalTime.of(1, 2, 3, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.t");
    assertThatThrownBy(() -> Variant.of(new BigDecimal("1e-40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("38 digits");
    assertThatThrownBy(() -> Variant.of(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Variant.of("x").asLong())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Variant value is STRING, not INTEGER");
  }

  @Test
  void jsonEscapesStrings() {
    assertThat(Variant.of(Map.of("q\"", "a\\b\n\u0001")).toJson())
        .isEqualTo("{\"q\\\"\":\"a\\\\b\\n\\u0001\"}");
    assertThat(Variant.of(Arrays.asList(new BigDecimal("1.50"), null, false)).toJson())
        .isEqualTo("[1.50,null,false]");
  }

  @Property(tries = 200)
  void toJavaRebuildsTheSameVariant(@ForAll List<Map<String, Long>> rows) {
    Variant v = Variant.of(rows);
    assertThat(Variant.of(v.toJava())).isEqualTo(v);
    assertThat(Variant.of(v.toJava()).hashCode()).isEqualTo(v.hashCode());
  }
}
