package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Pure transforms from parsed items to what silver and ops receive: each post item's outcome
 * (accepted, duplicate, or held back because the post was deleted), the winning version of each
 * post, and the per-file counts. Layer: bronze → silver. No I/O here; {@link IngestJob} does the
 * writes.
 */
public final class SilverPosts {
  private SilverPosts() {}

  public static final String ACCEPTED = "accepted";
  public static final String DUPLICATE = "duplicate";
  public static final String DELETED = "deleted_upstream";

  /**
   * Adds {@code outcome} to every post item: {@code accepted} for the one item per post that is
   * written (the latest version, when it is newer than or different from the stored one), {@code
   * duplicate} for items identical to, older than, or superseded in the same run by that version,
   * and {@code deleted_upstream} for posts with a delete notice.
   *
   * @param posts post items with {@code source_ordinal} (the file's load order)
   * @param existing silver.posts' post_id, content_hash, edit_rank and source_rank
   * @param deleted distinct post ids with a delete or compliance notice, stored or in this batch
   * @param removedAccounts distinct author_id_keys with a compliance notice, stored or in this
   *     batch, and the pseudonyms (handle or account id) of people erased by {@code forget}
   */
  public static Dataset<Row> outcomes(
      Dataset<Row> posts,
      Dataset<Row> existing,
      Dataset<Row> deleted,
      Dataset<Row> removedAccounts) {
    return outcomes(posts, existing, deleted, removedAccounts, List.of());
  }

  /**
   * As above; {@code erasedHandleKeys} also holds back reposts of erased people (a repost carries
   * their text: "RT @them: ...", its first mention being the original author).
   */
  public static Dataset<Row> outcomes(
      Dataset<Row> posts,
      Dataset<Row> existing,
      Dataset<Row> deleted,
      Dataset<Row> removedAccounts,
      List<String> erasedHandleKeys) {
    // Only posts this run brings can match a stored one: the stored keys are first narrowed to
    // their ids (a broadcast semi-join when the run is small, which the planner sees from the
    // cached items), so a night does not shuffle every post of the history.
    Dataset<Row> known =
        existing
            .join(
                posts.select(col("post_id").as("i_post_id")).distinct(),
                col("post_id").equalTo(col("i_post_id")),
                "left_semi")
            .select(
                col("post_id").as("e_post_id"),
                col("content_hash").as("existing_hash"),
                col("edit_rank").as("existing_rank"),
                col("source_rank").as("existing_source_rank"));
    Dataset<Row> gone =
        deleted
            .select(col("target_post_id").as("d_post_id"), lit(true).as("is_deleted"))
            .distinct();
    Dataset<Row> goneAccounts =
        removedAccounts
            .select(col("target_author_id_key").as("d_author"), lit(true).as("is_removed_account"))
            .distinct();
    // Erased people are listed by either pseudonym; the two HMAC spaces never collide.
    Dataset<Row> goneHandles =
        goneAccounts.select(
            col("d_author").as("d_handle"), col("is_removed_account").as("is_erased_handle"));
    // Versions of one post: a later edit wins, then the richer source, then the later file and
    // record.
    WindowSpec newestFirst =
        Window.partitionBy("post_id")
            .orderBy(
                col("edit_rank").desc(),
                col("source_rank").desc(),
                col("source_ordinal").desc(),
                col("position").desc(),
                col("item_index").desc());
    Column stale =
        col("existing_rank")
            .isNotNull()
            .and(
                col("existing_rank")
                    .gt(col("edit_rank"))
                    .or(
                        col("existing_rank")
                            .equalTo(col("edit_rank"))
                            .and(col("existing_source_rank").gt(col("source_rank")))));
    Column same =
        col("existing_hash").isNotNull().and(col("existing_hash").equalTo(col("content_hash")));
    Column erasedRepost =
        erasedHandleKeys.isEmpty()
            ? lit(false)
            : col("is_repost")
                .equalTo(true)
                .and(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .element_at(col("mention_keys"), 1)
                        .isin(erasedHandleKeys.toArray()));
    Column outcome =
        when(
                col("is_deleted")
                    .equalTo(true)
                    .or(col("is_removed_account").equalTo(true))
                    .or(col("is_erased_handle").equalTo(true))
                    .or(erasedRepost),
                lit(DELETED))
            .when(col("is_latest").and(stale.or(same).equalTo(false)), lit(ACCEPTED))
            .otherwise(lit(DUPLICATE));
    return posts
        .join(known, col("post_id").equalTo(col("e_post_id")), "left")
        .join(gone, col("post_id").equalTo(col("d_post_id")), "left")
        .join(goneAccounts, col("author_id_key").equalTo(col("d_author")), "left")
        .join(goneHandles, col("author_key").equalTo(col("d_handle")), "left")
        .withColumn("is_latest", row_number().over(newestFirst).equalTo(1))
        .withColumn("outcome", outcome)
        .drop(
            "e_post_id",
            "d_post_id",
            "is_deleted",
            "d_author",
            "is_removed_account",
            "d_handle",
            "is_erased_handle",
            "is_latest",
            "existing_hash",
            "existing_rank",
            "existing_source_rank");
  }

  /** The version of each post to write: the accepted one. */
  public static Dataset<Row> winners(Dataset<Row> withOutcomes) {
    return withOutcomes.where(col("outcome").equalTo(ACCEPTED)).drop("outcome");
  }

  /**
   * Per-file counts for ops.ingest_runs: records_read = posts_accepted + duplicates +
   * control_records + quarantined, where posts held back by an earlier delete count as quarantined.
   */
  public static Dataset<Row> fileCounts(Dataset<Row> items, Dataset<Row> postOutcomes) {
    Dataset<Row> nonPosts =
        items
            .where(col("kind").notEqual(lit(Item.POST)))
            .select(
                col("source_sha256"),
                col("format"),
                col("kind"),
                col("control_kind"),
                lit(null).cast("string").as("outcome"));
    Dataset<Row> posts =
        postOutcomes.select(
            col("source_sha256"),
            col("format"),
            col("kind"),
            lit(null).cast("string").as("control_kind"),
            col("outcome"));
    return nonPosts
        .unionByName(posts)
        .groupBy("source_sha256")
        .agg(
            first("format").as("format"),
            count(lit(1)).as("records_read"),
            sum(when(col("outcome").equalTo(ACCEPTED), 1).otherwise(0))
                .cast("long")
                .as("posts_accepted"),
            sum(when(col("outcome").equalTo(DUPLICATE), 1).otherwise(0))
                .cast("long")
                .as("duplicates"),
            sum(when(col("kind").equalTo(Item.CONTROL), 1).otherwise(0))
                .cast("long")
                .as("control_records"),
            sum(when(col("kind").equalTo(Item.QUARANTINE).or(col("outcome").equalTo(DELETED)), 1)
                    .otherwise(0))
                .cast("long")
                .as("quarantined"),
            sum(when(col("control_kind").isin("delete", "compliance"), 1).otherwise(0))
                .cast("long")
                .as("deleted"),
            sum(when(col("outcome").equalTo(DELETED), 1).otherwise(0))
                .cast("long")
                .as("held_back"));
  }
}
