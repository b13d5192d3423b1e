package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;

/**
 * Brand health (layer: gold). Grain: one row per week, taxonomy brand and platform (plus {@code
 * all}) — {@link GoldTables#BRAND_HEALTH_WEEKLY}; its region and language breakdown {@link
 * #segments}. Inputs: the post facts and thread links of {@link PostFacts}, silver.post_topics
 * (optional), the taxonomy's brands and competitor sets. Pure transforms; the job picks the weeks.
 */
public final class BrandHealth {
  private BrandHealth() {}

  private static final String[] CELL = {"week_start", "brand_id", "platform"};

  /**
   * Mention rows: one per post, brand it is about and platform, where platform is the post's own
   * and {@code all}; {@code label} is the brand-level label ({@link #brandLabel}, the post's own in
   * {@code post_label}), and {@code is_complaint} says negative for the brand, not a repost, not by
   * an employee of the brand.
   */
  public static Dataset<Row> mentionRows(Dataset<Row> facts) {
    return facts
        .withColumn("brand_id", explode(col("about_ids")))
        .withColumn("platform", explode(array(col("platform"), lit("all"))))
        .withColumn("post_label", col("label"))
        .withColumn("label", brandLabel())
        .withColumn(
            "is_complaint",
            col("label")
                .equalTo("negative")
                .and(col("is_repost").unary_$bang())
                .and(array_contains(col("employer_brand_ids"), col("brand_id")).unary_$bang()));
  }

  /**
   * Each complaint's first reply by the brand ({@code post_id, brand_id, first_reply_at}): the
   * earliest post in the thread below the complaint, direct or deeper, by an official account or an
   * employee of that brand, not dated before the complaint. Complaints without one are absent.
   */
  public static Dataset<Row> firstReplies(
      Dataset<Row> complaints, Dataset<Row> facts, Dataset<Row> links) {
    Dataset<Row> staffReplies =
        links.join(
            facts.select(
                col("post_id"),
                col("created_at").as("reply_at"),
                col("official_brand_id").as("r_official"),
                col("employer_brand_ids").as("r_employers")),
            "post_id");
    Dataset<Row> c =
        complaints
            .select(
                col("post_id").as("complaint_id"),
                col("brand_id"),
                col("created_at").as("complaint_at"))
            .distinct();
    return c.join(
            staffReplies,
            col("ancestor_id")
                .equalTo(col("complaint_id"))
                .and(
                    col("r_official")
                        .equalTo(col("brand_id"))
                        .or(array_contains(col("r_employers"), col("brand_id"))))
                .and(col("reply_at").geq(col("complaint_at"))))
        .groupBy(col("complaint_id").as("post_id"), col("brand_id"))
        .agg(min("reply_at").as("first_reply_at"));
  }

