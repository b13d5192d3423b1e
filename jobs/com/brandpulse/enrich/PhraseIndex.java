package com.brandpulse.enrich;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds many phrases in a text in one pass: each phrase is kept as its token sequence under both
 * analyzers (standard and Nori), indexed by first token, and checked only where its first token
 * occurs. Cost per post grows with its tokens, not with the number of phrases.
 *
 * @param <T> what a phrase stands for (a rule, a brand, a country)
 */
public final class PhraseIndex<T extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A phrase found in a text: what it stands for, the phrase as declared, and its token span. */
  public record Hit<T>(T target, String phrase, int start, int length) {
    /** True when this hit lies inside {@code other} and is shorter. */
    public boolean insideLonger(Hit<?> other) {
      return other.length > length
          && other.start <= start
          && start + length <= other.start + other.length;
    }
  }

  private record Entry<T>(String[] tokens, T target, String phrase) implements Serializable {}

  private final Map<String, List<Entry<T>>> standard = new HashMap<>();
  private final Map<String, List<Entry<T>>> korean = new HashMap<>();
  private int size;

  /**
   * Adds a phrase; returns its tokens under the analyzer its own text calls for (Nori for Hangul),
   * so the caller can refuse a phrase that yields no token and can never match.
   */
  public List<String> add(String phrase, T target) {
    List<String> standardTokens = TextAnalysis.standard(phrase);
    List<String> koreanTokens = TextAnalysis.korean(phrase);
    put(standard, standardTokens, target, phrase);
    put(korean, koreanTokens, target, phrase);
    size++;
    return TextAnalysis.hasHangul(phrase) ? koreanTokens : standardTokens;
  }

  private void put(
      Map<String, List<Entry<T>>> index, List<String> tokens, T target, String phrase) {
    if (!tokens.isEmpty()) {
      index
          .computeIfAbsent(tokens.get(0), k -> new ArrayList<>())
          .add(new Entry<>(tokens.toArray(new String[0]), target, phrase));
    }
  }

  public int size() {
    return size;
  }

  /** Every phrase occurrence in {@code text}, in text order. */
  public List<Hit<T>> find(String text) {
    boolean hangul = TextAnalysis.hasHangul(text);
    return find(hangul ? TextAnalysis.korean(text) : TextAnalysis.standard(text), hangul);
  }

  /** Phrase occurrences in already analysed tokens ({@code hangul}: they came from Nori). */
  public List<Hit<T>> find(List<String> tokens, boolean hangul) {
    Map<String, List<Entry<T>>> index = hangul ? korean : standard;
    List<Hit<T>> hits = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      List<Entry<T>> candidates = index.get(tokens.get(i));
      if (candidates == null) {
        continue;
      }
      for (Entry<T> e : candidates) {
        if (matchesAt(tokens, i, e.tokens())) {
          hits.add(new Hit<>(e.target(), e.phrase(), i, e.tokens().length));
        }
      }
    }
    return hits;
  }

  private static boolean matchesAt(List<String> tokens, int start, String[] phrase) {
    if (start + phrase.length > tokens.size()) {
      return false;
    }
    for (int j = 1; j < phrase.length; j++) {
      if (!tokens.get(start + j).equals(phrase[j])) {
        return false;
      }
    }
    return true;
  }
}
