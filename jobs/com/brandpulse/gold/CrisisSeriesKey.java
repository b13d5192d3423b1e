package com.brandpulse.gold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One crisis series (gold; brand, metric, category, granularity) and the rows of its detection in
 * {@link CrisisDetection#DETECTED}'s layout: kind flag and run (see {@link CrisisDetection#detect})
 * and kind {@code state}, one per point from a first kept bucket on (start = the bucket; the
 * detector's state after it, and the series start and settings version it holds for).
 */
record CrisisSeriesKey(String brand, String metric, String category, String granularity) {
  static CrisisSeriesKey of(Row g) {
    return new CrisisSeriesKey(
        g.getAs("brand_id"), g.getAs("metric"), g.getAs("category"), g.getAs("granularity"));
  }

  /**
   * {@code r} judged the series from {@code from} (its state's first point) to {@code last}; {@code
   * first} is the series start.
   */
  List<Row> rows(
      CrisisSeries.Resumed r,
      List<CrisisSeries.Bucket> buckets,
      long first,
      long from,
      long step,
      long last,
      long keepFrom,
      String version) {
    List<Row> out = new ArrayList<>();
    Map<Long, Double> values = new HashMap<>();
    Map<Long, Double> bases = new HashMap<>();
    for (CrisisSeries.Bucket b : buckets) {
      values.merge(b.start(), b.value(), Double::sum);
      bases.merge(b.start(), b.base(), Double::sum);
    }
    for (CrisisSeries.Flag f : r.detection().flags()) {
      out.add(
          row(
              "flag",
              f.start(),
              f.start(),
              1,
              values.getOrDefault(f.start(), 0.0),
              bases.getOrDefault(f.start(), 0.0),
              round4(f.observed()),
              round4(f.expected()),
              f.start(),
              round4(f.observed()),
              round4(f.expected()),
              round4(f.score()),
              round4(f.threshold()),
              severity(f.severity()),
              f.start() == last,
              null));
    }
    for (CrisisSeries.Run run : r.detection().runs()) {
      out.add(
          row(
              "run",
              run.start(),
              run.last(),
              run.steps(),
              run.metricPosts(),
              run.basePosts(),
              round4(run.observed()),
              round4(run.expected()),
              run.peak(),
              round4(run.peakObserved()),
              round4(run.peakExpected()),
              round4(run.peakScore()),
              round4(run.peakThreshold()),
              severity(run.severity()),
              run.open(),
              null));
    }
    SpikeDetector.State state = r.state();
    int windows = state.history().size();
    for (int i = (int) Math.max(0, (keepFrom - from + step - 1) / step);
        i < state.ratio().length;
        i++) {
      double[] history = new double[windows];
      double[] score = new double[windows];
      for (int w = 0; w < windows; w++) {
        history[w] = state.history().get(w)[i];
        score[w] = state.score().get(w)[i];
      }
      long bucket = from + i * step;
      out.add(
          marker(
              "state",
              bucket,
              RowFactory.create(
                  history, score, state.ratio()[i], state.flagged()[i], first, version)));
    }
    return out;
  }

  /** A row of kind fallback: this series cannot be resumed. */
  Row fallback(long bucket) {
    return marker("fallback", bucket, null);
  }

  /** A row about one bucket that is no flag or run: neutral figures, and the state if any. */
  private Row marker(String kind, long bucket, Row state) {
    return row(
        kind, bucket, bucket, 0, 0, 0, null, 0.0, bucket, null, 0.0, 0.0, 0.0, "low", false, state);
  }

  private Row row(
      String kind,
      long start,
      long lastBucket,
      int steps,
      double metricPosts,
      double basePosts,
      Double observed,
      Double expected,
      long peak,
      Double peakObserved,
      Double peakExpected,
      Double score,
      Double threshold,
      String severity,
      boolean open,
      Row state) {
    return RowFactory.create(
        brand,
        metric,
        category,
        granularity,
        kind,
        start,
        lastBucket,
        steps,
        metricPosts,
        basePosts,
        observed,
        expected,
        peak,
        peakObserved,
        peakExpected,
        score,
        threshold,
        severity,
        open,
        state);
  }

  private static String severity(SpikeDetector.Severity s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** 4 decimals (NaN as null): stable figures for BI and for reruns. */
  private static Double round4(double x) {
    return Double.isNaN(x) ? null : Math.round(x * 1e4) / 1e4;
  }
}
