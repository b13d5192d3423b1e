package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * What a job learns from {@link ChangeFeed}: the rows changed since its last recorded run, and
 * "unknown" (so that it compares in full) whenever the feed cannot say: first run, other settings,
 * a re-created table, a table without the feed, feed files removed by a vacuum.
 */
class ChangeFeedTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static final TableContract WITH_FEED =
      TableContract.of("silver", "feed_test", "one row per post_id")
          .columns("post_id STRING NOT NULL, created_at TIMESTAMP NOT NULL, n INT")
          .key("post_id")
          .changeFeed();
  private static final TableContract WITHOUT_FEED =
      TableContract.of("silver", "no_feed_test", "one row per post_id")
          .columns("post_id STRING NOT NULL, created_at TIMESTAMP NOT NULL, n INT")
          .key("post_id");

  private final String warehouse = TestSpark.newWarehouse("change-feed").toString();

  private static Row row(String id, String at, int n) {
    return RowFactory.create(id, Timestamp.from(Instant.parse(at)), n);
  }

  private void append(TableContract t, Row... rows) {
    t.ensure(SPARK, warehouse);
    t.append(t.fixture(SPARK, List.of(rows)), warehouse);
  }

  private ChangeFeed open(String key) {
    return ChangeFeed.open(SPARK, warehouse, "test-job", key, List.of(WITH_FEED));
  }

  private static List<String> ids(ChangeFeed feed) {
    return feed.changes(WITH_FEED, "post_id").orElseThrow().collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getString(1))
        .sorted()
        .toList();
  }

  @Test
  void namesTheRowsChangedSinceTheLastRecordedRun() throws Exception {
    append(WITH_FEED, row("a", "2026-03-02T10:00:00Z", 1), row("b", "2026-03-05T10:00:00Z", 1));
    ChangeFeed first = open("k1");
    assertTrue(first.changes(WITH_FEED, "post_id").isEmpty());
    assertEquals("no record of a previous run", first.unknownReason());
    first.record();

    ChangeFeed quiet = open("k1");
    assertEquals(List.of(), ids(quiet), "nothing written since");
    assertNull(quiet.unknownReason());

    append(WITH_FEED, row("c", "2026-03-09T10:00:00Z", 1));
    WITH_FEED
        .delta(SPARK, warehouse)
        .updateExpr("post_id = 'a'", java.util.Map.of("created_at", "TIMESTAMP'2026-04-01'"));
    ChangeFeed night = open("k1");
    assertEquals(
        List.of("a update_postimage", "a update_preimage", "c insert"),
        ids(night),
        "the version the last run recorded is not read again");
    assertEquals(
        List.of(Date.valueOf("2026-03-02"), Date.valueOf("2026-03-09"), Date.valueOf("2026-04-01")),
        night.changedDays(List.of(WITH_FEED)).orElseThrow(),
        "a moved row names its old day and its new one");
    night.record();
    assertEquals(List.of(), ids(open("k1")));

    Path state = Path.of(warehouse, "ops", "_job_state", "test-job.feed");
    String recorded = Files.readString(state);
    // damaged in place, checksum file gone too (as on a file system without them)
    Files.writeString(state, recorded.replaceAll("=[^\\n]*@[0-9]+", "=garbage"));
    Files.deleteIfExists(state.resolveSibling(".test-job.feed.crc"));
    ChangeFeed damaged = open("k1");
    assertTrue(damaged.changes(WITH_FEED, "post_id").isEmpty(), "a damaged state is no crash");
    assertTrue(damaged.unknownReason().contains("is damaged"), damaged.unknownReason());
    Files.writeString(state, recorded);
    assertEquals(List.of(), ids(open("k1")), "the record written back is read again");

    ChangeFeed otherSettings = open("k2");
    assertTrue(otherSettings.changes(WITH_FEED, "post_id").isEmpty());
    assertEquals("its settings changed since the last run", otherSettings.unknownReason());
  }

  @Test
  void isUnknownWhenTheTableWasRecreatedHasNoFeedOrItsFilesWereVacuumed() throws Exception {
    append(WITH_FEED, row("a", "2026-03-02T10:00:00Z", 1), row("b", "2026-03-02T11:00:00Z", 1));
    open("k").record();
    WITH_FEED.delta(SPARK, warehouse).delete("post_id = 'a'");
    Vacuum.run(SPARK, WITH_FEED.path(warehouse), 0);
    ChangeFeed vacuumed = open("k");
    assertTrue(vacuumed.changes(WITH_FEED, "post_id").isEmpty());
    assertTrue(vacuumed.unknownReason().contains("cannot be read"), vacuumed.unknownReason());

    open("k").record();
    try (Stream<Path> files = Files.walk(Path.of(WITH_FEED.path(warehouse)))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    append(WITH_FEED, row("a", "2026-03-02T10:00:00Z", 2));
    ChangeFeed recreated = open("k");
    assertTrue(recreated.changes(WITH_FEED, "post_id").isEmpty());
    assertTrue(recreated.unknownReason().contains("re-created"), recreated.unknownReason());

    append(WITHOUT_FEED, row("a", "2026-03-02T10:00:00Z", 1));
    ChangeFeed.open(SPARK, warehouse, "plain", "k", List.of(WITHOUT_FEED)).record();
    append(WITHOUT_FEED, row("b", "2026-03-02T10:00:00Z", 1));
    ChangeFeed plain = ChangeFeed.open(SPARK, warehouse, "plain", "k", List.of(WITHOUT_FEED));
    assertTrue(plain.changes(WITHOUT_FEED, "post_id").isEmpty());
    assertTrue(plain.unknownReason().contains("no change data feed"), plain.unknownReason());
  }
}
