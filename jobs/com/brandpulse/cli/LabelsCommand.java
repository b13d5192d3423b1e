package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.ml.LabelReaders;
import com.brandpulse.ml.LabelsImportJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code brandpulse labels}: labelled data for the sentiment models. */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    description = "Labelled data for the sentiment models.",
    subcommands = {LabelsCommand.Import.class})
public final class LabelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: import");
  }

  /** {@code brandpulse labels import}. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Load a labelled data set into ml.labelled_posts (negative/neutral/positive, lang, split).",
        "semeval: task 4A TSV files; tweeteval: {split}_text.txt + {split}_labels.txt; nsmc: ratings*.txt or the",
        "raw per-movie JSON (1-4 negative, 9-10 positive, 5-8 left out; split by movie); airline: Tweets.csv.",
        "Lines left out are listed with the reason (the first 20, then their count)."
      })
  public static final class Import implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(
        names = "--format",
        required = true,
        description = "semeval, tweeteval, nsmc or airline.")
    String format;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "PATH",
        description = "A file or a directory of them.")
    Path input;

    @Override
    public Integer call() throws Exception {
      importLabels(SparkSessions.getOrCreate("brandpulse-labels"), common.config(), format, input);
      return 0;
    }
  }

  static LabelsImportJob.Result importLabels(
      SparkSession spark, AppConfig config, String format, Path input) throws IOException {
    if (!LabelReaders.FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "unknown --format " + format + "; one of " + LabelReaders.FORMATS);
    }
    LabelsImportJob.Result r =
        LabelsImportJob.run(spark, config.warehouse(), format, input, Instant.now());
    System.out.printf(
        "labels: %d posts from %s; %d lines left out%n",
        r.imported(), r.sources(), r.skipped().size());
    r.skipped().stream().limit(20).forEach(s -> System.out.println("  left out: " + s));
    if (r.skipped().size() > 20) {
      System.out.println("  ... and " + (r.skipped().size() - 20) + " more");
    }
    return r;
  }
}
