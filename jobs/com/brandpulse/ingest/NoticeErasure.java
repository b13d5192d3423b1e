package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.Tables;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Makes delete notices, compliance notices and erasure requests reach bronze and the quarantine,
 * not only silver: the raw records of posts removed in this run (and of posts this run held back
 * because they were deleted or their author erased before) are deleted or rewritten by a {@link
 * RawRedactor}. Called by ingest before it merges into silver.posts, while the removed posts can
 * still be looked up there.
 */
final class NoticeErasure {
  private NoticeErasure() {}

  /** Pseudonyms of everyone erased by {@code forget}: handle keys and account-id keys. */
  record Erased(Set<String> handleKeys, Set<String> idKeys) {
    static final Erased NONE = new Erased(Set.of(), Set.of());

    boolean none() {
      return handleKeys.isEmpty() && idKeys.isEmpty();
    }

    static Erased read(SparkSession spark, String warehouse) {
      if (!Tables.OPS_ERASURE_REQUESTS.exists(spark, warehouse)) {
        return NONE;
      }
      Set<String> handles = new HashSet<>();
      Set<String> ids = new HashSet<>();
      for (Row r :
          Tables.OPS_ERASURE_REQUESTS
              .read(spark, warehouse)
              .select("subject_key", "key_kind")
              .distinct()
              .collectAsList()) {
        (r.<String>getAs("key_kind").equals("handle") ? handles : ids).add(r.getAs("subject_key"));
      }
      return new Erased(handles, ids);
    }

    /**
     * Keys as one column, for joining against author_key and author_id_key (HMAC spaces never
     * collide).
     */
    Dataset<Row> keys(SparkSession spark) {
      Set<String> all = new HashSet<>(handleKeys);
      all.addAll(idKeys);
      return spark
          .createDataset(List.copyOf(all), org.apache.spark.sql.Encoders.STRING())
          .toDF("target_author_id_key");
    }
  }

  /**
   * @param outcomes post items of this run with their outcome (held-back ones are {@link
   *     SilverPosts#DELETED})
   * @param items every item of this run (its delete and compliance notices)
   * @param removing the kinds of notice that remove posts
   */
  static BronzeEraser.Counts apply(
      SparkSession spark,
      String warehouse,
      String runId,
      Dataset<Row> outcomes,
      Dataset<Row> items,
      Object[] removing,
      Erased erased,
      Pseudonymizer pseudonyms,
      IngestSettings settings) {
    // Records to look at: those of held-back posts, and those of posts that name an erased person
    // (a reply, a
    // mention): the redactor takes the person out of them.
    Column namesErased = lit(false);
    if (!erased.handleKeys().isEmpty()) {
      Object[] keys = erased.handleKeys().toArray();
      namesErased =
          org.apache
              .spark
              .sql
              .functions
              .arrays_overlap(
                  col("mention_keys"),
                  org.apache.spark.sql.functions.array(
                      java.util.Arrays.stream(keys).map(functions::lit).toArray(Column[]::new)))
              .or(col("reply_to_author_key").isin(keys));
    }
    List<Row> heldBack =
        outcomes
            .where(col("outcome").equalTo(SilverPosts.DELETED).or(namesErased))
            .select("source_sha256", "position", "post_id", "outcome")
            .collectAsList();
    Set<String> postIds = new HashSet<>();
    heldBack.stream()
        .filter(r -> SilverPosts.DELETED.equals(r.getAs("outcome")))
        .forEach(r -> postIds.add(r.getAs("post_id")));

    // Stored posts this run removes: a delete notice names them, or a compliance notice names their
    // account.
    Dataset<Row> notices = items.where(col("control_kind").isin(removing));
    Dataset<Row> byPost =
        notices.where(col("target_post_id").isNotNull()).select(col("target_post_id").as("n_id"));
    Dataset<Row> byAccount =
        notices
            .where(
                col("control_kind")
                    .equalTo("compliance")
                    .and(col("target_author_id_key").isNotNull()))
            .select(col("target_author_id_key").as("n_author"));
    Dataset<Row> posts =
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .select("post_id", "author_id_key", "source_file");
    List<Row> removed =
        posts
            .join(byPost, col("post_id").equalTo(col("n_id")), "left_semi")
            .union(
                posts.join(byAccount, col("author_id_key").equalTo(col("n_author")), "left_semi"))
            .select("post_id", "source_file")
            .distinct()
            .collectAsList();
    boolean anyErased = !erased.handleKeys().isEmpty() || !erased.idKeys().isEmpty();
    if (heldBack.isEmpty() && removed.isEmpty() && !anyErased) {
      return BronzeEraser.Counts.NONE;
    }
    Set<String> files = new HashSet<>();
    for (Row r : removed) {
      postIds.add(r.getAs("post_id"));
      files.add(r.getAs("source_file"));
    }
    Dataset<Row> bronze = Tables.BRONZE_RAW_POSTS.read(spark, warehouse);
    Dataset<Row> records =
        spark
            .createDataFrame(
                heldBack,
                outcomes.select("source_sha256", "position", "post_id", "outcome").schema())
            .select(col("source_sha256").as("h_sha256"), col("position").as("h_position"));
    Dataset<Row> candidates =
        bronze
            .join(
                records,
                col("source_sha256")
                    .equalTo(col("h_sha256"))
                    .and(col("position").equalTo(col("h_position"))),
                "left_semi")
            .union(bronze.where(col("source_file").isin(files.toArray())))
            // Once anybody was erased, every record of the run is looked at: a quote or a link
            // names them without
            // any post of theirs being an item of the run (the redactor keeps what does not name
            // them, unparsed
            // records aside, at a second parse of the run).
            .union(anyErased ? bronze.where(col("ingest_run_id").equalTo(runId)) : bronze.limit(0));
    RawRedactor redactor =
        new RawRedactor(erased.handleKeys(), erased.idKeys(), postIds, pseudonyms, settings);
    return BronzeEraser.erase(
        spark, warehouse, candidates.dropDuplicates("source_sha256", "position"), redactor);
  }
}
