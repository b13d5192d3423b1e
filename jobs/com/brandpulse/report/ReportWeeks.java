package com.brandpulse.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.brandpulse.common.Tables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which weeks of gold.brand_health_weekly are complete, and so which one {@code report} (without
 * --week) and the demo report on. A week (Monday 00:00 to the next Monday 00:00 in the reporting
 * time zone) is complete when it has ended both by the clock and in the data: its end is not after
 * now, and a post created at or after its end has landed in silver.posts (so the week's own posts
 * are in, not only its first days). Without silver.posts only the clock decides. A week that is not
 * complete is shown as a "partial week" wherever it is listed: its figures, and the changes against
 * the week before, cover only part of it.
 */
public final class ReportWeeks {
  /** How a week that is not complete is marked. */
  public static final String PARTIAL = "partial week";

  private ReportWeeks() {}

  /**
   * The weeks with gold rows (ascending) and the creation time of the newest post landed (null:
   * unknown).
   */
  public record OnHand(List<LocalDate> weeks, Instant newestPost) {}

  /**
   * Whether the week starting {@code weekStart} (a Monday in {@code zone}) is complete, as of
   * {@code now}.
   */
  public static boolean complete(
      LocalDate weekStart, ZoneId zone, Instant newestPost, Instant now) {
    Instant end = weekStart.plusWeeks(1).atStartOfDay(zone).toInstant();
    return !end.isAfter(now) && (newestPost == null || !end.isAfter(newestPost));
  }

  /** The latest complete week among {@code weeks}, if any. */
  public static Optional<LocalDate> lastComplete(
      Collection<LocalDate> weeks, ZoneId zone, Instant newestPost, Instant now) {
    return weeks.stream().filter(w -> complete(w, zone, newestPost, now)).max(LocalDate::compareTo);
  }

  /** {@code 2026-W40}, or {@code 2026-W40 (partial week)}. */
  public static String label(LocalDate weekStart, boolean complete) {
    return ReportingWeeks.label(weekStart) + (complete ? "" : " (" + PARTIAL + ")");
  }

  /**
   * The weeks of gold.brand_health_weekly (none when it does not exist) and the newest post of
   * silver.posts.
   */
  public static OnHand read(SparkSession spark, String warehouse) {
    List<LocalDate> weeks =
        !GoldTables.BRAND_HEALTH_WEEKLY.exists(spark, warehouse)
            ? List.of()
            : GoldTables.BRAND_HEALTH_WEEKLY
                .read(spark, warehouse)
                .select(col("week_start"))
                .distinct()
                .orderBy("week_start")
                .collectAsList()
                .stream()
                .map(r -> WeeklyReport.date(r, "week_start"))
                .toList();
    return new OnHand(weeks, newestPost(spark, warehouse));
  }

  /**
   * When the newest post of silver.posts was created (Delta answers a max from its file
   * statistics), or null.
   */
  public static Instant newestPost(SparkSession spark, String warehouse) {
    if (!Tables.SILVER_POSTS.exists(spark, warehouse)) {
      return null;
    }
    Row r =
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .agg(max("created_at").as("newest"))
            .collectAsList()
            .get(0);
    return WeeklyReport.instant(r, "newest");
  }
}
