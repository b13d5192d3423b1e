package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One series through the detector: zero filling, runs, figures and the negative-share z values. */
@Tag("fast")
class CrisisSeriesTest {
  static final SpikeDetector HOURLY = new SpikeDetector(SpikeDetector.Settings.DEFAULTS);
  static final long HOUR = 3_600;

  /** 2026-03-02 00:00 (a Monday) as local seconds. */
  static final long T0 = 1_772_409_600L;

  /**
   * Ten days of 10 posts an hour, except the hours given extra posts; other hours left out
   * (zero-filled).
   */
  static List<CrisisSeries.Bucket> flat(int days, int[] spikeHours, double extra) {
    List<CrisisSeries.Bucket> out = new ArrayList<>();
    for (int h = 0; h < days * 24; h++) {
      double v = 10;
      for (int s : spikeHours) {
        v += s == h ? extra : 0;
      }
      out.add(new CrisisSeries.Bucket(T0 + h * HOUR, v, 0));
    }
    return out;
  }

  @Test
  void aRunOfFlaggedHoursIsOneSignalWithItsTotals() {
    int spike = 8 * 24 + 14;
    CrisisSeries.Detection d =
        CrisisSeries.detect(
            HOURLY,
            HOUR,
            T0,
            T0 + (10 * 24 - 1) * HOUR,
            flat(10, new int[] {spike, spike + 1, spike + 2}, 60),
            false);
    assertEquals(1, d.runs().size(), d.runs().toString());
    CrisisSeries.Run r = d.runs().get(0);
    assertEquals(T0 + spike * HOUR, r.start());
    assertEquals(T0 + (spike + 2) * HOUR, r.last());
    assertEquals(3, r.steps());
    // 70 posts in each of the three hours, against the usual 10 each.
    assertEquals(210, r.observed(), 0.0);
    assertEquals(210, r.metricPosts(), 0.0);
    assertEquals(30, r.expected(), 1e-9);
    assertEquals(70, r.peakObserved(), 0.0);
    assertFalse(r.open());
    // A flat series: no dispersion, Poisson scale sqrt(10), so 60 extra posts score 60 / sqrt(10).
    assertEquals(60 / Math.sqrt(10), r.peakScore(), 1e-9);
    assertEquals(
        SpikeDetector.Severity.MEDIUM,
        r.severity(),
        "score 19 is 3.2 x the threshold of 6: medium");
    assertEquals(3, d.flags().size());
    assertTrue(d.flags().stream().allMatch(f -> f.runStart() == r.start()));
  }

  @Test
  void missingHoursAreZerosAndARunAtTheEndIsOpen() {
    List<CrisisSeries.Bucket> sparse = new ArrayList<>();
    // 20 posts at 10:00 each day for nine days, then 80 at the series' last hour on day ten.
    for (int day = 0; day < 9; day++) {
      sparse.add(new CrisisSeries.Bucket(T0 + (day * 24 + 10) * HOUR, 20, 0));
    }
    long last = T0 + (9 * 24 + 10) * HOUR;
    sparse.add(new CrisisSeries.Bucket(last, 80, 0));
    CrisisSeries.Detection d = CrisisSeries.detect(HOURLY, HOUR, T0, last, sparse, false);
    assertEquals(1, d.runs().size(), d.runs().toString());
    CrisisSeries.Run r = d.runs().get(0);
    assertEquals(last, r.start());
    assertTrue(r.open(), "flagged at the last point: still open");
    assertEquals(20, r.expected(), 1e-9, "the median of the same hour on the previous days");
  }

