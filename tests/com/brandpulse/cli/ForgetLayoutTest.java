package com.brandpulse.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.AirlineWarehouse;
import com.brandpulse.RegistryFixture;
import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.privacy.ForgetJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The attack on the time layouts (common/TimeLayout, of silver.posts and silver.post_sentiment): a
 * rewrite leaves the MERGE's files, which hold the same rows, on disk until a VACUUM. An erasure
 * must reach them too.
 */
class ForgetLayoutTest {
  @Test
  void erasureReachesTheFilesTheLayoutReplaced() throws Exception {
    SparkSession spark = TestSpark.get();
    Path warehouse = TestSpark.newWarehouse("forget-layout");
    AppConfig config =
        TestSpark.config(
            warehouse,
            "ingest.layout.min-inserted-posts=10000",
            "privacy.deleted-file-retention=0h");
    IngestJob.run(
        spark,
        warehouse.toString(),
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(
            List.of(
                TestSpark.sharedData()
                    .resolve("twitter-us-airline-sentiment/Tweets.csv")
                    .toString()),
            "auto",
            false),
        Instant.now());
    assertEquals(
        "OPTIMIZE",
        Tables.SILVER_POSTS
            .delta(spark, warehouse.toString())
            .history(1)
            .select("operation")
            .first()
            .getString(0));
    // Tweets.csv row 1: 570306133677760513 by cairdin, "@VirginAmerica What @dhepburn said." (its
    // handles pseudonymised in silver).
    String text =
        Tables.SILVER_POSTS
            .read(spark, warehouse.toString())
            .where(col("post_id").equalTo("twitter:570306133677760513"))
            .select("text")
            .first()
            .getString(0);
    assertTrue(
        TestSpark.filesHolding(warehouse.resolve("silver/posts"), text).size() >= 2,
        "before: the MERGE's file and the rewrite's both hold the post");

    forgetCairdin(spark, config);
    assertEquals(List.of(), TestSpark.filesHolding(warehouse, text));
  }

  /**
   * The same attack on score's sentiment layout: after a large scoring, the files its OPTIMIZE
   * replaced still hold the post's sentiment row (its id and label) until a VACUUM.
   */
  @Test
  void erasureReachesTheSentimentFilesTheLayoutReplaced() throws Exception {
    SparkSession spark = TestSpark.get();
    Path warehouse = AirlineWarehouse.copy("forget-sentiment-layout");
    AppConfig config =
        AirlineWarehouse.config(
            warehouse,
            "ml.layout.min-inserted-rows=10000",
            "ml.layout.file-bytes=48KiB",
            "ml.sentiment.en.features.bits=12",
            "privacy.deleted-file-retention=0h");
    RegistryFixture.neutralSentiment(new ModelRegistry(spark, warehouse.toString()), config);
    ScoreCommand.score(spark, config, false);
    assertEquals(
        "OPTIMIZE",
        Tables.SILVER_POST_SENTIMENT
            .delta(spark, warehouse.toString())
            .history(1)
            .select("operation")
            .first()
            .getString(0));
    // Tweets.csv row 1, 570306133677760513, is cairdin's.
    String post = "twitter:570306133677760513";
    Path sentiment = warehouse.resolve("silver/post_sentiment");
    assertTrue(
        TestSpark.filesHolding(sentiment, post).size() >= 2,
        "before: the MERGE's file and the rewrite's both hold the post's row");

    forgetCairdin(spark, config);
    assertEquals(List.of(), TestSpark.filesHolding(sentiment, post));
  }

  /** `forget` of Tweets.csv's first author, without publishing. */
  private static void forgetCairdin(SparkSession spark, AppConfig config) throws Exception {
    ForgetCommand.forget(
        spark,
        config,
        new ForgetJob.Subject(List.of(new ForgetJob.Account("twitter", "cairdin", null))),
        false);
  }
}
