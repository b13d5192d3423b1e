package com.brandpulse.cli;

import com.brandpulse.alert.AlertJob;
import com.brandpulse.alert.AlertMessage;
import com.brandpulse.alert.AlertSettings;
import com.brandpulse.alert.Channel;
import com.brandpulse.alert.EmailChannel;
import com.brandpulse.alert.MessageText;
import com.brandpulse.alert.Routes;
import com.brandpulse.alert.WebhookChannel;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse alert}: tells the routed people about new and escalated crisis signals, once
 * each.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description = {
      "Send a message for each crisis signal (gold.crisis_signals) that is new, escalated (severity rose)",
      "or still open after alert.reopen-after-hours, to the recipients alert.routes gives its brand and severity:",
      "e-mail (alert.smtp) and JSON webhooks signed with HMAC-SHA256. ops.alerts_sent records every attempt; a",
      "rerun sends nothing twice and retries what failed. Run after aggregate.",
      "Exit codes: 0 done (or nothing to send), 1 failed, 2 bad arguments, 4 some messages could not be delivered",
      "(the others were; those are recorded as failed and retried by the next run)."
    })
public final class AlertCommand implements Callable<Integer>, WriterOptions.SometimesReadOnly {
  @Mixin WriterOptions common;

  @Option(
      names = "--dry-run",
      description = "Print the messages that are due; send and record nothing.")
  boolean dryRun;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      converter = InstantConverter.class,
      description =
          "Judge as if it were this time (ISO-8601, e.g. 2026-10-08T00:00:00Z): look-back, reminders,"
              + " quiet hours, digest day. Default: now.")
  Instant asOf;

  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "not an ISO-8601 instant such as 2026-10-08T00:00:00Z: " + value);
      }
    }
  }

  /** A dry run records nothing, so it runs beside a writer without the lock. */
  @Override
  public boolean readOnly() {
    return dryRun;
  }

  @Override
  public Integer call() {
    AppConfig config = common.config();
    if (AlertSettings.from(config).routes().isEmpty()) {
      System.out.println("alert: no routes configured (alert.routes): nothing to send");
      return 0; // no Spark session for nothing
    }
    return alert(
        SparkSessions.getOrCreate("brandpulse-alert"),
        config,
        dryRun,
        asOf == null ? Instant.now() : asOf,
        System.out);
  }

  /**
   * Runs the alert job and prints what it sent, failed, held or (dry run) would send; returns the
   * exit code. Shared with the demo and the tests.
   */
  public static int alert(
      SparkSession spark, AppConfig config, boolean dryRun, Instant asOf, PrintStream out) {
    AlertSettings settings = AlertSettings.from(config);
    MessageText text = new MessageText(settings, asOf);
    Map<String, Channel> channels =
        Map.of(
            Routes.EMAIL, new EmailChannel(settings.smtp(), text, config::secret),
            Routes.WEBHOOK, new WebhookChannel(settings, text, config::secret));
    AlertJob.Result r =
        AlertJob.run(
            spark, config.warehouse(), settings, channels, new AlertJob.Options(dryRun, asOf));
    out.printf(
        "alert: as of %s: %d signal(s) of %d routed brand(s) in the look-back (%s): %d message(s) due, %d held"
            + " for quiet hours (%s, %s), %d waiting for tomorrow's digest%n",
        asOf,
        r.signals(),
        settings.routes().brands().size(),
        settings.lookback(),
        r.plan().due().size(),
        r.plan().held().size(),
        settings.quietHours(),
        settings.zone(),
        r.plan().waiting().size());
    if (dryRun) {
      for (AlertMessage m : r.plan().due()) {
        out.printf(
            "%n--- would send by %s to %s (message %s)%nSubject: %s%n%n%s",
            m.recipient().channel(), m.recipient().label(), m.id(), text.subject(m), text.body(m));
      }
      out.printf(
          "%nalert: dry run: %d message(s) printed, nothing sent or recorded%n",
          r.plan().due().size());
      return 0;
    }
    print(out, "held until the quiet hours end", r.plan().held(), text);
    print(out, "waiting for tomorrow's digest", r.plan().waiting(), text);
    for (AlertJob.Attempt a : r.attempts()) {
      out.printf(
          "alert: %s %s to %s: %s%s%n",
          a.sent() ? "sent" : "FAILED",
          a.message().recipient().channel(),
          a.message().recipient().label(),
          text.subject(a.message()),
          a.sent() ? "" : " -- " + a.error());
    }
    out.printf("alert: run %s: %d sent, %d failed%n", r.runId(), r.sent(), r.failed());
    if (r.failed() > 0) {
      System.err.printf(
          "alert: %d message(s) could not be delivered; they are recorded as failed in ops.alerts_sent"
              + " and the next run tries them again%n",
          r.failed());
      return BrandPulse.EXIT_ALERT_NOT_DELIVERED;
    }
    return 0;
  }

  private static void print(
      PrintStream out, String why, List<AlertMessage> messages, MessageText text) {
    for (AlertMessage m : messages) {
      out.printf(
          "alert: %s: %s to %s: %s%n",
          why, m.recipient().channel(), m.recipient().label(), text.subject(m));
    }
  }
}
