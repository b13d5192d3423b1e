package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A detector run resumed from an earlier run's state ({@link SpikeDetector#resume}) judges every
 * later point exactly as one run over the whole series does: same results, same state, bit for bit.
 * The series carry bursts, a lasting crisis, quiet days and a level shift, so that points are
 * winsorised into the history, tails rise and runs cross the resumption point.
 */
@Tag("fast")
class SpikeDetectorResumeTest {
  private static final LocalDateTime START = LocalDateTime.of(2026, 1, 7, 0, 0); // a Wednesday

  @Test
  void hourlySeriesResumeExactlyAtEveryDayTried() {
    SpikeDetector.Settings hourly = with(SpikeDetector.Settings.DEFAULTS, List.of(), 6.0);
    assertResumesExactly(new SpikeDetector(hourly), series(24 * 120, 60, 11), 24);
  }

  @Test
  void fiveMinuteSeriesWithALongerWindowResumeExactly() {
    SpikeDetector.Settings settings =
        with(SpikeDetector.Settings.DEFAULTS, List.of(Duration.ofHours(6)), 7.0);
    assertResumesExactly(new SpikeDetector(settings), series(288 * 75, 5, 23), 288);
  }

  @Test
  void aRunOpenAtTheResumptionKeepsItsStart() {
    SpikeDetector detector =
        new SpikeDetector(with(SpikeDetector.Settings.DEFAULTS, List.of(), 6.0));
    List<SpikeDetector.Point> points = series(24 * 90, 60, 5);
    // a crisis from the evening of day 60 to the morning of day 62: open across two midnights
    for (int i = 24 * 60 + 20; i < 24 * 62 + 9; i++) {
      points.set(i, new SpikeDetector.Point(points.get(i).time(), points.get(i).value() + 400));
    }
    SpikeDetector.Resumed whole = detector.resume(points, 0, START.toLocalDate(), null);
    int start = 24 * 61;
    assertTrue(whole.results().get(start).flagged(), "the crisis is flagged at the resumption");
    assertTrue(whole.results().get(start).runStart().isBefore(points.get(start).time()));
    SpikeDetector.Resumed resumed =
        resumeFrom(detector, points, whole.state(), start, start - 35 * 24);
    assertSameResults(whole.results().subList(start, points.size()), resumed.results(), "");
  }

  @Test
  void aStartInsideADayIsRefused() {
    SpikeDetector detector = new SpikeDetector(SpikeDetector.Settings.DEFAULTS);
    List<SpikeDetector.Point> points = series(24 * 40, 60, 3);
    SpikeDetector.Resumed whole = detector.resume(points, 0, START.toLocalDate(), null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> detector.resume(points, 24 * 35 + 5, START.toLocalDate(), whole.state()));
    assertTrue(e.getMessage().contains("not the first point of its day"), e.getMessage());
  }

  /**
   * The whole series judged once, then resumed at several midnights from the shortest series the
   * detector asks for and from the whole series: every later result and state entry is identical.
   */
  private static void assertResumesExactly(
      SpikeDetector detector, List<SpikeDetector.Point> points, int perDay) {
    LocalDate dayZero = START.toLocalDate();
    SpikeDetector.Resumed whole = detector.resume(points, 0, dayZero, null);
    assertEquals(detector.detect(points), whole.results(), "a run from 0 is detect");
    long flagged = whole.results().stream().filter(SpikeDetector.Result::flagged).count();
    assertTrue(flagged > 10, "the series must flag for the test to mean anything: " + flagged);
    int days = points.size() / perDay;
    int compared = 0;
    for (int day = detector.resumeDays(); day < days; day += 9) {
      int start = day * perDay;
      for (int from : new int[] {0, start - detector.resumeDays() * perDay}) {
        SpikeDetector.Resumed resumed = resumeFrom(detector, points, whole.state(), start, from);
        assertSameResults(
            whole.results().subList(start, points.size()),
            resumed.results(),
            "resumed at day " + day + " from point " + from);
        assertStateEquals(whole.state(), resumed.state(), start, from);
        compared++;
      }
    }
    assertTrue(compared >= 8, "compared " + compared);
  }

