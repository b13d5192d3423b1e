package com.brandpulse.ingest;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs the real ingest job into a fresh warehouse and reads its tables back, for tests. */
final class IngestFixture {
  final SparkSession spark = TestSpark.get();
  final Path warehouse;
  final AppConfig config;

  IngestFixture(String name, String... overrides) {
    warehouse = TestSpark.newWarehouse(name);
    config = TestSpark.config(warehouse, overrides);
  }

  IngestJob.Result ingest(Path... inputs) throws Exception {
    return ingest("auto", false, inputs);
  }

  IngestJob.Result ingest(String format, boolean reprocess, Path... inputs) throws Exception {
    return ingestAt(Instant.now(), format, reprocess, inputs);
  }

  /** A run as if the clock said {@code now} (retention and "future post" checks use it). */
  IngestJob.Result ingestAt(Instant now, String format, boolean reprocess, Path... inputs)
      throws Exception {
    return IngestJob.run(
        spark,
        warehouse.toString(),
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(
            Arrays.stream(inputs).map(Path::toString).toList(), format, reprocess),
        now);
  }

  Dataset<Row> posts() {
    return Tables.SILVER_POSTS.read(spark, warehouse.toString());
  }

  Dataset<Row> quarantine() {
    return Tables.SILVER_QUARANTINE.read(spark, warehouse.toString());
  }

  Dataset<Row> controls() {
    return Tables.SILVER_CONTROL_EVENTS.read(spark, warehouse.toString());
  }

  Dataset<Row> runs() {
    return Tables.OPS_INGEST_RUNS.read(spark, warehouse.toString());
  }

  Dataset<Row> bronze() {
    return Tables.BRONZE_RAW_POSTS.read(spark, warehouse.toString());
  }

  Row post(String postId) {
    List<Row> rows =
        posts()
            .where(org.apache.spark.sql.functions.col("post_id").equalTo(postId))
            .collectAsList();
    if (rows.size() != 1) {
      throw new AssertionError("expected one post " + postId + ", found " + rows.size());
    }
    return rows.get(0);
  }

  /** The single ingested run row of the file whose path ends with {@code suffix}. */
  static Row runOf(IngestJob.Result result, String suffix) {
    return result.runs().stream()
        .filter(r -> r.<String>getAs("source_file").endsWith(suffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run row for " + suffix));
  }

  static long n(Row run, String column) {
    return run.<Long>getAs(column);
  }
}
