package com.brandpulse.cli;

import com.brandpulse.gold.ReportingWeeks;
import java.time.LocalDate;

/**
 * The demo's dates ({@link DemoCommand}): its archive starts on a fixed Monday when it fits before
 * today, and never holds a post dated today or later.
 */
final class DemoDates {
  /**
   * The first day when the archive fits before today: a fixed one, so a seed gives the same archive
   * every day.
   */
  static final LocalDate DEFAULT_START = LocalDate.of(2026, 9, 7);

  private DemoDates() {}

  /**
   * The default first day: {@link #DEFAULT_START} when the archive ends by then, else the latest
   * Monday from which {@code weeks} weeks end yesterday at the latest (never a post dated today or
   * later).
   */
  static LocalDate defaultStart(int weeks, LocalDate today) {
    LocalDate latest = latestStart(weeks, today);
    return DEFAULT_START.isAfter(latest) ? latest : DEFAULT_START;
  }

  /** The latest Monday from which {@code weeks} weeks end yesterday at the latest. */
  static LocalDate latestStart(int weeks, LocalDate today) {
    return ReportingWeeks.weekStart(today.minusWeeks(weeks));
  }

  /** A --start whose archive would reach today is refused, saying which start would do. */
  static LocalDate checkStart(LocalDate start, int weeks, LocalDate today) {
    LocalDate end = start.plusWeeks(weeks); // the day after the last one
    if (end.isAfter(today)) {
      throw new UserError(
          "--start "
              + start
              + " with --weeks "
              + weeks
              + " would write posts up to "
              + end.minusDays(1)
              + ", today or later (today is "
              + today
              + " UTC); pass --start "
              + latestStart(weeks, today)
              + " or earlier, or leave it out");
    }
    return start;
  }
}
