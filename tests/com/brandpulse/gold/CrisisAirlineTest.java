package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.AirlineWarehouse;
import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crisis signals on the real airline tweets (Tweets.csv, Feb 16-24 2015, six airlines; the human
 * airline_sentiment label stands in for the model). Figures are checked against counts made here
 * from the CSV itself (read by Spark's own CSV reader, brands by the taxonomy's names and handles).
 */
class CrisisAirlineTest {
  static final SparkSession SPARK = TestSpark.get();

  /**
   * The us-airlines taxonomy's American and US Airways names, hashtags and handles, as text
   * patterns.
   */
  static final Pattern AMERICAN =
      Pattern.compile("(?i)@americanair\\b|american ?airlines|aa ?advantage");

  static final Pattern US_AIRWAYS = Pattern.compile("(?i)@usairways\\b|us ?airways|dividend miles");

  static Path warehouse;
  static AppConfig config;
  static CrisisJob.Result result;

  /** tweet_id -> (created_at, text, airline_sentiment), first row of each id. */
  static final Map<String, Tweet> TWEETS = new HashMap<>();

  record Tweet(Instant at, String text, String sentiment) {}

  @BeforeAll
  static void airlineWarehouse() throws Exception {
    long started = System.nanoTime();
    warehouse = AirlineWarehouse.copy("crisis-airlines");
    config = AirlineWarehouse.config(warehouse);
    Path csv = AirlineWarehouse.csv();
    EnrichSettings enrich = EnrichSettings.from(config);
    // The data set's human label stands in for a model.
    GoldFixtures.labelPosts(
        SPARK,
        warehouse.toString(),
        "human:airline_sentiment",
        col("source_attributes").getItem("airline_sentiment"));
    long crisis = System.nanoTime();
    result =
        CrisisJob.run(
            SPARK,
            warehouse.toString(),
            CrisisSettings.from(config),
            Taxonomy.load(enrich.taxonomy()),
            false,
            Instant.now());
    System.out.printf(
        "airline warehouse %.1f s, crisis run %.1f s: %s%n",
        (crisis - started) / 1e9, (System.nanoTime() - crisis) / 1e9, result);

    // The CSV, read here without the project's ingest.
    for (Row r :
        SPARK
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .csv(csv.toString())
            .select(
                col("tweet_id"),
                to_timestamp(col("tweet_created"), "yyyy-MM-dd HH:mm:ss Z").as("at"),
                col("text"),
                col("airline_sentiment"))
            .collectAsList()) {
      TWEETS.putIfAbsent(
          r.getString(0), new Tweet(r.getTimestamp(1).toInstant(), r.getString(2), r.getString(3)));
    }
    assertEquals(14_485, TWEETS.size());
  }

  static Dataset<Row> signals() {
    return CrisisTables.GOLD_CRISIS_SIGNALS.read(SPARK, warehouse.toString());
  }

  static long csvCount(Pattern brand, Instant from, Instant to) {
    return TWEETS.values().stream()
        .filter(
            t -> !t.at().isBefore(from) && t.at().isBefore(to) && brand.matcher(t.text()).find())
        .count();
  }

  static Row only(Dataset<Row> rows) {
    List<Row> list = rows.collectAsList();
    assertEquals(1, list.size(), "one row: " + list);
    return list.get(0);
  }

  /**
   * American: ~20 tweets a day, then 438 on Feb 22 and 1,471 on Feb 23 (UTC): its daily and hourly
   * mentions are flagged from Feb 22 and still open at the end of the data. US Airways doubles on
   * Feb 22 (630 against ~300): its hourly mentions flag hours of that day (its daily score, about
   * 5.9 on four days of history, stays under the bar of 6).
   */
  @Test
  void theFebruary22SpikeIsFlaggedForAmericanAndUsAirways() {
    signals()
        .orderBy("brand_id", "granularity", "metric", "started_at")
        .select(
            "brand_id",
            "metric",
            "category",
            "granularity",
            "started_at",
            "ended_at",
            "observed",
            "expected",
            "score",
            "severity",
            "status",
            "posts")
        .show(200, false);
    Instant feb22 = Instant.parse("2015-02-22T00:00:00Z");
    Row daily =
        only(
            signals()
                .where(
                    col("brand_id")
                        .equalTo("american")
                        .and(col("metric").equalTo("mentions"))
                        .and(col("granularity").equalTo("day"))));
    Instant start = daily.getTimestamp(daily.fieldIndex("started_at")).toInstant();
    Instant end = daily.getTimestamp(daily.fieldIndex("ended_at")).toInstant();
    assertEquals(feb22, start, "American's daily mentions signal starts on Feb 22");
    assertEquals(Instant.parse("2015-02-25T00:00:00Z"), end, "and runs to the end of the data");
    assertEquals("ongoing", daily.getAs("status"));
    long counted = csvCount(AMERICAN, start, end);
    System.out.printf(
        "american daily signal %s..%s: observed %.0f, CSV %d, expected %.1f, score %.1f%n",
        start,
        end,
        daily.<Double>getAs("observed"),
        counted,
        daily.<Double>getAs("expected"),
        daily.<Double>getAs("score"));
    assertEquals(
        counted,
        daily.<Double>getAs("observed"),
        0.0,
        "observed = the CSV's American tweets in the window");
    assertEquals(counted, daily.<Long>getAs("posts"));
    // The baseline: the previous days' median, a few dozen a day, nowhere near the 2,699 observed.
    assertTrue(
        daily.<Double>getAs("expected") < 0.05 * counted, "expected " + daily.getAs("expected"));
    assertEquals("high", daily.getAs("severity"));

    for (Pattern brand : List.of(AMERICAN, US_AIRWAYS)) {
      String id = brand == AMERICAN ? "american" : "us-airways";
      List<Row> feb22Hours =
          signals()
              .where(
                  col("brand_id")
                      .equalTo(id)
                      .and(col("metric").equalTo("mentions"))
                      .and(col("granularity").equalTo("hour"))
                      .and(col("started_at").geq(ts("2015-02-22T00:00:00Z")))
                      .and(col("started_at").lt(ts("2015-02-23T00:00:00Z"))))
              .collectAsList();
      assertFalse(feb22Hours.isEmpty(), id + ": an hourly mentions signal on Feb 22");
      for (Row h : feb22Hours) {
        long inWindow =
            csvCount(
                brand,
                h.getTimestamp(h.fieldIndex("started_at")).toInstant(),
                h.getTimestamp(h.fieldIndex("ended_at")).toInstant());
        assertEquals(
            inWindow,
            h.<Double>getAs("observed"),
            0.01 * inWindow,
            id + " hourly observed vs the CSV: " + h);
      }
    }
    // The quiet brands of those days stay quiet.
    assertTrue(signals().where(col("brand_id").isin("virgin-america", "alaska")).isEmpty());
  }

