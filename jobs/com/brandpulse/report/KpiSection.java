package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.lng;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.gold.GoldTables;
import com.brandpulse.report.ReportPage.Brand;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The report's "Key figures" section: a tile per KPI of each own brand this week, with its change
 * against the week before and its mentions per platform, from gold.brand_health_weekly ({@link
 * ReportPage}).
 */
final class KpiSection {
  private final ReportPage page;

  KpiSection(ReportPage page) {
    this.page = page;
  }

  private enum Fmt {
    COUNT,
    NET,
    PERCENT,
    NPS,
    DURATION
  }

  /**
   * A KPI tile: column of gold.brand_health_weekly, label, format, and whether up is good (+1), bad
   * (-1) or neither.
   */
  private record Kpi(String column, String label, Fmt fmt, int better, String whenNull) {}

  private static final List<Kpi> KPIS =
      List.of(
          new Kpi("mentions", "Mentions", Fmt.COUNT, 0, "no posts"),
          new Kpi("net_sentiment", "Net sentiment", Fmt.NET, 1, "no scored posts"),
          new Kpi("share_of_voice", "Share of voice", Fmt.PERCENT, 1, "no competitor set"),
          new Kpi("nps", "NPS", Fmt.NPS, 1, "no scored authors"),
          new Kpi("complaints", "Complaints", Fmt.COUNT, -1, "none"),
          new Kpi("response_rate", "Response rate", Fmt.PERCENT, 1, "no complaints"),
          new Kpi(
              "median_first_reply_seconds", "Median first reply", Fmt.DURATION, -1, "no replies"));

  void render(StringBuilder out) {
    page.section(
        out,
        "kpis",
        "Key figures",
        "Each own brand this week, all platforms, with the change against "
            + page.previousLabel
            + " (the column's _wow twin). Green is better, red is worse.");
    if (page.own.isEmpty()) {
      ReportPage.noData(out, "No own brand (brand_kind = 'brand') in the gold tables.");
    }
    for (Brand b : page.own) {
      Row row = page.row(b.id(), page.options.week());
      out.append("<div class=\"brand-block\"><h3>")
          .append(page.dot(b))
          .append(escape(b.name()))
          .append(page.competitorNote(b))
          .append("</h3>");
      if (row == null) {
        ReportPage.noData(out, "No posts about " + b.name() + " in " + page.label + ".");
        out.append("</div>");
        continue;
      }
      out.append("<div class=\"tiles\">");
      for (Kpi k : KPIS) {
        out.append(tile(b, row, k));
      }
      out.append("</div>");
      List<Row> platforms =
          page.data.platforms().stream()
              .filter(r -> b.id().equals(str(r, "brand_id")))
              .sorted(Comparator.comparing((Row r) -> -lng(r, "mentions")))
              .toList();
      if (!platforms.isEmpty()) {
        out.append("<div class=\"byplatform\">Mentions by platform: ");
        out.append(
            platforms.stream()
                .map(
                    r ->
                        "<b>"
                            + escape(str(r, "platform"))
                            + "</b> "
                            + Html.count(lng(r, "mentions")))
                .collect(Collectors.joining(" · ")));
        out.append(page.src(GoldTables.BRAND_HEALTH_WEEKLY, "platform", "mentions"))
            .append("</div>");
      }
      out.append("</div>");
    }
    out.append("</section>\n");
  }

  private String tile(Brand b, Row row, Kpi k) {
    Double value = dbl(row, k.column());
    Double change = dbl(row, k.column() + "_wow");
    StringBuilder t =
        new StringBuilder("<div class=\"tile\" data-kpi=\"")
            .append(escape(b.id() + "/" + k.column()))
            .append("\"><div class=\"k\">")
            .append(escape(k.label()))
            .append("</div><div class=\"v\">")
            .append(
                value == null ? "<span class=\"na\">n/a</span>" : escape(format(k.fmt(), value)))
            .append("</div>");
    String cls;
    String text;
    if (value == null) {
      cls = "flat";
      text = k.whenNull();
    } else if (change == null) {
      cls = "flat";
      text = "– no figure for " + page.previousLabel;
    } else if (change == 0) {
      cls = "flat";
      text = "= no change";
    } else {
      boolean up = change > 0;
      String tone = k.better() == 0 ? "" : (up == (k.better() > 0) ? " good" : " bad");
      cls = (up ? "up" : "down") + tone;
      text = (up ? "▲ " : "▼ ") + formatChange(k.fmt(), change, value);
    }
    t.append("<div class=\"d ").append(cls).append("\">").append(escape(text));
    if (value != null && change != null) {
      t.append(" <span class=\"vs\">vs ")
          .append(escape(page.previousLabel.substring(5)))
          .append("</span>");
    }
    t.append("</div>")
        .append(page.src(GoldTables.BRAND_HEALTH_WEEKLY, k.column(), k.column() + "_wow"))
        .append("</div>");
    return t.toString();
  }

  private static String format(Fmt fmt, double v) {
    return switch (fmt) {
      case COUNT -> Html.count(Math.round(v));
      case NET -> Html.signed(v, 2);
      case PERCENT -> Html.percent(v);
      case NPS -> Html.signed(v, 1);
      case DURATION -> Html.duration(v);
    };
  }

  private static String formatChange(Fmt fmt, double change, double value) {
    return switch (fmt) {
      case COUNT -> {
        double previous = value - change;
        yield Html.signedCount(Math.round(change))
            + (previous > 0 ? " (" + Html.signed(100 * change / previous, 1) + "%)" : "");
      }
      case NET -> Html.signed(change, 2);
      case PERCENT -> Html.points(change);
      case NPS -> Html.signed(change, 1) + " pts";
      case DURATION -> (change > 0 ? "+" : "\u2212") + Html.duration(Math.abs(change));
    };
  }
}
