import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.brandpulse.common.Tables;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.ScoreJob;
import java.util.HashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Sentiment scoring throughput, side by side in one run: the posts' texts read from a cached frame
 * (bare: sum of text lengths) vs the same posts scored by the champion (all three probabilities).
 * Usage: bench/run.sh ScoreBench POSTS_WAREHOUSE MODELS_WAREHOUSE [LANG]
 */
public final class ScoreBench {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("score-bench").getOrCreate();
    String lang = args.length > 2 ? args[2] : "en";
    Dataset<Row> posts =
        Tables.SILVER_POSTS
            .read(spark, args[0])
            .select(
                org.apache.spark.sql.functions.col("post_id"),
                org.apache.spark.sql.functions.col("created_at"),
                lit(lang).as("lang"),
                org.apache.spark.sql.functions.col("content_hash"),
                org.apache.spark.sql.functions.col("text"))
            .repartition(spark.sparkContext().defaultParallelism() * 2)
            .persist(StorageLevel.MEMORY_ONLY());
    long n = posts.count();
    ModelRegistry registry = new ModelRegistry(spark, args[1]);
    var champion = registry.champion("sentiment-" + lang).orElseThrow();
    HashMap<String, ScoreJob.LangModel> models = new HashMap<>();
    models.put(
        lang,
        new ScoreJob.LangModel(
            champion.name(), champion.version(), registry.loadSentiment(champion)));
    var shipped = new JavaSparkContext(spark.sparkContext()).broadcast(models);
    ScoreJob.score(posts.limit(1000), shipped).count(); // warm-up: JIT and broadcast
    for (int round = 1; round <= 2; round++) {
      long t0 = System.nanoTime();
      long chars =
          posts.agg(sum(length(org.apache.spark.sql.functions.col("text")))).first().getLong(0);
      double bare = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      double p = ScoreJob.score(posts, shipped).agg(sum("p_negative")).first().getDouble(0);
      double scored = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          "round %d: %,d posts (%,d chars); bare read %.2f s (%,.0f posts/s); scored %.2f s"
              + " (%,.0f posts/s); ratio %.1f; sum p_negative %.1f%n",
          round, n, chars, bare, n / bare, scored, n / scored, scored / bare, p);
    }
  }
}
