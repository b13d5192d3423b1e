package com.brandpulse.gold;

import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.to_date;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * ISO weeks in the reporting time zone (conf {@code gold.reporting-time-zone}). Gold tables key
 * weeks by {@code week_start}, the Monday (a DATE) of the ISO week the post falls in when its UTC
 * timestamp is read in that zone, and show the label {@code YYYY-Www}. Shared by every gold job and
 * the report so that a post lands in the same week everywhere.
 */
public final class ReportingWeeks {
  private ReportingWeeks() {}

  /**
   * The local date-time of a UTC timestamp column in {@code zone} (a TIMESTAMP, wall-clock
   * reading).
   */
  public static Column local(Column utcTimestamp, String zone) {
    return from_utc_timestamp(utcTimestamp, zone);
  }

  /** Monday of the ISO week of a UTC timestamp read in {@code zone}, as a DATE. */
  public static Column weekStart(Column utcTimestamp, String zone) {
    return to_date(date_trunc("week", local(utcTimestamp, zone)));
  }

  /**
   * The ISO label {@code YYYY-Www} of a week-start column (the ISO year is the year of the week's
   * Thursday).
   */
  public static Column isoWeek(Column weekStart) {
    return org.apache.spark.sql.functions.concat(
        org.apache
            .spark
            .sql
            .functions
            .year(org.apache.spark.sql.functions.date_add(weekStart, 3))
            .cast("string"),
        org.apache.spark.sql.functions.lit("-W"),
        org.apache.spark.sql.functions.lpad(
            org.apache.spark.sql.functions.weekofyear(weekStart).cast("string"), 2, "0"));
  }

  /**
   * The UTC days that hold the reporting weeks starting on {@code weeks}: a week in any zone spans
   * parts of nine UTC days, from the day before its Monday to the day after its Sunday.
   */
  public static List<java.sql.Date> utcDays(Collection<LocalDate> weeks) {
    java.util.TreeSet<java.sql.Date> days = new java.util.TreeSet<>();
    for (LocalDate week : weeks) {
      for (int d = -1; d <= 7; d++) {
        days.add(java.sql.Date.valueOf(week.plusDays(d)));
      }
    }
    return List.copyOf(days);
  }

  /**
   * The distinct reporting weeks (in {@code zone}) of the {@code created_at} column of {@code
   * rows}, in order; rows without a time name no week.
   */
  public static java.util.TreeSet<LocalDate> weeksOf(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String zone) {
    java.util.TreeSet<LocalDate> weeks = new java.util.TreeSet<>();
    rows.select(weekStart(org.apache.spark.sql.functions.col("created_at"), zone).as("week_start"))
        .where("week_start IS NOT NULL")
        .distinct()
        .collectAsList()
        .forEach(r -> weeks.add(r.getDate(0).toLocalDate()));
    return weeks;
  }

  /** The ISO label {@code YYYY-Www} of a week start. */
  public static String label(LocalDate weekStart) {
    return String.format(
        "%d-W%02d",
        weekStart.get(IsoFields.WEEK_BASED_YEAR), weekStart.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** Monday of an ISO week given as {@code YYYY-Www}; a clear error for anything else. */
  public static LocalDate parse(String isoWeek) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{4})-W(\\d{2})").matcher(isoWeek.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("week must look like 2015-W08, got '" + isoWeek + "'");
    }
    int year = Integer.parseInt(m.group(1));
    int week = Integer.parseInt(m.group(2));
    LocalDate jan4 = LocalDate.of(year, 1, 4);
    long weeksInYear = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
    if (week < 1 || week > weeksInYear) {
      throw new IllegalArgumentException(
          "week " + isoWeek + " does not exist: " + year + " has " + weeksInYear + " ISO weeks");
    }
    return jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** The week start of a date. */
  public static LocalDate weekStart(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
