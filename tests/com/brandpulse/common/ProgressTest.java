package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The text a command shows while it runs and when it ends, on a clock the test moves. */
class ProgressTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Progress progress = new Progress("ingest", Progress.Settings.OFF, nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aCountedPhaseTellsItsCountsTheTimeSpentAndThePhasesTimeLeftAtItsPaceSoFar() {
    advance(Duration.ofSeconds(5)); // listing the files
    progress.phase("reading", 40, "files");
    assertEquals(
        "ingest (reading): 0/40 files, 5.0s elapsed",
        ProgressLine.line(progress.snapshot()),
        "no estimate before anything is done");

    advance(Duration.ofSeconds(75));
    progress.done(12);
    progress.count("records", 310_000);
    // 12 files in 75 s: the other 28 take 175 s.
    assertEquals(
        "ingest (reading): 12/40 files, 310,000 records, 1m20s elapsed, ~2m55s left",
        ProgressLine.line(progress.snapshot()));

    progress.done(40);
    assertEquals(
        "ingest (reading): 40/40 files, 310,000 records, 1m20s elapsed",
        ProgressLine.line(progress.snapshot()),
        "nothing left, no estimate");
  }

  @Test
  void aPhaseWithoutACountOfItsOwnTakesItsEstimateFromTheRunningStagesTasks() {
    progress.phase("silver");
    Progress.Snapshot s =
        new Progress.Snapshot(
            "ingest",
            null,
            "silver",
            0,
            0,
            null,
            Map.of("records", 1_002_311L),
            new Progress.Stages(List.of(41), 2, 8, Duration.ofSeconds(30)),
            Duration.ofMinutes(4),
            Duration.ofSeconds(40));
    assertEquals(
        Duration.ofSeconds(90),
        ProgressLine.eta(s).orElseThrow(),
        "2 of 8 tasks in 30 s: 6 more in 90 s");
    assertEquals(
        "ingest (silver): 1,002,311 records, stage 41 2/8 tasks, 4m00s elapsed, ~1m30s left",
        ProgressLine.line(s));

    Progress.Snapshot two =
        new Progress.Snapshot(
            "demo",
            "enrich",
            "matching 3 month(s)",
            0,
            0,
            null,
            Map.of(),
            new Progress.Stages(List.of(7, 8), 0, 16, Duration.ofSeconds(3)),
            Duration.ofSeconds(3725),
            Duration.ZERO);
    assertEquals(
        "demo (enrich, matching 3 month(s)): 2 stages 0/16 tasks, 1h02m elapsed",
        ProgressLine.line(two));
  }

  @Test
  void aCounterNamedAfterThePhasesUnitIsItsCountNotAnotherCount() {
    progress.phase("search", 8, "trials");
    progress.count("trials", 3);
    progress.count("posts", 9);
    Progress.Snapshot s = progress.snapshot();
    assertEquals(3, s.done());
    assertEquals(Map.of("posts", 9L), s.counts());
  }

  @Test
  void theClosingLineSaysTheOutcomeTheWholeTimeAndTheSummary() {
    progress.phase("reading", 40, "files");
    advance(Duration.ofSeconds(252));
    progress.summary("40 files, 1,002,311 records, 0.10% quarantined");
    assertEquals(
        "ingest: done in 4m12s (40 files, 1,002,311 records, 0.10% quarantined)",
        progress.finish(0));

    Progress failed = new Progress("ingest", Progress.Settings.OFF, nanos::get);
    advance(Duration.ofMillis(3_240));
    assertEquals("ingest: finished with exit code 3 in 3.2s", failed.finish(3));
  }

  @Test
  void aStepOfTheDemoHasItsOwnTimeAndItsCommandsSummaryIsNotTheDemos() {
    Progress demo = new Progress("demo", Progress.Settings.OFF, nanos::get);
    advance(Duration.ofSeconds(20));
    demo.step("ingest");
    demo.phase("reading", 4, "files");
    demo.done(1);
    advance(Duration.ofSeconds(62));
    demo.summary("4 files, 6,000 records, 0.50% quarantined");
    assertEquals(
        "demo (ingest, reading): 1/4 files, 1m22s elapsed, ~3m06s left",
        ProgressLine.line(demo.snapshot()));
    assertEquals("demo: ingest done in 1m02s", demo.endStep());
    demo.step("enrich");
    assertEquals("demo: done in 1m22s", demo.finish(0));
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals("0.0s", Progress.duration(Duration.ZERO));
    assertEquals("9.9s", Progress.duration(Duration.ofMillis(9_949)));
    assertEquals("10s", Progress.duration(Duration.ofMillis(9_950)));
    assertEquals("59s", Progress.duration(Duration.ofSeconds(59)));
    assertEquals("1m00s", Progress.duration(Duration.ofSeconds(60)));
    assertEquals("59m59s", Progress.duration(Duration.ofSeconds(3599)));
    assertEquals("26h00m", Progress.duration(Duration.ofHours(26)));
  }

  @Test
  void withProgressOffACommandStartsNoThreadAndJobsWithoutACommandReportToNothing()
      throws Exception {
    Progress none = Progress.current();
    Progress started =
        Progress.start("score", new Progress.Settings(false, Duration.ofSeconds(30), false));
    try {
      assertSame(started, Progress.current());
      assertFalse(
          Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.getName().equals("brandpulse-progress")),
          "no progress thread");
    } finally {
      started.close();
    }
    assertSame(none, Progress.current(), "back to the one that shows nothing");

    // Enabled off a terminal: a plain line every log-every; closing does not wait for the next one.
    Progress plain =
        Progress.start("score", new Progress.Settings(true, Duration.ofHours(1), false));
    long t0 = System.nanoTime();
    plain.close();
    assertFalse(
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) >= 2,
        "close interrupts the thread's wait");
  }
}
