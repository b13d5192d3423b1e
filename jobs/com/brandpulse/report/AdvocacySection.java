package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.date;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.list;
import static com.brandpulse.report.WeeklyReport.lng;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.gold.GoldTables;
import com.brandpulse.report.ReportPage.Brand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The report's "Advocacy" section: the customers and employees who defend a brand and answer other
 * customers this week, from gold.advocacy_weekly, on the page's brands, week and legend ({@link
 * ReportPage}).
 */
final class AdvocacySection {
  private final ReportPage page;

  AdvocacySection(ReportPage page) {
    this.page = page;
  }

  void render(StringBuilder out) {
    page.section(
        out,
        "advocacy",
        "Advocates",
        "Customers defending a brand under negative posts or answering other"
            + " customers' questions about it, and employees posting about it, in "
            + page.label
            + ".");
    if (page.missing(GoldTables.ADVOCACY_WEEKLY)) {
      ReportPage.noData(
          out,
          GoldTables.ADVOCACY_WEEKLY.qualifiedName()
              + " has not been computed in this warehouse: no"
              + " advocacy figures.");
      out.append("</section>\n");
      return;
    }
    Map<String, Row> thisWeek = new HashMap<>();
    Map<String, Row> lastWeek = new HashMap<>();
    for (Row r : page.data.advocacy()) {
      (date(r, "week_start").equals(page.options.week()) ? thisWeek : lastWeek)
          .put(str(r, "brand_id"), r);
    }
    List<Brand> all = new ArrayList<>(page.own);
    all.addAll(page.competitors);
    List<SvgCharts.Bar> bars = new ArrayList<>();
    for (Brand b : all) {
      Row r = thisWeek.get(b.id());
      Double rate = r == null ? null : dbl(r, "advocacy_rate");
      if (rate != null) {
        bars.add(
            new SvgCharts.Bar(
                b.name(),
                rate,
                Html.percent(rate) + " · " + Html.count(lng(r, "advocates")),
                page.colors.get(b.id()),
                b.name()
                    + ": "
                    + lng(r, "advocates")
                    + " advocates of "
                    + lng(r, "customer_authors")
                    + " customer authors"));
      }
    }
    ReportPage.figure(
        out,
        "Advocacy rate by brand (advocates / customer authors)",
        SvgCharts.rows("advocacy-rate", "advocacy rate " + page.label, bars),
        "No customer authors this week: advocacy rates are undefined.",
        page.src(GoldTables.ADVOCACY_WEEKLY, "advocacy_rate", "advocates", "customer_authors"));
    for (Brand b : page.own) {
      Row r = thisWeek.get(b.id());
      out.append("<div class=\"brand-block\"><h3>")
          .append(page.dot(b))
          .append(escape(b.name()))
          .append("</h3>");
      if (r == null) {
        ReportPage.noData(out, "No advocacy row for " + b.name() + " this week.");
        out.append("</div>");
        continue;
      }
      Row prev = lastWeek.get(b.id());
      Double rate = dbl(r, "advocacy_rate");
      Double prevRate = prev == null ? null : dbl(prev, "advocacy_rate");
      String rateChange;
      String rateClass = "flat";
      if (rate == null) {
        rateChange = "no customer authors";
      } else if (prevRate == null) {
        rateChange = "– no figure for " + page.previousLabel;
      } else if (rate.equals(prevRate)) {
        rateChange = "= no change";
      } else {
        rateClass = rate > prevRate ? "up good" : "down bad";
        rateChange = (rate > prevRate ? "▲ " : "▼ ") + Html.points(rate - prevRate);
      }
      out.append("<div class=\"tiles\">")
          .append(
              simpleTile(
                  b,
                  "advocacy_rate",
                  "Advocacy rate",
                  ReportPage.opt(rate, Html::percent),
                  rateChange,
                  rateClass,
                  page.src(GoldTables.ADVOCACY_WEEKLY, "advocacy_rate")))
          .append(
              simpleTile(
                  b,
                  "advocates",
                  "Advocates",
                  Html.count(lng(r, "advocates")),
                  "of " + Html.count(lng(r, "customer_authors")) + " customer authors",
                  "flat",
                  page.src(GoldTables.ADVOCACY_WEEKLY, "advocates", "customer_authors")))
          .append(
              simpleTile(
                  b,
                  "advocacy_posts",
                  "Advocacy posts",
                  Html.count(lng(r, "advocacy_posts")),
                  Html.count(lng(r, "defending_posts"))
                      + " defending · "
                      + Html.count(lng(r, "answering_posts"))
                      + " answering",
                  "flat",
                  page.src(
                      GoldTables.ADVOCACY_WEEKLY,
                      "advocacy_posts",
                      "defending_posts",
                      "answering_posts")))
          .append(
              simpleTile(
                  b,
                  "advocate_reach",
                  "Advocate reach",
                  Html.count(lng(r, "advocate_reach")),
                  "followers",
                  "flat",
                  page.src(GoldTables.ADVOCACY_WEEKLY, "advocate_reach")))
          .append(
              simpleTile(
                  b,
                  "employees_posting",
                  "Employees posting",
                  Html.count(lng(r, "employees_posting")),
                  "of "
                      + Html.count(lng(r, "roster_employees"))
                      + " on the roster"
                      + ReportPage.opt(
                          dbl(r, "employee_active_share"), s -> " (" + Html.percent(s) + ")"),
                  "flat",
                  page.src(
                      GoldTables.ADVOCACY_WEEKLY,
                      "employees_posting",
                      "roster_employees",
                      "employee_active_share")))
          .append(
              simpleTile(
                  b,
                  "employee_posts",
                  "Employee posts",
                  Html.count(lng(r, "employee_posts")),
                  Html.count(lng(r, "employee_reach"))
                      + " reach · "
                      + Html.count(lng(r, "executive_posts"))
                      + " by "
                      + Html.count(lng(r, "executives_posting"))
                      + " executives",
                  "flat",
                  page.src(
                      GoldTables.ADVOCACY_WEEKLY,
                      "employee_posts",
                      "employee_reach",
                      "executive_posts",
                      "executives_posting")))
          .append("</div>");
      List<Row> top = list(r, "top_advocates");
      if (top.isEmpty()) {
        ReportPage.noData(out, "No customer advocates of " + b.name() + " this week.");
      } else {
        out.append("<h4>Top advocates <span class=\"sub\">(pseudonymous author keys)</span></h4>")
            .append(
                "<table class=\"data\"><thead><tr><th>Author key</th><th>Platform</th><th>Advocacy posts</th>"
                    + "<th>Defending</th><th>Answering</th><th>Followers</th></tr></thead><tbody>");
        for (Row a : top) {
          out.append("<tr><td class=\"mono\">")
              .append(escape(str(a, "author_key")))
              .append("</td>")
              .append(ReportPage.td(escape(str(a, "platform"))))
              .append(ReportPage.td(Html.count(ReportPage.nz(lng(a, "advocacy_posts")))))
              .append(ReportPage.td(Html.count(ReportPage.nz(lng(a, "defending_posts")))))
              .append(ReportPage.td(Html.count(ReportPage.nz(lng(a, "answering_posts")))))
              .append(
                  ReportPage.td(
                      ReportPage.opt(
                          a.isNullAt(a.fieldIndex("followers"))
                              ? null
                              : (double) lng(a, "followers"),
                          v -> Html.count(Math.round(v)))))
              .append("</tr>");
        }
        out.append("</tbody></table>")
            .append(page.src(GoldTables.ADVOCACY_WEEKLY, "top_advocates"));
      }
      out.append("</div>");
    }
    out.append("</section>\n");
  }

  private String simpleTile(
      Brand b, String key, String label, String value, String detail, String cls, String source) {
    return "<div class=\"tile\" data-kpi=\""
        + escape(b.id() + "/" + key)
        + "\"><div class=\"k\">"
        + escape(label)
        + "</div><div class=\"v\">"
        + escape(value)
        + "</div><div class=\"d "
        + cls
        + "\">"
        + escape(detail)
        + "</div>"
        + source
        + "</div>";
  }
}
