package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.gold.CrisisFixture.Post;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Nights resumed from the detector's kept state (ops.crisis_detector_state) give what judging every
 * series from its start gives: nine weeks of hourly posts for two brands, then a night with a spike
 * in a category never seen before (a series the state does not hold), a late post inside the eight
 * kept weeks (resumed weeks back) and one older than them (every series judged from its start).
 */
class CrisisResumeTest {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
  static final Instant NIGHT = Instant.parse("2026-03-07T00:00:00Z"); // Saturday of week 9
  static final Instant SPIKE = Instant.parse("2026-03-07T13:00:00Z");
  static final Instant END = Instant.parse("2026-03-08T12:00:00Z");

  static List<Post> generate() {
    Random random = new Random(11);
    List<Post> out = new ArrayList<>();
    int id = 1;
    for (Instant hour = START; hour.isBefore(END); hour = hour.plusSeconds(3600)) {
      int hourOfDay = (int) (hour.getEpochSecond() / 3600 % 24);
      double rate = 1 + 1.5 * (1 + Math.sin(2 * Math.PI * (hourOfDay - 9) / 24));
      for (String brand : List.of("acme", "rival")) {
        int n = poisson(random, brand.equals("acme") ? rate : rate / 2);
        for (int i = 0; i < n; i++) {
          boolean delayed = random.nextInt(5) == 0;
          double u = random.nextDouble();
          out.add(
              new Post(
                  Integer.toString(id++),
                  hour.plusSeconds(random.nextInt(3600)),
                  brand,
                  delayed ? "flight delayed again" : "flight was fine today",
                  u < 0.3 ? "negative" : u < 0.8 ? "neutral" : "positive",
                  delayed ? List.of("Operations / Delays") : List.of()));
        }
      }
      if (!hour.isBefore(SPIKE) && hour.isBefore(SPIKE.plusSeconds(3 * 3600))) {
        for (int i = 0; i < 30; i++) {
          out.add(
              new Post(
                  Integer.toString(id++),
                  hour.plusSeconds(random.nextInt(3600)),
                  "acme",
                  "acme app outage, cannot check in " + i,
                  "negative",
                  List.of("Digital / App")));
        }
      }
    }
    return out;
  }

  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }

  static CrisisJob.Result run(Path w, boolean rebuild) {
    return CrisisFixture.run(w, rebuild);
  }

  static List<String> contents(Path w, com.brandpulse.common.TableContract table) {
    return CrisisFixture.contents(table.read(CrisisFixture.SPARK, w.toString()));
  }

  /** Equal lists, or a failure naming the count and a few rows that differ (states are long). */
  static void assertSame(List<String> expected, List<String> actual, String what) {
    List<String> missing = expected.stream().filter(r -> !actual.contains(r)).limit(3).toList();
    List<String> extra = actual.stream().filter(r -> !expected.contains(r)).limit(3).toList();
    assertEquals(
        expected.size() + " rows",
        actual.size() + " rows",
        what + ": missing " + missing + ", unexpected " + extra);
    assertTrue(
        missing.isEmpty() && extra.isEmpty(),
        what + ": missing " + missing + ", unexpected " + extra);
  }

  @Test
  void resumedNightsGiveWhatJudgingEverySeriesFromItsStartGives() {
    List<Post> posts = generate();
    Path w = TestSpark.newWarehouse("crisis-resume");
    CrisisFixture.append(w.toString(), posts.stream().filter(p -> p.at().isBefore(NIGHT)).toList());
    CrisisJob.Result first = run(w, false);
    assertEquals("judged from the start", first.detection());
    Dataset<Row> state =
        CrisisTables.OPS_CRISIS_DETECTOR_STATE.read(CrisisFixture.SPARK, w.toString());
    assertEquals(
        8, state.select("week_start").distinct().count(), "crisis.state-weeks weeks of state kept");
    // Every point of a kept week, empty hours included: 2 brands x (mentions, negative, negative
    // share, Delays) x 168 hours in a whole kept week.
    assertEquals(
        2 * 4 * 168,
        state
            .where(
                col("granularity")
                    .equalTo("hour")
                    .and(col("week_start").equalTo(java.sql.Date.valueOf("2026-02-16"))))
            .count());

    // The night: the rest of week 9, with a spike in a category no series held before, and a
    // late post in week 7, inside the kept weeks: resumed from there.
    List<Post> night =
        new ArrayList<>(posts.stream().filter(p -> !p.at().isBefore(NIGHT)).toList());
    night.add(
        new Post(
            "900001",
            Instant.parse("2026-02-18T10:00:00Z"),
            "acme",
            "late post",
            "negative",
            List.of()));
    CrisisFixture.append(w.toString(), night);
    CrisisJob.Result resumed = run(w, false);
    assertEquals(
        List.of(LocalDate.of(2026, 2, 16), LocalDate.of(2026, 3, 2)), resumed.changedWeeks());
    assertEquals(LocalDate.of(2026, 2, 16), resumed.fromWeek());
    assertEquals("resumed on 2026-02-16 from the state kept since 2026-01-17", resumed.detection());
    List<Row> app =
        CrisisTables.GOLD_CRISIS_SIGNALS
            .read(CrisisFixture.SPARK, w.toString())
            .where(col("category").equalTo("Digital / App"))
            .collectAsList();
    assertTrue(
        app.stream()
            .anyMatch(r -> r.getTimestamp(r.fieldIndex("started_at")).toInstant().equals(SPIKE)),
        "the new category's series flags the spike hour: " + app);

    List<String> signals = contents(w, CrisisTables.GOLD_CRISIS_SIGNALS);
    List<String> weekly = contents(w, CrisisTables.GOLD_CRISIS_WEEKLY);
    List<String> kept = contents(w, CrisisTables.OPS_CRISIS_DETECTOR_STATE);
    CrisisJob.Result rebuilt = run(w, true);
    assertEquals("judged from the start", rebuilt.detection());
    assertEquals(signals, contents(w, CrisisTables.GOLD_CRISIS_SIGNALS));
    assertEquals(weekly, contents(w, CrisisTables.GOLD_CRISIS_WEEKLY));
    assertSame(kept, contents(w, CrisisTables.OPS_CRISIS_DETECTOR_STATE), "the same state");

    // From week 2 the 30 days before it reach before the kept weeks (8): judged from the start.
    CrisisSettings settings = CrisisSettings.from(TestSpark.config(w));
    CrisisResume.Attempt older =
        CrisisResume.detect(
            CrisisFixture.SPARK,
            w.toString(),
            settings,
            settings.version(CrisisFixture.taxonomy().version()),
            LocalDate.of(2026, 1, 12));
    assertEquals(null, older.detected());
    assertTrue(older.description().startsWith("judged from the start (no "), older.description());
  }
}
