package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Progress;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.gold.WeeklyAggregatesJob;
import com.brandpulse.serving.ServingRoles;
import com.brandpulse.serving.ServingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse demo}: generates a sample archive in real raw formats, runs every job that
 * exists on it, and prints what landed. Deterministic for a seed and a start, and safe to rerun
 * (files already ingested are skipped). The archive always ends before today (posts dated later
 * would be quarantined as impossible), the report is for the last complete week, and a step that
 * fails stops the demo with its reason and exit code.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a sample archive (several weeks, brands, languages and formats), run every job on it"
            + " (alert as a dry run) and show the tables.")
public final class DemoCommand implements Callable<Integer> {
  /**
   * Used only when BRANDPULSE_PSEUDONYM_KEY is unset, so a first run needs no set-up; never for
   * real data.
   */
  static final String DEMO_ONLY_KEY = "brandpulse-demo-key-not-for-real-data";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin WriterOptions common;

  @Option(
      names = "--archive",
      defaultValue = "demo-archive",
      paramLabel = "DIR",
      description = "Where the sample archive is written (default: ./demo-archive).")
  Path archive;

  @Option(
      names = "--posts",
      defaultValue = "6000",
      description = "Approximate number of posts (default 6000).")
  long posts;

  @Option(names = "--weeks", defaultValue = "6", description = "Weeks covered (default 6).")
  int weeks;

