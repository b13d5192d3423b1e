package com.brandpulse.ingest;

import static com.brandpulse.ingest.IngestFixture.n;
import static com.brandpulse.ingest.IngestFixture.runOf;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Incremental, idempotent and honest ingest: reruns, newer exports, deletes, malformed input. */
class IngestBehaviourTest {

  private static String tweet(String id, String text, String created, long likes) {
    return "{\"id_str\":\""
        + id
        + "\",\"id\":"
        + id
        + ",\"created_at\":\""
        + created
        + "\",\"text\":\""
        + text
        + "\",\"lang\":\"en\",\"favorite_count\":"
        + likes
        + ",\"retweet_count\":0,"
        + "\"user\":{\"id_str\":\"42\",\"screen_name\":\"jess_travels\",\"followers_count\":10}}";
  }

  private static Path write(Path dir, String name, String... lines) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> sortedRows(IngestFixture f) {
    return f.posts().orderBy("post_id").collectAsList().stream()
        .map(Row::toString)
        .collect(Collectors.toList());
  }

  @Test
  void rerunningTheSameIngestChangesNothing() throws Exception {
    IngestFixture f = new IngestFixture("rerun");
    Path archive = TestSpark.raw("twitter-v2-twarc2");
    f.ingest(archive);
    List<String> first = sortedRows(f);
    long bronze = f.bronze().count();
    long quarantined = f.quarantine().count();

    IngestJob.Result second = f.ingest(archive);
    assertEquals(first, sortedRows(f), "silver.posts identical after a second run");
    assertTrue(
        second.runs().stream()
            .allMatch(
                r ->
                    r.getAs("status").equals("skipped_unchanged")
                        || r.getAs("status").equals("skipped_not_data")),
        "unchanged files are skipped");
    assertEquals(0, second.recordsRead());

    IngestJob.Result forced = f.ingest("auto", true, archive);
    assertEquals(first, sortedRows(f), "silver.posts identical after --reprocess");
    assertEquals(
        bronze, f.bronze().count(), "bronze rows of a reprocessed file are replaced, not added");
    assertEquals(quarantined, f.quarantine().count());
    assertEquals(
        0,
        forced.runs().stream().mapToLong(r -> n(r, "posts_accepted")).sum(),
        "a reprocessed file only finds duplicates");
  }

  @Test
  void aNewerExportUpdatesPostsInsteadOfDuplicatingThem() throws Exception {
    IngestFixture f = new IngestFixture("newer");
    Path dir = f.warehouse.resolve("in");
    write(
        dir,
        "export-1.jsonl",
        tweet(
            "1000000000000000001",
            "@AuroraAir my bag is lost",
            "Mon Sep 07 10:00:00 +0000 2026",
            1),
        tweet("1000000000000000002", "great crew today", "Mon Sep 07 11:00:00 +0000 2026", 3));
    f.ingest(dir.resolve("export-1.jsonl"));
    Row before = f.post("twitter:1000000000000000001");

    write(
        dir,
        "export-2.jsonl",
        tweet(
            "1000000000000000001",
            "@AuroraAir my bag is lost",
            "Mon Sep 07 10:00:00 +0000 2026",
            5),
        tweet("1000000000000000002", "great crew today", "Mon Sep 07 11:00:00 +0000 2026", 3));
    IngestJob.Result r = f.ingest(dir.resolve("export-2.jsonl"));

    assertEquals(2, f.posts().count());
    Row after = f.post("twitter:1000000000000000001");
    assertEquals(5L, after.<Long>getAs("like_count"));
    assertEquals(
        before.<Object>getAs("first_seen_at"),
        after.getAs("first_seen_at"),
        "first_seen_at survives updates");
    Row run = runOf(r, "export-2.jsonl");
    assertEquals(1, n(run, "posts_accepted"));
    assertEquals(1, n(run, "duplicates"));
  }

