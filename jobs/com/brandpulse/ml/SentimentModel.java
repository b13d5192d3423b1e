package com.brandpulse.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * A trained sentiment model as scoring needs it: the featurizer, per-feature IDF weights and the
 * multinomial logistic-regression coefficients, laid out class-interleaved (feature f's K weights
 * side by side) so a post costs one cache line per feature. Scoring is plain Java: no Spark
 * vectors, no pipeline stages, which is what makes tens of thousands of posts per second per core
 * possible.
 *
 * <p>An ensemble is this model plus {@code members}: linear models over other views of the text
 * (other n-gram settings), trained the same way; their class probabilities are averaged. Averaging
 * models that err differently is worth more than any one of them on posts of a later time (see
 * docs/benchmarks.md), at the cost of one more pass over the features per member.
 *
 * @param labels class names in coefficient order (negative, neutral, positive)
 * @param members further linear models averaged with this one (empty: a single model; null in
 *     artifacts saved before ensembles existed)
 */
public record SentimentModel(
    SentimentFeaturizer featurizer,
    String[] labels,
    float[] idf,
    float[] weights,
    double[] intercepts,
    List<SentimentModel> members)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A single linear model. */
  public SentimentModel(
      SentimentFeaturizer featurizer,
      String[] labels,
      float[] idf,
      float[] weights,
      double[] intercepts) {
    this(featurizer, labels, idf, weights, intercepts, List.of());
  }

  /** This model with {@code others} averaged in (their own members are not). */
  public SentimentModel withMembers(List<SentimentModel> others) {
    return new SentimentModel(featurizer, labels, idf, weights, intercepts, List.copyOf(others));
  }

  /** Number of linear models averaged (1 for a single model). */
  public int size() {
    return 1 + (members == null ? 0 : members.size());
  }

  public int classes() {
    return labels.length;
  }

  /** Class probabilities (softmax, averaged over the members), in {@link #labels()} order. */
  public double[] probabilities(String text, SparseAccumulator scratch) {
    String t = text == null ? "" : text;
    List<String> tokens = featurizer.tokens(t);
    double[] p = linearProbabilities(t, tokens, scratch);
    if (members == null || members.isEmpty()) {
      return p;
    }
    for (SentimentModel m : members) {
      List<String> own = m.featurizer.tokenisesLike(featurizer) ? tokens : m.featurizer.tokens(t);
      double[] q = m.linearProbabilities(t, own, scratch);
      for (int c = 0; c < p.length; c++) {
        p[c] += q[c];
      }
    }
    for (int c = 0; c < p.length; c++) {
      p[c] /= size();
    }
    return p;
  }

  private double[] linearProbabilities(
      String text, List<String> tokens, SparseAccumulator scratch) {
    featurizer.features(text, tokens, scratch);
    int k = labels.length;
    double[] scores = new double[k];
    double norm = 0;
    for (int i = 0; i < scratch.size(); i++) {
      double v = scratch.value(i) * idf[scratch.index(i)];
      norm += v * v;
    }
    double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (int i = 0; i < scratch.size(); i++) {
      int f = scratch.index(i);
      double v = scratch.value(i) * idf[f] * inv;
      int base = f * k;
      for (int c = 0; c < k; c++) {
        scores[c] += v * weights[base + c];
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      scores[c] += intercepts[c];
      max = Math.max(max, scores[c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      scores[c] = Math.exp(scores[c] - max);
      sum += scores[c];
    }
    for (int c = 0; c < k; c++) {
      scores[c] /= sum;
    }
    return scores;
  }

  public static int argmax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  public String predict(String text, SparseAccumulator scratch) {
    return labels[argmax(probabilities(text, scratch))];
  }

  public void save(OutputStream out) throws IOException {
    ModelRegistry.writeGzipped(this, out);
  }

  public static SentimentModel load(InputStream in) throws IOException {
    return ModelRegistry.readGzipped(in, SentimentModel.class, "sentiment model");
  }
}
