package com.brandpulse.ml;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Topic-model training on Spark MLlib. Layer: ml. Input: a Dataset with a {@code text} column
 * (posts of one language); output: a {@link TopicModel}. Both algorithms share the tokens ({@link
 * TopicTokens}) and the vocabulary (document frequency between min-df and max-df, the vocab-size
 * most frequent), so they differ only in the model: MLlib LDA (online variational Bayes) or MLlib
 * Word2Vec vectors + cosine k-means.
 */
public final class TopicTraining {
  private TopicTraining() {}

  /** Hyper-parameters, from {@code ml.topics.<lang>} (see conf/brandpulse.conf). */
  public record Params(
      String algorithm,
      int k,
      int minDf,
      double maxDf,
      int vocabSize,
      long seed,
      int ldaIter,
      double ldaSubsampling,
      int vectorSize,
      int window,
      int w2vIter,
      int kmeansIter,
      double sharpness) {
    public static Params fromConfig(Config c) {
      return new Params(
          c.getString("algorithm"),
          c.getInt("k"),
          c.getInt("min-df"),
          c.getDouble("max-df"),
          c.getInt("vocab-size"),
          c.getLong("seed"),
          c.getInt("lda.max-iter"),
          c.getDouble("lda.subsampling-rate"),
          c.getInt("embedding.vector-size"),
          c.getInt("embedding.window"),
          c.getInt("embedding.word2vec-iter"),
          c.getInt("embedding.kmeans-iter"),
          c.getDouble("embedding.sharpness"));
    }

    public Params withAlgorithm(String a) {
      return new Params(
          a,
          k,
          minDf,
          maxDf,
          vocabSize,
          seed,
          ldaIter,
          ldaSubsampling,
          vectorSize,
          window,
          w2vIter,
          kmeansIter,
          sharpness);
    }

    public Params withK(int newK) {
      return new Params(
          algorithm,
          newK,
          minDf,
          maxDf,
          vocabSize,
          seed,
          ldaIter,
          ldaSubsampling,
          vectorSize,
          window,
          w2vIter,
          kmeansIter,
          sharpness);
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("algorithm", algorithm);
      m.put("k", Integer.toString(k));
      m.put("min_df", Integer.toString(minDf));
      m.put("max_df", Double.toString(maxDf));
      m.put("vocab_size", Integer.toString(vocabSize));
      m.put("seed", Long.toString(seed));
      if (algorithm.equals("lda")) {
        m.put("lda_max_iter", Integer.toString(ldaIter));
        m.put("lda_subsampling_rate", Double.toString(ldaSubsampling));
      } else {
        m.put("vector_size", Integer.toString(vectorSize));
        m.put("window", Integer.toString(window));
        m.put("word2vec_iter", Integer.toString(w2vIter));
        m.put("kmeans_iter", Integer.toString(kmeansIter));
        m.put("sharpness", Double.toString(sharpness));
      }
      return m;
    }
  }

  public static final List<String> ALGORITHMS = List.of("lda", "embedding-kmeans");

  /** {@code text} → {@code tokens} (array of topic tokens), excluding nothing. */
  public static Dataset<Row> tokens(Dataset<Row> texts) {
    return tokens(texts, Set.of());
  }

  /** {@code text} → {@code tokens} without the {@code excluded} terms (brand names). */
  public static Dataset<Row> tokens(Dataset<Row> texts, Set<String> excluded) {
    HashSet<String> shipped = new HashSet<>(excluded); // serializable into the UDF
    UserDefinedFunction tokens =
        udf(
            (UDF1<String, String[]>) s -> TopicTokens.tokens(s, shipped).toArray(new String[0]),
            DataTypes.createArrayType(DataTypes.StringType));
    return texts.withColumn("tokens", tokens.apply(col("text")));
  }

  /** The vocabulary: terms, the number of posts holding each, and the number of posts. */
  public record Vocabulary(String[] terms, Map<String, Long> documentFrequency, long docs) {}

  /**
   * Terms with document frequency in [minDf, maxDf x docs], the most frequent first, then by term.
   */
  public static Vocabulary vocabulary(Dataset<Row> tokens, Params p) {
    long docs = tokens.count();
    long maxDocs = Math.max(p.minDf(), (long) Math.floor(p.maxDf() * docs));
    Map<String, Long> df = new java.util.LinkedHashMap<>();
    for (Row r :
        tokens
            .select(explode(array_distinct(col("tokens"))).as("w"))
            .groupBy("w")
            .count()
            .where(col("count").geq(p.minDf()).and(col("count").leq(maxDocs)))
            .orderBy(col("count").desc(), col("w"))
            .limit(p.vocabSize())
            .collectAsList()) {
      df.put(r.getAs("w"), r.getLong(r.fieldIndex("count")));
    }
    return new Vocabulary(df.keySet().toArray(String[]::new), df, docs);
  }

