package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.list;
import static com.brandpulse.report.WeeklyReport.lng;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.common.Tables;
import com.brandpulse.report.ReportPage.Brand;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The report's "Complaint themes" section: each own brand's negative posts of the week grouped by
 * their strongest complaint topic (per language), with the change against the week before and the
 * posts most typical of each theme, from gold.complaint_themes_weekly, on the page's brands, week
 * and legend ({@link ReportPage}).
 */
final class ComplaintThemesSection {
  private static final int MAX_THEMES = 8;

  private final ReportPage page;

  ComplaintThemesSection(ReportPage page) {
    this.page = page;
  }

  void render(StringBuilder out) {
    page.section(
        out,
        "complaints",
        "Complaint themes",
        "Negative posts about each own brand in "
            + page.label
            + ", grouped"
            + " by their strongest complaint topic (per language), with the posts most typical of each theme.");
    if (page.missing(Tables.GOLD_COMPLAINT_THEMES_WEEKLY)) {
      ReportPage.noData(
          out,
          Tables.GOLD_COMPLAINT_THEMES_WEEKLY.qualifiedName()
              + " has not been computed in this warehouse:"
              + " no complaint themes this week.");
    }
    for (Brand b : page.own) {
      if (page.missing(Tables.GOLD_COMPLAINT_THEMES_WEEKLY)) {
        break;
      }
      List<Row> themes =
          page.data.themes().stream()
              .filter(r -> b.id().equals(str(r, "brand_id")))
              .sorted(
                  Comparator.comparing((Row r) -> -lng(r, "complaints"))
                      .thenComparing(r -> str(r, "lang"))
                      .thenComparing(r -> lng(r, "theme_rank")))
              .toList();
      out.append("<div class=\"brand-block\"><h3>")
          .append(page.dot(b))
          .append(escape(b.name()))
          .append("</h3>");
      if (themes.isEmpty()) {
        ReportPage.noData(out, "No complaint themes for " + b.name() + " this week.");
        out.append("</div>");
        continue;
      }
      List<Row> shown = themes.subList(0, Math.min(MAX_THEMES, themes.size()));
      List<SvgCharts.Bar> bars =
          shown.stream()
              .map(
                  r ->
                      new SvgCharts.Bar(
                          themeName(r),
                          lng(r, "complaints"),
                          Html.count(lng(r, "complaints"))
                              + " · "
                              + Html.percent(dbl(r, "share_of_complaints")),
                          page.colors.get(b.id()),
                          themeName(r) + ": " + lng(r, "complaints") + " complaints"))
              .toList();
      ReportPage.figure(
          out,
          "Complaints by theme",
          SvgCharts.rows(
              "complaint-themes/" + b.id(), b.name() + " complaint themes " + page.label, bars),
          "No complaints for " + b.name() + " this week.",
          page.src(
              Tables.GOLD_COMPLAINT_THEMES_WEEKLY,
              "theme_name",
              "lang",
              "complaints",
              "share_of_complaints"));
      if (themes.size() > shown.size()) {
        out.append("<p class=\"note\">")
            .append(themes.size() - shown.size())
            .append(" smaller themes are not shown.</p>");
      }
      out.append("<div class=\"themes\">");
      for (Row r : shown) {
        long complaints = lng(r, "complaints");
        long previous = lng(r, "complaints_prev_week");
        long change = complaints - previous;
        out.append("<article class=\"theme\" data-theme=\"")
            .append(escape(b.id() + "/" + str(r, "model_name") + "/" + lng(r, "theme")))
            .append("\"><h4><span class=\"rank\">#")
            .append(lng(r, "theme_rank"))
            .append("</span> ")
            .append(escape(str(r, "theme_name")))
            .append(" <span class=\"tag\">")
            .append(escape(str(r, "lang")))
            .append("</span></h4><div class=\"tmeta\"><b>")
            .append(Html.count(complaints))
            .append("</b> complaints · ")
            .append(Html.percent(dbl(r, "share_of_complaints")))
            .append(" of ")
            .append(escape(str(r, "lang")))
            .append(" complaints · ")
            .append("<span class=\"")
            .append(change > 0 ? "bad" : change < 0 ? "good" : "flat")
            .append("\">")
            .append(change > 0 ? "▲ " : change < 0 ? "▼ " : "= ")
            .append(escape(Html.signedCount(change)))
            .append("</span> vs ")
            .append(escape(page.previousLabel.substring(5)))
            .append(" (")
            .append(Html.count(previous))
            .append(")")
            .append(
                page.src(
                    Tables.GOLD_COMPLAINT_THEMES_WEEKLY,
                    "theme_rank",
                    "complaints_prev_week",
                    "model_name",
                    "model_version"))
            .append("</div>");
        List<Row> posts = list(r, "representative_posts");
        if (posts.isEmpty()) {
          out.append("<p class=\"note\">No representative posts stored for this theme.</p>");
        }
        for (Row p : posts.subList(0, Math.min(3, posts.size()))) {
          out.append(
              page.post(
                  str(p, "text"),
                  List.of(
                      str(p, "post_id"),
                      "engagement " + Html.count(ReportPage.nz(lng(p, "engagement")))),
                  "complaint"));
        }
        out.append(page.src(Tables.GOLD_COMPLAINT_THEMES_WEEKLY, "representative_posts"))
            .append("</article>");
      }
      out.append("</div></div>");
    }
    out.append("</section>\n");
  }

  private static String themeName(Row r) {
    return str(r, "theme_name") + " (" + str(r, "lang") + ")";
  }
}
