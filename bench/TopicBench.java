import static org.apache.spark.sql.functions.col;

import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ml.ClusteringMetrics;
import com.brandpulse.ml.TopicModel;
import com.brandpulse.ml.TopicTokens;
import com.brandpulse.ml.TopicTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Topic models against human labels, side by side in one run, as `train-topics` trains them
 * (ml.topics.default settings, k given): TweetTopic (train on train_2020, NMI on test_2020; word
 * context = the training texts, as with --input) and negative airline tweets against negativereason
 * (fit and score the same posts; word context = every tweet of the file, as the warehouse gives
 * complaints-en). Baseline: plain MLlib LDA, same k and seed, on the plain token counts (Tokenizer,
 * CountVectorizer defaults). With a taxonomy, the airline models exclude its brand terms
 * (TopicTokens.brandTerms). Usage: TopicBench TWEETTOPIC_DIR AIRLINE_CSV [TAXONOMY] [k...]
 */
public final class TopicBench {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("topic-bench").getOrCreate();
    Dataset<Row> ttTrain =
        spark.read().json(args[0] + "/train_2020.single.json").select("text", "label_name");
    Dataset<Row> ttTest =
        spark.read().json(args[0] + "/test_2020.single.json").select("text", "label_name");
    Dataset<Row> all =
        spark
            .read()
            .option("header", true)
            .option("multiLine", true)
            .option("escape", "\"")
            .csv(args[1])
            .dropDuplicates("tweet_id");
    Dataset<Row> airline =
        all.where("airline_sentiment = 'negative' AND negativereason IS NOT NULL")
            .select(col("text"), col("negativereason").as("label_name"))
            .cache();
    Dataset<Row> ttContext = tokens(ttTrain.select("text")).cache();
    // The airline model excludes the brand names of the airline taxonomy, as train-topics does.
    Set<String> brands =
        args.length > 2 && !args[2].matches("\\d+")
            ? TopicTokens.brandTerms(Taxonomy.load(args[2]))
            : Set.of();
    Dataset<Row> airContext = tokens(all.select("text"), brands).cache();
    System.out.printf(
        "TweetTopic train %d, test %d; airline negatives with a reason %d of %d tweets%n",
        ttTrain.count(), ttTest.count(), airline.count(), airContext.count());
    List<Integer> ks = new ArrayList<>();
    for (int i = brands.isEmpty() ? 2 : 3; i < args.length; i++) {
      ks.add(Integer.parseInt(args[i]));
    }
    if (ks.isEmpty()) {
      ks = List.of(10);
    }
    TopicTraining.Params base =
        new TopicTraining.Params("lda", 10, 3, 0.3, 20000, 17, 100, 0.25, 100, 5, 5, 40, 20);
    // Seeds (TOPIC_BENCH_SEEDS, default 17): k-means and Word2Vec move with the seed, so a
    // difference between two runs means something only beside the spread over seeds.
    long[] seeds =
        java.util.Arrays.stream(System.getenv().getOrDefault("TOPIC_BENCH_SEEDS", "17").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    for (int k : ks) {
      for (String algo : TopicTraining.ALGORITHMS) {
        double[][] nmi = new double[2][seeds.length];
        for (int i = 0; i < seeds.length; i++) {
          TopicTraining.Params p = seeded(base.withAlgorithm(algo).withK(k), seeds[i]);
          long t0 = System.nanoTime();
          TopicModel tt = TopicTraining.fit(tokens(ttTrain), ttContext, "en", p);
          double s1 = (System.nanoTime() - t0) / 1e9;
          ClusteringMetrics m1 = score(tt, ttTest);
          t0 = System.nanoTime();
          TopicModel air =
              TopicTraining.fit(tokens(airline, brands), airContext, "en", p).excluding(brands);
          double s2 = (System.nanoTime() - t0) / 1e9;
          ClusteringMetrics m2 = score(air, airline);
          nmi[0][i] = m1.nmi();
          nmi[1][i] = m2.nmi();
          System.out.printf(
              "RESULT %s k=%d seed=%d | TweetTopic test: %s (fit %.1f s) | airline negatives: %s (fit"
                  + " %.1f s)%n",
              algo, k, seeds[i], m1, s1, m2, s2);
          for (int t = 0; i == 0 && t < k; t++) {
            System.out.printf("  airline topic %d: %s%n", t, String.join(", ", air.terms()[t]));
          }
        }
        summary(algo, k, nmi);
      }
      double[][] nmi = new double[2][seeds.length];
      for (int i = 0; i < seeds.length; i++) {
        nmi[0][i] = plain(ttTrain, ttTest, k, seeds[i]).nmi();
        nmi[1][i] = plain(airline, airline, k, seeds[i]).nmi();
      }
      summary("plain-lda", k, nmi);
    }
    spark.stop();
  }

  static TopicTraining.Params seeded(TopicTraining.Params p, long seed) {
    return new TopicTraining.Params(
        p.algorithm(),
        p.k(),
        p.minDf(),
        p.maxDf(),
        p.vocabSize(),
        seed,
        p.ldaIter(),
        p.ldaSubsampling(),
        p.vectorSize(),
        p.window(),
        p.w2vIter(),
        p.kmeansIter(),
        p.sharpness());
  }

  static void summary(String algo, int k, double[][] nmi) {
    System.out.printf(
        "SUMMARY %s k=%d over %d seeds | TweetTopic test NMI %s | airline negatives NMI %s%n",
        algo, k, nmi[0].length, meanSd(nmi[0]), meanSd(nmi[1]));
  }

  static String meanSd(double[] x) {
    double m = java.util.Arrays.stream(x).average().orElse(Double.NaN);
    double v =
        java.util.Arrays.stream(x).map(d -> (d - m) * (d - m)).sum() / Math.max(1, x.length - 1);
    return String.format(
        "%.4f ± %.4f (min %.4f, max %.4f)",
        m,
        Math.sqrt(v),
        java.util.Arrays.stream(x).min().orElse(Double.NaN),
        java.util.Arrays.stream(x).max().orElse(Double.NaN));
  }

  static Dataset<Row> tokens(Dataset<Row> texts, Set<String> excluded) {
    return TopicTraining.tokens(texts, excluded);
  }

  static Dataset<Row> tokens(Dataset<Row> texts) {
    return TopicTraining.tokens(texts, Set.of());
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

  /** Plain MLlib LDA: whitespace tokens, CountVectorizer and LDA defaults, the same k and seed. */
  static ClusteringMetrics plain(Dataset<Row> train, Dataset<Row> test, int k, long seed) {
    Tokenizer tok = new Tokenizer().setInputCol("text").setOutputCol("words");
    var cv =
        new CountVectorizer()
            .setInputCol("words")
            .setOutputCol("features")
            .fit(tok.transform(train));
    LDAModel lda = new LDA().setK(k).setSeed(seed).fit(cv.transform(tok.transform(train)));
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
