package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisFixture.Post;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crisis job on generated silver tables with a known spike: what is flagged, the figures
 * (counted here from the generated posts), drivers and representative posts, and the incremental
 * behaviour (rerun, late data, appended days, rebuild).
 */
class CrisisJobTest {
  static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday
  static final Instant SPIKE = Instant.parse("2026-03-18T14:00:00Z"); // Wednesday of the third week
  static final String[] NORMAL = {
    "flight was fine today",
    "booked a trip to lisbon",
    "seat upgrade was nice",
    "crew very friendly on board",
    "flight delayed again",
    "bag arrived late at the belt",
    "food was ok",
    "landed early, great pilot",
    "lounge was crowded",
    "miles finally posted"
  };
  static final String[] SPIKE_TEXT = {
    "acme app outage, cannot check in #acmedown",
    "is the acme app down? check in keeps failing",
    "app crashed again, outage at the airport #acmedown",
    "cannot check in online, app outage, queue everywhere",
    "acme outage: app error at check in"
  };

  static final List<Post> POSTS = generate();

  static Path warehouse;
  static CrisisJob.Result first;

  private static final Instant THIRD_WEEK = Instant.parse("2026-03-16T00:00:00Z");

  /** The first two weeks and the one run over them that both incremental cases start from. */
  private static Path twoWeeks;

  private static CrisisJob.Result twoWeeksRun;

  static List<Post> generate() {
    Random random = new Random(5);
    RandomGenerator counts = new Well19937c(5);
    List<Post> out = new ArrayList<>();
    int id = 1000;
    for (int h = 0; h < 21 * 24; h++) {
      Instant hour = START.plusSeconds(3600L * h);
      int hourOfDay = h % 24;
      double shape = 1 + Math.sin(2 * Math.PI * (hourOfDay - 9) / 24);
      for (String brand : List.of("acme", "rival")) {
        double rate = (brand.equals("acme") ? 2 : 1) * (1.5 + 2.5 * shape);
        int n =
            new PoissonDistribution(
                    counts,
                    rate,
                    PoissonDistribution.DEFAULT_EPSILON,
                    PoissonDistribution.DEFAULT_MAX_ITERATIONS)
                .sample();
        for (int i = 0; i < n; i++) {
          String text = NORMAL[random.nextInt(NORMAL.length)];
          double u = random.nextDouble();
          String label = u < 0.3 ? "negative" : u < 0.8 ? "neutral" : "positive";
          List<String> categories =
              text.contains("delayed") ? List.of("Operations / Delays") : List.of();
          out.add(
              new Post(
                  Integer.toString(id++),
                  hour.plusSeconds(random.nextInt(3600)),
                  brand,
                  text,
                  label,
                  categories,
                  random.nextInt(20),
                  false));
        }
      }
      if (!hour.isBefore(SPIKE) && hour.isBefore(SPIKE.plusSeconds(3 * 3600))) {
        for (int i = 0; i < 40; i++) {
          out.add(
              new Post(
                  Integer.toString(id++),
                  hour.plusSeconds(random.nextInt(3600)),
                  "acme",
                  SPIKE_TEXT[random.nextInt(SPIKE_TEXT.length)] + " " + i,
                  "negative",
                  List.of("Digital / App"),
                  i == 7 && hour.equals(SPIKE) ? 500 : random.nextInt(40),
                  false));
        }
      }
    }
    // The brand's own replies during the spike are not about it.
    out.add(
        new Post(
            "999",
            SPIKE.plusSeconds(600),
            "acme",
            "we are aware of an app outage",
            "neutral",
            List.of(),
            0,
            true));
    return out;
  }

  static CrisisJob.Result run(Path w, boolean rebuild) {
    return CrisisFixture.run(w, rebuild);
  }

  @BeforeAll
  static void generatedWarehouse() {
    warehouse = TestSpark.newWarehouse("crisis-generated");
    CrisisFixture.append(warehouse.toString(), POSTS);
    long started = System.nanoTime();
    first = run(warehouse, false);
    System.out.printf(
        "crisis on %d generated posts: %.1f s, %s%n",
        POSTS.size(), (System.nanoTime() - started) / 1e9, first);
  }