  @Test
  void deletesRemovePostsAndKeepThemFromComingBack() throws Exception {
    IngestFixture f = new IngestFixture("deletes");
    Path dir = f.warehouse.resolve("in");
    Path posts =
        write(
            dir,
            "posts.jsonl",
            tweet("1000000000000000011", "first", "Mon Sep 07 10:00:00 +0000 2026", 0),
            tweet("1000000000000000012", "second", "Mon Sep 07 10:05:00 +0000 2026", 0));
    f.ingest(posts);
    assertEquals(2, f.posts().count());

    Path deletes =
        write(
            dir,
            "deletes.jsonl",
            "{\"delete\":{\"status\":{\"id\":1000000000000000011,\"id_str\":\"1000000000000000011\",\"user_id\":42,"
                + "\"user_id_str\":\"42\"},\"timestamp_ms\":\"1788000000000\"}}");
    IngestJob.Result r = f.ingest(deletes);
    assertEquals(1, n(runOf(r, "deletes.jsonl"), "deleted"));
    assertEquals(
        List.of("twitter:1000000000000000012"),
        f.posts().select("post_id").collectAsList().stream().map(x -> x.getString(0)).toList());

    IngestJob.Result again = f.ingest("auto", true, posts);
    assertEquals(1, f.posts().count(), "a deleted post is not resurrected by a later load");
    Row run = runOf(again, "posts.jsonl");
    assertEquals(1, n(run, "quarantined"));
    assertEquals(
        n(run, "records_read"),
        n(run, "posts_accepted")
            + n(run, "duplicates")
            + n(run, "control_records")
            + n(run, "quarantined"));
    assertEquals(1, f.quarantine().where(col("reason_code").equalTo(SilverPosts.DELETED)).count());
    assertEquals(
        1, f.controls().where(col("kind").equalTo("delete")).count(), "the delete notice is kept");
  }

  @Test
  void aRunThatDiedAfterItsFirstCommitIsCompletedByTheRerun() throws Exception {
    IngestFixture f = new IngestFixture("crash");
    Path file =
        write(
            f.warehouse.resolve("in"),
            "posts.jsonl",
            tweet("1000000000000000061", "one", "Mon Sep 07 10:00:00 +0000 2026", 0),
            tweet("1000000000000000062", "two", "Mon Sep 07 10:05:00 +0000 2026", 0),
            "{broken");
    // The first run committed bronze and then died: no silver rows, no run row.
    for (var table : com.brandpulse.common.Tables.ALL) {
      table.ensure(f.spark, f.warehouse.toString());
    }
    var listed = SourceFiles.list(file.toString(), IngestSettings.from(f.config)).get(0);
    SourceFile toRead = new SourceFile(listed.path(), listed.size(), null, 0, null, "auto");
    try (FileReads reads =
        FileReads.read(f.spark, IngestSettings.from(f.config), List.of(toRead))) {
      FileReads.Outcome o = reads.outcomes().get(0);
      SourceFile read = new SourceFile(listed.path(), o.bytes(), o.sha256(), 0, null, "auto");
      BronzeWriter.write(
          f.spark,
          f.warehouse.toString(),
          reads,
          List.of(read),
          "ingest-that-died",
          java.time.Instant.now());
    }
    assertEquals(3, f.bronze().count());
    assertEquals(0, f.runs().count());

    IngestJob.Result rerun = f.ingest(file);
    assertEquals(
        3,
        f.bronze().count(),
        "the rerun replaces the dead run's bronze rows instead of adding to them");
    assertEquals(2, f.posts().count());
    assertEquals(1, f.quarantine().count());
    assertEquals(
        List.of("ingested"), rerun.runs().stream().map(r -> r.<String>getAs("status")).toList());
  }