  /**
   * gold.brand_health_weekly rows of {@code weeks}. The week before each is computed too, for the
   * week-over-week columns, and then dropped.
   *
   * @param topics silver.post_topics, or null when that table does not exist (top_topics is then
   *     empty)
   */
  public static Dataset<Row> weekly(
      Dataset<Row> facts,
      Dataset<Row> links,
      Dataset<Row> topics,
      Dataset<Row> brands,
      Dataset<Row> competitors,
      List<LocalDate> weeks,
      GoldSettings settings) {
    List<Date> target = weeks.stream().map(Date::valueOf).toList();
    List<Date> withPrevious = new ArrayList<>(target);
    weeks.forEach(w -> withPrevious.add(Date.valueOf(w.minusWeeks(1))));
    Dataset<Row> f = facts.where(col("week_start").isin(withPrevious.toArray()));
    Dataset<Row> m = mentionRows(f);
    String zone = settings.reportingTimeZone();

    // per author first (reach and promoters are per author), then per cell
    Column customer = col("is_customer");
    Dataset<Row> perAuthor =
        m.groupBy(col("week_start"), col("brand_id"), col("platform"), col("author"))
            .agg(
                count(lit(1)).as("posts"),
                sum("engagement").as("engagement"),
                max("followers").as("followers"),
                count_if(col("label").equalTo("positive")).as("positive"),
                count_if(col("label").equalTo("neutral")).as("neutral"),
                count_if(col("label").equalTo("negative")).as("negative"),
                count_if(col("label").isNull()).as("unscored"),
                count_if(customer.and(col("label").equalTo("positive"))).as("c_pos"),
                count_if(customer.and(col("label").equalTo("negative"))).as("c_neg"),
                count_if(customer.and(col("label").isNotNull())).as("c_scored"));
    Column known = col("author").isNotNull();
    Dataset<Row> counts =
        perAuthor
            .groupBy(cols(CELL))
            .agg(
                sum("posts").as("mentions"),
                count(col("author")).as("distinct_authors"),
                sum("engagement").as("engagement"),
                sum("positive").as("positive"),
                sum("neutral").as("neutral"),
                sum("negative").as("negative"),
                sum("unscored").as("unscored"),
                coalesce(sum(when(known, col("followers"))), lit(0L)).as("potential_reach"),
                count_if(known.and(col("c_pos").gt(col("c_neg")))).as("promoters"),
                count_if(known.and(col("c_neg").gt(col("c_pos")))).as("detractors"),
                count_if(known.and(col("c_scored").gt(0))).as("scored_authors"));

    Dataset<Row> complaints = m.where(col("is_complaint"));
    Dataset<Row> handoff =
        complaints
            .join(firstReplies(complaints, facts, links), seq("post_id", "brand_id"), "left")
            .withColumns(
                Map.of(
                    "reply_seconds",
                        expr("(unix_micros(first_reply_at) - unix_micros(created_at)) / 1e6"),
                    "same_day",
                        to_date(ReportingWeeks.local(col("first_reply_at"), zone))
                            .equalTo(col("local_day"))))
            .groupBy(cols(CELL))
            .agg(
                count(lit(1)).as("complaints"),
                count_if(col("first_reply_at").isNotNull()).as("complaints_replied"),
                expr("percentile(reply_seconds, 0.5)").as("median_first_reply_seconds"),
                expr("percentile(reply_seconds, 0.9)").as("p90_first_reply_seconds"),
                count_if(coalesce(col("same_day"), lit(false))).as("complaints_answered_same_day"));

    Dataset<Row> categoryCounts =
        m.select(
                col("week_start"),
                col("brand_id"),
                col("platform"),
                col("label"),
                explode(col("categories")).as("category"))
            .groupBy("week_start", "brand_id", "platform", "category")
            .agg(
                count(lit(1)).as("posts"),
                count_if(col("label").equalTo("negative")).as("negative"));
    Dataset<Row> topCategories =
        PostFacts.topN(
            categoryCounts,
            CELL,
            new Column[] {col("posts").desc(), col("negative").desc(), col("category")},
            struct(col("category"), col("posts"), col("negative")),
            "top_categories",
            settings.topN());

    Dataset<Row> competitorMentions =
        counts
            .select(
                col("week_start"),
                col("platform"),
                col("brand_id").as("competitor_id"),
                col("mentions").as("c_mentions"),
                col("positive").as("c_positive"),
                col("negative").as("c_negative"))
            .join(competitors, "competitor_id")
            .groupBy(cols(CELL))
            .agg(
                sum("c_mentions").as("competitor_mentions"),
                sum("c_positive").as("competitor_positive"),
                sum("c_negative").as("competitor_negative"));

    Dataset<Row> cells =
        f.select(col("week_start"), col("platform"))
            .union(f.select(col("week_start"), lit("all").as("platform")))
            .distinct()
            .crossJoin(brands);
    Dataset<Row> base =
        cells
            .join(counts, seq(CELL), "left")
            .join(handoff, seq(CELL), "left")
            .join(competitorMentions, seq(CELL), "left")
            .join(topCategories, seq(CELL), "left");
    DataType topicsType = GoldTables.BRAND_HEALTH_WEEKLY.schema().apply("top_topics").dataType();
    if (topics != null) {
      Dataset<Row> topicCounts =
          m.select("week_start", "brand_id", "platform", "post_id")
              .join(
                  topics.select("post_id", "model_name", "topic", "topic_name", "weight"),
                  "post_id")
              .groupBy("week_start", "brand_id", "platform", "model_name", "topic", "topic_name")
              .agg(count(lit(1)).as("posts"), round(sum("weight"), 6).as("weight"));
      base =
          base.join(
              PostFacts.topN(
                  topicCounts,
                  CELL,
                  new Column[] {
                    col("weight").desc(), col("posts").desc(), col("model_name"), col("topic")
                  },
                  struct(
                      col("model_name"),
                      col("topic"),
                      col("topic_name"),
                      col("posts"),
                      col("weight")),
                  "top_topics",
                  settings.topN()),
              seq(CELL),
              "left");
    } else {
      base = base.withColumn("top_topics", lit(null).cast(topicsType));
    }
    Map<String, Column> filled = new LinkedHashMap<>();
    for (String zero :
        List.of(
            "mentions",
            "distinct_authors",
            "engagement",
            "positive",
            "neutral",
            "negative",
            "unscored",
            "potential_reach",
            "promoters",
            "detractors",
            "scored_authors",
            "complaints",
            "complaints_replied",
            "complaints_answered_same_day",
            "competitor_mentions")) {
      filled.put(zero, coalesce(col(zero), lit(0L)));
    }
    // the competitors' sentiment is defined only where there is a competitor set
    Column hasSet = col("competitor_count").gt(0);
    for (String set : List.of("competitor_positive", "competitor_negative")) {
      filled.put(set, when(hasSet, coalesce(col(set), lit(0L))));
    }
    filled.put("top_topics", coalesce(col("top_topics"), array().cast(topicsType)));
    filled.put(
        "top_categories",
        coalesce(
            col("top_categories"),
            array()
                .cast(GoldTables.BRAND_HEALTH_WEEKLY.schema().apply("top_categories").dataType())));
    base = base.withColumns(filled);
    Map<String, Column> ratios = new LinkedHashMap<>();
    ratios.put("net_sentiment", netSentiment());
    ratios.put("share_of_voice", share("mentions", "competitor_mentions"));
    ratios.put("positive_share_of_voice", share("positive", "competitor_positive"));
    ratios.put("negative_share_of_voice", share("negative", "competitor_negative"));
    ratios.put(
        "nps",
        try_divide(col("promoters").minus(col("detractors")).multiply(100), col("scored_authors")));
    ratios.put("response_rate", try_divide(col("complaints_replied"), col("complaints")));
    ratios.put("same_day_rate", try_divide(col("complaints_answered_same_day"), col("complaints")));
    base = base.withColumns(ratios);

    // week over week: the previous row of the same brand and platform, when it is the week just
    // before
    WindowSpec series = Window.partitionBy("brand_id", "platform").orderBy("week_start");
    Column adjacent =
        lag(col("week_start"), 1).over(series).equalTo(date_add(col("week_start"), -7));
    Map<String, Column> wow = new LinkedHashMap<>();
    for (String metric : GoldTables.WOW_METRICS.keySet()) {
      wow.put(metric + "_wow", when(adjacent, col(metric).minus(lag(col(metric), 1).over(series))));
    }
    wow.put("iso_week", ReportingWeeks.isoWeek(col("week_start")));
    return base.withColumns(wow).where(col("week_start").isin(target.toArray()));
  }

