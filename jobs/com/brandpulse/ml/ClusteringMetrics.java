package com.brandpulse.ml;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement of topic assignments with human labels. NMI is normalised by the arithmetic mean of the
 * two entropies (scikit-learn's default), so 0 is independence and 1 the same partition up to
 * names; purity is the share of posts whose topic's majority label is their own. Posts a model
 * cannot place (no known word) form one more cluster of their own, so they are counted, never
 * dropped.
 */
public record ClusteringMetrics(
    long posts, int clusters, int labels, double nmi, double purity, long unplaced) {

  public static ClusteringMetrics of(List<String> labels, List<Integer> clusters) {
    if (labels.size() != clusters.size()) {
      throw new IllegalArgumentException(
          labels.size() + " labels but " + clusters.size() + " topics");
    }
    int n = labels.size();
    if (n == 0) {
      throw new IllegalArgumentException("no labelled posts to evaluate");
    }
    Map<Integer, Map<String, Long>> table = new HashMap<>();
    Map<String, Long> byLabel = new HashMap<>();
    Map<Integer, Long> byCluster = new HashMap<>();
    long unplaced = 0;
    for (int i = 0; i < n; i++) {
      int c = clusters.get(i);
      unplaced += c < 0 ? 1 : 0;
      table.computeIfAbsent(c, x -> new HashMap<>()).merge(labels.get(i), 1L, Long::sum);
      byLabel.merge(labels.get(i), 1L, Long::sum);
      byCluster.merge(c, 1L, Long::sum);
    }
    double mi = 0;
    long majority = 0;
    for (Map.Entry<Integer, Map<String, Long>> e : table.entrySet()) {
      long nc = byCluster.get(e.getKey());
      long best = 0;
      for (Map.Entry<String, Long> cell : e.getValue().entrySet()) {
        long nij = cell.getValue();
        mi +=
            (double) nij
                / n
                * Math.log((double) nij * n / ((double) nc * byLabel.get(cell.getKey())));
        best = Math.max(best, nij);
      }
      majority += best;
    }
    double h = (entropy(byLabel.values(), n) + entropy(byCluster.values(), n)) / 2;
    double nmi = h == 0 ? 1.0 : Math.max(0, mi) / h;
    return new ClusteringMetrics(
        n, byCluster.size(), byLabel.size(), nmi, (double) majority / n, unplaced);
  }

  private static double entropy(java.util.Collection<Long> counts, long n) {
    double h = 0;
    for (long c : counts) {
      double p = (double) c / n;
      h -= p * Math.log(p);
    }
    return h;
  }

  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("nmi", nmi);
    m.put("purity", purity);
    m.put("posts", (double) posts);
    m.put("unplaced", (double) unplaced);
    return m;
  }

  @Override
  public String toString() {
    return String.format(
        "NMI %.4f, purity %.4f over %,d posts (%d labels, %d topics, %,d posts unplaced)",
        nmi, purity, posts, labels, clusters, unplaced);
  }
}
