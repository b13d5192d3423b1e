package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The weekly job on {@link WeeklyScenario} in a warehouse: what each run replaces when posts arrive
 * late, a reply lands in an older thread, a post is re-scored or deleted; a rerun without change
 * commits nothing; --rebuild and --weeks give what the increments gave.
 */
class WeeklyAggregatesJobTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static final LocalDate W1 = WeeklyScenario.W1;
  private static final LocalDate W2 = WeeklyScenario.W2;
  private static final LocalDate W3 = W2.plusWeeks(1);
  private static final List<TableContract> GOLD =
      List.of(
          GoldTables.BRAND_HEALTH_WEEKLY,
          GoldTables.BRAND_HEALTH_WEEKLY_SEGMENTS,
          GoldTables.ADVOCACY_WEEKLY);

  private final String warehouse = TestSpark.newWarehouse("gold-weekly").toString();

  private WeeklyAggregatesJob.Result run(WeeklyAggregatesJob.Options options) {
    return WeeklyAggregatesJob.run(
        SPARK, warehouse, WeeklyTransformsTest.UTC, GoldFixtures.TAXONOMY, options, Instant.now());
  }

  private WeeklyAggregatesJob.Result run() {
    return run(WeeklyAggregatesJob.Options.incremental());
  }

  /** Weeks each table replaced, by table name. */
  private static Map<String, List<LocalDate>> weeks(WeeklyAggregatesJob.Result r) {
    Map<String, List<LocalDate>> out = new TreeMap<>();
    r.tables().forEach(t -> out.put(t.table(), t.weeks()));
    return out;
  }

  private static Map<String, List<LocalDate>> expect(
      List<LocalDate> health, List<LocalDate> others) {
    return new TreeMap<>(
        Map.of(
            "gold.brand_health_weekly",
            health,
            "gold.brand_health_weekly_segments",
            others,
            "gold.advocacy_weekly",
            others));
  }

  private List<Long> versions() {
    List<Long> out = new ArrayList<>();
    for (TableContract t : GoldTables.ALL) {
      out.add(
          DeltaTable.forPath(SPARK, t.path(warehouse)).history(1).first().<Long>getAs("version"));
    }
    return out;
  }

  private List<String> contents() {
    List<String> out = new ArrayList<>();
    for (TableContract t : GOLD) {
      t.read(SPARK, warehouse).collectAsList().stream()
          .map(r -> t.name() + " " + r)
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  /** The rows of one week in every gold table, as text, sorted. */
  private List<String> contents(LocalDate week) {
    String prefix = "week_start=" + week;
    List<String> out = new ArrayList<>();
    for (TableContract t : GOLD) {
      t
          .read(SPARK, warehouse)
          .where(col("week_start").equalTo(java.sql.Date.valueOf(week)))
          .collectAsList()
          .stream()
          .map(r -> t.name() + " " + prefix + " " + r)
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private Row health(LocalDate week, String brand) {
    return GoldTables.BRAND_HEALTH_WEEKLY
        .read(SPARK, warehouse)
        .where(
            col("week_start")
                .equalTo(java.sql.Date.valueOf(week))
                .and(col("brand_id").equalTo(brand))
                .and(col("platform").equalTo("all")))
        .first();
  }

  @Test
  void recomputesOnlyTheWeeksItsInputsTouchAndRerunsToTheSameResult() {
    List<GoldFixtures.Post> posts = WeeklyScenario.posts();
    GoldFixtures.append(SPARK, warehouse, posts);
    GoldFixtures.write(SPARK, warehouse, Tables.SILVER_PEOPLE, WeeklyScenario.people(SPARK));

    WeeklyAggregatesJob.Result first = run();
    assertEquals(expect(List.of(W1, W2), List.of(W1, W2)), weeks(first));
    assertTrue(first.scope().contains("no record of a previous run"), first.scope());
    assertEquals(
        List.of(10L, 4L),
        first.tables().stream()
            .filter(t -> !t.table().endsWith("segments"))
            .map(WeeklyAggregatesJob.TableResult::rows)
            .toList(),
        "3 + 2 platform cells x 2 brands; 2 weeks x 2 brands");
    assertEquals(5L, (long) health(W1, "acme").getAs("mentions"));
    assertEquals(
        0,
        health(W1, "acme").getList(health(W1, "acme").fieldIndex("top_topics")).size(),
        "no silver.post_topics yet");

    // a rerun without change commits nothing
    List<Long> before = versions();
    List<String> contents = contents();
    WeeklyAggregatesJob.Result rerun = run();
    assertEquals(expect(List.of(), List.of()), weeks(rerun));
    assertEquals("changes since the last run: 0 candidate week(s), 0 read", rerun.scope());
    assertEquals(before, versions());
    assertEquals(contents, contents());

    // late data in week 1: topic rows appear and a post about globex arrives
    GoldFixtures.write(
        SPARK,
        warehouse,
        Tables.SILVER_POST_TOPICS,
        WeeklyScenario.topics(SPARK)
            .withColumn("lang", lit("en"))
            .withColumn("topic_rank", lit(1))
            .withColumn("content_hash", expr("concat('h', substring_index(post_id, ':', -1))"))
            .withColumn("scored_at", current_timestamp()));
    GoldFixtures.append(
        SPARK,
        warehouse,
        List.of(
            GoldFixtures.post("15", "2026-03-04T08:00:00Z", "c7")
                .competitors("globex")
                .label("positive")));
    WeeklyAggregatesJob.Result late = run();
    assertEquals(
        expect(List.of(W1, W2), List.of(W1)),
        weeks(late),
        "week 2 follows week 1 for its week-over-week columns");
    assertTrue(late.scope().contains("silver.post_topics was created"), late.scope());
    Row w1 = health(W1, "acme");
    assertEquals("late order", w1.<Row>getList(w1.fieldIndex("top_topics")).get(0).getString(2));
    assertEquals(2L, (long) w1.getAs("competitor_mentions"));
    assertEquals(1 - 5.0 / 7, health(W2, "acme").<Double>getAs("share_of_voice_wow"), 1e-12);

    // the brand answers week 2's complaint p14 in week 3: week 2 (the complaint's) and the new week
    // 3
    GoldFixtures.Post answer =
        GoldFixtures.post("16", "2026-03-16T09:00:00Z", "acmecare")
            .official("acme")
            .replyTo("twitter:14")
            .label("neutral");
    GoldFixtures.append(SPARK, warehouse, List.of(answer));
    List<String> week1 = contents(W1);
    WeeklyAggregatesJob.Result answered = run();
    assertEquals(expect(List.of(W2, W3), List.of(W2, W3)), weeks(answered));
    assertEquals(
        "changes since the last run: 2 candidate week(s), 4 read",
        answered.scope(),
        "the answer's week and the complaint's it replies into, each with its neighbours");
    assertEquals(week1, contents(W1), "week 1 left as it was");
    Row w2 = health(W2, "acme");
    assertEquals(1L, (long) w2.getAs("complaints_replied"));
    assertEquals(
        342_000.0, w2.<Double>getAs("median_first_reply_seconds"), 1e-9, "Thu 10:00 to Mon 09:00");

    // p13 (week 2) re-scored negative and the answer deleted: week 3 has no posts any more and goes
    Dataset<Row> sentiment =
        Tables.SILVER_POST_SENTIMENT
            .read(SPARK, warehouse)
            .where(col("post_id").notEqual("twitter:13"))
            .unionByName(
                GoldFixtures.sentiment(
                    SPARK,
                    List.of(
                        posts.stream()
                            .filter(p -> p.id().equals("twitter:13"))
                            .findFirst()
                            .orElseThrow()
                            .label("negative"))));
    Tables.SILVER_POST_SENTIMENT
        .conform(sentiment)
        .localCheckpoint()
        .write()
        .format("delta")
        .mode("overwrite")
        .save(Tables.SILVER_POST_SENTIMENT.path(warehouse));
    Dataset<Row> kept =
        Tables.SILVER_POSTS
            .read(SPARK, warehouse)
            .where(col("post_id").notEqual("twitter:16"))
            .localCheckpoint();
    kept.write().format("delta").mode("overwrite").save(Tables.SILVER_POSTS.path(warehouse));
    assertEquals(expect(List.of(W2, W3), List.of(W2, W3)), weeks(run()));
    assertEquals(
        0L,
        GoldTables.BRAND_HEALTH_WEEKLY
            .read(SPARK, warehouse)
            .where(col("week_start").equalTo(java.sql.Date.valueOf(W3)))
            .count());
    assertEquals(
        0L,
        GoldTables.OPS_GOLD_WEEK_INPUTS
            .read(SPARK, warehouse)
            .where(col("week_start").equalTo(java.sql.Date.valueOf(W3)))
            .count());
    w2 = health(W2, "acme");
    assertEquals(0L, (long) w2.getAs("complaints_replied"));
    assertEquals(2L, (long) w2.getAs("negative"));

    // an old post's likes change (a MERGE by ingest would write the same): its week is read, and
    // the week after for week-over-week, nothing else
    String liked = "twitter:10"; // week 1, in no thread
    Tables.SILVER_POSTS
        .delta(SPARK, warehouse)
        .updateExpr(
            "post_id = '" + liked + "'", Map.of("like_count", "coalesce(like_count, 0) + 40"));
    WeeklyAggregatesJob.Result likes = run();
    assertEquals(expect(List.of(W1, W2), List.of(W1)), weeks(likes));
    assertEquals("changes since the last run: 1 candidate week(s), 3 read", likes.scope());

    // a stored fingerprint no change explains (tampered by hand) beside a changed week: the run
    // does
    // not trust a partial read and compares every week
    GoldTables.OPS_GOLD_WEEK_INPUTS
        .delta(SPARK, warehouse)
        .updateExpr(
            "week_start = DATE'" + W1 + "' AND table_name = 'gold.advocacy_weekly'",
            Map.of("fingerprint", "'tampered'"));
    Tables.SILVER_POSTS
        .delta(SPARK, warehouse)
        .updateExpr("post_id = 'twitter:13'", Map.of("like_count", "coalesce(like_count, 0) + 1"));
    WeeklyAggregatesJob.Result guarded = run();
    assertEquals(
        "every week compared (a week outside the changes' scope changed)", guarded.scope());
    assertEquals(expect(List.of(W2), List.of(W2)).keySet(), weeks(guarded).keySet());
    assertEquals(List.of(W1, W2), weeks(guarded).get("gold.advocacy_weekly"));

    // --rebuild gives exactly what the increments gave
    List<String> incremental = contents();
    assertTrue(!incremental.equals(contents), "the changes above changed the tables");
    assertEquals(
        expect(List.of(W1, W2), List.of(W1, W2)),
        weeks(run(new WeeklyAggregatesJob.Options(true, List.of()))));
    assertEquals(incremental, contents());
  }

  /** A warehouse with an enriched and scored post and a post enrichment has not seen yet. */
  private void oneEnrichedPostAndOneNot() {
    GoldFixtures.Post p =
        GoldFixtures.post("1", "2026-03-02T10:00:00Z", "c1").brands("acme").label("negative");
    GoldFixtures.append(SPARK, warehouse, List.of(p));
    GoldFixtures.write(
        SPARK,
        warehouse,
        Tables.SILVER_POSTS,
        GoldFixtures.posts(SPARK, List.of(GoldFixtures.post("2", "2026-03-02T11:00:00Z", "c2"))));
  }

  @Test
  void refusesPostsNotEnrichedOnTheirCurrentText() {
    oneEnrichedPostAndOneNot();
    IllegalStateException e = assertThrows(IllegalStateException.class, this::run);
    assertTrue(
        e.getMessage().contains("1 post(s) of silver.posts are not enriched"), e.getMessage());
  }

  /**
   * The command's parts run at once, but the crisis and themes parts start only once the weekly
   * part found its posts enriched: on a refusal no part writes (the crisis part alone would have
   * counted the enriched post).
   */
  @Test
  void theCommandRefusesBeforeAnyOfItsPartsWrites() throws Exception {
    oneEnrichedPostAndOneNot();
    java.nio.file.Path taxonomy = java.nio.file.Path.of(warehouse, "gold-test.conf");
    java.nio.file.Files.writeString(
        taxonomy, "taxonomy {\n" + GoldFixtures.TAXONOMY_TEXT + "\n}\n");
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        com.brandpulse.cli.BrandPulse.commandLine()
            .setErr(new java.io.PrintWriter(err))
            .execute(
                "aggregate",
                "--no-progress",
                "--warehouse",
                warehouse,
                "--set",
                "enrich.taxonomy=\"" + taxonomy + "\"",
                "--set",
                "gold.concurrent-parts=true");
    assertTrue(code != 0, "exit code " + code);
    assertTrue(err.toString().contains("are not enriched"), err.toString());
    for (TableContract t :
        List.of(
            GoldTables.OPS_GOLD_WEEK_INPUTS,
            CrisisTables.GOLD_CRISIS_WEEKLY,
            CrisisTables.OPS_CRISIS_SERIES,
            Tables.GOLD_COMPLAINT_THEMES_WEEKLY)) {
      assertEquals(0L, t.read(SPARK, warehouse).count(), t.qualifiedName());
    }
  }
}
