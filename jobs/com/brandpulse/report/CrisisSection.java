package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.date;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.instant;
import static com.brandpulse.report.WeeklyReport.list;
import static com.brandpulse.report.WeeklyReport.lng;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.gold.CrisisTables;
import com.brandpulse.report.ReportPage.Brand;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.apache.spark.sql.Row;

/**
 * The report's "Crisis signals" section: each brand's crisis figures of the week and every signal
 * that started in it or ran into it, with its drivers and the posts that explain it, from
 * gold.crisis_weekly and gold.crisis_signals, on the page's brands, week and legend ({@link
 * ReportPage}).
 */
final class CrisisSection {
  private final ReportPage page;

  CrisisSection(ReportPage page) {
    this.page = page;
  }

  void render(StringBuilder out) {
    page.section(
        out,
        "crisis",
        "Crisis signals",
        "Runs of hours or days in which a brand's volume, negative posts or"
            + " negative share rose far above its own seasonal baseline, started in "
            + page.label
            + " (or still running into it). Times in "
            + page.zone.getId()
            + ".");
    if (page.missing(CrisisTables.GOLD_CRISIS_SIGNALS)) {
      ReportPage.noData(
          out,
          CrisisTables.GOLD_CRISIS_SIGNALS.qualifiedName()
              + " has not been computed in this warehouse: no"
              + " crisis signals this week.");
      out.append("</section>\n");
      return;
    }
    if (!page.data.crisisWeekly().isEmpty()) {
      out.append(
          "<table class=\"data\"><thead><tr><th>Brand</th><th>Posts</th><th>Negative share</th>"
              + "<th>Signals</th><th>High</th><th>Open</th><th>Alert hours</th><th>Alert days</th><th>Peak score</th>"
              + "</tr></thead><tbody>");
      List<Row> weekly = new ArrayList<>(page.data.crisisWeekly());
      weekly.sort(
          Comparator.comparing((Row r) -> "brand".equals(str(r, "brand_kind")) ? 0 : 1)
              .thenComparing(r -> str(r, "brand_name")));
      for (Row r : weekly) {
        Brand b = page.brand(str(r, "brand_id"));
        out.append("<tr><td>")
            .append(page.dot(b))
            .append(escape(str(r, "brand_name")))
            .append("</td>")
            .append(ReportPage.td(Html.count(lng(r, "posts"))))
            .append(ReportPage.td(ReportPage.opt(dbl(r, "negative_share"), Html::percent)))
            .append(ReportPage.td(Html.count(lng(r, "signals"))))
            .append(ReportPage.td(Html.count(lng(r, "high_signals"))))
            .append(ReportPage.td(Html.count(lng(r, "open_signals"))))
            .append(ReportPage.td(Html.count(lng(r, "alert_hours"))))
            .append(ReportPage.td(Html.count(lng(r, "alert_days"))))
            .append(ReportPage.td(ReportPage.opt(dbl(r, "peak_score"), v -> Html.decimal(v, 1))))
            .append("</tr>");
      }
      out.append("</tbody></table>")
          .append(
              page.src(
                  CrisisTables.GOLD_CRISIS_WEEKLY,
                  "posts",
                  "negative_share",
                  "signals",
                  "high_signals",
                  "open_signals",
                  "alert_hours",
                  "alert_days",
                  "peak_score"));
    }
    if (page.data.signals().isEmpty()) {
      ReportPage.noData(out, "No crisis signals this week.");
      out.append("</section>\n");
      return;
    }
    Map<String, Integer> severityOrder = Map.of("high", 0, "medium", 1, "low", 2);
    List<Row> signals = new ArrayList<>(page.data.signals());
    signals.sort(
        Comparator.comparing((Row r) -> "brand".equals(str(r, "brand_kind")) ? 0 : 1)
            .thenComparing(r -> severityOrder.getOrDefault(str(r, "severity"), 3))
            .thenComparing(r -> -dbl(r, "score"))
            .thenComparing(r -> str(r, "signal_id")));
    out.append("<div class=\"signals\">");
    for (Row s : signals) {
      signal(out, s);
    }
    out.append("</div></section>\n");
  }

