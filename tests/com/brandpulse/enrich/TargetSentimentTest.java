package com.brandpulse.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The comparison rules on made-up posts about two made-up airlines, Acme Air and Beta Jet. */
@Tag("fast")
class TargetSentimentTest {
  private static final TargetSentiment.Locator LOCATOR =
      TargetSentiment.Locator.of(
          Map.of(
              "acme", List.of("Acme Air", "@AcmeAir", "#acmeair"),
              "beta", List.of("Beta Jet", "@BetaJet")));

  private static Map<String, String> labels(String text, String postLabel) {
    return TargetSentiment.labels(text, LOCATOR.find(text), postLabel, null);
  }

  private static Map<String, String> expect(String acme, String beta) {
    Map<String, String> m = new HashMap<>();
    m.put("acme", acme);
    m.put("beta", beta);
    return m;
  }

  @Test
  void locatorFindsTermsHandlesAndHashtagsAsWholeWords() {
    List<TargetSentiment.Mention> found =
        LOCATOR.find(
            "@acmeair vs BetaJet vs beta  jet vs #AcmeAir, not @AcmeAirways nor xBeta Jet");
    assertEquals(
        List.of("acme", "beta", "beta", "acme"),
        found.stream().map(TargetSentiment.Mention::brandId).toList());
    assertEquals(0, found.get(0).start());
    assertEquals(8, found.get(0).end());
  }

  @Test
  void switchingMakesTheOldBrandNegativeAndTheNewPositive() {
    assertEquals(
        expect("negative", "positive"),
        labels("Switched from @AcmeAir to @BetaJet, so much better!", "positive"));
    // the post label is neutral: the comparison alone decides
    assertEquals(
        expect("negative", "positive"), labels("switched from Acme Air to Beta Jet", "neutral"));
    assertEquals(
        expect("negative", "positive"),
        labels("@AcmeAir lost my bag again. Taking my business to @BetaJet", "negative"));
    assertEquals(
        expect("negative", "positive"),
        labels("@AcmeAir lost my bag again, hello @BetaJet", "negative"));
  }

  @Test
  void comparisonsPutEachBrandOnItsSide() {
    assertEquals(
        expect("negative", "positive"), labels("@BetaJet is way better than @AcmeAir", "positive"));
    assertEquals(expect("positive", "negative"), labels("@AcmeAir > @BetaJet", "neutral"));
    assertEquals(expect("positive", "negative"), labels("@AcmeAir &gt; @BetaJet", "neutral"));
    assertEquals(
        expect("negative", "positive"),
        labels("@AcmeAir your boarding is a mess. You should learn from @BetaJet", "negative"));
    assertEquals(
        expect("negative", "positive"),
        labels("flying @BetaJet instead of @AcmeAir this time", "neutral"));
    // one side only: a polar post's other brand is the other side
    assertEquals(
        expect("negative", "positive"),
        labels("@AcmeAir this is why I fly @BetaJet. Never an issue", "positive"));
    assertEquals(
        expect("positive", "negative"),
        labels("@AcmeAir I will never choose @BetaJet over you again!", "negative"));
  }

  @Test
  void withoutAComparisonEveryBrandKeepsThePostLabel() {
    assertEquals(
        expect("negative", "negative"),
        labels("@AcmeAir @BetaJet on hold for three hours, nobody answers", "negative"));
    // one side found but a neutral post: the brand on neither side stays neutral
    assertEquals(
        expect("neutral", "positive"),
        labels("@AcmeAir any chance of seat-back screens like @BetaJet?", "neutral"));
    assertEquals(
        Map.of("acme", "positive"), labels("@AcmeAir great crew, better than ever", "positive"));
    Map<String, String> unscored = labels("switched from @AcmeAir to @BetaJet", null);
    assertNull(unscored.get("acme"));
    assertNull(unscored.get("beta"));
  }

  @Test
  void labelIsTheRuleGoldApplies() {
    TargetSentiment.Sides preferOnly = new TargetSentiment.Sides(Set.of("beta"), Set.of());
    assertEquals("positive", TargetSentiment.label("beta", preferOnly, "negative"));
    assertEquals("negative", TargetSentiment.label("acme", preferOnly, "positive"));
    assertEquals("negative", TargetSentiment.label("acme", preferOnly, "negative"));
    assertEquals("neutral", TargetSentiment.label("acme", preferOnly, "neutral"));
    TargetSentiment.Sides both = new TargetSentiment.Sides(Set.of("beta"), Set.of("acme"));
    assertEquals("neutral", TargetSentiment.label("gamma", both, "neutral"));
    assertEquals("positive", TargetSentiment.label("gamma", both, "positive"));
    assertNull(TargetSentiment.label("beta", both, null));
    assertEquals("positive", TargetSentiment.label("acme", TargetSentiment.Sides.NONE, "positive"));
  }

  @Test
  void aClauseScorerLabelsABrandThatHasAClauseOfItsOwn() {
    String text = "@AcmeAir you lost my bag. @BetaJet you were the best";
    Map<String, String> scored =
        TargetSentiment.labels(
            text,
            LOCATOR.find(text),
            "negative",
            clause -> clause.contains("best") ? "positive" : "negative");
    // the addressee keeps the post label; Beta Jet's own clause is scored
    assertEquals(expect("negative", "positive"), scored);
    assertEquals(expect("negative", "negative"), labels(text, "negative"));
  }
}
