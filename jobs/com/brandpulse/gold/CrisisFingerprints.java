package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.xxhash64;

import com.brandpulse.common.TableContract;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The crisis run's week bookkeeping in ops.gold_week_inputs (rows of gold.crisis_signals and
 * gold.crisis_weekly): each week's fingerprint of what its posts hold, as computed now and as
 * stored by the last run, and the rows a run leaves ({@link CrisisJob}).
 */
final class CrisisFingerprints {
  private CrisisFingerprints() {}

  /**
   * Per week of the reporting zone: posts (post x brand rows) and the fingerprint of what they
   * hold.
   */
  static Dataset<Row> weekFingerprints(Dataset<Row> about, String zone, String settingsVersion) {
    Column rowHash =
        xxhash64(
            col("post_id"),
            col("brand_id"),
            col("content_hash"),
            col("created_at"),
            col("author_key"),
            col("is_repost"),
            col("engagement"),
            coalesce(col("label"), lit("")),
            array_sort(col("categories")),
            col("topics"));
    return about
        .withColumn("week_start", ReportingWeeks.weekStart(col("created_at"), zone))
        .groupBy("week_start")
        .agg(count(lit(1)).as("posts"), bit_xor(rowHash).as("xor"))
        .withColumn(
            "fingerprint",
            sha2(concat_ws("|", lit(settingsVersion), col("posts"), col("xor")), 256))
        .select("week_start", "posts", "fingerprint");
  }

  /** The fingerprints computed, by week. */
  static Map<LocalDate, Row> collectByWeek(Dataset<Row> fingerprints) {
    Map<LocalDate, Row> out = new HashMap<>();
    for (Row r : fingerprints.collectAsList()) {
      out.put(r.<Date>getAs("week_start").toLocalDate(), r);
    }
    return out;
  }

  /** Stored fingerprint per week; a week whose two tables disagree reads as changed. */
  static Map<LocalDate, String> storedFingerprints(List<Row> storedRows) {
    Map<LocalDate, String> out = new HashMap<>();
    for (Row r : storedRows) {
      out.merge(
          r.getDate(r.fieldIndex("week_start")).toLocalDate(),
          r.getAs("fingerprint"),
          (a, b) -> a.equals(b) ? a : "");
    }
    return out;
  }

  /**
   * Replaces the ops rows of both tables: unchanged weeks keep their computed_at, recomputed ones
   * get now.
   */
  static void recordInputs(
      SparkSession spark,
      String warehouse,
      List<Row> storedRows,
      Map<LocalDate, Row> current,
      LocalDate from,
      Instant now) {
    Map<String, Row> old = new HashMap<>();
    for (Row r : storedRows) {
      old.put(r.getAs("table_name") + "|" + r.getDate(r.fieldIndex("week_start")), r);
    }
    List<Row> rows = new ArrayList<>();
    for (String table : List.of(CrisisJob.SIGNALS, CrisisJob.WEEKLY)) {
      for (Map.Entry<LocalDate, Row> e : new java.util.TreeMap<>(current).entrySet()) {
        Date week = Date.valueOf(e.getKey());
        Row prior = old.get(table + "|" + week);
        Timestamp at =
            !e.getKey().isBefore(from) || prior == null
                ? Timestamp.from(now)
                : prior.getTimestamp(prior.fieldIndex("computed_at"));
        rows.add(
            RowFactory.create(
                table,
                week,
                e.getValue().getAs("fingerprint"),
                e.getValue().<Long>getAs("posts"),
                at));
      }
    }
    synchronized (GoldTables.OPS_GOLD_WEEK_INPUTS) { // the weekly part writes it too
      GoldTables.OPS_GOLD_WEEK_INPUTS.replace(
          GoldTables.OPS_GOLD_WEEK_INPUTS.fixture(spark, rows),
          warehouse,
          "table_name IN ("
              + TableContract.literal(CrisisJob.SIGNALS)
              + ", "
              + TableContract.literal(CrisisJob.WEEKLY)
              + ")");
    }
  }
}
