package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Crisis signals, what explains them (gold): the posts of each signal's window and baseline, its
 * drivers and representative posts ({@link CrisisDrivers}), the gold.crisis_signals rows, and the
 * weekly roll-up of gold.crisis_weekly.
 */
final class CrisisEvidence {
  private CrisisEvidence() {}

  // --------------------------------------------------------------------------------------------
  // Window posts, drivers, representative posts.

  /**
   * The posts about each signal's brand from its baseline_start to its ended_at: signal_id,
   * post_id, created_at, platform, author_key, is_repost, engagement, scored, negative, categories,
   * topics, in_window (created in [started_at, ended_at)), counted (the metric counts it: every
   * post for mentions, negative posts for negative and negative_share, posts in the category for
   * category).
   */
  public static Dataset<Row> signalPosts(
      Dataset<Row> signals, Dataset<Row> about, CrisisSettings settings) {
    Dataset<Row> days =
        signals
            .select(
                col("signal_id"),
                col("brand_id").as("s_brand"),
                col("metric").as("s_metric"),
                col("category").as("s_category"),
                col("started_at").as("s_start"),
                col("ended_at").as("s_end"),
                col("baseline_start").as("s_base"))
            .withColumn(
                "day",
                explode(
                    sequence(
                        to_date(col("s_base")), to_date(expr("s_end - INTERVAL 1 MICROSECOND")))));
    Dataset<Row> posts = about.withColumn("day", to_date(col("created_at")));
    Column counted =
        when(col("s_metric").equalTo(CrisisSettings.MENTIONS), lit(true))
            .when(
                col("s_metric").equalTo(CrisisSettings.CATEGORY),
                expr("array_contains(categories, s_category)"))
            .otherwise(col("negative"));
    return days.join(
            posts,
            days.col("s_brand")
                .equalTo(posts.col("brand_id"))
                .and(days.col("day").equalTo(posts.col("day"))))
        .where(col("created_at").geq(col("s_base")).and(col("created_at").lt(col("s_end"))))
        .withColumn("in_window", col("created_at").geq(col("s_start")))
        .withColumn("counted", counted)
        .select(
            "signal_id",
            "s_category",
            "post_id",
            "created_at",
            "platform",
            "author_key",
            "is_repost",
            "engagement",
            "scored",
            "negative",
            "categories",
            "topics",
            "in_window",
            "counted");
  }

  static final StructType SUMMARY =
      new StructType()
          .add("signal_id", DataTypes.StringType, false)
          .add("posts", DataTypes.LongType, false)
          .add("scored_posts", DataTypes.LongType, false)
          .add("negative_posts", DataTypes.LongType, false)
          .add(CrisisTables.GOLD_CRISIS_SIGNALS.schema().apply("drivers"))
          .add(CrisisTables.GOLD_CRISIS_SIGNALS.schema().apply("representative_posts"));

  /**
   * Per signal, {@link CrisisDrivers#summarise} over its posts (one Spark group each): signal_id,
   * posts, scored_posts, negative_posts, drivers, representative_posts.
   */
  public static Dataset<Row> summaries(
      Dataset<Row> signalPosts, Dataset<Row> posts, CrisisSettings settings) {
    MapFunction<Row, Row> summarise = g -> summary(g, settings);
    return signalPosts
        .where(col("counted").or(col("in_window")))
        .join(posts.select("post_id", "text"), "post_id")
        .groupBy("signal_id", "s_category")
        .agg(
            collect_list(
                    struct(
                        "post_id",
                        "created_at",
                        "platform",
                        "author_key",
                        "text",
                        "engagement",
                        "is_repost",
                        "in_window",
                        "counted",
                        "scored",
                        "negative",
                        "categories",
                        "topics"))
                .as("posts"))
        .map(summarise, ExpressionEncoder.apply(SUMMARY));
  }

  static Row summary(Row g, CrisisSettings settings) {
    List<CrisisDrivers.SignalPost> posts = new ArrayList<>();
    StructType post = elementStruct(g, "posts"); // field indexes resolved once, not per post
    int postId = post.fieldIndex("post_id");
    int createdAt = post.fieldIndex("created_at");
    int platform = post.fieldIndex("platform");
    int authorKey = post.fieldIndex("author_key");
    int text = post.fieldIndex("text");
    int engagement = post.fieldIndex("engagement");
    int isRepost = post.fieldIndex("is_repost");
    int inWindow = post.fieldIndex("in_window");
    int counted = post.fieldIndex("counted");
    int scored = post.fieldIndex("scored");
    int negative = post.fieldIndex("negative");
    int categories = post.fieldIndex("categories");
    int topics = post.fieldIndex("topics");
    for (Row p : g.<Row>getList(g.fieldIndex("posts"))) {
      posts.add(
          new CrisisDrivers.SignalPost(
              p.getString(postId),
              p.getTimestamp(createdAt),
              p.getString(platform),
              p.getString(authorKey),
              p.getString(text),
              p.getLong(engagement),
              p.getBoolean(isRepost),
              p.getBoolean(inWindow),
              p.getBoolean(counted),
              p.getBoolean(scored),
              p.getBoolean(negative),
              p.getList(categories),
              p.getList(topics)));
    }
    CrisisDrivers.Summary s = CrisisDrivers.summarise(posts, g.getAs("s_category"), settings);
    List<Row> drivers =
        s.drivers().stream()
            .map(d -> RowFactory.create(d.kind(), d.name(), d.observed(), d.expected(), d.lift()))
            .toList();
    List<Row> representatives =
        s.representatives().stream()
            .map(
                r ->
                    RowFactory.create(
                        r.postId(),
                        r.createdAt(),
                        r.platform(),
                        r.authorKey(),
                        r.text(),
                        r.engagement(),
                        r.why()))
            .toList();
    return RowFactory.create(
        g.<String>getAs("signal_id"),
        s.posts(),
        s.scoredPosts(),
        s.negativePosts(),
        scalaSeq(drivers),
        scalaSeq(representatives));
  }

