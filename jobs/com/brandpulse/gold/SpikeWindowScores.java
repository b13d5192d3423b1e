package com.brandpulse.gold;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Gold layer, crisis signals: one trailing window's view of a series for {@link SpikeDetector} (the
 * window volume, its seasonal baseline, the score and the tail level per point), computed from the
 * series' first point or resumed from an earlier run's history and scores.
 */
final class SpikeWindowScores {
  /**
   * Longer windows count only where the primary window's score is at least this, both now and as
   * the median over the longer window's span: a slow rise keeps most hours above their baseline,
   * while a one-hour spike would otherwise stay flagged for as long as a 6-hour window holds it.
   */
  private static final double LONGER_GATE = 1.0;

  private SpikeWindowScores() {}

  /**
   * Where scoring starts: at {@code start}, the points before it carrying an earlier run's history
   * and score (null when start is 0); {@code dayZero} dates the whole series' first point.
   */
  record From(int start, LocalDate dayZero, double[] history, double[] score) {}

  /**
   * One trailing window's scores (see {@link SpikeDetector}'s class comment for the steps), from
   * {@code resumed.start()} on; {@code primaryScore} is the primary window's score for a longer
   * window (it counts only in a broad rise), else null.
   */
  static SpikeDetector.Scores score(
      SpikeDetector.Settings settings,
      List<SpikeDetector.Point> series,
      Duration windowLength,
      double[] primaryScore,
      From resumed) {
    int n = series.size();
    long step = n < 2 ? SpikeDetector.DAY_SECONDS : SpikeDetector.stepSeconds(series);
    int perDay = pointsPerDay(step);
    int window = (int) Math.max(1, Math.round(windowLength.getSeconds() / (double) step));
    int days = settings.baselineDays();
    int span = days * perDay;
    int start = resumed.start();
    double[] observed = new double[n];
    int[] weekday = new int[n];
    int[] day = new int[n];
    for (int i = 0; i < n; i++) {
      SpikeDetector.Point p = series.get(i);
      if (!Double.isFinite(p.value())) {
        throw new IllegalArgumentException(
            "point " + i + " (" + p.time() + "): value is not a number");
      }
      // summed afresh for each point, in one order: a run resumed later adds up the same numbers
      double sum = 0;
      for (int j = i - window + 1; j <= i && i >= window - 1; j++) {
        sum += series.get(j).value();
      }
      observed[i] = i >= window - 1 ? sum : Double.NaN;
      weekday[i] = p.time().getDayOfWeek().getValue() - 1;
      day[i] = (int) ChronoUnit.DAYS.between(resumed.dayZero(), p.time().toLocalDate());
    }
    // The baseline's view of history: observed, with points that scored high winsorised.
    double[] history = observed.clone();
    double[] expected = new double[n];
    double[] score = new double[n];
    double[] tails = new double[n];
    Arrays.fill(expected, Double.NaN);
    Arrays.fill(score, Double.NaN);
    Arrays.fill(tails, Double.NaN);
    if (start > 0) {
      System.arraycopy(resumed.history(), 0, history, 0, start);
      System.arraycopy(resumed.score(), 0, score, 0, start);
    }

    double[] weekdayFactor = new double[7];
    Arrays.fill(weekdayFactor, 1.0);
    double phi = 0;
    double floor = settings.minExpected();
    int estimatedDay = -1;
    double[] dailyMax = new double[n == 0 ? 0 : day[n - 1] + 1];
    Arrays.fill(dailyMax, Double.NaN);
    for (int i = 0; i < start; i++) {
      if (!Double.isNaN(score[i])) {
        raise(dailyMax, day[i], score[i]);
      }
    }
    double tail = 0;
    double[] candidates = new double[days];
    for (int i = start; i < n; i++) {
      if (Double.isNaN(observed[i])) {
        continue;
      }
      if (day[i] != estimatedDay) {
        // Once a day, from the days before: weekday profile, Poisson floor, over-dispersion, tail
        // level.
        int from = Math.max(0, i - span);
        SpikeStatistics.weekdayFactors(
            history, weekday, day, i, settings.weekdayWeeks(), weekdayFactor);
        floor = Math.max(settings.minExpected(), SpikeStatistics.mean(history, from, i));
        phi =
            SpikeStatistics.overDispersion(
                history, from, i, perDay, floor, days, weekday, weekdayFactor);
        // With whole-day steps a day is one point: no bursts within it, so no tail level either.
        tail = perDay > 1 ? tailLevel(settings, dailyMax, day[i]) : 0;
        estimatedDay = day[i];
      }
      int count = 0;
      for (int k = 1; k <= days; k++) {
        int j = i - k * perDay;
        if (j >= 0 && !Double.isNaN(history[j])) {
          // Each past day's volume, moved to today's weekday level.
          candidates[count++] = history[j] * weekdayFactor[weekday[i]] / weekdayFactor[weekday[j]];
        }
      }
      if (count < settings.minHistoryDays()) {
        continue;
      }
      double mu = SpikeStatistics.median(candidates, count);
      double scale = SpikeStatistics.scale(mu, phi, floor);
      double s = (observed[i] - mu) / scale;
      expected[i] = mu;
      score[i] = s;
      tails[i] = tail;
      if (s > settings.clipScore()) {
        history[i] = mu + settings.clipScore() * scale;
      }
      raise(dailyMax, day[i], s);
    }
    boolean[] counts = new boolean[n];
    double[] recent = new double[window];
    for (int i = 0; i < n; i++) {
      // A longer window still holding a spike that has left the primary one adds nothing.
      counts[i] = primaryScore == null || broadRise(primaryScore, i, recent);
    }
    return new SpikeDetector.Scores(observed, expected, score, tails, counts, history);
  }

