package com.brandpulse.gold;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.PeopleJob;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's injected complaint spike (SampleArchive: Aurora Air's check-in outage, some six hours on
 * Summary.spikeDay) is flagged with its posts, weeks in the demo's reporting zone, Asia/Seoul. The
 * archive is the demo's own (default options); sentiment comes from a small complaint lexicon standing in
 * for the trained models.
 */
class CrisisDemoTest {
  static final SparkSession SPARK = TestSpark.get();
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  /** What the demo's spike templates talk about. */
  static final Pattern SPIKE_TEXT = Pattern.compile(
      "(?i)check.?in|\\bapp\\b|boarding pass|booking|website|error 503|auroradown|outage");
  static final String NEGATIVE_WORDS = "(?i).*(down|broken|crash|error|can't|cannot|won't|lost|delay|cancel|worst|"
      + "terrible|awful|unbelievable|missed|chaos|never again|rude|fix this|spins forever|nothing|help|"
      + "최악|고장|환불|불량|짜증|실망).*";

  static Path warehouse;
  static SampleArchive.Summary summary;
  static CrisisJob.Result result;
  static String brandId;

  @BeforeAll
  static void demoWarehouse() throws Exception {
    warehouse = TestSpark.newWarehouse("crisis-demo");
    Path archive = warehouse.resolve("archive");
    summary = SampleArchive.generate(archive, new SampleArchive.Options(LocalDate.of(2026, 9, 7), 6, 6000, 42, false));
    AppConfig config = TestSpark.config(warehouse, "gold.reporting-time-zone=\"Asia/Seoul\"",
        "ingest.max-quarantine-ratio=1.0");
    long started = System.nanoTime();
    IngestJob.run(SPARK, warehouse.toString(), IngestSettings.from(config), TestSpark.pseudonyms(),
        new IngestJob.Options(List.of("twitter-v1", "twitter-v2", "reddit", "exports", "malformed").stream()
            .map(d -> archive.resolve(d).toString()).toList(), "auto", false), Instant.now());
    EnrichSettings enrich = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(enrich.taxonomy());
    PeopleJob.load(SPARK, warehouse.toString(), archive.resolve("roster/employees.csv").toString(), null, taxonomy,
        TestSpark.pseudonyms(), Instant.now());
    EnrichJob.run(SPARK, warehouse.toString(), enrich, taxonomy, Gazetteer.load(enrich.gazetteer()),
        TestSpark.pseudonyms(), false, Instant.now());
    // Every post labelled: negative when it holds a complaint word, else neutral.
    GoldFixtures.labelPosts(SPARK, warehouse.toString(), "test-lexicon",
        when(col("text").rlike(NEGATIVE_WORDS), lit("negative")).otherwise(lit("neutral")));
    long crisis = System.nanoTime();
    result = CrisisJob.run(SPARK, warehouse.toString(), CrisisSettings.from(config), taxonomy, false, Instant.now());
    brandId = taxonomy.brand(summary.spikeBrand()).orElseThrow().id();
    System.out.printf("demo: spike %s (%s) on %s; warehouse %.1f s, crisis %.1f s: %s%n", summary.spikeBrand(), brandId,
        summary.spikeDay(), (crisis - started) / 1e9, (System.nanoTime() - crisis) / 1e9, result);
  }

  static Dataset<Row> signals() {
    return CrisisTables.GOLD_CRISIS_SIGNALS.read(SPARK, warehouse.toString());
  }

  /** The spike: some six hours from 13:00-15:00 UTC on the spike day. */
  static Instant spikeFrom() {
    return summary.spikeDay().atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(13 * 3600);
  }

  static Instant spikeTo() {
    return spikeFrom().plusSeconds(8 * 3600);
  }

  /** The spike brand's signals of a metric and granularity whose window overlaps the spike. */
  static List<Row> spikeSignals(String metric, String granularity) {
    return signals().where(col("brand_id").equalTo(brandId).and(col("metric").equalTo(metric))
        .and(col("granularity").equalTo(granularity)).and(col("started_at").lt(Timestamp.from(spikeTo())))
        .and(col("ended_at").gt(Timestamp.from(spikeFrom())))).collectAsList();
  }

