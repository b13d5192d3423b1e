package com.brandpulse.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Hand-written inline SVG charts for the weekly report: a line chart (weekly trends), vertical bars
 * (share of voice) and horizontal bars (complaint themes, response times). No script and nothing
 * fetched: the page stays one self-contained file. Every chart is an {@code <svg data-chart="...">}
 * whose data marks carry {@code class="mark"}, so a test can tell a drawn chart from an empty one.
 * A chart without a single finite value is never drawn: the builders return null and the caller
 * says in words that there is no data.
 */
public final class SvgCharts {
  private SvgCharts() {}

  /**
   * One line: a name for the legend, a colour, one value per x label (null = no value that week).
   */
  public record Series(String name, String color, List<Double> values, boolean emphasised) {}

  /** One bar: its label, value, the text shown at its end, colour, and an optional tooltip. */
  public record Bar(String label, double value, String valueLabel, String color, String tooltip) {
    public Bar(String label, double value, String valueLabel, String color) {
      this(label, value, valueLabel, color, null);
    }
  }

  private static final int LINE_W = 560;
  private static final int LINE_H = 230;
  private static final String AXIS = "#8a94a6";
  private static final String GRID = "#e6e9ef";

  /**
   * A line chart of series over the same x labels, with y gridlines at round values and a legend.
   * {@code includeZero} keeps 0 on the y axis (volumes); otherwise the axis fits the data (ratios).
   * Returns null when no series has a finite value.
   */
  public static String line(
      String chartId,
      String title,
      List<String> xLabels,
      List<Series> series,
      DoubleFunction<String> yFormat,
      boolean includeZero) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Double v : s.values()) {
        if (finite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      return null;
    }
    if (includeZero) {
      min = Math.min(0, min);
      max = Math.max(0, max);
    }
    double[] ticks = niceTicks(min, max, 4);
    double lo = ticks[0];
    double hi = ticks[ticks.length - 1];
    int left = 56;
    int right = 14;
    int top = 12;
    int bottom = 28;
    double plotW = LINE_W - left - right;
    double plotH = LINE_H - top - bottom;
    int n = Math.max(1, xLabels.size());
    DoubleFunction<Double> x = i -> left + (n == 1 ? plotW / 2 : i * plotW / (n - 1));
    DoubleFunction<Double> y = v -> top + plotH - (v - lo) / (hi - lo) * plotH;

    StringBuilder svg = open(chartId, title, LINE_W, LINE_H);
    for (double t : ticks) {
      double ty = y.apply(t);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
              left,
              LINE_W - right,
              ty,
              ty,
              t == 0 && lo < 0 ? AXIS : GRID,
              t == 0 && lo < 0 ? " stroke-dasharray=\"4 3\"" : ""));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>",
              left - 8,
              ty + 4,
              Html.escape(yFormat.apply(t))));
    }
    int every = n > 10 ? (int) Math.ceil(n / 10.0) : 1;
    for (int i = 0; i < xLabels.size(); i++) {
      if (i % every == 0 || i == n - 1) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>",
                x.apply(i),
                LINE_H - 8,
                Html.escape(xLabels.get(i))));
      }
    }
    // Competitors first, so the emphasised (own) series is drawn on top.
    List<Series> order = new ArrayList<>(series.stream().filter(s -> !s.emphasised()).toList());
    order.addAll(series.stream().filter(Series::emphasised).toList());
    for (Series s : order) {
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < s.values().size() && i < n; i++) {
        Double v = s.values().get(i);
        if (!finite(v)) {
          pen = false; // a week without a value breaks the line rather than bridging it
          continue;
        }
        d.append(
            String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x.apply(i), y.apply(v)));
        pen = true;
      }
      if (d.length() > 0) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<path class=\"mark\" d=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"%s\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
                d.toString().trim(),
                s.color(),
                s.emphasised() ? "3" : "1.8"));
      }
      for (int i = 0; i < s.values().size() && i < n; i++) {
        Double v = s.values().get(i);
        if (finite(v)) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\""
                      + " stroke=\"#fff\" stroke-width=\"1\"><title>%s %s: %s</title></circle>",
                  x.apply(i),
                  y.apply(v),
                  s.emphasised() ? "3.6" : "2.6",
                  s.color(),
                  Html.escape(s.name()),
                  Html.escape(xLabels.get(i)),
                  Html.escape(yFormat.apply(v))));
        }
      }
    }
    svg.append("</svg>");
    StringBuilder legend = new StringBuilder("<div class=\"legend\">");
    for (Series s : series) {
      legend
          .append("<span><i style=\"background:")
          .append(s.color())
          .append("\"></i>")
          .append(s.emphasised() ? "<b>" + Html.escape(s.name()) + "</b>" : Html.escape(s.name()))
          .append("</span>");
    }
    legend.append("</div>");
    return svg + legend.toString();
  }

  /**
   * Vertical bars from 0 (share of voice); value labels above the bars. Null without a positive
   * value.
   */
  public static String columns(String chartId, String title, List<Bar> bars) {
    if (bars.stream().noneMatch(b -> finite(b.value()) && b.value() > 0)) {
      return null;
    }
    double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
    int width = 560;
    int height = 220;
    int top = 22;
    int bottom = 34;
    double plotH = height - top - bottom;
    double slot = (double) (width - 20) / bars.size();
    double barW = Math.min(84, slot * 0.62);
    StringBuilder svg = open(chartId, title, width, height);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"10\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
            width - 10,
            top + plotH,
            top + plotH,
            AXIS));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double v = finite(b.value()) ? Math.max(0, b.value()) : 0;
      double h = max > 0 ? v / max * plotH : 0;
      double cx = 10 + slot * i + slot / 2;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                  + " rx=\"3\" fill=\"%s\"><title>%s</title></rect>",
              cx - barW / 2,
              top + plotH - h,
              barW,
              h,
              b.color(),
              Html.escape(b.tooltip() != null ? b.tooltip() : b.label() + ": " + b.valueLabel())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%s</text>",
              cx,
              top + plotH - h - 6,
              Html.escape(b.valueLabel())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"label\">%s</text>",
              cx,
              height - 12,
              Html.escape(shorten(b.label(), (int) (slot / 7)))));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Horizontal bars from 0, one row per bar, label left and value right (themes, response times).
   * Null when no bar has a positive value.
   */
  public static String rows(String chartId, String title, List<Bar> bars) {
    if (bars.stream().noneMatch(b -> finite(b.value()) && b.value() > 0)) {
      return null;
    }
    double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
    int width = 1040; // drawn full-width: one unit per CSS pixel keeps the text at body size
    int rowH = 28;
    int labelW = 260;
    int valueW = 130;
    int height = bars.size() * rowH + 8;
    double plotW = width - labelW - valueW;
    StringBuilder svg = open(chartId, title, width, height);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double v = finite(b.value()) ? Math.max(0, b.value()) : 0;
      double w = max > 0 ? v / max * plotW : 0;
      double y = 4 + i * rowH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"label\">%s<title>%s</title></text>",
              labelW - 10,
              y + rowH / 2.0 + 4,
              Html.escape(shorten(b.label(), 38)),
              Html.escape(b.label())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"/>",
              labelW,
              y + 4,
              plotW,
              rowH - 8,
              "#f1f3f7"));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"mark\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\""
                  + " fill=\"%s\"><title>%s</title></rect>",
              labelW,
              y + 4,
              w,
              rowH - 8,
              b.color(),
              Html.escape(b.tooltip() != null ? b.tooltip() : b.label() + ": " + b.valueLabel())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">%s</text>",
              labelW + plotW + 8,
              y + rowH / 2.0 + 4,
              Html.escape(b.valueLabel())));
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String chartId, String title, int width, int height) {
    // max-width: a chart never grows beyond its drawn size, so its text stays the size of the
    // page's text.
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" style=\"max-width:%dpx\" role=\"img\" aria-label=\"%s\""
                + " preserveAspectRatio=\"xMinYMin meet\">",
            Html.escape(chartId),
            width,
            height,
            width,
            height,
            width,
            Html.escape(title)));
  }

  /** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
  static double[] niceTicks(double min, double max, int target) {
    if (max - min < 1e-12) {
      double pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
      min -= pad;
      max += pad;
    }
    double raw = (max - min) / target;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag * (raw / mag <= 1 ? 1 : raw / mag <= 2 ? 2 : raw / mag <= 5 ? 5 : 10);
    double lo = Math.floor(min / step + 1e-9) * step;
    double hi = Math.ceil(max / step - 1e-9) * step;
    int count = (int) Math.round((hi - lo) / step) + 1;
    double[] ticks = new double[count];
    for (int i = 0; i < count; i++) {
      double t = lo + i * step;
      ticks[i] = Math.abs(t) < step * 1e-9 ? 0 : t;
    }
    return ticks;
  }

  private static boolean finite(Double v) {
    return v != null && Double.isFinite(v);
  }

  static String shorten(String text, int max) {
    int limit = Math.max(4, max);
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }
}
