package com.brandpulse.ml;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Text → hashed sparse features for the sentiment models, the same code in training and scoring so
 * the two can never drift. Features: word 1..n-grams of normalised tokens (URLs, users and numbers
 * collapsed, elongations shortened, emoticons and emoji kept as tokens, words after a negator
 * marked until the next punctuation), character n-grams inside each word, and for Korean Nori
 * morphemes with only particles and punctuation dropped (Nori's default stop tags also drop adverbs
 * such as 안/못/너무, which carry the sentiment). Features are hashed (FNV-1a) into 2^bits buckets;
 * values are 1 + log(tf). Immutable and serialisable, so it ships inside a model.
 */
public record SentimentFeaturizer(
    String lang,
    int bits,
    int wordNgrams,
    int charMin,
    int charMax,
    boolean morphemes,
    boolean lexicons)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public SentimentFeaturizer {
    if (bits < 10 || bits > 24) {
      throw new IllegalArgumentException("feature bits must be 10..24, got " + bits);
    }
    if (wordNgrams < 1 || charMin < 0 || charMax != 0 && charMax < charMin) {
      throw new IllegalArgumentException(
          "bad n-gram settings: words 1.." + wordNgrams + ", chars " + charMin + ".." + charMax);
    }
  }

  /** Without lexicon features (models and notebooks from before they existed). */
  public SentimentFeaturizer(
      String lang, int bits, int wordNgrams, int charMin, int charMax, boolean morphemes) {
    this(lang, bits, wordNgrams, charMin, charMax, morphemes, false);
  }

  /** From {@code ml.sentiment.<lang>.features}. */
  public static SentimentFeaturizer fromConfig(String lang, Config features) {
    return new SentimentFeaturizer(
        lang,
        features.getInt("bits"),
        features.getInt("word-ngrams"),
        features.getInt("char-min"),
        features.getInt("char-max"),
        features.getBoolean("morphemes"),
        features.hasPath("lexicons") && features.getBoolean("lexicons"));
  }

  public int size() {
    return 1 << bits;
  }

  /**
   * The ensemble's further views ({@code features.members}: a list of overrides of the main
   * features block, e.g. {@code [{char-max = 0}, {word-ngrams = 1}]}); empty when not set.
   */
  public static List<SentimentFeaturizer> memberViews(String lang, Config features) {
    if (!features.hasPath("members")) {
      return List.of();
    }
    Config base = features.withoutPath("members");
    return features.getConfigList("members").stream()
        .map(m -> fromConfig(lang, m.withFallback(base)))
        .toList();
  }

  /** Whether {@code other} produces the same tokens for every text. */
  public boolean tokenisesLike(SentimentFeaturizer other) {
    return morphemes == other.morphemes;
  }

  /** "words 1-2, chars 2-5, lexicons" for the registry. */
  public static String describe(SentimentFeaturizer f) {
    return "words 1-"
        + f.wordNgrams()
        + (f.charMax() == 0 ? ", no chars" : ", chars " + f.charMin() + "-" + f.charMax())
        + (f.morphemes() ? ", morphemes" : "")
        + (f.lexicons() ? ", lexicons" : "");
  }

  // Order matters: URLs and users before words; emoticons before punctuation.
  private static final Pattern TOKEN =
      Pattern.compile(
          String.join(
              "|",
              "(?<url>(?:https?://|www\\.)\\S+)",
              "(?<user>@\\w+)",
              "(?<tag>#\\w+)",
              "(?<emo>(?:[:;=8xX][-'^o]?[)\\]dDpP(\\[/\\\\|*3oO])|(?:[)(\\]\\[dD][-'^]?[:;=])|<3|</3|\\^\\^|\\^_\\^|T_T|ㅠ+|ㅜ+|ㅋ{2,}|ㅎ{2,}|ㅡ{2,}|;;+)",
              "(?<num>[+-]?\\d[\\d.,:/]*%?)",
              "(?<word>[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}'’_-]*)",
              "(?<punct>[!?]+|\\.{2,}|[.,;:])",
              "(?<emoji>[\\x{1F000}-\\x{1FAFF}\\x{2600}-\\x{27BF}\\x{2B50}\\x{2764}])"));
  private static final Pattern WRITTEN_WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");
  private static final Set<String> NEGATORS =
      Set.of(
          "not",
          "no",
          "never",
          "cannot",
          "nothing",
          "nobody",
          "none",
          "neither",
          "nor",
          "nowhere",
          "without",
          "hardly",
          "barely",
          "dont",
          "cant",
          "wont",
          "isnt",
          "arent",
          "wasnt",
          "werent",
          "didnt",
          "doesnt",
          "havent",
          "hasnt",
          "couldnt",
          "shouldnt",
          "wouldnt",
          "aint");
  private static final Set<String> POSITIVE_EMOTICONS =
      Set.of(
          ":)", ":-)", ":d", ":-d", ";)", ";-)", "=)", ":p", ":-p", "<3", "^^", "^_^", "(:", ":]",
          "=d", "8)", "xd", ":3", ":*");
  private static final int NEGATION_SCOPE = 4;

  /** The tokens features are built from (exposed for tests and notebooks). */
  public List<String> tokens(String text) {
    return morphemes ? koreanTokens(text) : socialTokens(text);
  }

  /** Tweets and posts: normalised tokens with negation marking. */
  static List<String> socialTokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int negated = 0;
    while (m.find()) {
      if (m.group("url") != null) {
        out.add("_url_");
      } else if (m.group("user") != null) {
        out.add("_user_");
      } else if (m.group("num") != null) {
        out.add("_num_");
      } else if (m.group("emo") != null) {
        String emo = m.group("emo").toLowerCase(Locale.ROOT);
        out.add(emo.length() > 3 ? emo.substring(0, 3) : emo);
        out.add(POSITIVE_EMOTICONS.contains(emo) ? "_emo_pos_" : "_emo_neg_");
        negated = 0;
      } else if (m.group("punct") != null) {
        String p = m.group("punct");
        out.add(p.length() > 2 ? p.substring(0, 2) : p);
        negated = 0;
      } else if (m.group("emoji") != null) {
        out.add(m.group("emoji"));
      } else {
        String raw = m.group("tag") != null ? m.group("tag").substring(1) : m.group("word");
        String word =
            ELONGATED.matcher(raw.toLowerCase(Locale.ROOT).replace('’', '\'')).replaceAll("$1$1");
        if (m.group("tag") != null) {
          out.add("#" + word);
        }
        String bare = word.replace("'", "");
        if (NEGATORS.contains(bare) || bare.endsWith("nt") && word.endsWith("n't")) {
          out.add(bare);
          negated = NEGATION_SCOPE;
        } else if (negated > 0) {
          out.add("neg_" + word);
          negated--;
        } else {
          out.add(word);
        }
      }
    }
    return out;
  }

  private static final class Korean {
    // Particles, punctuation and symbols only; adverbs (안, 못, 너무), endings and auxiliaries stay.
    static final Set<POS.Tag> STOP =
        EnumSet.of(POS.Tag.J, POS.Tag.SP, POS.Tag.SSC, POS.Tag.SSO, POS.Tag.SC, POS.Tag.SE);
    static final Analyzer ANALYZER =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer =
                new KoreanTokenizer(
                    TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                    null,
                    KoreanTokenizer.DecompoundMode.DISCARD,
                    false);
            return new TokenStreamComponents(
                tokenizer, new LowerCaseFilter(new KoreanPartOfSpeechStopFilter(tokenizer, STOP)));
          }
        };
  }

  /** Korean: Nori morphemes; emoticons (ㅋㅋ, ㅠㅠ, ^^) are found first and kept whole. */
  static List<String> koreanTokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    StringBuilder rest = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      if (m.group("emo") != null
          || m.group("emoji") != null
          || m.group("url") != null
          || m.group("user") != null) {
        String t =
            m.group("url") != null ? "_url_" : m.group("user") != null ? "_user_" : m.group();
        out.add(t.length() > 3 && t.charAt(0) > 0x3130 ? t.substring(0, 3) : t);
        rest.append(text, last, m.start()).append(' ');
        last = m.end();
      }
    }
    rest.append(text, last, text.length());
    try (TokenStream stream = Korean.ANALYZER.tokenStream("text", rest.toString())) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory text
    }
    return out;
  }

  /** Adds the features of one text to {@code sink}: hashed index → 1 + log(count). */
  public void features(String text, SparseAccumulator sink) {
    features(text, tokens(text == null ? "" : text), sink);
  }

  /**
   * The same, from tokens already computed by a featurizer that tokenises alike ({@link
   * #tokenisesLike}): an ensemble's members share one tokenisation per post.
   */
  public void features(String text, List<String> tokens, SparseAccumulator sink) {
    sink.clear();
    int mask = size() - 1;
    for (int i = 0; i < tokens.size(); i++) {
      long h = fnv(0x77L, tokens.get(i));
      sink.add((int) (h & mask));
      for (int n = 2; n <= wordNgrams && i + n <= tokens.size(); n++) {
        h = fnv(h * 31 + n, tokens.get(i + n - 1));
        sink.add((int) (h & mask));
      }
      if (charMax > 0 && !morphemes) {
        addCharGrams(tokens.get(i), sink, mask);
      }
    }
    if (charMax > 0 && morphemes) {
      // Korean reviews are often written without spaces or with odd spacing, where Nori guesses
      // morphemes badly: n-grams of the written words themselves catch what the guesses miss.
      Matcher w = WRITTEN_WORD.matcher(text == null ? "" : text);
      while (w.find()) {
        addCharGrams(w.group().toLowerCase(Locale.ROOT), sink, mask);
      }
    }
    if (lexicons && !morphemes) {
      addLexiconFeatures(tokens, sink, mask);
    }
    sink.logScale();
  }

  /**
   * Prior polarity from the published lexicons ({@link SentimentLexicon}): one feature per listed
   * word by lexicon, sign and strength ("_vader+2"), the sign flipped inside a negation scope, and
   * the post's summed VADER valence in whole steps. The model learns how far to trust each list;
   * words the labelled data never saw still carry their rated polarity.
   */
  private void addLexiconFeatures(List<String> tokens, SparseAccumulator sink, int mask) {
    SentimentLexicon lexicon = SentimentLexicon.get();
    double sum = 0;
    for (String token : tokens) {
      boolean negated = token.startsWith("neg_");
      String word = negated ? token.substring(4) : token;
      if (word.startsWith("_")) {
        continue;
      }
      int sign = negated ? -1 : 1;
      String bare = word.startsWith("#") ? word.substring(1) : word;
      double v = lexicon.vader(bare);
      if (v != 0) {
        sum += sign * v;
        addNamed("_vader" + signed(sign * v, 3), sink, mask);
      }
      int a = lexicon.afinn(bare);
      if (a != 0) {
        addNamed("_afinn" + signed(sign * a, 4), sink, mask);
      }
      int e = word.codePointAt(0) > 0x2000 ? lexicon.emoji(word) : 0;
      if (e != 0) {
        addNamed("_emoji" + signed(e, 3), sink, mask);
      }
    }
    if (sum != 0) {
      addNamed("_vadersum" + signed(sum, 6), sink, mask);
    }
  }

  /** "+2" / "-1": sign and rounded strength, at most {@code cap}. */
  private static String signed(double v, int cap) {
    long strength = Math.min(cap, Math.max(1, Math.round(Math.abs(v))));
    return (v > 0 ? "+" : "-") + strength;
  }

  private static void addNamed(String feature, SparseAccumulator sink, int mask) {
    sink.add((int) (fnv(0x1e7L, feature) & mask));
  }

  /** Character n-grams of one word padded with spaces ("char_wb"): sub-word cues, misspellings. */
  private void addCharGrams(String token, SparseAccumulator sink, int mask) {
    if (token.startsWith("_") || token.startsWith("neg_")) {
      return; // placeholders and negated copies: their word n-grams say it all
    }
    int len = token.length() + 2;
    for (int n = charMin; n <= charMax; n++) {
      for (int start = 0; start + n <= len; start++) {
        long h = 0xcbf29ce484222325L ^ (0x1000L + n);
        for (int k = start; k < start + n; k++) {
          char c = k == 0 || k == len - 1 ? ' ' : token.charAt(k - 1);
          h = (h ^ c) * 0x100000001b3L;
        }
        sink.add((int) (mix(h) & mask));
      }
    }
  }

  private static long fnv(long seed, String s) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** Final avalanche so low bits (the bucket) depend on every character. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
