package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.brandpulse.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest job over the real archive files in {@code ../shared/data}: every format folder is read
 * in ONE run (Spark is slow), then each test checks one file's exact counts in ops.ingest_runs and
 * the exact fields of specific posts and control events.
 *
 * <p>Every expected value below was computed from the raw file with python3 (json / csv modules)
 * and checked by eye; pseudonyms are written as the handle they stand for ({@link #tw}). The
 * comment on each test says where its values come from. Nothing was copied from the job's output.
 * "line N" is the 1-based line of a JSON-lines file, "element N" the N-th element of an archive
 * array, "row N" the N-th CSV record after the header.
 *
 * <p>One run means files interact: the same post can arrive from several files (flat and noflat,
 * v1.1 / Gnip copies of the twitterdev test tweets, Grailbird JSON and tweets.csv). Files load in
 * input order, each folder sorted by path, and the last loaded version of a post is the one in
 * silver.
 */
class RealFormatsTest {
  private static final String V1 = "raw-formats/twitter-v1.1-json/";
  private static final String V2 = "raw-formats/twitter-v2-twarc2/DocNow__twarc-csv/test-data/";
  private static final String LOONA =
      "raw-formats/twitter-archive-export/RedKimLip__loonabot_tweet/";
  private static final String MILAHU =
      "raw-formats/twitter-archive-export/milahu__twitter-milahu104/data/";
  private static final String REDDIT =
      "raw-formats/reddit-pushshift/Paul-E__Pushshift-Importer/test_data/";
  private static final String GNIP =
      "raw-formats/twitter-gnip-activity-streams/twitterdev__tweet_parser/test/"
          + "tweet_payload_examples/activity_streams_examples.json";
  private static final String TWITTERDEV =
      V1 + "twitterdev__tweet_parser/test/tweet_payload_examples/";
  private static final String AIRLINE = "twitter-us-airline-sentiment/Tweets.csv";
  private static final String TWCS = "customer-support-twitter/monalisapatra26/twcs.csv";
  private static final String SAMPLE = "customer-support-twitter/Yosingh1/sample.csv";

  private static IngestJob.Result result;
  private static List<Row> runs;
  private static Map<String, Row> posts;
  private static List<Row> controls;
  private static List<Row> quarantine;
  private static boolean korean;

  @BeforeAll
  static void ingestEverythingOnce() throws Exception {
    IngestFixture fx = new IngestFixture("real-formats");
    Path data = TestSpark.sharedData();
    List<Path> inputs = new ArrayList<>();
    for (String folder :
        List.of(
            "twitter-v1.1-json",
            "twitter-v2-twarc2",
            "twitter-archive-export",
            "reddit-pushshift",
            "korean",
            "twitter-gnip-activity-streams")) {
      Path p = TestSpark.raw(folder);
      if (Files.isDirectory(p)) {
        inputs.add(p);
      }
    }
    korean = Files.isDirectory(TestSpark.raw("korean"));
    inputs.add(data.resolve(AIRLINE));
    inputs.add(data.resolve("customer-support-twitter"));
    result = fx.ingest(inputs.toArray(new Path[0]));
    // the run rows as written to ops.ingest_runs (these carry their schema)
    runs = fx.runs().where(col("run_id").equalTo(result.runId())).collectAsList();
    posts = new HashMap<>();
    for (Row r : fx.posts().collectAsList()) {
      posts.put(r.getAs("post_id"), r);
    }
    controls =
        fx.controls().collectAsList().stream()
            .sorted(
                Comparator.<Row, String>comparing(r -> r.getAs("source_file"))
                    .thenComparing(r -> r.<Long>getAs("position"))
                    .thenComparing(r -> r.<Integer>getAs("item_index")))
            .toList();
    quarantine = fx.quarantine().collectAsList();
  }

  // ------------------------------------------------------------------ helpers

  private static Row run(String suffix) {
    List<Row> found =
        runs.stream().filter(r -> r.<String>getAs("source_file").endsWith(suffix)).toList();
    assertEquals(1, found.size(), "run rows for " + suffix);
    return found.get(0);
  }

  /**
   * Asserts a file's run row: read, accepted, duplicates, control records, quarantined, deleted.
   */
  private static void assertRun(
      String suffix,
      long read,
      long accepted,
      long duplicates,
      long control,
      long quarantined,
      long deleted) {
    Row r = run(suffix);
    assertEquals("ingested", r.getAs("status"), suffix);
    assertEquals(
        List.of(read, accepted, duplicates, control, quarantined, deleted),
        List.of(
            IngestFixture.n(r, "records_read"),
            IngestFixture.n(r, "posts_accepted"),
            IngestFixture.n(r, "duplicates"),
            IngestFixture.n(r, "control_records"),
            IngestFixture.n(r, "quarantined"),
            IngestFixture.n(r, "deleted")),
        suffix + ": [read, accepted, duplicates, control, quarantined, deleted]");
  }

  private static Row post(String postId) {
    Row r = posts.get(postId);
    assertNotNull(r, "no post " + postId + " in silver.posts");
    return r;
  }

  private static List<Row> postsFrom(String suffix) {
    return posts.values().stream()
        .filter(r -> r.<String>getAs("source_file").endsWith(suffix))
        .toList();
  }

  private static List<Row> controlsOf(String suffix) {
    return controls.stream().filter(r -> r.<String>getAs("source_file").endsWith(suffix)).toList();
  }

  private static String tw(String handle) {
    return TestSpark.pseudonyms().handle("twitter", handle);
  }

  private static String rd(String handle) {
    return TestSpark.pseudonyms().handle("reddit", handle);
  }

  private static String twAccount(String id) {
    return TestSpark.pseudonyms().accountId("twitter", id);
  }

  private static Instant createdAt(Row r) {
    return r.<Timestamp>getAs("created_at").toInstant();
  }

  private static List<String> list(Row r, String column) {
    return r.isNullAt(r.fieldIndex(column)) ? null : r.getList(r.fieldIndex(column));
  }

  private static Map<String, String> attributes(Row r) {
    return r.getJavaMap(r.fieldIndex("source_attributes"));
  }

  private static String s(Row r, String column) {
    return r.getAs(column);
  }

  private static Long l(Row r, String column) {
    return r.getAs(column);
  }

  // ------------------------------------------------------------------ the whole run

  /**
   * Every run row reconciles, and the 6 files in these folders that are not data are listed as
   * skipped_not_data. Derived by listing the folders (os.walk): 50 files, of which README.txt (x2),
   * file_content_explanations.md, schemas/README.md, RC.ts and RS.ts have no data ending.
   */
  @Test
  void everyRunRowReconcilesAndNonDataFilesAreSkipped() {
    for (Row r : runs) {
      long read = IngestFixture.n(r, "records_read");
      long sum =
          IngestFixture.n(r, "posts_accepted")
              + IngestFixture.n(r, "duplicates")
              + IngestFixture.n(r, "control_records")
              + IngestFixture.n(r, "quarantined");
      assertEquals(read, sum, "records_read reconciles for " + r.getAs("source_file"));
      assertTrue(
          IngestFixture.n(r, "deleted") <= IngestFixture.n(r, "control_records"),
          "deletes are controls");
    }
    Set<String> skipped =
        runs.stream()
            .filter(r -> "skipped_not_data".equals(r.getAs("status")))
            .map(
                r -> {
                  String p = r.getAs("source_file");
                  return p.substring(p.indexOf("raw-formats/") + "raw-formats/".length());
                })
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(
            List.of(
                "reddit-pushshift/ArthurHeitmann__arctic_shift/file_content_explanations.md",
                "reddit-pushshift/ArthurHeitmann__arctic_shift/schemas/RC.ts",
                "reddit-pushshift/ArthurHeitmann__arctic_shift/schemas/README.md",
                "reddit-pushshift/ArthurHeitmann__arctic_shift/schemas/RS.ts",
                "twitter-archive-export/RedKimLip__loonabot_tweet/README.txt",
                "twitter-archive-export/milahu__twitter-milahu104/data/README.txt")),
        skipped);
    for (Row r : runs) {
      if ("skipped_not_data".equals(r.getAs("status"))) {
        assertEquals(0L, IngestFixture.n(r, "records_read"));
      }
    }
    // 44 data files without the korean folder (one file in it when it is present)
    assertEquals(
        korean ? 45 : 44, runs.stream().filter(r -> "ingested".equals(r.getAs("status"))).count());
    assertEquals(korean ? 51 : 50, runs.size());
  }

  /**
   * Totals over the run, from the python model of all 44 files: 22,121 post items of which 21,787
   * distinct post ids (no delete notice hits a loaded post), 75 control records and 1 quarantined
   * record (the cut last line of streaming_output_with_error.jsonl).
   */
  @Test
  void runTotals() {
    assumeTrue(!korean, "totals computed without the korean folder");
    assertEquals(21_787, posts.size());
    assertEquals(75, controls.size());
    assertEquals(1, quarantine.size());
    long read = runs.stream().mapToLong(r -> IngestFixture.n(r, "records_read")).sum();
    assertEquals(22_121 + 75 + 1, read);
    assertEquals(read, result.recordsRead());
    // every post written was counted once as accepted, and nothing else was
    assertEquals(
        posts.size(), runs.stream().mapToLong(r -> IngestFixture.n(r, "posts_accepted")).sum());
    assertEquals(1, result.quarantined());
  }

  /**
   * No raw handle seen in the files survives in post text: airline brands (Tweets.csv row 1
   * "@VirginAmerica", many "@AmericanAir"), support accounts in twcs.csv ("@AppleSupport",
   * "@sprintcare"), v2 mentions ("@ColemanESPN" in withheld.jsonl), v1.1 ("@weareoneEXO" in
   * lines.json), Grailbird ("@loonatheworld"), tweets.csv ("@lvlssxll"), Gnip ("@notFromShrek").
   * Their pseudonyms are there instead.
   */
  @Test
  void silverTextHoldsNoRawHandles() {
    List<String> handles =
        List.of(
            "@AmericanAir",
            "@VirginAmerica",
            "@united",
            "@SouthwestAir",
            "@JetBlue",
            "@USAirways",
            "@AppleSupport",
            "@sprintcare",
            "@AskPayPal",
            "@ColemanESPN",
            "@weareoneEXO",
            "@loonatheworld",
            "@lvlssxll",
            "@notFromShrek",
            "@KATANA77",
            "@williamserafino",
            "@wongmjane");
    for (Row p : posts.values()) {
      String text = p.getAs("text");
      for (String h : handles) {
        assertFalse(
            text.contains(h), "raw handle " + h + " in " + p.getAs("post_id") + ": " + text);
      }
    }
    // one brand handle per source: the pseudonym is in the text
    assertTrue(
        s(post("twitter:570306133677760513"), "text").startsWith("@" + tw("VirginAmerica") + " "));
    assertEquals(
        2898,
        posts.values().stream()
            .filter(p -> s(p, "text").contains("@" + tw("AmericanAir")))
            .count());
    if (!korean) {
      // 20,665 texts with a mention, plus the 3 owner reposts of 2020_11.js rebuilt as "RT
      // @<author>: "
      assertEquals(
          20_668, posts.values().stream().filter(p -> s(p, "text").contains("@u_")).count());
    }
  }

  // ------------------------------------------------------------------ Twitter v1.1

  /**
   * lines.json: 72 lines of 2018 streaming tweets; line 55 is byte-identical to line 32 (id_str
   * 972473017333899264), so 71 posts written + 1 duplicate. Line 42 (id_str 972473029904265216,
   * lang ko, Hangul written as \\uXXXX escapes): text is extended_tweet.full_text, not the 140-char
   * "text" that ends "#iHeartAwards… https://t.co/naWgs5p9Os"; hashtags from
   * extended_tweet.entities.
   */
  @Test
  void v1StreamingExtendedTweetsUseFullText() {
    assertRun(V1 + "bear__python-twitter/testdata/streaming/lines.json", 72, 71, 1, 0, 0, 0);
    assertEquals(71, postsFrom("testdata/streaming/lines.json").size());
    Row p = post("twitter:972473029904265216");
    assertEquals(
        "@"
            + tw("weareoneEXO")
            + " [STATION] EXO 수호(SUHO) X 장재인 'Dinner' Making Film\n엑소  EXO \n"
            + "#EXOL #BestFanArmy #iHeartAwards \n\n@"
            + tw("weareoneEXO")
            + " \nFull:https://t.co/FjUBuztnFf "
            + "https://t.co/1hSplOJ0bP",
        p.getAs("text"));
    assertEquals(
        Instant.parse("2018-03-10T14:03:32Z"), createdAt(p)); // "Sat Mar 10 14:03:32 +0000 2018"
    assertEquals(tw("zhang_sekai"), p.getAs("author_key"));
    assertEquals(twAccount("729121245841739776"), p.getAs("author_id_key")); // user.id_str
    assertEquals("ko", p.getAs("lang"));
    assertEquals("twitter:972469573889871878", p.getAs("reply_to_post_id"));
    assertEquals(tw("weareoneEXO"), p.getAs("reply_to_author_key"));
    assertEquals(List.of(tw("weareoneEXO"), tw("weareoneEXO")), list(p, "mention_keys"));
    assertEquals(List.of("exol", "bestfanarmy", "iheartawards"), list(p, "hashtags"));
    assertEquals(615L, l(p, "author_followers"));
    assertEquals("EXO PLANET", p.getAs("author_location"));
    assertEquals(0L, l(p, "like_count"));
    assertEquals(0L, l(p, "quote_count"));
  }

  /**
   * streaming_extended_tweet.json (one object, id_str 971726741583605760):
   * extended_tweet.full_text, whose "ClouData &amp; Multiverse" is decoded to "&"; user ClouDatAI,
   * 1830 followers, location "San Francisco, CA".
   */
  @Test
  void v1StreamingExtendedTweetDecodesEntities() {
    assertRun(
        V1 + "bear__python-twitter/testdata/streaming/streaming_extended_tweet.json",
        1,
        1,
        0,
        0,
        0,
        0);
    Row p = post("twitter:971726741583605760");
    assertEquals(
        "HIV_AIDS_BiojQuery Mobile Web Development Essentials, Second Edition: https://t.co/r78h6xfAby "
            + "Quantum AI Big/Small/0 Data Cloud/Fog Computing OutLook from ClouData & Multiverse -  "
            + "https://t.co/cnCBNJvu6T",
        p.getAs("text"));
    assertEquals(Instant.parse("2018-03-08T12:38:03Z"), createdAt(p));
    assertEquals(tw("ClouDatAI"), p.getAs("author_key"));
    assertEquals(1830L, l(p, "author_followers"));
    assertEquals("San Francisco, CA", p.getAs("author_location"));
    assertEquals("en", p.getAs("lang"));
  }

  /**
   * The 3.2 pair is one tweet (id_str 782737772490600448) in two REST shapes. compat_mode has only
   * the cut "text" ("...python_twitt pytho… https://t.co/et3OTOxWSa"); extended_mode has
   * "full_text". extended_mode loads after compat_mode (path order) and supersedes it in the same
   * run: compat_mode counts as a duplicate, silver holds the full text.
   */
  @Test
  void v1CompatModeTruncatedTextIsReplacedByTheExtendedVersion() {
    assertRun(
        V1 + "bear__python-twitter/testdata/3.2/extended_tweet_in_compat_mode.json",
        1,
        0,
        1,
        0,
        0,
        0);
    assertRun(
        V1 + "bear__python-twitter/testdata/3.2/extended_tweet_in_extended_mode.json",
        1,
        1,
        0,
        0,
        0,
        0);
    Row p = post("twitter:782737772490600448");
    assertEquals(
        "has more details about these changes.  Thanks for making more expressive!writing requirements "
            + "to python_twitt python_twitter.egg-info/SOURCE https://t.co/JWSPztfoyt",
        p.getAs("text"));
    assertFalse(s(p, "text").contains("…"));
    assertTrue(s(p, "source_file").endsWith("extended_tweet_in_extended_mode.json"));
    assertEquals(Instant.parse("2016-10-03T00:23:22Z"), createdAt(p));
    assertEquals(tw("notinourselves"), p.getAs("author_key"));
    assertNull(p.getAs("author_location")); // user.location is ""
  }

  /**
   * public_api_sample.json: 20 lines whose numeric "id" went through a double; in 19 of them it
   * differs from id_str (line 1: id 872836479608733700, id_str "872836479608733696"). The post ids
   * are the id_str values; none of the damaged numbers became a post. The same 20 tweets are also
   * in original_format_examples.json and the Gnip file, which load later: here all 20 are
   * superseded (duplicates).
   */
  @Test
  void v1IdStrWinsOverADamagedNumericId() {
    assertRun(
        TWITTERDEV + "broken_and_unsupported_payloads/public_api_sample.json", 20, 0, 20, 0, 0, 0);
    Map<String, String> idStrToId = new java.util.LinkedHashMap<>();
    idStrToId.put("872836479608733696", "872836479608733700");
    idStrToId.put("872836379595620353", "872836379595620400");
    idStrToId.put("867842308955226112", "867842308955226100");
    idStrToId.put("867837275152842752", "867837275152842800");
    idStrToId.put("867834809732677634", "867834809732677600");
    idStrToId.put("867833721579122688", "867833721579122700");
    idStrToId.put("867503895978754048", "867503895978754000");
    idStrToId.put("867479301360205824", "867479301360205800");
    idStrToId.put("867478524235366400", "867478524235366400");
    idStrToId.put("867478493000368128", "867478493000368100");
    idStrToId.put("867478374385557508", "867478374385557500");
    idStrToId.put("867475261532459008", "867475261532459000");
    idStrToId.put("867475201482661888", "867475201482661900");
    idStrToId.put("867475059358683136", "867475059358683100");
    idStrToId.put("867474613139156993", "867474613139157000");
    idStrToId.put("867473446648676352", "867473446648676400");
    idStrToId.put("867472736871866368", "867472736871866400");
    idStrToId.put("867471562613575680", "867471562613575700");
    idStrToId.put("867471067178090496", "867471067178090500");
    idStrToId.put("867470833744191488", "867470833744191500");
    for (Map.Entry<String, String> e : idStrToId.entrySet()) {
      assertEquals(e.getKey(), post("twitter:" + e.getKey()).getAs("source_id"));
      if (!e.getKey().equals(e.getValue())) {
        assertFalse(
            posts.containsKey("twitter:" + e.getValue()),
            "damaged id " + e.getValue() + " became a post");
      }
    }
  }

  /**
   * streamingapi-testcase.json (2009): line 1 delete of status 6832057002 by user 18378841, lines
   * 2, 3 and 5 tweets with a numeric id only, line 4 {"limit":{"track":121564}}, line 6 scrub_geo
   * of user 14090452 up to status 23260136625. Line 3: id 6832063500, AnnaMattos12 (user id
   * 59642427, 123 followers, "Los Angeles"), "s\\u00f3" / "\\u00e9" decoded, no lang in 2009.
   */
  @Test
  void v1Stream2009RoutesDeleteLimitAndScrubGeo() {
    String file =
        "Twitter4J__Twitter4J/twitter4j-core/src/test/resources/streamingapi-testcase.json";
    assertRun(V1 + file, 6, 3, 0, 3, 0, 1);
    List<Row> c = controlsOf(file);
    assertEquals(
        List.of("delete", "limit", "scrub_geo"), c.stream().map(r -> s(r, "kind")).toList());
    assertEquals(List.of(1L, 4L, 6L), c.stream().map(r -> l(r, "position")).toList());
    assertEquals("twitter:6832057002", c.get(0).getAs("target_post_id"));
    assertEquals(twAccount("18378841"), c.get(0).getAs("target_author_id_key"));
    assertTrue(s(c.get(1), "detail").contains("121564"), s(c.get(1), "detail"));
    assertEquals(twAccount("14090452"), c.get(2).getAs("target_author_id_key"));
    assertEquals("23260136625", c.get(2).getAs("up_to_source_id"));
    assertFalse(posts.containsKey("twitter:6832057002"));

    Row p = post("twitter:6832063500");
    assertEquals(
        "Acho retartado ter que esperar para usar o script de novo, por isso só uso o Twitter Followers, "
            + "o site da empresa é: http://bit.ly/5tNlDp",
        p.getAs("text"));
    assertEquals(Instant.parse("2009-12-19T16:01:35Z"), createdAt(p));
    assertEquals(tw("AnnaMattos12"), p.getAs("author_key"));
    assertEquals(twAccount("59642427"), p.getAs("author_id_key"));
    assertEquals(123L, l(p, "author_followers"));
    assertEquals("Los Angeles", p.getAs("author_location"));
    assertNull(p.getAs("lang"));
    assertTrue(posts.containsKey("twitter:6832063504"));
    assertTrue(posts.containsKey("twitter:6832063502"));
  }

  /**
   * twitter.json: one pretty-printed {"statuses":[100], "search_metadata":{...}} document; 73
   * statuses carry retweeted_status; langs ja 96, zh 4. Status 11 (id_str 505874903094939648) is a
   * retweet whose top-level text is cut at "一番初めの場所にあるの…"; the post text is rebuilt as "RT @" +
   * retweeted_status.user.screen_name + ": " + retweeted_status.text.
   */
  @Test
  void v1SearchEnvelopeIsExploded() {
    assertRun(V1 + "simdjson__simdjson/jsonexamples/twitter.json", 100, 100, 0, 0, 0, 0);
    List<Row> from = postsFrom("jsonexamples/twitter.json");
    assertEquals(100, from.size());
    assertEquals(73, from.stream().filter(r -> r.<Boolean>getAs("is_repost")).count());
    assertEquals(96, from.stream().filter(r -> "ja".equals(r.getAs("lang"))).count());
    assertEquals(4, from.stream().filter(r -> "zh".equals(r.getAs("lang"))).count());
    // search_metadata.max_id_str 505874924095815681 is status 1, not an extra post
    assertTrue(posts.containsKey("twitter:505874924095815681"));
    assertFalse(posts.containsKey("twitter:505874924095815700"));

    Row p = post("twitter:505874903094939648");
    assertEquals(
        "RT @"
            + tw("shiawaseomamori")
            + ": 一に止まると書いて、正しいという意味だなんて、この年になるまで知りませんでした。"
            + " 人は生きていると、前へ前へという気持ちばかり急いて、どんどん大切なものを置き去りにしていくものでしょう。"
            + "本当に正しいことというのは、一番初めの場所にあるのかもしれません。 by神様のカルテ、夏川草介",
        p.getAs("text"));
    assertEquals("twitter:505871615125491712", p.getAs("repost_of"));
    assertTrue(p.<Boolean>getAs("is_repost"));
    assertEquals(58L, l(p, "share_count"));
    assertEquals(Instant.parse("2014-08-31T00:29:10Z"), createdAt(p));
    assertEquals(tw("mote_danshi1"), p.getAs("author_key"));
    assertEquals("ja", p.getAs("lang"));
  }

  /**
   * statuses.json (2012): 20 lines, none has "lang" (nor metadata.iso_language_code), so lang is
   * null for all; 6 old-style retweets. Line 13 (BarackObama, 244103057175113729): "--&gt;"
   * decoded, verified, 19,449,227 followers, retweet_count 147, no favorite_count. Line 5
   * (244108728834592770): retweet of 244105944508796931 by olivercameron.
   */
  @Test
  void v1StatusesWithoutLang() {
    assertRun(V1 + "tweetstream__tweetstream/spec/fixtures/statuses.json", 20, 20, 0, 0, 0, 0);
    List<Row> from = postsFrom("fixtures/statuses.json");
    assertEquals(20, from.size());
    assertTrue(from.stream().allMatch(r -> r.getAs("lang") == null));
    assertEquals(6, from.stream().filter(r -> r.<Boolean>getAs("is_repost")).count());

    Row obama = post("twitter:244103057175113729");
    assertEquals(
        "Donate $10 or more --> get your favorite car magnet: http://t.co/NfRhl2s2 #Obama2012",
        obama.getAs("text"));
    assertEquals(Instant.parse("2012-09-07T16:01:18Z"), createdAt(obama));
    assertEquals(tw("BarackObama"), obama.getAs("author_key"));
    assertEquals(Boolean.TRUE, obama.getAs("author_verified"));
    assertEquals(19_449_227L, l(obama, "author_followers"));
    assertEquals(147L, l(obama, "share_count"));
    assertNull(obama.getAs("like_count"));
    assertEquals(List.of("obama2012"), list(obama, "hashtags"));

    Row rt = post("twitter:244108728834592770");
    assertEquals(
        "RT @" + tw("olivercameron") + ": Mosaic looks cool: http://t.co/A8013C9k",
        rt.getAs("text"));
    assertEquals("twitter:244105944508796931", rt.getAs("repost_of"));
    assertEquals(tw("calebelston"), rt.getAs("author_key"));
  }

  /**
   * The tweetstream fixtures are hand-typed, pretty-printed single objects: each is routed by its
   * top key to one control event. delete.json: status 123 of user 3; status_withheld.json: status
   * 1234567890 withheld in ["de","ar"]; user_withheld.json: user 123; scrub_geo.json: user_id_str
   * "123", up_to_status_id 987 (its "_string" key is misspelt, so the number is used);
   * stall_warning.json: warning FALLING_BEHIND; limit.json: track 123.
   */
  @Test
  void v1ControlFixturesAreRoutedByTheirKey() {
    String dir = V1 + "tweetstream__tweetstream/spec/fixtures/";
    assertRun(dir + "delete.json", 1, 0, 0, 1, 0, 1);
    assertRun(dir + "limit.json", 1, 0, 0, 1, 0, 0);
    assertRun(dir + "scrub_geo.json", 1, 0, 0, 1, 0, 0);
    assertRun(dir + "stall_warning.json", 1, 0, 0, 1, 0, 0);
    assertRun(dir + "status_withheld.json", 1, 0, 0, 1, 0, 0);
    assertRun(dir + "user_withheld.json", 1, 0, 0, 1, 0, 0);
    Row delete = controlsOf("fixtures/delete.json").get(0);
    assertEquals("delete", delete.getAs("kind"));
    assertEquals("twitter:123", delete.getAs("target_post_id"));
    assertEquals(twAccount("3"), delete.getAs("target_author_id_key"));
    assertEquals("limit", controlsOf("fixtures/limit.json").get(0).getAs("kind"));
    Row scrub = controlsOf("fixtures/scrub_geo.json").get(0);
    assertEquals("scrub_geo", scrub.getAs("kind"));
    assertEquals(twAccount("123"), scrub.getAs("target_author_id_key"));
    assertEquals("987", scrub.getAs("up_to_source_id"));
    Row warning = controlsOf("fixtures/stall_warning.json").get(0);
    assertEquals("warning", warning.getAs("kind"));
    assertTrue(s(warning, "detail").contains("FALLING_BEHIND"));
    Row withheld = controlsOf("fixtures/status_withheld.json").get(0);
    assertEquals("status_withheld", withheld.getAs("kind"));
    assertEquals("twitter:1234567890", withheld.getAs("target_post_id"));
    Row userWithheld = controlsOf("fixtures/user_withheld.json").get(0);
    assertEquals("user_withheld", userWithheld.getAs("kind"));
    assertEquals(twAccount("123"), userWithheld.getAs("target_author_id_key"));
  }

  /**
   * original_format_examples.json: 25 enterprise v1.1 tweets; 20 of them are also in
   * public_api_sample (loaded before) and all 25 are in the Gnip file (loaded after). API payloads
   * outrank the Gnip translation (Formats.fidelity), so these 25 are the versions written.
   */
  @Test
  void v1OriginalFormatExamples() {
    assertRun(TWITTERDEV + "original_format_examples.json", 25, 25, 0, 0, 0, 0);
  }

  // ------------------------------------------------------------------ Twitter v2 (twarc2)

  /**
   * noflat.jsonl: one raw search page, data[100] + errors[1] (a suspended user, resource_type
   * "user"): 101 items. The same 100 tweets are in flat.jsonl, which loads first; noflat.jsonl
   * loads later, so its 100 are the versions written; the error is an api_error control without a
   * target post.
   */
  @Test
  void v2RawPageCountsEachTweetAndTheError() {
    assertRun(V2 + "noflat.jsonl", 101, 100, 0, 1, 0, 0);
    List<Row> c = controlsOf("test-data/noflat.jsonl");
    assertEquals(1, c.size());
    assertEquals("api_error", c.get(0).getAs("kind"));
    assertNull(c.get(0).getAs("target_post_id"));
    assertEquals(1L, l(c.get(0), "position"));
    assertEquals(101, c.get(0).<Integer>getAs("item_index")); // after the 100 tweets of the page
  }

  /**
   * flat.jsonl: 100 flattened tweets, one per line (author, in_reply_to_user and referenced_tweets
   * inlined), all superseded by the same tweets in noflat.jsonl (loaded later). Both shapes give
   * the same values: the ones below hold for either. Line 1 / data[0] (1380242611781386245) is a
   * retweet of 1380175475545362437 by williamserafino: the text is rebuilt from the inlined
   * original, not the cut "...mediante Colo…". Line 4 (1380242586288328707): reply to
   * 1380229267770933248 in conversation 1380220754978086917, in_reply_to_user TalkToTheFoot; author
   * PDXPapaG (458 followers, "Portland, OR").
   */
  @Test
  void v2FlattenedTweets() {
    assertRun(V2 + "flat.jsonl", 100, 0, 100, 0, 0, 0);
    Row rt = post("twitter:1380242611781386245");
    assertEquals(
        "RT @"
            + tw("williamserafino")
            + ": De manera simultánea, vuelven a asediar la frontera oeste de "
            + "Rusia a través de Ucrania y la de Venezuela mediante Colombia. De esa forma, EEUU revive dos blancos "
            + "geopolíticos de primer orden de la administración Obama. La pandilla del Partido Demócrata hace sentir "
            + "su regreso.",
        rt.getAs("text"));
    assertEquals("twitter:1380175475545362437", rt.getAs("repost_of"));
    assertEquals(Instant.parse("2021-04-08T19:34:16Z"), createdAt(rt));
    assertEquals(tw("Alexandravm12"), rt.getAs("author_key"));
    assertEquals(twAccount("1352661060663336960"), rt.getAs("author_id_key"));
    assertEquals("es", rt.getAs("lang"));
    assertEquals(410L, l(rt, "share_count"));
    assertEquals(58L, l(rt, "author_followers"));

    Row reply = post("twitter:1380242586288328707");
    assertEquals(
        "@"
            + tw("TalkToTheFoot")
            + " @"
            + tw("JackPosobiec")
            + " None of whom had access to either of "
            + "the hard drives. Shows how inept and partisan the DOJ became under Obama.",
        reply.getAs("text"));
    assertEquals("twitter:1380229267770933248", reply.getAs("reply_to_post_id"));
    assertEquals(tw("TalkToTheFoot"), reply.getAs("reply_to_author_key"));
    assertEquals("twitter:1380220754978086917", reply.getAs("conversation_id"));
    assertEquals(tw("PDXPapaG"), reply.getAs("author_key"));
    assertEquals(458L, l(reply, "author_followers"));
    assertEquals("Portland, OR", reply.getAs("author_location"));
  }

  /**
   * streaming_output_with_error.jsonl: 7 complete lines whose "data" is one object, then line 8
   * '{"data": {"author_id": "1021159080151404544"' cut without a newline: 7 posts, 1 quarantined as
   * truncated_record. Line 3 (1377650277642338305): geo point [-86.58216981, 34.75192228] (lon,
   * lat) and place a0583... -> includes.places "Huntsville, AL", "US".
   */
  @Test
  void v2StreamWithATruncatedLastLine() {
    assertRun(V2 + "streaming_output_with_error.jsonl", 8, 7, 0, 0, 1, 0);
    List<Row> q =
        quarantine.stream()
            .filter(r -> s(r, "source_file").endsWith("streaming_output_with_error.jsonl"))
            .toList();
    assertEquals(1, q.size());
    assertEquals("truncated_record", q.get(0).getAs("reason_code"));
    assertEquals(8L, l(q.get(0), "position"));
    assertEquals(
        "{\"data\": {\"author_id\": \"1021159080151404544\"", q.get(0).getAs("raw_record"));
    assertEquals(7, postsFrom("streaming_output_with_error.jsonl").size());

    Row p = post("twitter:1377650277642338305");
    assertEquals(34.75192228, p.<Double>getAs("geo_lat"), 0.0);
    assertEquals(-86.58216981, p.<Double>getAs("geo_lon"), 0.0);
    assertEquals("Huntsville, AL", p.getAs("place_name"));
    assertEquals("US", p.getAs("place_country_code"));
    assertEquals(Instant.parse("2021-04-01T15:53:16Z"), createdAt(p));
    assertEquals("Huntsville Alabama", p.getAs("author_location"));
  }

  /**
   * withheld.jsonl: 5 pages with 1 + 1 + 1 + 100 + 112 = 215 tweets and 1 + 1 + 3 = 5 errors (two
   * "Could not find tweet" for 506694458445152256 and 1252320537600299008, three suspended users).
   * Page 2 is the 2010 tweet 25712847277 (pre-snowflake id, created_at 2010-09-27T19:06:05.000Z).
   */
  @Test
  void v2WithheldMixedEndpoints() {
    assertRun(V2 + "withheld.jsonl", 220, 215, 0, 5, 0, 0);
    List<Row> c = controlsOf("test-data/withheld.jsonl");
    assertEquals(5, c.size());
    assertTrue(c.stream().allMatch(r -> "api_error".equals(r.getAs("kind"))));
    assertEquals(
        Set.of("twitter:506694458445152256", "twitter:1252320537600299008"),
        c.stream()
            .map(r -> s(r, "target_post_id"))
            .filter(java.util.Objects::nonNull)
            .collect(Collectors.toSet()));
    Row old = post("twitter:25712847277");
    assertEquals(Instant.parse("2010-09-27T19:06:05Z"), createdAt(old));
    assertEquals(tw("benshapiro"), old.getAs("author_key"));
    assertEquals(List.of("settlementsrock"), list(old, "hashtags"));
    assertEquals(1868L, l(old, "like_count"));
    assertEquals(806L, l(old, "share_count"));
    assertEquals(4501L, l(old, "reply_count"));
    assertEquals(5323L, l(old, "quote_count"));
  }

  /**
   * The edit pair: edited_before.jsonl holds version 1576994746135764992 and edited_after.jsonl /
   * edited.jsonl version 1576994789110992896, both with edit_history_tweet_ids
   * [1576994746135764992, 1576994789110992896]. One post, keyed by the first id; the after version
   * (rank 1) wins although edited_before.jsonl loads last (an older edit: duplicate). edited_after
   * is the later capture of the same version as edited (likes 27 -> 32, replies 12 -> 14, retweets
   * 2 -> 3) and supersedes it.
   */
  @Test
  void v2EditedPostKeepsTheFirstIdAndTheLatestText() {
    assertRun(V2 + "edited.jsonl", 1, 0, 1, 0, 0, 0);
    assertRun(V2 + "edited_after.jsonl", 1, 1, 0, 0, 0, 0);
    assertRun(V2 + "edited_before.jsonl", 1, 0, 1, 0, 0, 0);
    assertFalse(posts.containsKey("twitter:1576994789110992896"));
    Row p = post("twitter:1576994746135764992");
    assertEquals("hey :) https://t.co/rnwEIoNuqd", p.getAs("text"));
    assertEquals("1576994789110992896", p.getAs("source_id"));
    assertEquals(1, p.<Integer>getAs("edit_rank"));
    assertEquals(Instant.parse("2022-10-03T17:57:11Z"), createdAt(p));
    assertEquals(32L, l(p, "like_count"));
    assertEquals(3L, l(p, "share_count"));
    assertEquals(14L, l(p, "reply_count"));
    assertEquals(tw("wongmjane"), p.getAs("author_key"));
    assertEquals(138_097L, l(p, "author_followers"));
    assertTrue(s(p, "source_file").endsWith("edited_after.jsonl"));
  }

  /**
   * quoted_edit.jsonl (1576995594388000768, dappdavid99): referenced_tweets quoted
   * 1576994746135764992 and replied_to 1576994789110992896, in_reply_to wongmjane; 107 followers.
   * Both ids are versions of one edited post (includes.tweets edit_history_tweet_ids), known by its
   * first id.
   */
  @Test
  void v2QuoteOfAnEditedPost() {
    assertRun(V2 + "quoted_edit.jsonl", 1, 1, 0, 0, 0, 0);
    Row p = post("twitter:1576995594388000768");
    assertEquals("@" + tw("wongmjane") + " Test \nhttps://t.co/rBFwqjVr6B", p.getAs("text"));
    assertEquals("twitter:1576994746135764992", p.getAs("quote_of"));
    assertEquals("twitter:1576994746135764992", p.getAs("reply_to_post_id"));
    assertEquals(tw("wongmjane"), p.getAs("reply_to_author_key"));
    assertEquals(tw("dappdavid99"), p.getAs("author_key"));
    assertEquals(107L, l(p, "author_followers"));
  }

  /**
   * counts.jsonl: one tweets/counts page, data[169] of {start,end,tweet_count},
   * meta.total_tweet_count 771665: one counts control, no post.
   */
  @Test
  void v2CountsAreAControlNotPosts() {
    assertRun(V2 + "counts.jsonl", 1, 0, 0, 1, 0, 0);
    Row c = controlsOf("test-data/counts.jsonl").get(0);
    assertEquals("counts", c.getAs("kind"));
    assertTrue(s(c, "detail").contains("169") && s(c, "detail").contains("771665"), s(c, "detail"));
    assertEquals(0, postsFrom("test-data/counts.jsonl").size());
  }

  /**
   * tweets_compliance.jsonl: a blank first line, then deletes of 1170025343920402432 ("protected")
   * and 1170147183095664640 ("deactivated"; redacted_at, when it was deleted:
   * 2021-08-17T17:26:15.788Z). users_compliance.jsonl: two identical lines about user 1482680858
   * and a blank last line.
   */
  @Test
  void v2ComplianceFilesAreDeletes() {
    assertRun(V2 + "tweets_compliance.jsonl", 2, 0, 0, 2, 0, 2);
    List<Row> c = controlsOf("test-data/tweets_compliance.jsonl");
    assertEquals(
        List.of("twitter:1170025343920402432", "twitter:1170147183095664640"),
        c.stream().map(r -> s(r, "target_post_id")).toList());
    assertEquals(
        List.of(1L, 2L),
        c.stream().map(r -> l(r, "position")).toList()); // the blank line is no record
    assertEquals(
        Instant.parse("2021-08-17T17:26:15.788Z"),
        c.get(1).<Timestamp>getAs("event_at").toInstant());
    assertRun(V2 + "users_compliance.jsonl", 2, 0, 0, 2, 0, 2);
  }

  /**
   * media_tweet.jsonl: 1558553189766631429 by IgorBrigadir ("Ireland", 3560 followers), likes 93.
   */
  @Test
  void v2MediaTweetAndOneFlattenedTweet() {
    assertRun(V2 + "media_tweet.jsonl", 1, 1, 0, 0, 0, 0);
    Row p = post("twitter:1558553189766631429");
    assertEquals("She's GOING with it! 🐍 https://t.co/uXqSAGWkWJ", p.getAs("text"));
    assertEquals(tw("IgorBrigadir"), p.getAs("author_key"));
    assertEquals("Ireland", p.getAs("author_location"));
    assertEquals(93L, l(p, "like_count"));
    // one_tweet.jsonl: one flattened tweet (no id_str juggling, author inlined)
    assertRun("carpentries-incubator__twitter-with-twarc/data/one_tweet.jsonl", 1, 1, 0, 0, 0, 0);
  }

  // ------------------------------------------------------------------ personal archives

  /**
   * denchi tweet.js (window.YTD.tweet.part0): 22 elements {"tweet":{...}} with every scalar a
   * string and no user object; no manifest.js or user_details.js within three folders, so
   * author_key is null. Element 1: 1221130902635458567, "Sat Jan 25 18:01:09 +0000 2020",
   * favorite_count "35", retweet_count "6", six hashtags.
   */
  @Test
  void ytdArchiveTweetsHaveNoAuthorWithoutAManifest() {
    assertRun("denchi__lumeninferiusarchive/data/tweet.js", 22, 22, 0, 0, 0, 0);
    List<Row> from = postsFrom("denchi__lumeninferiusarchive/data/tweet.js");
    assertEquals(22, from.size());
    assertTrue(from.stream().allMatch(r -> r.getAs("author_key") == null));
    assertEquals(9, from.stream().filter(r -> r.getAs("reply_to_post_id") != null).count());
    Row p = post("twitter:1221130902635458567");
    assertEquals(
        "Passing through the Cathedral will be quite a challenge... #screenshotsaturday #indiegame #gamedev "
            + "#madewithunity #madewithspine #lumeninferiush https://t.co/3mty6RE1PW",
        p.getAs("text"));
    assertEquals(Instant.parse("2020-01-25T18:01:09Z"), createdAt(p));
    assertEquals(35L, l(p, "like_count"));
    assertEquals(6L, l(p, "share_count"));
    assertEquals(
        List.of(
            "screenshotsaturday",
            "indiegame",
            "gamedev",
            "madewithunity",
            "madewithspine",
            "lumeninferiush"),
        list(p, "hashtags"));
    assertEquals("twitter-archive", p.getAs("source_format"));
    // element 5: a reply; in_reply_to_screen_name SquireofTwitch
    Row reply = post("twitter:1208381411750809600");
    assertEquals("@" + tw("SquireofTwitch") + " why not?", reply.getAs("text"));
    assertEquals("twitter:1208375591025758209", reply.getAs("reply_to_post_id"));
    assertEquals(tw("SquireofTwitch"), reply.getAs("reply_to_author_key"));
  }

  /**
   * milahu deleted-tweets.js: 47 elements, each with deleted_at: 47 delete controls. Element 1 is
   * 2029583929812873669 deleted "Thu Mar 05 16:08:05 +0000 2026"; element 47 is
   * 2028884373760561579. manifest.js (window.__THAR_CONFIG) is archive metadata; note-tweet.js is
   * an empty array.
   */
  @Test
  void ytdDeletedTweetsAndMetadata() {
    assertRun(MILAHU + "deleted-tweets.js", 47, 0, 0, 47, 0, 47);
    List<Row> c = controlsOf("data/deleted-tweets.js");
    assertEquals(47, c.size());
    assertTrue(c.stream().allMatch(r -> "delete".equals(r.getAs("kind"))));
    assertEquals("twitter:2029583929812873669", c.get(0).getAs("target_post_id"));
    assertEquals(
        Instant.parse("2026-03-05T16:08:05Z"), c.get(0).<Timestamp>getAs("event_at").toInstant());
    assertEquals("twitter:2028884373760561579", c.get(46).getAs("target_post_id"));
    assertEquals(47, c.stream().map(r -> s(r, "target_post_id")).distinct().count());

    assertRun(MILAHU + "manifest.js", 1, 0, 0, 1, 0, 0);
    assertEquals("archive_metadata", controlsOf("data/manifest.js").get(0).getAs("kind"));
    Row note = run(MILAHU + "note-tweet.js");
    assertEquals("ingested", note.getAs("status"));
    assertEquals(0L, IngestFixture.n(note, "records_read"));
  }

  /**
   * Grailbird's user_details.js, payload_details.js and tweet_index.js (var x = ...) hold no posts.
   */
  @Test
  void grailbirdMetadataFiles() {
    for (String f :
        List.of(
            "data/js/user_details.js", "data/js/payload_details.js", "data/js/tweet_index.js")) {
      assertRun(LOONA + f, 1, 0, 0, 1, 0, 0);
      assertEquals("archive_metadata", controlsOf(LOONA + f).get(0).getAs("kind"));
    }
  }

  /**
   * 2017_07.js: 30 retweets by RedKimLip with created_at like "2017-07-25 21:48:00 +0000" and
   * Hangul as \\uXXXX escapes. tweets.csv (which loads after it) has the same 30 tweets with the
   * same timestamps and the same top-level text, but less (no hashtags, no account id): a CSV
   * export never replaces the JSON copy (Formats.fidelity), so silver holds these 30. Element 1 =
   * tweets.csv row 1552 (889965481574055936): retweeted_status.text rebuilt in full, ending "#LOONA
   * #Choerry".
   */
  @Test
  void grailbirdMonthFile2017() {
    assertRun(LOONA + "data/js/tweets/2017_07.js", 30, 30, 0, 0, 0, 0);
    Row p = post("twitter:889965481574055936");
    assertEquals(Instant.parse("2017-07-25T21:48:00Z"), createdAt(p));
    assertEquals(
        "RT @"
            + tw("loonatheworld")
            + ": #최리 #LoveCherryMotion 을 함께 한 #이달의소녀 멤버와 소녀들의 이야기를 "
            + "지금 확인하세요😆 Release 2017. 07. 28 pm12 (KST) ▶https://t.co/kxCR2zwfS6 #LOONA #Choerry",
        p.getAs("text"));
    assertEquals(tw("RedKimLip"), p.getAs("author_key"));
    assertEquals("twitter:889862821738979328", p.getAs("repost_of"));
    assertTrue(p.<Boolean>getAs("is_repost"));
    assertTrue(s(p, "source_file").endsWith("data/js/tweets/2017_07.js"));
  }

  /**
   * 2020_11.js (bot-written, raw UTF-8, v1.1 created_at): in all 5 elements id != id_str; element 1
   * has id 1327446155635159000 (the original MBC tweet, damaged) and id_str 1329028507695923201,
   * user MBC_entertain (852106 followers, verified), 2448 likes, 592 retweets: in the owner's
   * archive a post by someone else is the owner's repost of it (elements 1-3). Elements 4 and 5 are
   * by "redkimlip" (lower case), the same pseudonym as the archive owner RedKimLip in
   * user_details.js.
   */
  @Test
  void grailbirdMonthFile2020IdStrWins() {
    assertRun(LOONA + "data/js/tweets/2020_11.js", 5, 5, 0, 0, 0, 0);
    for (String id :
        List.of(
            "1329028507695923201",
            "1327150876625166336",
            "1327150364634779649",
            "1327147958639489026",
            "1327146303072120833")) {
      assertTrue(posts.containsKey("twitter:" + id), id);
    }
    for (String damaged :
        List.of(
            "1327446155635159000",
            "1327130768146116600",
            "1327131022937510000",
            "1327147958639489000",
            "1327146303072120800")) {
      assertFalse(posts.containsKey("twitter:" + damaged), damaged);
    }
    Row p = post("twitter:1329028507695923201");
    assertEquals(
        "RT @"
            + tw("MBC_entertain")
            + ": 이번 주 복면가수 힌트가 도착했습니당!🤩\n손 대면 터질 것 같은 귀여움! 쪼꼬미🎈 #풍선껌\n명랑하게 가왕석까지 따르릉 "
            + "따르릉~🚴\u200d♂️ 리틀 #명랑만화\n그 정체는~?🤔\n#복면가왕 일요일 오후 6시 20분 https://t.co/8seZ2j1Udk",
        p.getAs("text"));
    assertEquals(Instant.parse("2020-11-18T11:47:43Z"), createdAt(p));
    assertEquals(tw("RedKimLip"), p.getAs("author_key"));
    assertEquals(Boolean.TRUE, p.getAs("is_repost"));
    assertNull(p.getAs("author_followers")); // 852,106 are MBC_entertain's, not the owner's
    assertEquals(2448L, l(p, "like_count"));
    assertEquals(592L, l(p, "share_count"));
    assertEquals("ko", p.getAs("lang"));
    assertEquals(List.of("풍선껌", "명랑만화", "복면가왕"), list(p, "hashtags"));
    Row own = post("twitter:1327147958639489026");
    assertEquals("아카이브 테스트", own.getAs("text"));
    assertEquals(tw("RedKimLip"), own.getAs("author_key"));
  }

  /**
   * tweets.csv: 1,581 records; 1,452 texts hold a line break (1,447 "\n", 5 a bare "\r"), 814 have
   * a retweeted_status_id, 28 an in_reply_to_status_id. No user column: the author is the archive
   * owner RedKimLip from data/js/user_details.js. Row 1: 995760730904215552, "2018-05-13 20:20:33
   * +0000", multi-line text, retweet of 993520384958914561, source kept as an attribute.
   */
  @Test
  void grailbirdTweetsCsv() {
    // the 30 rows that 2017_07.js also holds are duplicates of the richer JSON copy
    assertRun(LOONA + "tweets.csv", 1581, 1551, 30, 0, 0, 0);
    // over the 1,551 rows that are not in 2017_07.js: 1,426 multi-line texts, 784 retweets, 28
    // replies
    List<Row> from = postsFrom(LOONA + "tweets.csv");
    assertEquals(1551, from.size());
    assertEquals(
        1426,
        from.stream()
            .filter(r -> s(r, "text").contains("\n") || s(r, "text").contains("\r"))
            .count());
    assertEquals(784, from.stream().filter(r -> r.getAs("repost_of") != null).count());
    assertEquals(28, from.stream().filter(r -> r.getAs("reply_to_post_id") != null).count());
    assertTrue(from.stream().allMatch(r -> tw("RedKimLip").equals(r.getAs("author_key"))));
    Row p = post("twitter:995760730904215552");
    assertEquals(
        "RT @"
            + tw("lvlssxll")
            + ": 러브로지 예고편 Ver. 립솔\n러브립솔❤\ufe0f💙❤\ufe0f💙❤\ufe0f💙 https://t.co/dmgWgfExJd",
        p.getAs("text"));
    assertEquals(Instant.parse("2018-05-13T20:20:33Z"), createdAt(p));
    assertEquals("twitter:993520384958914561", p.getAs("repost_of"));
    assertEquals(
        Map.of("source", "<a href=\"http://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>"),
        attributes(p));
  }

  // ------------------------------------------------------------------ Reddit

  /**
   * test_comments.json: 27 lines; lines 7 and 9 have body "[removed]", 13 and 19 "[deleted]": 4
   * delete controls (t1_kod0bkj, t1_kod0bkl, t1_c0cmuon and t1_c16, the last built from id "c16" as
   * the line has no "name"), 23 posts. created_utc is a float on lines 1-10 (1706745600.0), a
   * string on 11-15 and 27 ("1251763201"), an int on 16-26.
   */
  @Test
  void redditComments() {
    assertRun(REDDIT + "test_comments.json", 27, 23, 0, 4, 0, 4);
    assertEquals(
        List.of("reddit:t1_kod0bkj", "reddit:t1_kod0bkl", "reddit:t1_c0cmuon", "reddit:t1_c16"),
        controlsOf("test_data/test_comments.json").stream()
            .map(r -> s(r, "target_post_id"))
            .toList());
    // line 2: float created_utc, u/ name pseudonymised, parent t1_kihqg38, link t3_199i3jp
    Row bot = post("reddit:t1_kod0bke");
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), createdAt(bot));
    assertTrue(
        s(bot, "text")
            .startsWith(
                "Hello u/"
                    + rd("Cultural_Entrance312")
                    + "\n\n[You predicted the price of "
                    + "Bitcoin would drop below $35,001.00"),
        s(bot, "text"));
    assertEquals("reddit:t1_kihqg38", bot.getAs("reply_to_post_id"));
    assertEquals("reddit:t3_199i3jp", bot.getAs("conversation_id"));
    assertEquals("BitcoinMarkets", bot.getAs("community"));
    assertEquals(rd("Bitty_Bot"), bot.getAs("author_key"));
    assertEquals(List.of(rd("Cultural_Entrance312")), list(bot, "mention_keys"));
    // line 12: string created_utc "1251763200", score 550 (a score, not a like count: kept as an
    // attribute)
    Row str = post("reddit:t1_c0cmuom");
    assertEquals(Instant.parse("2009-09-01T00:00:00Z"), createdAt(str));
    assertNull(str.getAs("like_count"));
    assertEquals(Map.of("score", "550"), attributes(str));
    assertEquals("reddit:t3_9g0fe", str.getAs("reply_to_post_id"));
    assertEquals("AskReddit", str.getAs("community"));
    // line 16: int created_utc 1134365188, no "name"
    Row old = post("reddit:t1_c13");
    assertEquals(Instant.parse("2005-12-12T05:26:28Z"), createdAt(old));
    assertEquals(
        "A look at Vietnam and Mexico exposes the myth of market liberalisation.",
        old.getAs("text"));
    assertEquals("reddit:t3_17863", old.getAs("reply_to_post_id"));
    assertEquals("reddit.com", old.getAs("community"));
    assertEquals(rd("frjo"), old.getAs("author_key"));
    // line 18: author "[deleted]" but a real body: a post without author
    assertNull(post("reddit:t1_c15").getAs("author_key"));
    for (String gone :
        List.of("reddit:t1_kod0bkj", "reddit:t1_kod0bkl", "reddit:t1_c0cmuon", "reddit:t1_c16")) {
      assertFalse(posts.containsKey(gone), gone);
    }
  }

  /**
   * test_submissions.json: 31 lines (and a blank last line). Line 6 (t3_1afwvvf, NBA game thread):
   * text = title + "\n\n" + selftext, score 13 (kept as source_attributes.score), num_comments 189.
   * Line 16 (1v3sg, int 1180656045): title "NUMBERS &amp; WEB SITES" decoded. Line 23 (2f4i98,
   * string "1409529601"). Line 31 (abdn5a): selftext "[removed]" so the text is the title only.
   */
  @Test
  void redditSubmissions() {
    assertRun(REDDIT + "test_submissions.json", 31, 31, 0, 0, 0, 0);
    Row game = post("reddit:t3_1afwvvf");
    assertTrue(
        s(game, "text")
            .startsWith(
                "GAME THREAD: Dallas Mavericks (26-21) @ Minnesota Timberwolves (33-14) - "
                    + "(January 31, 2024)\n\n##General Information\n"),
        s(game, "text"));
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), createdAt(game));
    assertEquals(Map.of("score", "13"), attributes(game));
    assertEquals(189L, l(game, "reply_count"));
    assertEquals("nba", game.getAs("community"));
    assertNull(game.getAs("reply_to_post_id"));
    assertEquals("reddit:t3_1afwvvf", game.getAs("conversation_id"));
    Row amp = post("reddit:t3_1v3sg");
    assertEquals("NUMBERS & WEB SITES", amp.getAs("text"));
    assertEquals(Instant.parse("2007-06-01T00:00:45Z"), createdAt(amp));
    Row str = post("reddit:t3_2f4i98");
    assertEquals(Instant.parse("2014-09-01T00:00:01Z"), createdAt(str));
    assertEquals(
        "Does anybody else drink liquid egg whites?\n\nThere's 50g of protein in a carton which is equivelent "
            + "to 2 scoops of powder and only costs about $2. I'll usually have it in addition to the whey powder or "
            + "instead of powder if I'm out. ",
        str.getAs("text"));
    assertEquals("Fitness", str.getAs("community"));
    Row removed = post("reddit:t3_abdn5a");
    assertEquals(
        "What new stone sales are coming with the years banner on global?", removed.getAs("text"));
    assertEquals(Instant.parse("2019-01-01T01:30:55Z"), createdAt(removed));
    Row first = post("reddit:t3_87");
    assertEquals("The Downing Street Memo", first.getAs("text"));
    assertEquals(Instant.parse("2005-06-23T18:43:53Z"), createdAt(first));
    assertEquals(rd("kn0thing"), first.getAs("author_key"));
    assertEquals(Map.of("score", "183"), attributes(first));
    assertEquals(390L, l(first, "reply_count"));
  }

  // ------------------------------------------------------------------ Gnip

  /**
   * activity_streams_examples.json: 25 activities, the same tweets as
   * original_format_examples.json, loaded last, but the v1.1 payloads outrank this translation: all
   * 25 are duplicates. Line 1 (887453193294282752): geo.coordinates [40.01736548, -105.27786886]
   * (lat, lon), location "Boulder, CO" / "US". Line 11: share of tag:...:861651727614746624 by
   * notFromShrek, rebuilt as "RT @notFromShrek: " + object.body.
   */
  @Test
  void gnipActivityStreams() {
    assertRun(GNIP, 25, 0, 25, 0, 0, 0);
    Row geo = post("twitter:887453193294282752");
    assertEquals(
        "N) A Tweet with explicit geo coordinates https://t.co/XkcFAgHhsj", geo.getAs("text"));
    assertEquals(40.01736548, geo.<Double>getAs("geo_lat"), 0.0);
    assertEquals(-105.27786886, geo.<Double>getAs("geo_lon"), 0.0);
    assertEquals("Boulder, CO", geo.getAs("place_name"));
    assertEquals("US", geo.getAs("place_country_code"));
    assertEquals(Instant.parse("2017-07-18T23:25:04Z"), createdAt(geo));
    assertEquals(tw("RobotPrincessFi"), geo.getAs("author_key"));
    assertEquals(twAccount("815279070241955840"), geo.getAs("author_id_key"));
    assertEquals(
        "twitter-v1", geo.getAs("source_format")); // the same values, from the richer v1.1 copy
    Row share = post("twitter:867478524235366400");
    assertEquals(
        "RT @"
            + tw("notFromShrek")
            + ": Since I feel like I shouldn't be someone who is condescending on the "
            + "internet without offering a little help: https://t.co/bN4xcn4l2n",
        share.getAs("text"));
    assertEquals("twitter:861651727614746624", share.getAs("repost_of"));
    assertTrue(share.<Boolean>getAs("is_repost"));
    assertEquals(Instant.parse("2017-05-24T20:32:51Z"), createdAt(share));
  }

  // ------------------------------------------------------------------ CSV exports

  /**
   * Tweets.csv: 14,640 rows, 14,485 distinct tweet_id; the 155 repeats carry the same tweet (their
   * differences are only in annotation columns, which are not post content). tweet_created is
   * always "-0800": row 1 (570306133677760513, cairdin) "2015-02-24 11:35:52 -0800" is 19:35:52
   * UTC. Row 22 (570264145116819457) tweet_coord "[40.74804263, -73.99295302]". 570307312675651585
   * appears as rows 12047 (positive) and 12048 (negative, "Cancelled Flight"): the last row's
   * annotations are kept.
   */
  @Test
  void airlineTweetsCsv() {
    assertRun(AIRLINE, 14_640, 14_485, 155, 0, 0, 0);
    assertEquals(14_485, postsFrom(AIRLINE).size());
    Row p = post("twitter:570306133677760513");
    assertEquals(Instant.parse("2015-02-24T19:35:52Z"), createdAt(p));
    assertEquals(
        "@" + tw("VirginAmerica") + " What @" + tw("dhepburn") + " said.", p.getAs("text"));
    assertEquals(tw("cairdin"), p.getAs("author_key"));
    assertEquals(0L, l(p, "share_count"));
    assertEquals(
        Map.of(
            "airline",
            "Virgin America",
            "airline_sentiment",
            "neutral",
            "user_timezone",
            "Eastern Time (US & Canada)"),
        attributes(p));
    assertEquals("csv:airline-tweets", p.getAs("source_format"));
    Row geo = post("twitter:570264145116819457");
    assertEquals(40.74804263, geo.<Double>getAs("geo_lat"), 0.0);
    assertEquals(-73.99295302, geo.<Double>getAs("geo_lon"), 0.0);
    Row twice = post("twitter:570307312675651585");
    assertEquals("negative", attributes(twice).get("airline_sentiment"));
    assertEquals("Cancelled Flight", attributes(twice).get("negativereason"));
    assertEquals("Frisco, Texas", twice.getAs("author_location"));
  }

  /**
   * twcs.csv: 5,000 records behind an unnamed index column. Row 1: tweet_id 1 by sprintcare,
   * in_response_to_tweet_id "3.0" -> twitter:twcs:3, mentions "@115712", who is the author
   * (author_id 115712) of row 2. Row 2485 (tweet_id 3399): unquoted text "@AskPayPal \r\rI just
   * love ..." with two bare CRs inside, one record whose text keeps them.
   */
  @Test
  void customerSupportTwcs() {
    assertRun(TWCS, 5000, 5000, 0, 0, 0, 0);
    Row first = post("twitter:twcs:1");
    assertEquals("twitter:twcs:3", first.getAs("reply_to_post_id"));
    assertEquals(tw("sprintcare"), first.getAs("author_key"));
    assertEquals(
        "@"
            + tw("115712")
            + " I understand. I would like to assist you. We would need to get you into a "
            + "private secured link to further assist.",
        first.getAs("text"));
    assertEquals(Instant.parse("2017-10-31T22:10:47Z"), createdAt(first));
    assertEquals(Map.of("inbound", "False", "response_tweet_id", "2"), attributes(first));
    Row second = post("twitter:twcs:2");
    assertEquals(list(first, "mention_keys").get(0), second.getAs("author_key"));
    assertEquals("twitter:twcs:1", second.getAs("reply_to_post_id"));
    Row cr = post("twitter:twcs:3399");
    assertEquals(
        "@" + tw("AskPayPal") + " \r\rI just love the start of email 😁 https://t.co/8u1Pf5rJoN",
        cr.getAs("text"));
    assertEquals(Instant.parse("2017-10-31T18:13:06Z"), createdAt(cr));
    assertEquals(tw("116510"), cr.getAs("author_key"));
    assertFalse(posts.containsKey("twitter:3399"));
  }

  /**
   * sample.csv: CRLF lines, no index column, 93 records. Row 1: 119237 (author 105834, inbound
   * True, no in_response_to); row 2: 119238 by ChaseSupport replying to "119239" (no ".0").
   */
  @Test
  void customerSupportSample() {
    assertRun(SAMPLE, 93, 93, 0, 0, 0, 0);
    Row first = post("twitter:twcs:119237");
    assertEquals(
        "@"
            + tw("AppleSupport")
            + " causing the reply to be disregarded and the tapped notification "
            + "under the keyboard is opened😡😡😡",
        first.getAs("text"));
    assertEquals(Instant.parse("2017-10-11T06:55:44Z"), createdAt(first));
    assertEquals(tw("105834"), first.getAs("author_key"));
    assertNull(first.getAs("reply_to_post_id"));
    Row second = post("twitter:twcs:119238");
    assertEquals("twitter:twcs:119239", second.getAs("reply_to_post_id"));
    assertEquals(tw("ChaseSupport"), second.getAs("author_key"));
    assertFalse(s(second, "text").endsWith("\r"));
  }

  /**
   * korean/other.json when the folder is there (it is kept aside here): 108 lines, all lang "ko"
   * (README §9a).
   */
  @Test
  void koreanSearchTweets() {
    assumeTrue(korean, "raw-formats/korean is not in this checkout");
    List<Row> from = postsFrom("korean/dlgochan__opinion_mining/crawler/other.json");
    assertEquals(108, from.size());
    assertTrue(from.stream().allMatch(r -> "ko".equals(r.getAs("lang"))));
  }

  // ------------------------------------------------------------------ discrepancies found (see the
  // report)

  /**
   * users_compliance.jsonl: "id":"1482680858" (reason "protected") has the same shape as a tweet
   * compliance result, so it is applied to both: a compliance event naming the account's
   * pseudonymised id.
   */
  @Test
  void complianceResultsAlsoNameTheAccount() {
    List<Row> c = controlsOf("test-data/users_compliance.jsonl");
    assertEquals(2, c.size());
    assertTrue(
        c.stream()
            .allMatch(
                r ->
                    "compliance".equals(r.getAs("kind"))
                        && TestSpark.pseudonyms()
                            .accountId("twitter", "1482680858")
                            .equals(r.getAs("target_author_id_key"))));
  }

  @Test
  void mentionAfterSlashIsPseudonymised() {
    assertFalse(s(post("twitter:1250743008380755969"), "text").contains("@Ianfitzespn"));
  }

  @Test
  void grailbirdJsonFullRetweetTextSurvives() {
    // 2017_07.js element 1: retweeted_status.text ends "#LOONA #Choerry"; hashtags 최리,
    // LoveCherryMotion, 이달의소녀
    Row p = post("twitter:889965481574055936");
    assertTrue(s(p, "text").endsWith("#LOONA #Choerry"), s(p, "text"));
    assertEquals(List.of("최리", "lovecherrymotion", "이달의소녀"), list(p, "hashtags"));
  }

  @Test
  void gnipCopyKeepsWhatTheV1CopyKnew() {
    // original_format_examples.json: in_reply_to_screen_name notFromShrek, reply_count 0,
    // quote_count 0;
    // Gnip inReplyTo.link http://twitter.com/notFromShrek/statuses/861645830863822848
    Row p = post("twitter:867837275152842752");
    assertEquals(tw("notFromShrek"), p.getAs("reply_to_author_key"));
    assertEquals(0L, l(p, "reply_count"));
  }

  @Test
  void redditProfileCommunityDoesNotNameTheAuthor() {
    assertFalse(s(post("reddit:t3_1afwvv9"), "community").contains("Beastking_17"));
  }
}
