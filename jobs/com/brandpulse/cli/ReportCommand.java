package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.ReportingWeeks;
import com.brandpulse.report.WeeklyReport;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code brandpulse report}: the weekly report of one ISO week as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write the weekly report of an ISO week (reporting time zone gold.reporting-time-zone) as one",
        "self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): KPIs with week-over-week",
        "changes, trends, share of voice, complaint themes, response times, advocates and crisis signals,",
        "read from the gold tables. Writes DIR/brandpulse-<week>.html and prints its path."})
public final class ReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--week", required = true, paramLabel = "YYYY-Www", description = "The ISO week, e.g. 2026-W40.")
  String week;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: report.out-dir, ./reports).")
  Path out;

  @Option(names = "--trend-weeks", paramLabel = "N",
      description = "Weeks the trend charts cover, this one included (default: report.trend-weeks, 8).")
  Integer trendWeeks;

  @Override
  public Integer call() throws Exception {
    LocalDate weekStart;
    try {
      weekStart = ReportingWeeks.parse(week);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--week: " + e.getMessage());
    }
    if (trendWeeks != null && (trendWeeks < 1 || trendWeeks > 104)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--trend-weeks must be 1..104, got " + trendWeeks);
    }
    AppConfig config = common.config();
    if (trendWeeks != null) {
      config = config.with("report.trend-weeks", trendWeeks);
    }
    try {
      Path page = write(SparkSessions.getOrCreate("brandpulse-report"), config, weekStart,
          out != null ? out : Path.of(config.get().getString("report.out-dir")));
      spec.commandLine().getOut().println(page.toAbsolutePath());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (WeeklyReport.NoGoldRowsException e) {
      spec.commandLine().getErr().println("report: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  /**
   * The entry point the demo and the scheduler call: writes the report of the ISO week starting
   * {@code weekStart} (a Monday of gold.reporting-time-zone) into {@code outDir} and returns the page's path.
   * Trend weeks from report.trend-weeks, competitor sets from the taxonomy (enrich.taxonomy).
   */
  public static Path write(SparkSession spark, AppConfig config, LocalDate weekStart, Path outDir) throws IOException {
    WeeklyReport.Options options = new WeeklyReport.Options(weekStart, config.get().getInt("report.trend-weeks"),
        config.get().getString("gold.reporting-time-zone"), competitorSets(config), Instant.now());
    return WeeklyReport.write(spark, config.warehouse(), options, outDir);
  }

  /** Brand id → its competitor ids, from the taxonomy the gold tables were computed with (enrich.taxonomy). */
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
