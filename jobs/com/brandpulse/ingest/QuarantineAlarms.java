package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The quarantine alarm of ingest ({@code ops.quarantine_alarms}): a run above
 * ingest.max-quarantine-ratio raises one, and it stays open until a person accepts it, however many
 * runs come after. A retry of the nightly ingest finds every file already ingested and reads
 * nothing (ratio 0); judged on its own it would pass and hide the breach, so every run is judged on
 * the open alarms as well.
 */
public final class QuarantineAlarms {
  /** Accepts every open alarm. */
  public static final String ALL = "all";

  private QuarantineAlarms() {}

  public record Alarm(
      String runId,
      long recordsRead,
      long quarantined,
      double ratio,
      double maxRatio,
      Instant raisedAt,
      String acceptedBy,
      Instant acceptedAt) {
    public boolean open() {
      return acceptedBy == null;
    }

    public String describe() {
      return String.format(
          "run %s: %d of %d records quarantined (%.2f%%, limit %.2f%%), %s%s",
          runId,
          quarantined,
          recordsRead,
          100 * ratio,
          100 * maxRatio,
          raisedAt,
          open() ? "" : ", accepted by " + acceptedBy + " at " + acceptedAt);
    }

    static Alarm of(Row r) {
      Timestamp accepted = r.getAs("accepted_at");
      return new Alarm(
          r.getAs("run_id"),
          r.<Long>getAs("records_read"),
          r.<Long>getAs("quarantined"),
          r.<Double>getAs("quarantine_ratio"),
          r.<Double>getAs("max_quarantine_ratio"),
          r.<Timestamp>getAs("raised_at").toInstant(),
          r.getAs("accepted_by"),
          accepted == null ? null : accepted.toInstant());
    }
  }

  /** Records the alarm of run {@code r}, whose ratio was above {@code maxRatio}. */
  public static Alarm raise(
      SparkSession spark, String warehouse, IngestJob.Result r, double maxRatio, Instant now) {
    Tables.OPS_QUARANTINE_ALARMS.ensure(spark, warehouse);
    Alarm alarm =
        new Alarm(
            r.runId(),
            r.recordsRead(),
            r.quarantined(),
            r.quarantineRatio(),
            maxRatio,
            now,
            null,
            null);
    Tables.OPS_QUARANTINE_ALARMS.append(
        Tables.OPS_QUARANTINE_ALARMS.fixture(
            spark,
            List.of(
                RowFactory.create(
                    alarm.runId(),
                    alarm.recordsRead(),
                    alarm.quarantined(),
                    alarm.ratio(),
                    alarm.maxRatio(),
                    Timestamp.from(now),
                    null,
                    null))),
        warehouse);
    return alarm;
  }

  /** Every alarm, oldest first (none when no run ever raised one). */
  public static List<Alarm> all(SparkSession spark, String warehouse) {
    if (!Tables.OPS_QUARANTINE_ALARMS.exists(spark, warehouse)) {
      return List.of(); // the common case costs no Spark job
    }
    return Tables.OPS_QUARANTINE_ALARMS
        .read(spark, warehouse)
        .orderBy("raised_at", "run_id")
        .collectAsList()
        .stream()
        .map(Alarm::of)
        .toList();
  }

  /** The alarms nobody has accepted yet, oldest first. */
  public static List<Alarm> open(SparkSession spark, String warehouse) {
    return all(spark, warehouse).stream().filter(Alarm::open).toList();
  }

  /**
   * Accepts the open alarms of {@code runIds} ({@link #ALL}: every open one) as {@code user};
   * returns those it accepted (an alarm accepted before is left as it was).
   *
   * @throws IllegalArgumentException naming the run ids that have no alarm at all
   */
  public static List<Alarm> accept(
      SparkSession spark, String warehouse, List<String> runIds, String user, Instant now) {
    List<Alarm> alarms = all(spark, warehouse);
    Set<String> unknown = new TreeSet<>(runIds);
    unknown.remove(ALL);
    alarms.forEach(a -> unknown.remove(a.runId()));
    if (!unknown.isEmpty()) {
      List<Alarm> open = alarms.stream().filter(Alarm::open).toList();
      throw new IllegalArgumentException(
          "no quarantine alarm for run "
              + String.join(", ", unknown)
              + "; open: "
              + (open.isEmpty()
                  ? "none"
                  : String.join("; ", open.stream().map(Alarm::runId).toList())));
    }
    List<Alarm> accepting =
        alarms.stream()
            .filter(Alarm::open)
            .filter(a -> runIds.contains(ALL) || runIds.contains(a.runId()))
            .toList();
    if (accepting.isEmpty()) {
      return List.of(); // no commit for nothing
    }
    List<String> ids = new ArrayList<>(accepting.stream().map(Alarm::runId).toList());
    Tables.OPS_QUARANTINE_ALARMS
        .delta(spark, warehouse)
        .update(
            col("run_id").isin(ids.toArray()).and(col("accepted_by").isNull()),
            Map.of("accepted_by", lit(user), "accepted_at", lit(Timestamp.from(now))));
    return accepting.stream()
        .map(
            a ->
                new Alarm(
                    a.runId(),
                    a.recordsRead(),
                    a.quarantined(),
                    a.ratio(),
                    a.maxRatio(),
                    a.raisedAt(),
                    user,
                    now))
        .toList();
  }
}
