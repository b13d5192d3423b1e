package com.brandpulse.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trunc;

import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Sentiment scoring. Layer: ml → silver. Grain of the output: one row per post_id
 * (silver.post_sentiment). Inputs: silver.posts (text, content_hash), silver.post_enrichment
 * (lang), the champions of ml.model_registry. Rerun key (post_id, created_month): a post's row
 * lives in the month of its current created_at. A post is (re)scored when it has no row in that
 * month, its content changed, it had no model and its language has one now, or — with backfill — it
 * was scored by another model version than the champion. A row whose (post_id, created_month) is no
 * post's current one (the post was deleted, or an edit moved it to another month) is deleted in the
 * same MERGE that writes the post's new row. One MERGE per run, whose source holds at most one row
 * per key; a rerun changes nothing.
 */
public final class ScoreJob {
  private ScoreJob() {}

  /** A model for a language, as scoring ships it to executors. */
  public record LangModel(String name, int version, SentimentModel model) implements Serializable {}

  /**
   * What a run did; {@code deleted}: rows of deleted posts and rows left in a month their post
   * moved out of; {@code months}: the created_month partitions its MERGE wrote (empty: none).
   */
  public record Result(
      long scored, long unscored, long deleted, Map<String, String> models, List<Date> months) {}

  static final StructType SCORED =
      new StructType()
          .add("post_id", DataTypes.StringType, false)
          .add("created_at", DataTypes.TimestampType, false)
          .add("lang", DataTypes.StringType, false)
          .add("content_hash", DataTypes.StringType, false)
          .add("model_name", DataTypes.StringType, true)
          .add("model_version", DataTypes.IntegerType, true)
          .add("label", DataTypes.StringType, true)
          .add("p_negative", DataTypes.DoubleType, true)
          .add("p_neutral", DataTypes.DoubleType, true)
          .add("p_positive", DataTypes.DoubleType, true);

  /** The MERGE key: a post's row lives in the month of its current created_at. */
  private static final String[] KEY = {"post_id", "created_month"};

  /**
   * Each post's key in silver.post_sentiment: {@code post_id, created_month} of its current
   * created_at.
   */
  static Dataset<Row> keys(Dataset<Row> posts) {
    return posts.select(col("post_id"), trunc(col("created_at"), "MM").as("created_month"));
  }

  /**
   * The posts to (re)score: {@code post_id, created_at, lang, content_hash}, at most one row per
   * post, without their text: the comparison reads three narrow columns of the whole history, and
   * the text is fetched afterwards for these posts only ({@link #withText}). Enrichment and earlier
   * scores are joined on the post's current (post_id, created_month): a row left in another month
   * neither counts as scored nor doubles the post.
   */
  public static Dataset<Row> staleKeys(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> existing,
      Map<String, LangModel> models,
      boolean backfill) {
    Dataset<Row> current =
        posts
            .select(
                col("post_id"),
                col("created_at"),
                col("content_hash"),
                trunc(col("created_at"), "MM").as("created_month"))
            .join(
                enrichment.select(
                    col("post_id"),
                    col("created_month"),
                    coalesce(col("lang"), lit("und")).as("lang")),
                KEY)
            .join(
                existing.select(
                    col("post_id"),
                    col("created_month"),
                    col("content_hash").as("scored_hash"),
                    col("model_name"),
                    col("model_version")),
                KEY,
                "left");
    Column champion = lit(null).cast("string");
    Column championVersion = lit(null).cast("int");
    for (Map.Entry<String, LangModel> e : models.entrySet()) {
      champion =
          org.apache
              .spark
              .sql
              .functions
              .when(col("lang").equalTo(e.getKey()), lit(e.getValue().name()))
              .otherwise(champion);
      championVersion =
          org.apache
              .spark
              .sql
              .functions
              .when(col("lang").equalTo(e.getKey()), lit(e.getValue().version()))
              .otherwise(championVersion);
    }
    Column stale =
        col("scored_hash")
            .isNull()
            .or(col("scored_hash").notEqual(col("content_hash")))
            .or(col("model_version").isNull().and(champion.isNotNull()));
    if (backfill) {
      stale =
          stale.or(
              champion
                  .isNotNull()
                  .and(
                      col("model_name")
                          .notEqual(champion)
                          .or(col("model_version").notEqual(championVersion))));
    }
    return current.where(stale).select("post_id", "created_at", "lang", "content_hash");
  }

