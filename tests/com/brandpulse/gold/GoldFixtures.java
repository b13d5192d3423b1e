package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.Taxonomy;
import com.typesafe.config.ConfigFactory;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Small silver fixtures for the gold tests, built from the table contracts: posts with their
 * enrichment and sentiment rows (a post's fields in one builder), roster entries and topic rows.
 */
public final class GoldFixtures {
  private GoldFixtures() {}

  static final Instant LOADED = Instant.parse("2026-04-01T00:00:00Z");

  /** Two brands that are each other's competitor, as the taxonomy block of a file holds them. */
  static final String TAXONOMY_TEXT =
      String.join(
          "\n",
          "name = gold-test",
          "brands = [",
          "  { id = acme, name = Acme, kind = brand, terms = [acme], handles = [AcmeCare], competitors = [globex] }",
          "  { id = globex, name = Globex, kind = competitor, terms = [globex], competitors = [acme] }",
          "]");

  static final Taxonomy TAXONOMY = Taxonomy.from(ConfigFactory.parseString(TAXONOMY_TEXT));

  /** One post and what enrichment and scoring said about it. */
  static final class Post {
    final Map<String, Object> v = new HashMap<>();
    final Map<String, Object> e = new HashMap<>();
    String label;
    boolean scored = true;

    Post(String id, String created, String author) {
      v.put("post_id", "twitter:" + id);
      v.put("platform", "twitter");
      v.put("source_id", id);
      v.put("created_at", Timestamp.from(Instant.parse(created)));
      v.put("author_key", author);
      v.put("text", "post " + id);
      v.put("is_repost", false);
      v.put("source_format", "fixture");
      v.put("edit_rank", 0);
      v.put("source_rank", 0);
      v.put("content_hash", "h" + id);
      v.put("source_file", "fixture");
      v.put("ingest_run_id", "fixture");
      v.put("first_seen_at", Timestamp.from(LOADED));
      v.put("updated_at", Timestamp.from(LOADED));
      e.put("lang", "en");
      e.put("is_official_account", false);
      e.put("is_employee", false);
      e.put("is_executive", false);
      e.put("employer_brand_ids", List.of());
      e.put("brand_ids", List.of());
      e.put("competitor_ids", List.of());
      e.put("categories", List.of());
    }

    Post platform(String platform) {
      String id = (String) v.get("source_id");
      v.put("platform", platform);
      v.put("post_id", platform + ":" + id);
      return this;
    }

    Post text(String text) {
      v.put("text", text);
      return this;
    }

    Post followers(long n) {
      v.put("author_followers", n);
      return this;
    }

    Post likes(long n) {
      v.put("like_count", n);
      return this;
    }

    Post replyTo(String postId) {
      v.put("reply_to_post_id", postId);
      return this;
    }

    Post repost() {
      v.put("is_repost", true);
      return this;
    }

    Post label(String l) {
      label = l;
      return this;
    }

    Post unscored() {
      label = null;
      return this;
    }

    Post notScored() {
      scored = false;
      return this;
    }

    Post brands(String... ids) {
      e.put("brand_ids", List.of(ids));
      return this;
    }

    Post competitors(String... ids) {
      e.put("competitor_ids", List.of(ids));
      return this;
    }

    /** The comparison sides enrichment found (enrich.TargetSentiment). */
    Post sides(List<String> preferred, List<String> dispreferred) {
      e.put("preferred_ids", preferred);
      e.put("dispreferred_ids", dispreferred);
      return this;
    }

    Post categories(String... c) {
      e.put("categories", List.of(c));
      return this;
    }

    Post lang(String l) {
      e.put("lang", l);
      return this;
    }

    Post country(String c) {
      e.put("country", c);
      return this;
    }

    Post official(String brand) {
      e.put("is_official_account", true);
      e.put("official_brand_id", brand);
      return this;
    }

    Post employee(String brand, boolean executive) {
      e.put("is_employee", true);
      e.put("employer_brand_ids", List.of(brand));
      e.put("is_executive", executive);
      return this;
    }

    /** A new version of the text (edit): another content hash. */
    Post edited(String text) {
      v.put("text", text);
      v.put("content_hash", v.get("content_hash") + "'");
      return this;
    }

    String id() {
      return (String) v.get("post_id");
    }

    Row post() {
      return row(Tables.SILVER_POSTS, v);
    }

    Row enrichment(String taxonomyVersion) {
      Map<String, Object> r = new HashMap<>(e);
      Timestamp created = (Timestamp) v.get("created_at");
      r.put("post_id", v.get("post_id"));
      r.put("platform", v.get("platform"));
      r.put("created_at", created);
      r.put("created_month", month(created));
      r.put("author_key", v.get("author_key"));
      r.put("lang_source", "source");
      r.put("country_source", e.get("country") == null ? "unknown" : "place");
      r.put("industry_ids", List.of());
      r.put("content_hash", v.get("content_hash"));
      r.put("taxonomy_version", taxonomyVersion);
      r.put("people_version", "p1");
      r.put("enriched_at", Timestamp.from(LOADED));
      return row(Tables.SILVER_POST_ENRICHMENT, r);
    }

    Row sentiment() {
      Map<String, Object> r = new HashMap<>();
      Timestamp created = (Timestamp) v.get("created_at");
      r.put("post_id", v.get("post_id"));
      r.put("created_at", created);
      r.put("created_month", month(created));
      r.put("lang", e.get("lang"));
      r.put("label", label);
      r.put("model_name", label == null ? null : "fixture");
      r.put("model_version", label == null ? null : 1);
      r.put("content_hash", v.get("content_hash"));
      r.put("scored_at", Timestamp.from(LOADED));
      return row(Tables.SILVER_POST_SENTIMENT, r);
    }
  }

  static Post post(String id, String created, String author) {
    return new Post(id, created, author);
  }

  static Row person(String key, String brand, boolean executive, String from, String to) {
    Map<String, Object> r = new HashMap<>();
    r.put("person_key", key);
    r.put("brand_id", brand);
    r.put("is_executive", executive);
    r.put("effective_from", Date.valueOf(from));
    r.put("effective_to", to == null ? null : Date.valueOf(to));
    r.put("source_file", "roster.csv");
    r.put("loaded_at", Timestamp.from(LOADED));
    return row(Tables.SILVER_PEOPLE, r);
  }

  /** A row in the contract's column order from named values (absent names are null). */
  static Row row(TableContract table, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      out.add(values.get(f.name()));
    }
    return RowFactory.create(out.toArray());
  }

  static Dataset<Row> posts(SparkSession spark, List<Post> posts) {
    return Tables.SILVER_POSTS.fixture(spark, posts.stream().map(Post::post).toList());
  }

  static Dataset<Row> enrichment(SparkSession spark, List<Post> posts) {
    return Tables.SILVER_POST_ENRICHMENT.fixture(
        spark, posts.stream().map(p -> p.enrichment(TAXONOMY.version())).toList());
  }

  static Dataset<Row> sentiment(SparkSession spark, List<Post> posts) {
    return Tables.SILVER_POST_SENTIMENT.fixture(
        spark, posts.stream().filter(p -> p.scored).map(Post::sentiment).toList());
  }

  /**
   * Appends posts with their enrichment and sentiment rows to a warehouse (tables created as
   * declared).
   */
  static void append(SparkSession spark, String warehouse, List<Post> posts) {
    write(spark, warehouse, Tables.SILVER_POSTS, posts(spark, posts));
    write(spark, warehouse, Tables.SILVER_POST_ENRICHMENT, enrichment(spark, posts));
    write(spark, warehouse, Tables.SILVER_POST_SENTIMENT, sentiment(spark, posts));
  }

  /**
   * silver.post_sentiment for every post of the warehouse labelled by {@code label}, an expression
   * over the silver.posts columns (null: unscored), conforming to its contract; labels come from
   * the data, not a model.
   */
  public static void labelPosts(
      SparkSession spark, String warehouse, String modelName, org.apache.spark.sql.Column label) {
    Dataset<Row> lang =
        Tables.SILVER_POST_ENRICHMENT.read(spark, warehouse).select("post_id", "lang");
    write(
        spark,
        warehouse,
        Tables.SILVER_POST_SENTIMENT,
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .drop("lang")
            .join(lang, "post_id")
            .withColumn("label", label)
            .withColumn("model_name", when(col("label").isNotNull(), lit(modelName)))
            .withColumn("model_version", when(col("label").isNotNull(), lit(1)))
            .withColumn("created_month", expr("trunc(created_at, 'MM')"))
            .withColumn("lang", expr("coalesce(lang, 'und')"))
            .withColumn("p_negative", lit(null))
            .withColumn("p_neutral", lit(null))
            .withColumn("p_positive", lit(null))
            .withColumn("scored_at", lit(Timestamp.from(LOADED))));
  }

  static void write(SparkSession spark, String warehouse, TableContract table, Dataset<Row> rows) {
    table.ensure(spark, warehouse);
    table.conform(rows).write().format("delta").mode("append").save(table.path(warehouse));
  }

  static Date month(Timestamp t) {
    LocalDate d = t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    return Date.valueOf(d.withDayOfMonth(1));
  }
}
