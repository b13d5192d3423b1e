package com.brandpulse.gold;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
 * plus the new day flags the new day as an online detector would have; {@link #resume} continues
 * from an earlier run's per-point state, with the same results. Per point ({@link
 * SpikeWindowScores} scores one window):
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
 *   <li>score = (observed - expected) / scale; the level in force is max(threshold, tailFactor *
 *       tail), tail being the {@code tailDays}-th highest daily maximum score of the previous
 *       {@code baselineDays} days: bursts the series shows on several days a week (bots, a busy
 *       news cycle) are its normal, while one earlier event, however long, does not raise the bar.
 *       (Whole-day steps have no bursts within a day: there only the threshold applies.)
 *   <li>the same for each of the {@code longerWindows} (e.g. 6 hours: a slow rise no single hour
 *       shows), each with its own baseline, scale and tail, its level multiplied by {@code
 *       longerFactor}, counted only while the primary window scores at least 1 both at the point
 *       and as the median over the longer window's span (a broad rise; a short spike does not stay
 *       flagged while the longer window still holds it); a point's ratio is the highest score /
 *       level over the windows.
 *   <li>a run of flagged points starts when the ratio reached 1 on the point and on every point of
 *       the {@code confirm} period before it (a burst crossing the level for a moment does not
 *       alarm), and continues while the ratio stays above releaseRatio, so an event that wavers
 *       around the line stays one run.
 * </ol>
 *
 * Resistance to earlier spikes: a point scoring above {@code clipScore} enters the baseline history
 * winsorised to expected + clipScore * scale, so a past crisis lifts neither the baseline nor the
 * scale, even when it filled most of the baseline days; a lasting change is learnt gradually
 * instead.
 */
