package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.lng;

import com.brandpulse.gold.GoldTables;
import com.brandpulse.report.ReportPage.Brand;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The report's "Response times" section: how fast each brand's official accounts and employees
 * answered the week's complaints, from gold.brand_health_weekly ({@link ReportPage}).
 */
final class ResponseTimesSection {
  private final ReportPage page;

  ResponseTimesSection(ReportPage page) {
    this.page = page;
  }

  void render(StringBuilder out) {
    page.section(
        out,
        "response",
        "Response times",
        "How fast each brand's official accounts and employees answered"
            + " complaints raised in "
            + page.label
            + " (first reply anywhere in the thread below the complaint).");
    List<Brand> all = new ArrayList<>(page.own);
    all.addAll(page.competitors);
    List<SvgCharts.Bar> bars = new ArrayList<>();
    for (Brand b : all) {
      Row r = page.row(b.id(), page.options.week());
      Double median = r == null ? null : dbl(r, "median_first_reply_seconds");
      if (median != null) {
        bars.add(
            new SvgCharts.Bar(
                b.name(),
                median,
                Html.duration(median),
                page.colors.get(b.id()),
                b.name() + ": median first reply " + Html.duration(median)));
      }
    }
    ReportPage.figure(
        out,
        "Median first reply",
        SvgCharts.rows("response-times", "median first reply " + page.label, bars),
        "No replied complaints this week: no response times.",
        page.src(GoldTables.BRAND_HEALTH_WEEKLY, "median_first_reply_seconds"));
    out.append(
        "<table class=\"data\"><thead><tr><th>Brand</th><th>Complaints</th><th>Replied</th>"
            + "<th>Response rate</th><th>Median first reply</th><th>p90 first reply</th><th>Same-day rate</th>"
            + "</tr></thead><tbody>");
    for (Brand b : all) {
      Row r = page.row(b.id(), page.options.week());
      out.append("<tr data-response=\"")
          .append(escape(b.id()))
          .append("\"><td>")
          .append(page.dot(b))
          .append(escape(b.name()))
          .append(b.kind().equals("brand") ? " <span class=\"tag\">own</span>" : "")
          .append("</td>");
      if (r == null) {
        out.append("<td colspan=\"6\" class=\"na\">no posts this week</td></tr>");
        continue;
      }
      out.append(ReportPage.td(Html.count(lng(r, "complaints"))))
          .append(ReportPage.td(Html.count(lng(r, "complaints_replied"))))
          .append(ReportPage.td(ReportPage.opt(dbl(r, "response_rate"), Html::percent)))
          .append(
              ReportPage.td(ReportPage.opt(dbl(r, "median_first_reply_seconds"), Html::duration)))
          .append(ReportPage.td(ReportPage.opt(dbl(r, "p90_first_reply_seconds"), Html::duration)))
          .append(ReportPage.td(ReportPage.opt(dbl(r, "same_day_rate"), Html::percent)))
          .append("</tr>");
    }
    out.append("</tbody></table>")
        .append(
            page.src(
                GoldTables.BRAND_HEALTH_WEEKLY,
                "complaints",
                "complaints_replied",
                "response_rate",
                "median_first_reply_seconds",
                "p90_first_reply_seconds",
                "complaints_answered_same_day",
                "same_day_rate"))
        .append("</section>\n");
  }
}
