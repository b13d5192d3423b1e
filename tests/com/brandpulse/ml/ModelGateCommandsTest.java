package com.brandpulse.ml;

import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.common.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weekly retraining's gates as the training DAG runs them (train-sentiment --no-promote → evaluate-candidate →
 * promote-if-better), on a small labelled set built here whose three classes are told apart by their words.
 */
class ModelGateCommandsTest {
  private static final String[] SMALL = {"--set", "ml.sentiment.en.search.trials=1", "--set",
      "ml.sentiment.en.features.char-max=0", "--set", "ml.sentiment.en.features.bits=12"};

  static List<Row> labelled() {
    Random r = new Random(3);
    String[][] words = {
        {"awful", "terrible", "hate", "worst", "broken", "rude"},
        {"departs", "gate", "schedule", "update", "terminal", "boarding"},
        {"love", "great", "thanks", "excellent", "amazing", "friendly"}};
    String[] labels = {"negative", "neutral", "positive"};
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.parse("2026-09-01T00:00:00Z"));
    for (int i = 0; i < 240; i++) {
      int c = i % 3;
      boolean eval = i >= 180;
      String text = "the " + words[c][r.nextInt(6)] + " flight " + r.nextInt(900) + " was " + words[c][r.nextInt(6)]
          + " today " + words[c][r.nextInt(6)];
      String source = eval ? "tweeteval:validation" : "semeval:fixture";
      rows.add(RowFactory.create(source, "id" + i, text, labels[c], "en", eval ? "validation" : "train", "g" + i,
          "h" + i, now));
    }
    return rows;
  }

  private static int cli(Path warehouse, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--warehouse", warehouse.toString()));
    all.addAll(List.of(SMALL));
    return BrandPulse.commandLine().execute(all.toArray(new String[0]));
  }

  @Test
  void aCandidateBelowTheFloorIsRejectedAndOnlyABetterOneBecomesChampion() throws Exception {
    SparkSession spark = TestSpark.get();
    Path wh = TestSpark.newWarehouse("model-gates");
    Tables.ML_LABELLED_POSTS.ensure(spark, wh.toString());
    Tables.ML_LABELLED_POSTS.fixture(spark, labelled()).write().format("delta").mode("append")
        .save(Tables.ML_LABELLED_POSTS.path(wh.toString()));
    ModelRegistry registry = new ModelRegistry(spark, wh.toString());

    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"), "no candidate yet: nothing to do");
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote"));
    assertEquals(0, cli(wh, "evaluate-candidate", "--lang", "en", "--min", "1.01"));
    assertEquals("rejected", registry.version("sentiment-en", 1).orElseThrow().status());
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertTrue(registry.champion("sentiment-en").isEmpty(), "a rejected candidate is never promoted");

    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote"));
    assertEquals(0, cli(wh, "evaluate-candidate", "--lang", "en", "--min", "0.5"));
    assertEquals("candidate", registry.version("sentiment-en", 2).orElseThrow().status());
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertEquals(2, registry.champion("sentiment-en").orElseThrow().version(), "first champion");

    // 4 hashed buckets cannot tell the classes apart: the champion stays.
    assertEquals(0, cli(wh, "train-sentiment", "--lang", "en", "--no-promote", "--set", "ml.sentiment.en.features.bits=2",
        "--set", "ml.sentiment.en.features.word-ngrams=1"));
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"));
    assertEquals(2, registry.champion("sentiment-en").orElseThrow().version());
    ModelRegistry.Version weak = registry.version("sentiment-en", 3).orElseThrow();
    assertEquals("candidate", weak.status());
    assertTrue(weak.statusReason().startsWith("does not beat the champion"), weak.statusReason());
    assertEquals(0, cli(wh, "promote-if-better", "--lang", "en"), "a rerun reaches the same decision");
    assertEquals(2, registry.champion("sentiment-en").orElseThrow().version());
  }
}
