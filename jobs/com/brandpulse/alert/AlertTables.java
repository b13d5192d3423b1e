package com.brandpulse.alert;

import com.brandpulse.common.TableContract;
import java.util.List;

/**
 * The alert job's own table, declared once: what was sent to whom, so that a rerun, an Airflow
 * retry or the next night sends nothing twice and retries what failed.
 */
public final class AlertTables {
  private AlertTables() {}

  /** ops.alerts_sent: one row per delivery attempt of one signal step to one recipient. */
  public static final TableContract OPS_ALERTS_SENT =
      TableContract.of(
              "ops",
              "alerts_sent",
              "one row per attempt to deliver one step of a signal (signal_id, severity, step) over one channel to one"
                  + " recipient; at most one row with outcome 'sent' per (signal_id, severity, step, channel, recipient);"
                  + " append-only")
          .columns(
              String.join(
                  ",",
                  "signal_id STRING NOT NULL COMMENT 'gold.crisis_signals.signal_id'",
                  "brand_id STRING NOT NULL COMMENT 'the signal''s brand: whose routes (alert.routes) chose the recipient'",
                  "severity STRING NOT NULL COMMENT 'the signal severity the message announced (low, medium, high)'",
                  "step INT NOT NULL COMMENT 'whole alert.reopen-after-hours periods the signal had been open (status new or"
                      + " ongoing) since started_at when the message was due; 0 for a signal no longer open or with reminders"
                      + " off. Nothing is sent for a step that a sent row of the same or a higher severity and step covers'",
                  "kind STRING NOT NULL COMMENT 'new (the recipient''s first message on the signal), escalated (its severity"
                      + " rose above what the recipient was told) or still_open (a reminder after another reopen period)'",
                  "channel STRING NOT NULL COMMENT 'email or webhook'",
                  "recipient STRING NOT NULL COMMENT 'the e-mail address; for a webhook scheme://host/…#<sha256 of the URL,"
                      + " 12 hex> or env:<variable> (webhook URLs can carry tokens, so none is stored whole)'",
                  "digest BOOLEAN NOT NULL COMMENT 'true when the signal went out in the brand''s daily digest (alert.digest)'",
                  "message_id STRING NOT NULL COMMENT 'hash of the message (channel, recipient, the signal steps in it): the rows"
                      + " of one digest share it; e-mail header X-BrandPulse-Message-Id, webhook header X-BrandPulse-Delivery'",
                  "outcome STRING NOT NULL COMMENT 'sent (the server accepted it) or failed (retried by the next run)'",
                  "error STRING COMMENT 'why the attempt failed; null when sent'",
                  "as_of TIMESTAMP NOT NULL COMMENT 'the run''s clock (now, or alert --as-of): what it judged open, quiet or"
                      + " already digested today'",
                  "attempted_at TIMESTAMP NOT NULL COMMENT 'wall clock of the attempt'",
                  "run_id STRING NOT NULL COMMENT 'the alert run'"))
          .key("signal_id", "severity", "step", "channel", "recipient", "attempted_at")
          .check("outcome_known", "outcome IN ('sent', 'failed')")
          .check("error_when_failed", "(outcome = 'failed') = (error IS NOT NULL)")
          .check("alert_channel_known", "channel IN ('email', 'webhook')")
          .check("alert_severity_known", "severity IN ('low', 'medium', 'high')")
          .check("alert_kind_known", "kind IN ('new', 'escalated', 'still_open')")
          .check("step_not_negative", "step >= 0");

  public static final List<TableContract> ALL = List.of(OPS_ALERTS_SENT);
}
