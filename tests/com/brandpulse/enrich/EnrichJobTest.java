package com.brandpulse.enrich;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.AirlineWarehouse;
import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The enrich job on the real airline tweets, and its incremental and people behaviour. */
class EnrichJobTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static Path airlines;

  private static AppConfig config(Path warehouse, String taxonomy) {
    return TestSpark.config(warehouse, "enrich.taxonomy=\"" + taxonomy + "\"");
  }

  private static void ingest(Path warehouse, AppConfig config, Path... inputs) throws Exception {
    IngestJob.run(
        SPARK,
        warehouse.toString(),
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(
            java.util.Arrays.stream(inputs).map(Path::toString).toList(), "auto", false),
        Instant.now());
  }

  /** As the command runs it: stale days looked for among the days the change feed names. */
  private static EnrichJob.Result enrich(Path warehouse, AppConfig config, boolean rebuild) {
    EnrichSettings settings = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(settings.taxonomy());
    com.brandpulse.common.ChangeFeed feed =
        EnrichJob.feed(SPARK, warehouse.toString(), settings, taxonomy, TestSpark.pseudonyms());
    EnrichJob.Result r =
        EnrichJob.run(
            SPARK,
            warehouse.toString(),
            settings,
            taxonomy,
            Gazetteer.load(settings.gazetteer()),
            TestSpark.pseudonyms(),
            rebuild,
            rebuild ? null : EnrichJob.candidates(feed),
            Instant.now());
    feed.record();
    return r;
  }

  /** The days the change feed names for the next run; null when it cannot say. */
  private static List<java.sql.Date> candidates(Path warehouse, AppConfig config) {
    EnrichSettings settings = EnrichSettings.from(config);
    return EnrichJob.candidates(
        EnrichJob.feed(
            SPARK,
            warehouse.toString(),
            settings,
            Taxonomy.load(settings.taxonomy()),
            TestSpark.pseudonyms()));
  }

  private static Dataset<Row> table(Path warehouse, com.brandpulse.common.TableContract t) {
    return t.read(SPARK, warehouse.toString());
  }

  @BeforeAll
  static void airlineWarehouse() throws Exception {
    // Ingested and enriched by the jobs, once per test JVM (the gold and topic suites use the same
    // tables).
    airlines = AirlineWarehouse.copy("enrich-airlines");
  }

  /**
   * 98% of the airline tweets match the airline of their `airline` column. The dataset labels its
   * JetBlue tweets "Delta" (2,218 of the 2,222 "Delta" rows mention @JetBlue, 4 of those
   * also @Delta, and 4 rows mention neither), so the label is read as JetBlue; the rate against the
   * literal label is printed beside it.
   */
  @Test
  void airlineTweetsMatchTheirAirline() {
    Map<String, String> label =
        Map.of(
            "American",
            "american",
            "United",
            "united",
            "Southwest",
            "southwest",
            "US Airways",
            "us-airways",
            "Virgin America",
            "virgin-america",
            "Delta",
            "jetblue");
    List<Row> rows =
        table(airlines, Tables.SILVER_POSTS)
            .select(col("post_id"), col("source_attributes").getItem("airline").as("airline"))
            .join(table(airlines, Tables.SILVER_POST_ENRICHMENT), "post_id")
            .select("airline", "brand_ids", "competitor_ids")
            .collectAsList();
    assertEquals(14_485, rows.size());
    long hits = 0;
    long literal = 0;
    for (Row r : rows) {
      List<String> matched = new java.util.ArrayList<>(r.getList(1));
      matched.addAll(r.getList(2));
      hits += matched.contains(label.get(r.getString(0))) ? 1 : 0;
      literal +=
          matched.contains(r.getString(0).equals("Delta") ? "delta" : label.get(r.getString(0)))
              ? 1
              : 0;
    }
    double rate = (double) hits / rows.size();
    System.out.printf(
        "airline match rate: %.4f (%d/%d); against the literal labels: %.4f%n",
        rate, hits, rows.size(), (double) literal / rows.size());
    assertTrue(rate >= 0.98, "rate " + rate);
  }

  @Test
  void languageIsDetectedWhereTheSourceGaveNone() {
    Map<String, Long> bySource =
        table(airlines, Tables.SILVER_POST_ENRICHMENT)
            .groupBy("lang_source")
            .count()
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertFalse(bySource.containsKey("source"), "the airline CSV has no language column");
    long english =
        table(airlines, Tables.SILVER_POST_ENRICHMENT).where(col("lang").equalTo("en")).count();
    System.out.printf("airline tweets detected as English: %d of 14485%n", english);
    assertTrue(english > 0.95 * 14_485, "English airline tweets: " + english);
  }

  @Test
  void mentionsHoldOneRowPerPostAndTarget() {
    Dataset<Row> mentions = table(airlines, Tables.SILVER_POST_MENTIONS);
    assertEquals(
        mentions.count(), mentions.select("post_id", "kind", "entity_id").distinct().count());
    // row 1, 570306133677760513: "@VirginAmerica What @dhepburn said." → the brand through its
    // handle
    List<Row> first =
        mentions.where(col("post_id").equalTo("twitter:570306133677760513")).collectAsList();
    assertEquals(1, first.size());
    assertEquals("virgin-america", first.get(0).getAs("entity_id"));
    assertEquals("@VirginAmerica", first.get(0).getAs("matched_term"));
    assertEquals("mention", first.get(0).getAs("match_source"));
  }

  private static List<String> enrichedAt(Path w, String... postIds) {
    return table(w, Tables.SILVER_POST_ENRICHMENT)
        .where(org.apache.spark.sql.functions.col("post_id").isin((Object[]) postIds))
        .select("post_id", "enriched_at")
        .collectAsList()
        .stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }

  @Test
  void rerunsAreIncrementalAndIdempotent() throws Exception {
    Path w = TestSpark.newWarehouse("enrich-incremental");
    Path tax = TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf");
    AppConfig c = config(w, tax.toString());
    Path dir = w.resolve("in");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("a.jsonl"),
        tweet("1000000000000000101", "@united lost bag again", "Mon Sep 07 10:00:00 +0000 2026")
            + "\n"
            + tweet("1000000000000000102", "@Delta great crew", "Thu Oct 01 10:00:00 +0000 2026")
            + "\n",
        StandardCharsets.UTF_8);
    ingest(w, c, dir.resolve("a.jsonl"));
    EnrichJob.Result first = enrich(w, c, false);
    assertEquals(2, first.months().size());
    List<String> before = sorted(table(w, Tables.SILVER_POST_MENTIONS));
    EnrichJob.Result again = enrich(w, c, false);
    assertEquals(0, again.months().size(), "nothing new: nothing recomputed");
    assertEquals(before, sorted(table(w, Tables.SILVER_POST_MENTIONS)));

    Files.writeString(
        dir.resolve("b.jsonl"),
        tweet("1000000000000000103", "@JetBlue delayed flight", "Fri Oct 02 10:00:00 +0000 2026")
            + "\n",
        StandardCharsets.UTF_8);
    ingest(w, c, dir.resolve("b.jsonl"));
    List<String> untouched = enrichedAt(w, "1000000000000000101", "1000000000000000102");
    assertEquals(
        List.of(java.sql.Date.valueOf("2026-10-02")),
        candidates(w, c),
        "the change feed names the new post's day alone: no other day is compared");
    EnrichJob.Result october = enrich(w, c, false);
    assertEquals(List.of(java.sql.Date.valueOf("2026-10-01")), october.months());
    assertEquals(
        List.of(java.sql.Date.valueOf("2026-10-02")),
        october.days(),
        "only the touched day, not its month so far");
    assertEquals(1, october.posts());
    assertEquals(3, table(w, Tables.SILVER_POST_ENRICHMENT).count());
    assertEquals(
        untouched,
        enrichedAt(w, "1000000000000000101", "1000000000000000102"),
        "the same month's other day kept its rows");

    Path changed = w.resolve("changed.conf");
    Files.writeString(
        changed, Files.readString(tax).replace("\"lost bag\",", "\"lost bag\", \"bag\","));
    assertEquals(null, candidates(w, config(w, changed.toString())), "other settings: all days");
    EnrichJob.Result retaxed = enrich(w, config(w, changed.toString()), false);
    assertEquals(2, retaxed.months().size(), "a changed taxonomy reapplies to all history");
    assertEquals(
        1, table(w, Tables.SILVER_POST_ENRICHMENT).select("taxonomy_version").distinct().count());

    List<String> incremental = sorted(table(w, Tables.SILVER_POST_MENTIONS));
    EnrichJob.Result rebuilt = enrich(w, config(w, changed.toString()), true);
    assertEquals(2, rebuilt.months().size());
    assertEquals(
        incremental,
        sorted(table(w, Tables.SILVER_POST_MENTIONS)),
        "--rebuild gives what increments gave");
  }

  /**
   * Comparison sides are found through the pseudonymised handles; a table written before the sides
   * existed gains the columns and its rows, NULL there, are recomputed by the next run.
   */
  @Test
  void comparisonSidesAndATableFromBeforeThem() throws Exception {
    Path tax = TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf");
    Path current = TestSpark.newWarehouse("enrich-sides");
    Path old = TestSpark.newWarehouse("enrich-sides-old");
    Path input = current.resolve("in.jsonl");
    Files.writeString(
        input,
        tweet(
                "1000000000000000301",
                "Switched from @united to @JetBlue, so much better",
                "Mon Sep 07 10:00:00 +0000 2026")
            + "\n"
            + tweet(
                "1000000000000000302",
                "@united @JetBlue both late",
                "Mon Sep 07 11:00:00 +0000 2026")
            + "\n",
        StandardCharsets.UTF_8);
    for (Path w : List.of(current, old)) {
      ingest(w, config(w, tax.toString()), input);
    }
    enrich(current, config(current, tax.toString()), false);
    Map<String, String> sides =
        table(current, Tables.SILVER_POST_ENRICHMENT).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs("post_id"),
                    r ->
                        r.getList(r.fieldIndex("preferred_ids"))
                            + " "
                            + r.getList(r.fieldIndex("dispreferred_ids"))));
    assertEquals(
        Map.of(
            "twitter:1000000000000000301", "[jetblue] [united]",
            "twitter:1000000000000000302", "[] []"),
        sides);

    // the same rows as an older version wrote them, without the two columns, in a table this JVM
    // has not seen
    table(current, Tables.SILVER_POST_ENRICHMENT)
        .drop("preferred_ids", "dispreferred_ids")
        .write()
        .format("delta")
        .partitionBy("created_month")
        .save(Tables.SILVER_POST_ENRICHMENT.path(old.toString()));
    EnrichJob.Result upgraded = enrich(old, config(old, tax.toString()), false);
    assertEquals(1, upgraded.months().size(), "rows without sides are stale");
    assertEquals(
        sorted(
            Tables.SILVER_POST_ENRICHMENT
                .conform(table(current, Tables.SILVER_POST_ENRICHMENT))
                .drop("enriched_at")),
        sorted(
            Tables.SILVER_POST_ENRICHMENT
                .conform(table(old, Tables.SILVER_POST_ENRICHMENT))
                .drop("enriched_at")));
    assertEquals(0, enrich(old, config(old, tax.toString()), false).months().size());
  }

  @Test
  void rosterEntriesApplyFromTheirEffectiveDateOnly() throws Exception {
    Path w = TestSpark.newWarehouse("enrich-people");
    AppConfig c =
        config(w, TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf").toString());
    Path dir = w.resolve("in");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("posts.jsonl"),
        tweet(
                "1000000000000000201",
                "before I joined: @united is fine",
                "Mon Sep 07 10:00:00 +0000 2026")
            + "\n"
            + tweet(
                "1000000000000000202",
                "proud of our crew at @united",
                "Thu Oct 01 10:00:00 +0000 2026")
            + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("roster.csv"),
        "handle,brand,department,role,is_executive,effective_from,effective_to\n"
            + "jess_travels,United Airlines,Inflight,Flight Attendant,false,2026-09-15,\n",
        StandardCharsets.UTF_8);
    ingest(w, c, dir.resolve("posts.jsonl"));
    EnrichSettings settings = EnrichSettings.from(c);
    PeopleJob.load(
        SPARK,
        w.toString(),
        dir.resolve("roster.csv").toString(),
        null,
        Taxonomy.load(settings.taxonomy()),
        TestSpark.pseudonyms(),
        Instant.now());
    enrich(w, c, false);
    Map<String, Boolean> employee =
        table(w, Tables.SILVER_POST_ENRICHMENT)
            .select("post_id", "is_employee")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getBoolean(1)));
    assertEquals(
        Map.of("twitter:1000000000000000201", false, "twitter:1000000000000000202", true),
        employee);
    // The taxonomy matching (an RDD of its own, not cached) is planned once per post: the roster
    // join reads the posts themselves, not the matches.
    Dataset<Row> posts = table(w, Tables.SILVER_POSTS);
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SPARK.sparkContext());
    String plan =
        Enrichment.perPost(
                posts,
                Enrichment.match(
                    SPARK,
                    posts,
                    jsc.broadcast(
                        TaxonomyMatcher.compile(
                            Taxonomy.load(settings.taxonomy()), TestSpark.pseudonyms())),
                    jsc.broadcast(Gazetteer.load(settings.gazetteer())),
                    settings),
                table(w, Tables.SILVER_PEOPLE))
            .queryExecution()
            .optimizedPlan()
            .toString();
    assertEquals(1, plan.split("LogicalRDD", -1).length - 1, plan);
    Row person = table(w, Tables.SILVER_PEOPLE).first();
    assertEquals(
        TestSpark.pseudonyms().handle("twitter", "jess_travels"), person.getAs("person_key"));
    assertEquals("united", person.getAs("brand_id"));

    Files.writeString(
        dir.resolve("bad.csv"), "handle,brand,role\n,United Airlines,x\nbob,Nobody Air,y\n");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                PeopleJob.load(
                    SPARK,
                    w.toString(),
                    dir.resolve("bad.csv").toString(),
                    null,
                    Taxonomy.load(settings.taxonomy()),
                    TestSpark.pseudonyms(),
                    Instant.now()));
    assertTrue(
        e.getMessage().contains("line 2: no handle")
            && e.getMessage().contains("'Nobody Air' is not in"),
        e.getMessage());
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static String tweet(String id, String text, String created) {
    return "{\"id_str\":\""
        + id
        + "\",\"created_at\":\""
        + created
        + "\",\"text\":\""
        + text
        + "\",\"lang\":\"en\",\"user\":{\"id_str\":\"42\",\"screen_name\":\"jess_travels\"}}";
  }
}
