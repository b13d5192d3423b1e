package com.brandpulse.alert;

import static com.brandpulse.alert.AlertFixtures.ROUTES;
import static com.brandpulse.alert.AlertFixtures.STARTED;
import static com.brandpulse.alert.AlertFixtures.category;
import static com.brandpulse.alert.AlertFixtures.settings;
import static com.brandpulse.alert.AlertFixtures.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.alert.AlertMessage.Kind;
import com.brandpulse.alert.AlertPlanner.Plan;
import com.brandpulse.alert.AlertPlanner.Sent;
import com.brandpulse.alert.Routes.Recipient;
import com.brandpulse.common.AppConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Routing, what is due (new, rerun, escalation, reminders), quiet hours and the digest: pure rules,
 * no Spark.
 */
@Tag("fast")
class AlertRulesTest {
  static final Instant NIGHT_AFTER =
      Instant.parse("2026-10-07T18:00:00Z"); // 03:00 in Seoul, the night after
  static final String DESK = "social-desk@aurora-air.example";
  static final String DUTY = "duty-manager@aurora-air.example";

  static List<String> labels(List<Recipient> rs) {
    return rs.stream().map(r -> r.channel() + ":" + r.label()).toList();
  }

  /** Sent rows for every message of a plan, as the job records them. */
  static List<Sent> recorded(List<AlertMessage> messages, Instant asOf) {
    List<Sent> out = new ArrayList<>();
    for (AlertMessage m : messages) {
      for (AlertMessage.Item i : m.items()) {
        out.add(
            new Sent(
                i.signal().signalId(),
                m.brandId(),
                i.signal().severity(),
                i.step(),
                m.recipient().channel(),
                m.recipient().label(),
                m.digest(),
                asOf));
      }
    }
    return out;
  }

  static List<String> who(List<AlertMessage> messages) {
    return messages.stream()
        .map(
            m ->
                m.items().get(0).signal().signalId()
                    + " "
                    + m.recipient().label()
                    + " "
                    + m.items().get(0).kind())
        .toList();
  }

  @Test
  void aRecipientGetsTheSeverityItIsListedUnderAndEveryHigherOne() {
    Routes routes = settings(ROUTES).routes();
    assertEquals(List.of("aurora-air"), routes.brands());
    assertEquals(List.of("email:" + DESK), labels(routes.recipients("aurora-air", "low")));
    assertEquals(List.of("email:" + DESK), labels(routes.recipients("aurora-air", "medium")));
    assertEquals(
        List.of(
            "email:" + DESK,
            "email:" + DUTY,
            "webhook:https://hooks.example.com/…#"
                + org.apache.commons.codec.digest.DigestUtils.sha256Hex(
                        "https://hooks.example.com/services/T0/B0/tok3n")
                    .substring(0, 12)),
        labels(routes.recipients("aurora-air", "high")));
    assertEquals(List.of(), routes.recipients("zephyr-airlines", "high"));
    assertTrue(settings().routes().isEmpty(), "no routes by default");
  }

  @Test
  void webhookUrlsAreNeverKeptWholeAndSecretUrlsComeFromTheEnvironment() {
    Routes routes =
        settings(
                "alert.routes.aurora-air.low.webhook=[{url-env=AURORA_SLACK, secret-env=\"\"},"
                    + " {url=\"https://hooks.example.com/x/y?token=abc\", secret-env=AURORA_KEY}]")
            .routes();
    List<Recipient> hooks = routes.recipients("aurora-air", "low");
    assertEquals("env:AURORA_SLACK", hooks.get(0).label());
    assertNull(hooks.get(0).address());
    assertEquals("", hooks.get(0).secretEnv());
    assertTrue(
        hooks.get(1).label().startsWith("https://hooks.example.com/…#"), hooks.get(1).label());
    assertFalse(hooks.get(1).label().contains("token"), hooks.get(1).label());
    assertEquals("AURORA_KEY", hooks.get(1).secretEnv());
    assertEquals(
        "BRANDPULSE_WEBHOOK_SECRET",
        settings(ROUTES).routes().recipients("aurora-air", "high").get(2).secretEnv());
  }

