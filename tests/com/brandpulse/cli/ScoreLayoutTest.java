package com.brandpulse.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.to_date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.AirlineWarehouse;
import com.brandpulse.RegistryFixture;
import com.brandpulse.TestSpark;
import com.brandpulse.TimeLayoutAssert;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import com.brandpulse.ml.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * silver.post_sentiment is laid out by time after a large scoring (common/TimeLayout), so that a
 * night's MERGE rewrites the files of its days, not every file of their month.
 */
class ScoreLayoutTest {
  @Test
  void aLargeScoringIsLaidOutAndANightRewritesItsDayOnly() throws Exception {
    SparkSession spark = TestSpark.get();
    // The airline tweets: 14,485 posts over 9 days of one month (2015-02-16 to 02-24).
    Path warehouse = AirlineWarehouse.copy("score-layout");
    String wh = warehouse.toString();
    AppConfig config =
        AirlineWarehouse.config(
            warehouse,
            "ml.layout.min-inserted-rows=10000",
            "ml.layout.file-bytes=48KiB",
            "ml.sentiment.en.features.bits=12");
    RegistryFixture.neutralSentiment(new ModelRegistry(spark, wh), config);
    ScoreCommand.score(spark, config, false);

    List<Row> history =
        Tables.SILVER_POST_SENTIMENT
            .delta(spark, wh)
            .history(2)
            .orderBy(col("version").desc())
            .select("version", "operation")
            .collectAsList();
    assertEquals("OPTIMIZE", history.get(0).getString(1), "the scoring is followed by the layout");
    assertEquals("MERGE", history.get(1).getString(1));
    String path = Tables.SILVER_POST_SENTIMENT.path(wh);
    long merged = history.get(1).getLong(0);
    Dataset<Row> before = spark.read().format("delta").option("versionAsOf", merged).load(path);
    Dataset<Row> after = Tables.SILVER_POST_SENTIMENT.read(spark, wh);
    assertEquals(14_485, after.count());
    assertEquals(0, before.exceptAll(after).count() + after.exceptAll(before).count());
    TimeLayoutAssert.assertNoChangeFeedAfter(spark, path, merged);

    // Files cover consecutive spans of time: together little more than the data's nine days.
    List<Row> spans = TimeLayoutAssert.assertFilesSpanTime(after, 4);

    // A night: the posts of one day edited (new content hash) are scored again. The MERGE rewrites
    // the files that hold that day, a fraction of the month's.
    String day = "2015-02-20";
    long dayFiles =
        after
            .where(to_date(col("created_at")).equalTo(day))
            .agg(countDistinct(col("_metadata.file_path")))
            .first()
            .getLong(0);
    Tables.SILVER_POSTS
        .delta(spark, wh)
        .updateExpr(
            "to_date(created_at) = DATE'" + day + "'",
            Map.of("content_hash", "sha2(concat(content_hash, 'edited'), 256)"));
    long edited =
        Tables.SILVER_POSTS.read(spark, wh).where(to_date(col("created_at")).equalTo(day)).count();
    ScoreCommand.score(spark, config, false);
    Row night =
        Tables.SILVER_POST_SENTIMENT
            .delta(spark, wh)
            .history(1)
            .select("operation", "operationMetrics")
            .first();
    assertEquals("MERGE", night.getString(0), "a night's few rows stay below the threshold");
    Map<String, String> metrics = night.getJavaMap(1);
    assertEquals(edited, Long.parseLong(metrics.get("numTargetRowsUpdated")));
    long removed = Long.parseLong(metrics.get("numTargetFilesRemoved"));
    long copied = Long.parseLong(metrics.get("numTargetRowsCopied"));
    System.out.printf(
        "score layout: %d files, the day's %d posts in %d; the night removed %d file(s), copied %d"
            + " row(s)%n",
        spans.size(), edited, dayFiles, removed, copied);
    assertTrue(removed <= dayFiles, "only the day's files: " + metrics);
    assertTrue(copied < (14_485 - edited) / 2, "not the month's rows: " + metrics);
  }
}
