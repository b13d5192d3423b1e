package com.brandpulse.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sentiment training as pure functions on Datasets of labelled text ({@code text, label}): IDF over
 * the hashed features, class-weighted feature vectors, multinomial logistic regression (no
 * standardisation: it inflates rare sparse features), held-out evaluation with the same scoring
 * code production uses, and a seeded random search over regularisation and class-weight strength.
 */
public final class SentimentTraining {
  private SentimentTraining() {}

  public static final List<String> LABELS =
      List.of(LabelledPost.NEGATIVE, LabelledPost.NEUTRAL, LabelledPost.POSITIVE);

  /**
   * Hyper-parameters searched. {@code classWeightPower}: 0 = no weighting, 1 = fully balanced
   * classes.
   */
  public record Params(double regParam, double classWeightPower, int maxIter) {
    public Map<String, String> asMap() {
      return Map.of(
          "reg_param",
          Double.toString(regParam),
          "class_weight_power",
          Double.toString(classWeightPower),
          "max_iter",
          Integer.toString(maxIter));
    }
  }

  /** Smoothed IDF per hashed feature, from document frequencies over {@code texts}. */
  public static float[] idf(Dataset<String> texts, SentimentFeaturizer featurizer) {
    int size = featurizer.size();
    JavaRDD<long[]> partials =
        texts
            .javaRDD()
            .mapPartitions(
                rows -> {
                  long[] df = new long[size + 1];
                  SparseAccumulator acc = new SparseAccumulator();
                  while (rows.hasNext()) {
                    featurizer.features(rows.next(), acc);
                    for (int i = 0; i < acc.size(); i++) {
                      df[acc.index(i)]++;
                    }
                    df[size]++;
                  }
                  return Collections.singletonList(df).iterator();
                });
    long[] df = partials.reduce(SentimentTraining::addInto);
    long n = df[size];
    float[] idf = new float[size];
    for (int i = 0; i < size; i++) {
      idf[i] = (float) (Math.log((n + 1.0) / (df[i] + 1.0)) + 1.0);
    }
    return idf;
  }

  /**
   * Naive-Bayes log-count ratios as feature weights (Wang and Manning's NBSVM idea, one-vs-rest for
   * several classes): a feature's weight is {@code 1 - beta + beta · r / mean(r)}, where r is the
   * largest |log ratio| of its smoothed document frequency in one class against the others. Folded
   * into the IDF, so scoring is unchanged; L2 then penalises informative features less than
   * uninformative ones. {@code beta = 0} returns all ones.
   */
  public static float[] nbWeights(
      Dataset<Row> labelled, SentimentFeaturizer featurizer, double beta) {
    int size = featurizer.size();
    float[] out = new float[size];
    Arrays.fill(out, 1f);
    if (beta == 0) {
      return out;
    }
    int k = LABELS.size();
    Dataset<Row> input = labelled.select("text", "label");
    JavaRDD<long[]> partials =
        input
            .javaRDD()
            .mapPartitions(
                rows -> {
                  long[] df = new long[k * size + k];
                  SparseAccumulator acc = new SparseAccumulator();
                  while (rows.hasNext()) {
                    Row r = rows.next();
                    int c = LABELS.indexOf(r.getString(1));
                    if (c < 0) {
                      continue;
                    }
                    featurizer.features(r.getString(0), acc);
                    for (int i = 0; i < acc.size(); i++) {
                      df[c * size + acc.index(i)]++;
                    }
                    df[k * size + c]++;
                  }
                  return Collections.singletonList(df).iterator();
                });
    long[] df = partials.reduce(SentimentTraining::addInto);
    double[] total = new double[k];
    double all = 0;
    for (int c = 0; c < k; c++) {
      for (int f = 0; f < size; f++) {
        total[c] += df[c * size + f] + 1;
      }
      all += total[c];
    }
    double[] r = new double[size];
    double mean = 0;
    for (int f = 0; f < size; f++) {
      long sum = 0;
      for (int c = 0; c < k; c++) {
        sum += df[c * size + f];
      }
      double best = 0;
      for (int c = 0; c < k; c++) {
        if (df[k * size + c] == 0) {
          continue; // a class without training rows (NSMC has no neutral) says nothing
        }
        double p = (df[c * size + f] + 1) / total[c];
        double q = (sum - df[c * size + f] + k - 1) / (all - total[c]);
        best = Math.max(best, Math.abs(Math.log(p / q)));
      }
      r[f] = best;
      mean += best;
    }
    mean /= size;
    for (int f = 0; f < size; f++) {
      out[f] = (float) (1 - beta + beta * r[f] / mean);
    }
    return out;
  }