  @Test
  void bronzeRowsOlderThanTheRetentionAreDeleted() throws Exception {
    IngestFixture f =
        new IngestFixture(
            "retention", "ingest.bronze-retention-days=30", "privacy.deleted-file-retention=0h");
    Path dir = f.warehouse.resolve("in");
    java.time.Instant now = java.time.Instant.parse("2026-11-01T00:00:00Z");
    f.ingestAt(
        now.minus(java.time.Duration.ofDays(40)),
        "auto",
        false,
        write(
            dir,
            "old.jsonl",
            tweet("1000000000000000071", "old", "Mon Sep 07 10:00:00 +0000 2026", 0)));
    assertEquals(1, f.bronze().count());
    f.ingestAt(
        now,
        "auto",
        false,
        write(
            dir,
            "new.jsonl",
            tweet("1000000000000000072", "new", "Mon Sep 07 11:00:00 +0000 2026", 0)));
    assertEquals(
        List.of("new"),
        f.bronze().select("record").collectAsList().stream()
            .map(r -> r.getString(0).contains("\"new\"") ? "new" : "old")
            .toList(),
        "only the recent raw record stays");
    assertEquals(2, f.posts().count(), "retention applies to bronze only");
    // The vacuum after the delete (horizon 0 here): no file of bronze holds the old record any
    // more.
    assertEquals(
        List.of(),
        com.brandpulse.TestSpark.filesHolding(f.warehouse.resolve("bronze"), "\"text\":\"old\""));
  }

  @Test
  void aComplianceNoticeAboutAnAccountRemovesItsPosts() throws Exception {
    IngestFixture f = new IngestFixture("compliance");
    Path dir = f.warehouse.resolve("in");
    Path posts =
        write(
            dir,
            "posts.jsonl",
            tweet("1000000000000000051", "mine", "Mon Sep 07 10:00:00 +0000 2026", 0),
            tweet("1000000000000000052", "also mine", "Mon Sep 07 10:05:00 +0000 2026", 0));
    f.ingest(posts);
    // the author of both posts (user id 42) deactivated the account
    f.ingest(
        write(
            dir,
            "compliance.jsonl",
            "{\"id\":\"42\",\"action\":\"delete\",\"created_at\":\"2013-06-04T16:25:04+00:00\",\"reason\":\"deactivated\"}"));
    assertEquals(0, f.posts().count());
    IngestJob.Result again = f.ingest("auto", true, posts);
    assertEquals(0, f.posts().count(), "posts of a removed account are not loaded again");
    assertEquals(2, n(runOf(again, "posts.jsonl"), "quarantined"));
  }

