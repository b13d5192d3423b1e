package com.brandpulse.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.AirlineWarehouse;
import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Tables;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Topic models on real data: complaint themes over the negative airline tweets (Tweets.csv,
 * ingested and enriched as in production, sentiment taken from the file's human labels) measured
 * against the human `negativereason`, side by side with plain MLlib LDA on defaults; TweetTopic
 * through train-topics / evaluate-topics; incremental scoring into silver.post_topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicModelsTest {
  private static final SparkSession SPARK = TestSpark.get();
  private Path warehouse;
  private AppConfig config;

  /**
   * tweet_id → negativereason of the negative tweets, read straight from the CSV (not through
   * ingest).
   */
  private Map<String, String> reasons;

  @BeforeAll
  void airlineWarehouse() throws Exception {
    warehouse = AirlineWarehouse.copy("topics");
    Path csv = AirlineWarehouse.csv();
    config = AirlineWarehouse.config(warehouse);
    // Sentiment from the human labels, so the complaint set is exactly the file's negative tweets.
    Dataset<Row> posts = Tables.SILVER_POSTS.read(SPARK, warehouse.toString());
    Dataset<Row> sentiment =
        posts
            .select(
                col("post_id"),
                col("created_at"),
                col("content_hash"),
                col("source_attributes").getItem("airline_sentiment").as("label"))
            .withColumn(
                "created_month", org.apache.spark.sql.functions.trunc(col("created_at"), "MM"))
            .withColumn("lang", lit("en"))
            .withColumn("model_name", lit("human"))
            .withColumn("model_version", lit(1))
            .withColumn("p_negative", lit(null).cast("double"))
            .withColumn("p_neutral", lit(null).cast("double"))
            .withColumn("p_positive", lit(null).cast("double"))
            .withColumn("scored_at", lit(java.sql.Timestamp.from(Instant.now())));
    Tables.SILVER_POST_SENTIMENT.ensure(SPARK, warehouse.toString());
    Tables.SILVER_POST_SENTIMENT.replace(sentiment, warehouse.toString(), null);
    reasons = new HashMap<>();
    for (Row r :
        SPARK
            .read()
            .option("header", true)
            .option("multiLine", true)
            .option("escape", "\"")
            .csv(csv.toString())
            .where("airline_sentiment = 'negative'")
            .select("tweet_id", "negativereason")
            .distinct()
            .collectAsList()) {
      reasons.put(r.getString(0), r.getString(1));
    }
  }

  private int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--warehouse", warehouse.toString()));
    return BrandPulse.commandLine().execute(all.toArray(new String[0]));
  }

  private String cliOutput(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, cli(args));
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    return out;
  }

  @Test
  @Order(1)
  void tokensKeepContentWordsAndMetricsMatchHandCounts() {
    assertEquals(
        List.of("flight", "delay", "hour", "lostluggage"),
        TopicTokens.tokens("My flight was delayed 3 hours @u_0a1b2c https://t.co/x #LostLuggage"));
    // Korean: content morphemes only — the particle 이, the ending 고/었어요 and the adverb 너무 go.
    List<String> ko = TopicTokens.tokens("수하물이 분실되고 너무 늦었어요");
    assertTrue(
        ko.contains("분실") && ko.contains("늦") && !ko.contains("이") && !ko.contains("너무"),
        ko.toString());
    // Same partition up to names: NMI 1, purity 1; independent: NMI 0, purity 1/2.
    ClusteringMetrics same = ClusteringMetrics.of(List.of("a", "a", "b", "b"), List.of(7, 7, 3, 3));
    assertEquals(1.0, same.nmi(), 1e-12);
    assertEquals(1.0, same.purity(), 1e-12);
    ClusteringMetrics none = ClusteringMetrics.of(List.of("a", "a", "b", "b"), List.of(0, 1, 0, 1));
    assertEquals(0.0, none.nmi(), 1e-12);
    assertEquals(0.5, none.purity(), 1e-12);
    // [a a b] vs [0 0 0 → one cluster] has NMI 0 by definition of the arithmetic normalisation (I =
    // 0).
    ClusteringMetrics lumped = ClusteringMetrics.of(List.of("a", "a", "b"), List.of(0, 0, 0));
    assertEquals(0.0, lumped.nmi(), 1e-12);
    assertEquals(2.0 / 3, lumped.purity(), 1e-12);
  }

  @Test
  @Order(2)
  void complaintThemesTrackNegativeReasonFarBetterThanPlainLda() throws Exception {
    // The airline taxonomy names the brands the complaint themes must leave out.
    String out =
        cliOutput(
            "train-topics",
            "--lang",
            "en",
            "--scope",
            "complaints",
            "-k",
            "12",
            "--set",
            "enrich.taxonomy=\"" + AirlineWarehouse.taxonomyFile() + "\"");
    assertTrue(out.contains("complaints-en v1"), out);
    assertTrue(out.contains("status: champion"), out);
    // Scoring writes the complaint topic of every negative post, and nothing for other posts.
    assertEquals(0, cli("score"));
    Dataset<Row> topics =
        Tables.SILVER_POST_TOPICS
            .read(SPARK, warehouse.toString())
            .where("model_name = 'complaints-en' AND topic_rank = 1");
    List<String> labels = new ArrayList<>();
    List<Integer> assigned = new ArrayList<>();
    for (Row r : topics.select("post_id", "topic").collectAsList()) {
      String id = r.getString(0).substring("twitter:".length());
      labels.add(reasons.get(id));
      assigned.add(r.getInt(1));
    }
    // The English model covers the negative posts detected as English (a few dozen are short or
    // Spanish).
    long negativePosts =
        Tables.SILVER_POST_SENTIMENT
            .read(SPARK, warehouse.toString())
            .where("label = 'negative'")
            .join(
                Tables.SILVER_POST_ENRICHMENT
                    .read(SPARK, warehouse.toString())
                    .where("lang = 'en'"),
                "post_id")
            .count();
    assertEquals(negativePosts, labels.size(), "one rank-1 topic per negative English post");
    assertTrue(
        labels.stream().allMatch(java.util.Objects::nonNull),
        "only negative tweets get complaint topics");
    double ours = ClusteringMetrics.of(labels, assigned).nmi();

    // Plain MLlib LDA (the baseline): the plain token counts, the same k and seed, on the same
    // negative tweets.
    Dataset<Row> negative =
        SPARK
            .createDataset(
                new ArrayList<>(reasons.keySet()), org.apache.spark.sql.Encoders.STRING())
            .toDF("tweet_id")
            .join(
                Tables.SILVER_POSTS
                    .read(SPARK, warehouse.toString())
                    .withColumn(
                        "tweet_id",
                        org.apache.spark.sql.functions.substring_index(col("post_id"), ":", -1)),
                "tweet_id")
            .select("tweet_id", "text");
    Dataset<Row> words =
        new Tokenizer().setInputCol("text").setOutputCol("words").transform(negative);
    CountVectorizerModel cv =
        new CountVectorizer().setInputCol("words").setOutputCol("features").fit(words);
    Dataset<Row> counts = cv.transform(words);
    LDAModel lda = new LDA().setK(12).setSeed(17).fit(counts);
    List<String> plainLabels = new ArrayList<>();
    List<Integer> plainTopics = new ArrayList<>();
    for (Row r : lda.transform(counts).select("tweet_id", "topicDistribution").collectAsList()) {
      plainLabels.add(reasons.get(r.getString(0)));
      plainTopics.add(((Vector) r.get(1)).argmax());
    }
    double plain = ClusteringMetrics.of(plainLabels, plainTopics).nmi();
    System.out.printf(
        "NMI against negativereason over %d negative tweets: complaints-en %.4f, plain LDA %.4f%n",
        labels.size(), ours, plain);
    assertTrue(ours >= 0.14, "complaint themes NMI " + ours);
    assertTrue(ours > plain + 0.08, "ours " + ours + " vs plain LDA " + plain);

    // Names come from the complaints: some theme is about bags, some about holds on the phone.
    String names =
        String.join(
            " | ",
            topics
                .select("topic_name")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
    assertTrue(names.contains("bag") || names.contains("luggage"), names);
    assertTrue(names.contains("hold") || names.contains("call"), names);
    // Never the airlines themselves (the taxonomy's brands), which say nothing about the complaint.
    ModelRegistry registry = new ModelRegistry(SPARK, warehouse.toString());
    TopicModel model = registry.loadTopics(registry.champion("complaints-en").orElseThrow());
    java.util.Set<String> brands =
        TopicTokens.brandTerms(
            com.brandpulse.enrich.Taxonomy.load(AirlineWarehouse.taxonomyFile().toString()));
    assertEquals(brands, model.excludedTerms());
    for (String brand : List.of("united", "jetblue", "southwest", "usairways", "virgin", "delta")) {
      assertTrue(brands.contains(brand), brand);
      assertTrue(
          java.util.Arrays.stream(model.vocabulary()).noneMatch(brand::equals),
          brand + " in the complaint vocabulary");
    }

    // A rerun with nothing new commits nothing.
    long before = version(Tables.SILVER_POST_TOPICS.path(warehouse.toString()));
    assertEquals(0, cli("score"));
    assertEquals(before, version(Tables.SILVER_POST_TOPICS.path(warehouse.toString())));
  }

  @Test
  @Order(3)
  void complaintThemesPerBrandAndWeekAddUpToTheComplaints() {
    String w = warehouse.toString();
    com.brandpulse.gold.ComplaintThemes.Result first =
        com.brandpulse.gold.ComplaintThemes.run(SPARK, w, "UTC", false, Instant.now());
    // Tweets.csv spans Feb 16-24 2015: ISO weeks 2015-W08 (16-22) and 2015-W09 (23-24).
    assertEquals(
        List.of(java.sql.Date.valueOf("2015-02-16"), java.sql.Date.valueOf("2015-02-23")),
        first.weeks().stream()
            .filter(d -> !d.toLocalDate().isAfter(java.time.LocalDate.of(2015, 2, 23)))
            .toList());
    Dataset<Row> themes = Tables.GOLD_COMPLAINT_THEMES_WEEKLY.read(SPARK, w);
    // Expected per brand and week, counted here in Java from the rows: negative English posts x
    // airlines mentioned.
    Map<String, Long> expected = new HashMap<>();
    // Posts with no word the model knows have no theme (topic -1) and are not counted in any.
    java.util.Set<String> unplaced =
        new java.util.HashSet<>(
            Tables.SILVER_POST_TOPICS
                .read(SPARK, w)
                .where("model_name = 'complaints-en' AND topic = -1")
                .select("post_id")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
    for (Row r :
        Tables.SILVER_POST_SENTIMENT
            .read(SPARK, w)
            .where("label = 'negative'")
            .select("post_id", "created_at")
            .join(
                Tables.SILVER_POST_ENRICHMENT
                    .read(SPARK, w)
                    .where("lang = 'en'")
                    .select("post_id", "brand_ids", "competitor_ids"),
                "post_id")
            .select("post_id", "created_at", "brand_ids", "competitor_ids")
            .collectAsList()) {
      if (unplaced.contains(r.getString(0))) {
        continue;
      }
      java.time.LocalDate day =
          r.getTimestamp(1).toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
      java.time.LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1);
      java.util.Set<String> airlines = new java.util.TreeSet<>(r.getList(2));
      airlines.addAll(r.getList(3));
      for (String a : airlines) {
        expected.merge(monday + " " + a, 1L, Long::sum);
      }
    }
    Map<String, Long> actual = new HashMap<>();
    for (Row r :
        themes
            .groupBy("week_start", "brand_id")
            .agg(
                org.apache.spark.sql.functions.sum("complaints"),
                org.apache.spark.sql.functions.sum("share_of_complaints"))
            .collectAsList()) {
      actual.put(r.getDate(0) + " " + r.getString(1), r.getLong(2));
      assertEquals(1.0, r.getDouble(3), 1e-9, "shares of a brand-week add up to 1");
    }
    assertEquals(expected, actual);
    // United's largest theme in W08 is named, ranked 1, and its posts are United complaints with
    // that theme.
    Row top =
        themes
            .where("brand_id = 'united' AND week_start = DATE'2015-02-16' AND theme_rank = 1")
            .first();
    assertEquals("2015-W08", top.getAs("iso_week"));
    List<Row> reps = top.getList(top.fieldIndex("representative_posts"));
    assertEquals(3, reps.size());
    for (Row rep : reps) {
      Row post =
          Tables.SILVER_POST_TOPICS
              .read(SPARK, w)
              .where(
                  col("post_id")
                      .equalTo(rep.getString(0))
                      .and(col("model_name").equalTo("complaints-en"))
                      .and(col("topic_rank").equalTo(1)))
              .first();
      assertEquals((int) top.getAs("theme"), post.getInt(post.fieldIndex("topic")));
      assertTrue(
          Tables.SILVER_POST_ENRICHMENT
              .read(SPARK, w)
              .where(col("post_id").equalTo(rep.getString(0)))
              .select("competitor_ids")
              .first()
              .getList(0)
              .contains("united"));
    }
    // Nothing new: no commit; a rebuild gives the same rows.
    long before = version(Tables.GOLD_COMPLAINT_THEMES_WEEKLY.path(w));
    assertTrue(
        com.brandpulse.gold.ComplaintThemes.run(SPARK, w, "UTC", false, Instant.now())
            .weeks()
            .isEmpty());
    assertEquals(before, version(Tables.GOLD_COMPLAINT_THEMES_WEEKLY.path(w)));
    List<Row> kept =
        themes.drop("computed_at").orderBy("week_start", "brand_id", "theme").collectAsList();
    com.brandpulse.gold.ComplaintThemes.run(SPARK, w, "UTC", true, Instant.now());
    assertEquals(kept, themeRows(w));

    // One complaint loses its theme (a re-score): the themes' change feed names its week alone,
    // that week and the next (whose previous week it is) are recomputed from those weeks' posts,
    // and the rows equal a rebuild's.
    String dropped =
        Tables.SILVER_POST_TOPICS
            .read(SPARK, w)
            .where(
                "model_name = 'complaints-en' AND topic_rank = 1 AND topic >= 0"
                    + " AND created_at >= TIMESTAMP'2015-02-17 00:00:00'"
                    + " AND created_at < TIMESTAMP'2015-02-20 00:00:00'")
            .select("post_id")
            .first()
            .getString(0);
    io.delta.tables.DeltaTable.forPath(SPARK, Tables.SILVER_POST_TOPICS.path(w))
        .delete(col("post_id").equalTo(dropped));
    com.brandpulse.gold.ComplaintThemes.Result late =
        com.brandpulse.gold.ComplaintThemes.run(SPARK, w, "UTC", false, Instant.now());
    assertEquals("changes since the last run: 1 candidate week(s)", late.scope());
    assertEquals(
        List.of(java.sql.Date.valueOf("2015-02-16"), java.sql.Date.valueOf("2015-02-23")),
        late.weeks());
    List<Row> incremental = themeRows(w);
    assertNotEquals(kept, incremental, "the dropped complaint no longer counts");
    assertEquals(
        "every week compared (--rebuild)",
        com.brandpulse.gold.ComplaintThemes.run(SPARK, w, "UTC", true, Instant.now()).scope());
    assertEquals(incremental, themeRows(w));
  }

  private static List<Row> themeRows(String w) {
    return Tables.GOLD_COMPLAINT_THEMES_WEEKLY
        .read(SPARK, w)
        .drop("computed_at")
        .orderBy("week_start", "brand_id", "theme")
        .collectAsList();
  }

  @Test
  @Order(4)
  void tweetTopicTrainEvaluateAndRegistryRules() throws Exception {
    Path split = TestSpark.sharedData().resolve("tweet-topic-single/dataset/split_temporal");
    String train =
        cliOutput(
            "train-topics",
            "--lang",
            "en",
            "--input",
            split.resolve("train_2020.single.json").toString(),
            "--evaluate",
            split.resolve("validation_2020.single.json").toString(),
            "-k",
            "10");
    assertTrue(train.contains("topics-en v1") && train.contains("status: champion"), train);
    String eval =
        cliOutput(
            "evaluate-topics",
            "--lang",
            "en",
            "--input",
            split.resolve("test_2020.single.json").toString());
    double nmi = Double.parseDouble(eval.replaceAll("(?s).*NMI ([0-9.]+).*", "$1"));
    assertTrue(nmi >= 0.2, "TweetTopic test NMI " + nmi);
    // A worse model (LDA) is measured against the champion on the same posts and stays candidate.
    String worse =
        cliOutput(
            "train-topics",
            "--lang",
            "en",
            "--input",
            split.resolve("train_2020.single.json").toString(),
            "--evaluate",
            split.resolve("validation_2020.single.json").toString(),
            "-k",
            "10",
            "--algorithm",
            "lda",
            "--set",
            "ml.topics.default.lda.max-iter=30");
    assertTrue(
        worse.contains("topics-en v2")
            && worse.contains("status: candidate (does not beat the champion"),
        worse);
    // Malformed evaluation data fails with the line, not a skipped record.
    Path bad = warehouse.resolve("bad.jsonl");
    java.nio.file.Files.writeString(
        bad, "{\"text\": \"ok\", \"label_name\": \"x\"}\n{\"text\": \"no label\"}\n");
    assertNotEquals(0, cli("evaluate-topics", "--lang", "en", "--input", bad.toString()));
  }

  private static long version(String path) {
    return DeltaTable.forPath(SPARK, path).history(1).select("version").first().getLong(0);
  }
}
