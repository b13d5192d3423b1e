package com.brandpulse;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.CrisisJob;
import com.brandpulse.gold.CrisisSettings;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldSettings;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.WeeklyAggregatesJob;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.ScoreJob;
import com.brandpulse.ml.TopicModel;
import com.brandpulse.ml.TopicScoreJob;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * An edit that moves a post into another month and week moves every derived row with it, in the
 * same run of each job. A real Twitter API v2 edit chain (DocNow twarc-csv test data:
 * edited_before.jsonl holds the first version, edited_after.jsonl the edit, both with
 * edit_history_tweet_ids) with only the versions' created_at shifted, so the first version sits 4 s
 * before 2022-08-01T00:00Z (a month start and a Monday) and the edit 6 s after it, 10 s apart as
 * they really were. Ingest the first version, run enrich → score (sentiment, topics) → aggregate
 * (weekly, crisis); ingest the edit and run them again.
 */
class EditMovesTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static final Path V2 = TestSpark.raw("twitter-v2-twarc2/DocNow__twarc-csv/test-data");
  private static final String POST = "twitter:1576994746135764992";
  private static final Instant FIRST_REAL = Instant.parse("2022-10-03T17:57:01Z");
  private static final Duration SHIFT =
      Duration.between(FIRST_REAL, Instant.parse("2022-07-31T23:59:56Z"));
  private static final Date JULY = Date.valueOf("2022-07-01");
  private static final Date AUGUST = Date.valueOf("2022-08-01");
  private static final Date WEEK_BEFORE = Date.valueOf("2022-07-25");
  private static final Date WEEK_AFTER = Date.valueOf("2022-08-01");

  /**
   * A brand the texts of both versions name ("haha", then "hey"), so gold counts the post before
   * and after.
   */
  private static final Taxonomy TAXONOMY =
      Taxonomy.from(
          ConfigFactory.parseString(
              "name = edit-test\nbrands = [ { id = wave, name = Wave, kind = brand, terms = [haha, hey] } ]"));

  private final Path warehouse = TestSpark.newWarehouse("edit-moves");
  private final String wh = warehouse.toString();
  // Weeks in UTC, where the shifted times sit either side of Monday 00:00; a small hand-made
  // sentiment model.
  private final AppConfig config =
      TestSpark.config(
          warehouse, "gold.reporting-time-zone=UTC", "ml.sentiment.en.features.bits=12");

  /** What one pass of the nightly chain did. */
  private record Pass(
      EnrichJob.Result enrich,
      ScoreJob.Result score,
      TopicScoreJob.Result topics,
      WeeklyAggregatesJob.Result weekly,
      CrisisJob.Result crisis) {}

  @Test
  void aMonthCrossingEditMovesEveryDerivedRowInTheSameRun() throws Exception {
    registerChampions();
    ingest(shifted("edited_before.jsonl"));
    assertEquals(Instant.parse("2022-07-31T23:59:56Z"), createdAt(post()));
    Pass before = pass();
    assertEquals(List.of(JULY), before.enrich().months());
    assertEquals(List.of(JULY), months(rows(Tables.SILVER_POST_ENRICHMENT)));
    List<Row> sentiment = rows(Tables.SILVER_POST_SENTIMENT);
    assertEquals(List.of(JULY), months(sentiment));
    assertEquals("neutral", sentiment.get(0).getAs("label"));
    assertOnlyIn(JULY, rows(Tables.SILVER_POST_MENTIONS), "the first version names the brand");
    assertOnlyIn(
        JULY, rows(Tables.SILVER_POST_TOPICS), "topics-en covers the English first version");
    assertEquals(Map.of(WEEK_BEFORE, 1L), weeklyMentions());

    ingest(shifted("edited_after.jsonl"));
    Row edited = post();
    assertEquals(Instant.parse("2022-08-01T00:00:06Z"), createdAt(edited));
    Pass after =
        pass(); // before the fix, aggregate refused here: "not enriched on their current text"

    // Silver: one row per post, in its new month; the old month was recomputed in the same run and
    // lost it.
    assertEquals(List.of(JULY, AUGUST), after.enrich().months());
    List<Row> enrichment = rows(Tables.SILVER_POST_ENRICHMENT);
    assertEquals(List.of(AUGUST), months(enrichment));
    assertEquals(edited.<String>getAs("content_hash"), enrichment.get(0).getAs("content_hash"));
    List<Row> mentions = rows(Tables.SILVER_POST_MENTIONS);
    assertOnlyIn(AUGUST, mentions, "the edit names the brand too");
    assertEquals(
        mentions.size(),
        mentions.stream().map(r -> r.getAs("kind") + "/" + r.getAs("entity_id")).distinct().count(),
        "one row per post and target");
    sentiment = rows(Tables.SILVER_POST_SENTIMENT);
    assertEquals(List.of(AUGUST), months(sentiment));
    assertEquals(edited.<String>getAs("content_hash"), sentiment.get(0).getAs("content_hash"));
    assertEquals(1L, after.score().scored(), "the edit is scored in August (und → sentiment-en)");
    assertEquals(1L, after.score().deleted(), "its July row goes in the same MERGE");
    // "hey :)" is too short to tell its language (und): no topic model covers it now, and its July
    // rows went
    assertTrue(after.topics().months().contains(JULY), after.topics().toString());
    assertEquals(List.of(), rows(Tables.SILVER_POST_TOPICS));

    // Gold: the week it left was recomputed in the same run and no longer counts it (nor holds any
    // row).
    List<LocalDate> both = List.of(WEEK_BEFORE.toLocalDate(), WEEK_AFTER.toLocalDate());
    after.weekly().tables().forEach(t -> assertEquals(both, t.weeks(), t.table()));
    assertTrue(
        after.crisis().changedWeeks().contains(WEEK_BEFORE.toLocalDate()),
        after.crisis().toString());
    assertEquals(Map.of(WEEK_AFTER, 1L), weeklyMentions());
    for (TableContract t :
        List.of(
            GoldTables.BRAND_HEALTH_WEEKLY_SEGMENTS,
            GoldTables.ADVOCACY_WEEKLY,
            GoldTables.OPS_GOLD_WEEK_INPUTS,
            CrisisTables.GOLD_CRISIS_WEEKLY)) {
      assertEquals(
          List.of(WEEK_AFTER),
          t.read(SPARK, wh).select("week_start").distinct().collectAsList().stream()
              .map(r -> r.getDate(0))
              .toList(),
          t.qualifiedName());
    }

    // Nothing left to do, even comparing every day, and score no longer meets two source rows for
    // one target row.
    ScoreJob.Result again = score(null);
    assertEquals(List.of(0L, 0L, 0L), List.of(again.scored(), again.unscored(), again.deleted()));
    assertEquals(List.of(), enrich().months());
    assertEquals(List.of(), topics(null).months());
  }

  /**
   * A real v2 page with each version's created_at moved by {@link #SHIFT}; all else byte for byte.
   */
  private Path shifted(String name) throws Exception {
    String page = Files.readString(V2.resolve(name), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"created_at\": \"(2022-10-03T[0-9:.]+Z)\"").matcher(page);
    StringBuilder out = new StringBuilder();
    int versions = 0;
    while (m.find()) {
      m.appendReplacement(out, "\"created_at\": \"" + Instant.parse(m.group(1)).plus(SHIFT) + "\"");
      versions++;
    }
    m.appendTail(out);
    assertEquals(3, versions, "the tweet in data and both versions in includes.tweets");
    Path file = Files.createDirectories(warehouse.resolve("in")).resolve(name);
    Files.writeString(file, out, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * A registry fixture instead of training (the test is about where rows land, not what they say):
   * sentiment-en calls every post neutral, topics-en is a two-topic LDA over words of the first
   * version.
   */
  private void registerChampions() throws Exception {
    ModelRegistry registry = new ModelRegistry(SPARK, wh);
    RegistryFixture.neutralSentiment(registry, config);
    registry.saveTopics(
        TopicModel.lda(
            "en",
            new String[] {"miss", "much", "haha"},
            new double[][] {{5, 5, 0.1}, {0.1, 0.1, 5}},
            new double[] {0.5, 0.5},
            new String[][] {{"miss"}, {"haha"}}),
        registry.artifactPath("topics-en", 1));
    registry.register(
        RegistryFixture.champion("topics-en", "topics", registry.artifactPath("topics-en", 1)));
  }

  private void ingest(Path file) throws Exception {
    IngestJob.run(
        SPARK,
        wh,
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(List.of(file.toString()), "auto", false),
        Instant.now());
  }

  /** As the command runs it: stale days looked for among those the change feed names. */
  private EnrichJob.Result enrich() {
    EnrichSettings settings = EnrichSettings.from(config);
    ChangeFeed feed = EnrichJob.feed(SPARK, wh, settings, TAXONOMY, TestSpark.pseudonyms());
    EnrichJob.Result r =
        EnrichJob.run(
            SPARK,
            wh,
            settings,
            TAXONOMY,
            Gazetteer.load(settings.gazetteer()),
            TestSpark.pseudonyms(),
            false,
            EnrichJob.candidates(feed),
            Instant.now());
    feed.record();
    return r;
  }

  /**
   * Languages to models as conf's ml.scoring.models has them for English (und: too short to tell);
   * sentiment and topics compare the days the change feed names, as the score command does.
   */
  private ScoreJob.Result score(List<Date> days) throws Exception {
    return ScoreJob.run(
        SPARK, wh, Map.of("en", "sentiment-en", "und", "sentiment-en"), false, days, Instant.now());
  }

  private TopicScoreJob.Result topics(List<Date> days) throws Exception {
    return TopicScoreJob.run(SPARK, wh, List.of("en"), 3, 0.2, days, Instant.now());
  }

  /**
   * enrich → score → topics → aggregate (weekly tables, then crisis), as the nightly DAG orders
   * them.
   */
  private Pass pass() throws Exception {
    EnrichJob.Result e = enrich();
    ChangeFeed feed = ChangeFeed.open(SPARK, wh, "score", "edit-moves", ScoreJob.FEED_TABLES);
    List<Date> days = feed.changedDays(ScoreJob.FEED_TABLES).orElse(null);
    ScoreJob.Result s = score(days);
    TopicScoreJob.Result t = topics(days);
    feed.record();
    WeeklyAggregatesJob.Result w =
        WeeklyAggregatesJob.run(
            SPARK,
            wh,
            GoldSettings.from(config),
            TAXONOMY,
            WeeklyAggregatesJob.Options.incremental(),
            Instant.now());
    CrisisJob.Result c =
        CrisisJob.run(SPARK, wh, CrisisSettings.from(config), TAXONOMY, false, Instant.now());
    return new Pass(e, s, t, w, c);
  }

  private Row post() {
    List<Row> rows = Tables.SILVER_POSTS.read(SPARK, wh).collectAsList();
    assertEquals(1, rows.size(), "one post: an edit is known by its first id");
    assertEquals(POST, rows.get(0).getAs("post_id"));
    return rows.get(0);
  }

  private static Instant createdAt(Row post) {
    return post.getTimestamp(post.fieldIndex("created_at")).toInstant();
  }

  /** The post's rows in a per-post silver table. */
  private List<Row> rows(TableContract table) {
    return table.read(SPARK, wh).where(col("post_id").equalTo(POST)).collectAsList();
  }

  private static List<Date> months(List<Row> rows) {
    return rows.stream().map(r -> r.<Date>getAs("created_month")).sorted().toList();
  }

  private static void assertOnlyIn(Date month, List<Row> rows, String why) {
    assertTrue(!rows.isEmpty(), why);
    assertEquals(List.of(month), months(rows).stream().distinct().toList(), why);
  }

  /** The brand's mentions on all platforms, by week_start of gold.brand_health_weekly. */
  private Map<Date, Long> weeklyMentions() {
    return GoldTables.BRAND_HEALTH_WEEKLY
        .read(SPARK, wh)
        .where(col("brand_id").equalTo("wave").and(col("platform").equalTo("all")))
        .collectAsList()
        .stream()
        .collect(
            java.util.stream.Collectors.toMap(
                r -> r.<Date>getAs("week_start"), r -> r.<Long>getAs("mentions")));
  }
}