  /** The struct type of the elements of array column {@code column} of {@code row}. */
  /** The struct type of the elements of an array column of {@code row}. */
  static StructType elementStruct(Row row, String column) {
    return (StructType)
        ((org.apache.spark.sql.types.ArrayType) row.schema().apply(column).dataType())
            .elementType();
  }

  private static <T> scala.collection.immutable.Seq<T> scalaSeq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
  }

  /** The rows of gold.crisis_signals: the signals' figures with their summaries and brand names. */
  public static Dataset<Row> signalRows(
      Dataset<Row> signals, Dataset<Row> summaries, Dataset<Row> brands) {
    return signals
        .join(brands, "brand_id")
        .join(summaries, seq("signal_id"), "left")
        .withColumn("posts", coalesce(col("posts"), lit(0L)))
        .withColumn("scored_posts", coalesce(col("scored_posts"), lit(0L)))
        .withColumn("negative_posts", coalesce(col("negative_posts"), lit(0L)))
        .withColumn(
            "drivers", coalesce(col("drivers"), array().cast(SUMMARY.apply("drivers").dataType())))
        .withColumn(
            "representative_posts",
            coalesce(
                col("representative_posts"),
                array().cast(SUMMARY.apply("representative_posts").dataType())));
  }

  // --------------------------------------------------------------------------------------------
  // Weekly roll-up.

  /** gold.crisis_weekly rows for weeks from {@code from} on. */
  public static Dataset<Row> weekly(
      Dataset<Row> about,
      Dataset<Row> signals,
      Dataset<Row> flags,
      CrisisSettings settings,
      int offset,
      Dataset<Row> brands,
      LocalDate from) {
    String zone = settings.reportingTimeZone();
    Column since = col("week_start").geq(lit(Date.valueOf(from)));
    Dataset<Row> counts =
        about
            .withColumn("week_start", ReportingWeeks.weekStart(col("created_at"), zone))
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                count(lit(1)).as("posts"),
                sum(col("scored").cast("long")).as("scored_posts"),
                sum(col("negative").cast("long")).as("negative_posts"));
    Dataset<Row> perSignal =
        signals
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                count(lit(1)).as("signals"),
                sum(col("severity").equalTo("high").cast("long")).as("high_signals"),
                sum(col("status").notEqual("ended").cast("long")).as("open_signals"),
                max(struct(col("score"), col("signal_id"))).as("top"))
            .withColumn("peak_score", col("top.score"))
            .withColumn("top_signal_id", col("top.signal_id"))
            .drop("top");
    Dataset<Row> perFlag =
        flags
            .withColumn(
                "week_start",
                ReportingWeeks.weekStart(timestamp_seconds(col("start").minus(offset)), zone))
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                expr("count(DISTINCT CASE WHEN granularity = 'hour' THEN start END)")
                    .cast("int")
                    .as("alert_hours"),
                expr("count(DISTINCT CASE WHEN granularity = 'day' THEN start END)")
                    .cast("int")
                    .as("alert_days"),
                array_sort(
                        collect_set(
                            concat(
                                col("metric"),
                                coalesce(concat(lit(":"), col("category")), lit("")),
                                lit("/"),
                                col("granularity"))))
                    .as("flagged_series"));
    String[] key = {"week_start", "brand_id"};
    return counts
        .join(perSignal, seq(key), "full_outer")
        .join(perFlag, seq(key), "full_outer")
        .join(brands, "brand_id")
        .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")))
        .na()
        .fill(
            0L,
            new String[] {
              "posts", "scored_posts", "negative_posts", "signals", "high_signals", "open_signals"
            })
        .na()
        .fill(0, new String[] {"alert_hours", "alert_days"})
        .withColumn(
            "negative_share",
            when(
                col("scored_posts").gt(0),
                round(col("negative_posts").divide(col("scored_posts")), 4)))
        .withColumn(
            "flagged_series",
            coalesce(col("flagged_series"), expr("array()").cast("array<string>")));
  }

  private static scala.collection.immutable.Seq<String> seq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }
}
