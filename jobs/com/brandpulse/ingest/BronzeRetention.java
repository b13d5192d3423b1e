package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * bronze.raw_posts keeps {@code ingest.bronze-retention-days} of raw records: older {@code
 * ingest_date} partitions are deleted by the ingest run that finds them ({@link IngestJob}), and
 * their files vacuumed.
 */
final class BronzeRetention {
  private BronzeRetention() {}

  /** Deletes bronze partitions past retention; true when there were any. */
  static boolean apply(SparkSession spark, String warehouse, IngestSettings settings, Instant now) {
    if (expired(spark, warehouse, settings, now).isEmpty()) {
      return false; // no partition folder older than the cutoff: nothing to delete, no commit
    }
    Tables.BRONZE_RAW_POSTS
        .delta(spark, warehouse)
        .delete(col("ingest_date").lt(lit(Date.valueOf(cutoff(settings, now)))));
    return true;
  }

  private static LocalDate cutoff(IngestSettings settings, Instant now) {
    return now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(settings.bronzeRetentionDays());
  }

  /**
   * The {@code ingest_date} partition folders of bronze older than the retention cutoff, from a
   * listing of the table's folder (deleted partitions keep their folders until a vacuum removes
   * their files).
   */
  static List<String> expired(
      SparkSession spark, String warehouse, IngestSettings settings, Instant now) {
    if (settings.bronzeRetentionDays() <= 0) {
      return List.of();
    }
    String cutoff = "ingest_date=" + cutoff(settings, now);
    Path table = new Path(Tables.BRONZE_RAW_POSTS.path(warehouse));
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(table)) {
        return List.of();
      }
      List<String> expired = new ArrayList<>();
      for (FileStatus s : fs.listStatus(table)) {
        String name = s.getPath().getName();
        // ingest_date=YYYY-MM-DD sorts as text in date order
        if (s.isDirectory() && name.startsWith("ingest_date=") && name.compareTo(cutoff) < 0) {
          expired.add(name);
        }
      }
      Collections.sort(expired);
      return expired;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
