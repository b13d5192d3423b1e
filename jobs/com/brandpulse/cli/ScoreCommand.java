package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Progress;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.common.TimeLayout;
import com.brandpulse.ml.ScoreJob;
import com.brandpulse.ml.TopicScoreJob;
import com.brandpulse.ml.TopicTrainJob;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.sql.Date;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse score}: the champion sentiment of new and changed posts
 * (silver.post_sentiment).
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the champion sentiment model of each post's language to posts not scored yet",
      "(new, edited, or in a language that has a model now); --backfill also re-scores posts scored by",
      "another version. Languages map to models in ml.scoring.models. Then the champion topic models",
      "(topics-<lang>, complaints-<lang> on negative posts) into silver.post_topics, by day."
    })
public final class ScoreCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @Option(
      names = "--backfill",
      description = "Re-score history scored by a version other than the champion.")
  boolean backfill;

  @Override
  public Integer call() throws IOException {
    score(SparkSessions.getOrCreate("brandpulse-score"), common.config(), backfill);
    return 0;
  }

  /** Bumped when scoring or topic assignment changes what they write. */
  static final String LOGIC_VERSION = "score-1";

  static void score(SparkSession spark, AppConfig config, boolean backfill) throws IOException {
    // The models come from the registry's champions: a new champion is a new registry commit.
    JobGate gate =
        JobGate.of(
            spark,
            config.warehouse(),
            "score",
            LOGIC_VERSION
                + "|"
                + config.get().getConfig("ml.scoring").root().render(ConfigRenderOptions.concise()),
            List.of(
                Tables.SILVER_POSTS,
                Tables.SILVER_POST_ENRICHMENT,
                Tables.ML_MODEL_REGISTRY,
                Tables.SILVER_POST_SENTIMENT,
                Tables.SILVER_POST_TOPICS));
    if (!backfill && gate.unchanged()) {
      System.out.println(
          "score: nothing changed since the last run (posts, enrichment, champions), nothing to do");
      Progress.current().summary("nothing to do");
      return;
    }
    // The days whose posts, enrichment or scores changed since the last run: only they can hold
    // stale scores, unless the champions or settings changed (any registry commit: compare all).
    ChangeFeed feed =
        ChangeFeed.open(
            spark,
            config.warehouse(),
            "score",
            LOGIC_VERSION
                + "|"
                + config.get().getConfig("ml.scoring").root().render(ConfigRenderOptions.concise())
                + "|"
                + DeltaVersions.stamp(spark, Tables.ML_MODEL_REGISTRY.path(config.warehouse())),
            ScoreJob.FEED_TABLES);
    List<Date> days = backfill ? null : feed.changedDays(ScoreJob.FEED_TABLES).orElse(null);
    System.out.println(
        days == null
            ? "score: comparing every day ("
                + (backfill ? "--backfill" : feed.unknownReason())
                + ")"
            : "score: comparing the " + days.size() + " day(s) whose inputs changed");
    Progress.current().phase(backfill ? "sentiment backfill" : "sentiment");
    ScoreJob.Result r =
        ScoreJob.run(
            spark, config.warehouse(), languageModels(config), backfill, days, Instant.now());
    System.out.printf(
        "score: %d posts scored, %d without a model for their language, %d rows removed (deleted"
            + " posts, months a post moved out of); models %s%n",
        r.scored(), r.unscored(), r.deleted(), new TreeMap<>(r.models()));
    if (!r.months().isEmpty()) {
      // A large MERGE (a first or backfill scoring) leaves every file of a month holding all its
      // days, and a night's MERGE would rewrite the month: laid out by time, it rewrites a few
      // files.
      Config layout = config.get().getConfig("ml.layout");
      TimeLayout.afterLargeMerge(
          spark,
          Tables.SILVER_POST_SENTIMENT,
          config.warehouse(),
          layout.getLong("min-inserted-rows"),
          layout.getBytes("file-bytes"),
          TableContract.dateIn("created_month", r.months()));
    }
    // Topics after sentiment: complaint models read the sentiment just written.
    Config topics = config.get().getConfig("ml.scoring.topics");
    Progress.current().phase("topics");
    TopicScoreJob.Result t =
        TopicScoreJob.run(
            spark,
            config.warehouse(),
            topics.getStringList("languages"),
            topics.getInt("top-n"),
            topics.getDouble("min-weight"),
            days,
            Instant.now());
    System.out.printf(
        "score: topics of %d day(s) in %d month(s) rewritten (%d rows); models %s%n",
        t.days().size(), t.months().size(), t.rows(), new TreeMap<>(t.models()));
    // A first nightly run comes before the first weekly training: say why themes are missing.
    for (String lang : topics.getStringList("languages")) {
      String complaints = TopicTrainJob.modelName("complaints", lang);
      if (!t.models().containsKey(complaints)) {
        System.out.printf(
            "score: no %s champion yet, so no %s complaint themes (gold.complaint_themes_weekly);"
                + " `train-topics --scope complaints --lang %s` trains it (weekly: the"
                + " brandpulse_training DAG's complaints_%s task)%n",
            complaints, lang, lang, lang);
      }
    }
    Progress.current()
        .summary(
            Progress.number(r.scored())
                + " posts scored, topics of "
                + t.days().size()
                + " day(s)");
    gate.record();
    feed.record();
  }

  static Map<String, String> languageModels(AppConfig config) {
    Config models = config.get().getConfig("ml.scoring.models");
    Map<String, String> out = new TreeMap<>();
    models.root().keySet().forEach(lang -> out.put(lang, models.getString(lang)));
    return out;
  }
}
