package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;

import com.brandpulse.ml.ClassificationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The report's "Models" section: for each champion in ml.model_registry, what it was measured on,
 * its headline figure, recall and precision per class and the confusion matrix (a single number
 * hides a model that never says neutral), and the further held-out sets it was measured on. Readers
 * judge the sentiment figures above by it.
 */
final class ModelsSection {
  private ModelsSection() {}

  static void render(StringBuilder out, List<Row> champions) {
    out.append("<section id=\"models\"><h2>Models</h2><p class=\"intro\">")
        .append(
            escape(
                "The champion models that labelled this week's posts, with what they were measured"
                    + " on (posts never trained on). Per-class recall says how often a post of that"
                    + " class is found; precision how often a label given is right."))
        .append("</p>");
    if (champions.isEmpty()) {
      out.append("<p class=\"empty\" data-empty>")
          .append(escape("ml.model_registry has no champion model."))
          .append("</p></section>\n");
      return;
    }
    for (Row r : champions) {
      model(out, r);
    }
    out.append("<div class=\"src\">ml.<wbr>model_<wbr>registry (status champion): metrics,")
        .append(" confusion_<wbr>matrix, evaluation_<wbr>data</div></section>\n");
  }

  private static void model(StringBuilder out, Row r) {
    Map<String, Double> metrics = new TreeMap<>(r.getJavaMap(r.fieldIndex("metrics")));
    out.append("<article class=\"card model\"><h3>")
        .append(escape(r.<String>getAs("name") + " v" + r.<Integer>getAs("version")))
        .append("</h3><p class=\"grain\">")
        .append(
            escape(
                "trained on "
                    + String.format(Locale.ROOT, "%,d", r.<Long>getAs("training_rows"))
                    + " posts; "
                    + measuredOn(r.getAs("evaluation_data"))))
        .append("</p><p>");
    List<String> headline = new ArrayList<>();
    for (String key : List.of("macro_recall", "accuracy", "macro_f1", "nmi", "purity")) {
      if (metrics.containsKey(key)) {
        headline.add(key.replace('_', ' ') + " <b>" + fmt(metrics.get(key)) + "</b>");
      }
    }
    out.append(String.join(" · ", headline)).append("</p>");
    String confusion = r.getAs("confusion_matrix");
    if (confusion != null && !confusion.isBlank()) {
      table(out, ClassificationMetrics.fromConfusionText(confusion));
    }
    // Further held-out sets: metrics named "<data>.<metric>".
    Map<String, List<String>> also = new TreeMap<>();
    metrics.forEach(
        (k, v) -> {
          int dot = k.lastIndexOf('.');
          if (dot > 0
              && List.of("macro_recall", "accuracy").contains(k.substring(dot + 1))
              && !Double.isNaN(v)) {
            also.computeIfAbsent(k.substring(0, dot), x -> new ArrayList<>())
                .add(k.substring(dot + 1).replace('_', ' ') + " " + fmt(v));
          }
        });
    also.forEach(
        (data, figures) ->
            out.append("<p class=\"grain\">")
                .append(escape("also measured on " + data + ": " + String.join(", ", figures)))
                .append("</p>"));
    out.append("</article>");
  }

  private static String measuredOn(String data) {
    return data == null || data.isBlank() || data.equals("none")
        ? "not measured against labelled posts"
        : "measured on " + data;
  }

  private static void table(StringBuilder out, ClassificationMetrics c) {
    out.append("<table class=\"confusion\"><thead><tr><th>actual \\ predicted</th>");
    c.labels().forEach(l -> out.append("<th>").append(escape(l)).append("</th>"));
    out.append("<th>recall</th></tr></thead><tbody>");
    for (int a = 0; a < c.labels().size(); a++) {
      out.append("<tr><th>").append(escape(c.labels().get(a))).append("</th>");
      for (int p = 0; p < c.labels().size(); p++) {
        out.append(a == p ? "<td><b>" : "<td>")
            .append(String.format(Locale.ROOT, "%,d", c.confusion()[a][p]))
            .append(a == p ? "</b></td>" : "</td>");
      }
      out.append("<td>").append(fmt(c.recall(a))).append("</td></tr>");
    }
    out.append("<tr><th>precision</th>");
    for (int p = 0; p < c.labels().size(); p++) {
      // No post labelled this class: its precision is undefined, not 0.
      out.append("<td>")
          .append(c.predicted(p) == 0 ? fmt(Double.NaN) : fmt(c.precision(p)))
          .append("</td>");
    }
    out.append("<td></td></tr></tbody></table>");
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }
}