  @Test
  void bucketsMustLieOnTheStepInsideTheRange() {
    List<CrisisSeries.Bucket> off = List.of(new CrisisSeries.Bucket(T0 + 60, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> CrisisSeries.detect(HOURLY, HOUR, T0, T0 + HOUR, off, false));
    List<CrisisSeries.Bucket> outside = List.of(new CrisisSeries.Bucket(T0 + 5 * HOUR, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> CrisisSeries.detect(HOURLY, HOUR, T0, T0 + HOUR, outside, false));
  }

  @Test
  void priorShareIsTheSmoothedShareOfThePreviousPoints() {
    double[] negative = {1, 0, 2, 1};
    double[] scored = {2, 1, 2, 2};
    // lookback 2: (0+1)/(0+2), (1+1)/(2+2), (1+0+1)/(2+1+2), (0+2+1)/(1+2+2)
    assertArrayEquals(
        new double[] {0.5, 0.5, 0.4, 0.6}, CrisisSeries.priorShare(negative, scored, 2), 1e-12);
  }

  @Test
  void zValuesAreBinomialZAgainstThePriorWithAVarianceFloor() {
    double[] z =
        CrisisSeries.zValues(
            new double[] {16, 3, 0, 1},
            new double[] {16, 3, 0, 2},
            new double[] {0.3, 0.3, 0.3, 0.01},
            0);
    // all 16 scored posts negative at p0 = 0.3: (16 - 4.8) / sqrt(16 x 0.21) = 6.11
    assertEquals(1e6 + 1e3 * (16 - 4.8) / Math.sqrt(16 * 0.21), z[0], 1e-6);
    assertEquals(1e6 + 1e3 * (3 - 0.9) / Math.sqrt(3 * 0.21), z[1], 1e-6);
    assertEquals(1e6, z[2], 0.0, "no scored post: z 0");
    // One negative of two where the share is usually 1%: z 7 without a floor ...
    assertEquals(1e6 + 1e3 * (1 - 0.02) / Math.sqrt(2 * 0.0099), z[3], 1e-6);
    // ... and 0.49 with the hourly floor of 4 posts (variance 4, so a denominator of 2).
    double[] floored =
        CrisisSeries.zValues(
            new double[] {1, 16}, new double[] {2, 16}, new double[] {0.01, 0.3}, 4);
    assertEquals(1e6 + 1e3 * 0.98 / 2, floored[0], 1e-6);
    assertEquals(1e6 + 1e3 * 11.2 / 2, floored[1], 1e-6, "16 x 0.21 = 3.36 is under the floor too");
  }

  @Test
  void negativeShareFlagsABusyNegativeHourNotAQuietOne() {
    List<CrisisSeries.Bucket> b = new ArrayList<>();
    int busy = 8 * 24 + 14;
    int quiet = 8 * 24 + 3;
    for (int h = 0; h < 10 * 24; h++) {
      double negative = h == busy ? 35 : h == quiet ? 3 : 6;
      double scored = h == busy ? 40 : h == quiet ? 3 : 20;
      b.add(new CrisisSeries.Bucket(T0 + h * HOUR, negative, scored));
    }
    CrisisSeries.Detection d =
        CrisisSeries.detect(HOURLY, HOUR, T0, T0 + (10 * 24 - 1) * HOUR, b, true);
    assertEquals(1, d.runs().size(), "3 of 3 negative is no signal, 35 of 40 is: " + d.runs());
    CrisisSeries.Run r = d.runs().get(0);
    assertEquals(T0 + busy * HOUR, r.start());
    assertEquals(35.0 / 40, r.observed(), 1e-12);
    assertEquals(35, r.metricPosts(), 0.0);
    assertEquals(40, r.basePosts(), 0.0);
    // Expected: the previous week's share, 6/20, give or take the Laplace smoothing.
    assertEquals(0.3, r.expected(), 0.002);
  }

  @Test
  void aResumedSeriesFlagsAsOneRunOverItDoes() {
    java.util.Random random = new java.util.Random(7);
    int days = 80;
    List<CrisisSeries.Bucket> buckets = new ArrayList<>();
    for (int h = 0; h < days * 24; h++) {
      double scored = Math.max(0, Math.round(20 + 8 * Math.sin(2 * Math.PI * h / 24)));
      double share = h / 24 >= 50 && h / 24 < 52 ? 0.7 : 0.2; // a two-day complaint wave
      double negative = Math.round(scored * share + random.nextGaussian());
      double posts = scored + (random.nextDouble() < 0.01 ? 150 : 0);
      if (h % 97 != 0) { // some hours without posts
        buckets.add(new CrisisSeries.Bucket(T0 + h * HOUR, Math.max(0, negative), scored));
        buckets.add(
            new CrisisSeries.Bucket(-(T0 + h * HOUR), posts, 0)); // counts, told apart below
      }
    }
    long last = T0 + (days * 24 - 1) * HOUR;
    for (boolean share : new boolean[] {false, true}) {
      List<CrisisSeries.Bucket> series =
          buckets.stream()
              .filter(b -> share == b.start() > 0)
              .map(b -> new CrisisSeries.Bucket(Math.abs(b.start()), b.value(), b.base()))
              .toList();
      CrisisSeries.Resumed whole =
          CrisisSeries.resume(HOURLY, HOUR, T0, T0, T0, last, series, share, null);
      assertEquals(CrisisSeries.detect(HOURLY, HOUR, T0, last, series, share), whole.detection());
      assertFalse(whole.detection().runs().isEmpty(), "the series must flag");
      for (int day : new int[] {35, 51, 60}) {
        long start = T0 + day * 24 * HOUR;
        long from = start - HOURLY.resumeDays() * 24 * HOUR;
        int skip = (int) ((from - T0) / HOUR);
        int upto = (int) ((start - T0) / HOUR);
        SpikeDetector.State prior =
            new SpikeDetector.State(
                whole.state().history().stream()
                    .map(a -> java.util.Arrays.copyOfRange(a, skip, upto))
                    .toList(),
                whole.state().score().stream()
                    .map(a -> java.util.Arrays.copyOfRange(a, skip, upto))
                    .toList(),
                java.util.Arrays.copyOfRange(whole.state().ratio(), skip, upto),
                java.util.Arrays.copyOfRange(whole.state().flagged(), skip, upto));
        CrisisSeries.Resumed resumed =
            CrisisSeries.resume(
                HOURLY,
                HOUR,
                T0,
                from,
                start,
                last,
                series.stream().filter(b -> b.start() >= from).toList(),
                share,
                prior);
        String what = (share ? "share" : "counts") + " from day " + day;
        assertEquals(
            whole.detection().flags().stream().filter(f -> f.start() >= start).toList(),
            resumed.detection().flags(),
            what);
        assertEquals(
            whole.detection().runs().stream().filter(r -> r.start() >= start).toList(),
            resumed.detection().runs(),
            what);
        assertArrayEquals(
            java.util.Arrays.copyOfRange(whole.state().ratio(), upto, days * 24),
            java.util.Arrays.copyOfRange(resumed.state().ratio(), upto - skip, days * 24 - skip),
            what);
      }
    }
  }
}
