package com.brandpulse.serving;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.TableContract;
import com.brandpulse.gold.CrisisTables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * publish against a real PostgreSQL server (bin/postgres, 127.0.0.1), with fixture gold contracts
 * and rows built here: values arrive exactly, a rerun copies nothing, only changed weeks are
 * replaced (rows of other weeks keep their transaction id), a failed copy leaves the served data
 * and its state as they were, views carry the contract's comments, indexes and grants exist, a text
 * holding NUL is served without it, publish gives up on a lock a BI reader holds after
 * serving.lock-timeout, and passwords come only from the environment or the owner-only credentials
 * file. What the BI reader cannot do is ServingRolesTest's.
 */
class PublisherTest {
  static final TableContract WEEKLY =
      TableContract.of("gold", "fixture_weekly", "one row per week_start, brand_id and platform")
          .columns(
              String.join(
                  ",",
                  "week_start DATE NOT NULL COMMENT 'Monday of the ISO week'",
                  "brand_id STRING NOT NULL COMMENT 'the brand\\'s taxonomy id'",
                  "platform STRING NOT NULL COMMENT 'twitter or reddit'",
                  "posts BIGINT NOT NULL COMMENT 'posts mentioning the brand'",
                  "net_sentiment DOUBLE COMMENT 'positive share minus negative share'",
                  "share_of_voice DECIMAL(6,4)",
                  "top_terms ARRAY<STRING> COMMENT 'most frequent terms'",
                  "extras MAP<STRING,BIGINT>",
                  "first_post_at TIMESTAMP",
                  "note STRING"))
          .key("week_start", "brand_id", "platform");

