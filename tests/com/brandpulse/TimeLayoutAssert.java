package com.brandpulse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Checks of a Delta table laid out by time (common/TimeLayout). */
public final class TimeLayoutAssert {
  private TimeLayoutAssert() {}

  /**
   * The files of {@code rows} (a Delta table read whole) cover consecutive spans of {@code
   * created_at}: at least {@code minFiles} files, whose spans together are little more than the
   * data's (Z-order's range boundaries are sampled, so neighbours may share a few minutes). Returns
   * each file's {@code path, first, last}, in time order.
   */
  public static List<Row> assertFilesSpanTime(Dataset<Row> rows, int minFiles) {
    List<Row> spans =
        rows.groupBy(col("_metadata.file_path"))
            .agg(min("created_at").as("first"), max("created_at").as("last"))
            .orderBy("first")
            .collectAsList();
    assertTrue(spans.size() >= minFiles, "several files: " + spans.size());
    long covered = 0;
    for (Row span : spans) {
      covered += span.getTimestamp(2).getTime() - span.getTimestamp(1).getTime();
    }
    long whole =
        spans.stream().mapToLong(r -> r.getTimestamp(2).getTime()).max().getAsLong()
            - spans.get(0).getTimestamp(1).getTime();
    assertTrue(covered < whole * 1.2, "files overlap: " + spans);
    return spans;
  }

  /** The commits after {@code version} of the table at {@code path} wrote no change-feed row. */
  public static void assertNoChangeFeedAfter(SparkSession spark, String path, long version) {
    assertEquals(
        0,
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", version + 1)
            .load(path)
            .count(),
        "the rewrite changes no row");
  }
}
