package com.brandpulse.gold;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Gold layer, crisis signals: one brand's series (posts per hour or per day for one metric) through
 * the {@link SpikeDetector}, and its flagged points grouped into runs, one run being one signal.
 * Pure Java, run per series inside a Spark task.
 *
 * <p>Times are bucket starts in seconds since the epoch of the series' local wall clock (a fixed
 * offset: hour-of-day and day-of-week seasonality are local). Buckets without posts are filled with
 * 0 from the first to the last bucket of the data, so a quiet night counts as quiet.
 *
 * <p>Negative share: its noise depends on the volume (three scored posts swing a share from 0 to
 * 100%), which a count detector cannot know. So each step's share becomes a binomial z value
 * against p0, the share over the previous baseline days (Laplace-smoothed, causal): z = (negative -
 * scored p0) / sqrt(max(scored p0 (1 - p0), min-expected)), 0 without scored posts; the variance
 * floor is the detector's own "a handful of posts never flags" (min-expected posts), so one
 * negative post among two does not flag a brand whose share is usually 1%. z has unit variance at
 * any volume; the detector sees {@code 1e6 + 1e3 z}: at that level its Poisson floor, sqrt(1e6), is
 * one z unit (a share is never less noisy than binomial) and its relative over-dispersion acts as a
 * constant scale on top of it, so it adds the hour-of-day median and the robust day-to-day excess
 * noise of z, earlier spikes capped. A share is flagged only when enough posts carry it: all of 17
 * scored posts negative is z 6 at p0 = 0.3. Expected shares report back as p0 plus the median z
 * offset.
 */
public final class CrisisSeries {
  public static final String HOUR = "hour";
  public static final String DAY = "day";

  /** The level and unit of the z series the detector sees for negative share. */
  static final double Z_LEVEL = 1e6;

  static final double Z_UNIT = 1e3;

  private CrisisSeries() {}

  public static long stepSeconds(String granularity) {
    return switch (granularity) {
      case HOUR -> 3_600;
      case DAY -> 86_400;
      default ->
          throw new IllegalArgumentException("granularity must be hour or day: " + granularity);
    };
  }

  /**
   * Posts in one bucket: those the metric counts, and (negative share) the scored posts it divides
   * by.
   */
  public record Bucket(long start, double value, double base) {}

  /** A flagged point; observed and expected in the metric's unit (posts, or a share 0..1). */
  public record Flag(
      long start,
      double observed,
      double expected,
      double score,
      double threshold,
      SpikeDetector.Severity severity,
      long runStart) {}

  /**
   * A run of consecutive flagged points: one signal. start/last/peak are bucket starts; metricPosts
   * the posts the metric counted over the run (negative posts for the share), basePosts the scored
   * posts (share only, else 0); observed/expected over the whole run (posts, or the share of the
   * run); open when the run reaches the last point of the series.
   */
  public record Run(
      long start,
      long last,
      int steps,
      double metricPosts,
      double basePosts,
      double observed,
      double expected,
      long peak,
      double peakObserved,
      double peakExpected,
      double peakScore,
      double peakThreshold,
      SpikeDetector.Severity severity,
      boolean open) {}

  public record Detection(List<Flag> flags, List<Run> runs) {}

  /**
   * Detects spikes in the series from {@code first} to {@code last} (bucket starts, both included,
   * one {@code step} apart). {@code buckets} hold the non-empty buckets in any order; a bucket
   * outside the range or off the step is an error.
   */
  public static Detection detect(
      SpikeDetector detector,
      long step,
      long first,
      long last,
      List<Bucket> buckets,
      boolean share) {
    return resume(detector, step, first, first, first, last, buckets, share, null).detection();
  }

  /**
   * A detection that judged the points from its start on: their flags and the runs that began there
   * or later (a run that began before is the earlier run's), and the detector's state of every
   * point from where its series was given.
   */
  public record Resumed(Detection detection, SpikeDetector.State state) {}

  /**
   * {@link #detect} of the points from {@code start} on, resumed from the detector's state {@code
   * priorState} of the points from {@code from} to start, which an earlier run over the series
   * beginning at {@code first} judged (bucket starts; first <= from <= start <= last + step).
   * {@code buckets} hold the non-empty buckets from {@code from} to {@code last}. Gives detect's
   * flags from start on and its runs that begin there or later, when start is the first step of a
   * day and priorState covers at least {@link SpikeDetector#resumeDays} days (or from is first).
   */
  public static Resumed resume(
      SpikeDetector detector,
      long step,
      long first,
      long from,
      long start,
      long last,
      List<Bucket> buckets,
      boolean share,
      SpikeDetector.State priorState) {
    if (last < from
        || (last - from) % step != 0
        || first % step != 0
        || from < first
        || (from - first) % step != 0
        || start < from
        || start > last + step
        || (start - from) % step != 0) {
      throw new IllegalArgumentException(
          "series range "
              + from
              + ".."
              + last
              + " from "
              + start
              + " (series start "
              + first
              + ") is not aligned on "
              + step
              + " s");
    }
    int n = (int) ((last - from) / step) + 1;
    double[] value = new double[n];
    double[] base = new double[n];
    for (Bucket b : buckets) {
      long offset = b.start() - from;
      if (offset < 0 || b.start() > last || offset % step != 0) {
        throw new IllegalArgumentException(
            "bucket "
                + b.start()
                + " is outside "
                + from
                + ".."
                + last
                + " or off the "
                + step
                + " s step");
      }
      int i = (int) (offset / step);
      value[i] += b.value();
      base[i] += b.base();
    }
    double[] prior =
        share ? priorShare(value, base, detector.settings().baselineDays() * perDay(step)) : null;
    double floor = detector.settings().minExpected();
    double[] fed = share ? zValues(value, base, prior, floor) : value;
    List<SpikeDetector.Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      points.add(
          new SpikeDetector.Point(
              LocalDateTime.ofEpochSecond(from + i * step, 0, ZoneOffset.UTC), fed[i]));
    }
    int startIndex = (int) ((start - from) / step);
    SpikeDetector.Resumed judged =
        detector.resume(
            points,
            startIndex,
            LocalDateTime.ofEpochSecond(first, 0, ZoneOffset.UTC).toLocalDate(),
            startIndex == 0 ? null : priorState);
    List<SpikeDetector.Result> results = new ArrayList<>(n);
    results.addAll(java.util.Collections.nCopies(startIndex, null));
    results.addAll(judged.results());

