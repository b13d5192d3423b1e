package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.date;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.instant;
import static com.brandpulse.report.WeeklyReport.list;
import static com.brandpulse.report.WeeklyReport.lng;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * Renders the weekly report page from collected gold rows. Every figure names its table and column
 * in small print, and the footer legend lists each table used with its grain, the filter applied
 * and the contract's comment of every column shown, so a number can be traced back to SQL. Post
 * texts are escaped everywhere.
 */
final class ReportPage {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT);
  private static final DateTimeFormatter DAY_YEAR =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ROOT);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);
  private static final List<String> OWN_COLORS =
      List.of("#1d4ed8", "#0f766e", "#7c3aed", "#be185d");
  private static final List<String> COMPETITOR_COLORS =
      List.of("#f59e0b", "#64748b", "#a855f7", "#ec4899", "#14b8a6", "#a16207");
  private static final int MAX_THEMES = 8;
  private static final int MAX_POST_CHARS = 480;

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

  private record Brand(String id, String name, String kind) {}

  private final WeeklyReport.Data data;
  private final WeeklyReport.Options options;
  private final ZoneId zone;
  private final String label;
  private final String previousLabel;
  private final List<Brand> own = new ArrayList<>();
  private final List<Brand> competitors = new ArrayList<>();
  private final Map<String, Brand> brands = new LinkedHashMap<>();
  private final Map<String, String> colors = new HashMap<>();
  private final Map<String, Map<LocalDate, Row>> health = new HashMap<>();

  /** Table → columns shown, for the legend (insertion order = order of appearance). */
  private final Map<TableContract, Set<String>> sources = new LinkedHashMap<>();

  private final Map<TableContract, String> filters = new LinkedHashMap<>();

  private ReportPage(WeeklyReport.Data data, WeeklyReport.Options options) {
    this.data = data;
    this.options = options;
    this.zone = ZoneId.of(options.zone());
    this.label = ReportingWeeks.label(options.week());
    this.previousLabel = ReportingWeeks.label(options.week().minusWeeks(1));
    Map<String, Brand> seen = new TreeMap<>();
    for (Row r : data.health()) {
      health
          .computeIfAbsent(str(r, "brand_id"), k -> new HashMap<>())
          .put(date(r, "week_start"), r);
      // The latest week's name wins (a brand renamed in the taxonomy shows its current name).
      seen.merge(
          str(r, "brand_id"),
          new Brand(str(r, "brand_id"), str(r, "brand_name"), str(r, "brand_kind")),
          (a, b) -> b);
    }
    seen.values().stream()
        .sorted(Comparator.comparing(Brand::name))
        .forEach(
            b -> {
              (b.kind().equals("brand") ? own : competitors).add(b);
              brands.put(b.id(), b);
            });
    for (int i = 0; i < own.size(); i++) {
      colors.put(own.get(i).id(), OWN_COLORS.get(i % OWN_COLORS.size()));
    }
    for (int i = 0; i < competitors.size(); i++) {
      colors.put(competitors.get(i).id(), COMPETITOR_COLORS.get(i % COMPETITOR_COLORS.size()));
    }
    String weeks =
        "week_start "
            + (data.weeks().size() > 1 ? "from " + data.weeks().get(0) + " to " : "= ")
            + options.week();
    filters.put(
        GoldTables.BRAND_HEALTH_WEEKLY,
        weeks + ", platform = 'all' (platform rows for the per-platform line)");
    filters.put(
        GoldTables.ADVOCACY_WEEKLY,
        "week_start = "
            + options.week()
            + " (and "
            + options.week().minusWeeks(1)
            + " for the change)");
    filters.put(Tables.GOLD_COMPLAINT_THEMES_WEEKLY, "week_start = " + options.week());
    filters.put(CrisisTables.GOLD_CRISIS_WEEKLY, "week_start = " + options.week());
    filters.put(
        CrisisTables.GOLD_CRISIS_SIGNALS,
        "week_start = "
            + options.week()
            + ", or the week before with"
            + " ended_at after this week began");
  }

  static String render(WeeklyReport.Data data, WeeklyReport.Options options) {
    return new ReportPage(data, options).page();
  }

  private String page() {
    StringBuilder body = new StringBuilder();
    header(body);
    kpis(body);
    trends(body);
    shareOfVoice(body);
    complaintThemes(body);
    responseTimes(body);
    advocacy(body);
    crisis(body);
    ModelsSection.render(body, data.models());
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Nothing may be fetched or run: the policy makes a browser refuse any network resource or
        // script.
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " img-src data:; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"brandpulse report\">\n")
        .append("<title>Brand Pulse weekly report ")
        .append(escape(ReportWeeks.label(options.week(), !options.partial())))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n")
        .append(body);
    footer(page);
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  // ---------------------------------------------------------------- header

  private void header(StringBuilder out) {
    LocalDate monday = options.week();
    LocalDate sunday = monday.plusDays(6);
    LocalDate first = data.weeks().get(0);
    out.append("<header class=\"top\"><div class=\"wrap\">")
        .append("<div class=\"eyebrow\">Brand Pulse · weekly report</div>")
        .append("<h1>Week <span data-week>")
        .append(escape(label))
        .append("</span>")
        .append(
            options.partial()
                ? " <span class=\"partial\" data-partial>" + ReportWeeks.PARTIAL + "</span>"
                : "")
        .append("</h1>")
        .append("<div class=\"range\">")
        .append(escape(monday.format(DAY)))
        .append(" – ")
        .append(escape(sunday.format(DAY_YEAR)))
        .append(" <span class=\"zone\">")
        .append(escape(zone.getId()))
        .append("</span></div>")
        .append("<div class=\"meta\">Generated ")
        .append(escape(options.generatedAt().atZone(zone).format(STAMP)))
        .append(" ")
        .append(escape(zone.getId()))
        .append(" · trends over ")
        .append(data.weeks().size())
        .append(data.weeks().size() == 1 ? " week" : " weeks")
        .append(" (")
        .append(escape(ReportingWeeks.label(first)))
        .append(" – ")
        .append(escape(label))
        .append(")</div>")
        .append("<div class=\"brands\"><span class=\"lbl\">Own</span>");
    for (Brand b : own) {
      out.append(chip(b, true));
    }
    out.append("<span class=\"lbl\">Competitors</span>");
    for (Brand b : competitors) {
      out.append(chip(b, false));
    }
    if (competitors.isEmpty()) {
      out.append("<span class=\"none\">none in the gold tables</span>");
    }
    out.append("</div>");
    if (options.partial()) {
      out.append(
              "<div class=\"warn\">A partial week: it has not ended yet, or the newest posts landed are from"
                  + " within it. Its figures cover part of the week, and the changes against ")
          .append(escape(previousLabel))
          .append(" compare that part with a whole week.</div>");
    }
    if (!data.missingTables().isEmpty()) {
      out.append("<div class=\"warn\">Not computed in this warehouse: ")
          .append(escape(data.missingTables().stream().sorted().collect(Collectors.joining(", "))))
          .append(". Their sections say so below.</div>");
    }
    out.append("</div></header>\n<nav><div class=\"wrap\">")
        .append(
            "<a href=\"#kpis\">Key figures</a><a href=\"#trends\">Trends</a><a href=\"#sov\">Share of voice</a>")
        .append(
            "<a href=\"#complaints\">Complaint themes</a><a href=\"#response\">Response times</a>")
        .append("<a href=\"#advocacy\">Advocates</a><a href=\"#crisis\">Crisis signals</a>")
        .append("<a href=\"#models\">Models</a>")
        .append("<a href=\"#sources\">Sources</a></div></nav>\n<main class=\"wrap\">\n");
  }

  private String chip(Brand b, boolean ownBrand) {
    return "<span class=\"chip"
        + (ownBrand ? " own" : "")
        + "\" data-brand=\""
        + escape(b.id())
        + "\"><i style=\"background:"
        + colors.get(b.id())
        + "\"></i>"
        + escape(b.name())
        + "</span>";
  }

  // ---------------------------------------------------------------- KPIs

  private void kpis(StringBuilder out) {
    section(
        out,
        "kpis",
        "Key figures",
        "Each own brand this week, all platforms, with the change against "
            + previousLabel
            + " (the column's _wow twin). Green is better, red is worse.");
    if (own.isEmpty()) {
      noData(out, "No own brand (brand_kind = 'brand') in the gold tables.");
    }
    for (Brand b : own) {
      Row row = row(b.id(), options.week());
      out.append("<div class=\"brand-block\"><h3>")
          .append(dot(b))
          .append(escape(b.name()))
          .append(competitorNote(b))
          .append("</h3>");
      if (row == null) {
        noData(out, "No posts about " + b.name() + " in " + label + ".");
        out.append("</div>");
        continue;
      }
      out.append("<div class=\"tiles\">");
      for (Kpi k : KPIS) {
        out.append(tile(b, row, k));
      }
      out.append("</div>");
      List<Row> platforms =
          data.platforms().stream()
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
        out.append(src(GoldTables.BRAND_HEALTH_WEEKLY, "platform", "mentions")).append("</div>");
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
      text = "– no figure for " + previousLabel;
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
          .append(escape(previousLabel.substring(5)))
          .append("</span>");
    }
    t.append("</div>")
        .append(src(GoldTables.BRAND_HEALTH_WEEKLY, k.column(), k.column() + "_wow"))
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

  // ---------------------------------------------------------------- trends

  private void trends(StringBuilder out) {
    section(
        out,
        "trends",
        "Trends",
        "Weekly volume and net sentiment of each own brand (thick line) against its"
            + " competitors, "
            + ReportingWeeks.label(data.weeks().get(0))
            + " – "
            + ReportWeeks.label(options.week(), !options.partial())
            + ", all platforms.");
    List<String> x = weekAxis();
    for (Brand b : own) {
      List<Brand> group = group(b);
      out.append("<div class=\"brand-block\"><h3>")
          .append(dot(b))
          .append(escape(b.name()))
          .append("</h3>")
          .append("<div class=\"grid2\">");
      figure(
          out,
          "Mentions per week",
          SvgCharts.line(
              "mentions-trend/" + b.id(),
              b.name() + " mentions per week",
              x,
              series(group, "mentions"),
              v -> Html.count(Math.round(v)),
              true),
          "No mentions of " + b.name() + " or its competitors in these weeks.",
          src(GoldTables.BRAND_HEALTH_WEEKLY, "mentions"));
      figure(
          out,
          "Net sentiment per week",
          SvgCharts.line(
              "net-sentiment-trend/" + b.id(),
              b.name() + " net sentiment per week",
              x,
              series(group, "net_sentiment"),
              v -> Html.signed(v, 2),
              false),
          "No scored posts about "
              + b.name()
              + " or its competitors in these weeks: net sentiment is undefined.",
          src(GoldTables.BRAND_HEALTH_WEEKLY, "net_sentiment"));
      out.append("</div></div>");
    }
    out.append("</section>\n");
  }

  private List<SvgCharts.Series> series(List<Brand> group, String column) {
    List<SvgCharts.Series> out = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      Brand g = group.get(i);
      List<Double> values = new ArrayList<>();
      for (LocalDate w : data.weeks()) {
        Row r = row(g.id(), w);
        values.add(r == null ? null : dbl(r, column));
      }
      out.add(
          new SvgCharts.Series(g.name(), colors.getOrDefault(g.id(), "#94a3b8"), values, i == 0));
    }
    return out;
  }

  /** The trend charts' x axis: W37, W38 ..., the report's week marked when it is partial. */
  private List<String> weekAxis() {
    return data.weeks().stream()
        .map(
            w ->
                ReportingWeeks.label(w).substring(5)
                    + (options.partial() && w.equals(options.week()) ? " (partial)" : ""))
        .toList();
  }

  // ---------------------------------------------------------------- share of voice

  private void shareOfVoice(StringBuilder out) {
    section(
        out,
        "sov",
        "Share of voice",
        "Each brand's mentions as a share of the mentions of the own brand and"
            + " its competitor set (taxonomy) in "
            + label
            + ", and the own brand's share over the trend weeks.");
    List<String> x = weekAxis();
    for (Brand b : own) {
      out.append("<div class=\"brand-block\"><h3>")
          .append(dot(b))
          .append(escape(b.name()))
          .append(competitorNote(b))
          .append("</h3>");
      Row row = row(b.id(), options.week());
      List<String> set = competitorIds(b);
      if (set.isEmpty()) {
        noData(
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
          Row cr = row(c, options.week());
          list.add(sovBar(brand(c), cr == null ? 0 : lng(cr, "mentions"), total));
        }
        bars =
            SvgCharts.columns(
                "share-of-voice/" + b.id(), b.name() + " share of voice " + label, list);
      }
      figure(
          out,
          "Share of voice, " + label,
          bars,
          "No mentions of " + b.name() + " or its competitors in " + label + ".",
          src(GoldTables.BRAND_HEALTH_WEEKLY, "share_of_voice", "mentions", "competitor_mentions"));
      // all mentions, then the positive and the negative voice (brand-level labels)
      List<Double> trend = new ArrayList<>();
      List<Double> positive = new ArrayList<>();
      List<Double> negative = new ArrayList<>();
      for (LocalDate w : data.weeks()) {
        Row r = row(b.id(), w);
        trend.add(r == null ? null : dbl(r, "share_of_voice"));
        positive.add(r == null ? null : dbl(r, "positive_share_of_voice"));
        negative.add(r == null ? null : dbl(r, "negative_share_of_voice"));
      }
      figure(
          out,
          b.name() + " share of voice per week",
          SvgCharts.line(
              "share-of-voice-trend/" + b.id(),
              b.name() + " share of voice per week",
              x,
              List.of(
                  new SvgCharts.Series("all mentions", colors.get(b.id()), trend, true),
                  new SvgCharts.Series("positive voice", "#15803d", positive, false),
                  new SvgCharts.Series("negative voice", "#b91c1c", negative, false)),
              Html::percent,
              true),
          "No share of voice for " + b.name() + " in these weeks.",
          src(
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
        colors.getOrDefault(b.id(), "#94a3b8"),
        b.name() + ": " + Html.count(mentions) + " mentions, " + Html.percent(share));
  }

  // ---------------------------------------------------------------- complaint themes

  private void complaintThemes(StringBuilder out) {
    section(
        out,
        "complaints",
        "Complaint themes",
        "Negative posts about each own brand in "
            + label
            + ", grouped"
            + " by their strongest complaint topic (per language), with the posts most typical of each theme.");
    if (missing(Tables.GOLD_COMPLAINT_THEMES_WEEKLY)) {
      noData(
          out,
          Tables.GOLD_COMPLAINT_THEMES_WEEKLY.qualifiedName()
              + " has not been computed in this warehouse:"
              + " no complaint themes this week.");
    }
    for (Brand b : own) {
      if (missing(Tables.GOLD_COMPLAINT_THEMES_WEEKLY)) {
        break;
      }
      List<Row> themes =
          data.themes().stream()
              .filter(r -> b.id().equals(str(r, "brand_id")))
              .sorted(
                  Comparator.comparing((Row r) -> -lng(r, "complaints"))
                      .thenComparing(r -> str(r, "lang"))
                      .thenComparing(r -> lng(r, "theme_rank")))
              .toList();
      out.append("<div class=\"brand-block\"><h3>")
          .append(dot(b))
          .append(escape(b.name()))
          .append("</h3>");
      if (themes.isEmpty()) {
        noData(out, "No complaint themes for " + b.name() + " this week.");
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
                          colors.get(b.id()),
                          themeName(r) + ": " + lng(r, "complaints") + " complaints"))
              .toList();
      figure(
          out,
          "Complaints by theme",
          SvgCharts.rows(
              "complaint-themes/" + b.id(), b.name() + " complaint themes " + label, bars),
          "No complaints for " + b.name() + " this week.",
          src(
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
            .append(escape(previousLabel.substring(5)))
            .append(" (")
            .append(Html.count(previous))
            .append(")")
            .append(
                src(
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
              post(
                  str(p, "text"),
                  List.of(str(p, "post_id"), "engagement " + Html.count(nz(lng(p, "engagement")))),
                  "complaint"));
        }
        out.append(src(Tables.GOLD_COMPLAINT_THEMES_WEEKLY, "representative_posts"))
            .append("</article>");
      }
      out.append("</div></div>");
    }
    out.append("</section>\n");
  }

  private static String themeName(Row r) {
    return str(r, "theme_name") + " (" + str(r, "lang") + ")";
  }

  // ---------------------------------------------------------------- response times

  private void responseTimes(StringBuilder out) {
    section(
        out,
        "response",
        "Response times",
        "How fast each brand's official accounts and employees answered"
            + " complaints raised in "
            + label
            + " (first reply anywhere in the thread below the complaint).");
    List<Brand> all = new ArrayList<>(own);
    all.addAll(competitors);
    List<SvgCharts.Bar> bars = new ArrayList<>();
    for (Brand b : all) {
      Row r = row(b.id(), options.week());
      Double median = r == null ? null : dbl(r, "median_first_reply_seconds");
      if (median != null) {
        bars.add(
            new SvgCharts.Bar(
                b.name(),
                median,
                Html.duration(median),
                colors.get(b.id()),
                b.name() + ": median first reply " + Html.duration(median)));
      }
    }
    figure(
        out,
        "Median first reply",
        SvgCharts.rows("response-times", "median first reply " + label, bars),
        "No replied complaints this week: no response times.",
        src(GoldTables.BRAND_HEALTH_WEEKLY, "median_first_reply_seconds"));
    out.append(
        "<table class=\"data\"><thead><tr><th>Brand</th><th>Complaints</th><th>Replied</th>"
            + "<th>Response rate</th><th>Median first reply</th><th>p90 first reply</th><th>Same-day rate</th>"
            + "</tr></thead><tbody>");
    for (Brand b : all) {
      Row r = row(b.id(), options.week());
      out.append("<tr data-response=\"")
          .append(escape(b.id()))
          .append("\"><td>")
          .append(dot(b))
          .append(escape(b.name()))
          .append(b.kind().equals("brand") ? " <span class=\"tag\">own</span>" : "")
          .append("</td>");
      if (r == null) {
        out.append("<td colspan=\"6\" class=\"na\">no posts this week</td></tr>");
        continue;
      }
      out.append(td(Html.count(lng(r, "complaints"))))
          .append(td(Html.count(lng(r, "complaints_replied"))))
          .append(td(opt(dbl(r, "response_rate"), Html::percent)))
          .append(td(opt(dbl(r, "median_first_reply_seconds"), Html::duration)))
          .append(td(opt(dbl(r, "p90_first_reply_seconds"), Html::duration)))
          .append(td(opt(dbl(r, "same_day_rate"), Html::percent)))
          .append("</tr>");
    }
    out.append("</tbody></table>")
        .append(
            src(
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

  // ---------------------------------------------------------------- advocacy

  private void advocacy(StringBuilder out) {
    section(
        out,
        "advocacy",
        "Advocates",
        "Customers defending a brand under negative posts or answering other"
            + " customers' questions about it, and employees posting about it, in "
            + label
            + ".");
    if (missing(GoldTables.ADVOCACY_WEEKLY)) {
      noData(
          out,
          GoldTables.ADVOCACY_WEEKLY.qualifiedName()
              + " has not been computed in this warehouse: no"
              + " advocacy figures.");
      out.append("</section>\n");
      return;
    }
    Map<String, Row> thisWeek = new HashMap<>();
    Map<String, Row> lastWeek = new HashMap<>();
    for (Row r : data.advocacy()) {
      (date(r, "week_start").equals(options.week()) ? thisWeek : lastWeek)
          .put(str(r, "brand_id"), r);
    }
    List<Brand> all = new ArrayList<>(own);
    all.addAll(competitors);
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
                colors.get(b.id()),
                b.name()
                    + ": "
                    + lng(r, "advocates")
                    + " advocates of "
                    + lng(r, "customer_authors")
                    + " customer authors"));
      }
    }
    figure(
        out,
        "Advocacy rate by brand (advocates / customer authors)",
        SvgCharts.rows("advocacy-rate", "advocacy rate " + label, bars),
        "No customer authors this week: advocacy rates are undefined.",
        src(GoldTables.ADVOCACY_WEEKLY, "advocacy_rate", "advocates", "customer_authors"));
    for (Brand b : own) {
      Row r = thisWeek.get(b.id());
      out.append("<div class=\"brand-block\"><h3>")
          .append(dot(b))
          .append(escape(b.name()))
          .append("</h3>");
      if (r == null) {
        noData(out, "No advocacy row for " + b.name() + " this week.");
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
        rateChange = "– no figure for " + previousLabel;
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
                  opt(rate, Html::percent),
                  rateChange,
                  rateClass,
                  src(GoldTables.ADVOCACY_WEEKLY, "advocacy_rate")))
          .append(
              simpleTile(
                  b,
                  "advocates",
                  "Advocates",
                  Html.count(lng(r, "advocates")),
                  "of " + Html.count(lng(r, "customer_authors")) + " customer authors",
                  "flat",
                  src(GoldTables.ADVOCACY_WEEKLY, "advocates", "customer_authors")))
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
                  src(
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
                  src(GoldTables.ADVOCACY_WEEKLY, "advocate_reach")))
          .append(
              simpleTile(
                  b,
                  "employees_posting",
                  "Employees posting",
                  Html.count(lng(r, "employees_posting")),
                  "of "
                      + Html.count(lng(r, "roster_employees"))
                      + " on the roster"
                      + opt(dbl(r, "employee_active_share"), s -> " (" + Html.percent(s) + ")"),
                  "flat",
                  src(
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
                  src(
                      GoldTables.ADVOCACY_WEEKLY,
                      "employee_posts",
                      "employee_reach",
                      "executive_posts",
                      "executives_posting")))
          .append("</div>");
      List<Row> top = list(r, "top_advocates");
      if (top.isEmpty()) {
        noData(out, "No customer advocates of " + b.name() + " this week.");
      } else {
        out.append("<h4>Top advocates <span class=\"sub\">(pseudonymous author keys)</span></h4>")
            .append(
                "<table class=\"data\"><thead><tr><th>Author key</th><th>Platform</th><th>Advocacy posts</th>"
                    + "<th>Defending</th><th>Answering</th><th>Followers</th></tr></thead><tbody>");
        for (Row a : top) {
          out.append("<tr><td class=\"mono\">")
              .append(escape(str(a, "author_key")))
              .append("</td>")
              .append(td(escape(str(a, "platform"))))
              .append(td(Html.count(nz(lng(a, "advocacy_posts")))))
              .append(td(Html.count(nz(lng(a, "defending_posts")))))
              .append(td(Html.count(nz(lng(a, "answering_posts")))))
              .append(
                  td(
                      opt(
                          a.isNullAt(a.fieldIndex("followers"))
                              ? null
                              : (double) lng(a, "followers"),
                          v -> Html.count(Math.round(v)))))
              .append("</tr>");
        }
        out.append("</tbody></table>").append(src(GoldTables.ADVOCACY_WEEKLY, "top_advocates"));
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

  // ---------------------------------------------------------------- crisis

  private void crisis(StringBuilder out) {
    section(
        out,
        "crisis",
        "Crisis signals",
        "Runs of hours or days in which a brand's volume, negative posts or"
            + " negative share rose far above its own seasonal baseline, started in "
            + label
            + " (or still running into it). Times in "
            + zone.getId()
            + ".");
    if (missing(CrisisTables.GOLD_CRISIS_SIGNALS)) {
      noData(
          out,
          CrisisTables.GOLD_CRISIS_SIGNALS.qualifiedName()
              + " has not been computed in this warehouse: no"
              + " crisis signals this week.");
      out.append("</section>\n");
      return;
    }
    if (!data.crisisWeekly().isEmpty()) {
      out.append(
          "<table class=\"data\"><thead><tr><th>Brand</th><th>Posts</th><th>Negative share</th>"
              + "<th>Signals</th><th>High</th><th>Open</th><th>Alert hours</th><th>Alert days</th><th>Peak score</th>"
              + "</tr></thead><tbody>");
      List<Row> weekly = new ArrayList<>(data.crisisWeekly());
      weekly.sort(
          Comparator.comparing((Row r) -> "brand".equals(str(r, "brand_kind")) ? 0 : 1)
              .thenComparing(r -> str(r, "brand_name")));
      for (Row r : weekly) {
        Brand b = brand(str(r, "brand_id"));
        out.append("<tr><td>")
            .append(dot(b))
            .append(escape(str(r, "brand_name")))
            .append("</td>")
            .append(td(Html.count(lng(r, "posts"))))
            .append(td(opt(dbl(r, "negative_share"), Html::percent)))
            .append(td(Html.count(lng(r, "signals"))))
            .append(td(Html.count(lng(r, "high_signals"))))
            .append(td(Html.count(lng(r, "open_signals"))))
            .append(td(Html.count(lng(r, "alert_hours"))))
            .append(td(Html.count(lng(r, "alert_days"))))
            .append(td(opt(dbl(r, "peak_score"), v -> Html.decimal(v, 1))))
            .append("</tr>");
      }
      out.append("</tbody></table>")
          .append(
              src(
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
    if (data.signals().isEmpty()) {
      noData(out, "No crisis signals this week.");
      out.append("</section>\n");
      return;
    }
    Map<String, Integer> severityOrder = Map.of("high", 0, "medium", 1, "low", 2);
    List<Row> signals = new ArrayList<>(data.signals());
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
    DateTimeFormatter f = hourly ? DAY_TIME : DAY;
    // ended_at is exclusive: a daily run ending at midnight is shown as ending on the day before.
    String from = start.atZone(zone).format(f);
    String to = (hourly ? end : end.minusSeconds(1)).atZone(zone).format(f);
    String window = from.equals(to) ? from : from + " – " + to;
    Double observed = dbl(s, "observed");
    double expected = dbl(s, "expected");
    DoubleFunction<String> fmt =
        share ? Html::percent : v -> Html.decimal(v, v == Math.rint(v) ? 0 : 1);
    Brand b = brand(str(s, "brand_id"));
    out.append("<article class=\"signal sev-")
        .append(escape(str(s, "severity")))
        .append("\" data-signal=\"")
        .append(escape(str(s, "signal_id")))
        .append("\"><div class=\"shead\"><span class=\"sev\">")
        .append(escape(str(s, "severity")))
        .append("</span><h4>")
        .append(dot(b))
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
        .append(escape(peak.atZone(zone).format(f)));
    if (!date(s, "week_start").equals(options.week())) {
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
        .append(escape(opt(dbl(s, "peak_observed"), fmt)))
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
            src(
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
                        + Html.decimal(nz(dbl(d, "expected")), 1)
                        + " expected"))
            .append("\"><em>")
            .append(escape(str(d, "kind")))
            .append("</em> ")
            .append(escape(str(d, "name")))
            .append(" <b>")
            .append(Html.count(nz(lng(d, "observed"))))
            .append("</b> vs ")
            .append(escape(Html.decimal(nz(dbl(d, "expected")), 1)))
            .append(" <span class=\"lift\">×")
            .append(escape(Html.decimal(nz(dbl(d, "lift")), 1)))
            .append("</span></span>");
      }
      out.append(src(CrisisTables.GOLD_CRISIS_SIGNALS, "drivers")).append("</div>");
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
        meta.add(at.atZone(zone).format(DAY_TIME));
      }
      meta.add("engagement " + Html.count(nz(lng(p, "engagement"))));
      meta.add(str(p, "why"));
      out.append(post(str(p, "text"), meta, "crisis"));
    }
    if (!posts.isEmpty()) {
      out.append(src(CrisisTables.GOLD_CRISIS_SIGNALS, "representative_posts"));
    }
    out.append("</article>");
  }

  // ---------------------------------------------------------------- footer

  private void footer(StringBuilder page) {
    page.append(
        "</main>\n<footer id=\"sources\"><div class=\"wrap\"><h2>Sources</h2><p>Every figure above is read"
            + " from these gold tables (Delta, under the warehouse's gold/ folder) without further computation, except"
            + " where noted: competitor shares in the share-of-voice bars are the competitor's mentions over the own"
            + " brand's mentions + competitor_mentions, and the advocacy-rate change is the difference of two weekly"
            + " rows. Weeks are ISO weeks in "
            + escape(zone.getId())
            + ".</p>");
    for (Map.Entry<TableContract, Set<String>> e : sources.entrySet()) {
      TableContract t = e.getKey();
      page.append("<div class=\"legend-table\"><h3 class=\"mono\">")
          .append(escape(t.qualifiedName()))
          .append("</h3><p class=\"grain\">")
          .append(escape(t.grain()))
          .append(". Rows used: ")
          .append(escape(filters.getOrDefault(t, "")))
          .append(".</p><dl>");
      for (String column : e.getValue()) {
        String name = column.contains(".") ? column.substring(0, column.indexOf('.')) : column;
        String comment =
            java.util.Arrays.stream(t.schema().fields())
                .filter(f -> f.name().equals(name))
                .findFirst()
                .flatMap(f -> scala.jdk.javaapi.OptionConverters.toJava(f.getComment()))
                .orElse("");
        page.append("<dt class=\"mono\">")
            .append(escape(column))
            .append("</dt><dd>")
            .append(escape(comment.isEmpty() ? "(no comment in the contract)" : comment))
            .append("</dd>");
      }
      page.append("</dl></div>");
    }
    page.append("<p class=\"fine\">Brand Pulse · ")
        .append(escape(label))
        .append(" · generated ")
        .append(escape(options.generatedAt().toString()))
        .append(
            " · self-contained page: no scripts, no network" + " resources.</p></div></footer>\n");
  }

  // ---------------------------------------------------------------- helpers

  /** The small-print source of a figure; records the columns for the legend. */
  private String src(TableContract table, String... columns) {
    Set<String> used = sources.computeIfAbsent(table, t -> new LinkedHashSet<>());
    for (String c : columns) {
      if (java.util.Arrays.stream(table.schema().fieldNames()).noneMatch(c::equals)) {
        throw new IllegalStateException(
            "report cites " + table.qualifiedName() + "." + c + ", not in its contract");
      }
      used.add(c);
    }
    // Break opportunities after '_' and '.', so long column names wrap between words in narrow
    // tiles.
    return "<div class=\"src\">"
        + escape(table.name() + "." + String.join(", ", columns))
            .replace("_", "_<wbr>")
            .replace(".", ".<wbr>")
        + "</div>";
  }

  private void section(StringBuilder out, String id, String title, String intro) {
    out.append("<section id=\"")
        .append(id)
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2><p class=\"intro\">")
        .append(escape(intro))
        .append("</p>");
  }

  private static void noData(StringBuilder out, String message) {
    out.append("<p class=\"empty\" data-empty>").append(escape(message)).append("</p>");
  }

  private static void figure(
      StringBuilder out, String title, String chart, String whenEmpty, String source) {
    out.append("<figure class=\"card\"><figcaption>").append(escape(title)).append("</figcaption>");
    if (chart == null) {
      noData(out, whenEmpty);
    } else {
      out.append(chart);
    }
    out.append(source).append("</figure>");
  }

  private String post(String text, List<String> meta, String kind) {
    String body = text == null ? "" : text.strip();
    if (body.length() > MAX_POST_CHARS) {
      body = body.substring(0, MAX_POST_CHARS - 1) + "…";
    }
    return "<blockquote class=\"post "
        + kind
        + "\"><p>"
        + escape(body)
        + "</p><footer>"
        + escape(meta.stream().filter(Objects::nonNull).collect(Collectors.joining(" · ")))
        + "</footer></blockquote>";
  }

  private Row row(String brandId, LocalDate week) {
    return health.getOrDefault(brandId, Map.of()).get(week);
  }

  private Brand brand(String id) {
    return brands.getOrDefault(id, new Brand(id, id, "competitor"));
  }

  /**
   * Ids of the competitor set of an own brand: the taxonomy's, else every competitor in the gold
   * tables.
   */
  private List<String> competitorIds(Brand b) {
    List<String> set = options.competitorSets().get(b.id());
    return set != null ? set : competitors.stream().map(Brand::id).toList();
  }

  private List<Brand> group(Brand b) {
    List<Brand> group = new ArrayList<>();
    group.add(b);
    competitorIds(b).forEach(c -> group.add(brand(c)));
    return group;
  }

  private String competitorNote(Brand b) {
    List<String> names = competitorIds(b).stream().map(c -> brand(c).name()).toList();
    return names.isEmpty()
        ? ""
        : " <span class=\"sub\">vs " + escape(String.join(", ", names)) + "</span>";
  }

  private String dot(Brand b) {
    return "<i class=\"dot\" style=\"background:"
        + colors.getOrDefault(b.id(), "#94a3b8")
        + "\"></i>";
  }

  private boolean missing(TableContract t) {
    return data.missingTables().contains(t.qualifiedName());
  }

  private static String td(String html) {
    return "<td>" + html + "</td>";
  }

  private static String opt(Double v, DoubleFunction<String> f) {
    return v == null ? "n/a" : f.apply(v);
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }

  private static double nz(Double v) {
    return v == null ? 0 : v;
  }

  private static final String CSS =
      """
      :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f4f6fa;--card:#fff;--good:#15803d;--bad:#b91c1c;
        --accent:#1d4ed8}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "Inter","Segoe UI",Roboto,"Noto Sans",
        "Noto Sans CJK KR","DejaVu Sans",Helvetica,Arial,sans-serif}
      .wrap{max-width:1180px;margin:0 auto;padding:0 28px}
      header.top{background:linear-gradient(120deg,#0b1730,#1e3a8a);color:#fff;padding:26px 0 22px}
      .eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.75}
      h1{font-size:30px;margin:4px 0 2px;font-weight:700}
      .range{font-size:16px;opacity:.95}.zone{font-size:12px;opacity:.7;margin-left:6px}
      .meta{font-size:12px;opacity:.7;margin-top:4px}
      .brands{margin-top:14px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
      .brands .lbl{font-size:11px;text-transform:uppercase;letter-spacing:.08em;opacity:.7;margin:0 4px 0 8px}
      .brands .lbl:first-child{margin-left:0}
      .chip{display:inline-flex;align-items:center;gap:6px;background:rgba(255,255,255,.12);border-radius:999px;
        padding:3px 10px;font-size:12.5px}
      .chip.own{background:#fff;color:var(--ink);font-weight:600}
      .chip i,.dot,.legend i{display:inline-block;width:9px;height:9px;border-radius:50%}
      .dot{margin-right:7px;vertical-align:1px}
      h1 .partial{font-size:14px;font-weight:600;vertical-align:middle;background:#fef3c7;color:#78350f;border-radius:6px;padding:2px 8px}
      .warn{margin-top:12px;background:#fef3c7;color:#78350f;border-radius:6px;padding:6px 10px;font-size:12.5px}
      nav{background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
      nav .wrap{display:flex;gap:18px;overflow-x:auto}
      nav a{color:var(--muted);text-decoration:none;font-size:13px;padding:10px 0;white-space:nowrap}
      nav a:hover{color:var(--accent)}
      section{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:22px 0;padding:20px 24px}
      h2{font-size:19px;margin:0 0 2px}
      .intro{color:var(--muted);margin:0 0 14px;font-size:13px}
      h3{font-size:15px;margin:18px 0 10px;display:flex;align-items:center;flex-wrap:wrap}
      h3 .sub,h4 .sub{font-weight:400;color:var(--muted);font-size:12.5px;margin-left:8px}
      h4{font-size:14px;margin:14px 0 8px}
      .brand-block+.brand-block{border-top:1px dashed var(--line);margin-top:16px}
      .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(138px,1fr));gap:10px}
      .tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfe}
      .tile .k{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .tile .v{font-size:22px;white-space:nowrap;font-weight:700;margin:2px 0;font-variant-numeric:tabular-nums}
      .d{font-size:12.5px;font-weight:600;font-variant-numeric:tabular-nums}
      .d .vs{font-weight:400;color:var(--muted)}
      .up,.down{color:#334155}.good{color:var(--good)}.bad{color:var(--bad)}.flat{color:var(--muted);font-weight:400}
      .na{color:var(--muted);font-weight:400}
      .src{font-size:10.5px;color:#94a3b8;margin-top:4px;overflow-wrap:break-word}
      .byplatform{font-size:12.5px;color:#334155;margin-top:10px}
      .grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(430px,1fr));gap:14px}
      figure.card{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 14px 10px;background:#fff}
      figcaption{font-weight:600;font-size:13px;margin-bottom:6px}
      svg.chart{width:100%;height:auto;display:block}
      svg .tick{font-size:11px;fill:#64748b}svg .label{font-size:12px;fill:#334155}
      svg .value{font-size:12px;fill:#0f172a;font-weight:600}
      .legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:#334155;margin-top:4px}
      .legend i{margin-right:5px}
      .empty{background:#f8fafc;border:1px dashed #cbd5e1;border-radius:8px;padding:14px;color:#475569;margin:6px 0}
      .note{color:var(--muted);font-size:12.5px}
      table.data{width:100%;border-collapse:collapse;margin-top:12px;font-size:13px;font-variant-numeric:tabular-nums}
      table.data th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
        border-bottom:1px solid var(--line);padding:6px 8px;font-weight:600}
      table.data td{border-bottom:1px solid #f1f5f9;padding:6px 8px}
      .tag{display:inline-block;font-size:10.5px;font-weight:600;background:#eef2ff;color:#3730a3;border-radius:4px;
        padding:1px 6px;vertical-align:1px}
      .mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      .themes{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px;margin-top:12px}
      .theme{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fbfcfe}
      .theme h4{margin:2px 0 4px}.rank{color:var(--muted);font-weight:600}
      .tmeta{font-size:12.5px;color:#334155;margin-bottom:6px}
      blockquote.post{margin:8px 0;padding:8px 12px;background:#fff;border-left:3px solid #cbd5e1;border-radius:0 6px 6px 0;
        font-size:13px;overflow-wrap:anywhere}
      blockquote.post p{margin:0 0 4px;white-space:pre-wrap}
      blockquote.post footer{font-size:11px;color:var(--muted)}
      blockquote.crisis{border-left-color:#f87171}
      .signals{display:grid;gap:14px;margin-top:14px}
      .signal{border:1px solid var(--line);border-left:5px solid #94a3b8;border-radius:8px;padding:12px 16px}
      .signal.sev-high{border-left-color:#dc2626}.signal.sev-medium{border-left-color:#f59e0b}
      .signal.sev-low{border-left-color:#3b82f6}
      .shead{display:flex;align-items:center;gap:10px}.shead h4{margin:0;flex:1}
      .sev{text-transform:uppercase;font-size:11px;font-weight:700;letter-spacing:.06em;border-radius:4px;padding:2px 8px;
        background:#e2e8f0;color:#334155}
      .sev-high .sev{background:#fee2e2;color:#991b1b}.sev-medium .sev{background:#fef3c7;color:#92400e}
      .sev-low .sev{background:#dbeafe;color:#1e40af}
      .status{font-size:12px;color:var(--muted)}
      .sgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:10px 0 4px}
      .sgrid .k,.drivers .k{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .sv{font-size:17px;font-weight:700;font-variant-numeric:tabular-nums}.sv .vs{font-size:12px;color:var(--muted);font-weight:400}
      .sd{font-size:12px;color:#475569}
      .drivers{margin:10px 0 6px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
      .driver{font-size:12px;background:#f1f5f9;border-radius:999px;padding:2px 10px}
      .driver em{color:var(--muted);font-style:normal}.lift{color:var(--bad);font-weight:600}
      footer#sources{background:#fff;border-top:1px solid var(--line);margin-top:28px;padding:18px 0 30px;font-size:12.5px;
        color:#334155}
      footer#sources h2{font-size:16px}
      .legend-table{margin:12px 0}.legend-table h3{margin:8px 0 2px}.grain{color:var(--muted);margin:0 0 6px}
      dl{display:grid;grid-template-columns:minmax(180px,max-content) 1fr;gap:2px 14px;margin:0}
      dd{margin:0;color:#475569}
      .fine{color:#94a3b8;font-size:11px;margin-top:18px}
      @media print{nav{display:none}section{break-inside:avoid-page}body{background:#fff}}
      """;
}
