package com.brandpulse.common;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files laid out by time, so that the day- and week-filtered reads and rewrites of a night touch
 * the files of its days only: Delta's file statistics on {@code created_at} let a filter skip a
 * file, and a {@code replaceWhere} or MERGE rewrites only the files holding a matched row. A MERGE
 * spreads its rows over its files by key (a history loaded or scored at once leaves every file of a
 * month holding every day of it), so after a large one the table is rewritten ordered by {@code
 * created_at} (OPTIMIZE ZORDER BY on one column) into files of a given size; replacements of whole
 * days are written one range partition per day instead ({@link #byDay}). The rewrite changes no
 * row: no change-feed rows ({@code dataChange=false}).
 */
public final class TimeLayout {
  private static final Logger LOG = LoggerFactory.getLogger(TimeLayout.class);
  private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

  private TimeLayout() {}

  /**
   * Rewrites {@code table} by time when its last commit is a MERGE that inserted at least {@code
   * minInserted} rows; {@code partitions}: a predicate on partition columns limiting the rewrite
   * (null: the whole table). Returns the rows that MERGE inserted when it rewrote, else 0.
   */
  public static long afterLargeMerge(
      SparkSession spark,
      TableContract table,
      String warehouse,
      long minInserted,
      long fileBytes,
      String partitions) {
    DeltaTable delta = table.delta(spark, warehouse);
    Row last = delta.history(1).select("operation", "operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(1);
    long inserted =
        "MERGE".equals(last.getString(0)) && metrics != null
            ? Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"))
            : 0;
    if (inserted < minInserted) {
      return 0;
    }
    long started = System.nanoTime();
    String previous = spark.conf().getOption(MAX_FILE_SIZE).getOrElse(() -> null);
    spark.conf().set(MAX_FILE_SIZE, Long.toString(fileBytes));
    try {
      DeltaOptimizeBuilder optimize =
          partitions == null ? delta.optimize() : delta.optimize().where(partitions);
      optimize.executeZOrderBy("created_at");
    } finally {
      if (previous == null) {
        spark.conf().unset(MAX_FILE_SIZE);
      } else {
        spark.conf().set(MAX_FILE_SIZE, previous);
      }
    }
    LOG.info(
        "{} laid out by created_at after {} inserted rows in {} s",
        table.qualifiedName(),
        inserted,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return inserted;
  }

  /**
   * The rows in about one write partition per day, in time order: each file then holds a day (or
   * the end of one and the start of the next), so that a later run's {@code replaceWhere} of a day
   * rewrites that day's files, not every file of its month, and day-filtered reads skip the rest.
   * The range boundaries are sampled from the rows first: cache rows that are costly to compute, or
   * they are computed twice.
   */
  public static Dataset<Row> byDay(Dataset<Row> rows, int days) {
    return rows.repartitionByRange(Math.max(1, days), col("created_at"));
  }
}