  /**
   * At the demo's scale (6,000 posts over six weeks, Aurora Air ~2 posts an hour) the complaint spike
   * adds a few posts an hour: under the hourly detector's floor (4 posts of Poisson noise, threshold 6),
   * but a day's negative posts are eight times the usual. The daily negative series flags it, with the
   * complaints as its posts.
   */
  @Test
  void theInjectedSpikeIsFlaggedWithItsPosts() {
    signals().orderBy("started_at").select("brand_id", "metric", "category", "granularity", "started_at", "ended_at",
        "observed", "expected", "score", "severity", "status").show(100, false);
    List<Row> negative = spikeSignals("negative", "day");
    assertEquals(1, negative.size(), "one daily negative signal over the spike: " + negative);
    Row s = negative.get(0);
    Instant start = s.getTimestamp(s.fieldIndex("started_at")).toInstant();
    Instant end = s.getTimestamp(s.fieldIndex("ended_at")).toInstant();
    // A day of the reporting zone: Seoul midnight is 15:00 UTC.
    assertEquals(15, start.atOffset(ZoneOffset.UTC).getHour());
    assertEquals(86_400, end.getEpochSecond() - start.getEpochSecond());

    // Observed: negative posts about the brand in the window, counted here from silver and the test's
    // lexicon (not by the crisis job).
    List<Row> window = Tables.SILVER_POSTS.read(SPARK, warehouse.toString())
        .join(Tables.SILVER_POST_ENRICHMENT.read(SPARK, warehouse.toString()).select("post_id", "brand_ids",
            "is_official_account", "official_brand_id"), "post_id")
        .where(array_contains(col("brand_ids"), brandId)
            .and(col("official_brand_id").isNull().or(col("official_brand_id").notEqual(brandId)))
            .and(col("created_at").geq(Timestamp.from(start))).and(col("created_at").lt(Timestamp.from(end)))
            .and(col("text").rlike(NEGATIVE_WORDS)))
        .select("post_id", "text").collectAsList();
    assertEquals(window.size(), s.<Double>getAs("observed"), 0.0, "observed = negative posts about the brand");
    long complaints = window.stream().filter(r -> SPIKE_TEXT.matcher(r.getString(1)).find()).count();
    System.out.printf("spike window %s..%s: %d negative posts, %d about check-in / the app; expected %.1f, score %.1f%n",
        start, end, window.size(), complaints, s.<Double>getAs("expected"), s.<Double>getAs("score"));
    assertTrue(complaints > 0.5 * window.size(), "most are the injected complaints");
    assertTrue(s.<Double>getAs("expected") < 0.25 * window.size());

    List<Row> reps = s.getList(s.fieldIndex("representative_posts"));
    Set<String> windowIds = window.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(6, reps.size());
    for (Row r : reps) {
      assertTrue(windowIds.contains(r.<String>getAs("post_id")), "a window post of the brand: " + r);
      System.out.println("  " + r.getAs("why") + " " + r.getAs("engagement") + ": " + r.getAs("text"));
    }
    assertTrue(reps.stream().filter(r -> r.getAs("why").equals("most_typical"))
        .allMatch(r -> SPIKE_TEXT.matcher(r.<String>getAs("text")).find()), "the typical posts are the complaints");
    List<Row> drivers = s.getList(s.fieldIndex("drivers"));
    System.out.println("drivers: " + drivers);
    assertTrue(drivers.stream().anyMatch(d -> d.getString(0).equals("category")
        && d.getString(1).equals("Flight Operations / Check-in")), "check-in drives it: " + drivers);

    // The week is the ISO week of the start in Seoul.
    LocalDate monday = start.atZone(SEOUL).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    assertEquals(monday, s.getDate(s.fieldIndex("week_start")).toLocalDate());
    assertEquals("ended", s.getAs("status"));
  }

  @Test
  void theCheckInAndOutageCategoriesFlagTheSameDayAndTheWeekShowsIt() {
    List<String> categories = spikeSignals("category", "day").stream()
        .map(r -> r.<String>getAs("category")).sorted().toList();
    assertEquals(List.of("Flight Operations / Check-in", "Safety & Crisis / Outages & System Failures"), categories);
    Row negative = spikeSignals("negative", "day").get(0);
    Row week = CrisisTables.GOLD_CRISIS_WEEKLY.read(SPARK, warehouse.toString())
        .where(col("brand_id").equalTo(brandId).and(col("week_start").equalTo(negative.getDate(negative.fieldIndex(
            "week_start"))))).first();
    System.out.println("spike week: " + week);
    assertEquals(3L, week.<Long>getAs("signals"));
    assertEquals(1, week.<Integer>getAs("alert_days"));
    assertEquals(negative.<String>getAs("signal_id"), week.<String>getAs("top_signal_id"));
    assertTrue(week.getList(week.fieldIndex("flagged_series")).contains("negative/day"));
  }

  @Test
  void theSpikeBrandHasNoSignalOutsideTheSpike() {
    List<Row> all = signals().where(col("brand_id").equalTo(brandId)).collectAsList();
    List<Row> overlapping = all.stream().filter(r -> r.getTimestamp(r.fieldIndex("started_at")).toInstant()
        .isBefore(spikeTo()) && r.getTimestamp(r.fieldIndex("ended_at")).toInstant().isAfter(spikeFrom())).toList();
    assertEquals(all, overlapping, "every signal of the brand covers the spike");
  }
}
