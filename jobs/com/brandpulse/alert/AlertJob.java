package com.brandpulse.alert;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.alert.AlertMessage.Item;
import com.brandpulse.alert.AlertPlanner.Plan;
import com.brandpulse.alert.AlertPlanner.Sent;
import com.brandpulse.common.TableContract;
import com.brandpulse.gold.CrisisTables;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/**
 * Crisis alerts: the signals of gold.crisis_signals in the look-back window whose step the routed
 * recipients have not been told (ops.alerts_sent), sent by e-mail and webhook.
 *
 * <p>Exactly once per signal step and recipient: the 'sent' row is appended right after each
 * message the server accepted, one commit per message, so a crash between two sends re-sends at
 * most the message in flight (the webhook's delivery id lets a receiver drop that one). A failed
 * message is recorded as 'failed' with the error (those rows in one commit at the end) and is due
 * again on the next run; it never stops the other messages, and a failure that takes its endpoint
 * down (SMTP server unreachable) fails that endpoint's remaining messages at once. Nothing to send
 * means no write and no commit. Two alert runs must not overlap (the nightly DAG runs one at a
 * time).
 */
public final class AlertJob {
  private AlertJob() {}

  /** {@code asOf}: the clock the run judges by (look-back, reminders, quiet hours, digest day). */
  public record Options(boolean dryRun, Instant asOf) {}

  /** One message tried: {@code error} is null when it was sent. */
  public record Attempt(AlertMessage message, String error) {
    public boolean sent() {
      return error == null;
    }
  }

  public record Result(String runId, int signals, Plan plan, List<Attempt> attempts) {
    public long sent() {
      return attempts.stream().filter(Attempt::sent).count();
    }

    public long failed() {
      return attempts.size() - sent();
    }
  }

  /**
   * Plans, and unless {@code options.dryRun()}, sends through {@code channels} (by channel name)
   * and records.
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      AlertSettings settings,
      Map<String, Channel> channels,
      Options options) {
    String runId = "alert-" + options.asOf() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Plan empty = new Plan(List.of(), List.of(), List.of());
    if (settings.routes().isEmpty()) {
      return new Result(runId, 0, empty, List.of());
    }
    List<AlertSignal> signals = signals(spark, warehouse, settings, options.asOf());
    if (signals.isEmpty()) {
      return new Result(runId, 0, empty, List.of());
    }
    Plan plan =
        AlertPlanner.plan(
            signals, sent(spark, warehouse, signals, options.asOf()), settings, options.asOf());
    if (options.dryRun() || plan.due().isEmpty()) {
      return new Result(runId, signals.size(), plan, List.of());
    }
    return new Result(
        runId,
        signals.size(),
        plan,
        deliver(spark, warehouse, plan.due(), channels, options.asOf(), runId));
  }

  /**
   * Signals of routed brands that started by {@code asOf} and ended (or were last flagged) within
   * the look-back.
   */
  static List<AlertSignal> signals(
      SparkSession spark, String warehouse, AlertSettings settings, Instant asOf) {
    Column routed = col("brand_id").isin(settings.routes().brands().toArray());
    return CrisisTables.GOLD_CRISIS_SIGNALS
        .readOrEmpty(spark, warehouse)
        .where(
            routed
                .and(col("ended_at").geq(lit(Timestamp.from(asOf.minus(settings.lookback())))))
                .and(col("started_at").leq(lit(Timestamp.from(asOf)))))
        .selectExpr(AlertSignal.COLUMNS)
        .collectAsList()
        .stream()
        .map(AlertSignal::fromRow)
        .toList();
  }

  /**
   * Rows with outcome 'sent' for these signals, and the last two days' digests (one digest a day
   * per brand).
   */
  static List<Sent> sent(
      SparkSession spark, String warehouse, List<AlertSignal> signals, Instant asOf) {
    Column forSignals =
        col("signal_id").isin(signals.stream().map(AlertSignal::signalId).toArray());
    Column recentDigests =
        col("digest").and(col("as_of").geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(2))))));
    return AlertTables.OPS_ALERTS_SENT
        .readOrEmpty(spark, warehouse)
        .where(col("outcome").equalTo("sent").and(forSignals.or(recentDigests)))
        .collectAsList()
        .stream()
        .map(
            r ->
                new Sent(
                    r.getAs("signal_id"),
                    r.getAs("brand_id"),
                    r.getAs("severity"),
                    r.<Integer>getAs("step"),
                    r.getAs("channel"),
                    r.getAs("recipient"),
                    r.<Boolean>getAs("digest"),
                    r.<Timestamp>getAs("as_of").toInstant()))
        .toList();
  }

  private static List<Attempt> deliver(
      SparkSession spark,
      String warehouse,
      List<AlertMessage> due,
      Map<String, Channel> channels,
      Instant asOf,
      String runId) {
    TableContract table = AlertTables.OPS_ALERTS_SENT;
    table.ensure(spark, warehouse);
    Map<String, String> down = new HashMap<>();
    List<Attempt> attempts = new ArrayList<>();
    List<Row> failed = new ArrayList<>();
    for (AlertMessage m : due) {
      Channel channel = channels.get(m.recipient().channel());
      String endpoint = channel.endpoint(m.recipient());
      Instant at = Instant.now();
      String error = null;
      if (down.containsKey(endpoint)) {
        error = "not tried: " + endpoint + " failed earlier in this run: " + down.get(endpoint);
      } else {
        try {
          channel.send(m, at);
        } catch (Channel.DeliveryException e) {
          error = e.getMessage();
          if (e.endpointDown()) {
            down.put(endpoint, e.getMessage());
          }
        } catch (RuntimeException e) {
          error = "unexpected: " + e; // one message's bug must not keep the others from going out
        }
      }
      List<Row> rows = rows(m, error, asOf, at, runId);
      if (error == null) {
        table.append(
            table.fixture(spark, rows),
            warehouse); // recorded before the next send: see the class comment
      } else {
        failed.addAll(rows);
      }
      attempts.add(new Attempt(m, error));
    }
    if (!failed.isEmpty()) {
      table.append(table.fixture(spark, failed), warehouse);
    }
    return attempts;
  }

  /** One ops.alerts_sent row per signal step in the message. */
  static List<Row> rows(AlertMessage m, String error, Instant asOf, Instant at, String runId) {
    List<Row> rows = new ArrayList<>();
    for (Item i : m.items()) {
      rows.add(
          new GenericRowWithSchema(
              new Object[] {
                i.signal().signalId(),
                m.brandId(),
                i.signal().severity(),
                i.step(),
                i.kind().column,
                m.recipient().channel(),
                m.recipient().label(),
                m.digest(),
                m.id(),
                error == null ? "sent" : "failed",
                error,
                Timestamp.from(asOf),
                Timestamp.from(at),
                runId
              },
              AlertTables.OPS_ALERTS_SENT.schema()));
    }
    return rows;
  }
}
