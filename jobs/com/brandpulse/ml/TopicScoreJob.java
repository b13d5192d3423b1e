package com.brandpulse.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;

import com.brandpulse.common.StaleDays;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.common.TimeLayout;
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
import org.apache.spark.api.java.JavaSparkContext;
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
 * Topic scoring. Layer: ml → silver. Output grain: one row per post_id, model_name and topic
 * (silver.post_topics). Inputs: silver.posts, silver.post_enrichment (lang), silver.post_sentiment
 * (the complaints models see only negative posts), the champions of topics-&lt;lang&gt; and
 * complaints-&lt;lang&gt;. Rerun key: the day (UTC) of created_at, inside its created_month
 * partition. A day is recomputed when what it stores differs from what the champions should have
 * scored in it, compared by (post_id, model, version, content_hash, created_month, day): one of its
 * posts is new, edited, gone, moved to another day (both days), changed sentiment, or was scored by
 * another version than the champion (topic numbers mean nothing across versions, so a new champion
 * re-scores all history at once); those days are replaced in one commit each run (a night costs its
 * own posts, not its month's), and a rerun with nothing new commits nothing. A post's tokens leave
 * out the terms the model's training left out (brand names: its artifact carries them), so scoring
 * matches training whatever the taxonomy says today.
 */
public final class TopicScoreJob {
  private TopicScoreJob() {}

  public record Champion(String name, int version, TopicModel model) implements Serializable {}

  public record Result(List<Date> months, List<Date> days, long rows, Map<String, String> models) {}

  static final StructType SCORED =
      new StructType()
          .add("post_id", DataTypes.StringType, false)
          .add("created_at", DataTypes.TimestampType, false)
          .add("lang", DataTypes.StringType, false)
          .add("model_name", DataTypes.StringType, false)
          .add("model_version", DataTypes.IntegerType, false)
          .add("topic", DataTypes.IntegerType, false)
          .add("topic_name", DataTypes.StringType, false)
          .add("weight", DataTypes.DoubleType, false)
          .add("topic_rank", DataTypes.IntegerType, false)
          .add("content_hash", DataTypes.StringType, false);

  /**
   * What each champion should have scored: {@code post_id, created_at, created_month, lang,
   * content_hash, text, model_name, model_version} — every post of the language for topics-*, the
   * negative ones for complaints-*.
   */
  public static Dataset<Row> expected(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> sentiment,
      Map<String, Champion> champions) {
    // Joined on the post's current month too: a row another job left in an old month never doubles
    // a post.
    String[] key = {"post_id", "created_month"};
    Dataset<Row> base =
        posts
            .select("post_id", "created_at", "content_hash", "text")
            .withColumn("created_month", trunc(col("created_at"), "MM"))
            .join(
                enrichment.select(
                    col("post_id"),
                    col("created_month"),
                    coalesce(col("lang"), lit("und")).as("lang")),
                key);
    Dataset<Row> negative =
        base.join(sentiment.where("label = 'negative'").select("post_id", "created_month"), key);
    Dataset<Row> out = null;
    for (Champion c : champions.values()) {
      String lang = c.model().lang();
      Dataset<Row> part =
          (c.name().startsWith("complaints-") ? negative : base)
              .where(col("lang").equalTo(lang))
              .withColumn("model_name", lit(c.name()))
              .withColumn("model_version", lit(c.version()));
      out = out == null ? part : out.unionByName(part);
    }
    return out;
  }

  /** Months where what is stored differs from what the champions should have scored. */
  public static List<Date> staleDays(Dataset<Row> expected, Dataset<Row> stored) {
    String[] key = {"post_id", "model_name", "model_version", "content_hash", "created_month"};
    Column day = to_date(col("created_at")).as("day");
    Dataset<Row> want =
        expected
            .select(col(key[0]), col(key[1]), col(key[2]), col(key[3]), col(key[4]), day)
            .distinct();
    Dataset<Row> have =
        stored
            .select(col(key[0]), col(key[1]), col(key[2]), col(key[3]), col(key[4]), day)
            .distinct();
    return StaleDays.collect(want.except(have).union(have.except(want)));
  }

  /**
   * Top topics of each post: at most {@code topN} with weight ≥ minWeight (the first always), or
   * topic -1.
   */
  public static Dataset<Row> score(
      Dataset<Row> todo, Broadcast<HashMap<String, Champion>> models, int topN, double minWeight) {
    Dataset<Row> input =
        todo.select("post_id", "created_at", "lang", "content_hash", "text", "model_name");
    StructType schema = input.schema(); // field indexes resolved once, not per row
    int postId = schema.fieldIndex("post_id");
    int createdAt = schema.fieldIndex("created_at");
    int lang = schema.fieldIndex("lang");
    int contentHash = schema.fieldIndex("content_hash");
    int text = schema.fieldIndex("text");
    int modelName = schema.fieldIndex("model_name");
    return input.mapPartitions(
        (Iterator<Row> rows) -> {
          Map<String, Champion> byName = models.value();
          List<Row> out = new ArrayList<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            Champion c = byName.get(r.getString(modelName));
            TopicModel m = c.model();
            List<double[]> top = m.top(m.distribution(r.getString(text)), topN, minWeight);
            if (top.isEmpty()) {
              out.add(
                  RowFactory.create(
                      r.get(postId),
                      r.get(createdAt),
                      r.get(lang),
                      c.name(),
                      c.version(),
                      -1,
                      "(no known word)",
                      0.0,
                      1,
                      r.get(contentHash)));
            }
            for (int i = 0; i < top.size(); i++) {
              int t = (int) top.get(i)[0];
              out.add(
                  RowFactory.create(
                      r.get(postId),
                      r.get(createdAt),
                      r.get(lang),
                      c.name(),
                      c.version(),
                      t,
                      m.name(t),
                      top.get(i)[1],
                      i + 1,
                      r.get(contentHash)));
            }
          }
          return out.iterator();
        },
        ExpressionEncoder.apply(SCORED));
  }

  /** Champions of topics-&lt;lang&gt; and complaints-&lt;lang&gt; for the languages given. */
  public static Map<String, Champion> champions(ModelRegistry registry, List<String> langs)
      throws IOException {
    Map<String, Champion> out = new HashMap<>();
    for (String lang : langs) {
      for (String scope : TopicTrainJob.SCOPES) {
        String name = TopicTrainJob.modelName(scope, lang);
        var v = registry.champion(name);
        if (v.isPresent()) {
          out.put(name, new Champion(name, v.get().version(), registry.loadTopics(v.get())));
        }
      }
    }
    return out;
  }

  public static Result run(
      SparkSession spark,
      String warehouse,
      List<String> langs,
      int topN,
      double minWeight,
      Instant now)
      throws IOException {
    return run(spark, warehouse, langs, topN, minWeight, null, now);
  }

  /**
   * As {@link #run(SparkSession, String, List, int, double, Instant)}, comparing only {@code
   * candidates} (UTC days; null: every day): the days whose inputs changed since the last run.
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      List<String> langs,
      int topN,
      double minWeight,
      List<Date> candidates,
      Instant now)
      throws IOException {
    TableContract table = Tables.SILVER_POST_TOPICS;
    table.ensure(spark, warehouse);
    Tables.SILVER_POST_SENTIMENT.ensure(spark, warehouse);
    Map<String, Champion> champions = champions(new ModelRegistry(spark, warehouse), langs);
    Map<String, String> used = new HashMap<>();
    champions.forEach((name, c) -> used.put(name, "v" + c.version()));
    Dataset<Row> stored = table.read(spark, warehouse);
    Dataset<Row> posts = Tables.SILVER_POSTS.read(spark, warehouse);
    Dataset<Row> enrichment = Tables.SILVER_POST_ENRICHMENT.read(spark, warehouse);
    Dataset<Row> sentiment = Tables.SILVER_POST_SENTIMENT.read(spark, warehouse);
    if (candidates != null) {
      stored = stored.where(StaleDays.inMonthColumn(candidates));
      posts = posts.where(StaleDays.column(candidates, "created_at"));
      enrichment = enrichment.where(StaleDays.inMonthColumn(candidates));
      sentiment = sentiment.where(StaleDays.inMonthColumn(candidates));
    }
    Dataset<Row> expected =
        champions.isEmpty() ? null : expected(posts, enrichment, sentiment, champions);
    List<Date> days = expected == null ? StaleDays.daysOf(stored) : staleDays(expected, stored);
    List<Date> months = StaleDays.months(days);
    if (days.isEmpty()) {
      return new Result(months, days, 0, used);
    }
    String inDays = StaleDays.inMonthPartitions(days);
    Dataset<Row> rows;
    Broadcast<HashMap<String, Champion>> shipped = null;
    if (expected == null) {
      rows = stored.limit(0); // no champion any more: the days' rows go
    } else {
      shipped =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .broadcast(new HashMap<>(champions));
      // On local disk: laying the rows out by day samples them first, which would otherwise run
      // the scoring twice.
      rows =
          score(expected.where(expr(inDays)), shipped, topN, minWeight)
              .withColumn("created_month", trunc(col("created_at"), "MM"))
              .withColumn("scored_at", lit(Timestamp.from(now)))
              .persist(StorageLevel.DISK_ONLY());
    }
    try {
      // One file per day or so: a later night's replaceWhere of its days rewrites their files only.
      table.replace(TimeLayout.byDay(rows, days.size()), warehouse, inDays);
    } finally {
      rows.unpersist();
      if (shipped != null) {
        shipped.destroy();
      }
    }
    long written = table.read(spark, warehouse).where(expr(inDays)).count();
    return new Result(months, days, written, used);
  }
}
