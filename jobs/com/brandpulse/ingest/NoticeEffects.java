package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Tables;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the account-level notices of a run do to silver.posts: a compliance notice about an account
 * removes its posts, a scrub_geo notice removes location from its posts up to an id. (Notices about
 * single posts are applied in ingest's MERGE.)
 */
final class NoticeEffects {
  private NoticeEffects() {}

  /** Compliance notices about accounts: remove every post of the account. */
  static void applyAccountRemovals(
      org.apache.spark.sql.SparkSession spark, String warehouse, Dataset<Row> items) {
    List<String> accounts =
        items
            .where(
                col("control_kind")
                    .equalTo("compliance")
                    .and(col("target_author_id_key").isNotNull()))
            .select("target_author_id_key")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.<String>getAs("target_author_id_key"))
            .toList();
    if (!accounts.isEmpty()) {
      Tables.SILVER_POSTS
          .delta(spark, warehouse)
          .delete(col("author_id_key").isin(accounts.toArray()));
    }
  }

  /** Scrubs per UPDATE: one commit for a night's notices, with a bounded predicate. */
  private static final int SCRUBS_PER_UPDATE = 200;

  /**
   * scrub_geo notices: remove location from the account's posts up to the given id. Notices are
   * reduced to the highest id per account (a scrub up to a later id covers the earlier ones) and
   * applied in batched UPDATEs.
   */
  static void applyGeoScrubs(
      org.apache.spark.sql.SparkSession spark, String warehouse, Dataset<Row> items) {
    List<Row> scrubs =
        items
            .where(
                col("control_kind")
                    .equalTo("scrub_geo")
                    .and(col("target_author_id_key").isNotNull())
                    .and(col("up_to_source_id").isNotNull()))
            .select("target_author_id_key", "up_to_source_id")
            .collectAsList();
    Map<String, String> upToByAccount = new java.util.TreeMap<>();
    for (Row s : scrubs) {
      String upTo =
          s.<String>getAs("up_to_source_id").replaceAll("\\D", "").replaceFirst("^0+(?=\\d)", "");
      if (!upTo.isEmpty()) {
        // ids compared as decimal numbers: longer is larger, equal lengths compare as text; never
        // through a double
        upToByAccount.merge(
            s.<String>getAs("target_author_id_key").replace("'", ""),
            upTo,
            (a, b) ->
                a.length() != b.length()
                    ? (a.length() > b.length() ? a : b)
                    : (a.compareTo(b) >= 0 ? a : b));
      }
    }
    if (upToByAccount.isEmpty()) {
      return;
    }
    Map<String, org.apache.spark.sql.Column> set = new HashMap<>();
    for (String column : List.of("geo_lat", "geo_lon")) {
      set.put(column, lit(null).cast("double"));
    }
    set.put("place_name", lit(null).cast("string"));
    set.put("place_country_code", lit(null).cast("string"));
    DeltaTable posts = Tables.SILVER_POSTS.delta(spark, warehouse);
    List<String> conditions = new ArrayList<>();
    for (Map.Entry<String, String> e : upToByAccount.entrySet()) {
      String upTo = e.getValue();
      conditions.add(
          "(author_id_key = '"
              + e.getKey()
              + "' AND (length(source_id) < "
              + upTo.length()
              + " OR (length(source_id) = "
              + upTo.length()
              + " AND source_id <= '"
              + upTo
              + "')))");
      if (conditions.size() == SCRUBS_PER_UPDATE) {
        posts.update(
            org.apache.spark.sql.functions.expr(
                "platform = 'twitter' AND (" + String.join(" OR ", conditions) + ")"),
            set);
        conditions.clear();
      }
    }
    if (!conditions.isEmpty()) {
      posts.update(
          org.apache.spark.sql.functions.expr(
              "platform = 'twitter' AND (" + String.join(" OR ", conditions) + ")"),
          set);
    }
  }
}