public final class SpikeDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long DAY_SECONDS = 86_400;

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
   * flagged run (null when not flagged). Observed and expected are the primary window's; threshold
   * is its level in force and score the point's ratio (see the class comment) times that level, so
   * a longer window that stands out more shows as a higher score.
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
      List<Duration> longerWindows,
      double longerFactor,
      int baselineDays,
      int minHistoryDays,
      int weekdayWeeks,
      double threshold,
      double minExpected,
      double clipScore,
      int tailDays,
      double tailFactor,
      double releaseRatio,
      Duration confirm,
      double mediumRatio,
      double highRatio)
      implements Serializable {
    public static final Settings DEFAULTS =
        new Settings(
            Duration.ofHours(1),
            List.of(),
            1.0,
            7,
            2,
            4,
            7.0,
            4.0,
            2.0,
            3,
            2.5,
            0.5,
            Duration.ofMinutes(10),
            2.0,
            4.0);

    public Settings {
      require(!window.isNegative() && !window.isZero(), "window must be positive");
      longerWindows = List.copyOf(longerWindows);
      require(
          longerWindows.stream().allMatch(w -> w.compareTo(window) > 0),
          "longer-windows must each be longer than window");
      require(longerFactor >= 1, "longer-factor must be at least 1");
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
      require(!confirm.isNegative(), "confirm must not be negative");
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
          c.getDurationList("longer-windows"),
          c.getDouble("longer-factor"),
          c.getInt("baseline-days"),
          c.getInt("min-history-days"),
          c.getInt("weekday-weeks"),
          c.getDouble("threshold"),
          c.getDouble("min-expected"),
          c.getDouble("clip-score"),
          c.getInt("tail-days"),
          c.getDouble("tail-factor"),
          c.getDouble("release-ratio"),
          c.getDuration("confirm"),
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
    return resume(series, 0, dayZero(series), null).results();
  }

  /** The date of a series' first point (any date for an empty series). */
  private static LocalDate dayZero(List<Point> series) {
    return series.isEmpty() ? LocalDate.EPOCH : series.get(0).time().toLocalDate();
  }

  /**
   * What a later run needs to resume after a point ({@link #resume}), per point of a series: per
   * window (the primary first) the baseline's view of history (observed, winsorised after a high
   * score) and the score, the ratio to the level in force (NaN where not judged) and the flag.
   */
  public record State(
      List<double[]> history, List<double[]> score, double[] ratio, boolean[] flagged) {}

  /** The results of the points a run judged, and the state of every point of its series. */
  public record Resumed(List<Result> results, State state) {}

  /**
   * Days of state a resumed run needs before its first point: the baseline days, the weekday
   * profile's weeks and the day the profile's whole weeks may leave out.
   */
  public int resumeDays() {
    return Math.max(settings.baselineDays(), 7 * settings.weekdayWeeks() + 1) + 1;
  }

  /**
   * {@link #detect} of the points of {@code series} from {@code start} on, the points before it
   * having been judged by an earlier run whose state for them is {@code prior} (ignored when start
   * is 0). {@code dayZero} is the date of the first point of the whole series: the weekday profile
   * counts its whole weeks from it. The results equal those of detect over the whole series when
   * {@code start} is the first point of a day, {@code series} holds at least {@link #resumeDays}
   * days before it (or begins where the whole series does), and the flagged run open at start (if
   * any) began within {@code series}. Returns the results from start on and the state of every
   * point (prior's before start).
   */
  public Resumed resume(List<Point> series, int start, LocalDate dayZero, State prior) {
    int n = series.size();
    if (start < 0 || start > n) {
      throw new IllegalArgumentException("start " + start + " is outside 0.." + n);
    }
    if (start > 0
        && start < n
        && series
            .get(start)
            .time()
            .toLocalDate()
            .equals(series.get(start - 1).time().toLocalDate())) {
      throw new IllegalArgumentException(
          "start " + series.get(start).time() + " is not the first point of its day");
    }
    if (n > 0 && dayZero.isAfter(series.get(0).time().toLocalDate())) {
      throw new IllegalArgumentException(
          "day zero " + dayZero + " is after the first point " + series.get(0).time());
    }
    List<Duration> lengths = windows();
    List<Scores> windows = new ArrayList<>();
    for (int w = 0; w < lengths.size(); w++) {
      SpikeWindowScores.From from =
          start == 0
              ? new SpikeWindowScores.From(0, dayZero, null, null)
              : new SpikeWindowScores.From(
                  start, dayZero, prior.history().get(w), prior.score().get(w));
      windows.add(
          SpikeWindowScores.score(
              settings, series, lengths.get(w), w == 0 ? null : windows.get(0).score(), from));
    }
    double[] ratio = new double[n];
    boolean[] flagged = new boolean[n];
    List<Result> results = judge(series, windows, start, start == 0 ? null : prior, ratio, flagged);
    return new Resumed(
        results,
        new State(
            windows.stream().map(Scores::history).toList(),
            windows.stream().map(Scores::score).toList(),
            ratio,
            flagged));
  }

  /**
   * One trailing window's view of a series: per point the window volume (observed), its baseline
   * (expected), the score and the tail level (NaN where not judged). None of it depends on the
   * threshold, tail factor or release ratio, so an evaluation can score those cheaply. counts:
   * where the window may flag (a longer window only in a broad rise of the primary one).
   */
  record Scores(
      double[] observed,
      double[] expected,
      double[] score,
      double[] tail,
      boolean[] counts,
      double[] history) {}

  /** The primary window, then the longer windows. */
  List<Duration> windows() {
    List<Duration> all = new ArrayList<>();
    all.add(settings.window());
    all.addAll(settings.longerWindows());
    return all;
  }

  /**
   * Flags from the windows' scores: a point's level is the highest score / level-in-force ratio
   * over the windows (the level being max(threshold, tailFactor x tail) per window); it flags from
   * 1 and a run continues down to releaseRatio. Observed and expected stay the primary window's;
   * the score is the ratio times the primary window's level, so flagged = score >= threshold.
   */
  List<Result> judge(List<Point> series, List<Scores> windows) {
    int n = series.size();
    return judge(series, windows, 0, null, new double[n], new boolean[n]);
  }

  /**
   * {@link #judge(List, List)} of the points from {@code start} on, those before it judged by an
   * earlier run ({@code prior}: their ratio and flag). {@code ratio} and {@code flagged} receive
   * every point's.
   */
  private List<Result> judge(
      List<Point> series,
      List<Scores> windows,
      int start,
      State prior,
      double[] ratio,
      boolean[] flagged) {
    int n = series.size();
    double[] level = new double[n];
    Arrays.fill(ratio, Double.NaN);
    Arrays.fill(level, Double.NaN);
    if (start > 0) {
      System.arraycopy(prior.ratio(), 0, ratio, 0, start);
      System.arraycopy(prior.flagged(), 0, flagged, 0, start);
    }
    long step = n < 2 ? DAY_SECONDS : stepSeconds(series);
    for (int w = 0; w < windows.size(); w++) {
      Scores s = windows.get(w);
      for (int i = start; i < n; i++) {
        if (Double.isNaN(s.score()[i]) || !s.counts()[i]) {
          continue;
        }
        double t = Math.max(settings.threshold(), settings.tailFactor() * s.tail()[i]);
        double r = s.score()[i] / (w == 0 ? t : settings.longerFactor() * t);
        if (Double.isNaN(level[i]) || w == 0) {
          level[i] = t;
        }
        if (Double.isNaN(ratio[i]) || r > ratio[i]) {
          ratio[i] = r;
        }
      }
    }
    Scores primary = windows.get(0);
    List<Result> results = new ArrayList<>(n);
    LocalDateTime runStart = null;
    boolean previous = false;
    // Points that must all reach the level before a run starts: the point itself and those of the
    // confirm period before it (one point when confirm is shorter than the step).
    long confirm = 1 + settings.confirm().getSeconds() / step;
    int above = 0;
    for (int i = 0; i < start; i++) {
      // the run state where the earlier run left it
      above = !Double.isNaN(ratio[i]) && ratio[i] >= 1 ? above + 1 : 0;
      runStart = flagged[i] ? (runStart == null ? series.get(i).time() : runStart) : null;
      previous = flagged[i];
    }
    for (int i = start; i < n; i++) {
      LocalDateTime time = series.get(i).time();
      above = !Double.isNaN(ratio[i]) && ratio[i] >= 1 ? above + 1 : 0;
      flagged[i] =
          !Double.isNaN(ratio[i])
              && (above >= confirm || (previous && ratio[i] >= settings.releaseRatio()));
      runStart = flagged[i] ? (runStart == null ? time : runStart) : null;
      results.add(
          new Result(
              time,
              primary.observed()[i],
              primary.expected()[i],
              ratio[i] * level[i],
              level[i],
              flagged[i],
              flagged[i] ? severity(ratio[i]) : Severity.NONE,
              runStart));
      previous = flagged[i];
    }
    return results;
  }

  /**
   * One trailing window's scores (see the class comment for the steps); {@code primaryScore} is the
   * primary window's score for a longer window (it counts only in a broad rise), else null.
   */
  Scores scoreWindow(List<Point> series, Duration windowLength, double[] primaryScore) {
    return SpikeWindowScores.score(
        settings,
        series,
        windowLength,
        primaryScore,
        new SpikeWindowScores.From(0, dayZero(series), null, null));
  }

  private Severity severity(double ratio) {
    if (ratio >= settings.highRatio()) {
      return Severity.HIGH;
    }
    return ratio >= settings.mediumRatio() ? Severity.MEDIUM : Severity.LOW;
  }

  static long stepSeconds(List<Point> series) {
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
}
