package com.brandpulse.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is made. Master, memory and cores come from spark-submit; only what
 * the application cannot run without (Delta's SQL extension and catalog, a standalone cluster's
 * secret) is set here when absent.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName) {
    Progress progress = Progress.current();
    progress.phase("starting Spark"); // the first half-minute of every command
    try {
      return create(appName);
    } finally {
      progress.phase(null);
    }
  }

  private static SparkSession create(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    SparkConf submitted = new SparkConf(); // what spark-submit passed, as system properties
    if (!submitted.contains("spark.sql.extensions")) {
      builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    }
    if (!submitted.contains("spark.sql.catalog.spark_catalog")) {
      builder.config(
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    // A standalone cluster with authentication wants the shared secret itself in the driver's
    // configuration (Spark
    // reads spark.authenticate.secret.file only on YARN and Kubernetes): read here from that
    // owner-only file, so
    // that it is on no command line and in no properties file.
    if (submitted.getBoolean("spark.authenticate", false)
        && submitted.get("spark.master", "").startsWith("spark://")
        && !submitted.contains("spark.authenticate.secret")
        && submitted.contains("spark.authenticate.secret.file")) {
      builder.config(
          "spark.authenticate.secret",
          PrivateFiles.read(java.nio.file.Path.of(submitted.get("spark.authenticate.secret.file")))
              .trim());
    }
    // In local mode the executors share this JVM and its class path: the local file system without
    // a process per file (LocalDisk). Cluster executors keep Hadoop's, whatever their class path.
    if (submitted.get("spark.master", "local").startsWith("local")) {
      for (java.util.Map.Entry<String, String> e : LocalDisk.SPARK_SETTINGS.entrySet()) {
        if (!submitted.contains(e.getKey())) {
          builder.config(e.getKey(), e.getValue());
        }
      }
    }
    SparkSession spark = builder.getOrCreate();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    return spark;
  }
}
