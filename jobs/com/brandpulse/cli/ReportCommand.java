package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.ReportingWeeks;
import com.brandpulse.report.ReportWeeks;
import com.brandpulse.report.WeeklyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse report}: the weekly report of one ISO week as one self-contained HTML page;
 * without --week, of the last complete week ({@link ReportWeeks}). A week with no gold rows is the
 * user's to fix (exit code 2).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the weekly report of an ISO week (reporting time zone gold.reporting-time-zone) as one",
      "self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched: its Content-Security-Policy",
      "starts with default-src 'none'): KPIs with week-over-week changes, trends, share of voice against the",
      "competitor set, complaint themes with their posts, response times, advocates, crisis signals with their",
      "drivers and posts, read from the gold tables; a footer traces every figure to its gold table and column.",
      "Writes DIR/brandpulse-<week>.html and prints its path. Without --week: the",
      "last complete week, one that has ended and whose end the newest posts landed are past (a partial week",
      "is marked as such on its page). Exit code 2: no gold rows for the week, or no complete week yet."
    })
public final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--week",
      paramLabel = "YYYY-Www",
      description = "The ISO week, e.g. 2026-W40 (default: the last complete week).")
  String week;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: report.out-dir, ./reports).")
  Path out;

  @Option(
      names = "--trend-weeks",
      paramLabel = "N",
      description =
          "Weeks the trend charts cover, this one included (default: report.trend-weeks, 8).")
  Integer trendWeeks;

  @Override
  public Integer call() throws Exception {
    LocalDate weekStart = null;
    if (week != null) {
      try {
        weekStart = ReportingWeeks.parse(week);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--week: " + e.getMessage());
      }
    }
    if (trendWeeks != null && (trendWeeks < 1 || trendWeeks > 104)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--trend-weeks must be 1..104, got " + trendWeeks);
    }
    AppConfig config = common.config();
    if (trendWeeks != null) {
      config = config.with("report.trend-weeks", trendWeeks);
    }
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-report");
    if (weekStart == null) {
      weekStart = lastCompleteWeek(spark, config, Instant.now());
    }
    try {
      Path outDir = out != null ? out : Path.of(config.get().getString("report.out-dir"));
      Path page = write(spark, config, weekStart, outDir);
      spec.commandLine().getOut().println(page.toAbsolutePath());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (WeeklyReport.NoGoldRowsException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /**
   * The last complete week with gold rows; a user error, saying what is on hand, when there is
   * none.
   */
  private static LocalDate lastCompleteWeek(SparkSession spark, AppConfig config, Instant now) {
    ReportWeeks.OnHand onHand = ReportWeeks.read(spark, config.warehouse());
    ZoneId zone = ZoneId.of(config.get().getString("gold.reporting-time-zone"));
    Optional<LocalDate> last =
        ReportWeeks.lastComplete(onHand.weeks(), zone, onHand.newestPost(), now);
    if (last.isPresent()) {
      return last.get();
    }
    if (onHand.weeks().isEmpty()) {
      throw new UserError(
          "no weeks in gold.brand_health_weekly of "
              + config.warehouse()
              + ": run brandpulse aggregate first");
    }
    String weeks =
        onHand.weeks().stream()
            .map(w -> ReportWeeks.label(w, ReportWeeks.complete(w, zone, onHand.newestPost(), now)))
            .collect(Collectors.joining(", "));
    throw new UserError(
        "no complete week yet (weeks on hand: "
            + weeks
            + "); pass --week "
            + ReportingWeeks.label(onHand.weeks().get(onHand.weeks().size() - 1))
            + " to report a partial week");
  }

  /**
   * The week the demo and a scheduler without a week report on: the last complete week with gold
   * rows (as of {@code now}), if any.
   */
  public static Optional<LocalDate> lastComplete(
      SparkSession spark, AppConfig config, Instant now) {
    ReportWeeks.OnHand onHand = ReportWeeks.read(spark, config.warehouse());
    return ReportWeeks.lastComplete(
        onHand.weeks(),
        ZoneId.of(config.get().getString("gold.reporting-time-zone")),
        onHand.newestPost(),
        now);
  }

  /**
   * The entry point the demo and the scheduler call: writes the report of the ISO week starting
   * {@code weekStart} (a Monday of gold.reporting-time-zone) into {@code outDir} and returns the
   * page's path. Trend weeks from report.trend-weeks, competitor sets from the taxonomy
   * (enrich.taxonomy); a week that is not complete yet ({@link ReportWeeks}) is marked partial on
   * the page.
   */
  public static Path write(SparkSession spark, AppConfig config, LocalDate weekStart, Path outDir)
      throws IOException {
    String zone = config.get().getString("gold.reporting-time-zone");
    Instant now = Instant.now();
    boolean partial =
        !ReportWeeks.complete(
            weekStart, ZoneId.of(zone), ReportWeeks.newestPost(spark, config.warehouse()), now);
    WeeklyReport.Options options =
        new WeeklyReport.Options(
            weekStart,
            config.get().getInt("report.trend-weeks"),
            zone,
            competitorSets(config),
            now,
            partial);
    return WeeklyReport.write(spark, config.warehouse(), options, outDir);
  }

  /**
   * Brand id → its competitor ids, from the taxonomy the gold tables were computed with
   * (enrich.taxonomy).
   */
  static Map<String, List<String>> competitorSets(AppConfig config) {
    Map<String, List<String>> sets = new LinkedHashMap<>();
    for (Taxonomy.Entity e : Taxonomy.load(EnrichSettings.from(config).taxonomy()).entities()) {
      if (!e.kind().equals(Taxonomy.INDUSTRY)) {
        sets.put(e.id(), e.competitors());
      }
    }
    return sets;
  }
}
