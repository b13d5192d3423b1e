package com.brandpulse.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crisis detection resumed from the detector's kept state (gold; part of {@link CrisisJob}): a
 * night judges each series from the local day that holds the first week it recomputes, starting
 * from the state ops.crisis_detector_state kept for the {@link SpikeDetector#resumeDays} days
 * before that day, instead of judging every kept week again. The results equal a detection over the
 * whole series ({@link CrisisSeries#resume}); where the state cannot give them (none kept, other
 * settings, a series start that moved, late data older than the kept weeks, a run open since before
 * the kept state) {@link #detect} returns null and the job judges every series from its start
 * ({@link CrisisDetection#detectAll}), which writes the state again.
 */
final class CrisisResume {
  private static final Logger LOG = LoggerFactory.getLogger(CrisisResume.class);
  private static final String[] KEY = {"brand_id", "metric", "category", "granularity"};

  private CrisisResume() {}

  /**
   * A resumed detection (null when the state could not serve), how it went, in words, and the
   * series' extent as read (null without series), which a detection from the start reuses.
   */
  record Attempt(
      CrisisDetection.Detected detected, String description, CrisisDetection.Extent extent) {}

  /**
   * Detection of every series from the local day holding the start of {@code fromWeek} on, or an
   * attempt without one (the reason in its description) when the kept state cannot serve it.
   */
  static Attempt detect(
      SparkSession spark,
      String warehouse,
      CrisisSettings settings,
      String version,
      LocalDate fromWeek) {
    Dataset<Row> series = CrisisTables.OPS_CRISIS_SERIES.read(spark, warehouse);
    CrisisDetection.Extent extent = CrisisDetection.Extent.of(series);
    if (extent == null) {
      return fallback("no series kept", null);
    }
    int offset = extent.offset();
    Map<String, long[]> ranges =
        CrisisDetection.seriesRanges(extent.first(), extent.last(), offset);
    long keepFrom = CrisisDetection.keepFrom(ranges, settings.stateWeeks());
    long day =
        Math.floorDiv(fromWeek.atStartOfDay(settings.zone()).toEpochSecond() + offset, 86_400L);
    long writeFrom = CrisisDetection.monday(day) * 86_400L;
    // Per granularity: series start, last bucket, first point of state read, first point judged.
    Map<String, long[]> plan = new HashMap<>();
    long stateFrom = Long.MAX_VALUE;
    for (String g : List.of(CrisisSeries.HOUR, CrisisSeries.DAY)) {
      long[] range = ranges.get(g);
      long start = Math.max(day * 86_400L, range[0]);
      if (start > range[1] + CrisisSeries.stepSeconds(g)) {
        return fallback("the data ends before " + fromWeek, extent);
      }
      int days = new SpikeDetector(settings.detector(g)).resumeDays();
      long from = Math.max(range[0], start - days * 86_400L);
      plan.put(g, new long[] {range[0], range[1], from, start});
      stateFrom = Math.min(stateFrom, from);
    }
    LocalDate readFrom = LocalDate.ofEpochDay(CrisisDetection.monday(stateFrom / 86_400L) - 7);
    Dataset<Row> prior =
        CrisisTables.OPS_CRISIS_DETECTOR_STATE
            .read(spark, warehouse)
            .where(col("week_start").geq(lit(java.sql.Date.valueOf(readFrom))))
            .where(inPlan(plan, true));
    String unusable = unusable(prior, plan, version, offset);
    if (unusable != null) {
      return fallback(unusable, extent);
    }
    Dataset<Row> counts =
        series
            .where(col("week_start").geq(lit(java.sql.Date.valueOf(readFrom))))
            .where(inPlan(plan, false))
            .groupBy("brand_id", "metric", "category", "granularity", "bucket")
            .agg(sum("value").as("value"), sum("base").as("base"))
            .groupBy(KEY[0], KEY[1], KEY[2], KEY[3])
            .agg(collect_list(struct(col("bucket"), col("value"), col("base"))).as("buckets"));
    Dataset<Row> states =
        prior
            .groupBy(KEY[0], KEY[1], KEY[2], KEY[3])
            .agg(
                collect_list(
                        struct(
                            col("bucket"),
                            col("history"),
                            col("score"),
                            col("ratio"),
                            col("flagged")))
                    .as("state"));
    for (String k : KEY) {
      states = states.withColumnRenamed(k, "s_" + k);
    }
    Column same = lit(true);
    List<Column> keys = new ArrayList<>();
    for (String k : KEY) {
      same = same.and(col(k).eqNullSafe(col("s_" + k)));
      keys.add(coalesce(col(k), col("s_" + k)).as(k));
    }
    keys.add(col("buckets"));
    keys.add(col("state"));
    Map<String, long[]> p = Map.copyOf(plan);
    long emitFrom = Math.max(writeFrom, keepFrom);
    FlatMapFunction<Row, Row> perSeries =
        g -> resumeSeries(g, settings, p, emitFrom, keepFrom, version).iterator();
    Dataset<Row> detected =
        counts
            .join(states, same, "full_outer")
            .select(keys.toArray(new Column[0]))
            .flatMap(perSeries, ExpressionEncoder.apply(CrisisDetection.DETECTED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    long refused = detected.where(col("kind").equalTo("fallback")).count();
    if (refused > 0) {
      detected.unpersist();
      return fallback(refused + " series hold no usable state for " + fromWeek, extent);
    }
    String description =
        "resumed on "
            + LocalDate.ofEpochDay(day)
            + " from the state kept since "
            + LocalDate.ofEpochDay(stateFrom / 86_400L);
    LOG.info("crisis: series {}", description);
    // The weeks rewritten, the weeks no longer kept, and every kept week of a series new since the
    // last run.
    StringBuilder predicate =
        new StringBuilder("week_start >= DATE'")
            .append(LocalDate.ofEpochDay(writeFrom / 86_400L))
            .append("' OR week_start < DATE'")
            .append(LocalDate.ofEpochDay(keepFrom / 86_400L))
            .append("'");
    for (Row n :
        detected
            .where(col("kind").equalTo("state").and(col("start").lt(emitFrom)))
            .select(KEY[0], KEY[1], KEY[2], KEY[3])
            .distinct()
            .collectAsList()) {
      predicate.append(" OR (");
      for (int i = 0; i < KEY.length; i++) {
        predicate
            .append(i == 0 ? "" : " AND ")
            .append(KEY[i])
            .append(
                n.isNullAt(i)
                    ? " IS NULL"
                    : " = " + com.brandpulse.common.TableContract.literal(n.getString(i)));
      }
      predicate.append(")");
    }
    return new Attempt(
        extent.detected(detected, settings, predicate.toString()), description, extent);
  }

  private static Attempt fallback(String why, CrisisDetection.Extent extent) {
    String description = "judged from the start (" + why + ")";
    LOG.info("crisis: series {}", description);
    return new Attempt(null, description, extent);
  }

  /** Buckets of each granularity in [from, start) (the state read) or from `from` on (counts). */
  private static Column inPlan(Map<String, long[]> plan, boolean beforeStart) {
    Column any = lit(false);
    for (Map.Entry<String, long[]> e : plan.entrySet()) {
      Column c = col("granularity").equalTo(e.getKey()).and(col("bucket").geq(e.getValue()[2]));
      any = any.or(beforeStart ? c.and(col("bucket").lt(e.getValue()[3])) : c);
    }
    return any;
  }

  /** Why the kept state cannot serve the plan, or null when it can. */
  private static String unusable(
      Dataset<Row> prior, Map<String, long[]> plan, String version, int offset) {
    Map<String, Row> byGranularity = new HashMap<>();
    for (Row r :
        prior
            .groupBy("granularity")
            .agg(
                min("bucket"),
                max("bucket"),
                min("settings_version"),
                max("settings_version"),
                min("series_start"),
                max("series_start"),
                min("utc_offset"),
                max("utc_offset"))
            .collectAsList()) {
      byGranularity.put(r.getString(0), r);
    }
    for (Map.Entry<String, long[]> e : plan.entrySet()) {
      long[] p = e.getValue();
      if (p[3] == p[2]) {
        continue; // judged from the series' start: no state needed
      }
      Row r = byGranularity.get(e.getKey());
      long step = CrisisSeries.stepSeconds(e.getKey());
      if (r == null || r.getLong(1) != p[2] || r.getLong(2) != p[3] - step) {
        return "no " + e.getKey() + " state kept for the 30 days before the first day judged";
      }
      if (!version.equals(r.getString(3)) || !version.equals(r.getString(4))) {
        return "the state was kept under other settings";
      }
      if (r.getLong(5) != p[0]
          || r.getLong(6) != p[0]
          || r.getInt(7) != offset
          || r.getInt(8) != offset) {
        return "the series start moved";
      }
    }
    return null;
  }

  /**
   * One series (row: the key, its buckets from the state's first point on, its kept state): the
   * detection from the plan's start on, or a row of kind {@code fallback} when its state does not
   * cover the days before the start.
   */
  static List<Row> resumeSeries(
      Row g,
      CrisisSettings settings,
      Map<String, long[]> plan,
      long emitFrom,
      long keepFrom,
      String version) {
    CrisisSeriesKey key = CrisisSeriesKey.of(g);
    long[] p = plan.get(key.granularity());
    long step = CrisisSeries.stepSeconds(key.granularity());
    List<CrisisSeries.Bucket> buckets = new ArrayList<>();
    if (!g.isNullAt(g.fieldIndex("buckets"))) {
      for (Row b : g.<Row>getList(g.fieldIndex("buckets"))) {
        buckets.add(
            new CrisisSeries.Bucket(
                b.getLong(b.fieldIndex("bucket")),
                b.getDouble(b.fieldIndex("value")),
                b.getDouble(b.fieldIndex("base"))));
      }
    }
    List<Row> kept = new ArrayList<>();
    if (!g.isNullAt(g.fieldIndex("state"))) {
      kept.addAll(g.<Row>getList(g.fieldIndex("state")));
    }
    kept.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("bucket"))));
    boolean share = key.metric().equals(CrisisSettings.NEGATIVE_SHARE);
    SpikeDetector detector = new SpikeDetector(settings.detector(key.granularity()));
    int points = (int) ((p[3] - p[2]) / step);
    if (points == 0 || kept.isEmpty()) {
      // A series the last run did not have: nothing before the start, so judged from its start.
      if (points > 0 && buckets.stream().anyMatch(b -> b.start() < p[3])) {
        return List.of(key.fallback(p[2]));
      }
      // Its state is kept from the first kept week on, as for every other series.
      CrisisSeries.Resumed r =
          CrisisSeries.resume(detector, step, p[0], p[0], p[0], p[1], buckets, share, null);
      return key.rows(r, buckets, p[0], p[0], step, p[1], keepFrom, version);
    }
    SpikeDetector.State prior = state(kept, points, p[2], step);
    if (prior == null) {
      return List.of(key.fallback(p[2]));
    }
    CrisisSeries.Resumed r =
        CrisisSeries.resume(detector, step, p[0], p[2], p[3], p[1], buckets, share, prior);
    return key.rows(r, buckets, p[0], p[2], step, p[1], emitFrom, version);
  }

  /**
   * The detector's state of {@code points} consecutive points from {@code from}, or null when the
   * rows miss one or a flagged run open at the start began before them.
   */
  private static SpikeDetector.State state(List<Row> kept, int points, long from, long step) {
    if (kept.size() != points) {
      return null;
    }
    int windows = kept.get(0).getList(kept.get(0).fieldIndex("history")).size();
    List<double[]> history = new ArrayList<>();
    List<double[]> score = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      history.add(new double[points]);
      score.add(new double[points]);
    }
    double[] ratio = new double[points];
    boolean[] flagged = new boolean[points];
    for (int i = 0; i < points; i++) {
      Row r = kept.get(i);
      if (r.getLong(r.fieldIndex("bucket")) != from + i * step) {
        return null;
      }
      List<Double> h = r.getList(r.fieldIndex("history"));
      List<Double> s = r.getList(r.fieldIndex("score"));
      for (int w = 0; w < windows; w++) {
        history.get(w)[i] = h.get(w);
        score.get(w)[i] = s.get(w);
      }
      ratio[i] = r.getDouble(r.fieldIndex("ratio"));
      flagged[i] = r.getBoolean(r.fieldIndex("flagged"));
    }
    boolean openSinceFirst = true;
    for (boolean f : flagged) {
      openSinceFirst &= f;
    }
    return openSinceFirst ? null : new SpikeDetector.State(history, score, ratio, flagged);
  }

  /**
   * ops.crisis_detector_state from a detection's rows of kind state: every kept week replaced when
   * {@code predicate} is null, else the weeks it names.
   */
  static void writeState(Dataset<Row> detected, int offset, String warehouse, String predicate) {
    Column day = expr("date_from_unix_date(CAST(floor(start / 86400) AS INT))");
    Dataset<Row> rows =
        detected
            .where(col("kind").equalTo("state"))
            .withColumn("day", day)
            .select(
                expr("date_sub(day, (dayofweek(day) + 5) % 7)").as("week_start"),
                col("brand_id"),
                col("metric"),
                col("category"),
                col("granularity"),
                col("start").as("bucket"),
                col("state.history").as("history"),
                col("state.score").as("score"),
                col("state.ratio").as("ratio"),
                col("state.flagged").as("flagged"),
                col("state.series_start").as("series_start"),
                lit(offset).as("utc_offset"),
                col("state.settings_version").as("settings_version"));
    CrisisTables.OPS_CRISIS_DETECTOR_STATE.replace(
        CrisisTables.OPS_CRISIS_DETECTOR_STATE.conform(rows), warehouse, predicate);
  }
}
