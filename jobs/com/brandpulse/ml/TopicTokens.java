package com.brandpulse.ml;

import com.brandpulse.enrich.TextAnalysis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Content words for topic models: what a post is about, not how it is said. Links, @pseudonyms,
 * template placeholders ({{USERNAME}}) and numbers go; English keeps dictionary stems (KStem:
 * "delays" → "delay", readable as topic names) of words of 3+ letters without stop words; Korean
 * keeps Nori nouns, verb and adjective stems and roots (particles and endings carry no topic).
 * Hashtags count as their word.
 */
public final class TopicTokens {
  private TopicTokens() {}

  private static final Pattern NOISE =
      Pattern.compile(
          "https?://\\S+|www\\.\\S+|@\\w+|\\{\\{[^}]*}}|&amp;|&[a-z]+;|\\b\\d[\\d,.:/]*\\b");

  /** Function words of social posts that survive Lucene's list and never name a topic. */
  private static final Set<String> SOCIAL_STOP =
      Set.of(
          "just", "get", "got", "can", "will", "now", "one", "amp", "rt", "via", "still", "would",
          "could", "should", "also", "really", "even", "much", "make", "know", "want", "going",
          "like", "today", "time", "day", "thank", "thanks", "please", "lol", "yes", "yeah", "don",
          "didn", "doesn", "isn", "wasn", "won", "can't", "i'm", "it's", "you", "your", "our", "we",
          "they", "her", "his", "she", "him", "what", "when", "who", "how", "why", "all", "any",
          "been", "from", "have", "has", "had", "out", "more", "than", "about", "over", "only",
          "some", "very", "here", "there", "new", "back", "see", "way", "need", "let", "take",
          "good", "great", "well", "say", "said", "think", "come", "look", "go", "ever", "many",
          "first", "last", "next", "year", "week", "another", "every", "lot", "right", "thing",
          "people", "love");

  private static final CharArraySet ENGLISH_STOP = stopSet();

  private static CharArraySet stopSet() {
    CharArraySet s = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    s.addAll(SOCIAL_STOP);
    s.addAll(
        Arrays.asList(
            "me", "my", "mine", "us", "them", "their", "its", "im", "ive", "dont", "cant", "u",
            "ur", "just", "did", "do", "does", "am", "were", "being", "after", "before", "because",
            "while", "again", "off", "down", "up", "too", "also", "though", "since", "until",
            "which", "those", "these", "other"));
    return s;
  }

  private static final class Analyzers {
    static final Analyzer ENGLISH =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            TokenStream s = new LowerCaseFilter(new EnglishPossessiveFilter(tokenizer));
            s = new StopFilter(s, ENGLISH_STOP);
            s = new LengthFilter(s, 3, 30);
            s = new KStemFilter(s);
            return new TokenStreamComponents(tokenizer, new StopFilter(s, ENGLISH_STOP));
          }
        };

    /**
     * Nori keeping only content morphemes: nouns, verb and adjective stems, roots, foreign words.
     */
    static final Analyzer KOREAN =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer =
                new KoreanTokenizer(
                    TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                    null,
                    KoreanTokenizer.DecompoundMode.DISCARD,
                    false);
            Set<POS.Tag> drop = EnumSet.allOf(POS.Tag.class);
            drop.removeAll(
                EnumSet.of(
                    POS.Tag.NNG, POS.Tag.NNP, POS.Tag.VV, POS.Tag.VA, POS.Tag.XR, POS.Tag.SL));
            TokenStream s = new LowerCaseFilter(new KoreanPartOfSpeechStopFilter(tokenizer, drop));
            return new TokenStreamComponents(
                tokenizer, new StopFilter(new LengthFilter(s, 1, 30), ENGLISH_STOP));
          }
        };
  }

  /** Topic tokens of a post (Korean analysis when it holds Hangul). */
  public static List<String> tokens(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    String clean = NOISE.matcher(text).replaceAll(" ").replace('#', ' ');
    List<String> raw =
        TextAnalysis.analyze(
            TextAnalysis.hasHangul(clean) ? Analyzers.KOREAN : Analyzers.ENGLISH, clean);
    List<String> out = new ArrayList<>(raw.size());
    for (String t : raw) {
      if (hasLetter(t)) {
        out.add(t);
      }
    }
    return out;
  }

  private static boolean hasLetter(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isLetter(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