  /**
   * gold.brand_health_weekly_segments rows of {@code weeks}: mentions by country and by language.
   */
  public static Dataset<Row> segments(Dataset<Row> facts, List<LocalDate> weeks) {
    Dataset<Row> m =
        mentionRows(
            facts.where(col("week_start").isin(weeks.stream().map(Date::valueOf).toArray())));
    return m.withColumn(
            "seg",
            explode(
                array(
                    struct(
                        lit("country").as("dimension"),
                        coalesce(col("country"), lit("unknown")).as("segment")),
                    struct(
                        lit("lang").as("dimension"),
                        coalesce(col("lang"), lit("unknown")).as("segment")))))
        .groupBy(
            col("week_start"),
            col("brand_id"),
            col("platform"),
            col("seg.dimension").as("dimension"),
            col("seg.segment").as("segment"))
        .agg(
            count(lit(1)).as("mentions"),
            count_distinct(col("author")).as("distinct_authors"),
            count_if(col("label").equalTo("positive")).as("positive"),
            count_if(col("label").equalTo("neutral")).as("neutral"),
            count_if(col("label").equalTo("negative")).as("negative"),
            count_if(col("label").isNull()).as("unscored"),
            count_if(col("is_complaint")).as("complaints"))
        .withColumn("net_sentiment", netSentiment())
        .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")));
  }

  /**
   * The sentiment of a post toward {@code brand_id}: the post label, except in a post whose text
   * compares brands (silver.post_enrichment preferred_ids / dispreferred_ids, from {@code
   * enrich.TargetSentiment}): the preferred side is positive, the dispreferred negative, and when a
   * positive or negative post has only one side its other brands are the other side. Unscored posts
   * stay unscored. The same rule as {@code TargetSentiment.label}.
   */
  static Column brandLabel() {
    Column preferred = coalesce(col("preferred_ids"), array().cast("array<string>"));
    Column dispreferred = coalesce(col("dispreferred_ids"), array().cast("array<string>"));
    Column polar = col("label").isin("positive", "negative");
    return when(col("label").isNull(), lit(null).cast("string"))
        .when(array_contains(preferred, col("brand_id")), lit("positive"))
        .when(array_contains(dispreferred, col("brand_id")), lit("negative"))
        .when(
            polar
                .and(org.apache.spark.sql.functions.size(preferred).gt(0))
                .and(org.apache.spark.sql.functions.size(dispreferred).equalTo(0)),
            lit("negative"))
        .when(
            polar
                .and(org.apache.spark.sql.functions.size(dispreferred).gt(0))
                .and(org.apache.spark.sql.functions.size(preferred).equalTo(0)),
            lit("positive"))
        .otherwise(col("label"));
  }

  /**
   * The brand's part of {@code own} against the same figure summed over its competitor set: null
   * without a competitor set or when both are 0.
   */
  private static Column share(String own, String competitors) {
    return when(
        col("competitor_count").gt(0), try_divide(col(own), col(own).plus(col(competitors))));
  }

  private static Column netSentiment() {
    return try_divide(
        col("positive").minus(col("negative")), col("positive").plus(col("negative")));
  }

  static Column[] cols(String... names) {
    return java.util.Arrays.stream(names)
        .map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
  }

  static scala.collection.immutable.Seq<String> seq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }
}
