package com.brandpulse.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a crisis run reads when the change feed knows what changed since its last run ({@link
 * ChangeFeed} over silver.posts, its enrichment, sentiment and topics): the candidate weeks, whose
 * fingerprint and series counts can have moved, and the silver rows of their days only. Detection
 * then reads the kept series (ops.crisis_series), and the signals' drivers read the posts from the
 * baselines of the signals recomputed on.
 *
 * <p>A post's rows in the crisis tables depend on the post, its enrichment, sentiment and topics,
 * and on the official account of the post it replies to (gold's "about"). So the candidate weeks
 * are those of every changed row (before and after the change) and of the direct replies to every
 * changed post; the parents' official accounts are read from one narrow projection of the whole
 * enrichment.
 */
final class CrisisScope {
  /** The tables whose changes decide the scope. */
  static final List<TableContract> INPUTS =
      List.of(
          Tables.SILVER_POSTS,
          Tables.SILVER_POST_ENRICHMENT,
          Tables.SILVER_POST_SENTIMENT,
          Tables.SILVER_POST_TOPICS);

  /**
   * The silver rows a run reads (topics null when the topic models never ran) and, when {@code
   * posts} is not every post, {@code parents}: post_id and official_brand_id of every official
   * account's post, the parents a reply can be about.
   */
  record Inputs(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> sentiment,
      Dataset<Row> topics,
      Dataset<Row> parents) {}

  private final SparkSession spark;
  private final String warehouse;
  private final Set<LocalDate> candidates;
  private final int offset;
  private final Dataset<Row> parents;

  private CrisisScope(
      SparkSession spark,
      String warehouse,
      Set<LocalDate> candidates,
      int offset,
      Dataset<Row> parents) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.candidates = candidates;
    this.offset = offset;
    this.parents = parents;
  }

  /** Every row of the silver tables. */
  static Inputs all(SparkSession spark, String warehouse) {
    return new Inputs(
        Tables.SILVER_POSTS.readOrEmpty(spark, warehouse),
        Tables.SILVER_POST_ENRICHMENT.readOrEmpty(spark, warehouse),
        Tables.SILVER_POST_SENTIMENT.readOrEmpty(spark, warehouse),
        WeeklyAggregatesJob.topics(spark, warehouse),
        null);
  }

  /**
   * The scope of the changes since the last run, or empty when they are unknown or the kept series
   * cannot be extended (none, or steps at more than one offset): the caller compares every week.
   */
  static Optional<CrisisScope> of(
      ChangeFeed feed, SparkSession spark, String warehouse, String zone) {
    Optional<WeekScope.PostChanges> changes = WeekScope.PostChanges.of(feed);
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    List<Row> offsets =
        CrisisTables.OPS_CRISIS_SERIES
            .read(spark, warehouse)
            .select("utc_offset")
            .distinct()
            .collectAsList();
    if (offsets.size() != 1) {
      return Optional.empty();
    }
    Dataset<Row> changed = changes.get().rows();
    Dataset<Row> posts = Tables.SILVER_POSTS.readOrEmpty(spark, warehouse);
    Dataset<Row> replies =
        posts
            .select("reply_to_post_id", "created_at")
            .join(
                broadcast(changed.select(col("post_id").as("changed_id")).distinct()),
                col("reply_to_post_id").equalTo(col("changed_id")))
            .select("created_at");
    TreeSet<LocalDate> candidates = ReportingWeeks.weeksOf(changed, zone);
    candidates.addAll(ReportingWeeks.weeksOf(replies, zone));
    // Cached and counted: exact statistics, so the joins with them can broadcast.
    Dataset<Row> parents =
        Tables.SILVER_POST_ENRICHMENT
            .readOrEmpty(spark, warehouse)
            .where(col("official_brand_id").isNotNull())
            .select("post_id", "official_brand_id")
            .join(posts.select("post_id"), "post_id", "left_semi")
            .persist(StorageLevel.MEMORY_AND_DISK());
    parents.count();
    return Optional.of(
        new CrisisScope(spark, warehouse, candidates, offsets.get(0).getInt(0), parents));
  }

  /** Frees the cached parents: call when the run is done with the scope. */
  void release() {
    parents.unpersist();
  }

  /** Weeks whose fingerprint and series can have changed. */
  Set<LocalDate> candidates() {
    return candidates;
  }

  /** The offset of the kept series' steps, which new counts must share. */
  int offset() {
    return offset;
  }

  String describe() {
    return "changes since the last run: " + candidates.size() + " candidate week(s)";
  }

  /**
   * The rows of the UTC days that hold the candidate weeks (a reporting week spans parts of nine
   * UTC days): the caller keeps the candidate weeks' own rows.
   */
  Inputs candidateInputs() {
    List<Date> days = ReportingWeeks.utcDays(candidates);
    return restrict(StaleDays.column(days, "created_at"), StaleDays.inMonthColumn(days));
  }

  /**
   * The rows created from {@code baselineDays} (plus a day) before the start of week {@code from}
   * on: the baselines and windows of the signals recomputed from that week, and its weeks' posts.
   */
  Inputs since(LocalDate from, ZoneId zone, int baselineDays) {
    java.time.Instant start = from.atStartOfDay(zone).minusDays(baselineDays + 1L).toInstant();
    Column at = col("created_at").geq(lit(Timestamp.from(start)));
    // created_month is the UTC month
    Date month =
        Date.valueOf(start.atZone(java.time.ZoneOffset.UTC).toLocalDate().withDayOfMonth(1));
    return restrict(at, col("created_month").geq(lit(month)).and(at));
  }

  private Inputs restrict(Column byTime, Column byMonthAndTime) {
    Dataset<Row> topics = WeeklyAggregatesJob.topics(spark, warehouse);
    return new Inputs(
        Tables.SILVER_POSTS.readOrEmpty(spark, warehouse).where(byTime),
        Tables.SILVER_POST_ENRICHMENT.readOrEmpty(spark, warehouse).where(byMonthAndTime),
        Tables.SILVER_POST_SENTIMENT.readOrEmpty(spark, warehouse).where(byMonthAndTime),
        topics == null ? null : topics.where(byMonthAndTime),
        parents);
  }
}