  /**
   * Trains the model {@code p.algorithm()} names on the posts' tokens ({@link #tokens}). {@code
   * wordContext} (tokens of more text in the language, may be null) only widens what Word2Vec
   * learns words from: word meaning needs far more text than the posts being clustered.
   */
  public static TopicModel fit(
      Dataset<Row> tokens, Dataset<Row> wordContext, String lang, Params p) {
    Dataset<Row> docs =
        tokens
            .select("tokens")
            .where(size(col("tokens")).gt(0))
            .persist(StorageLevel.MEMORY_ONLY());
    try {
      Vocabulary vocab = vocabulary(docs, p);
      if (vocab.terms().length < p.k()) {
        throw new IllegalStateException(
            "only "
                + vocab.terms().length
                + " terms occur in at least "
                + p.minDf()
                + " posts: too little text for "
                + p.k()
                + " topics");
      }
      return switch (p.algorithm()) {
        case "lda" -> fitLda(docs, lang, vocab.terms(), p);
        case "embedding-kmeans" ->
            fitEmbedding(
                docs,
                wordContext == null
                    ? docs
                    : docs.union(wordContext.select("tokens").where(size(col("tokens")).gt(0))),
                lang,
                vocab,
                p);
        default ->
            throw new IllegalArgumentException(
                "topic algorithm must be one of " + ALGORITHMS + ", got " + p.algorithm());
      };
    } finally {
      docs.unpersist();
    }
  }

  static TopicModel fitLda(Dataset<Row> docs, String lang, String[] vocab, Params p) {
    Dataset<Row> counts =
        new CountVectorizerModel(vocab)
            .setInputCol("tokens")
            .setOutputCol("features")
            .transform(docs);
    LDAModel lda =
        new LDA()
            .setK(p.k())
            .setMaxIter(p.ldaIter())
            .setOptimizer("online")
            .setSeed(p.seed())
            .setSubsamplingRate(p.ldaSubsampling())
            .setOptimizeDocConcentration(true)
            .fit(counts);
    Matrix topics =
        lda.topicsMatrix(); // V x k: the variational parameters lambda of the online optimizer
    int k = p.k();
    double[][] lambda = new double[k][vocab.length];
    for (int t = 0; t < k; t++) {
      for (int w = 0; w < vocab.length; w++) {
        lambda[t][w] = topics.apply(w, t);
      }
    }
    double[] alpha = lda.estimatedDocConcentration().toArray();
    double[][] pwk = new double[k][];
    for (int t = 0; t < k; t++) {
      pwk[t] = normalise(lambda[t].clone());
    }
    return TopicModel.lda(
        lang, vocab, lambda, alpha, relevantTerms(vocab, pwk, corpusFrequency(docs, vocab), 10));
  }

  static TopicModel fitEmbedding(
      Dataset<Row> docs, Dataset<Row> wordContext, String lang, Vocabulary vocab, Params p) {
    Word2VecModel w2v =
        new Word2Vec()
            .setInputCol("tokens")
            .setVectorSize(p.vectorSize())
            .setWindowSize(p.window())
            .setMinCount(p.minDf())
            .setMaxIter(p.w2vIter())
            .setSeed(p.seed())
            .setNumPartitions(1)
            .fit(wordContext);
    Map<String, float[]> vectors = new HashMap<>();
    Dataset<Row> learned = w2v.getVectors();
    int wordAt = learned.schema().fieldIndex("word"); // field indexes resolved once, not per word
    int vectorAt = learned.schema().fieldIndex("vector");
    for (Row r : learned.collectAsList()) {
      double[] v = ((Vector) r.get(vectorAt)).toArray();
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      vectors.put(r.getString(wordAt), f);
    }
    String[] kept =
        Arrays.stream(vocab.terms()).filter(vectors::containsKey).toArray(String[]::new);
    int dim = p.vectorSize();
    float[] wordVectors = new float[kept.length * dim];
    for (int i = 0; i < kept.length; i++) {
      System.arraycopy(vectors.get(kept[i]), 0, wordVectors, i * dim, dim);
    }
    float[] idf = new float[kept.length];
    for (int i = 0; i < kept.length; i++) {
      idf[i] =
          (float) Math.log((vocab.docs() + 1.0) / (vocab.documentFrequency().get(kept[i]) + 1.0));
    }
    // Post vectors with the word vectors only (centres come next); k-means on them by cosine.
    TopicModel words =
        TopicModel.embedding(
            lang,
            kept,
            wordVectors,
            dim,
            idf,
            new double[][] {new double[dim]},
            p.sharpness(),
            new String[][] {{}});
    UserDefinedFunction vec =
        udf(
            (UDF1<scala.collection.Seq<String>, Vector>)
                s -> {
                  double[] x =
                      words.postVectorOfTokens(scala.jdk.javaapi.CollectionConverters.asJava(s));
                  return x == null ? null : Vectors.dense(x);
                },
            SQLDataTypes.VectorType());
    Dataset<Row> points =
        docs.select(vec.apply(col("tokens")).as("features")).where(col("features").isNotNull());
    KMeansModel km =
        new KMeans()
            .setK(p.k())
            .setSeed(p.seed())
            .setDistanceMeasure("cosine")
            .setMaxIter(p.kmeansIter())
            .fit(points);
    Vector[] c = km.clusterCenters();
    double[][] centres = new double[c.length][];
    for (int t = 0; t < c.length; t++) {
      centres[t] = c[t].toArray();
    }
    TopicModel unnamed =
        TopicModel.embedding(
            lang, kept, wordVectors, dim, idf, centres, p.sharpness(), new String[c.length][0]);
    double[][] pwk = clusterTermFrequency(docs, unnamed, kept);
    return TopicModel.embedding(
        lang,
        kept,
        wordVectors,
        dim,
        idf,
        centres,
        p.sharpness(),
        relevantTerms(kept, pwk, corpusFrequency(docs, kept), 10));
  }

