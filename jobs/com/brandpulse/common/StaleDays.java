package com.brandpulse.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * The days (UTC dates of created_at) a run recomputes, as the months that hold them and as
 * half-open ranges of created_at: runs of consecutive days become one range, so a full history is
 * one predicate term and a night one. The recompute unit of the silver jobs whose work is per post
 * but whose tables are partitioned by month (enrich, topic scoring).
 */
public final class StaleDays {
  private StaleDays() {}

  /** A run of consecutive days: [from, until). */
  public record Range(LocalDate from, LocalDate until) {}

  public static List<Range> ranges(List<Date> days) {
    List<Range> out = new ArrayList<>();
    days.stream()
        .map(Date::toLocalDate)
        .distinct()
        .sorted()
        .forEach(
            d -> {
              Range last = out.isEmpty() ? null : out.get(out.size() - 1);
              if (last != null && last.until().equals(d)) {
                out.set(out.size() - 1, new Range(last.from(), d.plusDays(1)));
              } else {
                out.add(new Range(d, d.plusDays(1)));
              }
            });
    return out;
  }

  /** The first days of the months holding {@code days}, in order. */
  public static List<Date> months(List<Date> days) {
    return days.stream()
        .map(d -> Date.valueOf(d.toLocalDate().withDayOfMonth(1)))
        .distinct()
        .sorted()
        .toList();
  }

  /** created_at within one of the days (timestamps in the session time zone, UTC). */
  public static Column column(List<Date> days, String timestampColumn) {
    Column any = lit(false);
    for (Range r : ranges(days)) {
      any =
          any.or(
              col(timestampColumn)
                  .geq(lit(utcMidnight(r.from())))
                  .and(col(timestampColumn).lt(lit(utcMidnight(r.until())))));
    }
    return any;
  }

  private static Timestamp utcMidnight(LocalDate d) {
    return Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The same as a SQL predicate, for replaceWhere. */
  public static String predicate(List<Date> days, String timestampColumn) {
    return ranges(days).stream()
        .map(
            r ->
                "("
                    + timestampColumn
                    + " >= TIMESTAMP'"
                    + r.from()
                    + " 00:00:00' AND "
                    + timestampColumn
                    + " < TIMESTAMP'"
                    + r.until()
                    + " 00:00:00')")
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
