package com.brandpulse.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The compiled taxonomy on inline posts and on real Korean posts from the shared archives. */
class TaxonomyMatcherTest {
  private static final String TAXONOMY =
      """
      name = "test"
      brands = [
        { id = delta, name = "Delta Air Lines", kind = brand, industry = airline, terms = ["Delta", "Delta Air Lines"],
          hashtags = ["flydelta"], handles = ["Delta"], competitors = [united], exclude = ["delta wing", "river delta"] }
        { id = united, name = "United", kind = competitor, industry = airline, terms = ["United Airlines"], handles = ["united"] }
        { id = hanbit, name = "Hanbit Electronics", kind = brand, terms = ["한빛전자", "한빛폰", "Hanbit"] }
      ]
      industries = [ { id = airline, name = "Airlines", terms = ["flight", "항공권"] } ]
      categories = [
        { category = "Baggage", subcategory = "Lost", rules = [
            { terms = ["lost bag", "lost luggage"] }
            { terms = ["수하물 분실", "가방"], lang = ko } ] }
        { category = "Devices", subcategory = "Battery", rules = [
            { terms = ["배터리"], lang = ko }
            { regex = "\\\\b\\\\d{1,3}\\\\s?%", platform = twitter } ] }
        { category = "Fans", subcategory = "LOONA", rules = [ { terms = ["김립", "멤버", "이야기"] } ] }
      ]
      """;

  private static TaxonomyMatcher matcher() {
    return TaxonomyMatcher.compile(
        Taxonomy.from(ConfigFactory.parseString(TAXONOMY)), TestSpark.pseudonyms());
  }

  private static Set<String> ids(List<TaxonomyMatcher.Match> matches) {
    return matches.stream().map(m -> m.target().entityId()).collect(Collectors.toSet());
  }

  @Tag("fast")
  @Test
  void matchesTermsTokenWiseWithExclusionsHashtagsAndOfficialHandles() {
    TaxonomyMatcher m = matcher();
    assertEquals(
        Set.of("delta", "airline", "Baggage / Lost"),
        ids(
            m.match(
                "DELTA lost my luggage? no, lost bag on the flight", null, null, "en", "twitter")));
    assertEquals(
        Set.of(),
        ids(m.match("the river delta and a delta wing model", null, null, "en", "twitter")),
        "exclusions cancel the brand");
    assertEquals(
        Set.of(),
        ids(m.match("deltas and untied lines", null, null, "en", "twitter")),
        "token-aware: no substrings");
    assertEquals(
        Set.of("delta"),
        ids(m.match("is Delta's app down?", null, null, "en", "twitter")),
        "possessives match the name");
    String unitedKey = TestSpark.pseudonyms().handle("twitter", "united");
    var viaMention =
        m.match("@" + unitedKey + " thanks", null, List.of(unitedKey), "en", "twitter");
    assertEquals(Set.of("united"), ids(viaMention));
    assertEquals("@united", viaMention.get(0).term());
    assertEquals("mention", viaMention.get(0).source());
    assertEquals(
        Set.of("delta"), ids(m.match("great trip #FlyDelta", null, null, "en", "twitter")));
    assertEquals(
        "delta", m.officialAccountOf(TestSpark.pseudonyms().handle("twitter", "Delta")).entityId());
    assertNull(m.officialAccountOf(unitedKey + "x"));
  }

  @Tag("fast")
  @Test
  void scopesRulesByLanguageAndPlatform() {
    TaxonomyMatcher m = matcher();
    assertEquals(
        Set.of("hanbit", "Devices / Battery"),
        ids(m.match("한빛폰이 배터리가 20% 남았어요", null, null, "ko", "twitter")));
    assertEquals(
        Set.of("hanbit"),
        ids(m.match("한빛폰이 배터리가 20% 남았어요", null, null, "en", "reddit")),
        "a ko rule needs a ko post, a twitter rule a twitter post");
  }

  @Tag("fast")
  @Test
  void koreanRulesMatchThroughParticles() {
    TaxonomyMatcher m = matcher();
    assertEquals(Set.of("hanbit"), ids(m.match("한빛전자는 서비스가 최고", null, null, "ko", "twitter")));
    assertEquals(
        Set.of("hanbit", "Baggage / Lost"),
        ids(m.match("한빛폰을 가방에 넣었는데", null, null, "ko", "twitter")));
    assertEquals(Set.of("airline"), ids(m.match("항공권이 너무 비싸요", null, null, "ko", "twitter")));
    assertEquals(
        1,
        m.match("수하물 분실, 가방이 없어요", null, null, "ko", "twitter").size(),
        "two rules of one subcategory: one match");
  }

  @Test
  void koreanRulesMatchRealPostsFromTheSharedArchives() throws Exception {
    TaxonomyMatcher m = matcher();
    // Grailbird tweets.csv, tweet 994404778015772672: "김립은 사랑입니다 ..." (김립 + the particle 은)
    String csv =
        Files.readString(
            TestSpark.raw("twitter-archive-export/RedKimLip__loonabot_tweet/tweets.csv"),
            StandardCharsets.UTF_8);
    int row = csv.indexOf("\"994404778015772672\"");
    String kimlip = csv.substring(csv.indexOf("김립은 사랑입니다", row), csv.indexOf("김립은 사랑입니다", row) + 9);
    assertEquals(Set.of("Fans / LOONA"), ids(m.match(kimlip, null, null, "ko", "twitter")));
    assertEquals(
        List.of("김립은"), List.of(kimlip.split(" ")[0]), "a whitespace split would have missed it");
    // Grailbird 2017_07.js element 1 (889965481574055936), \\uXXXX-escaped: "... 멤버와 소녀들의 이야기를 ..."
    Path month =
        TestSpark.raw("twitter-archive-export/RedKimLip__loonabot_tweet/data/js/tweets/2017_07.js");
    String js = Files.readString(month, StandardCharsets.UTF_8);
    JsonNode first = new ObjectMapper().readTree(js.substring(js.indexOf('['))).get(0);
    assertEquals("889965481574055936", first.get("id_str").asText());
    var matches = m.match(first.get("text").asText(), null, null, "ko", "twitter");
    assertEquals(Set.of("Fans / LOONA"), ids(matches));
    assertEquals("멤버", matches.get(0).term(), "멤버와 = 멤버 + particle 와");
  }

