package com.brandpulse.common;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * An intermediate result computed once and stored (memory or disk) that later plans start from as a
 * leaf, instead of carrying its lineage.
 *
 * <p>Why not {@code persist}: a persisted frame keeps its whole plan in every query built on it, so
 * each join re-analyses it (a self-join makes the analyser walk it again) and every task ships it.
 * On the weekly aggregates that was most of the fixed cost of a run: task binaries of up to 13.6
 * MiB, and the analyser the largest part of the CPU on a few posts. Close it to free the stored
 * blocks.
 */
public final class Materialized implements AutoCloseable {
  private final Dataset<Row> rows;

  private Materialized(Dataset<Row> rows) {
    this.rows = rows;
  }

  /** Computes {@code frame} now and keeps its rows at {@code level}. */
  public static Materialized of(Dataset<Row> frame, StorageLevel level) {
    return new Materialized(frame.localCheckpoint(true, level));
  }

  /** The stored rows: a plan of one leaf. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** Frees the stored blocks; the rows cannot be read afterwards. */
  @Override
  public void close() {
    if (rows.queryExecution().analyzed() instanceof LogicalRDD stored) {
      stored.rdd().unpersist(false);
    }
  }
}
