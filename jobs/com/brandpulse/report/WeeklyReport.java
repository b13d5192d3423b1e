package com.brandpulse.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Serving layer: the weekly report, one self-contained HTML page per ISO week (inline CSS and SVG,
 * no script, nothing fetched). Inputs: gold.brand_health_weekly (KPIs, trends, share of voice,
 * response times), gold.advocacy_weekly, gold.complaint_themes_weekly, gold.crisis_signals and
 * gold.crisis_weekly, for the week and the trend weeks before it. Output: {@code
 * <out>/brandpulse-<YYYY-Www>.html}, replaced atomically; rerun key: the week (same gold rows and
 * generated-at → the same page).
 *
 * <p>The gold tables are small at this grain (weeks × brands), so the rows of the window are
 * collected to the driver and the page is rendered there ({@link ReportPage}).
 */
public final class WeeklyReport {
  private WeeklyReport() {}

  /**
   * What to render: the week, how many weeks the trend charts show, the reporting zone, competitor
   * sets, and whether the week is partial ({@link ReportWeeks}: the page says so).
   */
  public record Options(
      LocalDate week,
      int trendWeeks,
      String zone,
      Map<String, List<String>> competitorSets,
      Instant generatedAt,
      boolean partial) {
    /** A complete week. */
    public Options(
        LocalDate week,
        int trendWeeks,
        String zone,
        Map<String, List<String>> competitorSets,
        Instant generatedAt) {
      this(week, trendWeeks, zone, competitorSets, generatedAt, false);
    }

    public Options {
      if (!week.equals(ReportingWeeks.weekStart(week))) {
        throw new IllegalArgumentException("week must be a Monday (week_start), got " + week);
      }
      if (trendWeeks < 1 || trendWeeks > 104) {
        throw new IllegalArgumentException("trend weeks must be 1..104, got " + trendWeeks);
      }
    }
  }

  /**
   * The gold rows of the report window, collected. Missing tables are listed, never silently empty.
   */
  public record Data(
      LocalDate week,
      List<LocalDate> weeks,
      List<Row> health,
      List<Row> platforms,
      List<Row> advocacy,
      List<Row> themes,
      List<Row> signals,
      List<Row> crisisWeekly,
      List<Row> models,
      Set<String> missingTables) {}

  /** A week without any gold.brand_health_weekly row: nothing to report. */
  public static final class NoGoldRowsException extends IllegalStateException {
    public NoGoldRowsException(String message) {
      super(message);
    }
  }

  /** Columns of gold.brand_health_weekly the page shows (platform all, every trend week). */
  static final List<String> HEALTH_COLUMNS = healthColumns();

  private static List<String> healthColumns() {
    List<String> columns =
        new ArrayList<>(
            List.of(
                "week_start",
                "iso_week",
                "brand_id",
                "brand_name",
                "brand_kind",
                "platform",
                "mentions",
                "positive",
                "neutral",
                "negative",
                "unscored",
                "net_sentiment",
                "competitor_mentions",
                "share_of_voice",
                "positive_share_of_voice",
                "negative_share_of_voice",
                "promoters",
                "detractors",
                "scored_authors",
                "nps",
                "complaints",
                "complaints_replied",
                "response_rate",
                "median_first_reply_seconds",
                "p90_first_reply_seconds",
                "complaints_answered_same_day",
                "same_day_rate"));
    GoldTables.WOW_METRICS.keySet().forEach(m -> columns.add(m + "_wow"));
    return List.copyOf(columns);
  }

  /**
   * Reads the week and the {@code trendWeeks - 1} weeks before it from every gold table the page
   * uses; {@code zone} is the reporting time zone (where the week starts, for signals running into
   * it).
   */
  public static Data collect(
      SparkSession spark, String warehouse, LocalDate week, int trendWeeks, String zone) {
    LocalDate first = week.minusWeeks(trendWeeks - 1L);
    List<LocalDate> weeks = new ArrayList<>();
    for (LocalDate w = first; !w.isAfter(week); w = w.plusWeeks(1)) {
      weeks.add(w);
    }
    Set<String> missing = new LinkedHashSet<>();
    // One read: platform all over the trend weeks, every platform in the week itself.
    List<Row> healthRows =
        rows(
            spark,
            warehouse,
            GoldTables.BRAND_HEALTH_WEEKLY,
            missing,
            weekBetween(first, week)
                .and(col("platform").equalTo("all").or(col("week_start").equalTo(lit(week)))),
            HEALTH_COLUMNS);
    List<Row> health = healthRows.stream().filter(r -> "all".equals(str(r, "platform"))).toList();
    List<Row> platforms =
        healthRows.stream().filter(r -> !"all".equals(str(r, "platform"))).toList();
    List<Row> advocacy =
        rows(
            spark,
            warehouse,
            GoldTables.ADVOCACY_WEEKLY,
            missing,
            weekBetween(week.minusWeeks(1), week),
            List.of(GoldTables.ADVOCACY_WEEKLY.columnNames()));
    List<Row> themes =
        rows(
            spark,
            warehouse,
            Tables.GOLD_COMPLAINT_THEMES_WEEKLY,
            missing,
            col("week_start").equalTo(lit(week)),
            List.of(
                "week_start",
                "brand_id",
                "lang",
                "model_name",
                "model_version",
                "theme",
                "theme_name",
                "complaints",
                "share_of_complaints",
                "theme_rank",
                "complaints_prev_week",
                "representative_posts"));
    // Signals are filed under the week they started; one started the week before and still running
    // into this
    // week belongs on this page too.
    Timestamp weekBegins = Timestamp.from(week.atStartOfDay(java.time.ZoneId.of(zone)).toInstant());
    List<Row> signals =
        rows(
            spark,
            warehouse,
            CrisisTables.GOLD_CRISIS_SIGNALS,
            missing,
            col("week_start")
                .equalTo(lit(week))
                .or(
                    col("week_start")
                        .equalTo(lit(week.minusWeeks(1)))
                        .and(col("ended_at").gt(lit(weekBegins)))),
            List.of(CrisisTables.GOLD_CRISIS_SIGNALS.columnNames()));
    List<Row> crisisWeekly =
        rows(
            spark,
            warehouse,
            CrisisTables.GOLD_CRISIS_WEEKLY,
            missing,
            col("week_start").equalTo(lit(week)),
            List.of(CrisisTables.GOLD_CRISIS_WEEKLY.columnNames()));
    // A warehouse whose figures came from elsewhere (labels fed in) has no registry: no section.
    List<Row> models =
        rows(
                spark,
                warehouse,
                Tables.ML_MODEL_REGISTRY,
                new java.util.HashSet<>(),
                col("status").equalTo("champion"),
                List.of(
                    "name",
                    "version",
                    "training_rows",
                    "evaluation_data",
                    "metrics",
                    "confusion_matrix"))
            .stream()
            .sorted(java.util.Comparator.comparing((Row r) -> r.<String>getAs("name")))
            .toList();
    return new Data(
        week,
        List.copyOf(weeks),
        health,
        platforms,
        advocacy,
        themes,
        signals,
        crisisWeekly,
        models,
        Set.copyOf(missing));
  }

