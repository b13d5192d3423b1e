import static org.apache.spark.sql.functions.col;

import com.brandpulse.ml.ClusteringMetrics;
import com.brandpulse.ml.TopicModel;
import com.brandpulse.ml.TopicTraining;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Topic models against human labels, side by side in one run: TweetTopic (train on train_2020, NMI
 * on test_2020) and negative airline tweets against negativereason (fit and score the same posts),
 * for LDA and embedding k-means as Brand Pulse trains them, and for plain MLlib LDA with defaults
 * (Tokenizer, CountVectorizer and LDA defaults, k = 10). Usage: TopicBench TWEETTOPIC_DIR
 * AIRLINE_CSV SEMEVAL_DIR [k...]
 */
public final class TopicBench {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("topic-bench").getOrCreate();
    Dataset<Row> ttTrain =
        spark.read().json(args[0] + "/train_2020.single.json").select("text", "label_name");
    Dataset<Row> ttTest =
        spark.read().json(args[0] + "/test_2020.single.json").select("text", "label_name");
    Dataset<Row> airline =
        spark
            .read()
            .option("header", true)
            .option("multiLine", true)
            .option("escape", "\"")
            .csv(args[1])
            .dropDuplicates("tweet_id")
            .where("airline_sentiment = 'negative'")
            .select(col("text"), col("negativereason").as("label_name"));
    Dataset<Row> semeval =
        spark
            .read()
            .option("sep", "\t")
            .option("quote", "")
            .csv(args[2])
            .select(col("_c2").as("text"))
            .where("text IS NOT NULL");
    Dataset<Row> context =
        TopicTraining.tokens(semeval.union(ttTrain.select("text")).union(airline.select("text")))
            .cache();
    System.out.printf(
        "TweetTopic train %d, test %d; airline negatives %d; word context %d posts%n",
        ttTrain.count(), ttTest.count(), airline.count(), context.count());
    List<Integer> ks = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      ks.add(Integer.parseInt(args[i]));
    }
    if (ks.isEmpty()) {
      ks = List.of(10, 20);
    }
    TopicTraining.Params base =
        new TopicTraining.Params("lda", 10, 3, 0.3, 20000, 17, 100, 0.25, 100, 5, 5, 40, 20);
    for (int k : ks) {
      for (String algo : TopicTraining.ALGORITHMS) {
        TopicTraining.Params p = base.withAlgorithm(algo).withK(k);
        long t0 = System.nanoTime();
        TopicModel tt = TopicTraining.fit(TopicTraining.tokens(ttTrain), context, "en", p);
        double s1 = (System.nanoTime() - t0) / 1e9;
        ClusteringMetrics m1 = score(tt, ttTest);
        t0 = System.nanoTime();
        TopicModel air = TopicTraining.fit(TopicTraining.tokens(airline), context, "en", p);
        double s2 = (System.nanoTime() - t0) / 1e9;
        ClusteringMetrics m2 = score(air, airline);
        System.out.printf(
            "RESULT %s k=%d | TweetTopic test: %s (fit %.1f s) | airline negatives: %s (fit %.1f s)%n",
            algo, k, m1, s1, m2, s2);
        for (int t = 0; t < Math.min(k, 10); t++) {
          System.out.printf("  airline topic %d: %s%n", t, String.join(", ", air.terms()[t]));
        }
      }
    }
    System.out.printf(
        "RESULT plain-lda-defaults k=10 | TweetTopic test: %s | airline negatives: %s%n",
        plain(spark, ttTrain, ttTest), plain(spark, airline, airline));
    spark.stop();
  }

  static ClusteringMetrics score(TopicModel m, Dataset<Row> labelled) {
    List<String> labels = new ArrayList<>();
    List<Integer> topics = new ArrayList<>();
    for (Row r : labelled.collectAsList()) {
      labels.add(r.getString(1));
      topics.add(m.topic(r.getString(0)));
    }
    return ClusteringMetrics.of(labels, topics);
  }

  static ClusteringMetrics plain(SparkSession spark, Dataset<Row> train, Dataset<Row> test) {
    Tokenizer tok = new Tokenizer().setInputCol("text").setOutputCol("words");
    var cv =
        new CountVectorizer()
            .setInputCol("words")
            .setOutputCol("features")
            .fit(tok.transform(train));
    LDAModel lda = new LDA().setK(10).setSeed(17).fit(cv.transform(tok.transform(train)));
    List<String> labels = new ArrayList<>();
    List<Integer> topics = new ArrayList<>();
    for (Row r :
        lda.transform(cv.transform(tok.transform(test)))
            .select("label_name", "topicDistribution")
            .collectAsList()) {
      labels.add(r.getString(0));
      topics.add(((Vector) r.get(1)).argmax());
    }
    return ClusteringMetrics.of(labels, topics);
  }
}
