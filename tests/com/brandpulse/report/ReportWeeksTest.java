package com.brandpulse.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The last complete week: ended by the clock, and posts from after its end landed; in the reporting
 * zone.
 */
@Tag("fast")
class ReportWeeksTest {
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final ZoneId UTC = ZoneId.of("UTC");
  static final LocalDate W41 = LocalDate.of(2026, 10, 5);
  static final LocalDate W42 = LocalDate.of(2026, 10, 12);
  static final LocalDate W43 = LocalDate.of(2026, 10, 19);
  static final List<LocalDate> WEEKS = List.of(W41, W42, W43);

  @Test
  void theWeekStillRunningIsNotComplete() {
    Instant wednesday = Instant.parse("2026-10-21T12:00:00Z");
    assertEquals(Optional.of(W42), ReportWeeks.lastComplete(WEEKS, UTC, null, wednesday));
    assertEquals(Optional.of(W42), ReportWeeks.lastComplete(WEEKS, UTC, wednesday, wednesday));
  }

  @Test
  void aWeekIsCompleteOnceItsEndHasPassedByTheClockAndInTheData() {
    Instant end = Instant.parse("2026-10-26T00:00:00Z"); // W43's end in UTC
    assertTrue(ReportWeeks.complete(W43, UTC, end, end), "the end itself: complete");
    assertFalse(
        ReportWeeks.complete(W43, UTC, end.minusSeconds(1), end.plusSeconds(86_400)),
        "the newest post is from the week's last second: its last posts may still be coming");
    assertFalse(ReportWeeks.complete(W43, UTC, end, end.minusSeconds(1)), "not over by the clock");
    assertTrue(ReportWeeks.complete(W43, UTC, null, end), "without posts, the clock alone");
  }

  @Test
  void theDemosSpillWeekInSeoulIsPartialAndTheOneBeforeIsComplete() {
    // The demo's archive ends Sunday 2026-10-25 23:59 UTC: Monday 08:59 in Seoul, the first hours
    // of W44 there.
    Instant newest = Instant.parse("2026-10-25T23:59:00Z");
    LocalDate w44 = LocalDate.of(2026, 10, 26);
    List<LocalDate> weeks = List.of(W42, W43, w44);
    Instant now = Instant.parse("2026-12-04T23:00:00Z");
    assertEquals(Optional.of(W43), ReportWeeks.lastComplete(weeks, SEOUL, newest, now));
    assertFalse(ReportWeeks.complete(w44, SEOUL, newest, now));
    // In UTC the archive's last week ends after its newest post: partial, the week before is
    // reported.
    assertEquals(Optional.of(W42), ReportWeeks.lastComplete(weeks, UTC, newest, now));
  }

  @Test
  void noCompleteWeekAndTheMark() {
    Instant now = Instant.parse("2026-10-07T00:00:00Z");
    assertEquals(Optional.empty(), ReportWeeks.lastComplete(List.of(W41), UTC, now, now));
    assertEquals(Optional.empty(), ReportWeeks.lastComplete(List.of(), UTC, now, now));
    assertEquals("2026-W41 (partial week)", ReportWeeks.label(W41, false));
    assertEquals("2026-W41", ReportWeeks.label(W41, true));
  }
}
