package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Parts;
import com.brandpulse.common.Progress;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.ComplaintThemes;
import com.brandpulse.gold.CrisisJob;
import com.brandpulse.gold.CrisisSettings;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldSettings;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
import com.brandpulse.gold.WeeklyAggregatesJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse aggregate}: the weekly gold tables, recomputed for the weeks whose inputs
 * changed.
 */
@Command(
    name = "aggregate",
    mixinStandardHelpOptions = true,
    description = {
      "Compute the weekly gold tables (gold.brand_health_weekly, gold.brand_health_weekly_segments,",
      "gold.advocacy_weekly) in ISO weeks of gold.reporting-time-zone. Incremental: only weeks whose posts,",
      "enrichment, sentiment, topics, reply threads or roster changed are replaced (for brand health also the",
      "week after each, for its week-over-week columns). Then the crisis signals (gold.crisis_signals,",
      "gold.crisis_weekly) from the first week whose inputs changed on, and the complaint themes",
      "(gold.complaint_themes_weekly, from the complaints-<lang> topics score applied) of the weeks whose",
      "complaints changed. Run after enrich and score."
    })
public final class AggregateCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rebuild",
      description = "Recompute every week (each table switches atomically).")
  boolean rebuild;

  @Option(
      names = "--weeks",
      split = ",",
      paramLabel = "YYYY-Www",
      converter = IsoWeek.class,
      description =
          "Recompute exactly these ISO weeks (and, for brand health, the week after each),"
              + " e.g. --weeks 2015-W08,2015-W09.")
  List<LocalDate> weeks = new ArrayList<>();

  /** An ISO week label as its Monday; a bad label is a usage error (exit code 2). */
  static final class IsoWeek implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return ReportingWeeks.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    if (rebuild && !weeks.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rebuild and --weeks exclude each other");
    }
    AppConfig config = common.config();
    aggregate(
        SparkSessions.getOrCreate("brandpulse-aggregate"),
        config,
        new WeeklyAggregatesJob.Options(rebuild, weeks));
    return 0;
  }

  /**
   * Runs the weekly aggregates and then the crisis signals (both with the taxonomy of
   * enrich.taxonomy) and prints what each table got.
   */
  static WeeklyAggregatesJob.Result aggregate(
      SparkSession spark, AppConfig config, WeeklyAggregatesJob.Options options) {
    Taxonomy taxonomy = Taxonomy.load(EnrichSettings.from(config).taxonomy());
    JobGate gate = gate(spark, config, taxonomy);
    if (!options.rebuild() && options.weeks().isEmpty() && gate.unchanged()) {
      System.out.println(
          "aggregate: nothing changed since the last run (silver inputs, gold tables, settings),"
              + " nothing to do");
      Progress.current().summary("nothing to do");
      return new WeeklyAggregatesJob.Result(List.of(), "nothing changed");
    }
    Instant now = Instant.now();
    String warehouse = config.warehouse();
    // The three parts read the same silver tables and write tables of their own, so they can run at
    // once: one part's planning on the driver then overlaps another's tasks
    // (gold.concurrent-parts).
    // Every table they write is created first, so that no two threads create one.
    for (TableContract t : outputs()) {
      t.ensure(spark, warehouse);
    }
    boolean together = config.get().getBoolean("gold.concurrent-parts");
    Progress.current()
        .phase(together ? "weekly tables, crisis signals, complaint themes" : "weekly tables");
    // The other parts start once the weekly part found the posts it reads enriched on their current
    // text: its refusal (run enrich first) then stops the command before anything is written, as
    // when the parts ran in turn.
    CompletableFuture<Boolean> checked = new CompletableFuture<>();
    Parts.Part<WeeklyAggregatesJob.Result> weeklyPart =
        Parts.start(
            together,
            "weekly",
            () -> {
              try {
                return WeeklyAggregatesJob.run(
                    spark,
                    warehouse,
                    GoldSettings.from(config),
                    taxonomy,
                    options,
                    now,
                    () -> checked.complete(true));
              } finally {
                checked.complete(false); // no effect once the check passed
              }
            });
    if (!checked.join()) {
      // it ended before the check: a failure is thrown here, and the other parts never start
      Parts.awaitAll(List.of(weeklyPart));
    }
    Parts.Part<CrisisJob.Result> crisisPart =
        Parts.start(
            together,
            "crisis",
            () -> {
              if (!together) {
                Progress.current().phase("crisis signals");
              }
              return CrisisJob.run(spark, config, options.rebuild(), options.weeks(), now);
            });
    // Complaint themes come from the complaints-<lang> topic models that score applied; without
    // them the table stays empty. Weeks whose complaints changed are recomputed (their
    // fingerprints decide), read through the themes' own change feed.
    Parts.Part<ComplaintThemes.Result> themesPart =
        Parts.start(
            together,
            "themes",
            () -> {
              if (!together) {
                Progress.current().phase("complaint themes");
              }
              return ComplaintThemes.run(
                  spark,
                  warehouse,
                  config.get().getString("gold.reporting-time-zone"),
                  options.rebuild(),
                  now);
            });
    Parts.awaitAll(List.of(weeklyPart, crisisPart, themesPart));
    WeeklyAggregatesJob.Result r = weeklyPart.result();
    System.out.println("aggregate: weekly tables: " + r.scope());
    for (WeeklyAggregatesJob.TableResult t : r.tables()) {
      print(t.table(), t.weeks(), t.rows());
    }
    CrisisJob.Result crisis = crisisPart.result();
    System.out.println(
        "aggregate: crisis signals: "
            + crisis.scope()
            + (crisis.detection() == null ? "" : "; series " + crisis.detection()));
    print(CrisisJob.SIGNALS, crisis.weeks(), crisis.signals());
    print(CrisisJob.WEEKLY, crisis.weeks(), crisis.weeklyRows());
    ComplaintThemes.Result themes = themesPart.result();
    System.out.println("aggregate: complaint themes: " + themes.scope());
    print(
        Tables.GOLD_COMPLAINT_THEMES_WEEKLY.qualifiedName(),
        themes.weeks().stream().map(java.sql.Date::toLocalDate).toList(),
        themes.rows());
    Progress.current()
        .summary(
            r.tables().stream().mapToInt(t -> t.weeks().size()).max().orElse(0)
                + " week(s) written, "
                + Progress.number(crisis.signals())
                + " crisis signals");
    gate.record();
    return r;
  }

  /**
   * The skip decision of aggregate: every silver input and gold output, both jobs' settings, the
   * taxonomy.
   */
  static JobGate gate(SparkSession spark, AppConfig config, Taxonomy taxonomy) {
    List<TableContract> tables =
        new ArrayList<>(
            List.of(
                Tables.SILVER_POSTS,
                Tables.SILVER_POST_ENRICHMENT,
                Tables.SILVER_POST_SENTIMENT,
                Tables.SILVER_POST_TOPICS,
                Tables.SILVER_PEOPLE,
                Tables.GOLD_COMPLAINT_THEMES_WEEKLY));
    tables.addAll(GoldTables.ALL);
    tables.addAll(CrisisTables.ALL);
    String settings =
        String.join(
            "|",
            WeeklyAggregatesJob.LOGIC_VERSION,
            GoldSettings.from(config).toString(),
            CrisisSettings.from(config).version(taxonomy.version()));
    return JobGate.of(spark, config.warehouse(), "aggregate", settings, tables);
  }

  /** Every table the three parts write, and silver.post_topics, which the themes part creates. */
  static List<TableContract> outputs() {
    List<TableContract> tables = new ArrayList<>(GoldTables.ALL);
    tables.addAll(CrisisTables.ALL);
    tables.add(Tables.GOLD_COMPLAINT_THEMES_WEEKLY);
    tables.add(Tables.SILVER_POST_TOPICS);
    return tables;
  }

  /**
   * One line per table: the weeks replaced (deleted when they have no posts any more) and the rows
   * written.
   */
  static void print(String table, List<LocalDate> weeks, long rows) {
    System.out.printf(
        "aggregate: %s: %d week(s) written%s, %d rows%n",
        table,
        weeks.size(),
        weeks.isEmpty()
            ? ""
            : " ("
                + weeks.stream().map(ReportingWeeks::label).collect(Collectors.joining(", "))
                + ")",
        rows);
  }
}
