package com.brandpulse.common;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Removes the data files a Delta table no longer references once they are older than a horizon:
 * what makes "deleted" mean gone from disk. A horizon under Delta's 7-day safety check is allowed
 * on purpose (an erasure must not wait a week); a reader still on an older snapshot then fails
 * rather than reading erased rows.
 */
public final class Vacuum {
  private Vacuum() {}

  private static final String RETENTION = "delta.deletedFileRetentionDuration";

  /** Vacuums with this horizon now. */
  public static void run(SparkSession spark, String path, double hours) {
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    // The listing runs as one task per this many folders (Spark's default is 10,000 tasks, whatever
    // the table).
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    String checkBefore = spark.conf().get(check, "true");
    String listingBefore = spark.conf().get(listing, "10000");
    spark.conf().set(check, "false");
    spark
        .conf()
        .set(listing, Integer.toString(Math.max(1, spark.sparkContext().defaultParallelism())));
    try {
      DeltaTable.forPath(spark, path).vacuum(hours);
    } finally {
      spark.conf().set(check, checkBefore);
      spark.conf().set(listing, listingBefore);
    }
  }

  /**
   * Unless the table is younger than the horizon (nothing to remove yet), makes {@code hours} the
   * table's own horizon ({@value #RETENTION}, so that any other tool vacuuming it keeps the same
   * promise; one commit when it changes) and vacuums with it.
   */
  public static void withTableHorizon(SparkSession spark, String path, long hours) {
    long oldest = DeltaVersions.oldestLogMillis(spark, path);
    if (oldest < 0 || oldest > System.currentTimeMillis() - hours * 3_600_000L) {
      return; // a table younger than the horizon has no removed file old enough: a vacuum would
      // delete nothing
    }
    String wanted = "interval " + hours + " hours";
    Map<String, String> properties =
        DeltaMetadata.of(spark, path).map(DeltaMetadata::properties).orElse(Map.of());
    if (!wanted.equals(properties.get(RETENTION))) {
      spark.sql(
          "ALTER TABLE delta.`"
              + path.replace("`", "``")
              + "` SET TBLPROPERTIES ('"
              + RETENTION
              + "' = '"
              + wanted
              + "')");
    }
    run(spark, path, hours);
  }
}
