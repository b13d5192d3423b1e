package com.brandpulse.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.PeopleJob;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldFixtures;
import com.brandpulse.gold.WeeklyAggregatesJob;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.privacy.ForgetJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure that reaches the disk: a demo warehouse carried through ingest, roster, enrichment, sentiment and
 * gold, then {@code forget} of one person on two platforms (and an employee). Every file under the warehouse is
 * opened afterwards (Parquet through its reader, the Delta log as text): none may still hold their handle or
 * the text of one of their posts. Loading the same archive again must not bring them back.
 */
class ForgetTest {
  static final SparkSession SPARK = TestSpark.get();
  static final Pseudonymizer P = TestSpark.pseudonyms();
  static final String PERSON = "tyler_fit";
  static final String EMPLOYEE = "captmike_flies";

  static Path warehouse;
  static Path archive;
  static AppConfig config;
  static List<String> theirTexts;
  static Set<String> theirPostIds;
  static String deletedId;
  static ForgetJob.Result twitter;
  static ForgetJob.Result reddit;

  @BeforeAll
  static void forgetAPerson() throws Exception {
    warehouse = TestSpark.newWarehouse("forget");
    archive = TestSpark.newWarehouse("forget-archive");
    SampleArchive.generate(archive, new SampleArchive.Options(LocalDate.of(2026, 9, 7), 2, 800, 7, false));
    config = TestSpark.config(warehouse, "ingest.max-quarantine-ratio=1.0", "privacy.deleted-file-retention=0h");
    long t0 = System.nanoTime();
    ingest(false);
    System.out.printf("forget test: ingest %.1f s%n", (System.nanoTime() - t0) / 1e9);
    EnrichSettings enrich = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(enrich.taxonomy());
    PeopleJob.load(SPARK, warehouse.toString(), archive.resolve("roster/employees.csv").toString(), null, taxonomy, P,
        Instant.now());
    EnrichJob.run(SPARK, warehouse.toString(), enrich, taxonomy, Gazetteer.load(enrich.gazetteer()), P, false,
        Instant.now());
    GoldFixtures.labelPosts(SPARK, warehouse.toString(), "test-lexicon",
        when(col("text").rlike("(?i).*(cancel|delay|lost|worst|broken).*"), lit("negative")).otherwise(lit("neutral")));
    AggregateCommand.aggregate(SPARK, config, new WeeklyAggregatesJob.Options(false, List.of()));
    System.out.printf("forget test: warehouse %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // What must be gone: their post texts as they stand in the raw files (ASCII, no mention or quote, so the
    // same characters are in bronze, silver and gold) and their post ids.
    var theirs = Tables.SILVER_POSTS.read(SPARK, warehouse.toString())
        .where(col("author_key").isin(P.handle("twitter", PERSON), P.handle("reddit", PERSON)));
    theirPostIds = Set.copyOf(theirs.select("post_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    theirTexts = theirs.where(col("text").rlike("^[ -~]{25,}$").and(col("text").rlike("^[^@<\"\\\\]*$")))
        .select("text").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
        .filter(t -> Tables.SILVER_POSTS.read(SPARK, warehouse.toString()).where(col("text").equalTo(t)).count() == 1)
        .toList();
    assertTrue(theirPostIds.size() >= 10, "the person posts on both platforms: " + theirPostIds.size());
    assertTrue(theirTexts.size() >= 3, "texts only they wrote: " + theirTexts);
    assertFalse(holders(PERSON).isEmpty(), "before: bronze holds the handle");
    deletedId = Tables.SILVER_CONTROL_EVENTS.read(SPARK, warehouse.toString()).where(col("kind").equalTo("delete"))
        .first().<String>getAs("target_post_id");

    twitter = ForgetCommand.forget(SPARK, config, new ForgetJob.Subject("twitter", List.of(PERSON, "@" + EMPLOYEE),
        List.of()), false);
    long t1 = System.nanoTime();
    reddit = ForgetCommand.forget(SPARK, config, new ForgetJob.Subject("reddit", List.of(PERSON, EMPLOYEE), List.of()), false);
    System.out.printf("forget test: checks %.1f s, reddit forget %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
  }

  static void ingest(boolean reprocess) throws IOException {
    IngestJob.run(SPARK, warehouse.toString(), IngestSettings.from(config), P,
        new IngestJob.Options(Stream.of("twitter-v1", "twitter-v2", "reddit", "exports", "malformed")
            .map(d -> archive.resolve(d).toString()).toList(), "auto", reprocess), Instant.now());
  }

  @Test
  void everyTableForgetsThemAndTheRequestKeepsOnlyPseudonyms() {
    System.out.println("forget: " + twitter + "\n        " + reddit);
    assertTrue(twitter.posts() > 0 && reddit.posts() > 0);
    assertTrue(twitter.bronze().deleted() > 0, "their own records deleted");
    assertTrue(twitter.bronze().redacted() > 0, "shared v2 pages rewritten without them");
    assertEquals(1, twitter.people(), "the employee's roster row");
    for (TableContract t : List.of(Tables.SILVER_POSTS, Tables.SILVER_POST_ENRICHMENT, Tables.SILVER_POST_MENTIONS,
        Tables.SILVER_POST_SENTIMENT)) {
      assertEquals(0, t.read(SPARK, warehouse.toString()).where(col("post_id").isin(theirPostIds.toArray())).count(),
          t.qualifiedName());
    }
    assertEquals(0, Tables.SILVER_PEOPLE.read(SPARK, warehouse.toString())
        .where(col("person_key").equalTo(P.handle("twitter", EMPLOYEE))).count());
    assertEquals(0, CrisisTables.GOLD_CRISIS_SIGNALS.read(SPARK, warehouse.toString())
        .selectExpr("explode(representative_posts) AS r").where(col("r.post_id").isin(theirPostIds.toArray())).count());
    List<Row> requests = Tables.OPS_ERASURE_REQUESTS.read(SPARK, warehouse.toString()).collectAsList();
    assertTrue(requests.stream().anyMatch(r -> r.getAs("subject_key").equals(P.handle("twitter", PERSON))));
    assertFalse(requests.toString().toLowerCase(Locale.ROOT).contains("tyler"), "no handle in the request log");
  }

  @Test
  void noFileUnderTheWarehouseHoldsThemAndAReloadDoesNotBringThemBack() throws Exception {
    assertEquals(List.of(), holders(PERSON), "files holding the handle");
    assertEquals(List.of(), holders(EMPLOYEE), "files holding the employee's handle");
    for (String text : theirTexts) {
      assertEquals(List.of(), holders(text), "files holding their text: " + text);
    }

    ingest(true); // an old export loaded again
    assertEquals(0, Tables.SILVER_POSTS.read(SPARK, warehouse.toString())
        .where(col("post_id").isin(theirPostIds.toArray())).count(), "held back on reload");
    assertEquals(List.of(), holders(PERSON), "bronze of the reload: their records removed, then vacuumed");
    for (String text : theirTexts) {
      assertEquals(List.of(), holders(text), "after the reload: " + text);
    }
    // A delete notice reaches bronze too: the deleted post's own record is gone, the notice stays.
    String sourceId = deletedId.substring(deletedId.indexOf(':') + 1);
    assertEquals(0, Tables.BRONZE_RAW_POSTS.read(SPARK, warehouse.toString())
        .where(col("record").contains("\"id_str\":\"" + sourceId + "\",\"text\"")).count());
  }

  /** Files under the warehouse whose content holds {@code needle} (case-insensitive). */
  static List<String> holders(String needle) throws IOException {
    String n = needle.toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(warehouse)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = f.toString().endsWith(".parquet") ? parquetText(f)
            : new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        if (content.toLowerCase(Locale.ROOT).contains(n)) {
          found.add(warehouse.relativize(f).toString());
        }
      }
    }
    return found;
  }

  /** Every value of every row of a Parquet file, decoded (the file itself is compressed). */
  static String parquetText(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        out.append(g).append('\n');
      }
    }
    return out.toString();
  }
}
