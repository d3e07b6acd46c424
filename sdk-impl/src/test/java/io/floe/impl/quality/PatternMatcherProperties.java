package io.floe.impl.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The DFA used for simple constraint patterns agrees with {@code java.util.regex} on random
 * patterns of its subset and random values (surrogate pairs included, which fall back to Java).
 */
class PatternMatcherProperties {
  @Provide
  Arbitrary<String> patterns() {
    Arbitrary<String> atom =
        Arbitraries.oneOf(
            Arbitraries.of("a", "b", "z", "0", "@", "-", "é"),
            Arbitraries.of("[a-c]", "[^@]", "[0-9]", "[A-Za-z0-9]", "[^a-z]", "[-x]"),
            Arbitraries.of("(a|b)", "(ab|c)", "(x[0-9])"));
    Arbitrary<String> quant = Arbitraries.of("", "", "*", "+", "?", "{2}", "{1,3}", "{0,}");
    Arbitrary<String> piece = Combinators.combine(atom, quant).as((a, q) -> a + q);
    return piece.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings()
        .withChars("abcxz09@-éA")
        .withChars('\uD83D', '\uDE00')
        .ofMaxLength(8);
  }

  @Property(tries = 3000)
  void dfaAgreesWithJavaRegex(@ForAll("patterns") String pattern, @ForAll("values") String value) {
    PatternMatcher matcher = new PatternMatcher(pattern);
    assertThat(matcher.usesDfa()).as(pattern).isTrue();
    assertThat(matcher.matches(value))
        .as("%s on %s", pattern, value)
        .isEqualTo(Pattern.compile(pattern).matcher(value).matches());
  }

  @Test
  void patternsOutsideTheSubsetUseJava() {
    for (String p :
        new String[] {
          "\\d+", "a.b", "^a$", "[a^b]", "(?i)abc", "a*?", "a++", "[a-z&&[^b]]", "\"q\""
        }) {
      assertThat(new PatternMatcher(p).usesDfa()).as(p).isFalse();
    }
    assertThat(new PatternMatcher("\\d+").matches("123")).isTrue();
    assertThat(new PatternMatcher("[A-Za-z0-9]{32}").usesDfa()).isTrue();
    assertThat(new PatternMatcher("[^@]+@[^@]+").matches("a@b")).isTrue();
    assertThat(new PatternMatcher("[^@]+@[^@]+").matches("a@b@c")).isFalse();
  }
}
