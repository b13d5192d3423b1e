package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;

import com.brandpulse.common.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a {@link RawRedactor} to bronze records and to the quarantine rows cut from them: one
 * MERGE on bronze (records deleted or rewritten) and one delete on silver.quarantine. The data
 * files the old rows lived in stay until a vacuum removes them (the caller's horizon).
 */
public final class BronzeEraser {
  private BronzeEraser() {}

  /** Records deleted whole, records rewritten without the person, quarantine rows removed. */
  public record Counts(long deleted, long redacted, long quarantine) {
    public static final Counts NONE = new Counts(0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(deleted + o.deleted, redacted + o.redacted, quarantine + o.quarantine);
    }
  }

  private static final StructType OUTCOMES =
      new StructType()
          .add("e_sha256", DataTypes.StringType)
          .add("e_position", DataTypes.LongType)
          .add("action", DataTypes.StringType)
          .add("new_record", DataTypes.StringType);

  /**
   * @param candidates bronze rows that may hold what goes (a superset is fine: records the redactor
   *     keeps are left alone)
   */
  public static Counts erase(
      SparkSession spark, String warehouse, Dataset<Row> candidates, RawRedactor redactor) {
    Dataset<Row> read =
        candidates.select(
            "source_sha256",
            "position",
            "container",
            "format",
            "record",
            "read_error",
            "owner_handle");
    StructType schema = read.schema(); // field indexes resolved once, not per row
    int sha = schema.fieldIndex("source_sha256");
    int position = schema.fieldIndex("position");
    int container = schema.fieldIndex("container");
    int format = schema.fieldIndex("format");
    int record = schema.fieldIndex("record");
    int readError = schema.fieldIndex("read_error");
    int ownerHandle = schema.fieldIndex("owner_handle");
    JavaRDD<Row> decided =
        read.javaRDD()
            .mapPartitions(
                rows -> {
                  List<Row> out = new ArrayList<>();
                  while (rows.hasNext()) {
                    Row r = rows.next();
                    RawRedactor.Outcome o =
                        redactor.redact(
                            r.getString(container),
                            r.getString(format),
                            r.getString(record),
                            r.getString(readError),
                            r.getString(ownerHandle));
                    if (o.action() != RawRedactor.Action.KEEP) {
                      out.add(
                          RowFactory.create(
                              r.getString(sha),
                              r.getLong(position),
                              o.action().name(),
                              o.record()));
                    }
                  }
                  return out.iterator();
                });
    List<Row> changes = spark.createDataFrame(decided, OUTCOMES).collectAsList();
    if (changes.isEmpty()) {
      return Counts.NONE;
    }
    Dataset<Row> source = spark.createDataFrame(changes, OUTCOMES);
    Tables.BRONZE_RAW_POSTS
        .delta(spark, warehouse)
        .as("t")
        .merge(source.as("s"), "t.source_sha256 = s.e_sha256 AND t.position = s.e_position")
        .whenMatched("s.action = 'DELETE'")
        .delete()
        .whenMatched("s.action = 'REWRITE'")
        .updateExpr(Map.of("record", "s.new_record"))
        .execute();
    long deleted = changes.stream().filter(r -> r.<String>getAs("action").equals("DELETE")).count();
    long quarantine = 0;
    if (deleted > 0 && Tables.SILVER_QUARANTINE.exists(spark, warehouse)) {
      // Quarantine rows cut from a deleted record go with it; those of a shared record stay (masked
      // when cut).
      Dataset<Row> gone = source.where(col("action").equalTo("DELETE"));
      // Rows that only say a post was held back hold no record: they stay, as ingest's counts list
      // them.
      Dataset<Row> quarantined =
          Tables.SILVER_QUARANTINE
              .read(spark, warehouse)
              .where(col("reason_code").notEqual(SilverPosts.DELETED))
              .join(
                  gone,
                  col("source_sha256")
                      .equalTo(col("e_sha256"))
                      .and(col("position").equalTo(col("e_position"))),
                  "left_semi");
      quarantine = quarantined.count();
      if (quarantine > 0) {
        Tables.SILVER_QUARANTINE
            .delta(spark, warehouse)
            .as("t")
            .merge(
                gone.as("s"),
                "t.source_sha256 = s.e_sha256 AND t.position = s.e_position AND t.reason_code <> '"
                    + SilverPosts.DELETED
                    + "'")
            .whenMatched()
            .delete()
            .execute();
      }
    }
    return new Counts(deleted, changes.size() - deleted, quarantine);
  }
}
