package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The weekly transforms on {@link WeeklyScenario}: every expected value is worked out by hand
 * there.
 */
@Tag("fast")
class WeeklyTransformsTest {
  private static final SparkSession SPARK = TestSpark.get();
  static final GoldSettings UTC = new GoldSettings("UTC", 5, 128, "[?\uFF1F]");
  private static Dataset<Row> facts;
  private static Dataset<Row> links;
  private static Map<String, Row> health;
  private static Map<String, Row> advocacy;
  private static Map<String, Row> segments;

  @BeforeAll
  static void compute() {
    List<GoldFixtures.Post> posts = WeeklyScenario.posts();
    facts =
        PostFacts.facts(
                GoldFixtures.posts(SPARK, posts),
                GoldFixtures.enrichment(SPARK, posts),
                GoldFixtures.sentiment(SPARK, posts),
                UTC)
            .cache();
    links = PostFacts.ancestors(facts, UTC.threadMaxDepth());
    List<LocalDate> weeks = List.of(WeeklyScenario.W1, WeeklyScenario.W2);
    Dataset<Row> brands = PostFacts.brands(SPARK, GoldFixtures.TAXONOMY);
    health =
        byKey(
            GoldTables.BRAND_HEALTH_WEEKLY.conform(
                BrandHealth.weekly(
                    facts,
                    links,
                    WeeklyScenario.topics(SPARK),
                    brands,
                    PostFacts.competitors(SPARK, GoldFixtures.TAXONOMY),
                    weeks,
                    UTC)),
            "week_start",
            "brand_id",
            "platform");
    advocacy =
        byKey(
            GoldTables.ADVOCACY_WEEKLY.conform(
                Advocacy.weekly(facts, links, WeeklyScenario.people(SPARK), brands, weeks, UTC)),
            "week_start",
            "brand_id");
    segments =
        byKey(
            GoldTables.BRAND_HEALTH_WEEKLY_SEGMENTS.conform(BrandHealth.segments(facts, weeks)),
            "week_start",
            "brand_id",
            "platform",
            "dimension",
            "segment");
  }