  private void signal(StringBuilder out, Row s) {
    String metric = str(s, "metric");
    boolean share = "negative_share".equals(metric);
    String metricName =
        switch (metric) {
          case "mentions" -> "Mentions";
          case "negative" -> "Negative posts";
          case "negative_share" -> "Negative share";
          case "category" -> "Category: " + str(s, "category");
          default -> metric;
        };
    boolean hourly = "hour".equals(str(s, "granularity"));
    Instant start = instant(s, "started_at");
    Instant end = instant(s, "ended_at");
    Instant peak = instant(s, "peak_at");
    DateTimeFormatter f = hourly ? ReportPage.DAY_TIME : ReportPage.DAY;
    // ended_at is exclusive: a daily run ending at midnight is shown as ending on the day before.
    String from = start.atZone(page.zone).format(f);
    String to = (hourly ? end : end.minusSeconds(1)).atZone(page.zone).format(f);
    String window = from.equals(to) ? from : from + " – " + to;
    Double observed = dbl(s, "observed");
    double expected = dbl(s, "expected");
    DoubleFunction<String> fmt =
        share ? Html::percent : v -> Html.decimal(v, v == Math.rint(v) ? 0 : 1);
    Brand b = page.brand(str(s, "brand_id"));
    out.append("<article class=\"signal sev-")
        .append(escape(str(s, "severity")))
        .append("\" data-signal=\"")
        .append(escape(str(s, "signal_id")))
        .append("\"><div class=\"shead\"><span class=\"sev\">")
        .append(escape(str(s, "severity")))
        .append("</span><h4>")
        .append(page.dot(b))
        .append(escape(str(s, "brand_name")))
        .append(" · ")
        .append(escape(metricName))
        .append("</h4><span class=\"status\">")
        .append(escape(str(s, "status")))
        .append("</span></div>");
    out.append("<div class=\"sgrid\"><div><div class=\"k\">Window</div><div class=\"sv\">")
        .append(escape(window))
        .append("</div><div class=\"sd\">")
        .append(lng(s, "steps"))
        .append(hourly ? " hourly" : " daily")
        .append(lng(s, "steps") == 1 ? " step" : " steps")
        .append(" · peak ")
        .append(escape(peak.atZone(page.zone).format(f)));
    if (!date(s, "week_start").equals(page.options.week())) {
      out.append(" · started in ").append(escape(str(s, "iso_week")));
    }
    out.append("</div></div><div><div class=\"k\">Observed vs expected</div><div class=\"sv\">")
        .append(escape(observed == null ? "n/a" : fmt.apply(observed)))
        .append(" <span class=\"vs\">vs</span> ")
        .append(escape(fmt.apply(expected)))
        .append("</div><div class=\"sd\">");
    if (observed != null && expected > 0) {
      out.append("×")
          .append(escape(Html.decimal(observed / expected, 1)))
          .append(" the baseline · ");
    }
    out.append("peak step ")
        .append(escape(ReportPage.opt(dbl(s, "peak_observed"), fmt)))
        .append(" vs ")
        .append(escape(fmt.apply(dbl(s, "peak_expected"))))
        .append("</div></div>")
        .append("<div><div class=\"k\">Score</div><div class=\"sv\">")
        .append(escape(Html.decimal(dbl(s, "score"), 1)))
        .append("</div><div class=\"sd\">threshold ")
        .append(escape(Html.decimal(dbl(s, "threshold"), 1)))
        .append("</div></div><div><div class=\"k\">Posts in window</div><div class=\"sv\">")
        .append(Html.count(lng(s, "posts")))
        .append("</div><div class=\"sd\">")
        .append(Html.count(lng(s, "negative_posts")))
        .append(" negative of ")
        .append(Html.count(lng(s, "scored_posts")))
        .append(" scored</div></div></div>")
        .append(
            page.src(
                CrisisTables.GOLD_CRISIS_SIGNALS,
                "severity",
                "status",
                "metric",
                "category",
                "granularity",
                "started_at",
                "ended_at",
                "peak_at",
                "steps",
                "observed",
                "expected",
                "peak_observed",
                "peak_expected",
                "score",
                "threshold",
                "posts",
                "scored_posts",
                "negative_posts"));
    List<Row> drivers = list(s, "drivers");
    if (!drivers.isEmpty()) {
      out.append("<div class=\"drivers\"><span class=\"k\">Drivers</span> ");
      for (Row d : drivers.subList(0, Math.min(8, drivers.size()))) {
        out.append("<span class=\"driver\" title=\"")
            .append(
                escape(
                    str(d, "kind")
                        + ": "
                        + lng(d, "observed")
                        + " posts vs "
                        + Html.decimal(ReportPage.nz(dbl(d, "expected")), 1)
                        + " expected"))
            .append("\"><em>")
            .append(escape(str(d, "kind")))
            .append("</em> ")
            .append(escape(str(d, "name")))
            .append(" <b>")
            .append(Html.count(ReportPage.nz(lng(d, "observed"))))
            .append("</b> vs ")
            .append(escape(Html.decimal(ReportPage.nz(dbl(d, "expected")), 1)))
            .append(" <span class=\"lift\">×")
            .append(escape(Html.decimal(ReportPage.nz(dbl(d, "lift")), 1)))
            .append("</span></span>");
      }
      out.append(page.src(CrisisTables.GOLD_CRISIS_SIGNALS, "drivers")).append("</div>");
    } else {
      out.append("<p class=\"note\">No drivers stood out against the baseline.</p>");
    }
    List<Row> posts = list(s, "representative_posts");
    if (posts.isEmpty()) {
      out.append("<p class=\"note\">No representative posts stored for this signal.</p>");
    }
    for (Row p : posts) {
      Instant at = instant(p, "created_at");
      List<String> meta = new ArrayList<>();
      meta.add(str(p, "platform"));
      meta.add(str(p, "author_key"));
      if (at != null) {
        meta.add(at.atZone(page.zone).format(ReportPage.DAY_TIME));
      }
      meta.add("engagement " + Html.count(ReportPage.nz(lng(p, "engagement"))));
      meta.add(str(p, "why"));
      out.append(page.post(str(p, "text"), meta, "crisis"));
    }
    if (!posts.isEmpty()) {
      out.append(page.src(CrisisTables.GOLD_CRISIS_SIGNALS, "representative_posts"));
    }
    out.append("</article>");
  }
}
