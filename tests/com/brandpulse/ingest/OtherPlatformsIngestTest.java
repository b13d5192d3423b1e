package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.ingest.format.FormatFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest job (Spark, bronze → silver) over every file of the platforms beyond X in ONE run: the
 * real Mastodon, Bluesky and Facebook files in {@code ../shared/data/raw-formats} and the fixtures
 * written from the YouTube, Reddit API and Jetstream references in {@code tests/resources/formats}.
 * Each format's own test checks its records field by field without Spark; this one checks what only
 * the whole job shows: every file lands with nothing unknown, silver holds exactly the posts the
 * parsers give (none lost between parser and table, the deleted ones gone), and replies find their
 * parents across files.
 */
class OtherPlatformsIngestTest {
  private static final List<String> PLATFORMS =
      List.of("mastodon", "bluesky", "facebook", "youtube", "reddit");
  private static List<Path> files;
  private static IngestJob.Result result;
  private static List<Row> posts;
  private static List<Row> quarantine;
  private static List<Row> runs;
  private static FormatFixture.Parsed parsed;

  @BeforeAll
  static void ingestEveryPlatformOnce() throws Exception {
    IngestFixture fx = new IngestFixture("other-platforms", "ingest.max-quarantine-ratio=1.0");
    List<Path> inputs = new ArrayList<>();
    for (String folder : List.of("mastodon", "bluesky", "facebook")) {
      inputs.add(TestSpark.raw(folder));
    }
    inputs.add(TestSpark.projectRoot().resolve("tests/resources/formats"));
    files = new ArrayList<>();
    for (Path input : inputs) {
      try (Stream<Path> walk = Files.walk(input)) {
        walk.filter(Files::isRegularFile)
            .filter(f -> f.toString().matches(".*\\.(json|jsonl)$"))
            .sorted()
            .forEach(files::add);
      }
    }
    result = fx.ingest(inputs.toArray(new Path[0]));
    posts = fx.posts().collectAsList();
    quarantine = fx.quarantine().collectAsList();
    runs = fx.runs().where(col("run_id").equalTo(result.runId())).collectAsList();
    parsed = FormatFixture.files(files.toArray(new Path[0]));
  }

  @Test
  void everyFileLandsAndNothingIsAnUnknownShape() {
    assertEquals(files.size(), runs.size(), "one run row per file: " + runs);
    for (Row run : runs) {
      assertEquals(
          "ingested", run.getAs("status"), run.getAs("source_file") + ": " + run.getAs("message"));
    }
    List<Row> unknown =
        quarantine.stream()
            .filter(
                q ->
                    Set.of("unknown_shape", "unknown_format", "wrong_type")
                        .contains(q.<String>getAs("reason_code")))
            .toList();
    assertEquals(
        List.of(),
        unknown.stream().map(q -> q.getAs("source_file") + ": " + q.getAs("reason")).toList());
  }

  @Test
  void silverHoldsExactlyThePostsTheParsersGiveLessTheDeletedOnes() {
    Set<String> deleted =
        parsed.controls().stream()
            .filter(c -> "delete".equals(c.controlKind))
            .map(c -> c.targetPostId)
            .collect(Collectors.toSet());
    Map<String, Set<String>> expected = new TreeMap<>();
    for (var item : parsed.posts()) {
      if (!deleted.contains(item.postId)) {
        expected.computeIfAbsent(item.platform, k -> new HashSet<>()).add(item.postId);
      }
    }
    Map<String, Set<String>> actual = new TreeMap<>();
    for (Row p : posts) {
      actual.computeIfAbsent(p.getAs("platform"), k -> new HashSet<>()).add(p.getAs("post_id"));
    }
    assertEquals(expected, actual);
    for (String platform : PLATFORMS) {
      assertTrue(
          actual.getOrDefault(platform, Set.of()).size() >= 5,
          platform + " lands: " + actual.keySet());
    }
    assertEquals(
        parsed.quarantined().size(),
        quarantine.stream().filter(q -> !"deleted_upstream".equals(q.getAs("reason_code"))).count(),
        "one quarantine row per rejection");
  }

  @Test
  void repliesFindTheirParentsAcrossFiles() {
    Set<String> ids =
        posts.stream().map(p -> p.<String>getAs("post_id")).collect(Collectors.toSet());
    Map<String, Long> resolved = new TreeMap<>();
    for (Row p : posts) {
      String parent = p.getAs("reply_to_post_id");
      if (parent != null && ids.contains(parent)) {
        resolved.merge(p.getAs("platform"), 1L, Long::sum);
      }
    }
    for (String platform : PLATFORMS) {
      assertTrue(
          resolved.getOrDefault(platform, 0L) > 0,
          "replies with their parent in silver: " + resolved);
    }
    // a thread's root is itself a post of the thread: conversation ids name a post when it was read
    long rootsRead =
        posts.stream().filter(p -> ids.contains(p.<String>getAs("conversation_id"))).count();
    assertTrue(rootsRead > posts.size() / 2, rootsRead + " of " + posts.size());
    assertEquals(0, posts.stream().filter(p -> p.getAs("text") == null).count());
    assertEquals(
        posts.size(), posts.stream().map(p -> p.<String>getAs("post_id")).distinct().count());
    assertTrue(
        quarantine.stream()
            .noneMatch(
                q ->
                    q.<String>getAs("raw_record") != null
                        && q.<String>getAs("raw_record").contains("displayName\":\"")
                        && !q.<String>getAs("raw_record").contains("displayName\":\"<person>")),
        "names masked in quarantine");
  }
}
