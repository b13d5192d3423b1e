package com.brandpulse.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Literals that every match of a regex must contain, so a rule's regex only runs on posts holding
 * one of them (a substring test is far cheaper than a regex scan). Conservative: a regex whose
 * structure is not understood gets no prefilter and always runs. For each top-level alternative it
 * keeps either a run of mandatory literal characters or a mandatory group of plain literal
 * alternatives.
 */
final class RegexPrefilter {
  private RegexPrefilter() {}

  private static final String META = "\\^$.|?*+()[]{}";
  private static final java.util.regex.Pattern UNSUPPORTED =
      java.util.regex.Pattern.compile("\\(\\?[^:]|\\\\[uxpPQENck0-9]");

  /** Literals one of which any match contains, or empty when none can be derived. */
  static Optional<List<String>> literals(String regex) {
    if (UNSUPPORTED.matcher(regex).find()) {
      return Optional
          .empty(); // flags, look-arounds and multi-character escapes change what a literal means
    }
    List<String> all = new ArrayList<>();
    for (String alternative : splitTopLevel(regex)) {
      List<String> best = bestOf(alternative);
      if (best == null) {
        return Optional.empty();
      }
      all.addAll(best);
    }
    return Optional.of(all);
  }

  /** The mandatory literal set of one alternative with the shortest literal longest, or null. */
  private static List<String> bestOf(String alt) {
    List<List<String>> candidates = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < alt.length()) {
      char c = alt.charAt(i);
      if (c == '(') {
        int close = closing(alt, i);
        if (close < 0) {
          return null;
        }
        String inner = alt.substring(i + 1, close);
        boolean optional = optionalAfter(alt, close + 1);
        List<String> plain = plainAlternatives(inner);
        flush(run, candidates);
        if (!optional && plain != null) {
          candidates.add(plain);
        }
        i = skipQuantifier(alt, close + 1);
      } else if (c == '[') {
        int close = alt.indexOf(']', i + 2);
        if (close < 0) {
          return null;
        }
        flush(run, candidates);
        i = skipQuantifier(alt, close + 1);
      } else if (c == '\\') {
        if (i + 1 >= alt.length()) {
          return null;
        }
        char escaped = alt.charAt(i + 1);
        boolean literal =
            META.indexOf(escaped) >= 0 || escaped == '/' || escaped == '-' || escaped == '#';
        i = literalOrBreak(alt, i + 2, literal ? escaped : 0, run, candidates);
      } else if (META.indexOf(c) >= 0) {
        flush(
            run, candidates); // ".", "^", "$": no literal, and a quantifier after "." is no literal
        // either
        i = skipQuantifier(alt, i + 1);
      } else {
        i = literalOrBreak(alt, i + 1, c, run, candidates);
      }
    }
    flush(run, candidates);
    List<String> best = null;
    for (List<String> candidate : candidates) {
      if (best == null || shortest(candidate) > shortest(best)) {
        best = candidate;
      }
    }
    return best;
  }

  /** Adds a literal character (0: not a literal) and applies a quantifier that follows it. */
  private static int literalOrBreak(
      String alt, int next, char c, StringBuilder run, List<List<String>> out) {
    if (c == 0) {
      flush(run, out);
      return skipQuantifier(alt, next);
    }
    if (optionalAfter(alt, next)) {
      flush(run, out); // "colou?r": the u may be absent
      return skipQuantifier(alt, next);
    }
    run.append(c);
    if (next < alt.length() && (alt.charAt(next) == '+' || alt.charAt(next) == '{')) {
      flush(run, out); // at least once, but what follows need not be adjacent
      return skipQuantifier(alt, next);
    }
    return next;
  }

  private static boolean optionalAfter(String s, int i) {
    return i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '*' || s.startsWith("{0", i));
  }

  private static int skipQuantifier(String s, int i) {
    if (i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '*' || s.charAt(i) == '+')) {
      i++;
    } else if (i < s.length() && s.charAt(i) == '{') {
      int close = s.indexOf('}', i);
      i = close < 0 ? s.length() : close + 1;
    }
    if (i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '+')) {
      i++; // lazy or possessive
    }
    return i;
  }

  private static void flush(StringBuilder run, List<List<String>> out) {
    if (!run.isEmpty()) {
      out.add(List.of(run.toString()));
      run.setLength(0);
    }
  }

  private static int shortest(List<String> literals) {
    return literals.stream().mapToInt(String::length).min().orElse(0);
  }

  /** Alternatives of a group made of plain literals only ("a|bc|d"), else null. */
  private static List<String> plainAlternatives(String inner) {
    List<String> out = new ArrayList<>();
    for (String alt : splitTopLevel(inner)) {
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < alt.length(); i++) {
        char c = alt.charAt(i);
        if (c == '\\' && i + 1 < alt.length() && META.indexOf(alt.charAt(i + 1)) >= 0) {
          literal.append(alt.charAt(++i));
        } else if (META.indexOf(c) >= 0 || c == '\\') {
          return null;
        } else {
          literal.append(c);
        }
      }
      if (literal.isEmpty()) {
        return null;
      }
      out.add(literal.toString());
    }
    return out;
  }

  private static List<String> splitTopLevel(String regex) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        parts.add(regex.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(regex.substring(start));
    return parts;
  }

  private static int closing(String s, int open) {
    int depth = 0;
    boolean inClass = false;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