  static final List<LocalDate> WEEKS =
      List.of(LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 14), LocalDate.of(2026, 9, 21));
  static final List<String> NOTES =
      List.of("plain", "comma, \"quoted\"\nand a new line", "", "한빛폰 배터리 \\ backslash");

  static SparkSession spark;

  @BeforeAll
  static void startServer() {
    spark = TestSpark.get();
    TestPostgres.port();
  }

  /**
   * 3 weeks x 2 brands x 2 platforms; posts = 100 * week + 10 * brand + platform, so each row is
   * known.
   */
  static List<Row> rows(int postsOffset) {
    List<Row> rows = new ArrayList<>();
    for (int w = 0; w < WEEKS.size(); w++) {
      for (int b = 0; b < 2; b++) {
        for (int p = 0; p < 2; p++) {
          int i = w * 4 + b * 2 + p;
          rows.add(
              RowFactory.create(
                  Date.valueOf(WEEKS.get(w)),
                  "brand-" + b,
                  p == 0 ? "twitter" : "reddit",
                  (long) (100 * w + 10 * b + p + postsOffset),
                  i == 3 ? null : (i - 5) / 8.0,
                  new BigDecimal("0.1234").add(BigDecimal.valueOf(i, 4)),
                  scala.jdk.javaapi.CollectionConverters.asScala(
                          i == 5
                              ? Arrays.asList("late", null, "\"q\"")
                              : List.of("delay", "bag " + i))
                      .toSeq(),
                  i == 2
                      ? null
                      : scala.jdk.javaapi.CollectionConverters.asScala(Map.of("likes", (long) i)),
                  Timestamp.from(
                      Instant.parse("2026-09-07T00:00:00Z")
                          .plusSeconds(86_400L * 7 * w + 3600L * i + 1)),
                  NOTES.get(i % NOTES.size())));
        }
      }
    }
    return rows;
  }

  static void write(Path warehouse, TableContract c, List<Row> rows, String replaceWhere) {
    c.ensure(spark, warehouse.toString());
    var writer = c.fixture(spark, rows).write().format("delta");
    if (replaceWhere == null) {
      writer.mode("append").save(c.path(warehouse.toString()));
    } else {
      writer
          .mode("overwrite")
          .option("replaceWhere", replaceWhere)
          .save(c.path(warehouse.toString()));
    }
  }

  static Publisher.TableResult publish(
      Path warehouse, TableContract c, ServingSettings s, String runId) throws SQLException {
    Publisher.Result r =
        Publisher.publish(spark, warehouse.toString(), List.of(c), s, runId, null, Instant.now());
    return r.tables().get(0);
  }

  static List<List<String>> query(String database, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = TestPostgres.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void fingerprintsIgnoreRowOrderAndSeeEveryValue() {
    List<Row> rows = rows(0);
    List<Row> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    Map<String, String> a = fingerprints(WEEKLY.fixture(spark, rows).repartition(3));
    Map<String, String> b = fingerprints(WEEKLY.fixture(spark, reversed).coalesce(1));
    assertEquals(a, b);
    assertEquals(3, a.size());
    List<Row> changed = new ArrayList<>(rows);
    Row r = changed.get(5); // week 2026-09-14: one note changes
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    values[9] = "plain.";
    changed.set(5, RowFactory.create(values));
    Map<String, String> c = fingerprints(WEEKLY.fixture(spark, changed));
    assertEquals(a.get("2026-09-07"), c.get("2026-09-07"));
    assertNotEquals(a.get("2026-09-14"), c.get("2026-09-14"));
    assertEquals(a.get("2026-09-21"), c.get("2026-09-21"));
  }

  private static Map<String, String> fingerprints(Dataset<Row> frame) {
    Map<String, String> out = new TreeMap<>();
    for (Row r :
        Publisher.sliceFingerprints(frame, Publisher.slice(WEEKLY, "week_start")).collectAsList()) {
      assertEquals(4L, r.getLong(1));
      out.put(r.getString(0), r.getString(2));
    }
    return out;
  }

  @Test
  void publishCopiesEveryValueThenOnlyChangedWeeksAndARerunCopiesNothing() throws Exception {
    Path wh = TestSpark.newWarehouse("publish");
    String db = TestPostgres.createDatabase("publish");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    write(wh, WEEKLY, rows(0), null);

    Publisher.TableResult first = publish(wh, WEEKLY, s, "run-1");
    assertTrue(first.rebuilt());
    assertEquals(List.of("2026-09-07", "2026-09-14", "2026-09-21"), first.changed());
    assertEquals(12, first.rows());

    // Every value as PostgreSQL holds it, against the fixture rows.
    List<Row> expected = rows(0);
    try (Connection c = TestPostgres.connect(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM gold.fixture_weekly ORDER BY posts")) {
      int n = 0;
      while (rs.next()) {
        Row e = expected.get(n++);
        assertEquals(e.getDate(0).toLocalDate(), rs.getObject("week_start", LocalDate.class));
        assertEquals(e.getString(1), rs.getString("brand_id"));
        assertEquals(e.getString(2), rs.getString("platform"));
        assertEquals(e.getLong(3), rs.getLong("posts"));
        assertEquals(e.isNullAt(4) ? null : e.getDouble(4), (Double) rs.getObject("net_sentiment"));
        assertEquals(e.getDecimal(5), rs.getBigDecimal("share_of_voice"));
        assertEquals(e.getList(6), Arrays.asList((Object[]) rs.getArray("top_terms").getArray()));
        assertEquals(
            e.isNullAt(7) ? null : "{\"likes\": " + e.getJavaMap(7).get("likes") + "}",
            rs.getString("extras"));
        assertEquals(
            e.getTimestamp(8).toInstant(),
            rs.getObject("first_post_at", OffsetDateTime.class).toInstant());
        assertEquals(e.getString(9), rs.getString("note"));
      }
      assertEquals(12, n);
    }

    Publisher.TableResult again = publish(wh, WEEKLY, s, "run-2");
    assertEquals(List.of(), again.changed());
    assertEquals(0, again.rows());
    assertFalse(again.rebuilt());

    // One week changes in Delta: only that week is replaced; rows of the other weeks are not
    // touched.
    Map<String, String> xminBefore = xmins(db);
    List<Row> week2 = new ArrayList<>(rows(1000).subList(4, 8));
    write(wh, WEEKLY, week2, "week_start = '2026-09-14'");
    Publisher.TableResult third = publish(wh, WEEKLY, s, "run-3");
    assertEquals(List.of("2026-09-14"), third.changed());
    assertEquals(4, third.rows());
    Map<String, String> xminAfter = xmins(db);
    xminBefore.forEach(
        (key, xmin) -> {
          if (key.startsWith("2026-09-14")) {
            assertNotEquals(xmin, xminAfter.get(key), key);
          } else {
            assertEquals(xmin, xminAfter.get(key), key);
          }
        });
    assertEquals(
        List.of(List.of("2026-09-14", "4", "4422")),
        query(
            db,
            "SELECT week_start::text, count(*), sum(posts) FROM gold.fixture_weekly"
                + " WHERE week_start = '2026-09-14' GROUP BY 1"));

    // A week that left the Delta table leaves PostgreSQL and the state.
    spark.sql(
        "DELETE FROM " + WEEKLY.pathIdentifier(wh.toString()) + " WHERE week_start = '2026-09-21'");
    Publisher.TableResult fourth = publish(wh, WEEKLY, s, "run-4");
    assertEquals(List.of("2026-09-21"), fourth.removed());
    assertEquals(
        List.of(List.of("2026-09-07", "4"), List.of("2026-09-14", "4")),
        query(
            db,
            "SELECT week_start::text, count(*) FROM gold.fixture_weekly GROUP BY 1 ORDER BY 1"));
    assertEquals(
        List.of(List.of("2026-09-07", "4", "run-1"), List.of("2026-09-14", "4", "run-3")),
        query(db, "SELECT slice, row_count, run_id FROM serving.publish_state ORDER BY slice"));
    assertEquals(
        List.of(
            List.of("run-1", "3", "0", "12"),
            List.of("run-2", "0", "0", "0"),
            List.of("run-3", "1", "0", "4"),
            List.of("run-4", "0", "1", "0")),
        query(
            db,
            "SELECT run_id, slices_changed, slices_removed, rows_copied FROM serving.publish_runs ORDER BY run_id"));

    // --from 2026-09-14: both weeks change in Delta; only the week from it on is compared and
    // copied, and the week before stays served as it was.
    spark.sql(
        "UPDATE "
            + WEEKLY.pathIdentifier(wh.toString())
            + " SET posts = posts + 5000 WHERE week_start IN ('2026-09-07', '2026-09-14')");
    Publisher.TableResult fromWeek =
        Publisher.publish(
                spark,
                wh.toString(),
                List.of(WEEKLY),
                s,
                "run-5",
                LocalDate.parse("2026-09-14"),
                Instant.now())
            .tables()
            .get(0);
    assertEquals(List.of("2026-09-14"), fromWeek.changed());
    assertEquals(List.of(), fromWeek.removed());
    assertEquals(
        List.of(List.of("2026-09-07", "4", "22"), List.of("2026-09-14", "4", "24422")),
        query(
            db,
            "SELECT week_start::text, count(*), sum(posts) FROM gold.fixture_weekly"
                + " GROUP BY 1 ORDER BY 1"));
    // A later run without --from sees the week before it changed.
    assertEquals(List.of("2026-09-07"), publish(wh, WEEKLY, s, "run-6").changed());
    // Nor is a week before --from removed when it leaves the Delta table.
    spark.sql(
        "DELETE FROM " + WEEKLY.pathIdentifier(wh.toString()) + " WHERE week_start = '2026-09-07'");
    Publisher.TableResult kept =
        Publisher.publish(
                spark,
                wh.toString(),
                List.of(WEEKLY),
                s,
                "run-7",
                LocalDate.parse("2026-09-14"),
                Instant.now())
            .tables()
            .get(0);
    assertEquals(List.of(), kept.changed());
    assertEquals(List.of(), kept.removed());
    assertEquals(
        List.of(List.of("2026-09-07", "4"), List.of("2026-09-14", "4")),
        query(
            db,
            "SELECT week_start::text, count(*) FROM gold.fixture_weekly GROUP BY 1 ORDER BY 1"));
  }

  private static Map<String, String> xmins(String db) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> r :
        query(
            db,
            "SELECT week_start::text || '/' || brand_id || '/' || platform, xmin::text"
                + " FROM gold.fixture_weekly")) {
      out.put(r.get(0), r.get(1));
    }
    return out;
  }

  @Test
  void aFailedCopyLeavesTheServedWeeksAndTheStateAsTheyWere() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-fail");
    String db = TestPostgres.createDatabase("publish_fail");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    write(wh, WEEKLY, rows(0), null);
    publish(wh, WEEKLY, s, "run-1");
    List<List<String>> servedBefore = query(db, "SELECT * FROM gold.fixture_weekly ORDER BY posts");
    List<List<String>> stateBefore =
        query(db, "SELECT * FROM serving.publish_state ORDER BY slice");

    // The server refuses one row of the new week 2026-09-14 half-way through the COPY.
    try (Connection c = TestPostgres.connect(db);
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE gold.fixture_weekly ADD CONSTRAINT posts_small CHECK (posts < 1111)");
    }
    write(wh, WEEKLY, rows(1000).subList(4, 8), "week_start = '2026-09-14'");
    Exception e = assertThrows(SQLException.class, () -> publish(wh, WEEKLY, s, "run-2"));
    assertTrue(e.getMessage().contains("gold.fixture_weekly: publish rolled back"), e.getMessage());
    assertEquals(servedBefore, query(db, "SELECT * FROM gold.fixture_weekly ORDER BY posts"));
    assertEquals(stateBefore, query(db, "SELECT * FROM serving.publish_state ORDER BY slice"));
    assertEquals(List.of(List.of("run-1")), query(db, "SELECT run_id FROM serving.publish_runs"));

    try (Connection c = TestPostgres.connect(db);
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE gold.fixture_weekly DROP CONSTRAINT posts_small");
    }
    assertEquals(List.of("2026-09-14"), publish(wh, WEEKLY, s, "run-3").changed());
  }

  @Test
  void viewsCarryTheContractsCommentsWithIndexesAndAReadOnlyRole() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-views");
    String db = TestPostgres.createDatabase("publish_views");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    write(wh, WEEKLY, rows(0), null);
    publish(wh, WEEKLY, s, "run-1");

    assertEquals(
        List.of(
            List.of("2026-09-07", "2026-W37", "4"),
            List.of("2026-09-14", "2026-W38", "4"),
            List.of("2026-09-21", "2026-W39", "4")),
        query(
            db,
            "SELECT week_start::text, week_label, count(*) FROM bi.fixture_weekly GROUP BY 1, 2 ORDER BY 1"));
    assertEquals(
        List.of(
            List.of(
                "the brand's taxonomy id",
                "Monday of the ISO week",
                "ISO week of week_start (YYYY-Www), for axis labels")),
        query(
            db,
            "SELECT col_description('bi.fixture_weekly'::regclass, 2), col_description('bi.fixture_weekly'::regclass, 1),"
                + " col_description('bi.fixture_weekly'::regclass, 11)"));
    String viewComment =
        query(db, "SELECT obj_description('bi.fixture_weekly'::regclass, 'pg_class')")
            .get(0)
            .get(0);
    assertTrue(
        viewComment.startsWith(
            "one row per week_start, brand_id and platform. Source: Delta table gold.fixture_weekly"),
        viewComment);
    // Primary key (week_start, brand_id, platform) plus the configured filters.
    assertEquals(
        List.of(
            List.of(
                "fixture_weekly_brand_id_week_start_idx",
                "CREATE INDEX fixture_weekly_brand_id_week_start_idx ON gold.fixture_weekly USING btree (brand_id, week_start)"),
            List.of(
                "fixture_weekly_pkey",
                "CREATE UNIQUE INDEX fixture_weekly_pkey ON gold.fixture_weekly USING btree (week_start, brand_id, platform)"),
            List.of(
                "fixture_weekly_platform_idx",
                "CREATE INDEX fixture_weekly_platform_idx ON gold.fixture_weekly USING btree (platform)")),
        query(
            db, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'gold' ORDER BY 1"));

    // The views run with their owner's rights (no security_invoker): the reader needs no right on
    // the tables.
    assertEquals(
        List.of(List.of("0")),
        query(
            db,
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'bi'::regnamespace"
                + " AND array_to_string(reloptions, ',') LIKE '%security_invoker%'"));
    try (Connection reader =
            TestPostgres.connect(
                db, "brandpulse_reader", TestPostgres.password("brandpulse_reader"));
        Statement st = reader.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bi.fixture_weekly")) {
        rs.next();
        assertEquals(12, rs.getInt(1));
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bi.publish_status")) {
        rs.next();
        assertEquals(3, rs.getInt(1));
      }
      SQLException denied =
          assertThrows(
              SQLException.class, () -> st.executeQuery("SELECT * FROM gold.fixture_weekly"));
      assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
    }
  }

  @Test
  void aChangedContractRebuildsTheServedTableAndATableWithoutWeeksIsServedWhole() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-rebuild");
    String db = TestPostgres.createDatabase("publish_rebuild");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    write(wh, WEEKLY, rows(0), null);
    publish(wh, WEEKLY, s, "run-1");

    // The same table declared with one more column: served table rebuilt, every week copied again.
    TableContract wider =
        TableContract.of("gold", "fixture_weekly", "one row per week_start, brand_id and platform")
            .columns(WEEKLY.schema().toDDL() + ", reach BIGINT COMMENT 'distinct authors'")
            .key("week_start", "brand_id", "platform");
    spark
        .read()
        .format("delta")
        .load(WEEKLY.path(wh.toString()))
        .withColumn("reach", lit(7L))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(WEEKLY.path(wh.toString()));
    // A BI query still open on the view the rebuild must drop: publish waits serving.lock-timeout
    // (1 s here), gives
    // up and rolls back, and the reader never noticed; once the reader is done it goes through.
    ServingSettings impatient =
        ServingSettings.from(TestPostgres.config(wh, db, "serving.lock-timeout=1s"));
    try (Connection reader =
            TestPostgres.connect(
                db, "brandpulse_reader", TestPostgres.password("brandpulse_reader"));
        Statement st = reader.createStatement()) {
      reader.setAutoCommit(false);
      st.executeQuery("SELECT count(*) FROM bi.fixture_weekly").close();
      long t0 = System.nanoTime();
      SQLException stalled =
          assertThrows(SQLException.class, () -> publish(wh, wider, impatient, "run-2"));
      assertTrue(
          stalled.getMessage().contains("canceling statement due to lock timeout"),
          stalled.getMessage());
      assertTrue(
          (System.nanoTime() - t0) / 1e9 < 30, "publish gave up after the lock timeout, not later");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(*) FILTER (WHERE posts >= 0) FROM bi.fixture_weekly")) {
        rs.next();
        assertEquals(12, rs.getInt(1));
      }
      reader.rollback();
    }
    Publisher.TableResult rebuilt = publish(wh, wider, s, "run-2");
    assertTrue(rebuilt.rebuilt());
    assertEquals(3, rebuilt.changed().size());
    assertEquals(
        List.of(List.of("12", "84")),
        query(db, "SELECT count(*), sum(reach) FROM bi.fixture_weekly"));

    // No week column: one slice, replaced whole when anything changed.
    TableContract brands =
        TableContract.of("gold", "fixture_brands", "one row per brand_id")
            .columns("brand_id STRING NOT NULL, name STRING")
            .key("brand_id");
    write(
        wh,
        brands,
        List.of(RowFactory.create("a", "Aurora"), RowFactory.create("b", "Hanbit")),
        null);
    assertEquals(List.of(Publisher.WHOLE_TABLE), publish(wh, brands, s, "run-3").changed());
    assertEquals(List.of(), publish(wh, brands, s, "run-4").changed());
    write(wh, brands, List.of(RowFactory.create("c", "Zephyr")), null);
    assertEquals(3, publish(wh, brands, s, "run-5").rows());
    assertEquals(
        List.of(List.of("a,b,c")),
        query(db, "SELECT string_agg(brand_id, ',' ORDER BY brand_id) FROM bi.fixture_brands"));
  }

  /**
   * The crisis gold contracts as they are: arrays of structs become jsonb, the rest keeps its type.
   */
  @Test
  void theCrisisContractsAreServedAsDeclared() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-crisis");
    String db = TestPostgres.createDatabase("publish_crisis");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    String signal =
        "{\"signal_id\":\"s1\",\"week_start\":\"2026-09-21\",\"iso_week\":\"2026-W39\","
            + "\"brand_id\":\"aurora-air\",\"brand_name\":\"Aurora Air\",\"brand_kind\":\"brand\",\"metric\":\"mentions\","
            + "\"granularity\":\"hour\",\"started_at\":\"2026-09-23T01:00:00Z\",\"ended_at\":\"2026-09-23T07:00:00Z\","
            + "\"peak_at\":\"2026-09-23T03:00:00Z\",\"status\":\"ended\",\"steps\":6,\"posts\":240,\"scored_posts\":200,"
            + "\"negative_posts\":150,\"observed\":240.0,\"expected\":30.5,\"score\":14.2,\"threshold\":6.0,"
            + "\"peak_observed\":80.0,\"peak_expected\":5.0,\"severity\":\"high\",\"baseline_start\":\"2026-09-16T01:00:00Z\","
            + "\"drivers\":[{\"kind\":\"term\",\"name\":\"check-in\",\"observed\":120,\"expected\":3.5,\"lift\":26.1}],"
            + "\"representative_posts\":[{\"post_id\":\"twitter:1\",\"created_at\":\"2026-09-23T03:10:00Z\","
            + "\"platform\":\"twitter\",\"author_key\":\"a1\",\"text\":\"app down, \\\"error 503\\\"\",\"engagement\":42,"
            + "\"why\":\"most_engaged\"}]}";
    String weekly =
        "{\"week_start\":\"2026-09-21\",\"iso_week\":\"2026-W39\",\"brand_id\":\"aurora-air\","
            + "\"brand_name\":\"Aurora Air\",\"brand_kind\":\"brand\",\"posts\":900,\"scored_posts\":800,"
            + "\"negative_posts\":300,\"negative_share\":0.375,\"signals\":1,\"high_signals\":1,\"open_signals\":0,"
            + "\"peak_score\":14.2,\"top_signal_id\":\"s1\",\"alert_hours\":6,\"alert_days\":1,"
            + "\"flagged_series\":[\"mentions/hour\"]}";
    List<TableContract> crisis =
        List.of(CrisisTables.GOLD_CRISIS_SIGNALS, CrisisTables.GOLD_CRISIS_WEEKLY);
    for (int i = 0; i < 2; i++) {
      TableContract c = crisis.get(i);
      c.ensure(spark, wh.toString());
      Dataset<Row> rows =
          spark
              .read()
              .schema(c.schema())
              .option("mode", "FAILFAST")
              .json(
                  spark.createDataset(
                      List.of(i == 0 ? signal : weekly), org.apache.spark.sql.Encoders.STRING()));
      c.conform(rows).write().format("delta").mode("append").save(c.path(wh.toString()));
    }
    Publisher.Result r =
        Publisher.publish(spark, wh.toString(), crisis, s, "run-1", null, Instant.now());
    assertEquals(List.of(1L, 1L), r.tables().stream().map(Publisher.TableResult::rows).toList());
    assertEquals(
        List.of(
            List.of(
                "2026-W39",
                "check-in",
                "120",
                "app down, \"error 503\"",
                "high",
                "2026-09-23 03:00:00+00")),
        query(
            db,
            "SELECT iso_week, drivers->0->>'name', drivers->0->>'observed', representative_posts->0->>'text',"
                + " severity, peak_at::text FROM gold.crisis_signals"));
    // BI reads the signal list without its nested columns, and each array one element per row,
    // typed.
    assertEquals(
        List.of(List.of("2026-W39", "high", "0")),
        query(
            db,
            "SELECT week_label, severity,"
                + " (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'bi' AND table_name = 'crisis_signals'"
                + " AND column_name IN ('drivers', 'representative_posts'))::text FROM bi.crisis_signals"));
    assertEquals(
        List.of(
            List.of(
                "s1",
                "aurora-air",
                "2026-09-21",
                "1",
                "term",
                "check-in",
                "120",
                "26.1",
                "bigint")),
        query(
            db,
            "SELECT signal_id, brand_id, week_start::text, ordinal::text, kind, name, observed::text, lift::text,"
                + " pg_typeof(observed)::text FROM bi.crisis_signals_drivers"));
    assertEquals(
        List.of(
            List.of(
                "s1",
                "1",
                "twitter:1",
                "2026-09-23 03:10:00+00",
                "app down, \"error 503\"",
                "42",
                "most_engaged")),
        query(
            db,
            "SELECT signal_id, ordinal::text, post_id, created_at::text, text, engagement::text, why"
                + " FROM bi.crisis_signals_representative_posts WHERE signal_id = 's1'"));
    assertTrue(
        query(
                db,
                "SELECT obj_description('bi.crisis_signals_representative_posts'::regclass, 'pg_class')")
            .get(0)
            .get(0)
            .startsWith("One row per element of gold.crisis_signals.representative_posts"));
    assertEquals(
        List.of(List.of("jsonb", "jsonb", "timestamp with time zone")),
        query(
            db,
            "SELECT pg_typeof(drivers)::text, pg_typeof(representative_posts)::text, pg_typeof(started_at)::text"
                + " FROM gold.crisis_signals"));
    assertEquals(
        List.of(List.of("{mentions/hour}", "0.375", "2026-W39")),
        query(
            db,
            "SELECT flagged_series::text, negative_share::text, week_label FROM bi.crisis_weekly"));
    assertEquals(
        List.of(
            List.of("crisis_signals_brand_id_week_start_idx"),
            List.of("crisis_signals_pkey"),
            List.of("crisis_signals_week_start_idx"),
            List.of("crisis_weekly_brand_id_week_start_idx"),
            List.of("crisis_weekly_pkey")),
        query(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'gold' ORDER BY 1"));
  }

  /**
   * PostgreSQL text and jsonb cannot hold NUL: it is left out, and one post carrying it cannot stop
   * publishing.
   */
  @Test
  void aTextWithANulCharacterIsPublishedWithoutIt() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-nul");
    String db = TestPostgres.createDatabase("publish_nul");
    ServingSettings s = ServingSettings.from(TestPostgres.config(wh, db));
    TableContract posts =
        TableContract.of("gold", "fixture_posts", "one row per post_id")
            .columns(
                "post_id STRING NOT NULL, text STRING, terms ARRAY<STRING>, attributes MAP<STRING,STRING>")
            .key("post_id");
    write(
        wh,
        posts,
        List.of(
            RowFactory.create(
                "p1",
                "before\u0000after",
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("a\u0000b", "c")).toSeq(),
                scala.jdk.javaapi.CollectionConverters.asScala(Map.of("k", "v\u0000w\\u0000")))),
        null);
    assertEquals(1, publish(wh, posts, s, "run-1").rows());
    assertEquals(
        List.of(List.of("beforeafter", "{ab,c}", "vw\\u0000")),
        query(db, "SELECT text, terms::text, attributes->>'k' FROM bi.fixture_posts"));
  }

  @Test
  void passwordsComeOnlyFromTheEnvironmentOrAPrivateCredentialsFile() throws Exception {
    Path wh = TestSpark.newWarehouse("publish-password");
    IllegalArgumentException inConf =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ServingSettings.from(
                    TestPostgres.config(wh, "postgres", "serving.postgres.password=secret")));
    assertTrue(
        inConf.getMessage().contains("serving.postgres.password is set in configuration"),
        inConf.getMessage());

    // Neither the variable nor a credentials file: the server asks for a password and the error
    // says where to put one.
    var noEnv =
        com.brandpulse.common.AppConfig.load(
            null,
            List.of(
                "serving.postgres.port=" + TestPostgres.port(),
                "serving.postgres.credentials-file=\"\""),
            new HashMap<>());
    ServingSettings without = ServingSettings.from(noEnv);
    assertNull(without.password(without.publisher()));
    SQLException refused = assertThrows(SQLException.class, without::connect);
    assertTrue(
        refused.getMessage().contains("set the environment variable BRANDPULSE_PG_PASSWORD"),
        refused.getMessage());
    String publisherPassword = TestPostgres.password("brandpulse_publisher");
    assertFalse(
        ServingSettings.from(TestPostgres.config(wh, "postgres"))
            .toString()
            .contains(publisherPassword));

    // bin/postgres's file is private (600 in a folder of 700, the invoking user's); a copy others
    // may read is refused.
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(TestPostgres.CREDENTIALS)));
    assertEquals(
        "rwx------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(TestPostgres.CREDENTIALS.getParent())));
    assertEquals(
        System.getProperty("user.name"),
        java.nio.file.Files.getOwner(TestPostgres.CREDENTIALS).getName());
    Path folder = java.nio.file.Files.createDirectories(wh.resolve("credentials"));
    java.nio.file.Files.setPosixFilePermissions(
        folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path copy = java.nio.file.Files.copy(TestPostgres.CREDENTIALS, folder.resolve("pgpass"));
    java.nio.file.Files.setPosixFilePermissions(
        copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    ServingSettings readable =
        ServingSettings.from(
            TestPostgres.config(
                wh, "postgres", "serving.postgres.credentials-file=\"" + copy + "\""));
    IllegalStateException wide = assertThrows(IllegalStateException.class, readable::connect);
    assertTrue(
        wide.getMessage().contains("readable by its owner only (chmod 600); refusing it"),
        wide.getMessage());
    java.nio.file.Files.setPosixFilePermissions(
        copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    java.nio.file.Files.setPosixFilePermissions(
        folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    IllegalStateException listable = assertThrows(IllegalStateException.class, readable::connect);
    assertTrue(
        listable.getMessage().contains("open to its owner only (chmod 700); refusing it"),
        listable.getMessage());
  }
}
