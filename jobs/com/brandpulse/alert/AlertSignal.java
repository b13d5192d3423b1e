package com.brandpulse.alert;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A row of gold.crisis_signals as the alert job needs it (plain Java, so routing, planning and
 * formatting are tested without Spark). Column meanings are those of {@code
 * CrisisTables.GOLD_CRISIS_SIGNALS}.
 */
public record AlertSignal(
    String signalId,
    String brandId,
    String brandName,
    String isoWeek,
    String metric,
    String category,
    String granularity,
    Instant startedAt,
    Instant endedAt,
    Instant peakAt,
    String status,
    Double observed,
    double expected,
    double score,
    double threshold,
    String severity,
    long posts,
    List<Driver> drivers,
    List<Post> representativePosts) {

  /** Severities in rising order; a route's severity covers itself and every higher one. */
  public static final List<String> SEVERITIES = List.of("low", "medium", "high");

  /** What grew against the baseline (gold's drivers struct). */
  public record Driver(String kind, String name, long observed, double expected, double lift) {}

  /** A representative post (gold's struct): text already masked and pseudonymised in silver. */
  public record Post(
      String postId,
      Instant createdAt,
      String platform,
      String text,
      long engagement,
      String why) {}

  public AlertSignal {
    rank(severity);
    drivers = List.copyOf(drivers);
    representativePosts = List.copyOf(representativePosts);
  }

  /** 1 for low, 2 medium, 3 high; anything else is refused. */
  public static int rank(String severity) {
    int i = SEVERITIES.indexOf(severity);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown severity '" + severity + "'; one of " + SEVERITIES);
    }
    return i + 1;
  }

  /** Still flagged at the end of the data (gold status new or ongoing). */
  public boolean open() {
    return !status.equals("ended");
  }

  /** The columns {@link #fromRow} reads. */
  static final String[] COLUMNS = {
    "signal_id",
    "brand_id",
    "brand_name",
    "iso_week",
    "metric",
    "category",
    "granularity",
    "started_at",
    "ended_at",
    "peak_at",
    "status",
    "observed",
    "expected",
    "score",
    "threshold",
    "severity",
    "posts",
    "drivers",
    "representative_posts"
  };

  static AlertSignal fromRow(Row r) {
    List<Driver> drivers =
        r.<Row>getList(r.fieldIndex("drivers")).stream()
            .map(
                d ->
                    new Driver(
                        d.getAs("kind"),
                        d.getAs("name"),
                        d.<Long>getAs("observed"),
                        d.<Double>getAs("expected"),
                        d.<Double>getAs("lift")))
            .toList();
    List<Post> posts =
        r.<Row>getList(r.fieldIndex("representative_posts")).stream()
            .map(
                p ->
                    new Post(
                        p.getAs("post_id"),
                        p.<java.sql.Timestamp>getAs("created_at").toInstant(),
                        p.getAs("platform"),
                        p.getAs("text"),
                        p.getAs("engagement") == null ? 0 : p.<Long>getAs("engagement"),
                        p.getAs("why")))
            .toList();
    return new AlertSignal(
        r.getAs("signal_id"),
        r.getAs("brand_id"),
        r.getAs("brand_name"),
        r.getAs("iso_week"),
        r.getAs("metric"),
        r.getAs("category"),
        r.getAs("granularity"),
        instant(r, "started_at"),
        instant(r, "ended_at"),
        instant(r, "peak_at"),
        r.getAs("status"),
        r.getAs("observed"),
        r.<Double>getAs("expected"),
        r.<Double>getAs("score"),
        r.<Double>getAs("threshold"),
        r.getAs("severity"),
        r.<Long>getAs("posts"),
        drivers,
        posts);
  }

  private static Instant instant(Row r, String column) {
    return r.<java.sql.Timestamp>getAs(column).toInstant();
  }
}
