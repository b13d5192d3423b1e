package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.enrich.Taxonomy;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the crisis run reads, per post and brand: the taxonomy's brands (and competitors) and the
 * "about" rows the series, fingerprints and evidence are built from ({@link CrisisJob}).
 */
final class CrisisInputs {
  private CrisisInputs() {}

  /**
   * The taxonomy's brands (and competitors when crisis.signals.competitors): brand_id, brand_name,
   * brand_kind.
   */
  public static Dataset<Row> brands(
      SparkSession spark, Taxonomy taxonomy, CrisisSettings settings) {
    List<Row> rows =
        taxonomy.entities().stream()
            .filter(
                e ->
                    e.kind().equals(Taxonomy.BRAND)
                        || (settings.competitors() && e.kind().equals(Taxonomy.COMPETITOR)))
            .map(e -> RowFactory.create(e.id(), e.name(), e.kind()))
            .toList();
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("brand_id", DataTypes.StringType, false)
            .add("brand_name", DataTypes.StringType, false)
            .add("brand_kind", DataTypes.StringType, false));
  }

  /**
   * Brands are read from the taxonomy and matched by silver.post_enrichment: both must be the same
   * version, or posts of a renamed or new brand would silently fall out. Enrich first after
   * changing the taxonomy.
   */
  static void requireTaxonomy(Dataset<Row> enrichment, Taxonomy taxonomy) {
    List<String> versions =
        enrichment.select("taxonomy_version").distinct().collectAsList().stream()
            .map(r -> r.<String>getAs("taxonomy_version"))
            .sorted()
            .toList();
    if (!versions.isEmpty() && !versions.equals(List.of(taxonomy.version()))) {
      throw new IllegalStateException(
          "silver.post_enrichment holds taxonomy version(s) "
              + versions
              + " but this run loads taxonomy "
              + taxonomy.name()
              + " version "
              + taxonomy.version()
              + "; run enrich first (it re-enriches history under a changed taxonomy)");
    }
  }

  /**
   * One row per post and brand it is about ({@link PostFacts#withAboutIds}, as the weekly tables
   * count it) among the taxonomy's brands of {@code brands}: post_id, brand_id, created_at,
   * platform, author_key, is_repost, engagement, content_hash, label (current sentiment or null),
   * scored, negative, categories, topics (distinct topic names, empty without silver.post_topics).
   * {@code parents} ({@code post_id, official_brand_id}) holds the official accounts' posts among
   * all posts when {@code posts} need not hold the parents of its replies; null when {@code posts}
   * holds every post.
   */
  /** {@link #about} of a run's inputs, for the taxonomy's brands. */
  static Dataset<Row> about(
      CrisisScope.Inputs in, Taxonomy taxonomy, CrisisSettings settings, SparkSession spark) {
    return about(
        in.posts(),
        in.enrichment(),
        in.sentiment(),
        in.topics(),
        brands(spark, taxonomy, settings),
        in.parents());
  }

  static Dataset<Row> about(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> sentiment,
      Dataset<Row> topics,
      Dataset<Row> brands,
      Dataset<Row> parents) {
    Dataset<Row> p =
        posts.select(
            col("post_id"),
            col("platform"),
            col("created_at"),
            col("author_key"),
            col("reply_to_post_id").as("parent_id"),
            col("is_repost"),
            col("content_hash"),
            coalesce(col("like_count"), lit(0L))
                .plus(coalesce(col("share_count"), lit(0L)))
                .plus(coalesce(col("reply_count"), lit(0L)))
                .plus(coalesce(col("quote_count"), lit(0L)))
                .as("engagement"));
    Dataset<Row> e =
        enrichment.select(
            col("post_id"),
            col("official_brand_id"),
            concat(col("brand_ids"), col("competitor_ids")).as("mentioned_ids"),
            col("categories"));
    Dataset<Row> s =
        sentiment.select(
            col("post_id").as("scored_post_id"),
            col("label"),
            col("content_hash").as("scored_hash"));
    Dataset<Row> out =
        (parents == null
                ? PostFacts.withAboutIds(p.join(e, "post_id"))
                : PostFacts.withAboutIds(p.join(e, "post_id"), parents))
            .withColumn("brand_id", explode(col("about_ids")))
            .join(brands.select("brand_id"), "brand_id")
            .join(
                s,
                col("post_id")
                    .equalTo(col("scored_post_id"))
                    .and(col("content_hash").equalTo(col("scored_hash"))),
                "left")
            .drop("scored_post_id", "scored_hash")
            .withColumn("scored", col("label").isNotNull())
            .withColumn("negative", coalesce(col("label").equalTo("negative"), lit(false)));
    if (topics == null) {
      out = out.withColumn("topics", array().cast("array<string>"));
    } else {
      // Each post's strongest topic of each model (topics-<lang>, complaints-<lang>), of the text
      // scored.
      Dataset<Row> perPost =
          topics
              .where(col("topic_rank").equalTo(1).and(col("topic").geq(0)))
              .select(
                  col("post_id").as("topic_post_id"),
                  col("content_hash").as("topic_hash"),
                  col("topic_name"))
              .join(
                  p.select("post_id", "content_hash"),
                  col("topic_post_id")
                      .equalTo(col("post_id"))
                      .and(col("topic_hash").equalTo(col("content_hash"))))
              .groupBy("post_id")
              .agg(array_sort(collect_set(col("topic_name"))).as("topics"));
      out =
          out.join(perPost, "post_id", "left")
              .withColumn("topics", coalesce(col("topics"), array().cast("array<string>")));
    }
    return out.select(
        "post_id",
        "brand_id",
        "created_at",
        "platform",
        "author_key",
        "is_repost",
        "engagement",
        "content_hash",
        "label",
        "scored",
        "negative",
        "categories",
        "topics");
  }
}
