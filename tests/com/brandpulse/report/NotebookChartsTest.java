package com.brandpulse.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ml.ClassificationMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * NotebookCharts from a few hand-made rows, without Spark: the series, values and order each chart
 * draws.
 */
@Tag("fast")
class NotebookChartsTest {
  private static final StructType LINES =
      new StructType()
          .add("series", DataTypes.StringType)
          .add("x", DataTypes.DateType)
          .add("y", DataTypes.DoubleType);
  private static final StructType SLICES =
      new StructType().add("label", DataTypes.StringType).add("value", DataTypes.LongType);
  private static final StructType HOURLY =
      new StructType()
          .add("series", DataTypes.StringType)
          .add("x", DataTypes.TimestampType)
          .add("y", DataTypes.LongType);
  private static final StructType SIGNAL =
      new StructType()
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType);

  private static Row row(StructType schema, Object... values) {
    return new GenericRowWithSchema(values, schema);
  }

  private static Date day(String iso) {
    return Date.valueOf(iso);
  }

  private static long utcMillis(String isoDay) {
    return LocalDate.parse(isoDay)
        .atStartOfDay(java.time.ZoneOffset.UTC)
        .toInstant()
        .toEpochMilli();
  }

  @Test
  void linesHaveOneSeriesPerNameInTimeOrderWithoutMissingValues() {
    XYChart chart =
        NotebookCharts.linesChart(
            "Mentions per week",
            "posts",
            List.of(
                row(LINES, "Aurora Air", day("2026-09-14"), 30.0),
                row(LINES, "Aurora Air", day("2026-09-07"), 20.0),
                row(LINES, "Hanbit Electronics", day("2026-09-07"), 5.0),
                row(LINES, "Hanbit Electronics", day("2026-09-14"), null),
                row(LINES, "Aurora Air", day("2026-09-21"), 25.0)));

    assertEquals(
        List.of("Aurora Air", "Hanbit Electronics"),
        new ArrayList<>(chart.getSeriesMap().keySet()));
    XYSeries aurora = chart.getSeriesMap().get("Aurora Air");
    // DATE values are days: midnight UTC, whatever the JVM's time zone.
    assertArrayEquals(
        new double[] {utcMillis("2026-09-07"), utcMillis("2026-09-14"), utcMillis("2026-09-21")},
        aurora.getXData());
    assertArrayEquals(new double[] {20, 30, 25}, aurora.getYData());
    assertArrayEquals(
        new double[] {5},
        chart.getSeriesMap().get("Hanbit Electronics").getYData(),
        "null is no point");
    assertEquals("Mentions per week", chart.getTitle());
  }

  @Test
  void shareOfVoiceHasASliceSizedByPostsPerLabel() {
    PieChart chart =
        NotebookCharts.shareOfVoiceChart(
            "Share of voice",
            List.of(
                row(SLICES, "Aurora Air", 120L),
                row(SLICES, "Skyline Airways", 60L),
                row(SLICES, "Hanbit Electronics", 20L)));
    assertEquals(
        List.of("Aurora Air", "Skyline Airways", "Hanbit Electronics"),
        new ArrayList<>(chart.getSeriesMap().keySet()));
    assertEquals(60L, chart.getSeriesMap().get("Skyline Airways").getValue());
  }

  @Test
  void barsKeepRowOrder() {
    CategoryChart chart =
        NotebookCharts.barsChart(
            "Posts per topic",
            "posts",
            List.of(row(SLICES, "delay · flight", 40L), row(SLICES, "refund · fee", 12L)));
    CategorySeries bars = chart.getSeriesMap().get("posts");
    assertEquals(List.of("delay · flight", "refund · fee"), bars.getXData());
    assertEquals(List.of(40L, 12L), bars.getYData());
  }

  @Test
  void confusionMatrixCellsAreCountsWithTheFirstActualClassOnTop() {
    ClassificationMetrics m =
        new ClassificationMetrics(
            List.of("negative", "neutral", "positive"),
            new long[][] {{50, 8, 2}, {10, 70, 20}, {1, 9, 30}});
    HeatMapChart chart = NotebookCharts.confusionChart("Confusion", m);
    var series = chart.getHeatMapSeries();
    assertEquals(
        List.of("negative", "neutral", "positive"), series.getXData(), "columns: predicted");
    assertEquals(
        List.of("positive", "neutral", "negative"),
        series.getYData(),
        "rows upwards: actual, first on top");
    List<List<Number>> cells = new ArrayList<>();
    for (Number[] c : series.getHeatData()) {
      cells.add(List.of(c));
    }
    assertEquals(9, cells.size());
    assertTrue(
        cells.contains(List.<Number>of(0, 2, 50L)),
        "actual negative, predicted negative: " + cells);
    assertTrue(
        cells.contains(List.<Number>of(2, 1, 20L)), "actual neutral, predicted positive: " + cells);
    assertTrue(
        cells.contains(List.<Number>of(0, 0, 1L)), "actual positive, predicted negative: " + cells);
  }

  @Test
  void precisionAndRecallPerClassAreTheMetricsOwn() {
    ClassificationMetrics m =
        new ClassificationMetrics(
            List.of("negative", "neutral", "positive"),
            new long[][] {{50, 8, 2}, {10, 70, 20}, {1, 9, 30}});
    CategoryChart chart = NotebookCharts.precisionRecallChart("Per class", m);
    assertEquals(List.of("precision", "recall"), new ArrayList<>(chart.getSeriesMap().keySet()));
    assertEquals(
        List.of(50.0 / 61, 70.0 / 87, 30.0 / 52), chart.getSeriesMap().get("precision").getYData());
    assertEquals(
        List.of(50.0 / 60, 70.0 / 100, 30.0 / 40), chart.getSeriesMap().get("recall").getYData());
    assertEquals(
        List.of("negative", "neutral", "positive"), chart.getSeriesMap().get("recall").getXData());
  }

  @Test
  void topicTermBarsShowTheLargestTopicsFirstWithTheShareOfPostsHoldingEachTerm() {
    String[][] names = {{"refund", "fee"}, {"delay", "gate", "crew"}, {"seat"}};
    List<CategoryChart> charts =
        NotebookCharts.topicTermCharts(
            names,
            Map.of(0, 10L, 1, 40L, 2, 5L, -1, 99L),
            Map.of(0, Map.of("refund", 5L, "fee", 2L), 1, Map.of("delay", 30L, "crew", 4L)),
            2,
            2);
    assertEquals(2, charts.size(), "the two largest topics; -1 (no known word) is no topic");
    assertEquals("topic 1 (40 posts)", charts.get(0).getTitle());
    CategorySeries delay = charts.get(0).getSeriesMap().get("topic 1");
    assertEquals(List.of("delay", "gate"), delay.getXData(), "the first two terms, best first");
    assertEquals(List.of(0.75, 0.0), delay.getYData());
    assertEquals(List.of(0.5, 0.2), charts.get(1).getSeriesMap().get("topic 0").getYData());
  }

  @Test
  void crisisShadesTheFlaggedWindowBehindTheSeries() {
    Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
    List<Row> rows = new ArrayList<>();
    long[] posts = {3, 4, 30, 42, 5};
    for (int h = 0; h < posts.length; h++) {
      rows.add(row(HOURLY, "posts", Timestamp.from(t0.plusSeconds(3600L * h)), posts[h]));
      rows.add(row(HOURLY, "negative", Timestamp.from(t0.plusSeconds(3600L * h)), posts[h] / 2));
    }
    Row signal =
        row(SIGNAL, Timestamp.from(t0.plusSeconds(7200)), Timestamp.from(t0.plusSeconds(4 * 3600)));
    XYChart chart = NotebookCharts.crisisChart("Aurora Air", rows, signal);

    assertEquals(
        List.of(NotebookCharts.WINDOW, "posts", "negative"),
        new ArrayList<>(chart.getSeriesMap().keySet()),
        "the window first, so the lines are drawn over it");
    XYSeries window = chart.getSeriesMap().get(NotebookCharts.WINDOW);
    assertEquals(XYSeries.XYSeriesRenderStyle.Area, window.getXYSeriesRenderStyle());
    assertArrayEquals(
        new double[] {t0.plusSeconds(7200).toEpochMilli(), t0.plusSeconds(4 * 3600).toEpochMilli()},
        window.getXData());
    assertArrayEquals(new double[] {42, 42}, window.getYData(), "as high as the highest point");
    assertArrayEquals(new double[] {3, 4, 30, 42, 5}, chart.getSeriesMap().get("posts").getYData());

    XYChart alone = NotebookCharts.crisisChart("no signal", rows, null);
    assertEquals(List.of("posts", "negative"), new ArrayList<>(alone.getSeriesMap().keySet()));
  }

  @Test
  void chartsBecomePngImagesOfTheirSize() throws Exception {
    XYChart chart =
        NotebookCharts.linesChart(
            "t",
            "posts",
            List.of(
                row(LINES, "a", day("2026-09-07"), 1.0), row(LINES, "a", day("2026-09-14"), 2.0)));
    BufferedImage image = NotebookCharts.image(chart);
    assertEquals(NotebookCharts.WIDTH, image.getWidth());
    assertEquals(NotebookCharts.HEIGHT, image.getHeight());
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "png", png), "the kernel writes images as PNG");
    assertTrue(png.size() > 1000, "a drawn chart, not an empty image: " + png.size() + " bytes");

    // A warehouse with one complete week still draws: a single point per line.
    BufferedImage oneWeek =
        NotebookCharts.image(
            NotebookCharts.linesChart(
                "t",
                "posts",
                List.of(
                    row(LINES, "a", day("2026-09-07"), 1.0),
                    row(LINES, "b", day("2026-09-07"), 3.0))));
    assertEquals(NotebookCharts.WIDTH, oneWeek.getWidth());

    List<CategoryChart> terms =
        NotebookCharts.topicTermCharts(
            new String[][] {{"a"}, {"b"}, {"c"}}, Map.of(0, 3L, 1, 2L, 2, 1L), Map.of(), 3, 1);
    BufferedImage grid = NotebookCharts.grid(terms, 2);
    assertEquals(
        Arrays.asList(2 * terms.get(0).getWidth(), 2 * terms.get(0).getHeight()),
        Arrays.asList(grid.getWidth(), grid.getHeight()),
        "three charts, two to a row");
  }
}
