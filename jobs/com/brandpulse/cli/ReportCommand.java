package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.ReportingWeeks;
import com.brandpulse.report.WeeklyReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR",
      description = "Output folder (default: ./reports).")
  Path out;

  @Option(names = "--trend-weeks", defaultValue = "8", paramLabel = "N",
      description = "Weeks the trend charts cover, this one included (default 8).")
  int trendWeeks;

  @Override
  public Integer call() throws Exception {
    LocalDate weekStart;
    try {
      weekStart = ReportingWeeks.parse(week);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--week: " + e.getMessage());
    }
    if (trendWeeks < 1 || trendWeeks > 104) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--trend-weeks must be 1..104, got " + trendWeeks);
    }
    AppConfig config = common.config();
    WeeklyReport.Options options = new WeeklyReport.Options(weekStart, trendWeeks,
        config.get().getString("gold.reporting-time-zone"), competitorSets(config), Instant.now());
    try {
      Path page = WeeklyReport.write(SparkSessions.getOrCreate("brandpulse-report"), config.warehouse(), options, out);
      spec.commandLine().getOut().println(page.toAbsolutePath());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (WeeklyReport.NoGoldRowsException e) {
      spec.commandLine().getErr().println("report: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
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
