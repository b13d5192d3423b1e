package com.brandpulse.report;

import static com.brandpulse.report.Html.escape;
import static com.brandpulse.report.WeeklyReport.date;
import static com.brandpulse.report.WeeklyReport.dbl;
import static com.brandpulse.report.WeeklyReport.str;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
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
 * texts are escaped everywhere. The header, KPIs, trends, share of voice, response times and the
 * legend are here. The longer sections are classes of their own: {@link ComplaintThemesSection},
 * {@link AdvocacySection} and {@link CrisisSection} draw with this page's brands, week, colours and
 * helpers; {@link ModelsSection} needs only the registry rows. The style sheet is {@link
 * ReportStyle}.
 */
final class ReportPage {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT);
  private static final DateTimeFormatter DAY_YEAR =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ROOT);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);
  private static final List<String> OWN_COLORS =
      List.of("#1d4ed8", "#0f766e", "#7c3aed", "#be185d");
  private static final List<String> COMPETITOR_COLORS =
      List.of("#f59e0b", "#64748b", "#a855f7", "#ec4899", "#14b8a6", "#a16207");
  private static final int MAX_POST_CHARS = 480;

  record Brand(String id, String name, String kind) {}

  final WeeklyReport.Data data;
  final WeeklyReport.Options options;
  final ZoneId zone;
  final String label;
  final String previousLabel;
  final List<Brand> own = new ArrayList<>();
  final List<Brand> competitors = new ArrayList<>();
  private final Map<String, Brand> brands = new LinkedHashMap<>();
  final Map<String, String> colors = new HashMap<>();
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
    new KpiSection(this).render(body);
    trends(body);
    new ShareOfVoiceSection(this).render(body);
    new ComplaintThemesSection(this).render(body);
    new ResponseTimesSection(this).render(body);
    new AdvocacySection(this).render(body);
    new CrisisSection(this).render(body);
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
        .append(ReportStyle.CSS)
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
  List<String> weekAxis() {
    return data.weeks().stream()
        .map(
            w ->
                ReportingWeeks.label(w).substring(5)
                    + (options.partial() && w.equals(options.week()) ? " (partial)" : ""))
        .toList();
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
  String src(TableContract table, String... columns) {
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

  void section(StringBuilder out, String id, String title, String intro) {
    out.append("<section id=\"")
        .append(id)
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2><p class=\"intro\">")
        .append(escape(intro))
        .append("</p>");
  }

  static void noData(StringBuilder out, String message) {
    out.append("<p class=\"empty\" data-empty>").append(escape(message)).append("</p>");
  }

  static void figure(
      StringBuilder out, String title, String chart, String whenEmpty, String source) {
    out.append("<figure class=\"card\"><figcaption>").append(escape(title)).append("</figcaption>");
    if (chart == null) {
      noData(out, whenEmpty);
    } else {
      out.append(chart);
    }
    out.append(source).append("</figure>");
  }

  String post(String text, List<String> meta, String kind) {
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

  Row row(String brandId, LocalDate week) {
    return health.getOrDefault(brandId, Map.of()).get(week);
  }

  Brand brand(String id) {
    return brands.getOrDefault(id, new Brand(id, id, "competitor"));
  }

  /**
   * Ids of the competitor set of an own brand: the taxonomy's, else every competitor in the gold
   * tables.
   */
  List<String> competitorIds(Brand b) {
    List<String> set = options.competitorSets().get(b.id());
    return set != null ? set : competitors.stream().map(Brand::id).toList();
  }

  private List<Brand> group(Brand b) {
    List<Brand> group = new ArrayList<>();
    group.add(b);
    competitorIds(b).forEach(c -> group.add(brand(c)));
    return group;
  }

  String competitorNote(Brand b) {
    List<String> names = competitorIds(b).stream().map(c -> brand(c).name()).toList();
    return names.isEmpty()
        ? ""
        : " <span class=\"sub\">vs " + escape(String.join(", ", names)) + "</span>";
  }

  String dot(Brand b) {
    return "<i class=\"dot\" style=\"background:"
        + colors.getOrDefault(b.id(), "#94a3b8")
        + "\"></i>";
  }

  boolean missing(TableContract t) {
    return data.missingTables().contains(t.qualifiedName());
  }

  static String td(String html) {
    return "<td>" + html + "</td>";
  }

  static String opt(Double v, DoubleFunction<String> f) {
    return v == null ? "n/a" : f.apply(v);
  }

  static long nz(Long v) {
    return v == null ? 0 : v;
  }

  static double nz(Double v) {
    return v == null ? 0 : v;
  }
}
