package com.brandpulse.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The part of history a weekly gold run must read when it knows what changed since its last run
 * ({@link ChangeFeed} over silver.posts, its enrichment, sentiment, topics and the roster): the
 * weeks whose fingerprint can have moved and the posts their figures and fingerprints read.
 *
 * <p>A week's fingerprint ({@link PostFacts#weekInputs}) covers its posts, the posts above and
 * below them in their threads and the roster; its brand-health rows also read the week before. So
 * the candidate weeks are those of every changed row (before and after the change: a moved or
 * deleted post leaves its old week too) and of the thread relatives of every changed post
 * (including the old parent of a re-parented or deleted reply). The run then reads the candidate
 * weeks, the week before and after each, and the thread relatives of all their posts, found by
 * walking the history's reply links in the driver ({@link ThreadLinks}, read from narrow columns of
 * silver.posts: no text, no join over the history's enrichment or sentiment). A roster change makes
 * the scope unknown (every week can read it).
 */
final class WeekScope {
  /** Weeks whose fingerprint can have changed. */
  private final Set<LocalDate> candidates;

  /** The candidates and their neighbours: the weeks read. */
  private final Set<LocalDate> weeks;

  /** The posts read ({@code post_id}, cached) and the UTC days that hold them (data skipping). */
  private final Dataset<Row> postIds;

  private final List<Date> days;

  private WeekScope(
      Set<LocalDate> candidates, Set<LocalDate> weeks, Dataset<Row> postIds, List<Date> days) {
    this.candidates = candidates;
    this.weeks = weeks;
    this.postIds = postIds;
    this.days = days;
  }

  /** The tables whose changes decide the scope. */
  static final List<TableContract> INPUTS =
      List.of(
          Tables.SILVER_POSTS,
          Tables.SILVER_POST_ENRICHMENT,
          Tables.SILVER_POST_SENTIMENT,
          Tables.SILVER_POST_TOPICS,
          Tables.SILVER_PEOPLE);

  /**
   * The scope of the changes since the last run, or empty when they are unknown (the caller
   * compares every week). {@code posts}: silver.posts as this run reads it.
   */
  static Optional<WeekScope> of(ChangeFeed feed, Dataset<Row> posts, GoldSettings settings) {
    if (!feed.unchanged(Tables.SILVER_PEOPLE, "any week can read a roster entry")) {
      return Optional.empty();
    }
    Optional<PostChanges> changes = PostChanges.of(feed);
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> changed = changes.get().rows();
    String zone = settings.reportingTimeZone();
    int depth = settings.threadMaxDepth();
    Dataset<Row> narrow =
        posts
            .select(
                col("post_id"),
                xxhash64(col("post_id")).as("h"),
                when(col("reply_to_post_id").isNotNull(), xxhash64(col("reply_to_post_id")))
                    .as("parent_h"),
                col("created_at"),
                ReportingWeeks.weekStart(col("created_at"), zone).as("week_start"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] ids = ThreadLinks.longs(changed.select(xxhash64(col("post_id"))).distinct());
      if (ids.length == 0) {
        // no changed row (a commit that only rewrote files): no week to compare, no links to read
        return Optional.of(nothingRead(new TreeSet<>(), narrow));
      }
      long[] oldParents =
          ThreadLinks.longs(
              changes
                  .get()
                  .posts()
                  .where(col("reply_to_post_id").isNotNull())
                  .select(xxhash64(col("reply_to_post_id")))
                  .distinct());
      ThreadLinks links = ThreadLinks.of(narrow);
      // one link further up than down: the top of a thread can be one link above the deepest
      // reply the depth limit keeps
      long[] relatives = links.walk(concat(ids, oldParents), depth + 1, ids, depth);
      TreeSet<LocalDate> candidates = ReportingWeeks.weeksOf(changed, zone);
      candidates.addAll(ReportingWeeks.weeksOf(among(narrow, relatives), zone));
      TreeSet<LocalDate> weeks = new TreeSet<>();
      for (LocalDate w : candidates) {
        weeks.add(w.minusWeeks(1));
        weeks.add(w);
        weeks.add(w.plusWeeks(1));
      }
      if (weeks.isEmpty()) {
        return Optional.of(nothingRead(candidates, narrow));
      }
      long[] inWeeks =
          ThreadLinks.longs(
              narrow.where(expr(TableContract.dateIn("week_start", weeks))).select("h"));
      long[] threads = links.walk(inWeeks, depth + 1, inWeeks, depth);
      Dataset<Row> read =
          among(narrow, concat(inWeeks, threads)).select("post_id", "created_at").localCheckpoint();
      // The ids cached and counted: exact statistics, so every join with them is planned as a
      // broadcast (a checkpointed RDD reads as unknown size and turns later joins into shuffles;
      // a local relation would travel inside every task of the run).
      Dataset<Row> readIds = read.select(fresh("post_id")).persist(StorageLevel.MEMORY_AND_DISK());
      readIds.count();
      return Optional.of(new WeekScope(candidates, weeks, readIds, StaleDays.daysOf(read)));
    } finally {
      narrow.unpersist();
    }
  }

