package com.brandpulse.cli;

import static org.apache.spark.sql.functions.col;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.Tables;
import com.brandpulse.ml.ClassificationMetrics;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.SentimentTrainJob;
import com.brandpulse.ml.SentimentTraining;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The weekly retraining's gates (dags/brandpulse_training.py: retrain → evaluate → promote). Both
 * re-measure on the language's evaluation data (ml.sentiment.&lt;lang&gt;.evaluation-source) as it
 * is now, so a champion and a candidate are always compared on the same posts. Rerun-safe: a rerun
 * reaches the same decision.
 */
public final class ModelGateCommands {
  private ModelGateCommands() {}

  /** The newest version still waiting as candidate, when it is newer than the champion. */
  static Optional<ModelRegistry.Version> latestCandidate(ModelRegistry registry, String name) {
    int champion = registry.champion(name).map(ModelRegistry.Version::version).orElse(0);
    return registry.versions(name).stream()
        .filter(v -> v.status().equals("candidate") && v.version() > champion)
        .max(Comparator.comparingInt(ModelRegistry.Version::version));
  }

  record Evaluation(List<String> texts, List<String> labels, String metric, String description) {
    double measure(ModelRegistry registry, ModelRegistry.Version v) throws IOException {
      ClassificationMetrics m =
          SentimentTraining.evaluate(registry.loadSentiment(v), texts, labels);
      return m.asMap().get(metric);
    }
  }

  static Evaluation evaluation(SparkSession spark, AppConfig config, String lang) {
    Config c = config.get().getConfig("ml.sentiment." + lang);
    SentimentTrainJob.DataSpec spec = SentimentTrainJob.DataSpec.fromConfig(c);
    List<Row> rows =
        SentimentTrainJob.evaluationRows(
                Tables.ML_LABELLED_POSTS
                    .read(spark, config.warehouse())
                    .where(col("lang").equalTo(lang)),
                spec)
            .orderBy("source_id")
            .select("text", "label")
            .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalStateException(
          "no evaluation rows for "
              + lang
              + ": "
              + spec.evaluationSource()
              + " "
              + spec.evaluationSplits()
              + " in ml.labelled_posts");
    }
    return new Evaluation(
        rows.stream().map(r -> r.<String>getAs("text")).toList(),
        rows.stream().map(r -> r.<String>getAs("label")).toList(),
        c.getString("selection-metric"),
        spec.evaluationData(rows.size()));
  }

  /**
   * {@code evaluate-candidate --lang L --min X}: a candidate below the floor is rejected, never
   * promoted.
   */
  @Command(
      name = "evaluate-candidate",
      mixinStandardHelpOptions = true,
      description = {
        "Re-measure the newest sentiment candidate of a language (newer than the champion) on its evaluation",
        "data as it is now (ml.sentiment.<lang>.evaluation-source, evaluation-splits); below --min on",
        "ml.sentiment.<lang>.selection-metric it becomes 'rejected' and promote-if-better passes it over."
      })
  public static final class Evaluate implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(names = "--lang", required = true)
    String lang;

    @Option(
        names = "--min",
        required = true,
        paramLabel = "VALUE",
        description = "Lowest acceptable value of ml.sentiment.<lang>.selection-metric.")
    double min;

    @Override
    public Integer call() throws IOException {
      AppConfig config = common.config();
      SparkSession spark = SparkSessions.getOrCreate("brandpulse-evaluate-candidate");
      ModelRegistry registry = new ModelRegistry(spark, config.warehouse());
      String name = SentimentTrainJob.modelName(lang);
      Optional<ModelRegistry.Version> candidate = latestCandidate(registry, name);
      if (candidate.isEmpty()) {
        System.out.printf(
            "evaluate-candidate: %s has no candidate newer than its champion%n", name);
        return 0;
      }
      Evaluation e = evaluation(spark, config, lang);
      double value = e.measure(registry, candidate.get());
      String verdict =
          String.format("%s %.4f on %s (floor %.4f)", e.metric(), value, e.description(), min);
      if (value < min) {
        registry.setStatus(candidate.get(), "rejected", "below the floor: " + verdict);
        System.out.printf(
            "evaluate-candidate: %s v%d rejected: %s%n", name, candidate.get().version(), verdict);
      } else {
        System.out.printf(
            "evaluate-candidate: %s v%d passes: %s%n", name, candidate.get().version(), verdict);
      }
      return 0;
    }
  }

  /**
   * {@code promote-if-better --lang L}: the newest candidate becomes champion only when it beats
   * it.
   */
  @Command(
      name = "promote-if-better",
      mixinStandardHelpOptions = true,
      description = {
        "Make the newest sentiment candidate of a language champion only when it beats the current",
        "champion on the same evaluation data (both re-measured now); otherwise it stays candidate with the",
        "comparison as its reason. Rerun-safe: a rerun reaches the same decision. The weekly training DAG runs",
        "train-sentiment --no-promote, then evaluate-candidate, then promote-if-better."
      })
  public static final class Promote implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(names = "--lang", required = true)
    String lang;

    @Override
    public Integer call() throws IOException {
      AppConfig config = common.config();
      SparkSession spark = SparkSessions.getOrCreate("brandpulse-promote-if-better");
      ModelRegistry registry = new ModelRegistry(spark, config.warehouse());
      String name = SentimentTrainJob.modelName(lang);
      Optional<ModelRegistry.Version> candidate = latestCandidate(registry, name);
      if (candidate.isEmpty()) {
        System.out.printf(
            "promote-if-better: %s has no candidate to promote (champion kept)%n", name);
        return 0;
      }
      Evaluation e = evaluation(spark, config, lang);
      double mine = e.measure(registry, candidate.get());
      Optional<ModelRegistry.Version> champion = registry.champion(name);
      String decision;
      boolean better;
      if (champion.isEmpty()) {
        better = true;
        decision =
            String.format(
                "first champion of %s: %s %.4f on %s", name, e.metric(), mine, e.description());
      } else {
        double theirs = e.measure(registry, champion.get());
        better = mine > theirs;
        decision =
            String.format(
                "%s %.4f vs champion v%d %.4f on %s",
                e.metric(), mine, champion.get().version(), theirs, e.description());
      }
      if (better) {
        registry.promote(candidate.get(), decision, Instant.now());
        System.out.printf(
            "promote-if-better: %s v%d is champion: %s%n",
            name, candidate.get().version(), decision);
      } else {
        registry.setStatus(candidate.get(), "candidate", "does not beat the champion: " + decision);
        System.out.printf(
            "promote-if-better: %s v%d stays candidate: %s%n",
            name, candidate.get().version(), decision);
      }
      return 0;
    }
  }
}
