package com.brandpulse.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Progress;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.common.TimeLayout;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrich: silver.posts + silver.people + the taxonomy → silver.post_enrichment (one row per
 * post_id) and silver.post_mentions (one row per post and matched target). Layer: silver. Rerun
 * key: (post_id, created_month), the month of created_at. A row is stale unless its post exists
 * with that content in that month: a run recomputes every day (UTC, of created_at) holding a post
 * that is new, changed, or enriched under another taxonomy or roster version (or before the
 * comparison sides of {@link TargetSentiment} existed), and every day holding a row whose post is
 * gone from it (deleted, or moved elsewhere by an edit or a corrected time), and replaces exactly
 * those days (replaceWhere on created_at ranges inside their created_month partitions) in one
 * commit per table, so readers see each day all old or all new and a moved post leaves its old day
 * in the same run that adds it to the new one. Days, not months: a night's posts cost a night's
 * work, not the month's so far. {@code rebuild} replaces everything.
 */
public final class EnrichJob {
  private static final Logger LOG = LoggerFactory.getLogger(EnrichJob.class);

  /**
   * Bumped when what enrich computes changes, so the next run recomputes instead of finding nothing
   * to do.
   */
  static final String LOGIC_VERSION = "enrich-1";

  private EnrichJob() {}

  /**
   * The skip decision of a run (see {@link JobGate}): silver.posts and silver.people in, the
   * enrichment tables out, the settings, the taxonomy's and the gazetteer's content, and the
   * pseudonym key (official handles are matched by their pseudonyms), represented by a pseudonym
   * rather than the key itself.
   */
  public static JobGate gate(
      SparkSession spark,
      String warehouse,
      EnrichSettings settings,
      Taxonomy taxonomy,
      Pseudonymizer pseudonyms) {
    return JobGate.of(
        spark,
        warehouse,
        "enrich",
        key(settings, taxonomy, pseudonyms),
        List.of(
            Tables.SILVER_POSTS,
            Tables.SILVER_PEOPLE,
            Tables.SILVER_POST_ENRICHMENT,
            Tables.SILVER_POST_MENTIONS));
  }

  /** Everything but the tables that enrichment depends on, as text. */
  private static String key(EnrichSettings settings, Taxonomy taxonomy, Pseudonymizer pseudonyms) {
    String gazetteer =
        AppConfig.parseLocation(settings.gazetteer())
            .root()
            .render(com.typesafe.config.ConfigRenderOptions.concise());
    return String.join(
        "|",
        LOGIC_VERSION,
        settings.toString(),
        taxonomy.version(),
        DigestUtils.sha256Hex(gazetteer),
        pseudonyms.handle("gate", "key-check"));
  }

  /** The tables whose change feed names the days a run compares. */
  private static final List<TableContract> FEED_TABLES =
      List.of(Tables.SILVER_POSTS, Tables.SILVER_POST_ENRICHMENT, Tables.SILVER_PEOPLE);

  /** What changed since enrich's last run ({@link #candidates}); record it after the run. */
  public static ChangeFeed feed(
      SparkSession spark,
      String warehouse,
      EnrichSettings settings,
      Taxonomy taxonomy,
      Pseudonymizer pseudonyms) {
    return ChangeFeed.open(
        spark, warehouse, "enrich", key(settings, taxonomy, pseudonyms), FEED_TABLES);
  }

  /**
   * The UTC days whose posts or enrichment rows changed since the last run: no other day can be
   * stale. Null (compare every day) when the feed cannot say or the roster changed (a roster
   * version re-enriches every post it may affect).
   */
  public static List<Date> candidates(ChangeFeed feed) {
    if (!feed.unchanged(
        Tables.SILVER_PEOPLE, "a roster version re-enriches every post it may affect")) {
      return null;
    }
    return feed.changedDays(List.of(Tables.SILVER_POSTS, Tables.SILVER_POST_ENRICHMENT))
        .orElse(null);
  }

  /** What a run did. */
  public record Result(
      String taxonomyVersion,
      String peopleVersion,
      List<Date> months,
      List<Date> days,
      long posts,
      long mentions) {}

  public static Result run(
      SparkSession spark,
      String warehouse,
      EnrichSettings settings,
      Taxonomy taxonomy,
      Gazetteer gazetteer,
      Pseudonymizer pseudonyms,
      boolean rebuild,
      Instant now) {
    return run(spark, warehouse, settings, taxonomy, gazetteer, pseudonyms, rebuild, null, now);
  }

