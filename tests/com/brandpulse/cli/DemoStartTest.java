package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's archive ends before today: the default start moves back when it must, a later --start
 * is refused.
 */
@Tag("fast")
class DemoStartTest {
  static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);

  @Test
  void theFixedStartStaysWhileItsWeeksEndBeforeToday() {
    assertEquals(DemoDates.DEFAULT_START, DemoDates.defaultStart(6, FRIDAY));
    assertEquals(
        DemoDates.DEFAULT_START, DemoDates.defaultStart(12, FRIDAY), "ends Sunday 2026-11-29");
  }

  @Test
  void aLongerArchiveStartsEarlierAndEndsYesterdayAtTheLatest() {
    // demo --posts 1000000 --weeks 26 used to run into 2027.
    LocalDate start = DemoDates.defaultStart(26, FRIDAY);
    assertEquals(LocalDate.of(2026, 6, 1), start);
    assertEquals(
        LocalDate.of(2026, 11, 29), start.plusWeeks(26).minusDays(1), "its last day, a Sunday");
    for (int weeks = 1; weeks <= 60; weeks++) {
      for (LocalDate today = FRIDAY;
          today.isBefore(FRIDAY.plusDays(8));
          today = today.plusDays(1)) {
        LocalDate s = DemoDates.defaultStart(weeks, today);
        assertEquals(DayOfWeek.MONDAY, s.getDayOfWeek());
        assertTrue(
            s.plusWeeks(weeks).isBefore(today) || s.plusWeeks(weeks).equals(today),
            weeks + " weeks from " + s + " reach " + today);
        assertFalse(
            s.plusWeeks(weeks + 1).compareTo(today) <= 0 && s.isBefore(DemoDates.DEFAULT_START),
            "a week later would still fit: " + s);
      }
    }
    // On a Monday, the archive ends with yesterday, a Sunday.
    assertEquals(LocalDate.of(2026, 6, 1), DemoDates.defaultStart(26, LocalDate.of(2026, 11, 30)));
  }

  @Test
  void aStartThatReachesTodayIsAUserError() {
    assertEquals(
        LocalDate.of(2026, 10, 19), DemoDates.checkStart(LocalDate.of(2026, 10, 19), 6, FRIDAY));
    UserError e =
        assertThrows(
            UserError.class, () -> DemoDates.checkStart(LocalDate.of(2026, 10, 26), 6, FRIDAY));
    assertEquals(
        "--start 2026-10-26 with --weeks 6 would write posts up to 2026-12-06, today or later (today is"
            + " 2026-12-04 UTC); pass --start 2026-10-19 or earlier, or leave it out",
        e.getMessage());
  }
}