  @Test
  void representativePostsAreTheBrandsPostsFromTheWindow() {
    Row daily =
        only(
            signals()
                .where(
                    col("brand_id")
                        .equalTo("american")
                        .and(col("metric").equalTo("mentions"))
                        .and(col("granularity").equalTo("day"))));
    Instant start = daily.getTimestamp(daily.fieldIndex("started_at")).toInstant();
    Instant end = daily.getTimestamp(daily.fieldIndex("ended_at")).toInstant();
    List<Row> reps = daily.getList(daily.fieldIndex("representative_posts"));
    assertEquals(6, reps.size());
    long topEngagement = Long.MAX_VALUE;
    for (Row r : reps) {
      Tweet t = TWEETS.get(r.<String>getAs("post_id").substring("twitter:".length()));
      assertTrue(
          t != null && !t.at().isBefore(start) && t.at().isBefore(end), "in the window: " + r);
      assertTrue(AMERICAN.matcher(t.text()).find(), "about American: " + t.text());
      assertFalse(
          r.<String>getAs("text").contains("@AmericanAir"), "mentions are pseudonymised: " + r);
      if (r.getAs("why").equals("most_engaged")) {
        assertTrue(r.<Long>getAs("engagement") <= topEngagement, "by engagement");
        topEngagement = r.getAs("engagement");
      }
    }
    System.out.println("American's Feb 22 drivers: " + daily.getList(daily.fieldIndex("drivers")));
    reps.forEach(
        r ->
            System.out.println(
                "  " + r.getAs("why") + " " + r.getAs("engagement") + ": " + r.getAs("text")));
  }

  @Test
  void weeklyFiguresAddUpFromTheCsv() {
    Row week =
        only(
            CrisisTables.GOLD_CRISIS_WEEKLY
                .read(SPARK, warehouse.toString())
                .where(
                    col("brand_id")
                        .equalTo("american")
                        .and(col("week_start").equalTo(java.sql.Date.valueOf("2015-02-16")))));
    Instant from = Instant.parse("2015-02-16T00:00:00Z");
    Instant to = Instant.parse("2015-02-23T00:00:00Z");
    long posts = csvCount(AMERICAN, from, to);
    long negative =
        TWEETS.values().stream()
            .filter(
                t ->
                    !t.at().isBefore(from)
                        && t.at().isBefore(to)
                        && AMERICAN.matcher(t.text()).find()
                        && "negative".equals(t.sentiment()))
            .count();
    System.out.printf(
        "American week of Feb 16: %s; CSV posts %d, negative %d%n", week, posts, negative);
    assertEquals(posts, week.<Long>getAs("posts"), 0.01 * posts);
    assertEquals(negative, week.<Long>getAs("negative_posts"), 0.01 * negative);
    assertEquals(
        week.<Long>getAs("posts"),
        week.<Long>getAs("scored_posts"),
        "every airline tweet has a label");
    assertTrue(
        week.<Long>getAs("signals") >= 2 && week.<Integer>getAs("alert_hours") > 0,
        week.toString());
    assertEquals("2015-W08", week.getAs("iso_week"));
  }

  @Test
  void aSecondRunChangesNothing() {
    List<String> before = CrisisFixture.contents(signals());
    long version = CrisisFixture.version(warehouse.toString(), CrisisTables.GOLD_CRISIS_SIGNALS);
    CrisisJob.Result again =
        CrisisJob.run(
            SPARK,
            warehouse.toString(),
            CrisisSettings.from(config),
            Taxonomy.load(EnrichSettings.from(config).taxonomy()),
            false,
            Instant.now());
    assertFalse(again.committed());
    assertEquals(
        version, CrisisFixture.version(warehouse.toString(), CrisisTables.GOLD_CRISIS_SIGNALS));
    assertEquals(before, CrisisFixture.contents(signals()));
  }

  static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }
}
