package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Crisis signals, the detection part (gold): the series the detector reads, counted per week of the
 * posts (ops.crisis_series), the detector run on every series as one Spark group each, and its runs
 * of flagged points as signals. {@link CrisisJob} decides what is recounted and recomputed.
 */
final class CrisisDetection {
  private CrisisDetection() {}

  /**
   * Detection over the whole history, read from ops.crisis_series (series are small: steps x brands
   * x metrics): detector rows (with the state of the points of the last crisis.state-weeks weeks),
   * its flagged points and runs as signals, the series' fixed offset, the end of the data (the end
   * of the hour of the last post) and which weeks of ops.crisis_detector_state the rows replace
   * (statePredicate; null: all); null without series.
   */
  record Detected(
      Dataset<Row> detected,
      Dataset<Row> flags,
      Dataset<Row> signals,
      int offset,
      Instant asOf,
      String statePredicate) {}

  /**
   * {@code known}: the series' extent when the caller already read it (a resume that fell back).
   */
  static Detected detectAll(
      Dataset<Row> series, CrisisSettings settings, String version, Extent known) {
    Extent extent = known != null ? known : Extent.of(series);
    if (extent == null) {
      return null;
    }
    // A step straddling two weeks has a row in each.
    Dataset<Row> counts =
        series
            .groupBy("brand_id", "metric", "category", "granularity", "bucket")
            .agg(sum("value").as("value"), sum("base").as("base"));
    Map<String, long[]> ranges = seriesRanges(extent.first(), extent.last(), extent.offset());
    Dataset<Row> detected =
        detect(counts, settings, ranges, keepFrom(ranges, settings.stateWeeks()), version);
    return extent.detected(detected, settings, null);
  }

  /** The first and last post the series count and their fixed offset; null without series. */
  record Extent(Instant first, Instant last, int offset) {
    static Extent of(Dataset<Row> series) {
      Row range =
          series
              .agg(
                  min("first_at").as("first"),
                  max("last_at").as("last"),
                  min("utc_offset").as("offset"))
              .first();
      return range.isNullAt(0)
          ? null
          : new Extent(
              range.<Timestamp>getAs("first").toInstant(),
              range.<Timestamp>getAs("last").toInstant(),
              range.getInt(2));
    }

    /** The end of the data: the end of the hour of the last post. */
    Instant asOf() {
      long endOfLastHour =
          (Math.floorDiv(last.getEpochSecond() + offset, 3_600) + 1) * 3_600 - offset;
      return Instant.ofEpochSecond(endOfLastHour);
    }

    Detected detected(Dataset<Row> detected, CrisisSettings settings, String statePredicate) {
      return new Detected(
          detected,
          detected.where(col("kind").equalTo("flag")),
          runs(detected.where(col("kind").equalTo("run")), settings, offset, asOf()),
          offset,
          asOf(),
          statePredicate);
    }
  }

  /**
   * The first bucket whose state is kept: the Monday (local) of the last bucket's day, {@code
   * weeks} - 1 weeks back.
   */
  static long keepFrom(Map<String, long[]> ranges, int weeks) {
    long lastDay = Math.floorDiv(ranges.get(CrisisSeries.DAY)[1], 86_400L);
    return (monday(lastDay) - 7L * (weeks - 1)) * 86_400L;
  }

  /** The epoch day of the Monday on or before {@code epochDay}. */
  static long monday(long epochDay) {
    return epochDay - Math.floorMod(epochDay + 3, 7); // 1970-01-01 was a Thursday
  }

  /**
   * The fixed offset of the series' steps: the reporting zone's standard offset at the first post
   * (seasonality is local; a fixed offset keeps the steps regular through daylight-saving changes).
   */
  static int offset(Dataset<Row> about, CrisisSettings settings) {
    Row first = about.agg(min("created_at")).first();
    Instant at = first.isNullAt(0) ? Instant.EPOCH : first.getTimestamp(0).toInstant();
    return settings.zone().getRules().getStandardOffset(at).getTotalSeconds();
  }

  // --------------------------------------------------------------------------------------------
  // Series and detection.

