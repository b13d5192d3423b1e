package com.brandpulse.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is made. Master, memory and cores come from spark-submit; only what
 * the application cannot run without (Delta's SQL extension and catalog) is set here when absent.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    SparkConf submitted = new SparkConf(); // what spark-submit passed, as system properties
    if (!submitted.contains("spark.sql.extensions")) {
      builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    }
    if (!submitted.contains("spark.sql.catalog.spark_catalog")) {
      builder.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    SparkSession spark = builder.getOrCreate();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    return spark;
  }
}
