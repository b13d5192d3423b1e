package com.brandpulse.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.DemoWarehouse;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.privacy.ForgetJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure that reaches the disk: a copy of the demo warehouse (ingest, roster, enrichment,
 * sentiment, crisis signals), then {@code forget} of one person and of an employee on every
 * platform the demo writes; the weekly gold tables are computed by the forget itself. Every file
 * under the warehouse is opened afterwards (Parquet through its reader, the Delta log as text):
 * none may still hold their handle or the text of one of their posts. Loading the same archive
 * again must not bring them back.
 */
class ForgetTest {
  static final SparkSession SPARK = TestSpark.get();
  static final Pseudonymizer P = TestSpark.pseudonyms();
  static final String PERSON = "mia_brown";
  static final String EMPLOYEE = "gina_at_aurora";

  static Path warehouse;
  static DemoWarehouse.Built demo;
  static AppConfig config;
  static List<String> theirTexts;
  static Set<String> theirPostIds;
  static String deletedId;
  static ForgetJob.Result result;

  @BeforeAll
  static void forgetAPerson() throws Exception {
    long t0 = System.nanoTime();
    demo = DemoWarehouse.get();
    warehouse = TestSpark.newWarehouseCopy("forget", demo.warehouse());
    config = DemoWarehouse.Built.config(warehouse, "privacy.deleted-file-retention=0h");

    // What must be gone: their post texts as they stand in the raw files (ASCII, no mention or
    // quote, so the
    // same characters are in bronze, silver and gold) and their post ids.
    var theirs =
        Tables.SILVER_POSTS
            .read(SPARK, warehouse.toString())
            .where(
                col("author_key")
                    .isin(
                        everywhere(PERSON).stream()
                            .map(a -> P.handle(a.platform(), a.handle()))
                            .toArray()));
    theirPostIds =
        Set.copyOf(
            theirs.select("post_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    List<String> candidates =
        theirs
            .where(col("text").rlike("^[ -~]{25,}$").and(col("text").rlike("^[^@<\"\\\\]*$")))
            .select("text")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    // Only texts nobody else wrote too (the demo's templates repeat).
    Set<String> shared =
        Set.copyOf(
            Tables.SILVER_POSTS
                .read(SPARK, warehouse.toString())
                .where(
                    col("text")
                        .isin(candidates.toArray())
                        .and(col("post_id").isin(theirPostIds.toArray()).unary_$bang()))
                .select("text")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
    theirTexts = candidates.stream().filter(t -> !shared.contains(t)).distinct().toList();
    assertTrue(
        theirPostIds.size() >= 10, "the person posts on both platforms: " + theirPostIds.size());
    assertTrue(theirTexts.size() >= 2, "texts only they wrote: " + theirTexts);
    assertFalse(holders(PERSON).isEmpty(), "before: bronze holds the handle");
    deletedId =
        Tables.SILVER_CONTROL_EVENTS
            .read(SPARK, warehouse.toString())
            .where(col("kind").equalTo("delete"))
            .first()
            .<String>getAs("target_post_id");

    long t1 = System.nanoTime();
    List<ForgetJob.Account> accounts = new java.util.ArrayList<>(everywhere(PERSON));
    accounts.addAll(everywhere("@" + EMPLOYEE));
    result = ForgetCommand.forget(SPARK, config, new ForgetJob.Subject(accounts), false);
    System.out.printf(
        "forget test: copy and checks %.1f s, forget %.1f s%n",
        (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
  }

  static void ingest(boolean reprocess) throws IOException {
    IngestJob.run(
        SPARK,
        warehouse.toString(),
        IngestSettings.from(config),
        P,
        new IngestJob.Options(demo.inputs(), "auto", reprocess),
        Instant.now());
  }

  @Test
  void everyTableForgetsThemAndTheRequestKeepsOnlyPseudonyms() {
    System.out.println("forget: " + result);
    assertTrue(result.posts() > 0);
    assertTrue(result.bronze().deleted() > 0, "their own records deleted");
    assertTrue(
        result.bronze().redacted() > 0, "shared records (v2 pages, quotes) rewritten without them");
    assertTrue(result.people() >= 1, "the employee's roster rows");
    assertTrue(
        Tables.SILVER_POSTS
            .read(SPARK, warehouse.toString())
            .where(
                col("platform")
                    .equalTo("reddit")
                    .and(col("author_key").equalTo(P.handle("reddit", PERSON))))
            .isEmpty(),
        "reddit too");
    for (TableContract t :
        List.of(
            Tables.SILVER_POSTS,
            Tables.SILVER_POST_ENRICHMENT,
            Tables.SILVER_POST_MENTIONS,
            Tables.SILVER_POST_SENTIMENT)) {
      assertEquals(
          0,
          t.read(SPARK, warehouse.toString())
              .where(col("post_id").isin(theirPostIds.toArray()))
              .count(),
          t.qualifiedName());
    }
    assertEquals(
        0,
        Tables.SILVER_PEOPLE
            .read(SPARK, warehouse.toString())
            .where(col("person_key").equalTo(P.handle("twitter", EMPLOYEE)))
            .count());
    assertEquals(
        0,
        CrisisTables.GOLD_CRISIS_SIGNALS
            .read(SPARK, warehouse.toString())
            .selectExpr("explode(representative_posts) AS r")
            .where(col("r.post_id").isin(theirPostIds.toArray()))
            .count());
    List<Row> requests =
        Tables.OPS_ERASURE_REQUESTS.read(SPARK, warehouse.toString()).collectAsList();
    assertTrue(
        requests.stream()
            .anyMatch(r -> r.getAs("subject_key").equals(P.handle("twitter", PERSON))));
    assertFalse(
        requests.toString().toLowerCase(Locale.ROOT).contains("mia_brown"),
        "no handle in the request log");
  }

  @Test
  void noFileUnderTheWarehouseHoldsThemAndAReloadDoesNotBringThemBack() throws Exception {
    assertEquals(List.of(), holders(PERSON), "files holding the handle");
    assertEquals(List.of(), holders(EMPLOYEE), "files holding the employee's handle");
    for (String text : theirTexts) {
      assertEquals(List.of(), holders(text), "files holding their text: " + text);
    }

    long t0 = System.nanoTime();
    ingest(true); // an old export loaded again
    System.out.printf("forget test: reload %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(
        0,
        Tables.SILVER_POSTS
            .read(SPARK, warehouse.toString())
            .where(col("post_id").isin(theirPostIds.toArray()))
            .count(),
        "held back on reload");
    assertEquals(
        List.of(), holders(PERSON), "bronze of the reload: their records removed, then vacuumed");
    for (String text : theirTexts) {
      assertEquals(List.of(), holders(text), "after the reload: " + text);
    }
    // A delete notice reaches bronze too: the deleted post's own record is gone, the notice stays.
    String sourceId = deletedId.substring(deletedId.indexOf(':') + 1);
    assertEquals(
        0,
        Tables.BRONZE_RAW_POSTS
            .read(SPARK, warehouse.toString())
            .where(col("record").contains("\"id_str\":\"" + sourceId + "\",\"text\""))
            .count());
  }

  /**
   * A demo person's accounts: the same name on X and Reddit, and on the other platforms where the
   * demo moved some of their conversations (a Mastodon server per language, Bluesky, YouTube).
   */
  static List<ForgetJob.Account> everywhere(String handle) {
    String name = handle.startsWith("@") ? handle.substring(1) : handle;
    return List.of(
        new ForgetJob.Account("twitter", handle, null),
        new ForgetJob.Account("reddit", name, null),
        new ForgetJob.Account("mastodon", name + "@mastodon.example", null),
        new ForgetJob.Account("mastodon", name + "@kr.mastodon.example", null),
        new ForgetJob.Account(
            "bluesky", name.toLowerCase(Locale.ROOT).replace('_', '-') + ".bsky.social", null),
        new ForgetJob.Account("youtube", name, null));
  }

  static List<String> holders(String needle) {
    return TestSpark.filesHolding(warehouse, needle);
  }
}
