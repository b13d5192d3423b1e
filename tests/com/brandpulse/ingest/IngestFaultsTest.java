package com.brandpulse.ingest;

import static com.brandpulse.ingest.IngestFixture.n;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The awkward files real archives contain, in one input folder and one run: each gets exactly one
 * run row with its outcome, a fault ends only its own file, nothing hangs, and what lands is the
 * content that was hashed. Built from the real shared files (twarc2 pages, the airline CSV, v2
 * flattened lines).
 */
class IngestFaultsTest {
  private static final Path TWARC = TestSpark.raw("twitter-v2-twarc2/DocNow__twarc-csv/test-data");
  private static final Path AIRLINE =
      TestSpark.sharedData().resolve("twitter-us-airline-sentiment/Tweets.csv");

  @Test
  @Timeout(300) // a FIFO or /dev/zero opened by mistake would hang: fail instead
  void everyAwkwardFileGetsItsOwnOutcomeAndTheOthersLand() throws Exception {
    IngestFixture f = new IngestFixture("faults", "ingest.max-record-bytes=1048576");
    Path in = Files.createDirectories(f.warehouse.resolve("landing"));
    // A twarc2 file whose first page (one line) is 416 KB, far past any look-ahead: JSON lines all
    // the same.
    List<String> big = new ArrayList<>(Files.readAllLines(TWARC.resolve("noflat.jsonl")));
    big.addAll(Files.readAllLines(TWARC.resolve("withheld.jsonl")));
    Files.write(in.resolve("pages-big-first.jsonl"), big);
    List<String> reversed = new ArrayList<>(big);
    java.util.Collections.reverse(reversed);
    Files.write(in.resolve("pages-small-first.jsonl"), reversed);
    // A .gz cut in half.
    byte[] gz = gzip(Files.readAllBytes(TWARC.resolve("flat.jsonl")));
    Files.write(in.resolve("flat-truncated.jsonl.gz"), Arrays.copyOf(gz, gz.length / 2));
    // The real airline CSV, with a field over ingest.max-record-bytes after 50 records, and one
    // with 1,100 fields.
    List<String> airline = csvRecords(AIRLINE, 61);
    List<String> longField = new ArrayList<>(airline.subList(0, 51));
    longField.add(
        airline
            .get(51)
            .replaceFirst("\"(neutral|positive|negative)\"", "\"" + "x".repeat(1_100_000) + "\""));
    longField.addAll(airline.subList(52, 61));
    Files.write(in.resolve("long-field.csv"), longField);
    List<String> wide = new ArrayList<>(airline.subList(0, 11));
    wide.add(",".repeat(1_100));
    wide.addAll(airline.subList(11, 21));
    Files.write(in.resolve("wide.csv"), wide);
    // Odd names: a colon and a quote (fine), bytes that are not UTF-8 (cannot be opened by name:
    // failed).
    Path oneTweet =
        TestSpark.raw(
            "twitter-v2-twarc2/carpentries-incubator__twitter-with-twarc/data/one_tweet.jsonl");
    Files.copy(oneTweet, in.resolve("odd:name's.jsonl"));
    sh("cp '" + oneTweet + "' " + in + "/$'caf\\xe9.jsonl'");
    // Special files and links: never opened, never followed out of the input, a loop ends.
    sh("mkfifo " + in + "/pipe.jsonl");
    Files.createSymbolicLink(in.resolve("zero.json"), Path.of("/dev/zero"));
    Files.createDirectories(in.resolve("sub"));
    Files.createSymbolicLink(in.resolve("sub/loop"), Path.of(".."));
    Files.createSymbolicLink(in.resolve("again.jsonl"), Path.of("pages-big-first.jsonl"));

    IngestJob.Result result = f.ingest(in);

    Map<String, Row> byName = new TreeMap<>();
    for (Row r : result.runs()) {
      String path = r.getAs("source_file");
      Row before = byName.put(path.substring(path.indexOf("/landing/") + 9), r);
      assertTrue(before == null, "one run row per file: " + path);
    }
    assertEquals(
        Set.of(
            "again.jsonl",
            "caf\uFFFD.jsonl",
            "flat-truncated.jsonl.gz",
            "long-field.csv",
            "odd:name's.jsonl",
            "pages-big-first.jsonl",
            "pages-small-first.jsonl",
            "pipe.jsonl",
            "sub/loop",
            "wide.csv",
            "zero.json"),
        byName.keySet());
    assertOutcome(byName, "pages-big-first.jsonl", "ingested", null);
    assertOutcome(byName, "pages-small-first.jsonl", "ingested", null);
    assertOutcome(byName, "odd:name's.jsonl", "ingested", null);
    assertOutcome(byName, "flat-truncated.jsonl.gz", "failed", "truncated: ");
    assertOutcome(byName, "long-field.csv", "failed", "csv_field_too_large: ");
    assertOutcome(byName, "wide.csv", "failed", "csv_too_many_columns: ");
    assertOutcome(byName, "caf\uFFFD.jsonl", "failed", "unreadable_name: ");
    assertOutcome(byName, "pipe.jsonl", "failed", "not_regular_file: ");
    assertOutcome(byName, "zero.json", "failed", "link_outside_input: ");
    assertOutcome(byName, "sub/loop", "skipped_link", null);
    assertOutcome(byName, "again.jsonl", "skipped_link", null);

    // Every page of the big-first file is read, the same as in the other order.
    int pages = big.size();
    assertEquals(pages, bronzeRecords(f, byName.get("pages-big-first.jsonl")));
    assertEquals(
        n(byName.get("pages-small-first.jsonl"), "records_read"),
        n(byName.get("pages-big-first.jsonl"), "records_read"));
    Set<String> ids = new HashSet<>();
    for (String line : big) {
      for (JsonNode tweet : RecordReader.JSON.readTree(line).path("data")) {
        ids.add("twitter:" + tweet.path("id").asText());
      }
    }
    assertEquals(
        ids.size(),
        f.posts().where(col("post_id").isin(ids.toArray())).count(),
        "every tweet of every page");

    // The records read before a fault are kept; the run row says how many.
    assertEquals(50, n(byName.get("long-field.csv"), "records_read"));
    assertEquals(10, n(byName.get("wide.csv"), "records_read"));
    long truncated = n(byName.get("flat-truncated.jsonl.gz"), "records_read");
    assertTrue(truncated > 10 && truncated < 100, "part of the cut .gz was read: " + truncated);
    assertEquals(truncated, bronzeRecords(f, byName.get("flat-truncated.jsonl.gz")));
    // A failed file is never "already ingested": the scheduler's retries (the command, twice) read
    // it again and exit
    // 3 again; the files that landed are skipped.
    String[] retry = {
      "ingest",
      "--warehouse",
      f.warehouse.toString(),
      "--env-file",
      TestSpark.projectRoot().resolve("conf/env/test.conf").toString(),
      "--set",
      "ingest.max-record-bytes=1048576",
      "--input",
      in.toString()
    };
    assertEquals(BrandPulse.EXIT_QUARANTINE_RATIO, BrandPulse.commandLine().execute(retry));
    assertEquals(
        BrandPulse.EXIT_QUARANTINE_RATIO,
        BrandPulse.commandLine().execute(retry),
        "the retry fails again");
    Map<String, String> retried = new HashMap<>();
    String lastRun = f.runs().orderBy(col("started_at").desc()).first().getAs("run_id");
    f.runs()
        .where(col("run_id").equalTo(lastRun))
        .collectAsList()
        .forEach(
            r ->
                retried.put(
                    r.<String>getAs("source_file").replaceFirst(".*/landing/", ""),
                    r.getAs("status")));
    assertEquals("failed", retried.get("long-field.csv"));
    assertEquals("failed", retried.get("flat-truncated.jsonl.gz"));
    assertEquals("skipped_unchanged", retried.get("pages-big-first.jsonl"));
    assertEquals(
        truncated, bronzeRecords(f, byName.get("flat-truncated.jsonl.gz")), "replaced, not added");
  }

