package com.brandpulse.alert;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@code alert} block of the configuration, typed and checked once. Secrets are never part of
 * it: the SMTP password and the webhook HMAC keys are named by environment variable and read when a
 * message is sent, and a password or secret written into configuration is refused.
 */
public record AlertSettings(
    Duration lookback,
    int reopenAfterHours,
    ZoneId zone,
    QuietHours quietHours,
    boolean digest,
    int representativePosts,
    int drivers,
    String reportBaseUrl,
    List<String> biViews,
    Routes routes,
    Smtp smtp,
    Webhook webhook) {

  /**
   * The SMTP server: {@code tls} is implicit TLS (SMTPS, usually port 465), {@code starttls}
   * requires STARTTLS.
   */
  public record Smtp(
      String host,
      int port,
      boolean tls,
      boolean starttls,
      String user,
      String passwordEnv,
      String from,
      Duration connectTimeout,
      Duration timeout) {
    @Override
    public String toString() { // never the password
      return (tls ? "smtps://" : "smtp://")
          + host
          + ":"
          + port
          + (starttls ? " (STARTTLS)" : "")
          + (user.isEmpty() ? "" : " as " + user + " (password from " + passwordEnv + ")");
    }
  }

  /** Webhook delivery: the default HMAC key's environment variable and HTTP timeouts. */
  public record Webhook(String secretEnv, Duration connectTimeout, Duration timeout) {}

  public AlertSettings {
    require(!lookback.isNegative() && !lookback.isZero(), "alert.lookback must be positive");
    require(
        reopenAfterHours >= 0, "alert.reopen-after-hours must not be negative (0: no reminders)");
    require(
        representativePosts >= 0 && drivers >= 0,
        "alert.representative-posts and alert.drivers must not be negative");
    biViews = List.copyOf(biViews);
  }

  public static AlertSettings from(AppConfig config) {
    Config root = config.get();
    Config a = root.getConfig("alert");
    if (a.hasPath("smtp.password")) {
      throw new IllegalArgumentException(
          "alert.smtp.password is set in configuration; the password is read only from"
              + " the environment variable named by alert.smtp.password-env");
    }
    if (a.hasPath("webhook.secret")) {
      throw new IllegalArgumentException(
          "alert.webhook.secret is set in configuration; the HMAC key is read only from"
              + " the environment variable named by alert.webhook.secret-env");
    }
    String zone =
        a.getString("time-zone").isBlank()
            ? root.getString("gold.reporting-time-zone")
            : a.getString("time-zone");
    Config q = a.getConfig("quiet-hours");
    QuietHours quiet =
        new QuietHours(
            q.getBoolean("enabled"),
            LocalTime.parse(q.getString("from")),
            LocalTime.parse(q.getString("to")),
            q.getStringList("bypass"));
    Config s = a.getConfig("smtp");
    Smtp smtp =
        new Smtp(
            s.getString("host"),
            s.getInt("port"),
            s.getBoolean("tls"),
            s.getBoolean("starttls"),
            s.getString("user"),
            s.getString("password-env"),
            s.getString("from"),
            s.getDuration("connect-timeout"),
            s.getDuration("timeout"));
    Config w = a.getConfig("webhook");
    Webhook webhook =
        new Webhook(
            w.getString("secret-env"), w.getDuration("connect-timeout"), w.getDuration("timeout"));
    return new AlertSettings(
        a.getDuration("lookback"),
        a.getInt("reopen-after-hours"),
        ZoneId.of(zone),
        quiet,
        a.getBoolean("digest"),
        a.getInt("representative-posts"),
        a.getInt("drivers"),
        a.getString("report-base-url"),
        a.getStringList("bi-views"),
        Routes.from(a.getConfig("routes"), webhook.secretEnv()),
        smtp,
        webhook);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