    List<Flag> flags = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    int runFrom = -1;
    for (int i = startIndex; i <= n; i++) {
      boolean flagged = i < n && results.get(i).flagged();
      if (flagged && runFrom < 0) {
        runFrom = i;
      }
      if (flagged) {
        SpikeDetector.Result r = results.get(i);
        flags.add(
            new Flag(
                from + i * step,
                observed(share, value[i], base[i]),
                expected(r.expected(), prior, base, i, floor),
                r.score(),
                r.threshold(),
                r.severity(),
                r.runStart().toEpochSecond(ZoneOffset.UTC)));
      } else if (runFrom >= 0) {
        // a run open at start began in the earlier run, which has its figures
        if (results.get(runFrom).runStart().toEpochSecond(ZoneOffset.UTC) >= start) {
          runs.add(run(results, value, base, prior, floor, runFrom, i - 1, from, step, n));
        }
        runFrom = -1;
      }
    }
    return new Resumed(new Detection(flags, runs), judged.state());
  }

  private static Run run(
      List<SpikeDetector.Result> results,
      double[] value,
      double[] base,
      double[] prior,
      double floor,
      int from,
      int to,
      long first,
      long step,
      int n) {
    boolean share = prior != null;
    double metric = 0;
    double scored = 0;
    double expected = 0;
    double expectedNegatives = 0;
    int peak = from;
    SpikeDetector.Severity severity = SpikeDetector.Severity.NONE;
    for (int i = from; i <= to; i++) {
      SpikeDetector.Result r = results.get(i);
      metric += value[i];
      scored += base[i];
      expected += expected(r.expected(), prior, base, i, floor);
      expectedNegatives += expected(r.expected(), prior, base, i, floor) * base[i];
      if (r.score() > results.get(peak).score()) {
        peak = i;
      }
      if (r.severity().compareTo(severity) > 0) {
        severity = r.severity();
      }
    }
    int steps = to - from + 1;
    double observed = share ? (scored > 0 ? metric / scored : Double.NaN) : metric;
    double expectedRun =
        share ? (scored > 0 ? expectedNegatives / scored : expected / steps) : expected;
    SpikeDetector.Result p = results.get(peak);
    return new Run(
        first + from * step,
        first + to * step,
        steps,
        metric,
        scored,
        observed,
        expectedRun,
        first + peak * step,
        observed(share, value[peak], base[peak]),
        expected(p.expected(), prior, base, peak, floor),
        p.score(),
        p.threshold(),
        severity,
        to == n - 1);
  }

  private static double observed(boolean share, double value, double base) {
    return share ? (base > 0 ? value / base : Double.NaN) : value;
  }

  /** The detector's expected value; for negative share back from z units to a share. */
  private static double expected(
      double detectorExpected, double[] prior, double[] base, int i, double floor) {
    if (prior == null) {
      return detectorExpected;
    }
    double p = prior[i];
    // One z unit in share terms: the z denominator over the scored posts.
    double sd = base[i] > 0 ? Math.sqrt(Math.max(base[i] * p * (1 - p), floor)) / base[i] : 0;
    return Math.min(1, Math.max(0, p + sd * (detectorExpected - Z_LEVEL) / Z_UNIT));
  }

  /**
   * p0 of each point: the negative share of the {@code lookback} points before it, Laplace-smoothed
   * ((negative + 1) / (scored + 2)), so it is never 0 or 1. Causal: point i uses points before it
   * only.
   */
  static double[] priorShare(double[] negative, double[] scored, int lookback) {
    int n = negative.length;
    double[] out = new double[n];
    double negativeBefore = 0;
    double scoredBefore = 0;
    for (int i = 0; i < n; i++) {
      out[i] = (negativeBefore + 1) / (scoredBefore + 2);
      negativeBefore += negative[i];
      scoredBefore += scored[i];
      if (i - lookback >= 0) {
        negativeBefore -= negative[i - lookback];
        scoredBefore -= scored[i - lookback];
      }
    }
    return out;
  }

  /**
   * 1e6 + 1e3 z, z the binomial z value of each point's negatives against its p0, its variance
   * floored at {@code floor} posts (0 without scored posts).
   */
  static double[] zValues(double[] negative, double[] scored, double[] prior, double floor) {
    double[] out = new double[negative.length];
    for (int i = 0; i < out.length; i++) {
      double p = prior[i];
      double z =
          scored[i] > 0
              ? (negative[i] - scored[i] * p) / Math.sqrt(Math.max(scored[i] * p * (1 - p), floor))
              : 0;
      out[i] = Z_LEVEL + Z_UNIT * z;
    }
    return out;
  }

  private static int perDay(long step) {
    return (int) Math.max(1, 86_400 / step);
  }
}