  static Map<String, Row> byKey(Dataset<Row> rows, String... key) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      String k =
          java.util.Arrays.stream(key)
              .map(c -> String.valueOf((Object) r.getAs(c)))
              .collect(Collectors.joining("|"));
      if (out.put(k, r) != null) {
        throw new AssertionError("two rows for " + k);
      }
    }
    return out;
  }

  private static Row health(LocalDate week, String brand, String platform) {
    Row r = health.get(week + "|" + brand + "|" + platform);
    assertTrue(
        r != null, "no row " + week + " " + brand + " " + platform + " in " + health.keySet());
    return r;
  }

  /**
   * Posts comparing Acme and Globex (week of 2026-03-16): each brand counts its own label. By hand
   * — q1 positive "switched from globex to acme": acme positive, globex negative; q2 negative with
   * globex preferred: globex positive, acme negative; q3 negative without sides: both negative; q4
   * neutral with acme preferred: acme positive, globex neutral; q5 unscored: unscored for both; q6
   * positive about acme alone (no sides column): positive. Acme: 3 positive, 2 negative, 1
   * unscored, net 0.2; Globex: 1 positive, 1 neutral, 2 negative, 1 unscored, net -1/3 (with the
   * post label for both, Acme would have 2 positive, 1 neutral).
   */
  @Test
  void comparisonsGiveEachBrandItsOwnLabel() {
    LocalDate w3 = LocalDate.parse("2026-03-16");
    List<GoldFixtures.Post> posts =
        List.of(
            GoldFixtures.post("q1", "2026-03-16T09:00:00Z", "d1")
                .brands("acme")
                .competitors("globex")
                .sides(List.of("acme"), List.of("globex"))
                .label("positive"),
            GoldFixtures.post("q2", "2026-03-16T10:00:00Z", "d2")
                .brands("acme")
                .competitors("globex")
                .sides(List.of("globex"), List.of())
                .label("negative"),
            GoldFixtures.post("q3", "2026-03-16T11:00:00Z", "d3")
                .brands("acme")
                .competitors("globex")
                .sides(List.of(), List.of())
                .label("negative"),
            GoldFixtures.post("q4", "2026-03-16T12:00:00Z", "d4")
                .brands("acme")
                .competitors("globex")
                .sides(List.of("acme"), List.of())
                .label("neutral"),
            GoldFixtures.post("q5", "2026-03-16T13:00:00Z", "d5")
                .brands("acme")
                .competitors("globex")
                .sides(List.of("acme"), List.of("globex"))
                .unscored(),
            GoldFixtures.post("q6", "2026-03-16T14:00:00Z", "d6").brands("acme").label("positive"));
    Dataset<Row> f =
        PostFacts.facts(
            GoldFixtures.posts(SPARK, posts),
            GoldFixtures.enrichment(SPARK, posts),
            GoldFixtures.sentiment(SPARK, posts),
            UTC);
    Map<String, Row> rows =
        byKey(
            GoldTables.BRAND_HEALTH_WEEKLY.conform(
                BrandHealth.weekly(
                    f,
                    PostFacts.ancestors(f, UTC.threadMaxDepth()),
                    null,
                    PostFacts.brands(SPARK, GoldFixtures.TAXONOMY),
                    PostFacts.competitors(SPARK, GoldFixtures.TAXONOMY),
                    List.of(w3),
                    UTC)),
            "week_start",
            "brand_id",
            "platform");
    Row acme = rows.get(w3 + "|acme|all");
    Row globex = rows.get(w3 + "|globex|all");
    assertEquals(
        List.of(6L, 3L, 0L, 2L, 1L, 2L),
        List.of(
            acme.getAs("mentions"),
            acme.getAs("positive"),
            acme.getAs("neutral"),
            acme.getAs("negative"),
            acme.getAs("unscored"),
            acme.getAs("complaints")));
    assertEquals(0.2, acme.<Double>getAs("net_sentiment"), 1e-12);
    assertEquals(
        List.of(5L, 1L, 1L, 2L, 1L, 2L),
        List.of(
            globex.getAs("mentions"),
            globex.getAs("positive"),
            globex.getAs("neutral"),
            globex.getAs("negative"),
            globex.getAs("unscored"),
            globex.getAs("complaints")));
    assertEquals(-1.0 / 3, globex.<Double>getAs("net_sentiment"), 1e-12);
    // the share of the positive voice counts each brand's own label: 3 of the 4 positive mentions
    // are Acme's, where the post labels would give 2 of 3 (q1 would be positive for Globex too)
    assertEquals(
        List.of(1L, 2L),
        List.of(acme.getAs("competitor_positive"), acme.getAs("competitor_negative")));
    assertEquals(0.75, acme.<Double>getAs("positive_share_of_voice"), 1e-12);
    assertEquals(0.5, acme.<Double>getAs("negative_share_of_voice"), 1e-12);
    assertEquals(0.25, globex.<Double>getAs("positive_share_of_voice"), 1e-12);
    assertEquals(6.0 / 11, acme.<Double>getAs("share_of_voice"), 1e-12);
    Map<String, Row> seg =
        byKey(
            BrandHealth.segments(f, List.of(w3)).where("platform = 'all' AND dimension = 'lang'"),
            "brand_id",
            "segment");
    assertEquals(3L, (long) seg.get("acme|en").getAs("positive"));
    assertEquals(2L, (long) seg.get("globex|en").getAs("negative"));
  }

  @Test
  void threadLinksReachEveryPostAbove() {
    Set<String> pairs =
        links.collectAsList().stream()
            .map(r -> r.getString(0) + ">" + r.getString(1))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "twitter:2>twitter:1",
            "twitter:3>twitter:1",
            "twitter:5>twitter:4",
            "twitter:6>twitter:4",
            "twitter:9>twitter:8"),
        pairs);
    Row p2 = facts.where("post_id = 'twitter:2'").first();
    assertEquals(
        List.of(),
        p2.getList(p2.fieldIndex("about_ids")),
        "an official account's reply is not about its brand");
  }

  @Test
  void oneRowPerBrandAndPlatformWithPostsThatWeek() {
    assertEquals(
        Set.of(
            "2026-03-02|acme|all",
            "2026-03-02|acme|twitter",
            "2026-03-02|acme|reddit",
            "2026-03-02|globex|all",
            "2026-03-02|globex|twitter",
            "2026-03-02|globex|reddit",
            "2026-03-09|acme|all",
            "2026-03-09|acme|twitter",
            "2026-03-09|globex|all",
            "2026-03-09|globex|twitter"),
        health.keySet());
    Row r = health(WeeklyScenario.W1, "acme", "all");
    assertEquals("2026-W10", r.getAs("iso_week"));
    assertEquals("Acme", r.getAs("brand_name"));
    assertEquals("brand", r.getAs("brand_kind"));
  }

  @Test
  void volumeReachEngagementAndSentiment() {
    Row r = health(WeeklyScenario.W1, "acme", "all");
    assertEquals(5L, (long) r.getAs("mentions"), "p1, p4, p8, p10 and the repost p11");
    assertEquals(3L, (long) r.getAs("distinct_authors"), "c1, c3, c6");
    assertEquals(
        120L,
        (long) r.getAs("potential_reach"),
        "c1 100 (largest of 100, 90) + c3 20 + c6 unknown");
    assertEquals(
        7L, (long) r.getAs("engagement"), "5 + 2 likes; the repost's 7 are its original's");
    assertEquals(
        List.of(0L, 1L, 3L, 1L),
        List.of(r.getAs("positive"), r.getAs("neutral"), r.getAs("negative"), r.getAs("unscored")),
        "the Korean post without a model is unscored, not neutral");
    assertEquals(-1.0, r.<Double>getAs("net_sentiment"), 1e-12);
    assertEquals(1L, (long) r.getAs("competitor_mentions"), "globex on reddit");
    assertEquals(5.0 / 6, r.<Double>getAs("share_of_voice"), 1e-12);
    assertEquals(
        0.0, health(WeeklyScenario.W1, "acme", "reddit").<Double>getAs("share_of_voice"), 1e-12);
    assertEquals(
        1.0, health(WeeklyScenario.W1, "acme", "twitter").<Double>getAs("share_of_voice"), 1e-12);
    Row globex = health(WeeklyScenario.W1, "globex", "reddit");
    assertEquals(1L, (long) globex.getAs("mentions"));
    assertEquals(1.0, globex.<Double>getAs("net_sentiment"), 1e-12);
    assertEquals(100.0, globex.<Double>getAs("nps"), 1e-12);
    Row empty = health(WeeklyScenario.W2, "globex", "twitter");
    assertEquals(0L, (long) empty.getAs("mentions"));
    assertNull(empty.getAs("net_sentiment"));
    assertNull(empty.getAs("response_rate"));
  }

  @Test
  void promotersAndDetractorsAreCustomers() {
    Row w1 = health(WeeklyScenario.W1, "acme", "all");
    assertEquals(
        List.of(0L, 1L, 2L),
        List.of(w1.getAs("promoters"), w1.getAs("detractors"), w1.getAs("scored_authors")),
        "c1 detractor, c3 passive, c6 unscored");
    assertEquals(-50.0, w1.<Double>getAs("nps"), 1e-12);
    Row w2 = health(WeeklyScenario.W2, "acme", "all");
    assertEquals(
        List.of(1L, 1L, 2L),
        List.of(w2.getAs("promoters"), w2.getAs("detractors"), w2.getAs("scored_authors")),
        "the executive's positive post is not a promoter");
    assertEquals(0.0, w2.<Double>getAs("nps"), 1e-12);
  }

  @Test
  void complaintsAndTheirFirstReplies() {
    Row r = health(WeeklyScenario.W1, "acme", "all");
    assertEquals(2L, (long) r.getAs("complaints"), "p1 and p8; the repost is no complaint");
    assertEquals(
        2L,
        (long) r.getAs("complaints_replied"),
        "p1 by the official account, p8 by an employee next week");
    assertEquals(1.0, r.<Double>getAs("response_rate"), 1e-12);
    assertEquals(2700.0, r.<Double>getAs("median_first_reply_seconds"), 1e-9, "1800 and 3600");
    assertEquals(3420.0, r.<Double>getAs("p90_first_reply_seconds"), 1e-9, "1800 + 0.9 x 1800");
    assertEquals(
        1L, (long) r.getAs("complaints_answered_same_day"), "p8's reply came after midnight");
    assertEquals(0.5, r.<Double>getAs("same_day_rate"), 1e-12);
    Row w2 = health(WeeklyScenario.W2, "acme", "all");
    assertEquals(1L, (long) w2.getAs("complaints"));
    assertEquals(0L, (long) w2.getAs("complaints_replied"));
    assertEquals(0.0, w2.<Double>getAs("response_rate"), 1e-12);
    assertNull(w2.getAs("median_first_reply_seconds"));
  }

  @Test
  void weekOverWeekIsThisMinusPrevious() {
    Row w1 = health(WeeklyScenario.W1, "acme", "all");
    for (String m : GoldTables.WOW_METRICS.keySet()) {
      assertNull(w1.getAs(m + "_wow"), "no posts the week before: " + m);
    }
    Row w2 = health(WeeklyScenario.W2, "acme", "all");
    assertEquals(-2L, (long) w2.getAs("mentions_wow"));
    assertEquals(
        955L, (long) w2.getAs("potential_reach_wow"), "x1 1000 + c2 55 + c3 20 = 1075, minus 120");
    assertEquals(-7L, (long) w2.getAs("engagement_wow"));
    assertEquals(1.0 / 3 + 1, w2.<Double>getAs("net_sentiment_wow"), 1e-12);
    assertEquals(1 - 5.0 / 6, w2.<Double>getAs("share_of_voice_wow"), 1e-12);
    assertEquals(50.0, w2.<Double>getAs("nps_wow"), 1e-12);
    assertEquals(-1L, (long) w2.getAs("complaints_wow"));
    assertEquals(-1.0, w2.<Double>getAs("response_rate_wow"), 1e-12);
    assertNull(w2.getAs("median_first_reply_seconds_wow"), "no replied complaint in week 2");
    assertEquals(-0.5, w2.<Double>getAs("same_day_rate_wow"), 1e-12);
  }

  @Test
  void topTopicsAndCategories() {
    Row r = health(WeeklyScenario.W1, "acme", "all");
    List<Row> topics = r.getList(r.fieldIndex("top_topics"));
    assertEquals(2, topics.size());
    assertEquals(
        List.of("topics-en", 3, "late order", 2L, 1.4),
        List.of(
            topics.get(0).get(0),
            topics.get(0).get(1),
            topics.get(0).get(2),
            topics.get(0).get(3),
            topics.get(0).get(4)));
    assertEquals("shipping", topics.get(1).getString(2));
    List<Row> categories = r.getList(r.fieldIndex("top_categories"));
    assertEquals(
        List.of("Delivery / Late|2|2", "Shipping / International|1|0"),
        categories.stream().map(c -> c.get(0) + "|" + c.get(1) + "|" + c.get(2)).toList());
    Row none = health(WeeklyScenario.W2, "globex", "all");
    assertEquals(List.of(), none.getList(none.fieldIndex("top_topics")));
  }

  @Test
  void regionAndLanguageSegments() {
    String w1 = WeeklyScenario.W1 + "|acme|all|";
    assertEquals(1L, (long) segments.get(w1 + "country|US").getAs("mentions"));
    assertEquals(1L, (long) segments.get(w1 + "country|US").getAs("complaints"));
    assertEquals(4L, (long) segments.get(w1 + "country|unknown").getAs("mentions"));
    assertEquals(4L, (long) segments.get(w1 + "lang|en").getAs("mentions"));
    Row ko = segments.get(w1 + "lang|ko");
    assertEquals(
        List.of(1L, 1L, 0L),
        List.of(ko.getAs("mentions"), ko.getAs("unscored"), ko.getAs("negative")));
    assertNull(ko.getAs("net_sentiment"));
  }

  @Test
  void customerAdvocacy() {
    Row r = advocacy.get(WeeklyScenario.W1 + "|acme");
    assertEquals(
        5L, (long) r.getAs("customer_authors"), "c1, c3, c6 about acme; c2, c4 in its threads");
    assertEquals(
        List.of(2L, 1L, 1L, 2L),
        List.of(
            r.getAs("advocates"),
            r.getAs("defending_posts"),
            r.getAs("answering_posts"),
            r.getAs("advocacy_posts")),
        "c2 defends (p3), c4 answers (p5)");
    assertEquals(60L, (long) r.getAs("advocate_reach"));
    assertEquals(0.4, r.<Double>getAs("advocacy_rate"), 1e-12);
    List<Row> top = r.getList(r.fieldIndex("top_advocates"));
    assertEquals(
        List.of("c2|1|1|0|50", "c4|1|0|1|10"),
        top.stream()
            .map(a -> a.get(0) + "|" + a.get(2) + "|" + a.get(3) + "|" + a.get(4) + "|" + a.get(5))
            .toList());
    Row globex = advocacy.get(WeeklyScenario.W1 + "|globex");
    assertEquals(1L, (long) globex.getAs("customer_authors"));
    assertEquals(0L, (long) globex.getAs("advocates"));
    assertNull(globex.getAs("employee_active_share"), "no roster");
  }

  @Test
  void employeeAdvocacy() {
    Row w1 = advocacy.get(WeeklyScenario.W1 + "|acme");
    assertEquals(
        List.of(3L, 1L, 1L, 30L, 0L, 0L),
        List.of(
            w1.getAs("roster_employees"),
            w1.getAs("employees_posting"),
            w1.getAs("employee_posts"),
            w1.getAs("employee_reach"),
            w1.getAs("executives_posting"),
            w1.getAs("executive_posts")),
        "e1, x1 and e2 (03-05..06) on the roster; e1 replied in a thread about acme");
    assertEquals(1.0 / 3, w1.<Double>getAs("employee_active_share"), 1e-12);
    Row w2 = advocacy.get(WeeklyScenario.W2 + "|acme");
    assertEquals(
        List.of(2L, 2L, 2L, 1030L, 1L, 1L),
        List.of(
            w2.getAs("roster_employees"),
            w2.getAs("employees_posting"),
            w2.getAs("employee_posts"),
            w2.getAs("employee_reach"),
            w2.getAs("executives_posting"),
            w2.getAs("executive_posts")));
    assertEquals(1.0, w2.<Double>getAs("employee_active_share"), 1e-12);
    assertEquals(Date.valueOf(WeeklyScenario.W2), w2.getAs("week_start"));
  }
}
