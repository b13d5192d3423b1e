package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.ml.TopicTrainJob;
import com.brandpulse.ml.TopicTraining;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's models ({@link DemoCommand}), trained as the training commands train them, with fewer
 * search draws: the demo's labelled set is small and templated.
 */
final class DemoModels {
  /**
   * Fewer negative posts than this in a language make no complaint themes worth reading (a tiny
   * demo).
   */
  static final int MIN_COMPLAINTS = 50;

  private DemoModels() {}

  /**
   * Sentiment (en, ko) and topic models (en, ko) as train-sentiment and train-topics train them.
   */
  static void train(SparkSession spark, AppConfig config) throws IOException {
    // One search draw instead of production's 8/4: the demo's labelled set is small and templated.
    // The generated English set has no later year to hold out: it is measured on its own
    // validation part (written as tweeteval:validation), as before the time-held-out protocol.
    AppConfig quick =
        config
            .with("ml.sentiment.en.search.trials", 1)
            .with("ml.sentiment.ko.search.trials", 1)
            .with("ml.sentiment.en.evaluation-source", "tweeteval:validation")
            .with("ml.sentiment.en.evaluation-splits", List.of("validation"))
            .with("ml.sentiment.en.also-evaluate", List.of());
    for (String lang : List.of("en", "ko")) {
      SentimentCommands.Train.train(spark, quick, lang, true);
    }
    for (String lang : List.of("en", "ko")) {
      TopicCommands.Train.train(
          spark,
          config,
          lang,
          "posts",
          null,
          null,
          null,
          TopicTraining.Params.fromConfig(TopicCommands.settings(config, lang)),
          true);
    }
  }

  /**
   * complaints-&lt;lang&gt; as {@code train-topics --lang <lang> --scope complaints} trains it, for
   * each language with enough negative posts; with 8 themes, as notebook 03 trains them: the demo's
   * complaints are of few kinds.
   */
  static void trainComplaints(SparkSession spark, AppConfig config) throws IOException {
    for (String lang : List.of("en", "ko")) {
      long negative =
          TopicTrainJob.warehouseTexts(spark, config.warehouse(), lang, "complaints").count();
      if (negative < MIN_COMPLAINTS) {
        System.out.printf(
            "demo: %d negative %s posts, too few for complaint themes (%d); no complaints-%s%n",
            negative, lang, MIN_COMPLAINTS, lang);
        continue;
      }
      TopicCommands.Train.train(
          spark,
          config,
          lang,
          "complaints",
          null,
          null,
          null,
          TopicTraining.Params.fromConfig(TopicCommands.settings(config, lang)).withK(8),
          true);
    }
  }
}
