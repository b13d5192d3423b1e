package com.brandpulse.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ml.ClassificationMetrics;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The report's model section reads the registry's confusion matrix back exactly. */
@Tag("fast")
class ModelsSectionTest {
  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  @Test
  void confusionTextReadsBackToTheSameRecallAndPrecision() {
    ClassificationMetrics m =
        ClassificationMetrics.of(
            LABELS,
            List.of("negative", "negative", "neutral", "positive", "positive", "neutral"),
            List.of("negative", "neutral", "neutral", "positive", "negative", "neutral"));
    ClassificationMetrics c = ClassificationMetrics.fromConfusionText(m.confusionText());
    assertEquals(LABELS, c.labels());
    for (int i = 0; i < LABELS.size(); i++) {
      assertEquals(m.recall(i), c.recall(i), 1e-12);
      assertEquals(m.precision(i), c.precision(i), 1e-12);
    }
  }

  @Test
  void eachChampionShowsItsMatrixPerClassRecallAndFurtherHeldOutSets() {
    ClassificationMetrics m =
        ClassificationMetrics.of(
            LABELS,
            List.of("negative", "neutral", "positive", "positive"),
            List.of("negative", "neutral", "positive", "neutral"));
    StructType schema =
        new StructType()
            .add("name", DataTypes.StringType)
            .add("version", DataTypes.IntegerType)
            .add("training_rows", DataTypes.LongType)
            .add("evaluation_data", DataTypes.StringType)
            .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
            .add("confusion_matrix", DataTypes.StringType);
    Map<String, Double> metrics = new java.util.HashMap<>(m.asMap());
    metrics.put("tweeteval:validation.macro_recall", 0.7123);
    Row row =
        new GenericRowWithSchema(
            new Object[] {
              "sentiment-en",
              3,
              24_518L,
              "semeval:twitter-2016test-A [test], 4 posts",
              scala.jdk.javaapi.CollectionConverters.asScala(metrics),
              m.confusionText()
            },
            schema);
    StringBuilder out = new StringBuilder();
    ModelsSection.render(out, List.of(row));
    String html = out.toString();
    assertTrue(html.contains("sentiment-en v3"), html);
    assertTrue(html.contains("macro recall <b>0.833</b>"), html);
    // positive: 1 of 2 found; neutral: 1 of 2 labels right
    assertTrue(
        html.contains("<th>positive</th><td>0</td><td>1</td><td><b>1</b></td><td>0.500</td>"),
        html);
    assertTrue(
        html.contains("<tr><th>precision</th><td>1.000</td><td>0.500</td><td>1.000</td>"), html);
    assertTrue(html.contains("also measured on tweeteval:validation: macro recall 0.712"), html);
    StringBuilder none = new StringBuilder();
    ModelsSection.render(none, List.of());
    assertTrue(none.toString().contains("no champion model"));
  }
}
