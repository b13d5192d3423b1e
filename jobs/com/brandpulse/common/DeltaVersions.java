package com.brandpulse.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table's latest commit read from the listing of its {@code _delta_log} folder: no
 * snapshot, no Spark job, so a job can decide whether anything changed in the time of one directory
 * listing. Commit versions only grow; the commit file's modification time is part of the stamp so
 * that a table deleted and created again (versions restart at 0) is never taken for the old one.
 */
public final class DeltaVersions {
  /** {@code 00000000000000000012.json} or {@code 00000000000000000010.checkpoint[.k.n].parquet}. */
  private static final Pattern LOG_FILE =
      Pattern.compile("^(\\d{20})\\.(json|checkpoint(\\.\\d+\\.\\d+)?\\.parquet)$");

  /** The stamp of a table that does not exist. */
  public static final String ABSENT = "absent";

  private DeltaVersions() {}

  /** True when the folder holds a Delta table (a log with at least one commit or checkpoint). */
  public static boolean exists(SparkSession spark, String tablePath) {
    return latest(spark, tablePath) != null;
  }

  /** {@code v<version>@<mtime millis>} of the newest commit, or {@link #ABSENT}. */
  public static String stamp(SparkSession spark, String tablePath) {
    FileStatus newest = latest(spark, tablePath);
    return newest == null ? ABSENT : "v" + versionOf(newest) + "@" + newest.getModificationTime();
  }

  private static long versionOf(FileStatus logFile) {
    Matcher m = LOG_FILE.matcher(logFile.getPath().getName());
    if (!m.matches()) {
      throw new IllegalStateException("not a Delta log file: " + logFile.getPath());
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * Modification time of the oldest file left in the table's log (its first commit, until log
   * clean-up removes old ones), or -1 when there is no log: no file of the table can have been
   * removed before it.
   */
  public static long oldestLogMillis(SparkSession spark, String tablePath) {
    Path log = new Path(tablePath, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long oldest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        if (LOG_FILE.matcher(f.getPath().getName()).matches()
            && (oldest < 0 || f.getModificationTime() < oldest)) {
          oldest = f.getModificationTime();
        }
      }
      return oldest;
    } catch (FileNotFoundException e) {
      return -1;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The newest commit (or checkpoint, when no later commit file is left) in the table's log; null
   * if none.
   */
  private static FileStatus latest(SparkSession spark, String tablePath) {
    Path log = new Path(tablePath, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] files;
      try {
        files = fs.listStatus(log);
      } catch (FileNotFoundException e) {
        return null;
      }
      FileStatus best = null;
      long bestVersion = -1;
      for (FileStatus f : files) {
        Matcher m = LOG_FILE.matcher(f.getPath().getName());
        if (!m.matches()) {
          continue;
        }
        long version = Long.parseLong(m.group(1));
        // At equal versions the commit file wins over its checkpoint: it is what a writer creates
        // last.
        if (version > bestVersion || (version == bestVersion && m.group(2).equals("json"))) {
          best = f;
          bestVersion = version;
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
  }
}