  /** p(w | topic) from the words of the posts each topic wins. */
  private static double[][] clusterTermFrequency(
      Dataset<Row> docs, TopicModel model, String[] vocab) {
    UserDefinedFunction topic =
        udf(
            (UDF1<scala.collection.Seq<String>, Integer>)
                s -> {
                  double[] d =
                      model.distributionOfTokens(scala.jdk.javaapi.CollectionConverters.asJava(s));
                  return d == null ? -1 : TopicModel.argmax(d);
                },
            DataTypes.IntegerType);
    Map<String, Integer> index = indexOf(vocab);
    double[][] pwk = new double[model.topics()][vocab.length];
    Dataset<Row> counts =
        docs.select(topic.apply(col("tokens")).as("t"), explode(col("tokens")).as("w"))
            .where(col("t").geq(0))
            .groupBy("t", "w")
            .count();
    int topicAt = counts.schema().fieldIndex("t"); // field indexes resolved once, not per row
    int wordAt = counts.schema().fieldIndex("w");
    int countAt = counts.schema().fieldIndex("count");
    for (Row r : counts.collectAsList()) {
      Integer w = index.get(r.getString(wordAt));
      if (w != null) {
        pwk[r.getInt(topicAt)][w] += r.getLong(countAt);
      }
    }
    for (double[] row : pwk) {
      normalise(row);
    }
    return pwk;
  }

  private static double[] corpusFrequency(Dataset<Row> docs, String[] vocab) {
    Map<String, Integer> index = indexOf(vocab);
    double[] pw = new double[vocab.length];
    Dataset<Row> counts = docs.select(explode(col("tokens")).as("w")).groupBy("w").count();
    int wordAt = counts.schema().fieldIndex("w"); // field indexes resolved once, not per row
    int countAt = counts.schema().fieldIndex("count");
    for (Row r : counts.collectAsList()) {
      Integer w = index.get(r.getString(wordAt));
      if (w != null) {
        pw[w] = r.getLong(countAt);
      }
    }
    return normalise(pw);
  }

  /**
   * Topic names: terms ranked by relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)) with λ = 0.6
   * (Sievert and Shirley 2014), so a name shows what sets the topic apart, not only the corpus's
   * most frequent words.
   */
  static String[][] relevantTerms(String[] vocab, double[][] pwk, double[] pw, int n) {
    int k = pwk.length;
    String[][] out = new String[k][];
    for (int t = 0; t < k; t++) {
      final double[] row = pwk[t];
      Integer[] order = new Integer[row.length];
      double[] score = new double[row.length];
      for (int w = 0; w < row.length; w++) {
        order[w] = w;
        score[w] =
            row[w] > 0 && pw[w] > 0
                ? 0.6 * Math.log(row[w]) + 0.4 * Math.log(row[w] / pw[w])
                : Double.NEGATIVE_INFINITY;
      }
      Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
      List<Integer> top = new ArrayList<>();
      for (int i = 0; i < order.length && top.size() < n; i++) {
        if (score[order[i]] > Double.NEGATIVE_INFINITY) {
          top.add(order[i]);
        }
      }
      out[t] = top.stream().map(i -> vocab[i]).toArray(String[]::new);
    }
    return out;
  }

  private static Map<String, Integer> indexOf(String[] vocab) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < vocab.length; i++) {
      m.put(vocab[i], i);
    }
    return m;
  }

  private static double[] normalise(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    if (s > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= s;
      }
    }
    return v;
  }
}