  @Test
  void everyKindOfBrokenRecordIsQuarantinedWithItsReason() throws Exception {
    IngestFixture f = new IngestFixture("malformed", "ingest.max-record-bytes=2000000");
    Path dir = f.warehouse.resolve("in");
    String good = tweet("1000000000000000021", "fine", "Mon Sep 07 10:00:00 +0000 2026", 0);
    String huge = "x".repeat(1_000_000);
    String tooLarge = "y".repeat(2_100_000);
    Path json =
        write(
            dir,
            "broken.jsonl",
            good,
            "{\"id_str\": \"2\" \"text\": \"missing comma\"}", // bad_json
            "[1, 2, 3]", // wrong_type
            "\"just a string\"", // wrong_type
            "{\"id_str\":\"3\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":42,\"user\":{}}", // wrong_type
            "{\"id_str\":\"4\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"hi\",\"user\":\"bob\"}", // wrong_type
            "{\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"no id\",\"user\":{}}", // missing_id
            "{\"id\":1.5E17,\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"float id\"}", // bad_id
            "{\"id_str\":\"12 34\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"space\"}", // bad_id
            "{\"id_str\":\"5\",\"text\":\"no time, old id\",\"user\":{}}", // missing_timestamp
            "{\"id_str\":\"6\",\"created_at\":\"not a date\",\"text\":\"x\",\"user\":{}}", // bad_timestamp
            "{\"id_str\":\"7\",\"created_at\":\"Mon Jan 01 00:00:00 +0000 1990\",\"text\":\"x\"}", // impossible
            "{\"id_str\":\"8\",\"created_at\":\"Thu Jan 01 00:00:00 +0000 2099\",\"text\":\"x\"}", // impossible
            "{\"id_str\":\"9\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"   \"}", // empty_text
            "{\"id_str\":\"10\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"user\":{\"id\":1}}", // unknown_shape
            "{\"id_str\":\"11\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\""
                + huge
                + "\"}", // too long
            tooLarge, // too large
            "{\"subreddit\":\"x\",\"id\":\"abc\",\"body\":\"hello\",\"created_utc\":\"soon\",\"author\":\"a\"}", // bad_timestamp
            "{\"data\":[{\"text\":\"v2 without id\",\"created_at\":\"2026-09-07T10:00:00.000Z\"}],\"meta\":{}}", // missing_id
            "{\"id_str\":\"12\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"cut"); // truncated
    // invalid UTF-8 inside an otherwise good record
    byte[] bad =
        ("{\"id_str\":\"13\",\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\",\"text\":\"caf")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] utf8 = new byte[bad.length + 2 + tail.length];
    System.arraycopy(bad, 0, utf8, 0, bad.length);
    utf8[bad.length] = (byte) 0xC3;
    utf8[bad.length + 1] = (byte) 0x28; // not a continuation byte
    System.arraycopy(tail, 0, utf8, bad.length + 2, tail.length);
    Files.write(dir.resolve("latin.jsonl"), utf8);
    Path csv =
        write(
            dir,
            "export.csv",
            "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,negativereason_confidence,airline,"
                + "airline_sentiment_gold,name,negativereason_gold,retweet_count,text,tweet_coord,tweet_created,"
                + "tweet_location,user_timezone",
            "570306133677760513,neutral,1.0,,,Virgin America,,cairdin,,0,ok,,2015-02-24 11:35:52 -0800,,",
            "570306133677760514,neutral,1.0,,,Virgin America,,cairdin,,0,too few fields");
    Path unknownCsv = write(dir, "mystery.csv", "colour,shape", "red,round");
    Path text = write(dir, "notes.txt", "this is not an export", "neither is this");

    IngestJob.Result r = f.ingest(json, dir.resolve("latin.jsonl"), csv, unknownCsv, text);

    Map<String, Long> reasons =
        f.quarantine().groupBy("reason_code").count().collectAsList().stream()
            .collect(Collectors.toMap(x -> x.getString(0), x -> x.getLong(1)));
    Map<String, Long> expected =
        Map.ofEntries(
            Map.entry("bad_json", 1L),
            Map.entry("wrong_type", 4L),
            Map.entry("missing_id", 2L),
            Map.entry("bad_id", 2L),
            Map.entry("missing_timestamp", 1L),
            Map.entry("bad_timestamp", 2L),
            Map.entry("impossible_timestamp", 2L),
            Map.entry("empty_text", 1L),
            Map.entry("unknown_shape", 1L),
            Map.entry("text_too_long", 1L),
            Map.entry("record_too_large", 1L),
            Map.entry("truncated_record", 1L),
            Map.entry("invalid_utf8", 1L),
            Map.entry("bad_csv_record", 1L),
            Map.entry("unknown_csv_layout", 1L),
            Map.entry("unknown_format", 2L));
    assertEquals(expected, reasons);
    assertTrue(expected.size() >= 15);
    assertEquals(2, f.posts().count(), "the two good records landed");
    for (Row run : r.runs()) {
      assertEquals(
          n(run, "records_read"),
          n(run, "posts_accepted")
              + n(run, "duplicates")
              + n(run, "control_records")
              + n(run, "quarantined"),
          "counts reconcile for " + run.getAs("source_file"));
    }
    Row reason = f.quarantine().where(col("reason_code").equalTo("text_too_long")).first();
    assertTrue(
        reason.<String>getAs("reason").contains("1000000 characters"),
        reason.<String>getAs("reason"));
    assertTrue(
        reason.<Boolean>getAs("raw_truncated"),
        "a 1 MB record is cut in quarantine, whole in bronze");
    assertTrue(
        f.quarantine().where(col("reason").equalTo("")).isEmpty(), "every reason is a sentence");
  }

