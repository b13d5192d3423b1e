package com.brandpulse.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained topic model as scoring needs it, applied in plain Java (no Spark stages) so that
 * scoring costs microseconds per post. Two kinds, trained by {@link TopicTraining}:
 *
 * <ul>
 *   <li>{@code lda}: MLlib LDA's topic-word parameters; a post's topic mix is found by the same
 *       variational fold-in MLlib's online LDA uses (deterministic start).
 *   <li>{@code embedding-kmeans}: Word2Vec word vectors averaged with IDF weights into a unit post
 *       vector, clustered by cosine k-means; a post's mix is a softmax of its cosine to each
 *       centre.
 * </ul>
 *
 * Topics are named by their most relevant terms ({@link #terms()}).
 */
public final class TopicModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String lang;
  private final String algorithm;
  private final String[] vocabulary;
  private final String[][] terms;
  // lda
  private final double[] alpha;
  private final float[] expElogBeta; // k x V
  // embedding-kmeans
  private final int dim;
  private final float[] wordVectors; // V x dim
  private final float[] idf;
  private final float[] centres; // k x dim, unit length
  private final double sharpness;
  // Terms its tokens never hold (TopicTokens.brandTerms at training); null in artifacts older than
  // the rule, which then exclude nothing.
  private String[] excluded;

  private transient Map<String, Integer> index;
  private transient Set<String> excludedSet;

  private TopicModel(
      String lang,
      String algorithm,
      String[] vocabulary,
      String[][] terms,
      double[] alpha,
      float[] expElogBeta,
      int dim,
      float[] wordVectors,
      float[] idf,
      float[] centres,
      double sharpness) {
    this.lang = lang;
    this.algorithm = algorithm;
    this.vocabulary = vocabulary;
    this.terms = terms;
    this.alpha = alpha;
    this.expElogBeta = expElogBeta;
    this.dim = dim;
    this.wordVectors = wordVectors;
    this.idf = idf;
    this.centres = centres;
    this.sharpness = sharpness;
  }

  /**
   * An LDA model from its variational topic-word parameters lambda (k x V) and document prior
   * alpha.
   */
  public static TopicModel lda(
      String lang, String[] vocabulary, double[][] lambda, double[] alpha, String[][] terms) {
    int k = lambda.length;
    int v = vocabulary.length;
    float[] e = new float[k * v];
    for (int t = 0; t < k; t++) {
      double sum = 0;
      for (int w = 0; w < v; w++) {
        sum += lambda[t][w];
      }
      double dsum = digamma(sum);
      for (int w = 0; w < v; w++) {
        e[t * v + w] = (float) Math.exp(digamma(lambda[t][w]) - dsum);
      }
    }
    return new TopicModel(lang, "lda", vocabulary, terms, alpha, e, 0, null, null, null, 0);
  }

  /** An embedding-clustering model; centres are normalised here. */
  public static TopicModel embedding(
      String lang,
      String[] vocabulary,
      float[] wordVectors,
      int dim,
      float[] idf,
      double[][] centres,
      double sharpness,
      String[][] terms) {
    float[] c = new float[centres.length * dim];
    for (int t = 0; t < centres.length; t++) {
      double n = 0;
      for (double x : centres[t]) {
        n += x * x;
      }
      double inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (int j = 0; j < dim; j++) {
        c[t * dim + j] = (float) (centres[t][j] * inv);
      }
    }
    return new TopicModel(
        lang,
        "embedding-kmeans",
        vocabulary,
        terms,
        null,
        null,
        dim,
        wordVectors,
        idf,
        c,
        sharpness);
  }

  /**
   * This model excluding {@code terms} from the tokens of the posts it scores, as its training
   * excluded them (the set travels in the artifact, so scoring always matches training).
   */
  public TopicModel excluding(Set<String> terms) {
    TopicModel m =
        new TopicModel(
            lang,
            algorithm,
            vocabulary,
            this.terms,
            alpha,
            expElogBeta,
            dim,
            wordVectors,
            idf,
            centres,
            sharpness);
    m.excluded = new java.util.TreeSet<>(terms).toArray(String[]::new);
    return m;
  }

  /** Terms never used as words (brand names and their pieces), sorted; empty for old artifacts. */
  public Set<String> excludedTerms() {
    if (excludedSet == null) {
      excludedSet = excluded == null ? Set.of() : Set.of(excluded);
    }
    return excludedSet;
  }

  public String lang() {
    return lang;
  }

  public String algorithm() {
    return algorithm;
  }

  public int topics() {
    return terms.length;
  }

  public String[] vocabulary() {
    return vocabulary;
  }

  /** Most relevant terms per topic, best first. */
  public String[][] terms() {
    return terms;
  }

  /** A topic's display name: its first four terms. */
  public String name(int topic) {
    String[] t = terms[topic];
    return String.join(" · ", java.util.Arrays.copyOf(t, Math.min(4, t.length)));
  }

  private Map<String, Integer> index() {
    if (index == null) {
      Map<String, Integer> m = new HashMap<>(vocabulary.length * 2);
      for (int i = 0; i < vocabulary.length; i++) {
        m.put(vocabulary[i], i);
      }
      index = m;
    }
    return index;
  }

  /** Topic mix of a post's text, or null when none of its words is in the vocabulary. */
  public double[] distribution(String text) {
    return distributionOfTokens(TopicTokens.tokens(text, excludedTerms()));
  }

  public double[] distributionOfTokens(List<String> tokens) {
    double[][] bag = bag(tokens);
    if (bag == null) {
      return null;
    }
    return algorithm.equals("lda") ? foldIn(bag) : nearest(bag);
  }

  /**
   * The IDF-weighted mean word vector of tokens, unit length; null when none is known (embedding
   * models).
   */
  public double[] postVectorOfTokens(List<String> tokens) {
    double[][] bag = bag(tokens);
    return bag == null ? null : postVector(bag);
  }

  /** {vocabulary ids, counts} of the known tokens, or null when there is none. */
  private double[][] bag(List<String> tokens) {
    Map<Integer, Integer> counts = new HashMap<>();
    Map<String, Integer> idx = index();
    for (String t : tokens) {
      Integer i = idx.get(t);
      if (i != null) {
        counts.merge(i, 1, Integer::sum);
      }
    }
    if (counts.isEmpty()) {
      return null;
    }
    double[][] bag = new double[2][counts.size()];
    int n = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      bag[0][n] = e.getKey();
      bag[1][n++] = e.getValue();
    }
    return bag;
  }

  /** The topic with the largest weight, or -1 for a post with no known word. */
  public int topic(String text) {
    double[] d = distribution(text);
    return d == null ? -1 : argmax(d);
  }

  /**
   * (topic, weight) of the top {@code n} topics with weight at least {@code minWeight}, best first.
   */
  public List<double[]> top(double[] distribution, int n, double minWeight) {
    List<double[]> out = new ArrayList<>();
    if (distribution == null) {
      return out;
    }
    boolean[] used = new boolean[distribution.length];
    for (int r = 0; r < n; r++) {
      int best = -1;
      for (int t = 0; t < distribution.length; t++) {
        if (!used[t] && (best < 0 || distribution[t] > distribution[best])) {
          best = t;
        }
      }
      if (best < 0 || (r > 0 && distribution[best] < minWeight)) {
        break;
      }
      used[best] = true;
      out.add(new double[] {best, distribution[best]});
    }
    return out;
  }

  static int argmax(double[] d) {
    int best = 0;
    for (int i = 1; i < d.length; i++) {
      if (d[i] > d[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Variational E-step for one document (Hoffman et al. 2010, as MLlib's online LDA infers). */
  private double[] foldIn(double[][] bag) {
    double[] cts = bag[1];
    int k = alpha.length;
    int v = vocabulary.length;
    double[] gamma = new double[k];
    java.util.Arrays.fill(gamma, 1.0);
    double[] expElogTheta = new double[k];
    double[] phiNorm = new double[cts.length];
    for (int iter = 0; iter < 100; iter++) {
      double sum = 0;
      for (double g : gamma) {
        sum += g;
      }
      double dsum = digamma(sum);
      for (int t = 0; t < k; t++) {
        expElogTheta[t] = Math.exp(digamma(gamma[t]) - dsum);
      }
      for (int j = 0; j < cts.length; j++) {
        double s = 1e-100;
        for (int t = 0; t < k; t++) {
          s += expElogTheta[t] * expElogBeta[t * v + (int) bag[0][j]];
        }
        phiNorm[j] = s;
      }
      double change = 0;
      for (int t = 0; t < k; t++) {
        double acc = 0;
        for (int j = 0; j < cts.length; j++) {
          acc += cts[j] * expElogBeta[t * v + (int) bag[0][j]] / phiNorm[j];
        }
        double g = alpha[t] + expElogTheta[t] * acc;
        change += Math.abs(g - gamma[t]);
        gamma[t] = g;
      }
      if (change / k < 1e-3) {
        break;
      }
    }
    double sum = 0;
    for (double g : gamma) {
      sum += g;
    }
    for (int t = 0; t < k; t++) {
      gamma[t] /= sum;
    }
    return gamma;
  }

  private double[] postVector(double[][] bag) {
    double[] cts = bag[1];
    double[] x = new double[dim];
    for (int j = 0; j < cts.length; j++) {
      double w = cts[j] * idf[(int) bag[0][j]];
      int base = (int) bag[0][j] * dim;
      for (int d = 0; d < dim; d++) {
        x[d] += w * wordVectors[base + d];
      }
    }
    double n = 0;
    for (double v : x) {
      n += v * v;
    }
    if (n == 0) {
      return null;
    }
    double inv = 1 / Math.sqrt(n);
    for (int d = 0; d < dim; d++) {
      x[d] *= inv;
    }
    return x;
  }

  private double[] nearest(double[][] bag) {
    double[] x = postVector(bag);
    if (x == null) {
      return null;
    }
    int k = centres.length / dim;
    double[] p = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < k; t++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += x[d] * centres[t * dim + d];
      }
      p[t] = sharpness * s;
      max = Math.max(max, p[t]);
    }
    double sum = 0;
    for (int t = 0; t < k; t++) {
      p[t] = Math.exp(p[t] - max);
      sum += p[t];
    }
    for (int t = 0; t < k; t++) {
      p[t] /= sum;
    }
    return p;
  }

  /** The digamma function: recurrence up to 6, then the asymptotic series. */
  static double digamma(double x) {
    double r = 0;
    while (x < 6) {
      r -= 1 / x;
      x += 1;
    }
    double f = 1 / (x * x);
    return r
        + Math.log(x)
        - 0.5 / x
        - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
  }

  public void save(OutputStream out) throws IOException {
    ModelRegistry.writeGzipped(this, out);
  }

  public static TopicModel load(InputStream in) throws IOException {
    return ModelRegistry.readGzipped(in, TopicModel.class, "topic model");
  }
}