  /**
   * A new warehouse holding the first two weeks of {@link #POSTS} after one crisis run over them,
   * built once and copied, so the cases that start from it do not each pay a run.
   */
  static synchronized Path twoWeeksRunOnce(String name) {
    if (twoWeeks == null) {
      Path w = TestSpark.newWarehouse("crisis-two-weeks");
      CrisisFixture.append(
          w.toString(), POSTS.stream().filter(p -> p.at().isBefore(THIRD_WEEK)).toList());
      twoWeeksRun = run(w, false);
      twoWeeks = w;
    }
    return TestSpark.newWarehouseCopy(name, twoWeeks);
  }

  static Dataset<Row> signals(Path w) {
    return CrisisTables.GOLD_CRISIS_SIGNALS.read(CrisisFixture.SPARK, w.toString());
  }

  @Test
  void theInjectedSpikeIsFlaggedWithItsFiguresDriversAndPosts() {
    signals(warehouse)
        .orderBy("started_at")
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
            "status")
        .show(50, false);
    List<Row> hourly =
        signals(warehouse)
            .where(
                col("brand_id")
                    .equalTo("acme")
                    .and(col("metric").equalTo("mentions"))
                    .and(col("granularity").equalTo("hour")))
            .collectAsList();
    assertEquals(1, hourly.size(), "one hourly mentions signal for acme: " + hourly);
    Row s = hourly.get(0);
    Instant started = s.getTimestamp(s.fieldIndex("started_at")).toInstant();
    Instant ended = s.getTimestamp(s.fieldIndex("ended_at")).toInstant();
    assertEquals(SPIKE, started, "starts in the first spike hour");
    assertTrue(
        !ended.isBefore(SPIKE.plusSeconds(2 * 3600)) && !ended.isAfter(SPIKE.plusSeconds(4 * 3600)),
        "ends with the spike: " + ended);
    long counted =
        POSTS.stream()
            .filter(
                p ->
                    p.brand().equals("acme")
                        && !p.official()
                        && !p.at().isBefore(started)
                        && p.at().isBefore(ended))
            .count();
    assertEquals(counted, s.<Double>getAs("observed"), 0.0, "observed = acme posts in the window");
    assertEquals(counted, s.<Long>getAs("posts"));
    assertEquals(LocalDate.of(2026, 3, 16), s.getDate(s.fieldIndex("week_start")).toLocalDate());
    assertEquals("2026-W12", s.getAs("iso_week"));
    assertEquals("ended", s.getAs("status"));
    assertEquals("Acme Air", s.getAs("brand_name"));
    double expected = s.getAs("expected");
    assertTrue(expected > 0 && expected < 0.5 * counted, "expected " + expected + " of " + counted);

    List<Row> drivers = s.getList(s.fieldIndex("drivers"));
    Set<String> terms =
        drivers.stream()
            .filter(d -> d.getString(0).equals("term"))
            .map(d -> d.getString(1))
            .collect(Collectors.toSet());
    assertTrue(terms.containsAll(Set.of("outage", "app")), "driver terms " + terms);
    assertTrue(
        drivers.stream()
            .anyMatch(
                d -> d.getString(0).equals("category") && d.getString(1).equals("Digital / App")),
        "the category drives it: " + drivers);
    assertTrue(
        drivers.stream()
            .anyMatch(
                d -> d.getString(0).equals("topic") && d.getString(1).equals("app outage check")),
        "and the topic: " + drivers);

