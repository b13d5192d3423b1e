package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Progress;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ml.ClusteringMetrics;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.TopicModel;
import com.brandpulse.ml.TopicTokens;
import com.brandpulse.ml.TopicTrainJob;
import com.brandpulse.ml.TopicTraining;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-topics} and {@code evaluate-topics}. */
public final class TopicCommands {
  private TopicCommands() {}

  /** {@code brandpulse train-topics --lang en [--scope posts|complaints]}. */
  @Command(
      name = "train-topics",
      mixinStandardHelpOptions = true,
      description = {
        "Train a topic model for one language: topics-<lang> over its posts, or complaints-<lang>",
        "over its negative posts (complaint themes). Registers it in ml.model_registry with its topics",
        "(named by their most relevant terms) and, with --evaluate, NMI and purity against human labels.",
        "Settings: ml.topics.<lang> in conf."
      })
  public static final class Train implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(
        names = "--lang",
        required = true,
        description = "Language (ml.topics.<lang>, else ml.topics.default).")
    String lang;

    @Option(
        names = "--scope",
        defaultValue = "posts",
        description = "posts (default) or complaints.")
    String scope;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description =
            "Train on this file (JSONL with \"text\", or one post per line) instead of the warehouse.")
    Path input;

    @Option(
        names = "--evaluate",
        paramLabel = "FILE",
        description = {
          "Labelled posts to measure NMI and purity on: JSONL in TweetTopic's layout (text,",
          "label_name or label), or CSV with --label-column."
        })
    Path evaluate;

    @Option(
        names = "--label-column",
        paramLabel = "COLUMN",
        description = {
          "Read --input and --evaluate as CSV (header, a text column) labelled by COLUMN; rows",
          "where it is empty are left out (Tweets.csv with negativereason: the negative tweets)."
        })
    String labelColumn;

    @Option(names = "--algorithm", description = "lda or embedding-kmeans (default: conf).")
    String algorithm;

    @Option(names = "-k", description = "Number of topics (default: conf).")
    Integer k;

    @Option(
        names = "--no-promote",
        description = "Register as candidate even if it beats the champion.")
    boolean noPromote;

    @Override
    public Integer call() throws IOException {
      AppConfig config = common.config();
      Config topics = settings(config, lang);
      TopicTraining.Params p = TopicTraining.Params.fromConfig(topics);
      p = algorithm == null ? p : p.withAlgorithm(algorithm);
      p = k == null ? p : p.withK(k);
      train(
          SparkSessions.getOrCreate("brandpulse-train-topics-" + lang),
          config,
          lang,
          scope,
          input,
          evaluate,
          labelColumn,
          p,
          !noPromote);
      return 0;
    }

    /**
     * Trains with {@code p} (ml.topics.&lt;lang&gt; plus the options), registers and prints the
     * topics.
     */
    static TopicTrainJob.Result train(
        SparkSession spark,
        AppConfig config,
        String lang,
        String scope,
        Path input,
        Path evaluate,
        String labelColumn,
        TopicTraining.Params p,
        boolean promote)
        throws IOException {
      TopicTrainJob.Result r =
          TopicTrainJob.run(
              spark,
              config.warehouse(),
              settings(config, lang),
              lang,
              scope,
              input,
              evaluate,
              labelColumn,
              brandTerms(config),
              p,
              promote,
              Instant.now());
      ModelRegistry.Version v = r.version();
      System.out.printf(
          "%s v%d (%s, k=%d): %,d posts, vocabulary %s, %.1f s%n",
          v.name(),
          v.version(),
          r.model().algorithm(),
          r.model().topics(),
          v.trainingRows(),
          v.params().get("vocabulary"),
          v.trainingSeconds());
      for (int t = 0; t < r.model().topics(); t++) {
        System.out.printf("  topic %2d: %s%n", t, String.join(", ", r.model().terms()[t]));
      }
      r.metrics().ifPresent(m -> System.out.printf("on %s: %s%n", v.evaluationData(), m));
      System.out.printf("status: %s (%s)%n", v.status(), v.statusReason());
      Progress.current()
          .summary(
              v.name()
                  + " v"
                  + v.version()
                  + ", k="
                  + r.model().topics()
                  + ", "
                  + Progress.number(v.trainingRows())
                  + " posts, "
                  + v.status());
      return r;
    }
  }

  /** {@code brandpulse evaluate-topics --input JSONL}. */
  @Command(
      name = "evaluate-topics",
      mixinStandardHelpOptions = true,
      description = {
        "NMI and purity of a registered topic model against human topic labels (JSONL, TweetTopic",
        "layout: one object per line with text and label_name or label; or CSV with --label-column),",
        "with each topic's size and its majority label."
      })
  public static final class Evaluate implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--lang", defaultValue = "en")
    String lang;

    @Option(
        names = "--scope",
        defaultValue = "posts",
        description = "posts (default) or complaints.")
    String scope;

    @Option(
        names = "--model",
        defaultValue = "champion",
        description = "champion (default) or a version number.")
    String model;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "FILE",
        description = "JSONL in TweetTopic's layout, or CSV with --label-column.")
    Path input;

    @Option(
        names = "--label-column",
        paramLabel = "COLUMN",
        description = "Read --input as CSV labelled by COLUMN (rows where it is empty left out).")
    String labelColumn;

    @Override
    public Integer call() throws IOException {
      ModelRegistry registry =
          new ModelRegistry(
              SparkSessions.getOrCreate("brandpulse-evaluate-topics"), common.config().warehouse());
      ModelRegistry.Version v = registry.resolve(TopicTrainJob.modelName(scope, lang), model);
      TopicModel m = registry.loadTopics(v);
      TopicTrainJob.Labelled data = TopicTrainJob.readLabelled(input, labelColumn);
      ClusteringMetrics metrics = TopicTrainJob.evaluate(m, data);
      System.out.printf("%s v%d on %s: %s%n", v.name(), v.version(), input, metrics);
      Map<Integer, Map<String, Integer>> table = new TreeMap<>();
      for (int i = 0; i < data.texts().size(); i++) {
        table
            .computeIfAbsent(m.topic(data.texts().get(i)), x -> new HashMap<>())
            .merge(data.labels().get(i), 1, Integer::sum);
      }
      table.forEach(
          (t, labels) -> {
            int size = labels.values().stream().mapToInt(Integer::intValue).sum();
            var top = labels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            System.out.printf(
                "  topic %2d  %5d posts  %3.0f%% %-28s %s%n",
                t,
                size,
                100.0 * top.getValue() / size,
                top.getKey(),
                t < 0 ? "(no known word)" : m.name(t));
          });
      return 0;
    }
  }

  /**
   * The configured taxonomy's brand and competitor names and their pieces: never topic words
   * (TopicTokens.brandTerms).
   */
  static Set<String> brandTerms(AppConfig config) {
    return TopicTokens.brandTerms(Taxonomy.load(EnrichSettings.from(config).taxonomy()));
  }

  /** ml.topics.<lang> over ml.topics.default. */
  static Config settings(AppConfig config, String lang) {
    Config all = config.get().getConfig("ml.topics");
    Config base = all.getConfig("default");
    return all.hasPath(lang) ? all.getConfig(lang).withFallback(base) : base;
  }
}
