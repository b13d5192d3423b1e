package com.brandpulse.report;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import com.brandpulse.ml.ClassificationMetrics;
import com.brandpulse.ml.TopicModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts for the Java notebooks: Spark rows (or a model's metrics) in, a PNG-ready {@link
 * BufferedImage} out, which the rapaio kernel shows inline when it is a cell's last expression. One
 * call per chart, drawn by XChart at 640x360. Rows are read by column name, so a notebook's SQL
 * names what it selects: {@code series, x, y} for lines, {@code label, value} for bars and slices.
 * Each chart also has a builder returning the XChart object ({@code *Chart}), which the tests read
 * instead of pixels.
 */
public final class NotebookCharts {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;

  /** The flagged window of a crisis chart: a translucent red band behind the series. */
  static final String WINDOW = "flagged window";

  private static final Color WINDOW_COLOR = new Color(220, 50, 47, 60);

  private NotebookCharts() {}

  /**
   * Lines over time, one per {@code series}: x a date or timestamp, y a number (null = no point).
   */
  public static BufferedImage lines(String title, String yTitle, Dataset<Row> rows) {
    return image(linesChart(title, yTitle, rows.collectAsList()));
  }

  public static XYChart linesChart(String title, String yTitle, List<Row> rows) {
    XYChart chart =
        white(
            new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle(yTitle)
                .build());
    timeAxis(chart);
    addLines(chart, rows);
    return chart;
  }

