package com.brandpulse.ingest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Pure transforms from parsed items to what silver and ops receive: each post item's outcome
 * (accepted, duplicate, or held back because the post was deleted), the winning version of each post,
 * and the per-file counts. Layer: bronze → silver. No I/O here; {@link IngestJob} does the writes.
 */
public final class SilverPosts {
  private SilverPosts() {}

  public static final String ACCEPTED = "accepted";
  public static final String DUPLICATE = "duplicate";
  public static final String DELETED = "deleted_upstream";

  /**
   * Adds {@code outcome} to every post item.
   *
   * @param posts    post items with {@code source_ordinal} (the file's load order)
   * @param existing silver.posts' post_id, content_hash and edit_rank
   * @param deleted  distinct post ids with a delete notice, stored or in this batch
   */
  public static Dataset<Row> outcomes(Dataset<Row> posts, Dataset<Row> existing, Dataset<Row> deleted) {
    Dataset<Row> known = existing.select(col("post_id").as("e_post_id"), col("content_hash").as("existing_hash"),
        col("edit_rank").as("existing_rank"));
    Dataset<Row> gone = deleted.select(col("target_post_id").as("d_post_id"), lit(true).as("is_deleted")).distinct();
    // The version order of one post: its edit rank first, then load order; the last is current.
    WindowSpec versions = Window.partitionBy("post_id")
        .orderBy(col("edit_rank"), col("source_ordinal"), col("position"), col("item_index"));
    Dataset<Row> joined = posts
        .join(known, col("post_id").equalTo(col("e_post_id")), "left")
        .join(gone, col("post_id").equalTo(col("d_post_id")), "left")
        .withColumn("previous_hash", coalesce(lag(col("content_hash"), 1).over(versions), col("existing_hash")));
    Column stale = col("existing_rank").isNotNull().and(col("existing_rank").gt(col("edit_rank")));
    Column outcome = when(col("is_deleted").equalTo(true), lit(DELETED))
        .when(stale, lit(DUPLICATE))
        .when(col("previous_hash").isNotNull().and(col("previous_hash").equalTo(col("content_hash"))), lit(DUPLICATE))
        .otherwise(lit(ACCEPTED));
    return joined.withColumn("outcome", outcome)
        .withColumn("is_stale", stale)
        .withColumn("is_latest", row_number().over(Window.partitionBy("post_id")
            .orderBy(col("edit_rank").desc(), col("source_ordinal").desc(), col("position").desc(),
                col("item_index").desc())).equalTo(1))
        .drop("e_post_id", "d_post_id", "is_deleted", "previous_hash");
  }

  /**
   * The version of each post to write: its latest version, unless the post was deleted, the stored
   * version is a later edit, or the stored version is the same.
   */
  public static Dataset<Row> winners(Dataset<Row> withOutcomes) {
    return withOutcomes
        .where(col("is_latest").and(col("outcome").notEqual(DELETED)).and(col("is_stale").isNull()
            .or(col("is_stale").equalTo(false))))
        .where(col("existing_hash").isNull().or(col("existing_hash").notEqual(col("content_hash"))))
        .drop("existing_hash", "existing_rank", "outcome", "is_latest", "is_stale");
  }

  /**
   * Per-file counts for ops.ingest_runs: records_read = posts_accepted + duplicates + control_records
   * + quarantined, where posts held back by an earlier delete count as quarantined.
   */
  public static Dataset<Row> fileCounts(Dataset<Row> items, Dataset<Row> postOutcomes) {
    Dataset<Row> nonPosts = items.where(col("kind").notEqual(lit(Item.POST)))
        .select(col("source_sha256"), col("format"), col("kind"), col("control_kind"),
            lit(null).cast("string").as("outcome"));
    Dataset<Row> posts = postOutcomes.select(col("source_sha256"), col("format"), col("kind"),
        lit(null).cast("string").as("control_kind"), col("outcome"));
    return nonPosts.unionByName(posts)
        .groupBy("source_sha256")
        .agg(first("format").as("format"),
            count(lit(1)).as("records_read"),
            sum(when(col("outcome").equalTo(ACCEPTED), 1).otherwise(0)).cast("long").as("posts_accepted"),
            sum(when(col("outcome").equalTo(DUPLICATE), 1).otherwise(0)).cast("long").as("duplicates"),
            sum(when(col("kind").equalTo(Item.CONTROL), 1).otherwise(0)).cast("long").as("control_records"),
            sum(when(col("kind").equalTo(Item.QUARANTINE).or(col("outcome").equalTo(DELETED)), 1).otherwise(0))
                .cast("long").as("quarantined"),
            sum(when(col("control_kind").equalTo("delete"), 1).otherwise(0)).cast("long").as("deleted"));
  }
}