  @Test
  void aRunAboveTheQuarantineRatioKeepsExitingThreeUntilItsAlarmIsAccepted() throws Exception {
    IngestFixture f = new IngestFixture("ratio");
    Path file =
        write(
            f.warehouse.resolve("in"),
            "mostly-bad.jsonl",
            tweet("1000000000000000031", "fine", "Mon Sep 07 10:00:00 +0000 2026", 0),
            "{not json",
            "{\"also\": \"bad\"}");
    String[] common = {
      "--warehouse",
      f.warehouse.toString(),
      "--env-file",
      TestSpark.projectRoot().resolve("conf/env/test.conf").toString()
    };
    assertEquals(BrandPulse.EXIT_QUARANTINE_RATIO, ingestCli(common, "--input", file.toString()));
    assertEquals(2, f.quarantine().count(), "quarantine written before the exit");
    assertEquals(1, f.runs().count(), "run row written before the exit");
    List<QuarantineAlarms.Alarm> raised = QuarantineAlarms.open(f.spark, f.warehouse.toString());
    assertEquals(1, raised.size());
    QuarantineAlarms.Alarm alarm = raised.get(0);
    assertEquals(f.runs().first().<String>getAs("run_id"), alarm.runId());
    assertEquals(List.of(3L, 2L), List.of(alarm.recordsRead(), alarm.quarantined()));
    assertEquals(2.0 / 3, alarm.ratio(), 1e-9);
    assertEquals(0.05, alarm.maxRatio(), 1e-9);

    // Airflow's retry: the same inputs, every file already ingested (the gate's fast path): still
    // 3.
    assertEquals(BrandPulse.EXIT_QUARANTINE_RATIO, ingestCli(common, "--input", file.toString()));
    assertEquals(
        2,
        ingestCli(common, "--accept-quarantine", "ingest-no-such-run"),
        "an unknown run is a usage error");
    assertEquals(1, QuarantineAlarms.open(f.spark, f.warehouse.toString()).size());

    // Someone looked and accepted it; the task, cleared, runs the same inputs again: 0.
    assertEquals(
        0, ingestCli(common, "--accept-quarantine", alarm.runId(), "--input", file.toString()));
    List<QuarantineAlarms.Alarm> all = QuarantineAlarms.all(f.spark, f.warehouse.toString());
    assertEquals(1, all.size());
    assertFalse(all.get(0).open());
    assertEquals(
        System.getenv().getOrDefault("USER", System.getProperty("user.name")),
        all.get(0).acceptedBy());

    assertEquals(
        0,
        ingestCli(
            common,
            "--set",
            "ingest.max-quarantine-ratio=0.9",
            "--reprocess",
            "--input",
            file.toString()),
        "the ratio is configurable");
    assertFalse(
        java.nio.file.Files.exists(f.warehouse.resolve("ops/_lock/writer.lock")),
        "every run released the writer lock");
  }

  private static int ingestCli(String[] common, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("ingest"));
    argv.addAll(List.of(common));
    argv.addAll(List.of(args));
    return BrandPulse.commandLine().execute(argv.toArray(new String[0]));
  }

  @Test
  void aMissingPseudonymKeyIsAClearError() {
    var config = com.brandpulse.common.AppConfig.load(null, List.of(), Map.of());
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> com.brandpulse.common.Pseudonymizer.fromConfig(config));
    assertTrue(e.getMessage().contains("BRANDPULSE_PSEUDONYM_KEY"), e.getMessage());
  }

  @Test
  void rawHandlesNeverReachSilver() throws Exception {
    IngestFixture f = new IngestFixture("privacy");
    Path file =
        write(
            f.warehouse.resolve("in"),
            "pii.jsonl",
            tweet(
                "1000000000000000041",
                "@AuroraAir mail me at jess.smith@example.com or call +1 212-555-0187",
                "Mon Sep 07 10:00:00 +0000 2026",
                0));
    f.ingest(file);
    Row post = f.post("twitter:1000000000000000041");
    String text = post.getAs("text");
    String airline = TestSpark.pseudonyms().handle("twitter", "AuroraAir");
    assertEquals("@" + airline + " mail me at <email> or call <phone>", text);
    assertEquals(
        TestSpark.pseudonyms().handle("twitter", "jess_travels"), post.getAs("author_key"));
    assertEquals(List.of(airline), post.getList(post.fieldIndex("mention_keys")));
    assertFalse(f.posts().toJSON().collectAsList().toString().contains("jess_travels"));
    assertNull(
        f.posts().where(col("text").contains("AuroraAir")).collectAsList().stream()
            .findFirst()
            .orElse(null));
  }
}
