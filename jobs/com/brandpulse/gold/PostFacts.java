package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.brandpulse.enrich.Taxonomy;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * Pure transforms shared by the weekly gold tables (layer: gold). {@link #facts} turns silver
 * posts, their enrichment and sentiment into one row per post with its reporting week and the
 * brands it is about; {@link #ancestors} links each reply to every post above it in its thread;
 * {@link #weekInputs} fingerprints what each week's figures are computed from.
 */
public final class PostFacts {
  private PostFacts() {}

  /** Columns whose change changes some weekly figure; hashed into each post's fingerprint. */
  private static final String[] HASHED = {
    "p.post_id",
    "p.platform",
    "p.created_at",
    "p.author_key",
    "p.author_followers",
    "p.reply_to_post_id",
    "p.is_repost",
    "p.like_count",
    "p.share_count",
    "p.reply_count",
    "p.quote_count",
    "p.content_hash",
    "e.lang",
    "e.country",
    "e.is_official_account",
    "e.official_brand_id",
    "e.is_employee",
    "e.is_executive",
    "e.employer_brand_ids",
    "e.brand_ids",
    "e.competitor_ids",
    "e.categories",
    "e.preferred_ids",
    "e.dispreferred_ids",
    "e.content_hash",
    "e.taxonomy_version",
    "e.people_version",
    "s.label",
    "s.model_name",
    "s.model_version",
    "s.content_hash"
  };

  /**
   * One row per post of silver.posts that has an enrichment row: {@code post_id, platform,
   * created_at, week_start, local_day, author (platform:author_key), author_key, followers,
   * engagement, is_repost, parent_id, is_question, label, lang, country, is_official,
   * official_brand_id, is_employee, is_executive, employer_brand_ids, is_customer, about_ids,
   * categories, preferred_ids, dispreferred_ids, input_hash, input_hash_b}. A sentiment label
   * counts only when it was scored on the post's current text; otherwise the post is unscored.
   * {@code about_ids}: brands and competitors the taxonomy matched, plus the brand of the official
   * account the post directly replies to, less the author's own brand when the author is its
   * official account.
   */
  public static Dataset<Row> facts(
      Dataset<Row> posts, Dataset<Row> enrichment, Dataset<Row> sentiment, GoldSettings settings) {
    String zone = settings.reportingTimeZone();
    Column[] hashed =
        Arrays.stream(HASHED).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Column[] hashedB = new Column[hashed.length + 1];
    hashedB[0] = lit("b");
    System.arraycopy(hashed, 0, hashedB, 1, hashed.length);
    Dataset<Row> joined =
        posts
            .as("p")
            .join(withSides(enrichment).as("e"), col("p.post_id").equalTo(col("e.post_id")))
            .join(sentiment.as("s"), col("p.post_id").equalTo(col("s.post_id")), "left")
            .select(
                col("p.post_id").as("post_id"),
                col("p.platform").as("platform"),
                col("p.created_at").as("created_at"),
                ReportingWeeks.weekStart(col("p.created_at"), zone).as("week_start"),
                to_date(ReportingWeeks.local(col("p.created_at"), zone)).as("local_day"),
                when(
                        col("p.author_key").isNotNull(),
                        concat(col("p.platform"), lit(":"), col("p.author_key")))
                    .as("author"),
                col("p.author_key").as("author_key"),
                col("p.author_followers").as("followers"),
                when(col("p.is_repost"), lit(0L))
                    .otherwise(
                        coalesce(col("p.like_count"), lit(0L))
                            .plus(coalesce(col("p.share_count"), lit(0L)))
                            .plus(coalesce(col("p.reply_count"), lit(0L)))
                            .plus(coalesce(col("p.quote_count"), lit(0L))))
                    .as("engagement"),
                col("p.is_repost").as("is_repost"),
                col("p.reply_to_post_id").as("parent_id"),
                col("p.text").rlike(settings.questionPattern()).as("is_question"),
                when(col("s.content_hash").equalTo(col("p.content_hash")), col("s.label"))
                    .as("label"),
                col("e.lang").as("lang"),
                col("e.country").as("country"),
                col("e.is_official_account").as("is_official"),
                col("e.official_brand_id").as("official_brand_id"),
                col("e.is_employee").as("is_employee"),
                col("e.is_executive").as("is_executive"),
                col("e.employer_brand_ids").as("employer_brand_ids"),
                concat(col("e.brand_ids"), col("e.competitor_ids")).as("mentioned_ids"),
                col("e.categories").as("categories"),
                col("e.preferred_ids").as("preferred_ids"),
                col("e.dispreferred_ids").as("dispreferred_ids"),
                xxhash64(hashed).as("input_hash"),
                xxhash64(hashedB).as("input_hash_b"));
    return withAboutIds(joined)
        .withColumn("is_customer", col("is_official").or(col("is_employee")).unary_$bang())
        .drop("mentioned_ids");
  }

  /**
   * Enrichment with its comparison sides; a table enriched before they existed (no such columns
   * until the next enrich) reads as NULL, which gold counts as no sides: the post label.
   */
  static Dataset<Row> withSides(Dataset<Row> enrichment) {
    Dataset<Row> e = enrichment;
    for (String c : new String[] {"preferred_ids", "dispreferred_ids"}) {
      if (!Arrays.asList(e.columns()).contains(c)) {
        e = e.withColumn(c, lit(null).cast("array<string>"));
      }
    }
    return e;
  }

  /**
   * Gold's one definition of what a post is about, added as {@code about_ids} to rows with {@code
   * post_id, parent_id, official_brand_id, mentioned_ids} (one row per post, parents among them):
   * the brands and competitors the taxonomy matched, plus the brand of the official account the
   * post directly replies to (a complaint addressed to the brand need not name it), less the
   * author's own brand when the author is its official account (a brand does not mention itself).
   */
  public static Dataset<Row> withAboutIds(Dataset<Row> rows) {
    return withAboutIds(rows, rows);
  }

  /**
   * {@link #withAboutIds(Dataset)} for rows that need not hold their parents: {@code parents}
   * ({@code post_id, official_brand_id}) holds them, or at least every parent posted by an official
   * account (the others add nothing).
   */
  public static Dataset<Row> withAboutIds(Dataset<Row> rows, Dataset<Row> parents) {
    Dataset<Row> officials =
        parents.select(
            col("post_id").as("parent_post_id"), col("official_brand_id").as("parent_official"));
    return rows.join(officials, col("parent_id").equalTo(col("parent_post_id")), "left")
        .withColumn(
            "about_ids",
            expr(
                "array_sort(array_distinct(filter(concat(mentioned_ids, array(parent_official)),"
                    + " x -> x IS NOT NULL AND NOT (x <=> official_brand_id))))"))
        .drop("parent_post_id", "parent_official");
  }

  /**
   * Thread links: one row per post and each post above it in its reply chain ({@code post_id,
   * ancestor_id}), following {@code parent_id} through posts that exist, at most {@code maxDepth}
   * posts up. Chains double in length each round (a post's chain is extended by the chain of its
   * farthest known ancestor), so a 119-deep thread takes 7 rounds; each round is checkpointed so
   * plans stay small.
   */
  public static Dataset<Row> ancestors(Dataset<Row> facts, int maxDepth) {
    Dataset<Row> known = facts.select(col("post_id").as("known_id"));
    Dataset<Row> chains =
        facts
            .where(col("parent_id").isNotNull())
            .select("post_id", "parent_id")
            .join(known, col("parent_id").equalTo(col("known_id")))
            .select(col("post_id"), array(col("parent_id")).as("chain"))
            .localCheckpoint();
    for (int length = 1; length < maxDepth; length *= 2) {
      Dataset<Row> further = chains.select(col("post_id").as("x_id"), col("chain").as("x_chain"));
      chains =
          chains
              .join(further, element_at(col("chain"), -1).equalTo(col("x_id")), "left")
              .select(
                  col("post_id"),
                  slice(
                          when(col("x_chain").isNull(), col("chain"))
                              .otherwise(concat(col("chain"), col("x_chain"))),
                          1,
                          maxDepth)
                      .as("chain"))
              .localCheckpoint();
      if (chains.where(size(col("chain")).equalTo(2 * length)).isEmpty()) {
        break; // every chain ended before doubling: none can grow further
      }
    }
    return chains
        .select(col("post_id"), expr("explode(chain)").as("ancestor_id"))
        .where(col("ancestor_id").notEqual(col("post_id")))
        .distinct();
  }

  /**
   * The fingerprint of each week with posts ({@code week_start, fingerprint, posts}): a SHA-256
   * over {@code settingsKey}, the count of the week's posts and order-free sums of hashes of (a)
   * the week's posts with their enrichment, sentiment and topics, (b) posts in its threads above
   * and below them, and (c) the roster entries in force during the week. Any change to what a
   * week's figures read changes it.
   *
   * @param topics silver.post_topics, or null when that table does not exist
   */
  public static Dataset<Row> weekInputs(
      Dataset<Row> facts,
      Dataset<Row> links,
      Dataset<Row> topics,
      Dataset<Row> people,
      String settingsKey) {
    Dataset<Row> hashed = facts.select("post_id", "week_start", "input_hash", "input_hash_b");
    Dataset<Row> own =
        hashed.select(
            col("week_start"),
            col("input_hash").as("h"),
            col("input_hash_b").as("hb"),
            lit(1L).as("own"));
    if (topics != null) {
      // a post's topics count in its own week only: no figure reads the topics of posts in its
      // thread
      own =
          own.unionByName(
              topics
                  .join(facts.select("post_id", "week_start"), "post_id")
                  .select(
                      col("week_start"),
                      xxhash64(
                              col("post_id"),
                              col("model_name"),
                              col("model_version"),
                              col("topic"),
                              col("topic_name"),
                              col("weight"))
                          .as("h"),
                      xxhash64(
                              lit("b"),
                              col("post_id"),
                              col("model_name"),
                              col("model_version"),
                              col("topic"),
                              col("topic_name"),
                              col("weight"))
                          .as("hb"),
                      lit(0L).as("own")));
    }
    Dataset<Row> byPair =
        links
            .join(
                hashed.select(
                    col("post_id").as("d_id"),
                    col("week_start").as("d_week"),
                    col("input_hash").as("dh"),
                    col("input_hash_b").as("dhb")),
                col("post_id").equalTo(col("d_id")))
            .join(
                hashed.select(
                    col("post_id").as("a_id"),
                    col("week_start").as("a_week"),
                    col("input_hash").as("ah"),
                    col("input_hash_b").as("ahb")),
                col("ancestor_id").equalTo(col("a_id")));
    // a reply counts in the weeks of the posts above it (hand-off), and they count in its week
    // (advocacy)
    Dataset<Row> below =
        byPair.select(
            col("a_week").as("week_start"),
            col("dh").as("h"),
            col("dhb").as("hb"),
            lit(0L).as("own"));
    Dataset<Row> above =
        byPair.select(
            col("d_week").as("week_start"),
            col("ah").as("h"),
            col("ahb").as("hb"),
            lit(0L).as("own"));
    Dataset<Row> weeks = own.select("week_start").distinct();
    Dataset<Row> roster =
        rosterInWeeks(weeks, people)
            .select(
                col("week_start"),
                xxhash64(
                        col("person_key"),
                        col("brand_id"),
                        col("is_executive"),
                        col("effective_from"),
                        col("effective_to"))
                    .as("h"),
                xxhash64(
                        lit("b"),
                        col("person_key"),
                        col("brand_id"),
                        col("is_executive"),
                        col("effective_from"),
                        col("effective_to"))
                    .as("hb"),
                lit(0L).as("own"));
    return own.unionByName(below)
        .unionByName(above)
        .unionByName(roster)
        .groupBy("week_start")
        .agg(
            sum("own").as("posts"),
            org.apache.spark.sql.functions.count(lit(1)).as("n"),
            sum(decimal(col("h"))).as("s"),
            sum(decimal(col("hb"))).as("sb"))
        .where(col("posts").gt(0))
        .select(
            col("week_start"),
            sha2(concat_ws("|", lit(settingsKey), col("posts"), col("n"), col("s"), col("sb")), 256)
                .as("fingerprint"),
            col("posts"));
  }

  /**
   * Roster entries ({@code people} rows) in force on any day of each week of {@code weeks}, with
   * its week_start.
   */
  public static Dataset<Row> rosterInWeeks(Dataset<Row> weeks, Dataset<Row> people) {
    return weeks
        .crossJoin(people)
        .where(
            col("effective_from")
                .leq(date_add(col("week_start"), 6))
                .and(col("effective_to").isNull().or(col("effective_to").geq(col("week_start")))));
  }

  private static Column decimal(Column hash) {
    return hash.cast("decimal(20,0)"); // sums of 64-bit hashes neither overflow nor depend on order
  }

  /**
   * Brands and competitors of the taxonomy: {@code brand_id, brand_name, brand_kind,
   * competitor_count}.
   */
  public static Dataset<Row> brands(SparkSession spark, Taxonomy taxonomy) {
    List<Row> rows = new ArrayList<>();
    for (Taxonomy.Entity e : taxonomy.entities()) {
      if (!e.kind().equals(Taxonomy.INDUSTRY)) {
        rows.add(RowFactory.create(e.id(), e.name(), e.kind(), e.competitors().size()));
      }
    }
    return spark.createDataFrame(
        rows,
        StructType.fromDDL(
            "brand_id STRING, brand_name STRING, brand_kind STRING, competitor_count INT"));
  }

  /** The competitor sets: one row per brand and competitor ({@code brand_id, competitor_id}). */
  public static Dataset<Row> competitors(SparkSession spark, Taxonomy taxonomy) {
    List<Row> rows = new ArrayList<>();
    for (Taxonomy.Entity e : taxonomy.entities()) {
      for (String competitor : e.competitors()) {
        rows.add(RowFactory.create(e.id(), competitor));
      }
    }
    return spark.createDataFrame(rows, StructType.fromDDL("brand_id STRING, competitor_id STRING"));
  }

  /** One row per week: {@code week_start}. */
  public static Dataset<Row> weeks(SparkSession spark, List<LocalDate> weeks) {
    return spark.createDataFrame(
        weeks.stream().map(w -> RowFactory.create(Date.valueOf(w))).toList(),
        StructType.fromDDL("week_start DATE"));
  }

  /**
   * The first {@code n} rows of each group by {@code order} (which must be total, so ranks are
   * reproducible), collected in that order into the array column {@code name} of {@code value}s.
   */
  public static Dataset<Row> topN(
      Dataset<Row> rows, String[] groupBy, Column[] order, Column value, String name, int n) {
    Column[] keys =
        Arrays.stream(groupBy).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return rows.withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(order)))
        .where(col("_rank").leq(n))
        .groupBy(keys)
        .agg(array_sort(collect_list(struct(col("_rank").as("r"), value.as("v")))).as("_ranked"))
        .withColumn(name, expr("transform(_ranked, x -> x.v)"))
        .drop("_ranked");
  }
}
