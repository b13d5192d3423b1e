package com.brandpulse.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A job's small text state under {@code <warehouse>/ops/_job_state/} ({@link JobGate}'s
 * fingerprints, {@link ChangeFeed}'s versions): written whole, to a temporary file renamed over the
 * old one, only after the job's commits. A memory, not data: losing it costs a full check.
 */
final class JobStateFile {
  private static final String DIR = "ops/_job_state";

  private JobStateFile() {}

  /** The state file {@code name} of the warehouse. */
  static Path of(String warehouse, String name) {
    return new Path(new Path(warehouse, DIR), name);
  }

  static void write(SparkSession spark, Path file, String text) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.mkdirs(file.getParent());
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("rename " + tmp + " -> " + file + " failed");
    }
  }

  /** The file's text, or null when there is none. */
  static String read(SparkSession spark, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (FSDataInputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return null;
    }
  }
}
