package com.brandpulse.ingest;

import com.brandpulse.common.Tables;
import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays silver.posts out by time after a large load. The MERGE that writes it spreads new posts over
 * its files by post id, so a history loaded at once leaves every file holding every day, and the
 * day- and week-filtered reads of enrich, score and aggregate ({@code created_at} ranges) cannot
 * skip a file: a night on a 3M-post year read all 3M posts to find one day's. After a run that
 * inserted at least {@code ingest.layout.min-inserted-posts}, the table is rewritten ordered by
 * {@code created_at} (Delta OPTIMIZE ZORDER BY on one column) into files of about {@code
 * ingest.layout.file-bytes}, each covering a short span of time whose bounds Delta's file
 * statistics record. The rewrite changes no row (no change-feed rows, {@code dataChange=false}); a
 * night's few thousand posts stay below the threshold and land in files of their own days anyway.
 */
final class PostsLayout {
  private static final Logger LOG = LoggerFactory.getLogger(PostsLayout.class);
  private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

  private PostsLayout() {}

  /** Rewrites silver.posts by time when the last commit (the run's MERGE) inserted enough posts. */
  static long afterMerge(SparkSession spark, String warehouse, IngestSettings settings) {
    DeltaTable posts = Tables.SILVER_POSTS.delta(spark, warehouse);
    Row last = posts.history(1).select("operation", "operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(1);
    long inserted =
        "MERGE".equals(last.getString(0)) && metrics != null
            ? Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"))
            : 0;
    if (inserted < settings.layoutMinInsertedPosts()) {
      return 0;
    }
    long started = System.nanoTime();
    String previous = spark.conf().getOption(MAX_FILE_SIZE).getOrElse(() -> null);
    spark.conf().set(MAX_FILE_SIZE, Long.toString(settings.layoutFileBytes()));
    try {
      posts.optimize().executeZOrderBy("created_at");
    } finally {
      if (previous == null) {
        spark.conf().unset(MAX_FILE_SIZE);
      } else {
        spark.conf().set(MAX_FILE_SIZE, previous);
      }
    }
    LOG.info(
        "silver.posts laid out by created_at after {} inserted posts in {} s",
        inserted,
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return inserted;
  }
}