    List<Row> reps = s.getList(s.fieldIndex("representative_posts"));
    Set<String> spikeIds =
        POSTS.stream()
            .filter(p -> p.text().contains("app") && !p.official())
            .map(Post::postId)
            .collect(Collectors.toSet());
    assertEquals(6, reps.size());
    Row top = reps.get(0);
    assertEquals("most_engaged", top.getAs("why"));
    assertEquals(500L, top.<Long>getAs("engagement"), "the 500-like post is the most engaged");
    assertTrue(
        reps.stream().allMatch(r -> spikeIds.contains(r.<String>getAs("post_id"))),
        "all from the spike: " + reps);
    assertEquals(3, reps.stream().filter(r -> r.getAs("why").equals("most_typical")).count());
  }

  @Test
  void negativeShareAndCategorySeriesFlagTheSpikeToo() {
    Set<String> flagged =
        signals(warehouse)
            .where(
                col("brand_id")
                    .equalTo("acme")
                    .and(col("started_at").geq(java.sql.Timestamp.from(SPIKE.minusSeconds(3600))))
                    .and(
                        col("started_at").lt(java.sql.Timestamp.from(SPIKE.plusSeconds(3 * 3600)))))
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getString(r.fieldIndex("metric"))
                        + "/"
                        + r.getString(r.fieldIndex("granularity")))
            .collect(Collectors.toSet());
    assertTrue(
        flagged.containsAll(
            Set.of("mentions/hour", "negative/hour", "negative_share/hour", "category/hour")),
        "flagged " + flagged);
    assertTrue(
        signals(warehouse).where(col("brand_id").equalTo("rival")).isEmpty(), "nothing for rival");
  }

  @Test
  void weeklyRollUpAddsUpFromThePosts() {
    List<Row> weekly =
        CrisisTables.GOLD_CRISIS_WEEKLY
            .read(CrisisFixture.SPARK, warehouse.toString())
            .where(col("brand_id").equalTo("acme"))
            .orderBy("week_start")
            .collectAsList();
    assertEquals(3, weekly.size());
    for (Row w : weekly) {
      LocalDate week = w.getDate(w.fieldIndex("week_start")).toLocalDate();
      Instant from = week.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant to = from.plusSeconds(7 * 86_400);
      List<Post> in =
          POSTS.stream()
              .filter(
                  p ->
                      p.brand().equals("acme")
                          && !p.official()
                          && !p.at().isBefore(from)
                          && p.at().isBefore(to))
              .toList();
      assertEquals(in.size(), w.<Long>getAs("posts"));
      assertEquals(
          in.stream().filter(p -> "negative".equals(p.label())).count(),
          w.<Long>getAs("negative_posts"));
    }
    Row third = weekly.get(2);
    assertTrue(third.<Long>getAs("signals") >= 4, third.toString());
    assertTrue(third.<Integer>getAs("alert_hours") >= 3, third.toString());
    assertTrue(third.getList(third.fieldIndex("flagged_series")).contains("mentions/hour"));
    assertNotNull(third.getAs("top_signal_id"));
    assertEquals(0L, weekly.get(0).<Long>getAs("signals"));
  }

  @Test
  void rerunsCommitNothingAndLateDataRecomputesFromItsWeek() {
    Path w = twoWeeksRunOnce("crisis-incremental"); // the first two weeks, then the third
    CrisisJob.Result a = twoWeeksRun;
    assertTrue(a.committed());
    assertEquals("every week compared (no week computed before)", a.scope());
    List<String> signalsBefore = CrisisFixture.contents(signals(w));
    long version = CrisisFixture.version(w.toString(), CrisisTables.GOLD_CRISIS_SIGNALS);

    CrisisJob.Result again = run(w, false);
    assertFalse(again.committed(), "nothing changed: nothing recomputed");
    assertEquals("changes since the last run: 0 candidate week(s)", again.scope());
    assertEquals(
        version,
        CrisisFixture.version(w.toString(), CrisisTables.GOLD_CRISIS_SIGNALS),
        "no commit");
    assertEquals(signalsBefore, CrisisFixture.contents(signals(w)));

    // The third week arrives: only it changed, but the series grew after the previous end of the
    // data (the
    // second week), so that week is recomputed too.
    CrisisFixture.append(
        w.toString(), POSTS.stream().filter(p -> !p.at().isBefore(THIRD_WEEK)).toList());
    CrisisJob.Result appended = run(w, false);
    assertEquals(List.of(LocalDate.of(2026, 3, 16)), appended.changedWeeks());
    assertEquals(
        "changes since the last run: 1 candidate week(s)",
        appended.scope(),
        "the change feed names the new week: the series of the others are kept");
    assertEquals(LocalDate.of(2026, 3, 9), appended.fromWeek());
    assertEquals(
        CrisisFixture.contents(signals(warehouse)),
        CrisisFixture.contents(signals(w)),
        "the increments give what one run on all the data gave");

    // A late post in the second week: weeks from the second on are recomputed, the first is not
    // touched.
    List<Row> firstWeek =
        signals(w)
            .where(col("week_start").equalTo(java.sql.Date.valueOf("2026-03-02")))
            .collectAsList();
    CrisisFixture.append(
        w.toString(),
        List.of(
            new Post(
                "5000001",
                Instant.parse("2026-03-11T10:15:00Z"),
                "acme",
                "late post about a delayed flight",
                "negative",
                List.of("Operations / Delays"))));
    CrisisJob.Result late = run(w, false);
    assertEquals("changes since the last run: 1 candidate week(s)", late.scope());
    assertEquals(LocalDate.of(2026, 3, 9), late.fromWeek());
    assertEquals(List.of(LocalDate.of(2026, 3, 9)), late.changedWeeks());
    assertEquals(
        firstWeek.stream().map(Row::toString).sorted().toList(),
        CrisisFixture.contents(
            signals(w).where(col("week_start").equalTo(java.sql.Date.valueOf("2026-03-02")))));
    Row week2 =
        CrisisTables.GOLD_CRISIS_WEEKLY
            .read(CrisisFixture.SPARK, w.toString())
            .where(
                col("brand_id")
                    .equalTo("acme")
                    .and(col("week_start").equalTo(java.sql.Date.valueOf("2026-03-09"))))
            .first();
    long expectedPosts =
        POSTS.stream()
                .filter(
                    p ->
                        p.brand().equals("acme")
                            && !p.official()
                            && !p.at().isBefore(Instant.parse("2026-03-09T00:00:00Z"))
                            && p.at().isBefore(Instant.parse("2026-03-16T00:00:00Z")))
                .count()
            + 1;
    assertEquals(expectedPosts, week2.<Long>getAs("posts"));

    List<String> incremental = CrisisFixture.contents(signals(w));
    List<String> weeklyIncremental =
        CrisisFixture.contents(
            CrisisTables.GOLD_CRISIS_WEEKLY.read(CrisisFixture.SPARK, w.toString()));
    List<String> seriesIncremental =
        CrisisFixture.contents(
            CrisisTables.OPS_CRISIS_SERIES.read(CrisisFixture.SPARK, w.toString()));
    CrisisJob.Result rebuilt = run(w, true);
    assertTrue(rebuilt.committed());
    assertEquals("every week compared (--rebuild)", rebuilt.scope());
    assertEquals(
        seriesIncremental,
        CrisisFixture.contents(
            CrisisTables.OPS_CRISIS_SERIES.read(CrisisFixture.SPARK, w.toString())),
        "the series recounted week by week are those of one count over everything");
    assertEquals(
        incremental,
        CrisisFixture.contents(signals(w)),
        "a rebuild gives what the increments gave");
    assertEquals(
        weeklyIncremental,
        CrisisFixture.contents(
            CrisisTables.GOLD_CRISIS_WEEKLY.read(CrisisFixture.SPARK, w.toString())));

    // aggregate --weeks: recomputed from the week asked for although nothing changed, to the same
    // contents.
    CrisisJob.Result asked =
        CrisisJob.run(
            CrisisFixture.SPARK,
            w.toString(),
            CrisisSettings.from(TestSpark.config(w)),
            CrisisFixture.taxonomy(),
            false,
            List.of(LocalDate.of(2026, 3, 16)),
            Instant.now());
    assertEquals(LocalDate.of(2026, 3, 16), asked.fromWeek());
    assertEquals(List.of(LocalDate.of(2026, 3, 16)), asked.weeks());
    assertEquals(incremental, CrisisFixture.contents(signals(w)));
  }

  /**
   * A reply is about the brand of the official account it answers: when that parent stops being an
   * official post, the reply's week changes although none of its own rows did. The change feed
   * names the parent's week; the reply's week must be compared too.
   */
  @Test
  void aRepliesWeekIsComparedWhenItsParentChanges() {
    Path w = twoWeeksRunOnce("crisis-parent");
    CrisisFixture.append(
        w.toString(),
        List.of(
            new Post(
                "7000001",
                Instant.parse("2026-03-06T10:00:00Z"),
                "acme",
                "our flights run on time today",
                "neutral",
                List.of(),
                0,
                true),
            new Post(
                "7000002",
                Instant.parse("2026-03-10T10:00:00Z"),
                "rival",
                "rival jet lost my bag, can you help",
                "negative",
                List.of())));
    String posts = Tables.SILVER_POSTS.path(w.toString());
    CrisisFixture.SPARK.sql(
        "UPDATE delta.`"
            + posts
            + "` SET reply_to_post_id = 'twitter:7000001' WHERE post_id = 'twitter:7000002'");
    CrisisJob.Result replied = run(w, false);
    long acmeWeek2 = acmePosts(w, "2026-03-09");

    // A reply a week later to the same official post: only its own week is read, so the parent
    // comes from outside the rows read, by its id.
    CrisisFixture.append(
        w.toString(),
        List.of(
            new Post(
                "7000003",
                Instant.parse("2026-03-17T09:00:00Z"),
                "rival",
                "rival jet lost my bag again",
                "negative",
                List.of())));
    CrisisFixture.SPARK.sql(
        "UPDATE delta.`"
            + posts
            + "` SET reply_to_post_id = 'twitter:7000001' WHERE post_id = 'twitter:7000003'");
    CrisisJob.Result later = run(w, false);
    assertEquals("changes since the last run: 1 candidate week(s)", later.scope());
    assertEquals(1, acmePosts(w, "2026-03-16"), "the reply is about acme, whose post it answers");

    CrisisFixture.SPARK.sql(
        "UPDATE delta.`"
            + Tables.SILVER_POST_ENRICHMENT.path(w.toString())
            + "` SET official_brand_id = NULL, is_official_account = false"
            + " WHERE post_id = 'twitter:7000001'");
    CrisisJob.Result orphaned = run(w, false);
    assertEquals("changes since the last run: 3 candidate week(s)", orphaned.scope());
    assertEquals(
        List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 16)),
        orphaned.changedWeeks());
    assertEquals(
        acmeWeek2 - 1,
        acmePosts(w, "2026-03-09"),
        "the reply no longer counts for acme (before: " + replied + ")");
    List<String> incremental = CrisisFixture.contents(signals(w));
    List<String> weekly =
        CrisisFixture.contents(
            CrisisTables.GOLD_CRISIS_WEEKLY.read(CrisisFixture.SPARK, w.toString()));
    run(w, true);
    assertEquals(incremental, CrisisFixture.contents(signals(w)));
    assertEquals(
        weekly,
        CrisisFixture.contents(
            CrisisTables.GOLD_CRISIS_WEEKLY.read(CrisisFixture.SPARK, w.toString())));

    // A row enriched under another taxonomy version than the run loads: refused, naming the fix
    // (posts of a renamed or new brand would otherwise fall out silently).
    CrisisFixture.SPARK.sql(
        "UPDATE delta.`"
            + Tables.SILVER_POST_ENRICHMENT.path(w.toString())
            + "` SET taxonomy_version = 'a-later-version' WHERE post_id = 'twitter:7000003'");
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> run(w, false));
    assertTrue(refused.getMessage().contains("run enrich first"), refused.getMessage());
  }

  private static long acmePosts(Path w, String week) {
    return CrisisTables.GOLD_CRISIS_WEEKLY
        .read(CrisisFixture.SPARK, w.toString())
        .where(
            col("brand_id")
                .equalTo("acme")
                .and(col("week_start").equalTo(java.sql.Date.valueOf(week))))
        .first()
        .getAs("posts");
  }
}
