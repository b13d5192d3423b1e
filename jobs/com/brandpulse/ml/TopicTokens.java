package com.brandpulse.ml;

import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.enrich.TextAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Content words for topic models: what a post is about, not how it is said. Links, @pseudonyms,
 * template placeholders ({{USERNAME}}) and numbers go; English keeps dictionary stems (KStem:
 * "delays" → "delay", readable as topic names) of words of 3+ letters without stop words; Korean
 * keeps Nori nouns, roots and the verb and adjective stems that name something, never light verbs,
 * auxiliaries, suffixes or particles ({@link KoreanTopicFilter}). Hashtags count as their word. The
 * taxonomy's brand names and their pieces can be excluded ({@link #brandTerms}).
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

    /** Nori keeping only what names a topic ({@link KoreanTopicFilter}). */
    static final Analyzer KOREAN =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer = nori();
            TokenStream s = new LowerCaseFilter(new KoreanTopicFilter(tokenizer));
            return new TokenStreamComponents(tokenizer, new StopFilter(s, ENGLISH_STOP));
          }
        };

    /** Every morpheme Nori cuts a text into (brand terms: the pieces to exclude). */
    static final Analyzer KOREAN_PIECES =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer = nori();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
          }
        };

    private static Tokenizer nori() {
      return new KoreanTokenizer(
          TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
          null,
          KoreanTokenizer.DecompoundMode.DISCARD,
          false);
    }
  }

  /**
   * Korean topic morphemes by their Nori tag. Kept: common and proper nouns (NNG, NNP), roots (XR:
   * 심각 of 심각하다), foreign words (SL, 3+ letters as in English), and verb and adjective stems (VV,
   * VA) that name something: 느리 (slow), 비싸 (expensive), 뜨겁 (hot), 고치 (fix). Dropped: the
   * derivational suffixes 하/되 (XSV, XSA), auxiliaries (VX: 주, 보, 지, 않, 싶), the copulas (VCP, VCN),
   * determiners (MM: 새 "new", 한 "one"), bound nouns, pronouns, numerals, adverbs, particles,
   * endings and unknown words. Two lists settle what the tags cannot: single-syllable nouns are
   * mostly bound or positional (때, 후, 안, 번) or pieces of an unknown word, so only the real ones
   * listed here stay; single-syllable predicates are the light and general verbs (하, 되, 있, 없, 같, 보,
   * 주, 오, 가, 사, 쓰) or mis-cuts (산 → 살, 가서 → 갈), so only those naming a complaint stay; a few longer
   * general predicates (그렇, 아니, 드리) go too.
   */
  static final class KoreanTopicFilter extends FilteringTokenFilter {
    private static final Set<POS.Tag> NOUNS = EnumSet.of(POS.Tag.NNG, POS.Tag.NNP, POS.Tag.XR);
    private static final Set<POS.Tag> PREDICATES = EnumSet.of(POS.Tag.VV, POS.Tag.VA);

    /** Single-syllable nouns that name a thing (phone, app, taste, price, money, ...). */
    static final Set<String> SHORT_NOUNS =
        Set.of(
            "폰", "앱", "맛", "값", "돈", "빵", "밥", "물", "옷", "차", "집", "약", "책", "표", "짐", "길", "칩",
            "펜", "팀", "탭", "캠", "줄", "글", "땀", "색");

    /** Single-syllable predicates that name a complaint: late, worn out, cheap, turn on, cut... */
    static final Set<String> SHORT_PREDICATES =
        Set.of("늦", "닳", "싸", "켜", "끊", "깨", "막", "짜", "맵", "식", "춥", "덥", "좁", "낡", "멎");

    /** General predicates of two syllables that say nothing of a topic. */
    static final Set<String> LIGHT_PREDICATES =
        Set.of(
            "그렇", "이렇", "저렇", "어떻", "이러", "그러", "저러", "아니", "드리", "부탁드리", "버리", "계시", "가지", "나오",
            "만들");

    /**
     * Nori mis-cuts that the tags cannot catch: 메일 주세요 → 메이 (VV) + 주세요 (a dictionary NNP), a light
     * verb with its ending.
     */
    static final Set<String> MISCUTS = Set.of("주세요", "메이");

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PartOfSpeechAttribute pos = addAttribute(PartOfSpeechAttribute.class);

    KoreanTopicFilter(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean accept() {
      POS.Tag tag = pos.getLeftPOS();
      String t = term.toString();
      if (MISCUTS.contains(t)) {
        return false;
      }
      int syllables = t.codePointCount(0, t.length());
      if (tag == POS.Tag.SL) {
        return syllables >= 3;
      }
      if (NOUNS.contains(tag)) {
        return syllables > 1 || SHORT_NOUNS.contains(t);
      }
      if (PREDICATES.contains(tag)) {
        return syllables > 1 ? !LIGHT_PREDICATES.contains(t) : SHORT_PREDICATES.contains(t);
      }
      return false;
    }
  }

  /** Topic tokens of a post (Korean analysis when it holds Hangul), excluding nothing. */
  public static List<String> tokens(String text) {
    return tokens(text, Set.of());
  }

  /**
   * Topic tokens of a post without the {@code excluded} terms ({@link #brandTerms}): a model trains
   * and scores with the same set, which its artifact carries.
   */
  public static List<String> tokens(String text, Set<String> excluded) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    String clean = NOISE.matcher(text).replaceAll(" ").replace('#', ' ');
    List<String> raw =
        TextAnalysis.analyze(
            TextAnalysis.hasHangul(clean) ? Analyzers.KOREAN : Analyzers.ENGLISH, clean);
    List<String> out = new ArrayList<>(raw.size());
    for (String t : raw) {
      if (hasLetter(t) && !excluded.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * What topic models never use as a word: the names of the taxonomy's brands and competitors,
   * their terms, hashtags and handles, whole (lower case, without spaces: "auroraair") and as topic
   * tokens (English stems, Nori morphemes of every tag: 새별모바일 → 새, 별, 모바일), since a topic named
   * after a brand says nothing about what is said of it. A piece that is itself a one-word industry
   * term of the taxonomy stays ("Hanbit Phone" does not remove "phone", nor 한빛폰 폰): the taxonomy
   * declares it the industry's vocabulary. 전자 of 한빛전자 goes: no industry term is that one word.
   */
  public static Set<String> brandTerms(Taxonomy taxonomy) {
    Set<String> out = new TreeSet<>();
    Set<String> industry = new HashSet<>();
    for (Taxonomy.Entity e : taxonomy.entities()) {
      boolean brand = !e.kind().equals(Taxonomy.INDUSTRY);
      List<String> names = new ArrayList<>(e.terms());
      if (brand) {
        names.add(e.name());
        names.addAll(e.hashtags());
        for (String h : e.handles()) {
          String bare = h.substring(h.indexOf(':') + 1); // platform prefix
          names.add(bare.contains("@") ? bare.substring(0, bare.indexOf('@')) : bare);
        }
      }
      for (String n : names) {
        if (brand) {
          out.add(n.toLowerCase(Locale.ROOT).replaceAll("[\\s'’]+", ""));
          out.addAll(pieces(n));
        } else {
          industry.addAll(wholeWord(n));
        }
      }
    }
    out.removeAll(industry);
    out.removeIf(String::isBlank);
    return out;
  }

  /**
   * The topic token of an industry term that is one word (폰, 항공, "phones" → "phone"); nothing for a
   * term Nori or the English analyzer cuts in two (전자제품 → 전자 + 제품 keeps 전자 of 한빛전자 a brand piece).
   */
  private static List<String> wholeWord(String term) {
    List<String> t = tokens(term);
    boolean oneWord =
        TextAnalysis.hasHangul(term)
            ? TextAnalysis.analyze(Analyzers.KOREAN_PIECES, term).size() == 1
            : t.size() == 1 && !term.strip().contains(" ");
    return oneWord ? t : List.of();
  }

  /**
   * Topic tokens of a term, and for Hangul its words and every run of consecutive Nori morphemes of
   * it (새별모바일 → 새, 별, 모바일, 새별, 별모바일, ...), the term alone and in sentences: Nori may cut the same
   * word differently in another context (한빛 whole, or 한 + 빛).
   */
  private static List<String> pieces(String term) {
    List<String> out = new ArrayList<>(tokens(term));
    if (TextAnalysis.hasHangul(term)) {
      String lower = term.toLowerCase(Locale.ROOT);
      out.addAll(List.of(lower.split("\\s+")));
      for (String context : List.of("%s", "%s이 좋아요", "오늘 %s 샀어요", "%s은 별로")) {
        int from = context.indexOf("%s");
        List<int[]> cuts = morphemesWithin(context.formatted(lower), from, lower.length());
        for (int i = 0; i < cuts.size(); i++) {
          for (int j = i; j < cuts.size(); j++) {
            out.add(lower.substring(cuts.get(i)[0] - from, cuts.get(j)[1] - from));
          }
        }
      }
    }
    return out;
  }

  /** [start, end) of the Nori morphemes of {@code text} that lie inside [from, from + length). */
  private static List<int[]> morphemesWithin(String text, int from, int length) {
    List<int[]> out = new ArrayList<>();
    try (TokenStream s = Analyzers.KOREAN_PIECES.tokenStream("text", text)) {
      OffsetAttribute offset = s.addAttribute(OffsetAttribute.class);
      s.reset();
      while (s.incrementToken()) {
        if (offset.startOffset() >= from && offset.endOffset() <= from + length) {
          out.add(new int[] {offset.startOffset(), offset.endOffset()});
        }
      }
      s.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory text
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