  /**
   * Non-empty buckets of every series, per week of the posts counted, in {@link
   * CrisisTables#OPS_CRISIS_SERIES}'s layout: week_start, brand_id, metric, category (metric
   * category only), granularity, bucket (start, seconds of the local wall clock at {@code offset}),
   * value (posts the metric counts), base (scored posts, negative share only), first_at / last_at
   * (the posts' first and last created_at) and utc_offset.
   */
  public static Dataset<Row> seriesCounts(Dataset<Row> about, CrisisSettings settings, int offset) {
    Column local = unix_seconds(col("created_at")).plus(offset);
    Dataset<Row> weekly =
        about.withColumn(
            "week_start",
            ReportingWeeks.weekStart(col("created_at"), settings.reportingTimeZone()));
    Column firstAt = min("created_at").as("first_at");
    Column lastAt = max("created_at").as("last_at");
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : List.of(CrisisSeries.HOUR, CrisisSeries.DAY)) {
      long step = CrisisSeries.stepSeconds(g);
      Dataset<Row> b =
          weekly
              .withColumn("bucket", local.minus(pmod(local, lit(step))))
              .withColumn("granularity", lit(g));
      Dataset<Row> totals =
          b.groupBy("week_start", "brand_id", "granularity", "bucket")
              .agg(
                  count(lit(1)).as("posts"),
                  sum(col("negative").cast("long")).as("negatives"),
                  sum(col("scored").cast("long")).as("scoreds"),
                  firstAt,
                  lastAt);
      List<Column> metrics = new ArrayList<>();
      if (settings.has(CrisisSettings.MENTIONS)) {
        metrics.add(metric(CrisisSettings.MENTIONS, col("posts"), lit(0L)));
      }
      if (settings.has(CrisisSettings.NEGATIVE)) {
        metrics.add(metric(CrisisSettings.NEGATIVE, col("negatives"), lit(0L)));
      }
      if (settings.has(CrisisSettings.NEGATIVE_SHARE)) {
        metrics.add(metric(CrisisSettings.NEGATIVE_SHARE, col("negatives"), col("scoreds")));
      }
      if (!metrics.isEmpty()) {
        parts.add(
            totals
                .select(
                    col("week_start"),
                    col("brand_id"),
                    col("granularity"),
                    col("bucket"),
                    col("first_at"),
                    col("last_at"),
                    explode(array(metrics.toArray(new Column[0]))).as("m"))
                .select(
                    col("week_start"),
                    col("brand_id"),
                    col("m.metric").as("metric"),
                    lit(null).cast("string").as("category"),
                    col("granularity"),
                    col("bucket"),
                    col("m.value").as("value"),
                    col("m.base").as("base"),
                    col("first_at"),
                    col("last_at")));
      }
      if (settings.has(CrisisSettings.CATEGORY)) {
        parts.add(
            b.select(
                    col("week_start"),
                    col("brand_id"),
                    col("granularity"),
                    col("bucket"),
                    col("created_at"),
                    explode(col("categories")).as("category"))
                .groupBy("week_start", "brand_id", "category", "granularity", "bucket")
                .agg(count(lit(1)).cast("double").as("value"), firstAt, lastAt)
                .select(
                    col("week_start"),
                    col("brand_id"),
                    lit(CrisisSettings.CATEGORY).as("metric"),
                    col("category"),
                    col("granularity"),
                    col("bucket"),
                    col("value"),
                    lit(0.0).as("base"),
                    col("first_at"),
                    col("last_at")));
      }
    }
    return parts.stream()
        .reduce(Dataset::unionByName)
        .orElseThrow()
        .withColumn("utc_offset", lit(offset));
  }

  private static Column metric(String name, Column value, Column base) {
    return struct(
        lit(name).as("metric"), value.cast("double").as("value"), base.cast("double").as("base"));
  }

  /**
   * First and last bucket (local seconds) of each granularity. Series start at the first whole step
   * after the first post: a first day that began at 7 am would read as a quiet day and widen the
   * baseline's spread. They end with the step of the last post, partial or not (a nightly run flags
   * the new day).
   */
  static Map<String, long[]> seriesRanges(Instant first, Instant last, int offset) {
    Map<String, long[]> out = new HashMap<>();
    for (String g : List.of(CrisisSeries.HOUR, CrisisSeries.DAY)) {
      long step = CrisisSeries.stepSeconds(g);
      long start = Math.floorDiv(first.getEpochSecond() + offset + step - 1, step) * step;
      long end = Math.floorDiv(last.getEpochSecond() + offset, step) * step;
      out.put(g, new long[] {Math.min(start, end), end});
    }
    return out;
  }

  static final StructType DETECTED =
      new StructType()
          .add("brand_id", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("category", DataTypes.StringType, true)
          .add("granularity", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("start", DataTypes.LongType, false)
          .add("last", DataTypes.LongType, false)
          .add("steps", DataTypes.IntegerType, false)
          .add("metric_posts", DataTypes.DoubleType, false)
          .add("base_posts", DataTypes.DoubleType, false)
          .add("observed", DataTypes.DoubleType, true)
          .add("expected", DataTypes.DoubleType, false)
          .add("peak", DataTypes.LongType, false)
          .add("peak_observed", DataTypes.DoubleType, true)
          .add("peak_expected", DataTypes.DoubleType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("threshold", DataTypes.DoubleType, false)
          .add("severity", DataTypes.StringType, false)
          .add("open", DataTypes.BooleanType, false)
          .add(
              "state",
              new StructType()
                  .add("history", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                  .add("score", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                  .add("ratio", DataTypes.DoubleType, false)
                  .add("flagged", DataTypes.BooleanType, false)
                  .add("series_start", DataTypes.LongType, false)
                  .add("settings_version", DataTypes.StringType, false),
              true);

  /**
   * Runs the detector on every series (one Spark group each): rows of kind {@code flag} (one per
   * flagged point: start = its bucket) and {@code run} (one per run of flagged points: start, last,
   * peak buckets and the run's totals), in {@link #DETECTED}'s layout.
   */
  public static Dataset<Row> detect(
      Dataset<Row> counts,
      CrisisSettings settings,
      Map<String, long[]> ranges,
      long keepFrom,
      String version) {
    Map<String, long[]> r = Map.copyOf(ranges);
    FlatMapFunction<Row, Row> perSeries =
        g -> detectSeries(g, settings, r, keepFrom, version).iterator();
    return counts
        .groupBy("brand_id", "metric", "category", "granularity")
        .agg(collect_list(struct(col("bucket"), col("value"), col("base"))).as("buckets"))
        .flatMap(perSeries, ExpressionEncoder.apply(DETECTED));
  }

  static List<Row> detectSeries(
      Row g, CrisisSettings settings, Map<String, long[]> ranges, long keepFrom, String version) {
    String brand = g.getAs("brand_id");
    String metric = g.getAs("metric");
    String category = g.getAs("category");
    String granularity = g.getAs("granularity");
    long step = CrisisSeries.stepSeconds(granularity);
    long[] range = ranges.get(granularity);
    List<CrisisSeries.Bucket> buckets = new ArrayList<>();
    StructType bucketType =
        CrisisEvidence.elementStruct(g, "buckets"); // field indexes resolved once, not per bucket
    int bucketAt = bucketType.fieldIndex("bucket");
    int valueAt = bucketType.fieldIndex("value");
    int baseAt = bucketType.fieldIndex("base");
    for (Row b : g.<Row>getList(g.fieldIndex("buckets"))) {
      if (b.getLong(bucketAt)
          >= range[0]) { // posts before the first whole step stay out of the series
        buckets.add(
            new CrisisSeries.Bucket(
                b.getLong(bucketAt), b.getDouble(valueAt), b.getDouble(baseAt)));
      }
    }
    boolean share = metric.equals(CrisisSettings.NEGATIVE_SHARE);
    CrisisSeries.Resumed r =
        CrisisSeries.resume(
            new SpikeDetector(settings.detector(granularity)),
            step,
            range[0],
            range[0],
            range[0],
            range[1],
            buckets,
            share,
            null);
    CrisisSeriesKey key = new CrisisSeriesKey(brand, metric, category, granularity);
    return key.rows(r, buckets, range[0], range[0], step, range[1], keepFrom, version);
  }

  /**
   * Runs as signals: signal_id, week_start, iso_week, UTC window (started_at, ended_at, peak_at),
   * baseline_start, status relative to {@code asOf} (the end of the last hour with data), and the
   * run figures.
   */
  public static Dataset<Row> runs(
      Dataset<Row> runs, CrisisSettings settings, int offset, Instant asOf) {
    Column step =
        when(col("granularity").equalTo(CrisisSeries.HOUR), lit(3_600L)).otherwise(lit(86_400L));
    Column baselineDays =
        when(col("granularity").equalTo(CrisisSeries.HOUR), lit(settings.hourly().baselineDays()))
            .otherwise(lit(settings.daily().baselineDays()));
    Timestamp newSince = Timestamp.from(asOf.minusSeconds(86_400));
    return runs.withColumn("started_at", timestamp_seconds(col("start").minus(offset)))
        .withColumn("ended_at", timestamp_seconds(col("last").plus(step).minus(offset)))
        .withColumn("peak_at", timestamp_seconds(col("peak").minus(offset)))
        .withColumn(
            "baseline_start",
            timestamp_seconds(col("start").minus(offset).minus(baselineDays.multiply(86_400L))))
        .withColumn(
            "week_start", ReportingWeeks.weekStart(col("started_at"), settings.reportingTimeZone()))
        .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")))
        .withColumn(
            "signal_id",
            sha2(
                concat_ws(
                    "|",
                    col("brand_id"),
                    col("metric"),
                    coalesce(col("category"), lit("")),
                    col("granularity"),
                    col("start").minus(offset).cast("string")),
                256))
        .withColumn(
            "status",
            when(not(col("open")), lit("ended"))
                .when(col("started_at").geq(lit(newSince)), lit("new"))
                .otherwise(lit("ongoing")));
  }

  /**
   * Moves the first recomputed week back to the start week of any signal (just detected or stored)
   * still running at that week's start: its row is keyed by its start week and may change.
   */
  static LocalDate reachBack(
      LocalDate from, ZoneId zone, Dataset<Row> computed, Dataset<Row> stored) {
    List<Row> spans = new ArrayList<>(stored.select("week_start", "ended_at").collectAsList());
    if (computed != null) {
      spans.addAll(computed.select("week_start", "ended_at").collectAsList());
    }
    LocalDate result = from;
    boolean moved = true;
    while (moved) {
      moved = false;
      Instant start = result.atStartOfDay(zone).toInstant();
      for (Row r : spans) {
        LocalDate week = r.<Date>getAs("week_start").toLocalDate();
        if (week.isBefore(result) && r.<Timestamp>getAs("ended_at").toInstant().isAfter(start)) {
          result = week;
          moved = true;
        }
      }
    }
    return result;
  }
}
