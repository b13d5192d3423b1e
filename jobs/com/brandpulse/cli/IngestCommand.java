package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code brandpulse ingest}: archive files → bronze → silver, incrementally and idempotently. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Load archived posts (files or directories, .gz/.bz2 too) into bronze.raw_posts and silver.posts.",
        "Exit codes: 0 done, 1 failed, 2 bad arguments, 3 done but look: quarantined/read above"
            + " ingest.max-quarantine-ratio, or file(s) that could not be read whole (each has a `failed` run row"
            + " saying why; the other files landed)."})
public final class IngestCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "A file or a directory (repeatable).")
  List<String> inputs;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (default), twitter-v1, twitter-v2, twitter-archive, reddit, gnip-activity, csv or csv:<mapping>."
          + " Fixes how files are cut and which CSV mapping applies; JSON records are still routed by shape.")
  String format;

  @Option(names = "--reprocess", description = "Read files again even when already ingested unchanged.")
  boolean reprocess;

  @Override
  public Integer call() throws Exception {
    if (!Formats.EXPLICIT.contains(format) && !format.startsWith(Formats.CSV_PREFIX)) {
      throw new IllegalArgumentException("unknown --format " + format + "; one of " + Formats.EXPLICIT);
    }
    AppConfig config = common.config();
    Pseudonymizer pseudonyms = Pseudonymizer.fromConfig(config);
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-ingest");
    return ingest(spark, config, pseudonyms, inputs, format, reprocess);
  }

  /** Runs ingest and prints the per-file report; returns the exit code. Shared with the demo. */
  static int ingest(SparkSession spark, AppConfig config, Pseudonymizer pseudonyms, List<String> inputs,
                    String format, boolean reprocess) throws Exception {
    IngestSettings settings = IngestSettings.from(config);
    IngestJob.Options options = new IngestJob.Options(inputs, format, reprocess);
    Instant now = Instant.now();
    JobGate gate = IngestJob.gate(spark, config.warehouse(), settings, options, now);
    if (!reprocess && gate.unchanged()) {
      System.out.println("ingest: the inputs are as last ingested (same files, sizes, times) and no table changed:"
          + " nothing to do");
      return 0;
    }
    IngestJob.Result result = IngestJob.run(spark, config.warehouse(), settings, pseudonyms, options, now);
    System.out.printf("run %s%n", result.runId());
    System.out.printf("%-16s %8s %8s %6s %7s %6s %7s  %s%n", "status", "read", "accepted", "dups", "control",
        "quar", "deleted", "file");
    for (Row r : result.runs()) {
      System.out.printf("%-16s %8d %8d %6d %7d %6d %7d  %s%n", r.getAs("status"), r.<Long>getAs("records_read"),
          r.<Long>getAs("posts_accepted"), r.<Long>getAs("duplicates"), r.<Long>getAs("control_records"),
          r.<Long>getAs("quarantined"), r.<Long>getAs("deleted"), r.getAs("source_file"));
    }
    System.out.printf("read %d records, quarantined %d (%.2f%%)%n", result.recordsRead(), result.quarantined(),
        100 * result.quarantineRatio());
    List<Row> failed = result.failed();
    if (!failed.isEmpty()) {
      // the other files landed; a failed file is read again by every run until it reads whole or is removed
      System.err.printf("ingest: %d file(s) could not be read, or not whole:%n", failed.size());
      for (Row r : failed) {
        System.err.printf("  %s: %s%n", r.getAs("source_file"), r.getAs("message"));
      }
      return BrandPulse.EXIT_QUARANTINE_RATIO;
    }
    if (result.quarantineRatio() > settings.maxQuarantineRatio()) {
      System.err.printf("ingest: %.2f%% of records were quarantined, above ingest.max-quarantine-ratio=%.2f%%;"
              + " see silver.quarantine for the reasons%n", 100 * result.quarantineRatio(),
          100 * settings.maxQuarantineRatio());
      return BrandPulse.EXIT_QUARANTINE_RATIO;
    }
    gate.record();
    return 0;
  }
}