  /**
   * The posts to (re)score with their text: {@link #staleKeys} joined with silver.posts on post_id
   * (its key).
   */
  public static Dataset<Row> withText(Dataset<Row> staleKeys, Dataset<Row> posts) {
    return staleKeys.join(posts.select("post_id", "text"), "post_id");
  }

  /**
   * Applies the models: one output row per input row; posts in a language without a model get
   * NULLs.
   */
  public static Dataset<Row> score(
      Dataset<Row> toScore, Broadcast<HashMap<String, LangModel>> models) {
    StructType schema = toScore.schema(); // field indexes resolved once, not per row
    int postId = schema.fieldIndex("post_id");
    int createdAt = schema.fieldIndex("created_at");
    int langAt = schema.fieldIndex("lang");
    int contentHash = schema.fieldIndex("content_hash");
    int text = schema.fieldIndex("text");
    return toScore.mapPartitions(
        (Iterator<Row> rows) -> {
          Map<String, LangModel> byLang = models.value();
          SparseAccumulator scratch = new SparseAccumulator();
          List<Row> out = new ArrayList<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            String lang = r.getString(langAt);
            LangModel m = byLang.get(lang);
            if (m == null) {
              out.add(
                  RowFactory.create(
                      r.get(postId),
                      r.get(createdAt),
                      lang,
                      r.get(contentHash),
                      null,
                      null,
                      null,
                      null,
                      null,
                      null));
            } else {
              double[] p = m.model().probabilities(r.getString(text), scratch);
              out.add(
                  RowFactory.create(
                      r.get(postId),
                      r.get(createdAt),
                      lang,
                      r.get(contentHash),
                      m.name(),
                      m.version(),
                      m.model().labels()[SentimentModel.argmax(p)],
                      p[0],
                      p[1],
                      p[2]));
            }
          }
          return out.iterator();
        },
        ExpressionEncoder.apply(SCORED));
  }

  /**
   * The champion of each configured language ({@code lang → model name}); languages without one are
   * absent.
   */
  public static Map<String, LangModel> champions(
      ModelRegistry registry, Map<String, String> languageModels) throws IOException {
    Map<String, LangModel> out = new HashMap<>();
    Map<String, SentimentModel> loaded = new HashMap<>();
    for (Map.Entry<String, String> e : languageModels.entrySet()) {
      var champion = registry.champion(e.getValue());
      if (champion.isPresent()) {
        String key = champion.get().name() + "#" + champion.get().version();
        SentimentModel model = loaded.get(key);
        if (model == null) {
          model = registry.loadSentiment(champion.get());
          loaded.put(key, model);
        }
        out.put(e.getKey(), new LangModel(champion.get().name(), champion.get().version(), model));
      }
    }
    return out;
  }

  /**
   * The tables whose change feed names the days a nightly score compares, for sentiment and topics
   * alike: the posts, their enrichment (language) and what scoring itself wrote.
   */
  public static final List<com.brandpulse.common.TableContract> FEED_TABLES =
      List.of(
          Tables.SILVER_POSTS,
          Tables.SILVER_POST_ENRICHMENT,
          Tables.SILVER_POST_SENTIMENT,
          Tables.SILVER_POST_TOPICS);

  public static Result run(
      SparkSession spark,
      String warehouse,
      Map<String, String> languageModels,
      boolean backfill,
      Instant now)
      throws IOException {
    return run(spark, warehouse, languageModels, backfill, null, now);
  }

  /**
   * As {@link #run(SparkSession, String, Map, boolean, Instant)}, comparing only the posts and
   * scores of {@code days} (UTC dates of created_at; null: all) — the days whose posts, enrichment
   * or scores changed since the last run, when the caller knows them ({@link
   * com.brandpulse.common.ChangeFeed}): no other day can have become stale.
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      Map<String, String> languageModels,
      boolean backfill,
      List<Date> days,
      Instant now)
      throws IOException {
    Tables.SILVER_POST_SENTIMENT.ensure(spark, warehouse);
    Map<String, LangModel> models = champions(new ModelRegistry(spark, warehouse), languageModels);
    Dataset<Row> posts = Tables.SILVER_POSTS.read(spark, warehouse);
    Dataset<Row> existing = Tables.SILVER_POST_SENTIMENT.read(spark, warehouse);
    Dataset<Row> enrichment = Tables.SILVER_POST_ENRICHMENT.read(spark, warehouse);
    if (days != null) {
      posts = posts.where(StaleDays.column(days, "created_at"));
      existing = existing.where(StaleDays.inMonthColumn(days));
      enrichment = enrichment.where(StaleDays.inMonthColumn(days));
    }
    Dataset<Row> stale =
        staleKeys(posts, enrichment, existing, models, backfill)
            .persist(StorageLevel.MEMORY_AND_DISK());
    // The text of those posts only: data skipping on created_at's file statistics leaves out the
    // files of other days, so a night reads the night's text, not the history's.
    Dataset<Row> todo =
        withText(stale, posts.where(StaleDays.column(StaleDays.daysOf(stale), "created_at")));
    Broadcast<HashMap<String, LangModel>> shipped =
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
            .broadcast(new HashMap<>(models));
    Dataset<Row> scored =
        score(todo, shipped)
            .withColumn("created_month", trunc(col("created_at"), "MM"))
            .withColumn("scored_at", lit(Timestamp.from(now)));
    // Rows at a key that is no post's current one: deleted posts, and posts an edit moved to
    // another month.
    Dataset<Row> gone =
        existing
            .select("post_id", "created_month")
            .distinct()
            .join(keys(posts), KEY, "left_anti")
            .withColumn("_delete", lit(true));
    // Scored keys are current ones (one per post), gone keys are not: the two never share a key.
    Dataset<Row> changes =
        Tables.SILVER_POST_SENTIMENT
            .conform(scored)
            .withColumn("_delete", lit(false))
            .unionByName(gone, true)
            .cache();
    Row tally =
        changes
            .selectExpr(
                "count_if(NOT _delete AND label IS NOT NULL) AS scored",
                "count_if(NOT _delete AND label IS NULL) AS unscored",
                "count_if(_delete) AS deleted",
                "count(1) - count(DISTINCT post_id, created_month) AS duplicates")
            .first();
    long scoredCount = tally.getLong(tally.fieldIndex("scored"));
    long unscored = tally.getLong(tally.fieldIndex("unscored"));
    long deleted = tally.getLong(tally.fieldIndex("deleted"));
    long duplicates = tally.getLong(tally.fieldIndex("duplicates"));
    if (duplicates > 0) {
      // Delta would refuse the MERGE (several source rows for one target row); say which input
      // broke the grain.
      changes.unpersist();
      stale.unpersist();
      throw new IllegalStateException(
          duplicates
              + " duplicate (post_id, created_month) key(s) to score:"
              + " silver.posts, silver.post_enrichment or silver.post_sentiment holds two rows for a post in one month");
    }
    List<Date> months = List.of();
    if (scoredCount + unscored + deleted > 0) {
      // The months the changes touch, named in the condition: the MERGE reads only their files.
      months =
          changes.select("created_month").distinct().collectAsList().stream()
              .map(r -> r.<Date>getAs("created_month"))
              .sorted()
              .toList();
      Tables.SILVER_POST_SENTIMENT
          .delta(spark, warehouse)
          .as("t")
          .merge(
              changes.as("s"),
              "t.post_id = s.post_id AND t.created_month = s.created_month AND "
                  + TableContract.dateIn("t.created_month", months))
          .whenMatched("s._delete")
          .delete()
          .whenMatched()
          .updateAll()
          .whenNotMatched("NOT s._delete")
          .insertAll()
          .execute();
    }
    changes.unpersist();
    stale.unpersist();
    shipped.destroy();
    Map<String, String> used = new HashMap<>();
    models.forEach((lang, m) -> used.put(lang, m.name() + " v" + m.version()));
    return new Result(scoredCount, unscored, deleted, used, months);
  }
}
