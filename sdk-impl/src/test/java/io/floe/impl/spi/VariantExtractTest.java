package io.floe.impl.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Variant;
import io.floe.impl.read.RowFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.BoundExtract;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Variant path filters on rows: Iceberg's extract term, bound and evaluated by Floe. */
class VariantExtractTest {
  private static final Types.StructType ROW =
      Types.StructType.of(Types.NestedField.optional(1, "v", Types.VariantType.get()));

  private static List<String> boundFields(String path) {
    Expression bound =
        Expressions.equal(Expressions.extract("v", path, "string"), "x").bind(ROW, true);
    return VariantExtract.fields(((BoundExtract<?>) ((BoundPredicate<?>) bound).term()).path());
  }

  @Test
  void normalizedPathsGiveTheFieldNames() {
    assertThat(boundFields("$.a")).containsExactly("a");
    assertThat(boundFields("$.geo.lat")).containsExactly("geo", "lat");
    assertThat(boundFields("$.naïve")).containsExactly("naïve");
    // the escapes of Iceberg's normalized form (RFC 9535)
    assertThat(VariantExtract.fields("$['it\\'s']['a\\\\b']['\\u0041\\n']"))
        .containsExactly("it's", "a\\b", "A\n");
    assertThat(VariantExtract.fields("$")).isEmpty();
    assertThatThrownBy(() -> VariantExtract.fields("$.a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid variant path: $.a");
  }

  /** Whether a row holding the variant matches, as Iceberg's variant and as Floe's. */
  private static boolean matches(Expression filter, Variant variant) {
    Record row = GenericRecord.create(ROW);
    row.set(0, variant == null ? null : VariantValues.toIceberg(variant));
    boolean iceberg = RowFilter.of(ROW, filter, true).test(row);
    org.apache.iceberg.StructLike floeRow =
        new org.apache.iceberg.StructLike() {
          @Override
          public int size() {
            return 1;
          }

          @Override
          @SuppressWarnings("unchecked")
          public <T> T get(int pos, Class<T> javaClass) {
            return (T) variant; // Floe's own value, whatever class the accessor asks for
          }

          @Override
          public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException();
          }
        };
    assertThat(RowFilter.of(ROW, filter, true).test(floeRow)).isEqualTo(iceberg);
    return iceberg;
  }

  @Test
  void extractedValuesFollowIcebergsConversions() {
    Variant doc =
        Variant.of(
            Map.of(
                "n",
                7,
                "big",
                5_000_000_000L,
                "f",
                1.5f,
                "s",
                "ann",
                "d",
                new BigDecimal("1.50"),
                "geo",
                Map.of("lat", 0.25)));
    // integers of every width read as long; an int64 is not an int
    assertThat(matches(Expressions.equal(Expressions.extract("v", "$.n", "long"), 7L), doc))
        .isTrue();
    assertThat(matches(Expressions.equal(Expressions.extract("v", "$.n", "int"), 7), doc)).isTrue();
    assertThat(matches(Expressions.greaterThan(Expressions.extract("v", "$.big", "long"), 1L), doc))
        .isTrue();
    assertThat(matches(Expressions.isNull(Expressions.extract("v", "$.big", "int")), doc)).isTrue();
    // a float reads as a double; a decimal only at its own scale
    assertThat(matches(Expressions.equal(Expressions.extract("v", "$.f", "double"), 1.5), doc))
        .isTrue();
    assertThat(
            matches(
                Expressions.equal(
                    Expressions.extract("v", "$.d", "decimal(9,2)"), new BigDecimal("1.50")),
                doc))
        .isTrue();
    assertThat(matches(Expressions.notNull(Expressions.extract("v", "$.d", "decimal(9,3)")), doc))
        .isFalse();
    // nested objects; a value of another type, a missing field or a SQL NULL is null
    assertThat(
            matches(
                Expressions.lessThan(Expressions.extract("v", "$.geo.lat", "double"), 1.0), doc))
        .isTrue();
    assertThat(matches(Expressions.isNull(Expressions.extract("v", "$.s", "long")), doc)).isTrue();
    assertThat(matches(Expressions.notEqual(Expressions.extract("v", "$.s", "long"), 1L), doc))
        .isFalse();
    assertThat(matches(Expressions.isNull(Expressions.extract("v", "$.nope", "string")), doc))
        .isTrue();
    assertThat(matches(Expressions.isNull(Expressions.extract("v", "$.s.x", "string")), doc))
        .isTrue();
    assertThat(matches(Expressions.isNull(Expressions.extract("v", "$.s", "string")), null))
        .isTrue();
    // not() follows three-valued logic: not(s = 'bob') is true, not(missing = 'bob') is not
    assertThat(
            matches(
                Expressions.not(
                    Expressions.equal(Expressions.extract("v", "$.s", "string"), "bob")),
                doc))
        .isTrue();
    assertThat(
            matches(
                Expressions.not(
                    Expressions.equal(Expressions.extract("v", "$.nope", "string"), "bob")),
                doc))
        .isFalse();
  }
}
