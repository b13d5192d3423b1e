package com.brandpulse.enrich;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pure transforms of enrichment (layer: silver). Posts → one row per post with language, region,
 * people flags and the taxonomy's matches; the matches exploded give silver.post_mentions.
 */
public final class Enrichment {
  private Enrichment() {}

  /** What the per-post pass yields before people are joined. */
  static final StructType MATCHED =
      StructType.fromDDL(
          String.join(
              ",",
              "post_id STRING",
              "platform STRING",
              "created_at TIMESTAMP",
              "author_key STRING",
              "content_hash STRING",
              "lang STRING",
              "lang_source STRING",
              "lang_confidence DOUBLE",
              "country STRING",
              "country_source STRING",
              "official_brand_id STRING",
              "preferred_ids ARRAY<STRING>",
              "dispreferred_ids ARRAY<STRING>",
              "mentions ARRAY<STRUCT<kind: STRING, entity_id: STRING, entity_name: STRING, category: STRING,"
                  + " subcategory: STRING, matched_term: STRING, match_source: STRING>>"));

  /** The columns of silver.posts that enrichment reads. */
  public static final String[] POST_COLUMNS = {
    "post_id",
    "platform",
    "created_at",
    "author_key",
    "content_hash",
    "lang",
    "text",
    "hashtags",
    "mention_keys",
    "author_location",
    "place_country_code",
    "geo_lat",
    "geo_lon"
  };

  /**
   * Language, region and taxonomy matches of each post: one pass, the compiled taxonomy broadcast.
   */
  public static Dataset<Row> match(
      SparkSession spark,
      Dataset<Row> posts,
      Broadcast<TaxonomyMatcher> matcher,
      Broadcast<Gazetteer> gazetteer,
      EnrichSettings settings) {
    JavaRDD<Row> rows =
        posts
            .select(
                POST_COLUMNS[0], java.util.Arrays.copyOfRange(POST_COLUMNS, 1, POST_COLUMNS.length))
            .javaRDD()
            .mapPartitions(
                it -> {
                  TaxonomyMatcher m = matcher.value();
                  Gazetteer g = gazetteer.value();
                  List<Row> out = new ArrayList<>();
                  while (it.hasNext()) {
                    out.add(matchOne(it.next(), m, g, settings));
                  }
                  return out.iterator();
                });
    return spark.createDataFrame(rows, MATCHED);
  }

  static Row matchOne(Row p, TaxonomyMatcher m, Gazetteer g, EnrichSettings settings) {
    String text = p.getAs("text");
    String sourceLang = p.getAs("lang");
    String lang;
    String langSource;
    Double confidence = null;
    if (sourceLang != null && !LanguageDetection.UNDETERMINED.contains(sourceLang)) {
      lang = sourceLang;
      langSource = "source";
    } else {
      LanguageDetection.Detected detected =
          LanguageDetection.detect(text, settings.languages(), settings.minLettersForDetection());
      lang = detected == null ? null : detected.code();
      langSource = detected == null ? "unknown" : "detected";
      confidence = detected == null ? null : detected.confidence();
    }
    Gazetteer.Region region =
        g.resolve(
            p.getAs("place_country_code"),
            p.getAs("geo_lat"),
            p.getAs("geo_lon"),
            p.getAs("author_location"));
    List<Row> mentions = new ArrayList<>();
    java.util.Set<String> brands = new java.util.HashSet<>();
    for (TaxonomyMatcher.Match match :
        m.match(text, list(p, "hashtags"), list(p, "mention_keys"), lang, p.getAs("platform"))) {
      TaxonomyMatcher.Target t = match.target();
      if (t.kind().equals(Taxonomy.BRAND) || t.kind().equals(Taxonomy.COMPETITOR)) {
        brands.add(t.entityId());
      }
      mentions.add(
          RowFactory.create(
              t.kind(),
              t.entityId(),
              t.name(),
              t.category(),
              t.subcategory(),
              match.term(),
              match.source()));
    }
    TaxonomyMatcher.Target official = m.officialAccountOf(p.getAs("author_key"));
    TargetSentiment.Sides sides = m.sides(text, brands);
    return RowFactory.create(
        p.getAs("post_id"),
        p.getAs("platform"),
        p.getAs("created_at"),
        p.getAs("author_key"),
        p.getAs("content_hash"),
        lang,
        langSource,
        confidence,
        region.country(),
        region.source(),
        official == null ? null : official.entityId(),
        CollectionConverters.asScala(List.copyOf(sides.preferred())).toSeq(),
        CollectionConverters.asScala(List.copyOf(sides.dispreferred())).toSeq(),
        CollectionConverters.asScala(mentions).toSeq());
  }

  private static List<String> list(Row row, String column) {
    int i = row.fieldIndex(column);
    return row.isNullAt(i) ? null : row.getList(i);
  }

  /**
   * Per-post rows of silver.post_enrichment: the {@code matched} {@code posts} plus people flags (a
   * roster entry counts on the days from effective_from to effective_to, never backwards).
   */
  public static Dataset<Row> perPost(
      Dataset<Row> posts, Dataset<Row> matched, Dataset<Row> people) {
    Column onDuty =
        col("m.author_key")
            .equalTo(col("p.person_key"))
            .and(to_date(col("m.created_at")).geq(col("p.effective_from")))
            .and(
                col("p.effective_to")
                    .isNull()
                    .or(to_date(col("m.created_at")).leq(col("p.effective_to"))));
    // From the posts, not the matches: the roster needs only columns the posts already hold, and
    // a second use of the matches would run the taxonomy matching twice (it is not cached).
    Dataset<Row> staff =
        posts
            .select("post_id", "author_key", "created_at")
            .as("m")
            .join(people.as("p"), onDuty)
            .groupBy(col("m.post_id").as("s_post_id"))
            .agg(
                collect_set(col("p.brand_id")).as("employer_brand_ids"),
                max(col("p.is_executive")).as("exec"));
    return matched
        .join(staff, col("post_id").equalTo(col("s_post_id")), "left")
        .withColumn("created_month", trunc(col("created_at"), "MM"))
        .withColumn("is_official_account", col("official_brand_id").isNotNull())
        .withColumn("is_employee", col("s_post_id").isNotNull())
        .withColumn("is_executive", coalesce(col("exec"), lit(false)))
        .withColumn(
            "employer_brand_ids",
            coalesce(col("employer_brand_ids"), array().cast("array<string>")))
        .withColumn("brand_ids", ids("brand"))
        .withColumn("competitor_ids", ids("competitor"))
        .withColumn("industry_ids", ids("industry"))
        .withColumn("categories", ids("category"))
        .drop("s_post_id", "exec");
  }

  private static Column ids(String kind) {
    return array_distinct(
        expr("transform(filter(mentions, x -> x.kind = '" + kind + "'), x -> x.entity_id)"));
  }

  /** silver.post_mentions rows: one per post and matched target. */
  public static Dataset<Row> mentions(Dataset<Row> perPost) {
    return perPost
        .select(
            col("post_id"),
            col("created_at"),
            col("created_month"),
            col("platform"),
            explode(col("mentions")).as("m"))
        .select(
            col("post_id"),
            col("created_at"),
            col("created_month"),
            col("platform"),
            col("m.kind").as("kind"),
            col("m.entity_id").as("entity_id"),
            col("m.entity_name").as("entity_name"),
            col("m.category").as("category"),
            col("m.subcategory").as("subcategory"),
            col("m.matched_term").as("matched_term"),
            col("m.match_source").as("match_source"));
  }
}
