package com.brandpulse.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Tokens for matching, the same way for rules and posts: Lucene's Nori for text with Hangul (Korean
 * particles and endings dropped, so "삼성전자는" gives the tokens of "삼성전자"), Lucene's standard
 * tokenizer otherwise (possessives dropped); lower-cased, no stop words. Analyzers are per JVM and
 * thread-safe.
 */
public final class TextAnalysis {
  private TextAnalysis() {}

  private static final class Analyzers {
    /** Standard tokens, lower-cased, "Air's" → "air" so possessives match the bare name. */
    static final Analyzer STANDARD =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(
                tokenizer, new LowerCaseFilter(new EnglishPossessiveFilter(tokenizer)));
          }
        };

    static final Analyzer KOREAN = new KoreanAnalyzer();
  }

  public static boolean hasHangul(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '\uAC00' && c <= '\uD7A3') || (c >= '\u3131' && c <= '\u318E')) {
        return true;
      }
    }
    return false;
  }

  /** Tokens of a post: Nori when it has Hangul, else the standard tokenizer. */
  public static List<String> tokens(String text) {
    return hasHangul(text) ? korean(text) : standard(text);
  }

  public static List<String> standard(String text) {
    return analyze(Analyzers.STANDARD, text);
  }

  public static List<String> korean(String text) {
    return analyze(Analyzers.KOREAN, text);
  }

  /** Terms of {@code text} through any Lucene analyzer (shared by matching and topic tokens). */
  public static List<String> analyze(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory text: not expected
    }
    return out;
  }
}
