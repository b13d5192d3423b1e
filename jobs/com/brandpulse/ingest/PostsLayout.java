package com.brandpulse.ingest;

import com.brandpulse.common.Tables;
import com.brandpulse.common.TimeLayout;
import org.apache.spark.sql.SparkSession;

/**
 * Lays silver.posts out by time after a large load ({@link TimeLayout}): the ingest MERGE spreads
 * new posts over its files by post id, so a history loaded at once left every file holding every
 * day, and the day- and week-filtered reads of enrich, score and aggregate could not skip a file (a
 * night on a 3M-post year read all 3M posts to find one day's). After a run that inserted at least
 * {@code ingest.layout.min-inserted-posts}, the table is rewritten into files of about {@code
 * ingest.layout.file-bytes}; a night's few thousand posts stay below the threshold and land in
 * files of their own days anyway.
 */
final class PostsLayout {
  private PostsLayout() {}

  /** Rewrites silver.posts by time when the last commit (the run's MERGE) inserted enough posts. */
  static long afterMerge(SparkSession spark, String warehouse, IngestSettings settings) {
    return TimeLayout.afterLargeMerge(
        spark,
        Tables.SILVER_POSTS,
        warehouse,
        settings.layoutMinInsertedPosts(),
        settings.layoutFileBytes(),
        null);
  }
}
