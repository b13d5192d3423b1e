package com.brandpulse.gold;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gold layer, crisis signals: flags upward spikes in one regular volume series (posts per step for
 * one brand and metric). Pure Java, so a Spark gold job can run it per series (e.g. in {@code
 * mapGroups}).
 *
 * <p>Input: points (local wall-clock time, count) at one fixed step that divides a day (5 minutes,
 * an hour) or is whole days; steps without posts must be present as 0. Output: one {@link Result}
 * per point: the volume over the trailing {@code window} (observed), its baseline (expected), a
 * deviation score, the alarm threshold in force, whether the point is flagged, a severity, and the
 * start of its flagged run.
 *
 * <p>Causal: a point is judged only from the points before it, so a nightly run over the last weeks
 * plus the new day flags the new day as an online detector would have. Per point:
 *
 * <ol>
 *   <li>observed = sum of the values in the trailing window (an hour: single 5-minute counts are
 *       noise);
 *   <li>expected = median of the observed volume at the same time of day on each of the previous
 *       {@code baselineDays} days (hour-of-day seasonality), each first moved to today's weekday
 *       level by weekday factors from the last {@code weekdayWeeks} whole weeks (day-of-week
 *       seasonality); the median ignores a spike on a minority of those days;
 *   <li>scale = sqrt(max(expected, floor) + phi * expected^2): Poisson noise, floored at the
 *       series' mean volume per window (and at least {@code minExpected}) so a handful of posts in
 *       a quiet hour does not flag, plus negative-binomial over-dispersion phi, re-estimated each
 *       day so that the past days' median absolute deviation from each other (same time of day) is
 *       one scale unit;
 *   <li>score = (observed - expected) / scale. A point is flagged when the score reaches
 *       max(threshold, tailFactor * tail), tail being the {@code tailDays}-th highest daily maximum
 *       score of the previous {@code baselineDays} days: bursts the series shows on several days a
 *       week (bots, a busy news cycle) are its normal, while one earlier event, however long, does
 *       not raise the bar. (Whole-day steps have no bursts within a day: there only the threshold
 *       applies.) A flagged run continues while the score stays above releaseRatio times that, so
 *       an event that wavers around the line stays one run.
 * </ol>
 *
 * Resistance to earlier spikes: a point scoring above {@code clipScore} enters the baseline history
 * winsorised to expected + clipScore * scale, so a past crisis lifts neither the baseline nor the
 * scale, even when it filled most of the baseline days; a lasting change is learnt gradually
 * instead.
 */
