package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code sql} reads: every kind of write is refused from Spark's own parse, and its views are not
 * written through.
 */
@Tag("fast")
class SqlCommandTest {
  static final List<String> WRITES =
      List.of(
          "DELETE FROM ops.ingest_runs",
          "UPDATE silver.posts SET text = ''",
          "MERGE INTO silver.posts t USING silver.posts s ON t.post_id = s.post_id WHEN MATCHED THEN DELETE",
          "INSERT INTO ops.ingest_runs SELECT * FROM ops.ingest_runs",
          "INSERT OVERWRITE ops.ingest_runs SELECT * FROM ops.ingest_runs",
          "WITH r AS (SELECT * FROM ops.ingest_runs) INSERT INTO ops.ingest_runs SELECT * FROM r",
          "FROM ops.ingest_runs INSERT INTO ops.ingest_runs SELECT *",
          "CREATE TABLE x (a INT) USING delta",
          "CREATE TABLE x USING delta AS SELECT 1 AS a",
          "CREATE OR REPLACE TEMP VIEW v AS SELECT 1",
          "DROP TABLE ops.ingest_runs",
          "ALTER TABLE ops.ingest_runs ADD COLUMNS (x INT)",
          "TRUNCATE TABLE ops.ingest_runs",
          "OPTIMIZE ops.ingest_runs",
          "VACUUM ops.ingest_runs RETAIN 0 HOURS",
          "RESTORE TABLE ops.ingest_runs TO VERSION AS OF 0",
          "CREATE TABLE x SHALLOW CLONE ops.ingest_runs",
          "REORG TABLE ops.ingest_runs APPLY (PURGE)",
          "CONVERT TO DELTA parquet.`/tmp/x`",
          "SET spark.databricks.delta.retentionDurationCheck.enabled = false",
          "RESET",
          "CACHE TABLE ops.ingest_runs",
          "ADD JAR /tmp/x.jar",
          "EXPLAIN DELETE FROM ops.ingest_runs",
          "BEGIN DELETE FROM ops.ingest_runs; END");
  static final List<String> READS =
      List.of(
          "SELECT * FROM ops.ingest_runs",
          "WITH r AS (SELECT * FROM ops.ingest_runs) SELECT count(*) FROM r WHERE run_id IN (SELECT run_id FROM r)",
          "VALUES (1), (2)",
          "TABLE ops.ingest_runs",
          "SHOW TABLES IN ops",
          "DESCRIBE ops.ingest_runs",
          "EXPLAIN SELECT 1",
          "SELECT 1 UNION ALL SELECT 2 ORDER BY 1 LIMIT 1");

  @Test
  void everyWriteIsRefusedFromSparksOwnParseAndReadsPass() throws Exception {
    SparkSession spark = TestSpark.get();
    List<String> passed = new ArrayList<>();
    for (String write : WRITES) {
      String why = SqlCommand.refusal(spark, write);
      if (why == null || !why.contains("sql only reads")) {
        passed.add(write);
      }
    }
    assertEquals(List.of(), passed, "writes not refused");
    for (String read : READS) {
      assertNull(SqlCommand.refusal(spark, read), read);
    }
  }

  @Test
  void theCommandRefusesADeleteWithExitCode2AndItsViewsAreNotWrittenThrough() throws Exception {
    SparkSession spark = TestSpark.get();
    Path wh = TestSpark.newWarehouse("sql-read-only");
    Tables.OPS_INGEST_RUNS.ensure(spark, wh.toString());
    String before = DeltaVersions.stamp(spark, Tables.OPS_INGEST_RUNS.path(wh.toString()));
    assertEquals(
        2,
        BrandPulse.commandLine()
            .execute("sql", "DELETE FROM ops.ingest_runs", "--warehouse", wh.toString()));
    assertEquals(
        0,
        BrandPulse.commandLine()
            .execute("sql", "SELECT count(*) FROM ops.ingest_runs", "--warehouse", wh.toString()));
    try {
      // Straight through Spark, past the parse check: the registered name is a view, which Spark
      // does not write through.
      Exception e = assertThrows(Exception.class, () -> spark.sql("DELETE FROM ops.ingest_runs"));
      assertTrue(
          e.getMessage().contains("DELETE destination only supports Delta sources"),
          e.getMessage());
      assertEquals(before, DeltaVersions.stamp(spark, Tables.OPS_INGEST_RUNS.path(wh.toString())));
    } finally {
      spark.sql("DROP VIEW IF EXISTS ops.ingest_runs"); // the session is the suite's
    }
  }
}
