package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Progress;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.QuarantineAlarms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code brandpulse ingest}: archive files → bronze → silver, incrementally and idempotently. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Load archived posts (files or directories, .gz/.bz2 too) into bronze.raw_posts and silver.posts.",
      "A run whose quarantined/read ratio is above ingest.max-quarantine-ratio raises a quarantine alarm",
      "(ops.quarantine_alarms) that stays open until someone accepts it (--accept-quarantine RUN_ID), after",
      "looking at silver.quarantine: until then every ingest run exits 3 after doing its work, retries included.",
      "A file that cannot be read whole gets a `failed` run row saying why (the other files land) and is read",
      "again by every run until it reads whole or is removed.",
      "Exit codes: 0 done, 1 failed, 2 bad arguments, 3 done, but a quarantine alarm is open (this run's or an",
      "earlier one's) or a file could not be read whole."
    })
public final class IngestCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description =
          "A file or a directory (repeatable); required unless --accept-quarantine is given.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "auto (default), twitter-v1, twitter-v2, twitter-archive, gnip-activity, reddit, reddit-api,"
              + " mastodon-outbox, mastodon-api, bluesky-api, bluesky-jetstream, facebook-export, facebook-graph,"
              + " youtube-api, csv or csv:<mapping>."
              + " Fixes how files are cut and which CSV mapping applies; JSON records are still routed by shape.")
  String format;

  @Option(
      names = "--reprocess",
      description = "Read files again even when already ingested unchanged.")
  boolean reprocess;

  @Option(
      names = "--accept-quarantine",
      paramLabel = "RUN_ID",
      description = {
        "Accept the quarantine alarm of this ingest run (repeatable; `all`: every open one), recorded",
        "with your user ($USER) in ops.quarantine_alarms; then ingest --input as usual, if given."
      })
  List<String> accept = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (inputs.isEmpty() && accept.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--input=PATH'");
    }
    if (!Formats.EXPLICIT.contains(format) && !format.startsWith(Formats.CSV_PREFIX)) {
      throw new IllegalArgumentException(
          "unknown --format " + format + "; one of " + Formats.EXPLICIT);
    }
    inputs.forEach(IngestCommand::checkLocal);
    AppConfig config = common.config();
    Pseudonymizer pseudonyms = inputs.isEmpty() ? null : Pseudonymizer.fromConfig(config);
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-ingest");
    if (!accept.isEmpty()) {
      List<QuarantineAlarms.Alarm> accepted;
      try {
        accepted =
            QuarantineAlarms.accept(spark, config.warehouse(), accept, user(), Instant.now());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--accept-quarantine: " + e.getMessage());
      }
      accepted.forEach(
          a -> System.out.println("ingest: accepted the quarantine alarm of " + a.describe()));
      if (accepted.isEmpty()) {
        System.out.println(
            "ingest: no open quarantine alarm among " + accept + ": nothing to accept");
      }
      if (inputs.isEmpty()) {
        return alarms(spark, config.warehouse());
      }
    }
    return ingest(spark, config, pseudonyms, inputs, format, reprocess);
  }

  /**
   * A plain local --input that does not exist is the user's mistake, said before Spark starts; one
   * with a scheme (file:, hdfs://, s3a:// ...) is checked when it is listed.
   */
  static void checkLocal(String input) {
    if (!input.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")
        && !java.nio.file.Files.exists(
            java.nio.file.Path.of(input), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(
          "input not found: " + input + "; --input takes an existing file or directory");
    }
  }

  /** Who accepts an alarm: the login the shell says, else the JVM's user. */
  private static String user() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? System.getProperty("user.name") : user;
  }

  /** Runs ingest and prints the per-file report; returns the exit code. Shared with the demo. */
  static int ingest(
      SparkSession spark,
      AppConfig config,
      Pseudonymizer pseudonyms,
      List<String> inputs,
      String format,
      boolean reprocess)
      throws Exception {
    IngestSettings settings = IngestSettings.from(config);
    IngestJob.Options options = new IngestJob.Options(inputs, format, reprocess);
    Instant now = Instant.now();
    Progress.current().phase("checking the inputs");
    JobGate gate = IngestJob.gate(spark, config.warehouse(), settings, options, now);
    if (!reprocess && gate.unchanged()) {
      System.out.println(
          "ingest: the inputs are as last ingested (same files, sizes, times) and no table changed:"
              + " nothing to do");
      Progress.current().summary("nothing to do");
      return alarms(
          spark, config.warehouse()); // a retry of a run above the ratio lands here: still exit 3
    }
    IngestJob.Result result =
        IngestJob.run(spark, config.warehouse(), settings, pseudonyms, options, now);
    System.out.printf("run %s%n", result.runId());
    System.out.printf(
        "%-16s %8s %8s %6s %7s %6s %7s  %s%n",
        "status", "read", "accepted", "dups", "control", "quar", "deleted", "file");
    for (Row r : result.runs()) {
      System.out.printf(
          "%-16s %8d %8d %6d %7d %6d %7d  %s%n",
          r.getAs("status"),
          r.<Long>getAs("records_read"),
          r.<Long>getAs("posts_accepted"),
          r.<Long>getAs("duplicates"),
          r.<Long>getAs("control_records"),
          r.<Long>getAs("quarantined"),
          r.<Long>getAs("deleted"),
          r.getAs("source_file"));
    }
    System.out.printf(
        "read %d records, quarantined %d (%.2f%%)%n",
        result.recordsRead(), result.quarantined(), 100 * result.quarantineRatio());
    Progress.current().summary(summary(result));
    if (result.quarantineRatio() > settings.maxQuarantineRatio()) {
      QuarantineAlarms.raise(
          spark, config.warehouse(), result, settings.maxQuarantineRatio(), Instant.now());
      System.err.printf(
          "ingest: %.2f%% of records were quarantined, above ingest.max-quarantine-ratio=%.2f%%;"
              + " see silver.quarantine for the reasons%n",
          100 * result.quarantineRatio(), 100 * settings.maxQuarantineRatio());
    }
    List<Row> failed = result.failed();
    if (!failed.isEmpty()) {
      // The other files landed. The gate is not recorded: a retry reads the failed files again (and
      // fails again
      // until they read whole or are removed), it never skips them as unchanged.
      System.err.printf("ingest: %d file(s) could not be read, or not whole:%n", failed.size());
      for (Row r : failed) {
        System.err.printf("  %s: %s%n", r.getAs("source_file"), r.getAs("message"));
      }
      alarms(spark, config.warehouse());
      return BrandPulse.EXIT_QUARANTINE_RATIO;
    }
    // The data is in either way: the gate remembers the tables, the alarm stays open on its own.
    gate.record();
    return alarms(spark, config.warehouse());
  }

  /**
   * The closing line's part: {@code 40 files, 1,002,311 records, 0.10% quarantined} (and files
   * skipped, failed).
   */
  static String summary(IngestJob.Result result) {
    java.util.Map<String, Long> byStatus = new java.util.TreeMap<>();
    result.runs().forEach(r -> byStatus.merge(r.<String>getAs("status"), 1L, Long::sum));
    StringBuilder s =
        new StringBuilder(
            Progress.number(byStatus.getOrDefault("ingested", 0L))
                + " files, "
                + Progress.number(result.recordsRead())
                + " records, "
                + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * result.quarantineRatio())
                + " quarantined");
    byStatus.forEach(
        (status, n) -> {
          if (!status.equals("ingested")) {
            s.append(", ").append(n).append(' ').append(status);
          }
        });
    return s.toString();
  }

  /** Exit code 3 while any quarantine alarm is open, listing them and how to accept; else 0. */
  static int alarms(SparkSession spark, String warehouse) {
    List<QuarantineAlarms.Alarm> open = QuarantineAlarms.open(spark, warehouse);
    if (open.isEmpty()) {
      return 0;
    }
    System.err.printf(
        "ingest: %d quarantine alarm(s) open (ops.quarantine_alarms):%n", open.size());
    open.forEach(a -> System.err.println("  " + a.describe()));
    System.err.println(
        "ingest: every ingest exits 3 until they are accepted: look at silver.quarantine (WHERE"
            + " ingest_run_id = '<run>'), then run brandpulse ingest --accept-quarantine <run> (or all)");
    return BrandPulse.EXIT_QUARANTINE_RATIO;
  }
}