  /**
   * As {@link #run(SparkSession, String, EnrichSettings, Taxonomy, Gazetteer, Pseudonymizer,
   * boolean, Instant)}, looking for stale days among {@code candidates} only (UTC days; null: every
   * day): the days whose posts or enrichment changed since the last run ({@link #candidates}).
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      EnrichSettings settings,
      Taxonomy taxonomy,
      Gazetteer gazetteer,
      Pseudonymizer pseudonyms,
      boolean rebuild,
      List<Date> candidates,
      Instant now) {
    for (TableContract table : Tables.ENRICH) {
      table.ensure(spark, warehouse);
    }
    Dataset<Row> people = Tables.SILVER_PEOPLE.readOrEmpty(spark, warehouse);
    String peopleVersion = version(people);
    Dataset<Row> posts =
        Tables.SILVER_POSTS
            .readOrEmpty(spark, warehouse)
            .withColumn("created_month", trunc(col("created_at"), "MM"));
    Dataset<Row> done = Tables.SILVER_POST_ENRICHMENT.read(spark, warehouse);

    List<Date> days =
        rebuild
            ? StaleDays.daysOf(posts)
            : candidates == null
                ? stale(posts, done, taxonomy.version(), peopleVersion)
                : stale(
                    posts.where(StaleDays.column(candidates, "created_at")),
                    done.where(StaleDays.inMonthColumn(candidates)),
                    taxonomy.version(),
                    peopleVersion);
    List<Date> months = StaleDays.months(days);
    if (days.isEmpty()) {
      LOG.info("enrich: nothing new (taxonomy {}, people {})", taxonomy.version(), peopleVersion);
      return new Result(taxonomy.version(), peopleVersion, months, days, 0, 0);
    }
    Progress.current()
        .phase("matching " + days.size() + " day(s)"); // one pass over them all: Spark's stages
    LOG.info(
        "enrich: {} day(s) in {} month(s) to (re)compute with taxonomy {} ({} rules)",
        days.size(),
        months.size(),
        taxonomy.version(),
        taxonomy.rules().size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<TaxonomyMatcher> matcher =
        jsc.broadcast(TaxonomyMatcher.compile(taxonomy, pseudonyms));
    Broadcast<Gazetteer> places = jsc.broadcast(gazetteer);
    String inDays = StaleDays.inMonthPartitions(days);
    Dataset<Row> work = posts.where(expr(inDays));
    Dataset<Row> perPost =
        Enrichment.perPost(work, Enrichment.match(spark, work, matcher, places, settings), people)
            .withColumn("taxonomy_version", lit(taxonomy.version()))
            .withColumn("people_version", lit(peopleVersion))
            .withColumn("enriched_at", lit(Timestamp.from(now)))
            // on local disk, not in memory: cached batches of a 3M-post year filled a 4 GiB driver
            .persist(StorageLevel.DISK_ONLY());
    try {
      String predicate = rebuild ? null : inDays;
      Tables.SILVER_POST_ENRICHMENT.replace(
          TimeLayout.byDay(perPost, days.size()), warehouse, predicate);
      Dataset<Row> mentions =
          Enrichment.mentions(perPost).withColumn("taxonomy_version", lit(taxonomy.version()));
      Tables.SILVER_POST_MENTIONS.replace(
          TimeLayout.byDay(mentions, days.size()), warehouse, predicate);
      return new Result(
          taxonomy.version(), peopleVersion, months, days, perPost.count(), mentions.count());
    } finally {
      perPost.unpersist();
      matcher.destroy();
      places.destroy();
    }
  }

  /**
   * Days with a post that is new, changed or enriched under other versions (no current row in its
   * month), and days with a row whose post is not there any more (deleted, or now in another month
   * or on another day).
   */
  static List<Date> stale(
      Dataset<Row> posts, Dataset<Row> done, String taxonomyVersion, String peopleVersion) {
    Dataset<Row> current =
        done.where(
            col("taxonomy_version")
                .equalTo(taxonomyVersion)
                .and(col("people_version").equalTo(peopleVersion))
                // rows enriched before the comparison rules existed have no sides yet
                .and(col("preferred_ids").isNotNull()));
    Dataset<Row> changed =
        posts
            .join(
                current,
                posts
                    .col("post_id")
                    .equalTo(current.col("post_id"))
                    .and(posts.col("created_month").equalTo(current.col("created_month")))
                    .and(posts.col("content_hash").equalTo(current.col("content_hash")))
                    .and(
                        to_date(posts.col("created_at"))
                            .equalTo(to_date(current.col("created_at")))),
                "left_anti")
            .select(to_date(posts.col("created_at")).as("day"));
    // By (post_id, month), not post_id alone: a post moved to another month leaves a row behind in
    // the old one; one moved to another day of its month is gone from its old day's row set too.
    Dataset<Row> gone =
        done.join(
                posts,
                done.col("post_id")
                    .equalTo(posts.col("post_id"))
                    .and(done.col("created_month").equalTo(posts.col("created_month")))
                    .and(to_date(done.col("created_at")).equalTo(to_date(posts.col("created_at")))),
                "left_anti")
            .select(to_date(done.col("created_at")).as("day"));
    return StaleDays.collect(changed.union(gone));
  }

  /** A short hash of the roster's content: a changed roster re-enriches the posts it may affect. */
  static String version(Dataset<Row> people) {
    String content =
        people
            .drop("loaded_at", "source_file")
            .orderBy("person_key", "brand_id", "effective_from")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .collect(Collectors.joining("\n"));
    return DigestUtils.sha256Hex(content).substring(0, 12);
  }
}
