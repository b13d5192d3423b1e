package com.brandpulse.gold;

import com.brandpulse.TestSpark;
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
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Silver tables written straight from their contracts, for crisis tests that need exact control of
 * the posts: one {@link Post} gives its silver.posts, silver.post_enrichment and
 * silver.post_sentiment rows.
 */
final class CrisisFixture {
  static final SparkSession SPARK = TestSpark.get();
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * One post about {@code brand} (a taxonomy id); label null = not scored; official = by the brand
   * itself.
   */
  record Post(
      String id,
      Instant at,
      String brand,
      String text,
      String label,
      List<String> categories,
      long likes,
      boolean official) {
    Post(String id, Instant at, String brand, String text, String label, List<String> categories) {
      this(id, at, brand, text, label, categories, 0, false);
    }

    String postId() {
      return "twitter:" + id;
    }

    String hash() {
      return Integer.toHexString((text + "|" + likes).hashCode());
    }
  }

  private static final Taxonomy TAXONOMY =
      Taxonomy.from(
          ConfigFactory.parseString(
              "name = fixture, brands = ["
                  + "{ id = acme, name = \"Acme Air\", kind = brand, competitors = [rival] },"
                  + "{ id = rival, name = \"Rival Jet\", kind = competitor } ]"));

  /** Two brands: acme (own) and rival (competitor). */
  static Taxonomy taxonomy() {
    return TAXONOMY;
  }

  /**
   * A row of {@code table} from the given values, other columns null or (NOT NULL) a neutral
   * default.
   */
  static Row row(TableContract table, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      if (values.containsKey(f.name())) {
        out.add(values.get(f.name()));
      } else {
        out.add(f.nullable() ? null : neutral(f.dataType()));
      }
    }
    return RowFactory.create(out.toArray());
  }

  private static Object neutral(DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return "x";
    } else if (t.equals(DataTypes.BooleanType)) {
      return false;
    } else if (t.equals(DataTypes.IntegerType)) {
      return 0;
    } else if (t.equals(DataTypes.DoubleType)) {
      return 0.0;
    } else if (t.equals(DataTypes.LongType)) {
      return 0L;
    } else if (t.equals(DataTypes.TimestampType)) {
      return Timestamp.from(EPOCH);
    } else if (t.equals(DataTypes.DateType)) {
      return Date.valueOf(LocalDate.of(2026, 1, 1));
    } else if (t instanceof ArrayType) {
      return List.of();
    }
    throw new IllegalArgumentException("no neutral value for " + t);
  }

  /** A topic by the post's words: the app outage, or the usual travel talk. */
  static String topic(Post x) {
    return x.text().contains("app") ? "app outage check" : "flight crew bag";
  }

  /**
   * Appends the posts' silver rows (posts, enrichment, sentiment, strongest topic) to the
   * warehouse.
   */
  static void append(String warehouse, List<Post> posts) {
    List<Row> p = new ArrayList<>();
    List<Row> e = new ArrayList<>();
    List<Row> s = new ArrayList<>();
    List<Row> t = new ArrayList<>();
    for (Post x : posts) {
      Timestamp at = Timestamp.from(x.at());
      Date month = Date.valueOf(x.at().atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1));
      // Columns the derived tables share; row() takes from a map only the columns its table has.
      Map<String, Object> base =
          Map.of(
              "post_id",
              x.postId(),
              "platform",
              "twitter",
              "created_at",
              at,
              "created_month",
              month,
              "lang",
              "en",
              "model_version",
              1,
              "content_hash",
              x.hash());
      Map<String, Object> post = new HashMap<>(base);
      post.put("source_id", x.id());
      post.put("author_key", "author-" + Math.floorMod(x.id().hashCode(), 500));
      post.put("text", x.text());
      post.put("is_repost", false);
      post.put("like_count", x.likes());
      p.add(row(Tables.SILVER_POSTS, post));
      Map<String, Object> en = new HashMap<>(base);
      en.put("lang_source", "source");
      en.put("country_source", "unknown");
      en.put("is_official_account", x.official());
      en.put("official_brand_id", x.official() ? x.brand() : null);
      en.put("brand_ids", x.brand().equals("acme") ? List.of("acme") : List.of());
      en.put("competitor_ids", x.brand().equals("acme") ? List.of() : List.of(x.brand()));
      en.put("categories", x.categories());
      en.put("taxonomy_version", taxonomy().version());
      e.add(row(Tables.SILVER_POST_ENRICHMENT, en));
      Map<String, Object> to = new HashMap<>(base);
      to.put("model_name", "topics-en");
      to.put("topic", topic(x).startsWith("app") ? 1 : 0);
      to.put("topic_name", topic(x));
      to.put("weight", 0.9);
      to.put("topic_rank", 1);
      t.add(row(Tables.SILVER_POST_TOPICS, to));
      if (x.label() != null) {
        Map<String, Object> se = new HashMap<>(base);
        se.put("model_name", "fixture");
        se.put("label", x.label());
        s.add(row(Tables.SILVER_POST_SENTIMENT, se));
      }
    }
    appendRows(warehouse, Tables.SILVER_POSTS, p);
    appendRows(warehouse, Tables.SILVER_POST_ENRICHMENT, e);
    appendRows(warehouse, Tables.SILVER_POST_SENTIMENT, s);
    appendRows(warehouse, Tables.SILVER_POST_TOPICS, t);
  }

  /** The crisis job on the warehouse with the test configuration and this taxonomy. */
  static CrisisJob.Result run(java.nio.file.Path w, boolean rebuild) {
    return CrisisJob.run(
        SPARK,
        w.toString(),
        CrisisSettings.from(TestSpark.config(w)),
        taxonomy(),
        rebuild,
        Instant.now());
  }

  static void appendRows(String warehouse, TableContract table, List<Row> rows) {
    table.ensure(SPARK, warehouse);
    table.fixture(SPARK, rows).write().format("delta").mode("append").save(table.path(warehouse));
  }

  /** Sorted string form of a table, to compare contents across runs. */
  static List<String> contents(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  static long version(String warehouse, TableContract table) {
    return io.delta.tables.DeltaTable.forPath(SPARK, table.path(warehouse))
        .history(1)
        .first()
        .<Long>getAs("version");
  }
}