  /** Element-wise sum of per-partition counts, into {@code a}. */
  private static long[] addInto(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** Class weights N / (K · n_c), raised to {@code power}, from the label counts. */
  public static Map<String, Double> classWeights(Map<String, Long> counts, double power) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> w = new HashMap<>();
    counts.forEach(
        (label, n) -> w.put(label, Math.pow((double) total / (counts.size() * n), power)));
    return w;
  }

  public static final StructType VECTORS =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, false)
          .add("base_weight", DataTypes.DoubleType, false);

  /** {@code text, label} → {@code features, label (index in LABELS), base_weight (1)}. */
  public static Dataset<Row> vectors(
      Dataset<Row> labelled, SentimentFeaturizer featurizer, float[] idf) {
    int size = featurizer.size();
    Dataset<Row> input = labelled.select("text", "label");
    int text = input.schema().fieldIndex("text"); // field indexes resolved once, not per row
    int label = input.schema().fieldIndex("label");
    return input.mapPartitions(
        (Iterator<Row> rows) -> {
          SparseAccumulator acc = new SparseAccumulator();
          List<Row> out = new ArrayList<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            featurizer.features(r.getString(text), acc);
            out.add(
                RowFactory.create(
                    acc.toVector(size, idf), (double) LABELS.indexOf(r.getString(label)), 1.0));
          }
          return out.iterator();
        },
        ExpressionEncoder.apply(VECTORS));
  }

  /**
   * Fits weighted multinomial LR on cached vectors and folds IDF into a scoring model, over the
   * buckets the training vectors use (see {@link #usedBuckets}).
   */
  public static SentimentModel fit(
      Dataset<Row> vectors,
      Map<String, Long> labelCounts,
      Params params,
      SentimentFeaturizer featurizer,
      float[] idf) {
    return fit(vectors, labelCounts, params, featurizer, idf, true);
  }

  /**
   * As above; {@code overUsedBuckets = false} fits over all 2^bits buckets, for the benchmark that
   * compares the two (bench/SentimentTrainBench).
   */
  public static SentimentModel fit(
      Dataset<Row> vectors,
      Map<String, Long> labelCounts,
      Params params,
      SentimentFeaturizer featurizer,
      float[] idf,
      boolean overUsedBuckets) {
    Map<String, Double> weights = classWeights(labelCounts, params.classWeightPower());
    String weightExpr =
        "CASE label "
            + IntStream.range(0, LABELS.size())
                .mapToObj(c -> " WHEN " + c + " THEN " + weights.getOrDefault(LABELS.get(c), 1.0))
                .reduce("", String::concat)
            + " END";
    int[] used = overUsedBuckets ? usedBuckets(vectors) : null;
    if (used != null && used.length == 0) {
      used = null; // no post has a feature: the intercepts alone, as over all buckets
    }
    Dataset<Row> input = used == null ? vectors : compact(vectors, used).persist();
    try {
      LogisticRegressionModel lr =
          new LogisticRegression()
              .setFamily("multinomial")
              .setStandardization(false)
              .setElasticNetParam(0.0)
              .setRegParam(params.regParam())
              .setMaxIter(params.maxIter())
              .setTol(1e-6)
              .setWeightCol("weight")
              // One block per partition: per-block work is dense in features x classes, so many
              // small blocks (the 1 MB default) cost far more than the sparse products themselves.
              .setMaxBlockSizeInMB(1024)
              .fit(input.withColumn("weight", org.apache.spark.sql.functions.expr(weightExpr)));
      return toModel(lr, featurizer, idf, used);
    } finally {
      if (used != null) {
        input.unpersist();
      }
    }
  }

  /**
   * The hashed buckets that any training vector uses, ascending. Multinomial LR keeps its
   * coefficients, gradients and L-BFGS history dense in features x classes, and sends them to the
   * tasks at every step. A bucket no training post uses gets no gradient from the loss and no
   * penalty at zero, so its coefficient stays zero: fitting over the used buckets alone gives the
   * same model, at a cost that follows the training data instead of 2^bits (a few thousand buckets
   * for the demo's labelled set, against 262,144).
   */
  public static int[] usedBuckets(Dataset<Row> vectors) {
    int column = vectors.schema().fieldIndex("features");
    BitSet all =
        vectors
            .javaRDD()
            .mapPartitions(
                rows -> {
                  BitSet seen = new BitSet();
                  while (rows.hasNext()) {
                    Vector v = rows.next().getAs(column);
                    for (int i : v.toSparse().indices()) {
                      seen.set(i);
                    }
                  }
                  return Collections.singletonList(seen).iterator();
                })
            .reduce(
                (a, b) -> {
                  a.or(b);
                  return a;
                });
    return all.stream().toArray();
  }

  /** {@code vectors} with each used bucket renumbered by its place in {@code used}. */
  static Dataset<Row> compact(Dataset<Row> vectors, int[] used) {
    int features = vectors.schema().fieldIndex("features");
    int label = vectors.schema().fieldIndex("label");
    int weight = vectors.schema().fieldIndex("base_weight");
    return vectors.map(
        (MapFunction<Row, Row>)
            r -> {
              SparseVector v = ((Vector) r.get(features)).toSparse();
              int[] idx = new int[v.indices().length];
              for (int i = 0; i < idx.length; i++) {
                idx[i] = Arrays.binarySearch(used, v.indices()[i]);
              }
              return RowFactory.create(
                  new SparseVector(used.length, idx, v.values()),
                  r.getDouble(label),
                  r.getDouble(weight));
            },
        ExpressionEncoder.apply(VECTORS));
  }

  /**
   * The fit's coefficients as a scoring model; {@code used}: the bucket of each column, or null.
   */
  static SentimentModel toModel(
      LogisticRegressionModel lr, SentimentFeaturizer featurizer, float[] idf, int[] used) {
    Matrix coef = lr.coefficientMatrix();
    int k = coef.numRows();
    if (k != LABELS.size()) {
      throw new IllegalStateException(
          "expected " + LABELS.size() + " classes (" + LABELS + "), the fit has " + k);
    }
    float[] w = new float[featurizer.size() * k];
    for (int col = 0; col < coef.numCols(); col++) {
      int bucket = used == null ? col : used[col];
      for (int row = 0; row < k; row++) {
        w[bucket * k + row] = (float) coef.apply(row, col);
      }
    }
    return new SentimentModel(
        featurizer, LABELS.toArray(String[]::new), idf, w, lr.interceptVector().toArray());
  }

  /**
   * Scores {@code texts} with the production path (parallel, order kept) and compares with {@code
   * labels}.
   */
  public static ClassificationMetrics evaluate(
      SentimentModel model, List<String> texts, List<String> labels) {
    return ClassificationMetrics.of(LABELS, labels, predict(model, texts));
  }

  public static List<String> predict(SentimentModel model, List<String> texts) {
    ThreadLocal<SparseAccumulator> scratch = ThreadLocal.withInitial(SparseAccumulator::new);
    return IntStream.range(0, texts.size())
        .parallel()
        .mapToObj(i -> model.predict(texts.get(i), scratch.get()))
        .toList();
  }

  /**
   * Seeded random search: {@code trials} draws of log-uniform regParam, class-weight power and the
   * iteration budget (stopping L-BFGS early regularises sparse n-gram models as much as regParam
   * does).
   */
  public static List<Params> searchSpace(
      long seed,
      int trials,
      double regMin,
      double regMax,
      double powerMin,
      double powerMax,
      int iterMin,
      int iterMax) {
    Random random = new Random(seed);
    List<Params> out = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      double reg =
          Math.exp(Math.log(regMin) + random.nextDouble() * (Math.log(regMax) - Math.log(regMin)));
      double power = powerMin + random.nextDouble() * (powerMax - powerMin);
      int iters = iterMin + random.nextInt(iterMax - iterMin + 1);
      out.add(new Params(round(reg), round(power), iters));
    }
    return out;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", v));
  }

  static Dataset<String> texts(Dataset<Row> labelled) {
    return labelled.select("text").as(Encoders.STRING());
  }
}