  /**
   * Collects, renders and writes {@code <outDir>/brandpulse-<week>.html} (written beside and moved
   * into place, so a reader never sees half a page). A week without gold rows fails with a clear
   * message.
   */
  public static Path write(SparkSession spark, String warehouse, Options options, Path outDir)
      throws IOException {
    Data data = collect(spark, warehouse, options.week(), options.trendWeeks(), options.zone());
    String label = ReportingWeeks.label(options.week());
    if (data.missingTables().contains(GoldTables.BRAND_HEALTH_WEEKLY.qualifiedName())) {
      throw new NoGoldRowsException(
          GoldTables.BRAND_HEALTH_WEEKLY.qualifiedName()
              + " does not exist in "
              + warehouse
              + ": run `brandpulse aggregate` first");
    }
    if (data.health().stream().noneMatch(r -> date(r, "week_start").equals(options.week()))) {
      throw new NoGoldRowsException(
          "no gold rows for week "
              + label
              + " ("
              + options.week()
              + ") in "
              + GoldTables.BRAND_HEALTH_WEEKLY.qualifiedName()
              + ": weeks on hand are "
              + weeksOnHand(spark, warehouse, options)
              + "; run `brandpulse aggregate --weeks "
              + label
              + "` if its posts are ingested");
    }
    String html = ReportPage.render(data, options);
    Files.createDirectories(outDir);
    Path target = outDir.resolve("brandpulse-" + label + ".html");
    Path partial = outDir.resolve(target.getFileName() + ".partial");
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      out.write(html);
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** The latest week with gold.brand_health_weekly rows (what the demo reports on), if any. */
  public static java.util.Optional<LocalDate> latestWeek(SparkSession spark, String warehouse) {
    if (!GoldTables.BRAND_HEALTH_WEEKLY.exists(spark, warehouse)) {
      return java.util.Optional.empty();
    }
    Row r =
        GoldTables.BRAND_HEALTH_WEEKLY
            .read(spark, warehouse)
            .agg(org.apache.spark.sql.functions.max("week_start").as("last_week"))
            .collectAsList()
            .get(0);
    int last = r.fieldIndex("last_week");
    return r.isNullAt(last) ? java.util.Optional.empty() : java.util.Optional.of(date(r, last));
  }

  /** {@code 4 from 2026-W37 to 2026-W40}, the last marked when it is a partial week. */
  private static String weeksOnHand(SparkSession spark, String warehouse, Options options) {
    ReportWeeks.OnHand onHand = ReportWeeks.read(spark, warehouse);
    List<LocalDate> weeks = onHand.weeks();
    if (weeks.isEmpty()) {
      return "none (the table is empty)";
    }
    LocalDate last = weeks.get(weeks.size() - 1);
    return weeks.size()
        + " from "
        + ReportingWeeks.label(weeks.get(0))
        + " to "
        + ReportWeeks.label(
            last,
            ReportWeeks.complete(
                last,
                java.time.ZoneId.of(options.zone()),
                onHand.newestPost(),
                options.generatedAt()));
  }

  private static Column weekBetween(LocalDate from, LocalDate to) {
    return col("week_start").between(lit(from), lit(to));
  }

  private static List<Row> rows(
      SparkSession spark,
      String warehouse,
      TableContract table,
      Set<String> missing,
      Column filter,
      List<String> columns) {
    if (!table.exists(spark, warehouse)) {
      missing.add(table.qualifiedName());
      return List.of();
    }
    Dataset<Row> frame =
        table
            .read(spark, warehouse)
            .where(filter)
            .select(
                columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    return List.copyOf(frame.collectAsList());
  }

  // Typed access to collected rows: nulls stay null (a missing figure is shown as such, never as
  // 0).

  static Long lng(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).longValue();
  }

  static Double dbl(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  static String str(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : r.get(i).toString();
  }

  static LocalDate date(Row r, String column) {
    return date(r, r.fieldIndex(column));
  }

  private static LocalDate date(Row r, int i) {
    Object v = r.get(i);
    return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
  }

  static Instant instant(Row r, String column) {
    int i = r.fieldIndex(column);
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof Timestamp t ? t.toInstant() : (Instant) v;
  }

  static List<Row> list(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? List.of() : r.getList(i);
  }
}
