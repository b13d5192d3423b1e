package com.brandpulse.cli;

import com.brandpulse.gold.NabCrossValidation;
import com.brandpulse.gold.NabEvaluation;
import com.brandpulse.gold.SeriesCsv;
import com.brandpulse.gold.SpikeDetector;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse detect-spikes}: the crisis spike detector on a volume series in a CSV file (no
 * Spark).
 */
@Command(
    name = "detect-spikes",
    mixinStandardHelpOptions = true,
    description = {
      "Flag spikes in a regular volume series (no Spark involved).",
      "In: CSV timestamp,value (YYYY-MM-DD HH:MM:SS, one fixed step, as NAB files).",
      "Out: one row per flagged point: timestamp,observed,expected,score,severity,",
      "  run_start (observed = posts in the trailing window, run_start = first point",
      "  of its flagged run).",
      "Settings: brandpulse.crisis.detector.* (e.g. --set crisis.detector.threshold=8).",
      "--evaluate-windows scores the flags against labelled windows (NAB",
      "  combined_windows.json); --input may then be a directory of CSV files.",
      "--cross-validate (with --evaluate-windows and a directory) tunes the detector",
      "  leaving one series out at a time and prints the held-out figures."
    })
public final class DetectSpikesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "CSV",
      description = "The series (a directory of them with --evaluate-windows).")
  Path input;

  @Option(
      names = "--output",
      paramLabel = "CSV",
      description = "Where to write the flagged points.")
  Path output;

  @Option(
      names = "--evaluate-windows",
      paramLabel = "JSON",
      description =
          "Labelled windows ({\"dir/name.csv\": [[start, end], ...]}); prints the windows flagged and"
              + " the false alarms (runs of flagged points outside every window, a gap over an hour parts them).")
  Path windows;

  @Option(
      names = "--cross-validate",
      description =
          "With --evaluate-windows on a directory: leave-one-series-out tuning of the threshold, tail"
              + " factor, longer windows and confirmation (chosen on the other series, measured on the"
              + " held-out one), beside in-sample figures.")
  boolean crossValidate;

  @Override
  public Integer call() throws Exception {
    SpikeDetector.Settings settings = SpikeDetector.Settings.fromConfig(common.config());
    if (windows != null) {
      if (output != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--output does not go with --evaluate-windows");
      }
      if (crossValidate) {
        if (!Files.isDirectory(input)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--cross-validate needs a directory of series as --input");
        }
        spec.commandLine().getOut().print(NabCrossValidation.compare(input, windows, settings));
        spec.commandLine().getOut().flush();
        return 0;
      }
      NabEvaluation.Report report = NabEvaluation.evaluate(input, windows, settings);
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (crossValidate) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--cross-validate needs --evaluate-windows");
    }
    if (output == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output is required (or --evaluate-windows)");
    }
    if (!Files.isRegularFile(input)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--input is not a file: " + input);
    }
    List<SpikeDetector.Result> results = new SpikeDetector(settings).detect(SeriesCsv.read(input));
    if (output.toAbsolutePath().getParent() != null) {
      Files.createDirectories(output.toAbsolutePath().getParent());
    }
    // Written beside and moved into place, so a failed run never leaves a half-written output.
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      SeriesCsv.writeFlagged(results, out);
    }
    Files.move(
        partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long flagged = results.stream().filter(SpikeDetector.Result::flagged).count();
    long runs = results.stream().filter(r -> r.flagged() && r.time().equals(r.runStart())).count();
    spec.commandLine()
        .getOut()
        .printf(
            "detect-spikes: %d points, %d flagged in %d runs -> %s%n",
            results.size(), flagged, runs, output);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
