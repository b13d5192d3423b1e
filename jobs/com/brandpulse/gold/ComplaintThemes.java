package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Complaint themes. Layer: gold. Grain: one row per week_start, brand_id, model_name and theme
 * (gold.complaint_themes_weekly). Inputs: silver.post_topics (complaints-&lt;lang&gt;, each
 * negative post's strongest theme), silver.posts (text, engagement), silver.post_enrichment (brands
 * mentioned). So that five or ten complaints about the same issue surface together, with the posts
 * that show it. Rerun key: week_start. Each week carries a fingerprint of its inputs; a run
 * recomputes the weeks whose fingerprint changed (new, late, edited or re-scored posts, a new
 * complaints model) plus the week after each (its previous-week column), replaces them in one
 * commit, and commits nothing when nothing changed.
 */
public final class ComplaintThemes {
  private ComplaintThemes() {}

  /** The change-feed consumer of the themes: its own record of the versions it read. */
  static final String FEED = "aggregate-themes";

  /** Part of the feed's key: a new version makes the next run compare every week. */
  static final String LOGIC_VERSION = "complaint-themes-2";

  /** The tables whose changes decide which weeks are read; the last is the themes' own output. */
  static final List<TableContract> INPUTS =
      List.of(
          Tables.SILVER_POSTS,
          Tables.SILVER_POST_ENRICHMENT,
          Tables.SILVER_POST_TOPICS,
          Tables.GOLD_COMPLAINT_THEMES_WEEKLY);

  /** The weeks written, their rows, and what the run compared (its scope, in words). */
  public record Result(List<Date> weeks, long rows, String scope) {}

  /**
   * One row per complaint and brand: week_start, brand_id, lang, model, theme, post, text,
   * engagement.
   */
  public static Dataset<Row> complaints(
      Dataset<Row> topics, Dataset<Row> posts, Dataset<Row> enrichment, String zone) {
    Column engagement =
        coalesce(col("like_count"), lit(0L))
            .plus(coalesce(col("share_count"), lit(0L)))
            .plus(coalesce(col("reply_count"), lit(0L)))
            .plus(coalesce(col("quote_count"), lit(0L)));
    return topics
        .where(
            col("model_name")
                .startsWith("complaints-")
                .and(col("topic_rank").equalTo(1))
                .and(col("topic").geq(0)))
        .select(
            "post_id",
            "created_at",
            "lang",
            "model_name",
            "model_version",
            "topic",
            "topic_name",
            "weight")
        .join(posts.select(col("post_id"), col("text"), engagement.as("engagement")), "post_id")
        .join(
            enrichment.select(
                col("post_id"),
                explode(
                        org.apache.spark.sql.functions.array_union(
                            col("brand_ids"), col("competitor_ids")))
                    .as("brand_id")),
            "post_id")
        .withColumn("week_start", ReportingWeeks.weekStart(col("created_at"), zone));
  }

  /** Fingerprint of each week's complaint rows: any change to them changes it. */
  public static Dataset<Row> fingerprints(Dataset<Row> complaints) {
    // XOR, not SUM: order-free like a sum, and no overflow (rows are unique per post and brand).
    return complaints
        .groupBy("week_start")
        .agg(
            org.apache
                .spark
                .sql
                .functions
                .bit_xor(
                    xxhash64(
                        col("post_id"),
                        col("brand_id"),
                        col("model_name"),
                        col("model_version"),
                        col("topic"),
                        col("weight"),
                        col("engagement"),
                        col("text")))
                .as("input_fingerprint"));
  }