  /** Raises a day's highest score to {@code s} (NaN: no score yet that day). */
  private static void raise(double[] dailyMax, int day, double s) {
    dailyMax[day] = Double.isNaN(dailyMax[day]) ? s : Math.max(dailyMax[day], s);
  }

  /**
   * Whether the primary window scores at least {@link #LONGER_GATE} at point i and as the median
   * over the span of {@code recent.length} points ending there (unjudged points count as 0).
   */
  private static boolean broadRise(double[] primaryScore, int i, double[] recent) {
    if (!(primaryScore[i] >= LONGER_GATE)) {
      return false;
    }
    int count = 0;
    for (int j = Math.max(0, i - recent.length + 1); j <= i; j++) {
      recent[count++] = Double.isNaN(primaryScore[j]) ? 0 : primaryScore[j];
    }
    return SpikeStatistics.median(recent, count) >= LONGER_GATE;
  }

  /**
   * The tailDays-th highest of the daily maximum scores over the baselineDays days before {@code
   * today}: a level the series' own bursts reached on several recent days. 0 while fewer days were
   * scored.
   */
  private static double tailLevel(SpikeDetector.Settings settings, double[] dailyMax, int today) {
    double[] maxima = new double[settings.baselineDays()];
    int m = 0;
    for (int d = Math.max(0, today - settings.baselineDays()); d < today; d++) {
      if (!Double.isNaN(dailyMax[d])) {
        maxima[m++] = dailyMax[d];
      }
    }
    if (m == 0) {
      return 0;
    }
    Arrays.sort(maxima, 0, m);
    if (m < settings.tailDays()) {
      return 0;
    }
    return maxima[m - settings.tailDays()];
  }

  /** Points per day for the seasonal lag; a step of whole days compares with the previous days. */
  private static int pointsPerDay(long step) {
    if (SpikeDetector.DAY_SECONDS % step == 0) {
      return (int) (SpikeDetector.DAY_SECONDS / step);
    }
    if (step % SpikeDetector.DAY_SECONDS == 0) {
      return 1;
    }
    throw new IllegalArgumentException(
        "step of " + step + " s neither divides a day nor is whole days");
  }
}