public final class SpikeDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY_SECONDS = 86_400;

  /**
   * Scale factor that turns a median absolute deviation into a standard deviation for normal noise.
   */
  private static final double MAD_TO_SD = 1.4826;

  /**
   * Lowest weekday factor, so a weekday with next to no volume cannot zero the others' baselines.
   */
  private static final double MIN_WEEKDAY_FACTOR = 0.05;

  /** Severity of a flagged point, from its score over the threshold in force. */
  public enum Severity {
    NONE,
    LOW,
    MEDIUM,
    HIGH
  }

  /**
   * One input point: wall-clock time in the brand's time zone (seasonality is local) and a count.
   */
  public record Point(LocalDateTime time, double value) implements Serializable {
    /**
     * At a fixed offset: a zone with daylight saving would make the local step irregular twice a
     * year.
     */
    public static Point of(Instant instant, ZoneOffset offset, double value) {
      return new Point(LocalDateTime.ofInstant(instant, offset), value);
    }
  }

  /**
   * One output point. Before the baseline has {@code minHistoryDays} days, expected, score and
   * threshold are NaN and the point is not flagged. runStart is the time of the first point of the
   * flagged run (null when not flagged).
   */
  public record Result(
      LocalDateTime time,
      double observed,
      double expected,
      double score,
      double threshold,
      boolean flagged,
      Severity severity,
      LocalDateTime runStart)
      implements Serializable {}

  /**
   * Detector settings; {@code brandpulse.crisis.detector.*} in conf/brandpulse.conf documents each
   * key and holds the same defaults as {@link #DEFAULTS}.
   */
  public record Settings(
      Duration window,
      int baselineDays,
      int minHistoryDays,
      int weekdayWeeks,
      double threshold,
      double minExpected,
      double clipScore,
      int tailDays,
      double tailFactor,
      double releaseRatio,
      double mediumRatio,
      double highRatio)
      implements Serializable {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofHours(1), 7, 2, 4, 6.0, 4.0, 2.0, 3, 2.5, 0.5, 2.0, 4.0);

    public Settings {
      require(!window.isNegative() && !window.isZero(), "window must be positive");
      require(baselineDays >= 1, "baseline-days must be at least 1");
      require(
          minHistoryDays >= 1 && minHistoryDays <= baselineDays,
          "min-history-days must be in 1..baseline-days");
      require(weekdayWeeks >= 0, "weekday-weeks must not be negative");
      require(threshold > 0, "threshold must be positive");
      require(minExpected > 0, "min-expected must be positive");
      require(clipScore > 0, "clip-score must be positive");
      require(tailDays >= 1 && tailDays <= baselineDays, "tail-days must be in 1..baseline-days");
      require(tailFactor >= 0, "tail-factor must not be negative");
      require(releaseRatio > 0 && releaseRatio <= 1, "release-ratio must be in (0, 1]");
      require(
          mediumRatio >= 1 && highRatio >= mediumRatio,
          "need 1 <= severity.medium <= severity.high");
    }

    public static Settings fromConfig(AppConfig appConfig) {
      return fromConfig(appConfig.get().getConfig("crisis.detector"));
    }

    /** From the {@code crisis.detector} block itself. */
    public static Settings fromConfig(Config c) {
      return new Settings(
          c.getDuration("window"),
          c.getInt("baseline-days"),
          c.getInt("min-history-days"),
          c.getInt("weekday-weeks"),
          c.getDouble("threshold"),
          c.getDouble("min-expected"),
          c.getDouble("clip-score"),
          c.getInt("tail-days"),
          c.getDouble("tail-factor"),
          c.getDouble("release-ratio"),
          c.getDouble("severity.medium"),
          c.getDouble("severity.high"));
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("crisis.detector: " + message);
      }
    }
  }

  private final Settings settings;

  public SpikeDetector(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** Scores every point of a regular series (strictly increasing times, one fixed step). */
  public List<Result> detect(List<Point> series) {
    int n = series.size();
    long step = n < 2 ? DAY_SECONDS : stepSeconds(series);
    int perDay = pointsPerDay(step);
    int window = (int) Math.max(1, Math.round(settings.window().getSeconds() / (double) step));
    int days = settings.baselineDays();
    int span = days * perDay;
    double[] observed = new double[n];
    int[] weekday = new int[n];
    int[] day = new int[n];
    double running = 0;
    for (int i = 0; i < n; i++) {
      Point p = series.get(i);
      if (!Double.isFinite(p.value())) {
        throw new IllegalArgumentException(
            "point " + i + " (" + p.time() + "): value is not a number");
      }
      running += p.value();
      if (i >= window) {
        running -= series.get(i - window).value();
      }
      observed[i] = i >= window - 1 ? running : Double.NaN;
      weekday[i] = p.time().getDayOfWeek().getValue() - 1;
      day[i] =
          (int) ChronoUnit.DAYS.between(series.get(0).time().toLocalDate(), p.time().toLocalDate());
    }
    // The baseline's view of history: observed, with points that scored high winsorised.
    double[] history = observed.clone();
    double[] expected = new double[n];
    double[] score = new double[n];
    double[] threshold = new double[n];
    Arrays.fill(expected, Double.NaN);
    Arrays.fill(score, Double.NaN);
    Arrays.fill(threshold, Double.NaN);
    boolean[] flagged = new boolean[n];

    double[] weekdayFactor = new double[7];
    Arrays.fill(weekdayFactor, 1.0);
    double phi = 0;
    double floor = settings.minExpected();
    int estimatedDay = -1;
    double[] dailyMax = new double[n == 0 ? 0 : day[n - 1] + 1];
    Arrays.fill(dailyMax, Double.NaN);
    double tail = 0;
    double[] candidates = new double[days];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(observed[i])) {
        continue;
      }
      if (day[i] != estimatedDay) {
        // Once a day, from the days before: weekday profile, Poisson floor, over-dispersion, tail
        // level.
        int from = Math.max(0, i - span);
        weekdayFactors(history, weekday, day, i, weekdayFactor);
        floor = Math.max(settings.minExpected(), mean(history, from, i));
        phi = overDispersion(history, from, i, perDay, floor, weekday, weekdayFactor);
        // With whole-day steps a day is one point: no bursts within it, so no tail level either.
        tail = perDay > 1 ? tailLevel(dailyMax, day[i]) : 0;
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
      double mu = median(candidates, count);
      double scale = scale(mu, phi, floor);
      double s = (observed[i] - mu) / scale;
      double t = Math.max(settings.threshold(), settings.tailFactor() * tail);
      expected[i] = mu;
      score[i] = s;
      threshold[i] = t;
      flagged[i] = s >= t || (i > 0 && flagged[i - 1] && s >= settings.releaseRatio() * t);
      if (s > settings.clipScore()) {
        history[i] = mu + settings.clipScore() * scale;
      }
      dailyMax[day[i]] = Double.isNaN(dailyMax[day[i]]) ? s : Math.max(dailyMax[day[i]], s);
    }

    List<Result> results = new ArrayList<>(n);
    LocalDateTime runStart = null;
    for (int i = 0; i < n; i++) {
      LocalDateTime time = series.get(i).time();
      runStart = flagged[i] ? (runStart == null ? time : runStart) : null;
      results.add(
          new Result(
              time,
              observed[i],
              expected[i],
              score[i],
              threshold[i],
              flagged[i],
              flagged[i] ? severity(score[i] / threshold[i]) : Severity.NONE,
              runStart));
    }
    return results;
  }

  private static double scale(double mu, double phi, double floor) {
    return Math.sqrt(Math.max(mu, floor) + phi * mu * mu);
  }

  private Severity severity(double ratio) {
    if (ratio >= settings.highRatio()) {
      return Severity.HIGH;
    }
    return ratio >= settings.mediumRatio() ? Severity.MEDIUM : Severity.LOW;
  }

  /**
   * The tailDays-th highest of the daily maximum scores over the baselineDays days before {@code
   * today}: a level the series' own bursts reached on several recent days. 0 while fewer days were
   * scored.
   */
  private double tailLevel(double[] dailyMax, int today) {
    double[] maxima = new double[settings.baselineDays()];
    int m = 0;
    for (int d = Math.max(0, today - settings.baselineDays()); d < today; d++) {
      if (!Double.isNaN(dailyMax[d])) {
        maxima[m++] = dailyMax[d];
      }
    }
    if (m < settings.tailDays()) {
      return 0;
    }
    Arrays.sort(maxima, 0, m);
    return maxima[m - settings.tailDays()];
  }

  /**
   * Weekday factors (mean volume on each weekday over the mean of all weekdays) from the last
   * weekdayWeeks complete weeks before point i's day; all 1 until a complete week exists, so the
   * first week relies on the median alone.
   */
  private void weekdayFactors(double[] history, int[] weekday, int[] day, int i, double[] factor) {
    Arrays.fill(factor, 1.0);
    // Day 0 may be partial (the series can start at any hour), so whole weeks count from day 1.
    int weeks = Math.min(settings.weekdayWeeks(), (day[i] - 1) / 7);
    if (weeks < 1) {
      return;
    }
    int firstDay = day[i] - 7 * weeks;
    double[] sum = new double[7];
    int[] count = new int[7];
    for (int j = i - 1; j >= 0 && day[j] >= firstDay; j--) {
      if (day[j] < day[i] && !Double.isNaN(history[j])) {
        sum[weekday[j]] += history[j];
        count[weekday[j]]++;
      }
    }
    double[] mean = new double[7];
    double overall = 0;
    for (int w = 0; w < 7; w++) {
      if (count[w] == 0) {
        return;
      }
      mean[w] = sum[w] / count[w];
      overall += mean[w] / 7;
    }
    if (overall <= 0) {
      return;
    }
    for (int w = 0; w < 7; w++) {
      factor[w] = Math.max(mean[w] / overall, MIN_WEEKDAY_FACTOR);
    }
  }

  /**
   * Over-dispersion phi of history[from, to): each point's deviation from the median of the same
   * time of day on the other days of the range (weekday-adjusted), so it is known from the second
   * day on. phi solves MAD(deviation / scale(phi)) = 1 scale unit; 0 when Poisson noise explains
   * the deviations.
   */
  private double overDispersion(
      double[] history,
      int from,
      int to,
      int perDay,
      double floor,
      int[] weekday,
      double[] weekdayFactor) {
    int size = to - from;
    double[] dev = new double[size];
    double[] mid = new double[size];
    double[] others = new double[settings.baselineDays() + 1];
    int m = 0;
    for (int j = from; j < to; j++) {
      if (Double.isNaN(history[j])) {
        continue;
      }
      int count = 0;
      for (int o = j - (j - from) / perDay * perDay; o < to && count < others.length; o += perDay) {
        if (o != j && !Double.isNaN(history[o])) {
          others[count++] = history[o] * weekdayFactor[weekday[j]] / weekdayFactor[weekday[o]];
        }
      }
      if (count == 0) {
        continue;
      }
      mid[m] = median(others, count);
      dev[m] = history[j] - mid[m];
      m++;
    }
    if (m < 2) {
      return 0;
    }
    double[] z = new double[m];
    if (spread(dev, mid, m, 0, floor, z) <= 1) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (spread(dev, mid, m, hi, floor, z) > 1 && hi < 1e6) {
      lo = hi;
      hi *= 4;
    }
    while (hi - lo > 1e-2 * hi) {
      double p = (lo + hi) / 2;
      if (spread(dev, mid, m, p, floor, z) > 1) {
        lo = p;
      } else {
        hi = p;
      }
    }
    return hi;
  }

  /**
   * Robust spread (MAD as a standard deviation) of the deviations in scale units for a given phi.
   */
  private static double spread(
      double[] dev, double[] mid, int m, double phi, double floor, double[] z) {
    for (int k = 0; k < m; k++) {
      z[k] = dev[k] / scale(mid[k], phi, floor);
    }
    double center = median(z, m);
    for (int k = 0; k < m; k++) {
      z[k] = Math.abs(z[k] - center);
    }
    return MAD_TO_SD * median(z, m);
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int j = from; j < to; j++) {
      if (!Double.isNaN(values[j])) {
        sum += values[j];
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /** Median of values[0, count); reorders that part of the array. */
  static double median(double[] values, int count) {
    Arrays.sort(values, 0, count);
    int mid = count / 2;
    return count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static long stepSeconds(List<Point> series) {
    long step = Duration.between(series.get(0).time(), series.get(1).time()).getSeconds();
    for (int i = 1; i < series.size(); i++) {
      long s = Duration.between(series.get(i - 1).time(), series.get(i).time()).getSeconds();
      if (s != step || s <= 0) {
        throw new IllegalArgumentException(
            "point "
                + i
                + " ("
                + series.get(i).time()
                + "): step of "
                + s
                + " s from the previous point, expected "
                + step
                + " s; the series must be regular and increasing");
      }
    }
    return step;
  }

  /** Points per day for the seasonal lag; a step of whole days compares with the previous days. */
  private static int pointsPerDay(long step) {
    if (DAY_SECONDS % step == 0) {
      return (int) (DAY_SECONDS / step);
    }
    if (step % DAY_SECONDS == 0) {
      return 1;
    }
    throw new IllegalArgumentException(
        "step of " + step + " s neither divides a day nor is whole days");
  }
}