  /**
   * Weeks whose fingerprint differs from the stored one, or that exist on one side only, plus the
   * week after.
   */
  public static List<Date> staleWeeks(Dataset<Row> current, Dataset<Row> stored) {
    Dataset<Row> have = stored.select("week_start", "input_fingerprint").distinct();
    Dataset<Row> changed =
        current.except(have).union(have.except(current)).select("week_start").distinct();
    return changed
        .union(changed.select(date_add(col("week_start"), 7).as("week_start")))
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.<Date>getAs("week_start"))
        .sorted()
        .toList();
  }

  /**
   * The themes of the given complaints (all weeks present in them, with the week before for
   * comparison).
   */
  public static Dataset<Row> themes(
      Dataset<Row> complaints, Dataset<Row> fingerprints, int representatives) {
    String[] group = {"week_start", "brand_id", "lang", "model_name", "model_version", "topic"};
    WindowSpec typical =
        Window.partitionBy(group[0], group[1], group[2], group[3], group[4], group[5])
            .orderBy(col("weight").desc(), col("engagement").desc(), col("post_id"));
    Dataset<Row> reps =
        complaints
            .withColumn("r", row_number().over(typical))
            .where(col("r").leq(representatives))
            .groupBy(group[0], group[1], group[2], group[3], group[4], group[5])
            .agg(
                array_sort(
                        collect_list(
                            struct(
                                col("r"),
                                col("post_id"),
                                substring(col("text"), 1, 280).as("text"),
                                col("engagement"),
                                col("weight"))))
                    .as("reps"));
    Dataset<Row> counts =
        complaints
            .groupBy(group[0], group[1], group[2], group[3], group[4], group[5])
            .agg(
                count(lit(1)).as("complaints"),
                org.apache.spark.sql.functions.first("topic_name").as("theme_name"));
    WindowSpec brandWeek = Window.partitionBy("week_start", "brand_id", "lang");
    Dataset<Row> previous =
        counts.select(
            date_add(col("week_start"), 7).as("week_start"),
            col("brand_id"),
            col("lang"),
            col("model_name"),
            col("model_version"),
            col("topic"),
            col("complaints").as("complaints_prev_week"));
    return counts
        .withColumn(
            "share_of_complaints", col("complaints").divide(sum("complaints").over(brandWeek)))
        .withColumn(
            "theme_rank",
            row_number().over(brandWeek.orderBy(col("complaints").desc(), col("topic"))))
        .join(previous, scalaSeq(group), "left")
        .join(reps, scalaSeq(group))
        .join(fingerprints, "week_start")
        .withColumn("complaints_prev_week", coalesce(col("complaints_prev_week"), lit(0L)))
        .withColumn(
            "representative_posts",
            org.apache.spark.sql.functions.transform(
                col("reps"),
                x ->
                    struct(
                        x.getField("post_id").as("post_id"),
                        x.getField("text").as("text"),
                        x.getField("engagement").as("engagement"),
                        x.getField("weight").as("weight"))))
        .withColumnRenamed("topic", "theme");
  }

  private static scala.collection.immutable.Seq<String> scalaSeq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }

  /**
   * Recomputes the stale weeks (every week with {@code rebuild}). With a change feed since the last
   * run, it reads only the weeks whose complaints can have changed (those of every changed post,
   * enrichment or topic row, before and after the change), the week before each (for the previous
   * week's counts) and the week after (whose previous week it is); otherwise, and on the first run,
   * it compares every week.
   */
  public static Result run(
      SparkSession spark, String warehouse, String zone, boolean rebuild, Instant now) {
    TableContract table = Tables.GOLD_COMPLAINT_THEMES_WEEKLY;
    table.ensure(spark, warehouse);
    Tables.SILVER_POST_TOPICS.ensure(spark, warehouse);
    ChangeFeed feed = ChangeFeed.open(spark, warehouse, FEED, LOGIC_VERSION + " " + zone, INPUTS);
    Set<LocalDate> candidates = rebuild ? null : candidates(feed, zone);
    String scope =
        candidates != null
            ? "changes since the last run: " + candidates.size() + " candidate week(s)"
            : "every week compared (" + (rebuild ? "--rebuild" : feed.unknownReason()) + ")";
    if (candidates != null && candidates.isEmpty()) {
      feed.record();
      return new Result(List.of(), 0, scope);
    }
    Dataset<Row> topics = Tables.SILVER_POST_TOPICS.read(spark, warehouse);
    Dataset<Row> posts = Tables.SILVER_POSTS.read(spark, warehouse);
    Dataset<Row> enrichment = Tables.SILVER_POST_ENRICHMENT.read(spark, warehouse);
    Set<LocalDate> window = new TreeSet<>();
    if (candidates != null) {
      for (LocalDate w : candidates) {
        window.addAll(List.of(w.minusWeeks(1), w, w.plusWeeks(1)));
      }
      List<Date> days = ReportingWeeks.utcDays(window);
      topics = topics.where(StaleDays.inMonthColumn(days));
      enrichment = enrichment.where(StaleDays.inMonthColumn(days));
      posts = posts.where(StaleDays.column(days, "created_at"));
    }
    Dataset<Row> complaints = complaints(topics, posts, enrichment, zone);
    if (candidates != null) {
      complaints = complaints.where(expr(TableContract.dateIn("week_start", window)));
    }
    // Without a scope every complaint of the history is read: cached on disk, not in the heap.
    complaints =
        complaints.persist(
            candidates == null ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> prints = fingerprints(complaints).cache();
      Dataset<Row> current = prints;
      Dataset<Row> stored = table.read(spark, warehouse);
      if (candidates != null) {
        // Only the candidates' fingerprints can have moved; the other weeks read are context.
        Column inCandidates = expr(TableContract.dateIn("week_start", candidates));
        current = current.where(inCandidates);
        stored = stored.where(inCandidates);
      }
      List<Date> weeks =
          rebuild
              ? prints.select("week_start").collectAsList().stream()
                  .map(r -> r.<Date>getAs("week_start"))
                  .sorted()
                  .toList()
              : staleWeeks(current, stored);
      if (weeks.isEmpty()) {
        prints.unpersist();
        feed.record();
        return new Result(weeks, 0, scope);
      }
      // The week before each recomputed week is read too, for complaints_prev_week.
      Object[] previous =
          weeks.stream()
              .flatMap(
                  w -> java.util.stream.Stream.of(w, Date.valueOf(w.toLocalDate().minusWeeks(1))))
              .distinct()
              .toArray();
      Dataset<Row> rows =
          themes(complaints.where(col("week_start").isin(previous)), prints, 3)
              .where(col("week_start").isin(weeks.toArray()))
              .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")))
              .withColumn("computed_at", lit(Timestamp.from(now)));
      table.replace(rows, warehouse, rebuild ? null : TableContract.dateIn("week_start", weeks));
      prints.unpersist();
      feed.record();
      return new Result(
          weeks,
          table.read(spark, warehouse).where(col("week_start").isin(weeks.toArray())).count(),
          scope);
    } finally {
      complaints.unpersist();
    }
  }

  /**
   * The weeks (in {@code zone}) of every row of the inputs that changed since the last run, or null
   * when the changes are unknown (then {@link ChangeFeed#unknownReason} says why).
   */
  private static Set<LocalDate> candidates(ChangeFeed feed, String zone) {
    if (!feed.unchanged(Tables.GOLD_COMPLAINT_THEMES_WEEKLY, "written by another run")) {
      return null;
    }
    Optional<Dataset<Row>> changed =
        feed.changedRows(
            List.of(Tables.SILVER_POSTS, Tables.SILVER_POST_ENRICHMENT, Tables.SILVER_POST_TOPICS),
            "created_at");
    if (changed.isEmpty()) {
      return null;
    }
    return ReportingWeeks.weeksOf(changed.get(), zone);
  }
}