  @Test
  void aFileChangedBetweenRunsLeavesOnlyItsCurrentVersion() throws Exception {
    IngestFixture f = new IngestFixture("changed");
    Path in = Files.createDirectories(f.warehouse.resolve("landing"));
    List<String> lines = Files.readAllLines(TWARC.resolve("flat.jsonl"));
    Path file = in.resolve("flat.jsonl");
    List<String> first = new ArrayList<>(lines.subList(0, 60));
    first.add("{\"id\": \"cut");
    Files.write(file, first);
    f.ingest(in);
    assertEquals(1, f.quarantine().count());

    Files.write(
        file, lines.subList(40, 100)); // re-exported in place: another window, no broken line
    String sha = DigestUtils.sha256Hex(Files.readAllBytes(file));
    IngestJob.Result second = f.ingest(in);
    Row run = IngestFixture.runOf(second, "flat.jsonl");
    assertEquals("ingested", run.getAs("status"));
    assertEquals(sha, run.getAs("source_sha256"), "the hash is of the bytes read");
    assertEquals(
        List.of(sha),
        f.bronze().select("source_sha256").distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .toList(),
        "bronze holds the file's current version only");
    assertEquals(60, f.bronze().count());
    assertEquals(0, f.quarantine().count(), "the earlier version's quarantine row went with it");
    // Posts are facts: a post the new export no longer holds stays until a delete notice or an
    // erasure.
    assertEquals(100, f.posts().count());
  }

  private static void assertOutcome(
      Map<String, Row> runs, String name, String status, String messagePrefix) {
    Row r = runs.get(name);
    assertEquals(status, r.getAs("status"), name + ": " + r.getAs("message"));
    if (messagePrefix != null) {
      assertTrue(
          String.valueOf(r.<String>getAs("message")).startsWith(messagePrefix),
          name + ": " + r.getAs("message"));
    }
  }

  private static long bronzeRecords(IngestFixture f, Row run) {
    return f.bronze()
        .where(col("source_sha256").equalTo(run.<String>getAs("source_sha256")))
        .count();
  }

  /**
   * The header and the first {@code n - 1} records of a CSV file, as text lines (records may span
   * lines).
   */
  private static List<String> csvRecords(Path csv, int n) throws Exception {
    var settings = new com.univocity.parsers.csv.CsvParserSettings();
    settings.setMaxCharsPerColumn(-1);
    var parser = new com.univocity.parsers.csv.CsvParser(settings);
    var writerSettings = new com.univocity.parsers.csv.CsvWriterSettings();
    writerSettings.setQuoteAllFields(true);
    List<String> out = new ArrayList<>();
    parser.beginParsing(csv.toFile(), StandardCharsets.UTF_8);
    String[] row;
    var writer =
        new com.univocity.parsers.csv.CsvWriter(new java.io.StringWriter(), writerSettings);
    while (out.size() < n && (row = parser.parseNext()) != null) {
      out.add(writer.writeRowToString((Object[]) row));
    }
    parser.stopParsing();
    return out;
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static void sh(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    assertEquals(0, p.waitFor(), command);
  }
}