  private static void addLines(XYChart chart, List<Row> rows) {
    Map<String, List<Row>> bySeries = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing(r -> toDate(r.getAs("x"))))
        .forEach(
            r ->
                bySeries
                    .computeIfAbsent(
                        String.valueOf((Object) r.getAs("series")), k -> new ArrayList<>())
                    .add(r));
    bySeries.forEach(
        (name, points) -> {
          List<Date> x = new ArrayList<>();
          List<Double> y = new ArrayList<>();
          for (Row r : points) {
            Object v = r.getAs("y");
            if (v != null) {
              x.add(toDate(r.getAs("x")));
              y.add(((Number) v).doubleValue());
            }
          }
          if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
          }
        });
  }

  /** Share of voice: one slice per {@code label}, sized by {@code value}, with its percentage. */
  public static BufferedImage shareOfVoice(String title, Dataset<Row> rows) {
    return image(shareOfVoiceChart(title, rows.collectAsList()));
  }

  public static PieChart shareOfVoiceChart(String title, List<Row> rows) {
    PieChart chart = white(new PieChartBuilder().width(WIDTH).height(HEIGHT).title(title).build());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLabelType(org.knowm.xchart.style.PieStyler.LabelType.Percentage);
    chart.getStyler().setDecimalPattern("#0.0"); // XChart adds the % sign to its percentage
    for (Row r : rows) {
      chart.addSeries(r.getAs("label"), (Number) r.getAs("value"));
    }
    return chart;
  }

  /** Vertical bars, one per {@code label} with its {@code value}, in row order. */
  public static BufferedImage bars(String title, String yTitle, Dataset<Row> rows) {
    return image(barsChart(title, yTitle, rows.collectAsList()));
  }

  public static CategoryChart barsChart(String title, String yTitle, List<Row> rows) {
    CategoryChart chart = categoryChart(title, yTitle, WIDTH, HEIGHT);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(
        yTitle,
        rows.stream().map(r -> String.valueOf((Object) r.getAs("label"))).toList(),
        rows.stream().map(r -> (Number) r.getAs("value")).toList());
    return chart;
  }

  /**
   * The confusion matrix as a heat map with counts: rows actual (first class on top), columns
   * predicted.
   */
  public static BufferedImage confusion(String title, ClassificationMetrics metrics) {
    return image(confusionChart(title, metrics));
  }

  public static HeatMapChart confusionChart(String title, ClassificationMetrics metrics) {
    HeatMapChart chart =
        white(
            new HeatMapChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("predicted")
                .yAxisTitle("actual")
                .build());
    chart.getStyler().setShowValue(true);
    chart.getStyler().setLegendVisible(false);
    // Light to medium blue: the counts stay readable in dark grey on every cell.
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {
              new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)
            });
    chart.getStyler().setValueFontColor(Color.DARK_GRAY);
    List<String> labels = metrics.labels();
    int n = labels.size();
    // XChart's y axis runs upwards: reversed, the first class reads at the top as in the text
    // matrix.
    List<String> actual = new ArrayList<>(labels);
    java.util.Collections.reverse(actual);
    List<Number[]> cells = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        cells.add(new Number[] {p, n - 1 - a, metrics.confusion()[a][p]});
      }
    }
    chart.addSeries("confusion", labels, actual, cells);
    return chart;
  }

  /** Precision and recall per class, side by side, on a 0-1 axis. */
  public static BufferedImage precisionRecall(String title, ClassificationMetrics metrics) {
    return image(precisionRecallChart(title, metrics));
  }

  public static CategoryChart precisionRecallChart(String title, ClassificationMetrics metrics) {
    CategoryChart chart = categoryChart(title, "", WIDTH, HEIGHT);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    chart.getStyler().setDecimalPattern("0.00");
    // Below the plot: bars near 1.0 would hide under a legend inside it.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    List<Double> precision = new ArrayList<>();
    List<Double> recall = new ArrayList<>();
    for (int c = 0; c < metrics.labels().size(); c++) {
      precision.add(metrics.precision(c));
      double r = metrics.recall(c);
      recall.add(Double.isNaN(r) ? 0 : r); // a class absent from the evaluation data
    }
    chart.addSeries("precision", metrics.labels(), precision);
    chart.addSeries("recall", metrics.labels(), recall);
    return chart;
  }

  /**
   * Topic term bars for the {@code topics} largest topics: for each, its leading terms (the model's
   * names, best first) and the share of the topic's posts that hold each term. {@code topicTokens}
   * has a post's {@code topic} and its {@code tokens} (TopicTraining.tokens over the posts' text).
   */
  public static BufferedImage topicTerms(TopicModel model, Dataset<Row> topicTokens, int topics) {
    Map<Integer, Long> posts = new HashMap<>();
    topicTokens
        .groupBy("topic")
        .count()
        .collectAsList()
        .forEach(r -> posts.put(r.getInt(0), r.getLong(1)));
    Object[] named = Arrays.stream(model.terms()).flatMap(Arrays::stream).distinct().toArray();
    Map<Integer, Map<String, Long>> termPosts = new HashMap<>();
    topicTokens
        .select(col("topic"), explode(array_distinct(col("tokens"))).as("term"))
        .where(col("term").isin(named))
        .groupBy("topic", "term")
        .count()
        .collectAsList()
        .forEach(
            r ->
                termPosts
                    .computeIfAbsent(r.getInt(0), k -> new HashMap<>())
                    .put(r.getString(1), r.getLong(2)));
    return grid(topicTermCharts(model.terms(), posts, termPosts, topics, 8), 2);
  }

  /**
   * The charts of {@link #topicTerms}: the largest topics first, their first {@code terms} terms
   * each.
   */
  public static List<CategoryChart> topicTermCharts(
      String[][] names,
      Map<Integer, Long> posts,
      Map<Integer, Map<String, Long>> termPosts,
      int topics,
      int terms) {
    List<CategoryChart> charts = new ArrayList<>();
    posts.entrySet().stream()
        .filter(e -> e.getKey() >= 0 && e.getKey() < names.length)
        .sorted(
            Map.Entry.<Integer, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(topics)
        .forEach(
            e -> {
              int topic = e.getKey();
              List<String> shown =
                  Arrays.asList(names[topic]).subList(0, Math.min(terms, names[topic].length));
              List<Double> shares =
                  shown.stream()
                      .map(
                          t ->
                              (double) termPosts.getOrDefault(topic, Map.of()).getOrDefault(t, 0L)
                                  / e.getValue())
                      .toList();
              CategoryChart chart =
                  categoryChart(
                      "topic " + topic + " (" + e.getValue() + " posts)",
                      "share of posts",
                      WIDTH / 2,
                      HEIGHT * 2 / 3);
              chart.getStyler().setLegendVisible(false);
              chart.getStyler().setXAxisLabelRotation(40);
              chart.getStyler().setYAxisMin(0.0);
              chart.getStyler().setYAxisDecimalPattern("0%");
              chart.addSeries("topic " + topic, shown, shares);
              charts.add(chart);
            });
    return charts;
  }

  /**
   * A crisis series with its flagged window shaded: lines per {@code series} (x a timestamp, y a
   * number) and a band over [started_at, ended_at) of {@code signal} (a gold.crisis_signals row, or
   * any row with those two columns); a null signal draws the series alone.
   */
  public static BufferedImage crisis(String title, Dataset<Row> series, Row signal) {
    return image(crisisChart(title, series.collectAsList(), signal));
  }

  public static XYChart crisisChart(String title, List<Row> series, Row signal) {
    XYChart chart =
        white(
            new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle("posts")
                .build());
    timeAxis(chart);
    chart.getStyler().setMarkerSize(3);
    if (signal != null) {
      double top =
          series.stream()
              .map(r -> r.getAs("y"))
              .filter(v -> v != null)
              .mapToDouble(v -> ((Number) v).doubleValue())
              .max()
              .orElse(1);
      // Added first, so it is drawn behind the lines: a filled area from 0 to the highest point.
      XYSeries band =
          chart.addSeries(
              WINDOW,
              List.of(toDate(signal.getAs("started_at")), toDate(signal.getAs("ended_at"))),
              List.of(top, top));
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      band.setMarker(SeriesMarkers.NONE);
      band.setFillColor(WINDOW_COLOR);
      band.setLineColor(WINDOW_COLOR);
    }
    addLines(chart, series);
    return chart;
  }

  /**
   * White around the plot, as the notebook page is: XChart's default grey frame looks like a
   * separate panel.
   */
  private static <T extends Chart<?, ?>> T white(T chart) {
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendBorderColor(Color.WHITE);
    return chart;
  }

  /** Any XChart chart as an image at its own size. */
  public static BufferedImage image(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** Charts of the same size side by side, {@code columns} to a row, in one image. */
  public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns) {
    if (charts.isEmpty()) {
      throw new IllegalArgumentException("no chart to draw");
    }
    int w = charts.get(0).getWidth();
    int h = charts.get(0).getHeight();
    int cols = Math.min(columns, charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    BufferedImage image = new BufferedImage(w * cols, h * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    for (int i = 0; i < charts.size(); i++) {
      Graphics2D cell = (Graphics2D) g.create((i % cols) * w, (i / cols) * h, w, h);
      charts.get(i).paint(cell, w, h);
      cell.dispose();
    }
    g.dispose();
    return image;
  }

  private static CategoryChart categoryChart(String title, String yTitle, int width, int height) {
    CategoryChart chart =
        white(
            new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .yAxisTitle(yTitle)
                .build());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setAvailableSpaceFill(0.7);
    return chart;
  }

  private static void timeAxis(XYChart chart) {
    // The warehouse's times are UTC (spark.sql.session.timeZone): shown as such, whatever this
    // JVM's zone.
    chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
    chart.getStyler().setDatePattern("MM-dd");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
  }

  /**
   * A DATE (midnight UTC of that day), TIMESTAMP or instant as the Date XChart's time axis takes.
   */
  static Date toDate(Object value) {
    if (value instanceof java.sql.Date d) {
      return Date.from(d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant());
    } else if (value instanceof Date d) {
      return d;
    } else if (value instanceof LocalDate d) {
      return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    } else if (value instanceof LocalDateTime t) {
      return Date.from(t.toInstant(ZoneOffset.UTC));
    } else if (value instanceof Instant i) {
      return Date.from(i);
    }
    throw new IllegalArgumentException("not a date or time: " + value);
  }
}
