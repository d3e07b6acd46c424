package io.floe.impl.quality;

import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches string values against a constraint's regular expression ({@link Pattern} syntax, whole
 * value). Patterns in a subset where {@code java.util.regex} and the dk.brics.automaton DFA agree
 * (literal characters, character classes without escapes or intersections, groups, alternation and
 * greedy quantifiers; no backslash, dot, anchors, quotes, inline flags or lazy and possessive
 * quantifiers) run as a table-driven DFA: one array lookup per character, 5 to 10 times faster than
 * the backtracking matcher on the write path (ConstraintWriteBenchmark). Values with surrogate
 * pairs (where Java matches code points, the DFA UTF-16 units) and all other patterns use {@link
 * Pattern}. {@code PatternMatcherProperties} checks both agree. Not thread-safe (the fallback
 * reuses its {@link Matcher}).
 */
final class PatternMatcher {
  private final Matcher matcher;
  private final RunAutomaton dfa;

  PatternMatcher(String regex) {
    this.matcher = Pattern.compile(regex).matcher("");
    this.dfa =
        dfaSubset(regex)
            ? new RunAutomaton(new RegExp(regex, RegExp.NONE).toAutomaton(), true)
            : null;
  }

  /** Whether the DFA serves this pattern (for tests). */
  boolean usesDfa() {
    return dfa != null;
  }

  boolean matches(CharSequence value) {
    if (dfa != null) {
      // one pass: DFA steps, leaving for Java's matcher at the first surrogate
      int state = dfa.getInitialState();
      int length = value.length();
      int i = 0;
      for (; i < length; i++) {
        char c = value.charAt(i);
        if (Character.isSurrogate(c)) {
          break;
        }
        state = dfa.step(state, c);
        if (state < 0) {
          return hasSurrogateFrom(value, i + 1) && matcher.reset(value).matches();
        }
      }
      if (i == length) {
        return dfa.isAccept(state);
      }
    }
    return matcher.reset(value).matches();
  }

  private static boolean hasSurrogateFrom(CharSequence s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a pattern is in the subset both engines read the same way. */
  static boolean dfaSubset(String regex) {
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (Character.isSurrogate(c) || c < 0x20) {
        return false;
      }
      switch (c) {
        case '\\', '.', '"' -> {
          return false;
        }
        case '^' -> {
          if (!inClass || regex.charAt(i - 1) != '[') {
            return false; // an anchor, or a literal inside a class: only [^...] negation is kept
          }
        }
        case '$' -> {
          return false;
        }
        case '[' -> {
          if (inClass) {
            return false; // Java's nested class union
          }
          inClass = true;
          if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
            return false; // Java reads []...] differently
          }
        }
        case ']' -> {
          if (!inClass) {
            return false;
          }
          inClass = false;
        }
        case '&' -> {
          if (inClass && i + 1 < regex.length() && regex.charAt(i + 1) == '&') {
            return false; // Java's class intersection
          }
        }
        case '(' -> {
          if (!inClass && i + 1 < regex.length() && regex.charAt(i + 1) == '?') {
            return false; // inline flags, non-capturing and look-around groups
          }
        }
        case '*', '+', '?', '}' -> {
          if (!inClass && i + 1 < regex.length()) {
            char next = regex.charAt(i + 1);
            if (next == '?' || next == '+') {
              return false; // lazy or possessive quantifier
            }
          }
        }
        case '{' -> {
          if (!inClass && !isRepeat(regex, i)) {
            return false; // Java takes a lone brace as an error or a literal
          }
        }
        case '<', '>', '#', '@', '~' -> {
          // literal in both with brics flags NONE
        }
        default -> {}
      }
    }
    return !inClass;
  }

  private static boolean isRepeat(String regex, int open) {
    int close = regex.indexOf('}', open);
    return close > open + 1 && regex.substring(open + 1, close).matches("[0-9]+(,[0-9]*)?");
  }
}