  @Option(
      names = "--start",
      paramLabel = "YYYY-MM-DD",
      description =
          "First day, a Monday (default 2026-09-07, or"
              + " the latest Monday that still ends the archive's last week yesterday at the latest).")
  LocalDate start;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default 42).")
  long seed;

  @Override
  public Integer call() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC); // the archive's days are UTC days
    start =
        start == null
            ? DemoDates.defaultStart(weeks, today)
            : DemoDates.checkStart(start, weeks, today);
    AppConfig config = common.config();
    String keyVariable = config.get().getString("privacy.pseudonym-key-env");
    boolean ownKey = System.getenv(keyVariable) == null;
    Pseudonymizer pseudonyms =
        ownKey ? new Pseudonymizer(DEMO_ONLY_KEY) : Pseudonymizer.fromConfig(config);
    if (ownKey) {
      System.out.println(
          "demo: "
              + keyVariable
              + " is not set; pseudonyms use the demo's own key (never do this with real data)");
    }
    Progress.current().step("archive");
    SampleArchive.Summary summary =
        SampleArchive.generate(
            archive, new SampleArchive.Options(start, weeks, posts, seed, false));
    System.err.println(Progress.current().endStep());
    System.out.printf(
        "demo: wrote %d posts (+%d malformed records) to %s: %s%n",
        summary.posts(), summary.malformed(), archive, summary.filesByFormat());
    System.out.printf(
        "demo: injected complaint spike: %s on %s; %d labelled texts for the sentiment models%n",
        summary.spikeBrand(), summary.spikeDay(), summary.labelled());

    SparkSession spark = SparkSessions.getOrCreate("brandpulse-demo");
    // The malformed sample file is there on purpose, so the ratio check would only get in the way
    // here.
    AppConfig demoConfig = config.with("ingest.max-quarantine-ratio", 1.0);
    int code =
        step(
            "ingest",
            () ->
                IngestCommand.ingest(
                    spark,
                    demoConfig,
                    pseudonyms,
                    SampleArchive.postFolders(archive),
                    "auto",
                    false));
    if (code != 0) {
      return stopped(
          "ingest",
          code,
          "a file could not be read whole, or a quarantine alarm is open: see above");
    }
    step(
        "people",
        () ->
            PeopleCommand.load(
                spark,
                config,
                pseudonyms,
                archive.resolve("roster/employees.csv").toString(),
                null));
    step("enrich", () -> EnrichCommand.enrich(spark, config, pseudonyms, false));
    step(
        "labels import",
        () -> {
          importLabels(spark, config);
          return 0;
        });
    step(
        "train-sentiment and train-topics",
        () -> {
          DemoModels.train(spark, config);
          return 0;
        });
    step(
        "score",
        () -> {
          ScoreCommand.score(spark, config, false);
          return 0;
        });
    // Complaint models train on the negative posts score just found; scoring again applies them.
    step(
        "train-topics --scope complaints",
        () -> {
          DemoModels.trainComplaints(spark, config);
          return 0;
        });
    step(
        "score",
        () -> {
          ScoreCommand.score(spark, config, false);
          return 0;
        });
    // The demo's brands report in Seoul time (its Korean audience); later commands on this
    // warehouse keep it
    // with --set gold.reporting-time-zone=Asia/Seoul.
    AppConfig gold =
        config.get().hasPath("demo.reporting-time-zone")
            ? config.with(
                "gold.reporting-time-zone", config.get().getString("demo.reporting-time-zone"))
            : config;
    step(
        "aggregate",
        () -> AggregateCommand.aggregate(spark, gold, WeeklyAggregatesJob.Options.incremental()));
    code = step("alert --dry-run", () -> alertDryRun(spark, gold));
    if (code != 0) {
      return stopped("alert --dry-run", code, "see above");
    }
    Path report = null;
    java.util.Optional<LocalDate> week =
        step("report", () -> ReportCommand.lastComplete(spark, gold, Instant.now()));
    if (week.isPresent()) {
      LocalDate w = week.get();
      report =
          step(
              "report",
              () ->
                  ReportCommand.write(
                      spark, gold, w, Path.of(gold.get().getString("report.out-dir"))));
      System.out.println(
          "\ndemo: the report is for "
              + com.brandpulse.gold.ReportingWeeks.label(w)
              + ", the last complete week");
    } else {
      System.out.println(
          "\ndemo: no complete week to report on yet: none has ended in the data"
              + " (see brandpulse report --help)");
    }
    boolean published = step("publish", () -> publishIfServed(spark, gold));
    SqlCommand.registerTables(spark, config.warehouse());
    section(
        spark,
        "posts by platform and language",
        "SELECT platform, coalesce(lang, '?') AS lang, count(*) AS posts, min(created_at) AS first, max(created_at) AS last"
            + " FROM silver.posts GROUP BY 1, 2 ORDER BY 1, 2");
    section(
        spark,
        "posts by week",
        "SELECT date(date_trunc('week', created_at)) AS week_start, count(*) AS posts,"
            + " sum(CASE WHEN reply_to_post_id IS NOT NULL THEN 1 ELSE 0 END) AS replies FROM silver.posts GROUP BY 1 ORDER BY 1");
    section(
        spark,
        "quarantine reasons",
        "SELECT reason_code, count(*) AS records, min(reason) AS example"
            + " FROM silver.quarantine GROUP BY 1 ORDER BY 2 DESC");
    section(
        spark,
        "control events",
        "SELECT kind, count(*) AS events FROM silver.control_events GROUP BY 1 ORDER BY 1");
    section(
        spark,
        "a few posts (authors and mentions pseudonymised)",
        "SELECT post_id, author_key, lang, substr(text, 1, 90) AS text FROM silver.posts ORDER BY created_at LIMIT 5");
    section(
        spark,
        "mentions per brand and competitor",
        "SELECT kind, entity_name AS brand, count(DISTINCT post_id) AS posts FROM silver.post_mentions"
            + " WHERE kind IN ('brand', 'competitor') GROUP BY 1, 2 ORDER BY 3 DESC");
    section(
        spark,
        "top monitoring categories",
        "SELECT entity_id AS category, count(DISTINCT post_id) AS posts FROM silver.post_mentions"
            + " WHERE kind = 'category' GROUP BY 1 ORDER BY 2 DESC LIMIT 15");
    section(
        spark,
        "people and languages",
        "SELECT lang_source, coalesce(lang, '?') AS lang, sum(CASE WHEN is_official_account THEN 1 ELSE 0 END)"
            + " AS official, sum(CASE WHEN is_employee THEN 1 ELSE 0 END) AS employees,"
            + " sum(CASE WHEN country IS NOT NULL THEN 1 ELSE 0 END) AS with_country, count(*) AS posts"
            + " FROM silver.post_enrichment GROUP BY 1, 2 ORDER BY 6 DESC");
    section(
        spark,
        "sentiment labels per language (silver.post_sentiment)",
        "SELECT coalesce(e.lang, '?') AS lang, coalesce(s.label, '(no model)') AS label, count(*) AS posts,"
            + " min(s.model_name || ' v' || s.model_version) AS model FROM silver.post_sentiment s"
            + " JOIN silver.post_enrichment e USING (post_id) GROUP BY 1, 2 ORDER BY 1, 2");
    section(
        spark,
        "largest topics (silver.post_topics, strongest topic per post)",
        "SELECT model_name AS model, topic, topic_name, count(*) AS posts FROM silver.post_topics"
            + " WHERE topic_rank = 1 GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 8");
    String lastWeek = week.map(w -> "DATE '" + w + "'").orElse("NULL");
    section(
        spark,
        "gold.brand_health_weekly, the reported week, all platforms",
        "SELECT iso_week, brand_id, mentions, net_sentiment, share_of_voice, nps, complaints, response_rate,"
            + " median_first_reply_seconds FROM gold.brand_health_weekly WHERE platform = 'all' AND week_start = "
            + lastWeek
            + " ORDER BY mentions DESC");
    section(
        spark,
        "gold.advocacy_weekly, the reported week",
        "SELECT iso_week, brand_id, advocates, defending_posts, answering_posts, advocacy_rate, employees_posting,"
            + " executive_posts FROM gold.advocacy_weekly WHERE week_start = "
            + lastWeek
            + " ORDER BY advocates DESC");
    section(
        spark,
        "gold.crisis_signals (all weeks; the injected spike among them)",
        "SELECT brand_id, metric, category, granularity, started_at, observed, round(expected, 1) AS expected,"
            + " round(score, 1) AS score, severity, status FROM gold.crisis_signals ORDER BY score DESC LIMIT 10");
    section(
        spark,
        "gold.crisis_weekly, the reported week",
        "SELECT * FROM gold.crisis_weekly WHERE week_start = " + lastWeek + " ORDER BY brand_id");
    if (report != null) {
      System.out.println("\nWeekly report: " + report.toAbsolutePath());
    }
    if (published) {
      System.out.println(
          "BI: bin/brandpulse bi-sql \"SELECT * FROM bi.brand_health_weekly WHERE platform = 'all' ORDER BY week_start\"");
    }
    System.out.println("\nExplore further: bin/brandpulse sql \"SELECT * FROM ops.ingest_runs\"");
    Progress.current()
        .summary(
            Progress.number(summary.posts())
                + " posts, "
                + (week.isPresent()
                    ? "report for " + com.brandpulse.gold.ReportingWeeks.label(week.get())
                    : "no report")
                + (published ? ", published" : ""));
    return 0;
  }

  /**
   * {@code alert --dry-run} as of the end of the demo's data, looking back over all its weeks, with
   * the demo's made-up routes ({@code demo.alert}): prints the messages the injected spike would
   * send; sends nothing.
   */
  private int alertDryRun(SparkSession spark, AppConfig gold) {
    Instant end = dataEnd(gold, start, weeks);
    System.out.println(
        "\n== alert --dry-run as of the end of the demo's data (" + end + "): what would be sent");
    return AlertCommand.alert(spark, alertConfig(gold, weeks), true, end, System.out);
  }

  /** One step of the demo, returning its result. */
  private interface Step<T> {
    T run() throws Exception;
  }

  /**
   * Runs a step; one that throws stops the demo naming it: the user's mistake as one (exit code 2),
   * anything else as an internal failure with its cause (exit code 1).
   */
  private static <T> T step(String name, Step<T> step) throws Exception {
    Progress.current().step(name);
    try {
      T result = step.run();
      System.err.println(
          Progress.current().endStep()); // each step's time, the demo's in its closing line
      return result;
    } catch (UserError e) {
      throw e;
    } catch (Exception e) {
      String user = Failures.userMessage(e);
      if (user != null) {
        throw new UserError(
            "the " + name + " step failed: " + user + "; the demo stopped there", e);
      }
      throw new IllegalStateException("the " + name + " step failed; the demo stopped there", e);
    }
  }

  /**
   * A step that ended with a non-zero exit code stops the demo with that code, said in one line.
   */
  private int stopped(String name, int code, String why) {
    System.out.flush();
    spec.commandLine()
        .getErr()
        .println(
            "brandpulse demo: the "
                + name
                + " step exited "
                + code
                + " ("
                + why
                + "); the demo stopped there");
    spec.commandLine().getErr().flush();
    return code;
  }

  /**
   * The demo's alert settings: {@code demo.alert} over {@code alert}, a look-back of all its weeks.
   * Shared with the tests.
   */
  public static AppConfig alertConfig(AppConfig gold, int weeks) {
    com.typesafe.config.Config c = gold.get();
    return gold.with("alert", c.getConfig("demo.alert").withFallback(c.getConfig("alert")).root())
        .with("alert.lookback", weeks * 7 + "d")
        .with(
            "alert.report-base-url",
            Path.of(c.getString("report.out-dir")).toAbsolutePath().toUri().toString());
  }

  /** Midnight after the demo's last day, in its reporting zone. Shared with the tests. */
  public static Instant dataEnd(AppConfig gold, LocalDate start, int weeks) {
    return start
        .plusWeeks(weeks)
        .atStartOfDay(ZoneId.of(gold.get().getString("gold.reporting-time-zone")))
        .toInstant();
  }

  /**
   * Publishes to the configured PostgreSQL when it answers (bin/brandpulse starts the local one,
   * bin/postgres, before the demo); a demo without a server still ends, saying how to publish
   * later. On the local server the superuser's password is in its credentials file: the demo runs
   * serving-setup first (idempotent).
   */
  private static boolean publishIfServed(SparkSession spark, AppConfig config) throws Exception {
    ServingSettings serving = ServingSettings.from(config);
    try {
      if (serving.password(serving.setup()) != null) {
        try (java.sql.Connection superuser = serving.connectSetup()) {
          ServingRoles.apply(superuser, serving)
              .forEach(line -> System.out.println("demo: serving-setup: " + line));
        }
      }
      try (java.sql.Connection ignored = serving.connect()) {
        // reachable, as the publisher
      }
    } catch (java.sql.SQLException e) {
      System.out.printf(
          "%ndemo: no PostgreSQL at %s (%s); start one with bin/postgres start, then bin/brandpulse"
              + " serving-setup and bin/brandpulse publish%n",
          serving, e.getMessage());
      return false;
    }
    PublishCommand.publish(spark, config, List.of(), null, null);
    return true;
  }

  /**
   * The archive's labelled set (SampleArchive.LABEL_DIRS) into ml.labelled_posts, as `labels
   * import` loads it.
   */
  private void importLabels(SparkSession spark, AppConfig config) throws IOException {
    for (Map.Entry<String, String> format : new TreeMap<>(SampleArchive.LABEL_DIRS).entrySet()) {
      LabelsCommand.importLabels(
          spark, config, format.getKey(), archive.resolve(format.getValue()));
    }
  }

  private static void section(SparkSession spark, String title, String sql) {
    System.out.println("\n== " + title);
    SqlCommand.print(spark.sql(sql), System.out);
  }
}