  /** A scope that reads no post. */
  private static WeekScope nothingRead(Set<LocalDate> candidates, Dataset<Row> narrow) {
    return new WeekScope(
        candidates, new TreeSet<>(), narrow.select("post_id").where("FALSE"), List.of());
  }

  /** The rows of {@code narrow} whose hash is one of {@code hashes} (a broadcast of them). */
  private static Dataset<Row> among(Dataset<Row> narrow, long[] hashes) {
    Dataset<Row> wanted =
        narrow
            .sparkSession()
            .createDataset(Arrays.stream(hashes).boxed().toList(), Encoders.LONG())
            .toDF("r_h");
    return narrow.join(broadcast(wanted), col("h").equalTo(col("r_h")), "left_semi");
  }

  private static long[] concat(long[] a, long[] b) {
    return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
  }

  /**
   * What changed since the last run in the silver inputs of the weekly and crisis tables: the
   * changed rows of silver.posts ({@code post_id, created_at, reply_to_post_id}, both images of an
   * update) and every changed row of the posts and their enrichment, sentiment and topics ({@code
   * post_id, created_at}).
   */
  record PostChanges(Dataset<Row> posts, Dataset<Row> rows) {
    /** Empty when the feed cannot tell. */
    static Optional<PostChanges> of(ChangeFeed feed) {
      Optional<Dataset<Row>> posts =
          feed.changes(Tables.SILVER_POSTS, "post_id", "created_at", "reply_to_post_id");
      Optional<Dataset<Row>> derived =
          feed.changedRows(
              List.of(
                  Tables.SILVER_POST_ENRICHMENT,
                  Tables.SILVER_POST_SENTIMENT,
                  Tables.SILVER_POST_TOPICS),
              "post_id",
              "created_at");
      if (posts.isEmpty() || derived.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new PostChanges(
              posts.get(), posts.get().select("post_id", "created_at").unionByName(derived.get())));
    }
  }

  /** Frees the cached ids of the posts read: call when the run is done with the scope. */
  void release() {
    postIds.unpersist();
  }

  /** Weeks whose fingerprint can have changed. */
  Set<LocalDate> candidates() {
    return candidates;
  }

  /** Weeks read: the candidates and the week before and after each. */
  Set<LocalDate> weeks() {
    return weeks;
  }

  /**
   * The rows of {@code rows} (silver.posts or a table keyed by post_id with created_at) that belong
   * to the posts read: data skipping on their days (and month partitions when {@code
   * monthPartitioned}), then their ids.
   */
  Dataset<Row> restrict(Dataset<Row> rows, boolean monthPartitioned) {
    return rows.where(
            monthPartitioned ? StaleDays.inMonthColumn(days) : StaleDays.column(days, "created_at"))
        .join(broadcast(postIds), "post_id", "left_semi");
  }

  /**
   * The column under a new attribute: sets of ids drawn from the narrow posts and joined back to
   * them must not share its attribute (Spark cannot tell the sides of such a join apart once a
   * checkpoint hides the lineage).
   */
  private static org.apache.spark.sql.Column fresh(String name) {
    return col(name).as(name);
  }
}
