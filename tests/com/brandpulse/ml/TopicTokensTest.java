package com.brandpulse.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.enrich.Taxonomy;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Topic tokens keep what a post is about: no light verbs, auxiliaries, suffixes or fragments in
 * Korean, and never the taxonomy's brand names or the pieces Nori cuts them into.
 */
@Tag("fast")
class TopicTokensTest {

  /**
   * A taxonomy written here: 새별모바일 is cut by Nori into 새 + 별 + 모바일, 한빛폰 into 한 + 빛 + 폰 or 한빛 + 폰; 폰
   * is an industry term and stays a topic word.
   */
  private static final Taxonomy TAXONOMY =
      Taxonomy.from(
          ConfigFactory.parseString(
              """
              brands = [
                { id = hanbit, name = "Hanbit Electronics", kind = brand,
                  terms = ["Hanbit Electronics", "한빛전자", "한빛폰"], hashtags = ["한빛폰", "hanbitphone"],
                  handles = ["HanbitElec", "mastodon:HanbitElec@kr.mastodon.example"],
                  competitors = [saebyeol] }
                { id = saebyeol, name = "Saebyeol Mobile", kind = competitor,
                  terms = ["Saebyeol Mobile", "새별모바일", "새별폰"], hashtags = ["새별모바일"],
                  competitors = [hanbit] }
                { id = aurora, name = "Aurora Air", kind = brand, terms = ["Aurora Air", "AuroraAir"],
                  hashtags = ["flyaurora"], handles = ["AuroraAir"] }
              ]
              industries = [ { id = electronics, name = "Electronics", terms = ["phone", "폰", "스마트폰"] } ]
              """));

  private static final Set<String> BRANDS = TopicTokens.brandTerms(TAXONOMY);

  @Test
  void koreanKeepsNounsAndMeaningfulPredicatesOnly() {
    // 했어요 = 하 (light verb), 돼요 = 되, 있나요 = 있, 같아요 = 같, 주세요/봐 = auxiliaries 주/보,
    // 않아요 = 않: none is a topic. 배터리, 화면, 느리 (slow), 비싸 (expensive) are.
    List<String> t =
        TopicTokens.tokens("업데이트 했어요. 배터리가 안 돼요, 화면이 느려요 방법 있나요? 같아요 고쳐 주세요 봐 주세요 비싸요 않아요");
    assertEquals(List.of("업데이트", "배터리", "화면", "느리", "방법", "고치", "비싸"), t);
    // Suffixes 하/되 of 분실하다, 개선되다 go; the noun stays. 늦 (late) is a listed short predicate.
    assertEquals(List.of("가방", "분실", "늦"), TopicTokens.tokens("가방이 분실되고 너무 늦었어요"));
    assertEquals(List.of("배터리", "개선"), TopicTokens.tokens("배터리가 개선되었습니다"));
    // Single-syllable fragments and bound or positional nouns (때, 후) go; real ones (폰, 앱) stay.
    assertEquals(
        List.of("충전", "뜨겁", "업데이트", "폰", "앱"),
        TopicTokens.tokens("충전할 때 너무 뜨거워요. 업데이트 후 폰 앱 안 돼요"));
    // Nori reads 메일 주세요 as 메이 (verb) + 주세요 (a proper noun): neither is a topic.
    assertEquals(List.of("답장"), TopicTokens.tokens("메일 주세요 답장"));
    for (String light : List.of("하", "되", "있", "없", "않", "같", "보", "주", "이", "지")) {
      assertFalse(
          TopicTokens.tokens("했어요 됐어요 있어요 없어요 않아요 같아요 봐 주세요 이거예요 꺼져 버렸지").contains(light), light);
    }
  }

  @Test
  void brandNamesAndTheirNoriPiecesNeverBecomeTopicWords() {
    // The pieces Nori cuts the brand names into, and the names whole (hashtags, handles).
    assertTrue(BRANDS.containsAll(Set.of("새", "별", "새별", "빛", "한빛", "모바일")), BRANDS.toString());
    assertTrue(
        BRANDS.containsAll(Set.of("hanbit", "saebyeol", "aurora", "auroraair")), BRANDS.toString());
    assertTrue(
        BRANDS.containsAll(Set.of("flyaurora", "hanbitphone", "hanbitelec")), BRANDS.toString());
    // Industry vocabulary is not a brand piece, even inside a brand term (한빛폰, "Hanbit Phone").
    assertFalse(BRANDS.contains("폰") || BRANDS.contains("phone"), BRANDS.toString());

    List<String> ko = TopicTokens.tokens("새별모바일 새별폰 배터리가 너무 빨리 닳아요 #새별모바일 한빛폰으로 바꿨어요", BRANDS);
    assertEquals(List.of("폰", "배터리", "닳", "폰", "바꾸"), ko);
    List<String> en =
        TopicTokens.tokens("@AuroraAir Aurora Air lost my bag again #flyaurora #AuroraAir", BRANDS);
    assertEquals(List.of("lost", "bag"), en);
    // Korean text with the English name: the Latin-script brand goes too.
    assertEquals(List.of("카메라", "최고"), TopicTokens.tokens("Hanbit 카메라 최고", BRANDS));
    // Without exclusions, the same post keeps the names (other callers, other taxonomies).
    assertTrue(TopicTokens.tokens("Aurora Air lost my bag").contains("aurora"));
  }

  @Test
  void aModelCarriesItsExclusionsSoScoringMatchesTraining() throws Exception {
    String[] vocab = {"aurora", "bag", "delay"};
    double[][] lambda = {{50, 40, 1}, {50, 1, 40}};
    TopicModel plain =
        TopicModel.lda(
            "en", vocab, lambda, new double[] {0.5, 0.5}, new String[][] {{"bag"}, {"delay"}});
    TopicModel model = plain.excluding(BRANDS);
    assertEquals(BRANDS, model.excludedTerms());
    assertEquals(Set.of(), plain.excludedTerms());
    // "aurora" is in the vocabulary, but this model never counts it: a post of only the brand name
    // has no known word.
    assertEquals(-1, model.topic("Aurora Air"));
    assertTrue(plain.topic("Aurora Air") >= 0);
    // The exclusions survive the artifact's round trip.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.save(out);
    TopicModel loaded = TopicModel.load(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(BRANDS, loaded.excludedTerms());
    assertEquals(-1, loaded.topic("Aurora Air"));
    assertEquals(model.topic("aurora bag bag"), loaded.topic("aurora bag bag"));
  }
}
