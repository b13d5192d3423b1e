package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Progress;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.ml.ClassificationMetrics;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.SentimentModel;
import com.brandpulse.ml.SentimentTrainJob;
import com.brandpulse.ml.SentimentTraining;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sentiment commands for data scientists and the nightly run: train, predict, evaluate. */
public final class SentimentCommands {
  private SentimentCommands() {}

  /** {@code brandpulse train-sentiment --lang en|ko}. */
  @Command(
      name = "train-sentiment",
      mixinStandardHelpOptions = true,
      description = {
        "Train a sentiment model for one language from ml.labelled_posts, register it in",
        "ml.model_registry with its held-out metrics, and make it champion if it beats the current one",
        "on the same evaluation data. Settings: ml.sentiment.<lang> in conf."
      })
  public static final class Train implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(
        names = "--lang",
        required = true,
        description = "en or ko (any language configured under ml.sentiment).")
    String lang;

    @Option(
        names = "--no-promote",
        description = "Register as candidate even if it beats the champion.")
    boolean noPromote;

    @Override
    public Integer call() throws IOException {
      train(
          SparkSessions.getOrCreate("brandpulse-train-sentiment-" + lang),
          common.config(),
          lang,
          !noPromote);
      return 0;
    }

    static SentimentTrainJob.Result train(
        SparkSession spark, AppConfig config, String lang, boolean promote) throws IOException {
      SentimentTrainJob.Result r =
          SentimentTrainJob.run(
              spark,
              config.warehouse(),
              config.get().getConfig("ml.sentiment"),
              lang,
              promote,
              Instant.now());
      System.out.println(
          "search ("
              + r.version().params().get("selection_metric")
              + " on a tuning slice of the training data):");
      r.trials()
          .forEach(
              t ->
                  System.out.printf(
                      "  %s  %s%n",
                      t.params(),
                      Double.isNaN(t.tuneScore())
                          ? "one draw: trained once on all the training data, not tuned"
                          : String.format("%.4f  (%.1f s)", t.tuneScore(), t.seconds())));
      ModelRegistry.Version v = r.version();
      System.out.printf(
          "%s v%d: %d training posts, %.1f s; on %s:%n%s%n",
          v.name(),
          v.version(),
          v.trainingRows(),
          v.trainingSeconds(),
          v.evaluationData(),
          r.metrics().report());
      r.alsoMetrics()
          .forEach((data, m) -> System.out.printf("also held out, %s:%n%s%n", data, m.report()));
      System.out.printf("status: %s (%s)%n", v.status(), v.statusReason());
      Progress.current()
          .summary(
              v.name()
                  + " v"
                  + v.version()
                  + ", "
                  + r.trials().size()
                  + " trial(s), "
                  + Progress.number(v.trainingRows())
                  + " training posts, "
                  + v.status());
      return r;
    }
  }

  /** {@code brandpulse predict-sentiment}: one label per input line, same order. */
  @Command(
      name = "predict-sentiment",
      mixinStandardHelpOptions = true,
      description = {
        "Label UTF-8 text, one post per line, with a registered model: writes one label",
        "(negative, neutral, positive) per line, in the same order."
      })
  public static final class Predict implements Callable<Integer> {
    @Mixin ModelChoice choice;

    @Option(names = "--input", required = true, paramLabel = "FILE")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE")
    Path output;

    @Override
    public Integer call() throws IOException {
      Loaded m = choice.load();
      List<String> lines = readLines(input);
      long t0 = System.nanoTime();
      List<String> labels = SentimentTraining.predict(m.model(), lines);
      Files.write(output, labels, StandardCharsets.UTF_8);
      System.out.printf(
          "predict-sentiment: %d lines labelled with %s v%d in %.2f s → %s%n",
          labels.size(),
          m.version().name(),
          m.version().version(),
          (System.nanoTime() - t0) / 1e9,
          output);
      return 0;
    }
  }

  /** {@code brandpulse evaluate-sentiment}: metrics of a model on a text file and a labels file. */
  @Command(
      name = "evaluate-sentiment",
      mixinStandardHelpOptions = true,
      description = {
        "Metrics of a model on a text file (one post per line) and a labels file (TweetEval",
        "layout: one label per line, 0 negative / 1 neutral / 2 positive, or the label names): macro recall,",
        "accuracy, macro F1, per-class recall and precision, and the confusion matrix."
      })
  public static final class Evaluate implements Callable<Integer> {
    @Mixin ModelChoice choice;

    @Option(names = "--text", required = true, paramLabel = "FILE")
    Path text;

    @Option(names = "--labels", required = true, paramLabel = "FILE")
    Path labels;

    @Override
    public Integer call() throws IOException {
      Loaded m = choice.load();
      List<String> texts = readLines(text);
      List<String> gold = tweetEvalLabels(readLines(labels));
      if (gold.size() != texts.size()) {
        throw new IllegalArgumentException(
            text + " has " + texts.size() + " lines but " + labels + " has " + gold.size());
      }
      ClassificationMetrics metrics = SentimentTraining.evaluate(m.model(), texts, gold);
      System.out.printf(
          "%s v%d on %s:%n%s%n", m.version().name(), m.version().version(), text, metrics.report());
      return 0;
    }
  }

  record Loaded(ModelRegistry.Version version, SentimentModel model) {}

  /** Which registered model a command applies: language and version, plus the common options. */
  static final class ModelChoice {
    @Mixin CommonOptions common;

    @Option(names = "--lang", required = true)
    String lang;

    @Option(
        names = "--model",
        defaultValue = "champion",
        description = "champion (default) or a version number.")
    String model;

    Loaded load() throws IOException {
      ModelRegistry registry =
          new ModelRegistry(
              SparkSessions.getOrCreate("brandpulse-sentiment"), common.config().warehouse());
      ModelRegistry.Version v = registry.resolve(SentimentTrainJob.modelName(lang), model);
      return new Loaded(v, registry.loadSentiment(v));
    }
  }

  /**
   * UTF-8 lines; a byte sequence that is not UTF-8 is an error naming the file, not replaced
   * silently.
   */
  static List<String> readLines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not valid UTF-8", e);
    }
  }

  /** TweetEval labels: 0/1/2 (mapping.txt) or the names themselves. */
  static List<String> tweetEvalLabels(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      out.add(
          switch (l) {
            case "0", "negative" -> "negative";
            case "1", "neutral" -> "neutral";
            case "2", "positive" -> "positive";
            default ->
                throw new IllegalArgumentException(
                    "labels line "
                        + (i + 1)
                        + ": '"
                        + l
                        + "' is not 0/1/2 or negative/neutral/positive");
          });
    }
    return out;
  }
}