  /** Resumes at {@code start} over the points from {@code from} on, with whole's state for them. */
  private static SpikeDetector.Resumed resumeFrom(
      SpikeDetector detector,
      List<SpikeDetector.Point> points,
      SpikeDetector.State whole,
      int start,
      int from) {
    SpikeDetector.State prior =
        new SpikeDetector.State(
            whole.history().stream().map(a -> Arrays.copyOfRange(a, from, start)).toList(),
            whole.score().stream().map(a -> Arrays.copyOfRange(a, from, start)).toList(),
            Arrays.copyOfRange(whole.ratio(), from, start),
            Arrays.copyOfRange(whole.flagged(), from, start));
    return detector.resume(
        points.subList(from, points.size()), start - from, START.toLocalDate(), prior);
  }

  /** Equal lists, reported at the first point that differs (a whole list is unreadable). */
  private static void assertSameResults(
      List<SpikeDetector.Result> expected, List<SpikeDetector.Result> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ", point " + i);
    }
  }

  private static void assertStateEquals(
      SpikeDetector.State whole, SpikeDetector.State resumed, int start, int from) {
    int n = whole.ratio().length;
    for (int w = 0; w < whole.history().size(); w++) {
      assertArrayEquals(
          Arrays.copyOfRange(whole.history().get(w), start, n),
          Arrays.copyOfRange(resumed.history().get(w), start - from, n - from));
      assertArrayEquals(
          Arrays.copyOfRange(whole.score().get(w), start, n),
          Arrays.copyOfRange(resumed.score().get(w), start - from, n - from));
    }
    assertArrayEquals(
        Arrays.copyOfRange(whole.ratio(), start, n),
        Arrays.copyOfRange(resumed.ratio(), start - from, n - from));
    assertArrayEquals(
        Arrays.copyOfRange(whole.flagged(), start, n),
        Arrays.copyOfRange(resumed.flagged(), start - from, n - from));
  }

  /**
   * Counts at {@code stepMinutes} with a daily and weekly rhythm, Poisson-like noise, short bursts
   * on random days, a three-day crisis, a quiet spell and a lasting rise in volume.
   */
  private static List<SpikeDetector.Point> series(int n, int stepMinutes, long seed) {
    Random random = new Random(seed);
    int perDay = 24 * 60 / stepMinutes;
    List<SpikeDetector.Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LocalDateTime t = START.plusMinutes((long) stepMinutes * i);
      int day = i / perDay;
      double rate =
          (3 + 2 * Math.sin(2 * Math.PI * (i % perDay) / perDay))
              * (t.getDayOfWeek().getValue() >= 6 ? 0.6 : 1.0)
              * (day >= n / perDay * 2 / 3 ? 1.8 : 1.0)
              * stepMinutes
              / 60.0
              * 10;
      if (day >= 40 && day < 43) {
        rate *= 6; // a crisis lasting days
      }
      if (day >= 50 && day < 52) {
        rate = 0; // a quiet spell: the feed was down
      }
      double value = Math.max(0, Math.round(rate + Math.sqrt(rate + 1) * random.nextGaussian()));
      if (random.nextDouble() < 0.004) {
        value += 20 + random.nextInt(200); // a burst
      }
      points.add(new SpikeDetector.Point(t, value));
    }
    return points;
  }

  private static SpikeDetector.Settings with(
      SpikeDetector.Settings s, List<Duration> longerWindows, double threshold) {
    return new SpikeDetector.Settings(
        s.window(),
        longerWindows,
        longerWindows.isEmpty() ? 1.0 : 1.5,
        s.baselineDays(),
        s.minHistoryDays(),
        s.weekdayWeeks(),
        threshold,
        s.minExpected(),
        s.clipScore(),
        s.tailDays(),
        s.tailFactor(),
        s.releaseRatio(),
        s.confirm(),
        s.mediumRatio(),
        s.highRatio());
  }
}
