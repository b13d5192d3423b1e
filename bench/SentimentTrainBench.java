import com.brandpulse.common.Tables;
import com.brandpulse.ml.SentimentFeaturizer;
import com.brandpulse.ml.SentimentModel;
import com.brandpulse.ml.SentimentTraining;
import com.brandpulse.ml.SparseAccumulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Where sentiment training time goes: featurising, IDF, and logistic-regression fits of several
 * sizes on the same cached vectors, timed side by side. Usage: bench/run.sh SentimentTrainBench
 * WAREHOUSE
 */
public final class SentimentTrainBench {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("sentiment-train-bench").getOrCreate();
    String warehouse = args[0];
    Dataset<Row> labelled = Tables.ML_LABELLED_POSTS.read(spark, warehouse);
    Dataset<Row> eval = labelled.where("source = 'tweeteval:validation'");
    String sources = args.length > 1 ? args[1] : "source LIKE 'semeval:%'";
    Dataset<Row> train =
        labelled
            .where(sources)
            .join(eval.select("text_hash"), "text_hash", "left_anti")
            .select("text", "label")
            .repartition(2)
            .persist(StorageLevel.MEMORY_ONLY());
    System.out.println("train rows " + train.count());
    List<Row> evalRows = eval.select("text", "label").collectAsList();
    Map<String, Long> counts =
        train.groupBy("label").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    List<String> texts = evalRows.stream().map(r -> r.getString(0)).toList();
    List<String> labels = evalRows.stream().map(r -> r.getString(1)).toList();
    int[] bitsList =
        args.length > 2
            ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {18, 20};
    int[] charList =
        args.length > 3
            ? java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {0, 5};
    int[] iterList =
        args.length > 4
            ? java.util.Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {20, 100};
    double[] regList =
        args.length > 5
            ? java.util.Arrays.stream(args[5].split(",")).mapToDouble(Double::parseDouble).toArray()
            : new double[] {3e-4};
    double[] powList =
        args.length > 6
            ? java.util.Arrays.stream(args[6].split(",")).mapToDouble(Double::parseDouble).toArray()
            : new double[] {0.85};
    for (int bits : bitsList) {
      for (int charMax : charList) {
        SentimentFeaturizer f = new SentimentFeaturizer("en", bits, 2, 2, charMax, false);
        long t0 = System.nanoTime();
        float[] idf =
            SentimentTraining.idf(
                train.select("text").as(org.apache.spark.sql.Encoders.STRING()), f);
        Dataset<Row> v =
            SentimentTraining.vectors(train, f, idf).persist(StorageLevel.MEMORY_ONLY());
        long n = v.count();
        System.out.printf(
            "bits %d chars 2-%d: idf+vectors %.1f s (%d rows, %d of %d buckets used)%n",
            bits,
            charMax,
            (System.nanoTime() - t0) / 1e9,
            n,
            SentimentTraining.usedBuckets(v).length,
            f.size());
        // Both ways once, short, so that neither timed fit pays the JIT's warm-up alone.
        for (boolean overUsed : new boolean[] {true, false}) {
          SentimentTraining.fit(
              v, counts, new SentimentTraining.Params(1e-4, 1, 3), f, idf, overUsed);
        }
        for (int iters : iterList)
          for (double reg : regList)
            for (double pow : powList) {
              // Side by side on the same cached vectors: over the used buckets (production)
              // and over all 2^bits buckets (before 2026-12-06).
              var params = new SentimentTraining.Params(reg, pow, iters);
              long t1 = System.nanoTime();
              SentimentModel used = SentimentTraining.fit(v, counts, params, f, idf, true);
              double usedFit = (System.nanoTime() - t1) / 1e9;
              long t2 = System.nanoTime();
              SentimentModel all = SentimentTraining.fit(v, counts, params, f, idf, false);
              double allFit = (System.nanoTime() - t2) / 1e9;
              double maxDiff = 0;
              var scratch = new SparseAccumulator();
              for (String t : texts) {
                double[] a = used.probabilities(t, scratch);
                double[] b = all.probabilities(t, scratch);
                for (int c = 0; c < a.length; c++) {
                  maxDiff = Math.max(maxDiff, Math.abs(a[c] - b[c]));
                }
              }
              System.out.printf(
                  "  maxIter %d reg %.0e pow %.2f: fit over used buckets %.1f s, over all %.1f s"
                      + " (ratio %.2f); macro recall %.4f vs %.4f; largest probability"
                      + " difference %.2e%n",
                  iters,
                  reg,
                  pow,
                  usedFit,
                  allFit,
                  allFit / usedFit,
                  SentimentTraining.evaluate(used, texts, labels).macroRecall(),
                  SentimentTraining.evaluate(all, texts, labels).macroRecall(),
                  maxDiff);
            }
        v.unpersist();
      }
    }
  }
}
