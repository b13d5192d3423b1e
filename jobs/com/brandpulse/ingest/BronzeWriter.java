package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bronze step of {@link IngestJob}: the records read, as bronze.raw_posts rows of the run, and
 * the predicates that name a run's files in the tables replaced per file.
 */
final class BronzeWriter {
  private BronzeWriter() {}

  /**
   * Replaces the bronze rows of the files kept from a read: those of the same content, and those of
   * earlier versions of the same paths (a file rewritten in place supersedes what it held before).
   * Fails, writing nothing that counts (the run row is the commit point), if the rows written are
   * not exactly the records read.
   */
  static Dataset<Row> write(
      SparkSession spark,
      String warehouse,
      FileReads reads,
      List<SourceFile> files,
      String runId,
      Instant now) {
    List<Row> kept = new ArrayList<>();
    for (SourceFile f : files) {
      kept.add(RowFactory.create(f.ordinal(), f.sha256(), f.path(), f.ownerHandle()));
    }
    Dataset<Row> keys =
        spark.createDataFrame(
            kept,
            new StructType()
                .add("k_ordinal", DataTypes.IntegerType)
                .add("source_sha256", DataTypes.StringType)
                .add("source_file", DataTypes.StringType)
                .add("owner_handle", DataTypes.StringType));
    Dataset<Row> frame =
        Tables.BRONZE_RAW_POSTS.conform(
            reads
                .records()
                .join(broadcast(keys), col("ordinal").equalTo(col("k_ordinal")))
                .withColumn("ingest_run_id", lit(runId))
                .withColumn("ingested_at", lit(Timestamp.from(now)))
                .withColumn(
                    "ingest_date", lit(Date.valueOf(now.atZone(ZoneOffset.UTC).toLocalDate()))));
    Tables.BRONZE_RAW_POSTS.replace(frame, warehouse, inFilesOrPaths(files));
    Dataset<Row> bronze =
        Tables.BRONZE_RAW_POSTS.read(spark, warehouse).where(col("ingest_run_id").equalTo(runId));
    Map<String, Long> expected = new HashMap<>();
    files.forEach(
        f ->
            expected.put(
                f.sha256(), reads.outcomes().get(f.ordinal()).records())); // one per file, in order
    Map<String, Long> written = new HashMap<>();
    bronze
        .groupBy("source_sha256")
        .count()
        .collectAsList()
        .forEach(r -> written.put(r.getAs("source_sha256"), r.getLong(r.fieldIndex("count"))));
    expected.values().removeIf(n -> n == 0);
    if (!written.equals(expected)) {
      // only if a cached read was lost and read again from a file that changed since: the next run
      // reads it anew
      throw new IllegalStateException(
          "bronze rows written "
              + written
              + " differ from the records read "
              + expected
              + ": a file changed while the run read it; run ingest again");
    }
    return bronze;
  }

  /** Rows of these contents or of earlier versions of these paths. */
  static String inFilesOrPaths(List<SourceFile> files) {
    return inFiles(files)
        + " OR source_file IN ("
        + files.stream()
            .map(f -> TableContract.literal(f.path()))
            .distinct()
            .collect(Collectors.joining(","))
        + ")";
  }

  static String inFiles(List<SourceFile> files) {
    return "source_sha256 IN ("
        + files.stream()
            .map(f -> "'" + f.sha256() + "'")
            .distinct()
            .collect(Collectors.joining(","))
        + ")";
  }
}
