package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.TargetSentiment;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-off and advocacy on the real Customer Support on Twitter threads (twcs.csv, first 5,000
 * rows: 76 brand accounts). A taxonomy made here names each support account as the official handle
 * of a brand. Sentiment is a fixed rule on the CSV (customer posts negative, except ids ending in 0
 * positive and in 5 unscored; brand posts neutral), so complaints are checkable; a post comparing
 * support accounts is negative toward the one it dispreferred (TargetSentiment). Every expected
 * figure is computed below in plain Java from the CSV itself — its own CSV reader, reply chains
 * walked by tweet id, the @handles in the text — never from the tables the job reads.
 */
class SupportThreadsTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static final Path CSV =
      TestSpark.sharedData().resolve("customer-support-twitter/monalisapatra26/twcs.csv");
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT);
  private static final Pattern HANDLE = Pattern.compile("@([A-Za-z0-9_]+)");

  /** One CSV record as the test reads it. */
  record Tweet(long id, String author, boolean inbound, Instant at, String text, Long parent) {
    String label() {
      return !inbound ? "neutral" : id % 10 == 0 ? "positive" : id % 10 == 5 ? null : "negative";
    }

    LocalDate week() {
      return LocalDate.ofInstant(at, ZoneOffset.UTC)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
  }

  private static Map<Long, Tweet> tweets;
  private static Map<String, String> brandHandles; // lower-case handle -> handle
  private static Map<String, Row> health;
  private static Map<String, Row> advocacy;

  @BeforeAll
  static void warehouse() throws Exception {
    tweets = read(CSV);
    brandHandles = new TreeMap<>();
    tweets.values().stream()
        .filter(t -> !t.inbound())
        .forEach(t -> brandHandles.put(t.author().toLowerCase(Locale.ROOT), t.author()));
    Path w = TestSpark.newWarehouse("gold-twcs");
    Path taxonomy = w.resolve("support-brands.conf");
    Files.writeString(
        taxonomy,
        "taxonomy {\n  name = \"twcs-support\"\n  brands = [\n"
            + brandHandles.values().stream()
                .map(
                    h ->
                        "    { id = \""
                            + id(h)
                            + "\", name = \""
                            + h
                            + "\", kind = brand, handles = [\""
                            + h
                            + "\"] }")
                .collect(Collectors.joining("\n"))
            + "\n  ]\n}\n",
        StandardCharsets.UTF_8);
    AppConfig config = TestSpark.config(w, "enrich.taxonomy=\"" + taxonomy + "\"");
    IngestJob.run(
        SPARK,
        w.toString(),
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(List.of(CSV.toString()), "auto", false),
        Instant.now());
    EnrichSettings settings = EnrichSettings.from(config);
    Taxonomy tax = Taxonomy.load(settings.taxonomy());
    EnrichJob.run(
        SPARK,
        w.toString(),
        settings,
        tax,
        Gazetteer.load(settings.gazetteer()),
        TestSpark.pseudonyms(),
        false,
        Instant.now());
    writeSentiment(w.toString());
    WeeklyAggregatesJob.run(
        SPARK,
        w.toString(),
        GoldSettings.from(config),
        tax,
        WeeklyAggregatesJob.Options.incremental(),
        Instant.now());
    health =
        WeeklyTransformsTest.byKey(
            GoldTables.BRAND_HEALTH_WEEKLY
                .read(SPARK, w.toString())
                .where(col("platform").equalTo("all")),
            "week_start",
            "brand_id");
    advocacy =
        WeeklyTransformsTest.byKey(
            GoldTables.ADVOCACY_WEEKLY.read(SPARK, w.toString()), "week_start", "brand_id");
  }

  static String id(String handle) {
    return handle.toLowerCase(Locale.ROOT);
  }

  /** silver.post_sentiment from the rule of the class comment, conforming to its contract. */
  private static void writeSentiment(String warehouse) {
    GoldFixtures.labelPosts(
        SPARK,
        warehouse,
        "rule",
        when(col("source_attributes").getItem("inbound").equalTo("False"), lit("neutral"))
            .when(
                expr("cast(substring_index(post_id, ':', -1) AS BIGINT) % 10 = 0"), lit("positive"))
            .when(expr("cast(substring_index(post_id, ':', -1) AS BIGINT) % 10 = 5"), lit(null))
            .otherwise(lit("negative")));
  }

  // ------------------------------------------------------------------ the independent computation

  /** The CSV's tweets by id, read with {@link CsvRecords} (not the ingest code). */
  static Map<Long, Tweet> read(Path csv) throws Exception {
    List<List<String>> records = CsvRecords.read(csv);
    assertEquals(
        List.of(
            "",
            "tweet_id",
            "author_id",
            "inbound",
            "created_at",
            "text",
            "response_tweet_id",
            "in_response_to_tweet_id"),
        records.get(0));
    Map<Long, Tweet> out = new LinkedHashMap<>();
    for (List<String> r : records.subList(1, records.size())) {
      assertEquals(8, r.size(), "record " + r);
      String parent = r.get(7);
      Tweet t =
          new Tweet(
              Long.parseLong(r.get(1)),
              r.get(2),
              r.get(3).equals("True"),
              java.time.ZonedDateTime.parse(r.get(4), CREATED).toInstant(),
              r.get(5),
              parent.isEmpty() ? null : (long) Double.parseDouble(parent));
      out.put(t.id(), t);
    }
    return out;
  }

  /** Brands a tweet is about: the support accounts it @mentions or replies to, never its own. */
  static Set<String> about(Tweet t) {
    Set<String> out = new TreeSet<>();
    Matcher m = HANDLE.matcher(t.text());
    while (m.find()) {
      if (brandHandles.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
        out.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    Tweet parent = t.parent() == null ? null : tweets.get(t.parent());
    if (parent != null && !parent.inbound()) {
      out.add(id(parent.author()));
    }
    if (!t.inbound()) {
      out.remove(id(t.author()));
    }
    return out;
  }

  /** Each support account's handle as tweets write it, for the comparison rules. */
  static TargetSentiment.Locator handleLocator() {
    Map<String, List<String>> forms = new TreeMap<>();
    brandHandles.forEach((id, handle) -> forms.put(id, List.of("@" + handle)));
    return TargetSentiment.Locator.of(forms);
  }

  /** The tweets above one in its reply chain, nearest first, at most 128. */
  static List<Tweet> ancestors(Tweet t) {
    List<Tweet> out = new ArrayList<>();
    Tweet at = t;
    while (at.parent() != null && tweets.containsKey(at.parent()) && out.size() < 128) {
      at = tweets.get(at.parent());
      out.add(at);
    }
    return out;
  }

  /**
   * Exact percentile with linear interpolation between closest ranks (numpy's and Spark's
   * percentile).
   */
  static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = (v.length - 1) * p;
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static boolean question(Tweet t) {
    return t.text().contains("?") || t.text().contains("\uFF1F");
  }

  /** Expected hand-off figures per week|brand: complaints, replied, same-day, reply seconds. */
  static Map<String, List<Object>> expectedHandoff() {
    Map<Long, List<Tweet>> below = new HashMap<>();
    for (Tweet t : tweets.values()) {
      for (Tweet a : ancestors(t)) {
        below.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(t);
      }
    }
    Map<String, List<Object>> out = new TreeMap<>();
    TargetSentiment.Locator locator = handleLocator();
    for (Tweet c : tweets.values()) {
      if (!c.inbound() || c.label() == null) {
        continue;
      }
      // A complaint is negative toward the brand: the brand-level rule on the raw text's sides.
      TargetSentiment.Sides sides = TargetSentiment.sides(c.text(), locator.find(c.text()));
      for (String brand : about(c)) {
        if (!"negative".equals(TargetSentiment.label(brand, sides, c.label()))) {
          continue;
        }
        Instant first =
            below.getOrDefault(c.id(), List.of()).stream()
                .filter(
                    r -> !r.inbound() && id(r.author()).equals(brand) && !r.at().isBefore(c.at()))
                .map(Tweet::at)
                .min(Instant::compareTo)
                .orElse(null);
        List<Object> cell =
            out.computeIfAbsent(
                c.week() + "|" + brand,
                k -> new ArrayList<>(List.of(0L, 0L, 0L, new ArrayList<Double>())));
        cell.set(0, (long) cell.get(0) + 1);
        if (first != null) {
          cell.set(1, (long) cell.get(1) + 1);
          boolean sameDay =
              LocalDate.ofInstant(first, ZoneOffset.UTC)
                  .equals(LocalDate.ofInstant(c.at(), ZoneOffset.UTC));
          cell.set(2, (long) cell.get(2) + (sameDay ? 1 : 0));
          @SuppressWarnings("unchecked")
          List<Double> secs = (List<Double>) cell.get(3);
          secs.add((double) (first.getEpochSecond() - c.at().getEpochSecond()));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the tests

  @Test
  void theCsvReadsAsCalibrated() {
    assertEquals(5000, tweets.size());
    assertEquals(76, brandHandles.size());
    List<Double> seconds = new ArrayList<>();
    for (Tweet t : tweets.values()) {
      Tweet parent = t.parent() == null ? null : tweets.get(t.parent());
      if (!t.inbound() && parent != null && parent.inbound()) {
        seconds.add((double) (t.at().getEpochSecond() - parent.at().getEpochSecond()));
      }
    }
    assertEquals(2188, seconds.size(), "brand replies whose customer parent is in the file");
    assertEquals(723.5, percentile(seconds, 0.5), 1e-9);
  }

  @Test
  void mentionsPerWeekAndBrand() {
    Map<String, Long> expected = new TreeMap<>();
    for (Tweet t : tweets.values()) {
      for (String brand : about(t)) {
        expected.merge(t.week() + "|" + brand, 1L, Long::sum);
      }
    }
    Map<String, Long> actual = new TreeMap<>();
    health.forEach(
        (k, r) -> {
          if ((long) r.getAs("mentions") > 0) {
            actual.put(k, r.getAs("mentions"));
          }
        });
    assertEquals(expected, actual);
    long weeks = tweets.values().stream().map(Tweet::week).distinct().count();
    assertEquals(weeks * 76, health.size(), "every brand in every week with posts");
    System.out.printf(
        "twcs: %d weeks, %d mentions of %d brands%n",
        weeks,
        expected.values().stream().mapToLong(Long::longValue).sum(),
        expected.keySet().stream().map(k -> k.split("\\|")[1]).distinct().count());
  }

  @Test
  void complaintsRepliesAndResponseTimes() {
    Map<String, List<Object>> expected = expectedHandoff();
    long complaints = 0;
    long replied = 0;
    long sameDay = 0;
    List<Double> all = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
      Row r = health.get(e.getKey());
      assertTrue(r != null, "no row " + e.getKey());
      List<Object> x = e.getValue();
      @SuppressWarnings("unchecked")
      List<Double> secs = (List<Double>) x.get(3);
      String at = e.getKey() + ": ";
      assertEquals(x.get(0), r.getAs("complaints"), at + "complaints");
      assertEquals(x.get(1), r.getAs("complaints_replied"), at + "replied");
      assertEquals(x.get(2), r.getAs("complaints_answered_same_day"), at + "same day");
      assertEquals(percentile(secs, 0.5), r.getAs("median_first_reply_seconds"), at + "median");
      Double p90 = percentile(secs, 0.9);
      if (p90 == null) {
        assertNull(r.getAs("p90_first_reply_seconds"), at);
      } else {
        assertEquals(p90, r.<Double>getAs("p90_first_reply_seconds"), 1e-6, at + "p90");
      }
      complaints += (long) x.get(0);
      replied += (long) x.get(1);
      sameDay += (long) x.get(2);
      all.addAll(secs);
    }
    long gold = health.values().stream().mapToLong(r -> r.getAs("complaints")).sum();
    assertEquals(complaints, gold, "no complaint in a cell the test does not expect");
    System.out.printf(
        "twcs hand-off: %d complaints, %d replied by the brand (%.3f), %d the same day;"
            + " first reply median %.1f s, p90 %.1f s (over all complaints)%n",
        complaints,
        replied,
        (double) replied / complaints,
        sameDay,
        percentile(all, 0.5),
        percentile(all, 0.9));
  }

  @Test
  void customerAdvocacyInThreads() {
    Map<String, Set<String>> customers = new TreeMap<>();
    Map<String, Set<String>> advocates = new TreeMap<>();
    Map<String, long[]> posts = new TreeMap<>();
    for (Tweet p : tweets.values()) {
      if (!p.inbound()) {
        continue;
      }
      List<Tweet> above = ancestors(p);
      Set<String> engaged = new TreeSet<>(about(p));
      above.forEach(a -> engaged.addAll(about(a)));
      for (String brand : engaged) {
        String key = p.week() + "|" + brand;
        customers.computeIfAbsent(key, k -> new TreeSet<>()).add(p.author());
        boolean defends =
            "positive".equals(p.label())
                && above.stream()
                    .anyMatch(
                        a ->
                            about(a).contains(brand)
                                && "negative".equals(a.label())
                                && !a.author().equals(p.author()));
        boolean answers =
            !question(p)
                && !"negative".equals(p.label())
                && above.stream()
                    .anyMatch(
                        a ->
                            about(a).contains(brand)
                                && question(a)
                                && a.inbound()
                                && !a.author().equals(p.author()));
        if (defends || answers) {
          advocates.computeIfAbsent(key, k -> new TreeSet<>()).add(p.author());
          long[] n = posts.computeIfAbsent(key, k -> new long[3]);
          n[0] += defends ? 1 : 0;
          n[1] += answers ? 1 : 0;
          n[2]++;
        }
      }
    }
    long totalAdvocates = 0;
    for (Map.Entry<String, Row> e : advocacy.entrySet()) {
      Row r = e.getValue();
      String at = e.getKey() + ": ";
      assertEquals(
          customers.getOrDefault(e.getKey(), Set.of()).size(),
          (long) r.getAs("customer_authors"),
          at);
      assertEquals(
          advocates.getOrDefault(e.getKey(), Set.of()).size(), (long) r.getAs("advocates"), at);
      long[] n = posts.getOrDefault(e.getKey(), new long[3]);
      assertEquals(
          List.of(n[0], n[1], n[2]),
          List.of(
              r.getAs("defending_posts"), r.getAs("answering_posts"), r.getAs("advocacy_posts")),
          at);
      assertEquals(0L, (long) r.getAs("employees_posting"), "no roster here");
      totalAdvocates += (long) r.getAs("advocates");
    }
    assertTrue(customers.keySet().stream().allMatch(advocacy::containsKey));
    System.out.printf(
        "twcs advocacy: %d advocate-weeks, %d defending and %d answering posts%n",
        totalAdvocates,
        posts.values().stream().mapToLong(n -> n[0]).sum(),
        posts.values().stream().mapToLong(n -> n[1]).sum());
  }
}
