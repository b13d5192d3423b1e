package com.brandpulse.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of a classifier. Macro-averaged recall is the headline (the SemEval/TweetEval
 * metric: every class counts the same however rare); accuracy, per-class recall and precision,
 * macro F1 and the confusion matrix (rows actual, columns predicted, in {@code labels} order) come
 * with it.
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion) {

  public static ClassificationMetrics of(
      List<String> labels, List<String> actual, List<String> predicted) {
    if (actual.size() != predicted.size()) {
      throw new IllegalArgumentException(
          actual.size() + " labels but " + predicted.size() + " predictions");
    }
    long[][] confusion = new long[labels.size()][labels.size()];
    for (int i = 0; i < actual.size(); i++) {
      int a = labels.indexOf(actual.get(i));
      int p = labels.indexOf(predicted.get(i));
      if (a < 0 || p < 0) {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + ": unknown label "
                + (a < 0 ? actual.get(i) : predicted.get(i))
                + "; expected one of "
                + labels);
      }
      confusion[a][p]++;
    }
    return new ClassificationMetrics(List.copyOf(labels), confusion);
  }

  public long total() {
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  public double recall(int c) {
    long row = 0;
    for (long v : confusion[c]) {
      row += v;
    }
    return row == 0 ? Double.NaN : (double) confusion[c][c] / row;
  }

  public double precision(int c) {
    long col = predicted(c);
    return col == 0 ? 0 : (double) confusion[c][c] / col;
  }

  /** How many posts were labelled class {@code c}: its column of the confusion matrix. */
  public long predicted(int c) {
    long col = 0;
    for (long[] row : confusion) {
      col += row[c];
    }
    return col;
  }

  /** Mean recall over the classes present in the evaluation data. */
  public double macroRecall() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < labels.size(); c++) {
      double r = recall(c);
      if (!Double.isNaN(r)) {
        sum += r;
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < labels.size(); c++) {
      double r = recall(c);
      if (Double.isNaN(r)) {
        continue;
      }
      double p = precision(c);
      sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  public double accuracy() {
    long right = 0;
    for (int c = 0; c < labels.size(); c++) {
      right += confusion[c][c];
    }
    long n = total();
    return n == 0 ? 0 : (double) right / n;
  }

  /** Flat metric names for the registry: macro_recall, accuracy, macro_f1, recall_negative, ... */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("macro_recall", macroRecall());
    m.put("accuracy", accuracy());
    m.put("macro_f1", macroF1());
    for (int c = 0; c < labels.size(); c++) {
      if (!Double.isNaN(recall(c))) {
        m.put("recall_" + labels.get(c), recall(c));
      }
    }
    m.put("evaluated", (double) total());
    return m;
  }

  /** Reads {@link #confusionText()} back (the registry keeps a model's matrix as that text). */
  public static ClassificationMetrics fromConfusionText(String text) {
    String[] lines = text.strip().split("\n");
    List<String> labels = List.of(lines[0].trim().split("\\s+")).subList(1, lines.length);
    long[][] counts = new long[labels.size()][labels.size()];
    for (int a = 0; a < labels.size(); a++) {
      String[] cells = lines[a + 1].trim().split("\\s+");
      for (int p = 0; p < labels.size(); p++) {
        counts[a][p] = Long.parseLong(cells[p + 1]);
      }
    }
    return new ClassificationMetrics(labels, counts);
  }

  /** The confusion matrix as text: "actual\predicted" header, one line per actual class. */
  public String confusionText() {
    StringBuilder s = new StringBuilder(String.format("%-12s", "actual\\pred"));
    labels.forEach(l -> s.append(String.format("%10s", l)));
    for (int a = 0; a < labels.size(); a++) {
      s.append('\n').append(String.format("%-12s", labels.get(a)));
      for (int p = 0; p < labels.size(); p++) {
        s.append(String.format("%10d", confusion[a][p]));
      }
    }
    return s.toString();
  }

  /** A report for people: headline numbers, per-class recall/precision, the confusion matrix. */
  public String report() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "evaluated %d posts: macro recall %.4f, accuracy %.4f, macro F1 %.4f%n",
            total(), macroRecall(), accuracy(), macroF1()));
    for (int c = 0; c < labels.size(); c++) {
      s.append(
          String.format(
              "  %-9s recall %.4f  precision %.4f%n", labels.get(c), recall(c), precision(c)));
    }
    return s.append(confusionText()).toString();
  }
}
