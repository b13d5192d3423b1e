package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleDaysTest {
  private static Date d(String day) {
    return Date.valueOf(day);
  }

  @Test
  void consecutiveDaysMergeIntoOneRangeAndGapsSplitThem() {
    List<Date> days =
        List.of(
            d("2026-10-02"), d("2026-09-30"), d("2026-10-01"), d("2026-10-05"), d("2026-10-01"));
    assertEquals(
        List.of(
            new StaleDays.Range(LocalDate.parse("2026-09-30"), LocalDate.parse("2026-10-03")),
            new StaleDays.Range(LocalDate.parse("2026-10-05"), LocalDate.parse("2026-10-06"))),
        StaleDays.ranges(days));
    assertEquals(List.of(d("2026-09-01"), d("2026-10-01")), StaleDays.months(days));
    assertEquals(
        "((created_at >= TIMESTAMP'2026-09-30 00:00:00' AND created_at < TIMESTAMP'2026-10-03"
            + " 00:00:00') OR (created_at >= TIMESTAMP'2026-10-05 00:00:00' AND created_at <"
            + " TIMESTAMP'2026-10-06 00:00:00'))",
        StaleDays.predicate(days, "created_at"));
    assertEquals(
        "created_month IN (DATE'2026-09-01',DATE'2026-10-01') AND "
            + StaleDays.predicate(days, "created_at"),
        StaleDays.inMonthPartitions(days));
    assertEquals("FALSE", StaleDays.predicate(List.of(), "created_at"), "no day selects no row");
  }

  @Test
  void aYearOfDaysIsOneTerm() {
    List<Date> year =
        LocalDate.parse("2025-12-01")
            .datesUntil(LocalDate.parse("2026-12-01"))
            .map(Date::valueOf)
            .toList();
    assertEquals(1, StaleDays.ranges(year).size());
    assertEquals(12, StaleDays.months(year).size());
  }
}
