package com.brandpulse.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.common.Tables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The weekly retraining's gates as the training DAG runs them (train-sentiment --no-promote →
 * evaluate-candidate → promote-if-better), on a small labelled set built here whose three classes
 * are told apart by their words. A second training source carries the same kind of posts with every
 * label rotated (negative → neutral → positive → negative): a model trained on it is wrong on every
 * evaluation post, so which model is better is known.
 */
class ModelGateCommandsTest {
  /** Small and quick; a call's own --set options come after these and win. */
  private static final List<String> SMALL =
      List.of(
          "--set",
          "ml.sentiment.en.search.trials=1",
          "--set",
          "ml.sentiment.en.features.char-max=0",
          "--set",
          "ml.sentiment.en.features.bits=12",
          "--set",
          "ml.sentiment.en.search.max-iter-min=15",
          "--set",
          "ml.sentiment.en.search.max-iter-max=15",
          "--set",
          "ml.sentiment.en.train-sources=[\"semeval:fixture\"]",
          "--set",
          "ml.sentiment.en.features.members=[]",
          "--set",
          "ml.sentiment.en.evaluation-source=\"tweeteval:validation\"",
          "--set",
          "ml.sentiment.en.evaluation-splits=[validation]",
          "--set",
          "ml.sentiment.en.also-evaluate=[]");

  private static final String ROTATED = "ml.sentiment.en.train-sources=[\"semeval:rotated\"]";
  private static final String[] LABELS = {"negative", "neutral", "positive"};
  private static final Timestamp NOW = Timestamp.from(Instant.parse("2026-09-01T00:00:00Z"));

