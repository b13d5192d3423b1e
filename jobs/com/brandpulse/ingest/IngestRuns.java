package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;

import com.brandpulse.common.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/**
 * The rows of ops.ingest_runs, one per file and run ({@link IngestJob}): what a file gave, or why
 * it was skipped or failed. A file's row is written last in its run, so "ingested" rows are the
 * files a later run may skip.
 */
final class IngestRuns {
  private IngestRuns() {}

  /** path|size|sha256 of every file ingested whole so far. */
  static Set<String> alreadyIngested(SparkSession spark, String warehouse) {
    return Tables.OPS_INGEST_RUNS
        .read(spark, warehouse)
        .where(col("status").equalTo("ingested"))
        .select("source_file", "source_size", "source_sha256")
        .distinct()
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getAs("source_file")
                    + "|"
                    + r.getLong(r.fieldIndex("source_size"))
                    + "|"
                    + r.getAs("source_sha256"))
        .collect(Collectors.toSet());
  }

  /**
   * The rows of the files read by run {@code runId}, from their per-file counts: "ingested", or
   * failed with its reason (a file with no records gets a row too).
   */
  static List<Row> forFiles(
      String runId,
      List<SourceFile> files,
      List<Row> counts,
      Timestamp started,
      Map<String, String> failures) {
    Map<String, Row> bySha = new HashMap<>();
    for (Row c : counts) {
      bySha.put(c.getAs("source_sha256"), c);
    }
    List<Row> rows = new ArrayList<>();
    Timestamp finished = Timestamp.from(Instant.now());
    for (SourceFile f : files) {
      Row c = bySha.get(f.sha256());
      String failure = failures.get(f.sha256());
      // A file that could not be read whole is failed, with what it gave before the fault: never
      // "already ingested", so every run reads it again until it reads whole.
      String status = failure == null ? "ingested" : SourceFiles.FAILED;
      if (c == null) {
        rows.add(
            row(
                runId,
                f.path(),
                f.size(),
                f.sha256(),
                null,
                status,
                started,
                failure == null ? "the file holds no records" : failure));
        continue;
      }
      rows.add(
          record(
              runId,
              f.path(),
              f.size(),
              f.sha256(),
              c.getAs("format"),
              status,
              c.getAs("records_read"),
              c.getAs("posts_accepted"),
              c.getAs("duplicates"),
              c.getAs("control_records"),
              c.getAs("quarantined"),
              c.getAs("deleted"),
              started,
              finished,
              failure));
    }
    return rows;
  }

  /** A row with no counts: a file skipped, failed before reading, or holding no records. */
  static Row row(
      String runId,
      String path,
      long size,
      String sha,
      String format,
      String status,
      Timestamp started,
      String message) {
    return record(
        runId,
        path,
        size,
        sha,
        format,
        status,
        0L,
        0L,
        0L,
        0L,
        0L,
        0L,
        started,
        Timestamp.from(Instant.now()),
        message);
  }

  /** An ops.ingest_runs row that knows its schema, so callers read it by column name. */
  private static Row record(Object... values) {
    return new GenericRowWithSchema(values, Tables.OPS_INGEST_RUNS.schema());
  }

  /** Appends the run's rows: the commit point of its files. */
  static void write(SparkSession spark, String warehouse, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Tables.OPS_INGEST_RUNS.append(Tables.OPS_INGEST_RUNS.fixture(spark, rows), warehouse);
  }
}