  @Tag("fast")
  @Test
  void theShippedTaxonomiesCompile() {
    Taxonomy demo = Taxonomy.load("classpath:taxonomy/demo.conf");
    assertTrue(demo.rules().size() >= 300, "demo rules: " + demo.rules().size());
    assertEquals(
        5, demo.entities().stream().filter(e -> !e.kind().equals(Taxonomy.INDUSTRY)).count());
    TaxonomyMatcher m = TaxonomyMatcher.compile(demo, TestSpark.pseudonyms());
    assertEquals(
        Set.of("hanbit-electronics"),
        ids(m.match("한빛전자는 서비스가 최고", null, null, "ko", "twitter")).stream()
            .filter(id -> !id.contains("/"))
            .collect(Collectors.toSet()));
    TaxonomyMatcher.compile(
        Taxonomy.load(TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf").toString()),
        TestSpark.pseudonyms());
  }

  @Tag("fast")
  @Test
  void theVersionIsTheContentHashAndBadTaxonomiesFailClearly() {
    Taxonomy a = Taxonomy.from(ConfigFactory.parseString(TAXONOMY));
    Taxonomy b =
        Taxonomy.from(
            ConfigFactory.parseString(TAXONOMY.replace("\"lost bag\"", "\"missing bag\"")));
    assertEquals(a.version(), Taxonomy.from(ConfigFactory.parseString(TAXONOMY)).version());
    assertNotEquals(a.version(), b.version());
    var unmatchable =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TaxonomyMatcher.compile(
                    Taxonomy.from(
                        ConfigFactory.parseString(
                            "brands = [ { id = x, name = X, terms = [\"X\", \"!!\"] } ]")),
                    TestSpark.pseudonyms()));
    assertTrue(unmatchable.getMessage().contains("x: \"!!\""), unmatchable.getMessage());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Taxonomy.from(
                    ConfigFactory.parseString(
                        "brands = [ { id = x, name = X, competitors = [nobody] } ]")));
    assertTrue(e.getMessage().contains("unknown competitor nobody"), e.getMessage());
  }

  @Tag("fast")
  @Test
  void gazetteerResolvesPlaceThenCoordinatesThenStatedLocation() throws Exception {
    Path conf = Files.createTempFile("gazetteer", ".conf");
    Files.writeString(
        conf,
        """
        gazetteer.countries = [
          { code = US, names = ["United States", "New York", "NYC", "Los Angeles", "New Mexico"], bbox = [24.4, -125.0, 49.4, -66.9] }
          { code = MX, names = ["Mexico", "Tijuana"] }
          { code = KR, names = ["South Korea", "Seoul", "서울", "한국"], bbox = [33.0, 124.5, 38.7, 131.0] }
          { code = CA, names = ["Canada", "Toronto"], bbox = [41.6, -141.0, 83.2, -52.6] }
        ]""");
    Gazetteer g = Gazetteer.load(conf.toString());
    assertEquals(new Gazetteer.Region("GB", "place"), g.resolve("gb", 37.5, 127.0, "Seoul"));
    assertEquals(new Gazetteer.Region("KR", "geo"), g.resolve(null, 37.5, 127.0, null));
    assertEquals(
        new Gazetteer.Region(null, "unknown"),
        g.resolve(null, 45.0, -75.0, null),
        "in two boxes: unknown");
    assertEquals(
        new Gazetteer.Region("US", "location"), g.resolve(null, null, null, "Brooklyn, NYC"));
    assertEquals(new Gazetteer.Region("KR", "location"), g.resolve(null, null, null, "서울에서 살아요"));
    assertEquals(
        new Gazetteer.Region(null, "unknown"), g.resolve(null, null, null, "NYC ✈ Toronto"));
    assertEquals(
        new Gazetteer.Region(null, "unknown"), g.resolve(null, null, null, "somewhere nice"));
    assertEquals(
        new Gazetteer.Region("US", "location"),
        g.resolve(null, null, null, "Albuquerque, New Mexico"),
        "Mexico inside New Mexico does not count");
  }

  @Tag("fast")
  @Test
  void detectsTheLanguageOfShortPosts() {
    List<String> languages = List.of("en", "ko", "ja", "es", "fr", "de");
    assertEquals(
        "en",
        LanguageDetection.detect("my flight got cancelled again, so annoying", languages, 10)
            .code());
    assertEquals("ko", LanguageDetection.detect("배터리가 너무 빨리 닳아요 진짜", languages, 10).code());
    assertEquals(
        "es", LanguageDetection.detect("mi vuelo fue cancelado otra vez", languages, 10).code());
    assertNull(
        LanguageDetection.detect("@u_0123456789abcdef0123 https://t.co/x 12:30 !!!", languages, 10),
        "nothing but links, mentions and numbers: unknown");
  }
}
