package com.brandpulse.ingest.format;

import com.brandpulse.TestSpark;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.PostParser;
import com.brandpulse.ingest.RawRecord;
import com.brandpulse.ingest.RecordReader;
import com.brandpulse.ingest.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses records and whole files the way ingest does (the record reader, then the parser), without
 * Spark: the format tests run in milliseconds. Settings and the pseudonym key are the test
 * configuration's.
 */
public final class FormatFixture {
  public static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");
  public static final IngestSettings SETTINGS =
      IngestSettings.from(TestSpark.config(Path.of(System.getProperty("java.io.tmpdir"))));
  public static final Pseudonymizer PSEUDONYMS = TestSpark.pseudonyms();
  private static final PostParser PARSER = new PostParser(SETTINGS, PSEUDONYMS, NOW);

  private FormatFixture() {}

  /** The items of one inline JSON record, routed by its shape as ingest routes it. */
  public static List<Item> record(String json) {
    String format = Formats.family(json(json));
    return PARSER.parse("line", format, json, null, null);
  }

  /** What a file holds once read and parsed: its records' format and every item, in order. */
  public record Parsed(List<RawRecord> records, List<Item> items) {
    public List<Item> posts() {
      return kind(Item.POST);
    }

    public List<Item> controls() {
      return kind(Item.CONTROL);
    }

    public List<Item> quarantined() {
      return kind(Item.QUARANTINE);
    }

    public List<Item> kind(String kind) {
      return items.stream().filter(i -> kind.equals(i.kind)).toList();
    }

    /** Posts by post_id (the last version read wins, as in silver). */
    public Map<String, Item> byId() {
      return posts().stream()
          .collect(Collectors.toMap(i -> i.postId, Function.identity(), (a, b) -> b));
    }
  }

  /** Reads and parses files as one ingest run would (format auto). */
  public static Parsed files(Path... paths) {
    List<RawRecord> records = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    int ordinal = 0;
    for (Path path : paths) {
      SourceFile file =
          new SourceFile(path.toString(), size(path), "test", ordinal++, null, Formats.AUTO);
      for (RawRecord r : RecordReader.readAll(file, SETTINGS)) {
        records.add(r);
        items.addAll(PARSER.parse(r.container(), r.format(), r.record(), r.readError(), null));
      }
    }
    return new Parsed(records, items);
  }

  /** A file under ../shared/data/raw-formats. */
  public static Path raw(String relative) {
    return TestSpark.raw(relative);
  }

  /**
   * A fixture under tests/resources/formats, written from a platform's API reference where no
   * shared file has it.
   */
  public static Path resource(String relative) {
    return TestSpark.projectRoot().resolve("tests/resources/formats").resolve(relative);
  }

  /**
   * The pseudonym a handle gets on a platform (what tests compare author_key and mentions with).
   */
  public static String handle(String platform, String handle) {
    return PSEUDONYMS.handle(platform, handle);
  }

  /** Inline JSON as a tree. */
  public static com.fasterxml.jackson.databind.JsonNode json(String json) {
    try {
      return RecordReader.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static long size(Path path) {
    try {
      return Files.size(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