  /**
   * {@code n} posts from {@code from} on; class i % 3, labelled {@code shift} classes further on.
   */
  static List<Row> labelled(String source, String split, int from, int n, int shift, long seed) {
    Random r = new Random(seed);
    String[][] words = {
      {"awful", "terrible", "hate", "worst", "broken", "rude"},
      {"departs", "gate", "schedule", "update", "terminal", "boarding"},
      {"love", "great", "thanks", "excellent", "amazing", "friendly"}
    };
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      int c = i % 3;
      String text =
          "the "
              + words[c][r.nextInt(6)]
              + " flight "
              + r.nextInt(900)
              + " was "
              + words[c][r.nextInt(6)]
              + " today "
              + words[c][r.nextInt(6)];
      rows.add(
          RowFactory.create(
              source,
              "id" + i,
              text,
              LABELS[(c + shift) % 3],
              "en",
              split,
              source + i,
              source + ":" + i,
              NOW));
    }
    return rows;
  }

  private static void append(SparkSession spark, Path wh, List<Row> rows) {
    Tables.ML_LABELLED_POSTS
        .fixture(spark, rows)
        .write()
        .format("delta")
        .mode("append")
        .save(Tables.ML_LABELLED_POSTS.path(wh.toString()));
  }

  private static int cli(Path warehouse, String... args) {
    List<String> all = new ArrayList<>(List.of(args[0], "--warehouse", warehouse.toString()));
    all.addAll(SMALL);
    all.addAll(List.of(args).subList(1, args.length));
    return BrandPulse.commandLine().execute(all.toArray(new String[0]));
  }

  /** The macro recall of a registered version on the evaluation posts as they are now. */
  private static double macroRecallNow(
      SparkSession spark, Path wh, ModelRegistry registry, int version) throws Exception {
    List<Row> eval =
        Tables.ML_LABELLED_POSTS
            .read(spark, wh.toString())
            .where(col("source").equalTo("tweeteval:validation"))
            .select("text", "label")
            .collectAsList();
    return SentimentTraining.evaluate(
            registry.loadSentiment(registry.version("sentiment-en", version).orElseThrow()),
            eval.stream().map(r -> r.getString(0)).toList(),
            eval.stream().map(r -> r.getString(1)).toList())
        .macroRecall();
  }

  @Test
  void aCandidateBelowTheFloorIsRejectedAndOnlyOneThatBeatsTheReMeasuredChampionIsPromoted()
      throws Exception {
    SparkSession spark = TestSpark.get();
    Path wh = TestSpark.newWarehouse("model-gates");
    Tables.ML_LABELLED_POSTS.ensure(spark, wh.toString());
    append(spark, wh, labelled("semeval:fixture", "train", 0, 180, 0, 3));
    append(spark, wh, labelled("semeval:rotated", "train", 0, 180, 1, 4));
    append(spark, wh, labelled("tweeteval:validation", "validation", 0, 60, 0, 5));
    ModelRegistry registry = new ModelRegistry(spark, wh.toString());

    assertEquals(
        0, cli(wh, "promote-if-better", "--lang", "en"), "no candidate yet: nothing to do");
    assertTrue(registry.versions("sentiment-en").isEmpty());

    // v1 (good) is held to a floor no model reaches: rejected, and never promoted afterwards.
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote"));
    assertEquals(0, cli(wh, "evaluate-candidate", "--lang", "en", "--min", "1.01"));
    ModelRegistry.Version v1 = registry.version("sentiment-en", 1).orElseThrow();
    assertEquals("rejected", v1.status());
    assertTrue(
        v1.statusReason()
            .startsWith("below the floor: macro_recall 1.0000 on tweeteval:validation"),
        v1.statusReason());
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertTrue(
        registry.champion("sentiment-en").isEmpty(), "a rejected candidate is never promoted");

    // v2 (rotated labels, macro recall 0) passes a floor of 0 and, with no champion, becomes the
    // first one.
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote", "--set", ROTATED));
    assertEquals(
        0.0, registry.version("sentiment-en", 2).orElseThrow().metrics().get("macro_recall"), 1e-9);
    assertEquals(0, cli(wh, "evaluate-candidate", "--lang", "en", "--min", "0"));
    assertEquals("candidate", registry.version("sentiment-en", 2).orElseThrow().status());
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertEquals(2, registry.champion("sentiment-en").orElseThrow().version(), "first champion");

    // The evaluation data grows: the champion's registered metrics were measured on 60 posts, the
    // gate
    // re-measures it on all 90.
    append(spark, wh, labelled("tweeteval:validation", "validation", 60, 30, 0, 6));
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote"));
    assertEquals(
        "candidate", registry.version("sentiment-en", 3).orElseThrow().status(), "--no-promote");
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    ModelRegistry.Version v3 = registry.champion("sentiment-en").orElseThrow();
    assertEquals(3, v3.version(), "v3 beats the champion");
    assertEquals("retired", registry.version("sentiment-en", 2).orElseThrow().status());
    assertEquals(
        String.format(
            "macro_recall %.4f vs champion v2 %.4f on tweeteval:validation [validation], 90 posts",
            macroRecallNow(spark, wh, registry, 3), macroRecallNow(spark, wh, registry, 2)),
        v3.statusReason());

    // v4 (rotated again) does not beat v3 on the same posts: it stays candidate, with the reason.
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote", "--set", ROTATED));
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertEquals(3, registry.champion("sentiment-en").orElseThrow().version());
    ModelRegistry.Version weak = registry.version("sentiment-en", 4).orElseThrow();
    assertEquals("candidate", weak.status());
    assertEquals(
        "does not beat the champion: macro_recall 0.0000 vs champion v3 1.0000 on tweeteval:validation"
            + " [validation], 90 posts",
        weak.statusReason());
    assertEquals(
        0, cli(wh, "promote-if-better", "--lang", "en"), "a rerun reaches the same decision");
    assertEquals(3, registry.champion("sentiment-en").orElseThrow().version());
    assertEquals(
        weak.statusReason(), registry.version("sentiment-en", 4).orElseThrow().statusReason());
  }
}
