package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.lng;

import com.brandpulse.gold.GoldTables;
import com.brandpulse.report.ReportPage.Brand;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The report's "Share of voice" section: per own brand, its and its competitors' shares of the
 * week's mentions, and its share (all, positive and negative voice) over the trend weeks, from
 * gold.brand_health_weekly ({@link ReportPage}).
 */
final class ShareOfVoiceSection {
  private final ReportPage page;

  ShareOfVoiceSection(ReportPage page) {
    this.page = page;
  }

  void render(StringBuilder out) {
    page.section(
        out,
        "sov",
        "Share of voice",
        "Each brand's mentions as a share of the mentions of the own brand and"
            + " its competitor set (taxonomy) in "
            + page.label
            + ", and the own brand's share over the trend weeks.");
    List<String> x = page.weekAxis();
    for (Brand b : page.own) {
      out.append("<div class=\"brand-block\"><h3>")
          .append(page.dot(b))
          .append(escape(b.name()))
          .append(page.competitorNote(b))
          .append("</h3>");
      Row row = page.row(b.id(), page.options.week());
      List<String> set = page.competitorIds(b);
      if (set.isEmpty()) {
        ReportPage.noData(
            out,
            b.name() + " has no competitor set in the taxonomy: share of voice is not defined.");
        out.append("</div>");
        continue;
      }
      long mentions = row == null ? 0 : lng(row, "mentions");
      long competitorMentions = row == null ? 0 : lng(row, "competitor_mentions");
      long total = mentions + competitorMentions;
      out.append("<div class=\"grid2\">");
      String bars = null;
      if (total > 0) {
        List<SvgCharts.Bar> list = new ArrayList<>();
        list.add(sovBar(b, mentions, total));
        for (String c : set) {
          Row cr = page.row(c, page.options.week());
          list.add(sovBar(page.brand(c), cr == null ? 0 : lng(cr, "mentions"), total));
        }
        bars =
            SvgCharts.columns(
                "share-of-voice/" + b.id(), b.name() + " share of voice " + page.label, list);
      }
      ReportPage.figure(
          out,
          "Share of voice, " + page.label,
          bars,
          "No mentions of " + b.name() + " or its competitors in " + page.label + ".",
          page.src(
              GoldTables.BRAND_HEALTH_WEEKLY, "share_of_voice", "mentions", "competitor_mentions"));
      // all mentions, then the positive and the negative voice (brand-level labels)
      List<Double> trend = new ArrayList<>();
      List<Double> positive = new ArrayList<>();
      List<Double> negative = new ArrayList<>();
      for (LocalDate w : page.data.weeks()) {
        Row r = page.row(b.id(), w);
        trend.add(r == null ? null : dbl(r, "share_of_voice"));
        positive.add(r == null ? null : dbl(r, "positive_share_of_voice"));
        negative.add(r == null ? null : dbl(r, "negative_share_of_voice"));
      }
      ReportPage.figure(
          out,
          b.name() + " share of voice per week",
          SvgCharts.line(
              "share-of-voice-trend/" + b.id(),
              b.name() + " share of voice per week",
              x,
              List.of(
                  new SvgCharts.Series("all mentions", page.colors.get(b.id()), trend, true),
                  new SvgCharts.Series("positive voice", "#15803d", positive, false),
                  new SvgCharts.Series("negative voice", "#b91c1c", negative, false)),
              Html::percent,
              true),
          "No share of voice for " + b.name() + " in these weeks.",
          page.src(
              GoldTables.BRAND_HEALTH_WEEKLY,
              "share_of_voice",
              "positive_share_of_voice",
              "negative_share_of_voice"));
      out.append("</div></div>");
    }
    out.append("</section>\n");
  }

  private SvgCharts.Bar sovBar(Brand b, long mentions, long total) {
    double share = (double) mentions / total;
    return new SvgCharts.Bar(
        b.name(),
        share,
        Html.percent(share),
        page.colors.getOrDefault(b.id(), "#94a3b8"),
        b.name() + ": " + Html.count(mentions) + " mentions, " + Html.percent(share));
  }
}
