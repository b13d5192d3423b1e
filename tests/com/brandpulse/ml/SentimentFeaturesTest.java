package com.brandpulse.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Lexicon features, the Korean written-word n-grams and ensembles, without Spark. */
@Tag("fast")
class SentimentFeaturesTest {
  private static final SentimentFeaturizer PLAIN =
      new SentimentFeaturizer("en", 18, 2, 0, 0, false, false);
  private static final SentimentFeaturizer LEXICON =
      new SentimentFeaturizer("en", 18, 2, 0, 0, false, true);

  private static Set<Integer> buckets(SentimentFeaturizer f, String text) {
    SparseAccumulator acc = new SparseAccumulator();
    f.features(text, acc);
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < acc.size(); i++) {
      out.add(acc.index(i));
    }
    return out;
  }

  /** Buckets only the lexicon adds. */
  private static Set<Integer> lexiconBuckets(String text) {
    Set<Integer> extra = buckets(LEXICON, text);
    extra.removeAll(buckets(PLAIN, text));
    return extra;
  }

  @Test
  void theFetchedListsAreOnTheClasspathWithTheirPublishedScores() {
    SentimentLexicon lex = SentimentLexicon.get();
    // VADER rates "good" 1.9 and "horrible" -2.5; AFINN-165 "bad" -3; the emoji ranking 😂 1.
    assertEquals(1.9, lex.vader("good"), 1e-9);
    assertEquals(-2.5, lex.vader("horrible"), 1e-9);
    assertEquals(-3, lex.afinn("bad"));
    assertEquals(1, lex.emoji("😂"));
    assertEquals(0, lex.afinn("flight"));
    assertTrue(lex.size() > 10_000, "three lists: " + lex.size());
  }

  @Test
  void listedWordsAddPolarityFeaturesAndNegationFlipsThem() {
    Set<Integer> good = lexiconBuckets("the crew was good");
    Set<Integer> notGood = lexiconBuckets("the crew was not good");
    Set<Integer> bad = lexiconBuckets("the crew was bad");
    assertTrue(!good.isEmpty() && !bad.isEmpty(), good + " " + bad);
    assertNotEquals(good, notGood, "a negated word carries the opposite sign");
    assertTrue(lexiconBuckets("the flight left at noon").isEmpty(), "no listed word, no feature");
    // Words no training tweet may hold still share the polarity feature of their sign and strength.
    Set<Integer> shared = new HashSet<>(lexiconBuckets("a dreadful trip"));
    shared.retainAll(lexiconBuckets("an atrocious trip"));
    assertTrue(!shared.isEmpty(), "two strongly negative words share a lexicon feature");
  }

  @Test
  void koreanCharacterGramsComeFromTheWrittenWordsAndJamoEmoticonsStayWhole() {
    SentimentFeaturizer morphemes = new SentimentFeaturizer("ko", 18, 2, 0, 0, true, false);
    SentimentFeaturizer withChars = new SentimentFeaturizer("ko", 18, 2, 1, 3, true, false);
    String spaced = "정말 재미없는 영화";
    String unspaced = "정말재미없는영화";
    Set<Integer> a = buckets(withChars, spaced);
    Set<Integer> b = buckets(withChars, unspaced);
    a.retainAll(b);
    Set<Integer> m = buckets(morphemes, spaced);
    m.retainAll(buckets(morphemes, unspaced));
    assertTrue(a.size() > m.size(), "written-word n-grams overlap across spacing: " + a.size());
    List<String> tokens = SentimentFeaturizer.koreanTokens("내용이 없다 ㅡㅡ 진짜 ㅋㅋㅋ");
    assertTrue(tokens.contains("ㅡㅡ") && tokens.contains("ㅋㅋㅋ"), tokens.toString());
  }

  @Test
  void anEnsembleAveragesItsMembersProbabilities() {
    SentimentFeaturizer f = new SentimentFeaturizer("en", 10, 1, 0, 0, false, false);
    String[] labels = {"negative", "neutral", "positive"};
    float[] idf = new float[f.size()];
    java.util.Arrays.fill(idf, 1f);
    SentimentModel a =
        new SentimentModel(f, labels, idf, new float[f.size() * 3], new double[] {2, 0, 0});
    SentimentModel b =
        new SentimentModel(f, labels, idf, new float[f.size() * 3], new double[] {0, 0, 2});
    SparseAccumulator acc = new SparseAccumulator();
    double[] pa = a.probabilities("any text", acc);
    double[] pb = b.probabilities("any text", acc);
    double[] both = a.withMembers(List.of(b)).probabilities("any text", acc);
    List<Double> expected = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      assertEquals((pa[c] + pb[c]) / 2, both[c], 1e-12);
      expected.add(both[c]);
    }
    assertEquals(2, a.withMembers(List.of(b)).size());
    assertEquals(both[0], both[2], 1e-12, "symmetric members: " + expected);
  }
}