  @Test
  void settingsRefuseSecretsInConfigurationAndUnknownNames() {
    assertThrows(IllegalArgumentException.class, () -> settings("alert.smtp.password=hunter2"));
    assertThrows(IllegalArgumentException.class, () -> settings("alert.webhook.secret=hunter2"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            settings(
                "alert.routes.aurora-air.low.webhook=[{url=\"https://h.example/x\", secret=hunter2}]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings("alert.routes.aurora-air.critical.email=[\"a@b.example\"]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings("alert.routes.aurora-air.low.sms=[\"+82100000000\"]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings("alert.routes.aurora-air.low.email=[\"not an address\"]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings("alert.routes.aurora-air.low.webhook=[\"ftp://h.example/x\"]"));
    // The password itself only ever comes from the environment, by name.
    AppConfig config =
        AppConfig.load(null, List.of(), Map.of("BRANDPULSE_SMTP_PASSWORD", "from-env"));
    assertEquals("from-env", config.secret(AlertSettings.from(config).smtp().passwordEnv()));
  }

  @Test
  void aNewSignalIsDueOncePerRecipientAndARerunFindsNothing() {
    AlertSettings s = settings(ROUTES);
    List<AlertSignal> signals = List.of(signal("neg", "high", "ended"), category("cat", "low"));
    Plan first = AlertPlanner.plan(signals, List.of(), s, NIGHT_AFTER);
    assertEquals(
        List.of(
            "neg " + DESK + " NEW",
            "neg " + DUTY + " NEW",
            "neg " + first.due().get(2).recipient().label() + " NEW",
            "cat " + DESK + " NEW"),
        who(first.due()));
    assertTrue(
        first.due().stream().allMatch(m -> m.items().size() == 1 && !m.digest()),
        "one message per signal");
    Plan rerun =
        AlertPlanner.plan(
            signals, recorded(first.due(), NIGHT_AFTER), s, NIGHT_AFTER.plusSeconds(600));
    assertTrue(rerun.isEmpty(), "a rerun sends nothing: " + who(rerun.due()));
  }

  @Test
  void aRiseInSeveritySendsOnceMoreAndAFallSendsNothing() {
    AlertSettings s = settings(ROUTES);
    List<Sent> sent =
        recorded(
            AlertPlanner.plan(List.of(signal("neg", "low", "ended")), List.of(), s, NIGHT_AFTER)
                .due(),
            NIGHT_AFTER);
    assertEquals(1, sent.size(), "low: the social desk only");
    Plan escalated =
        AlertPlanner.plan(
            List.of(signal("neg", "high", "ended")), sent, s, NIGHT_AFTER.plusSeconds(3600));
    assertEquals(3, escalated.due().size());
    AlertMessage.Item desk = escalated.due().get(0).items().get(0);
    assertEquals(Kind.ESCALATED, desk.kind());
    assertEquals("low", desk.previousSeverity());
    assertEquals(
        Kind.NEW,
        escalated.due().get(1).items().get(0).kind(),
        "the duty manager hears of it for the first time");
    List<Sent> all = new ArrayList<>(sent);
    all.addAll(recorded(escalated.due(), NIGHT_AFTER.plusSeconds(3600)));
    assertTrue(
        AlertPlanner.plan(
                List.of(signal("neg", "high", "ended")), all, s, NIGHT_AFTER.plusSeconds(7200))
            .isEmpty());
    assertTrue(
        AlertPlanner.plan(
                List.of(signal("neg", "medium", "ended")), all, s, NIGHT_AFTER.plusSeconds(7200))
            .isEmpty(),
        "back to medium: nothing");
  }

  @Test
  void aSignalStillOpenIsSentAgainEachReopenPeriodAndNotAfterItEnded() {
    AlertSettings s = settings("alert.routes.aurora-air.low.email=[\"" + DESK + "\"]");
    AlertSignal open = signal("neg", "medium", "ongoing");
    Instant first = STARTED.plusSeconds(30 * 3600);
    assertEquals(1, AlertPlanner.step(open, 24, first));
    assertEquals(0, AlertPlanner.step(open, 0, first), "reminders off");
    assertEquals(
        0,
        AlertPlanner.step(signal("neg", "medium", "ended"), 24, first),
        "an ended signal has no step");
    List<Sent> sent = recorded(AlertPlanner.plan(List.of(open), List.of(), s, first).due(), first);
    assertTrue(
        AlertPlanner.plan(List.of(open), sent, s, first.plusSeconds(17 * 3600)).isEmpty(),
        "47 h: same period");
    Plan reminder = AlertPlanner.plan(List.of(open), sent, s, first.plusSeconds(18 * 3600));
    assertEquals(1, reminder.due().size());
    assertEquals(Kind.STILL_OPEN, reminder.due().get(0).items().get(0).kind());
    assertEquals(48, reminder.due().get(0).items().get(0).openHours());
    assertEquals(2, reminder.due().get(0).items().get(0).step());
    assertTrue(
        AlertPlanner.plan(
                List.of(signal("neg", "medium", "ended")), sent, s, first.plusSeconds(18 * 3600))
            .isEmpty());
  }

  @Test
  void quietHoursHoldAllButTheBypassSeveritiesUntilTheyEnd() {
    AlertSettings s = settings(ROUTES[0], ROUTES[1], "alert.quiet-hours.enabled=true");
    List<AlertSignal> signals = List.of(signal("neg", "high", "ended"), category("cat", "medium"));
    Instant lateEvening = Instant.parse("2026-10-07T14:30:00Z"); // 23:30 in Seoul
    Plan quiet = AlertPlanner.plan(signals, List.of(), s, lateEvening);
    assertEquals(
        List.of("neg " + DESK + " NEW", "neg " + DUTY + " NEW"),
        who(quiet.due()),
        "high goes through");
    assertEquals(List.of("cat " + DESK + " NEW"), who(quiet.held()));
    Instant seven = Instant.parse("2026-10-07T22:00:00Z"); // 07:00 in Seoul
    assertEquals(
        List.of("cat " + DESK + " NEW"),
        who(AlertPlanner.plan(signals, recorded(quiet.due(), lateEvening), s, seven).due()));
    QuietHours lunch =
        new QuietHours(
            true, java.time.LocalTime.of(12, 0), java.time.LocalTime.of(13, 0), List.of());
    assertTrue(lunch.isQuiet(Instant.parse("2026-10-07T03:30:00Z"), s.zone()));
    assertFalse(lunch.isQuiet(Instant.parse("2026-10-07T04:00:00Z"), s.zone()));
  }

  @Test
  void theDigestSendsOneMessageADayPerBrandAndRecipient() {
    AlertSettings s = settings(ROUTES[0], "alert.digest=true");
    List<AlertSignal> signals = List.of(category("cat", "low"), signal("neg", "high", "ended"));
    Plan today = AlertPlanner.plan(signals, List.of(), s, NIGHT_AFTER);
    assertEquals(1, today.due().size());
    AlertMessage digest = today.due().get(0);
    assertTrue(digest.digest());
    assertEquals(
        List.of("neg", "cat"),
        digest.items().stream().map(i -> i.signal().signalId()).toList(),
        "highest first");
    List<Sent> sent = recorded(today.due(), NIGHT_AFTER);
    AlertSignal later = category("cat2", "medium");
    List<AlertSignal> withLater = List.of(signals.get(0), signals.get(1), later);
    Plan sameDay = AlertPlanner.plan(withLater, sent, s, NIGHT_AFTER.plusSeconds(6 * 3600));
    assertTrue(sameDay.due().isEmpty());
    assertEquals(
        List.of("cat2 " + DESK + " NEW"), who(sameDay.waiting()), "waits for tomorrow's digest");
    Plan tomorrow = AlertPlanner.plan(withLater, sent, s, NIGHT_AFTER.plusSeconds(24 * 3600));
    assertEquals(List.of("cat2 " + DESK + " NEW"), who(tomorrow.due()));
  }
}
