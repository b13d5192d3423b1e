package com.brandpulse.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_date;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

  /**
   * {@link #predicate} as a column, for filtering what is recomputed the same way it is replaced.
   */
  public static Column column(List<Date> days, String timestampColumn) {
    return expr(predicate(days, timestampColumn));
  }

  /**
   * The rows of the days in a table partitioned by created_month: {@code created_month IN (their
   * months) AND created_at within the days}, for replaceWhere (the month names the partitions to
   * read, the ranges the rows to replace) and, through {@link org.apache.spark.sql.functions#expr},
   * for selecting what is recomputed.
   */
  public static String inMonthPartitions(List<Date> days) {
    return TableContract.dateIn("created_month", months(days))
        + " AND "
        + predicate(days, "created_at");
  }

  /** {@link #inMonthPartitions} as a column; FALSE for no day. */
  public static Column inMonthColumn(List<Date> days) {
    return expr(days.isEmpty() ? "FALSE" : inMonthPartitions(days));
  }

  /** The distinct days (UTC dates) of created_at in {@code rows}, in order. */
  public static List<Date> daysOf(Dataset<Row> rows) {
    return collect(rows.select(to_date(col("created_at")).as("day")));
  }

  /** The distinct values of the {@code day} column of {@code days}, in order. */
  public static List<Date> collect(Dataset<Row> days) {
    return days.select("day").distinct().collectAsList().stream()
        .map(r -> r.<Date>getAs("day"))
        .sorted()
        .toList();
  }

  /**
   * {@code timestampColumn} within one of the days, as SQL (timestamps in the session time zone,
   * UTC, as {@code to_date} reads them); FALSE for no day.
   */
  public static String predicate(List<Date> days, String timestampColumn) {
    if (days.isEmpty()) {
      return "FALSE";
    }
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
