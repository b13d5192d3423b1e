package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.TimeLayoutAssert;
import com.brandpulse.common.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * silver.posts is laid out by time after a large load (PostsLayout), so that day-filtered reads can
 * skip files; a small run leaves the MERGE's files as they are.
 */
class PostsLayoutTest {
  @Test
  void aLargeLoadIsRewrittenInTimeOrderWithTheSameRows() throws Exception {
    // Tweets.csv: 14,485 posts over 9 days (2015-02-16 to 02-24), in no time order in the file.
    IngestFixture f =
        new IngestFixture(
            "layout", "ingest.layout.min-inserted-posts=10000", "ingest.layout.file-bytes=128KiB");
    f.ingest(TestSpark.sharedData().resolve("twitter-us-airline-sentiment/Tweets.csv"));
    String path = Tables.SILVER_POSTS.path(f.warehouse.toString());
    List<Row> history =
        Tables.SILVER_POSTS
            .delta(f.spark, f.warehouse.toString())
            .history(2)
            .orderBy(col("version").desc())
            .select("version", "operation")
            .collectAsList();
    assertEquals("OPTIMIZE", history.get(0).getString(1), "the load is followed by the layout");
    assertEquals("MERGE", history.get(1).getString(1));

    // The same rows as the MERGE wrote, and no change-feed row for the rewrite.
    long merged = history.get(1).getLong(0);
    Dataset<Row> before =
        comparable(f.spark.read().format("delta").option("versionAsOf", merged).load(path));
    Dataset<Row> after = comparable(f.posts());
    assertEquals(14_485, after.count());
    assertEquals(0, before.exceptAll(after).count() + after.exceptAll(before).count());
    TimeLayoutAssert.assertNoChangeFeedAfter(f.spark, path, merged);

    // Files cover consecutive spans of time (Z-order's range boundaries are sampled, so neighbours
    // may share a few minutes): together they span little more than the data does, where the
    // MERGE's files each spanned all nine days.
    List<Row> spans = TimeLayoutAssert.assertFilesSpanTime(f.posts(), 4);
    for (Row day :
        f.posts()
            .groupBy(to_date(col("created_at")).as("day"))
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .countDistinct(col("_metadata.file_path"))
                    .as("files"))
            .collectAsList()) {
      assertTrue(day.getLong(1) <= spans.size() / 2 + 1, "day in few files: " + day);
    }
  }

  /** Set operations cannot compare maps: the attributes as JSON. */
  private static Dataset<Row> comparable(Dataset<Row> posts) {
    return posts.withColumn(
        "source_attributes", org.apache.spark.sql.functions.to_json(col("source_attributes")));
  }

  @Test
  void aSmallRunKeepsTheMergesFiles() throws Exception {
    IngestFixture f = new IngestFixture("layout-small");
    Path archive = TestSpark.raw("twitter-v2-twarc2");
    f.ingest(archive);
    assertEquals(
        "MERGE",
        Tables.SILVER_POSTS
            .delta(f.spark, f.warehouse.toString())
            .history(1)
            .select("operation")
            .first()
            .getString(0));
  }
}
