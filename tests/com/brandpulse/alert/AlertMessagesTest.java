package com.brandpulse.alert;

import static com.brandpulse.alert.AlertFixtures.ROUTES;
import static com.brandpulse.alert.AlertFixtures.category;
import static com.brandpulse.alert.AlertFixtures.settings;
import static com.brandpulse.alert.AlertFixtures.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.alert.AlertMessage.Item;
import com.brandpulse.alert.AlertMessage.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The words of a message, the webhook's JSON and signature, and both channels against real local
 * servers.
 */
@Tag("fast")
class AlertMessagesTest {
  static final Instant AS_OF = Instant.parse("2026-10-07T18:00:00Z");
  static final String SECRET = "webhook-test-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("alerts@brandpulse.test", "alerts", "s3cret"));

  static AlertMessage single(AlertSignal s, Kind kind, String previous, String to) {
    return new AlertMessage(
        s.brandId(),
        s.brandName(),
        Routes.Recipient.email(to),
        List.of(new Item(s, 0, kind, previous, 27)),
        false);
  }

  static UnaryOperator<String> env(Map<String, String> values) {
    return name -> {
      String v = values.get(name);
      if (v == null) {
        throw new IllegalStateException("environment variable " + name + " is not set");
      }
      return v;
    };
  }

  @Test
  void aMessageSaysWhatRoseObservedVsExpectedSinceWhenDriversPostsAndWhereToLook() {
    AlertSettings s = settings("alert.report-base-url=\"https://brandpulse.example/reports\"");
    MessageText text = new MessageText(s, AS_OF);
    AlertMessage m =
        single(signal("neg", "high", "ended"), Kind.NEW, null, "social-desk@aurora-air.example");
    assertEquals(
        "[Brand Pulse] HIGH Aurora Air: negative posts 24 vs 3.0 expected since 2026-10-07 00:00",
        text.subject(m));
    assertEquals(
        String.join(
            "\n",
            "Aurora Air (aurora-air): new crisis signal, severity HIGH",
            "",
            "What rose:  negative posts, daily series",
            "Observed:   24 vs 3.0 expected (score 6.6, flags from 6.0)",
            "Since:      2026-10-07 00:00 (peak 2026-10-07 00:00); ended 2026-10-08 00:00",
            "Drivers (posts vs expected):",
            "  - terms: \"check\" 18 vs 1.2",
            "  - categories: \"Flight Operations / Check-in\" 15 vs 0.8",
            "Representative posts (authors and mentions pseudonymised, e-mails and phone numbers masked):",
            "  1. twitter, 2026-10-07 01:00, 2 engagements:",
            "     \"Check-in is down, error 503, call [phone]\"",
            "  2. twitter, 2026-10-07 00:12, 14 engagements:",
            "     \"@u_3fa2 the app crashes at check-in again\"",
            "  3. twitter, 2026-10-07 02:00, 9 engagements:",
            "     \"#auroradown cannot check in online\"",
            "Where to look:",
            "  Report: https://brandpulse.example/reports/brandpulse-2026-W41.html",
            "  BI:     bi.crisis_signals, bi.crisis_signals_drivers, bi.crisis_signals_representative_posts",
            "          WHERE signal_id = 'neg'",
            "",
            "Times are Asia/Seoul. Sent by Brand Pulse (alert.routes of aurora-air).",
            ""),
        text.body(m));

    AlertMessage escalated =
        single(signal("neg", "high", "ongoing"), Kind.ESCALATED, "low", "x@aurora-air.example");
    assertEquals(
        "[Brand Pulse] ESCALATED to HIGH Aurora Air: negative posts 24 vs 3.0 expected since 2026-10-07 00:00",
        text.subject(escalated));
    assertTrue(
        text.body(escalated)
            .startsWith("Aurora Air (aurora-air): crisis signal escalated from LOW to HIGH\n"));
    assertTrue(
        text.body(escalated)
            .contains(
                "\nSince:      2026-10-07 00:00 (peak 2026-10-07 00:00); still flagged at"
                    + " the end of the data, 2026-10-08 00:00\n"));
    AlertMessage reminder =
        single(
            signal("neg", "medium", "ongoing"), Kind.STILL_OPEN, "medium", "x@aurora-air.example");
    assertTrue(
        text.body(reminder)
            .startsWith(
                "Aurora Air (aurora-air): crisis signal still open after 27 h, severity MEDIUM\n"));
    assertFalse(
        new MessageText(settings(), AS_OF).body(m).contains("Report:"),
        "no report link without a base URL");
  }

  @Test
  void aDigestListsEachSignalOfTheBrand() {
    AlertSettings s = settings(ROUTES[0], "alert.digest=true");
    AlertMessage digest =
        AlertPlanner.plan(
                List.of(category("cat", "low"), signal("neg", "high", "ended")),
                List.of(),
                s,
                AS_OF)
            .due()
            .get(0);
    MessageText text = new MessageText(s, AS_OF);
    assertEquals(
        "[Brand Pulse] Aurora Air daily digest 2026-10-08: 2 crisis signals, highest HIGH",
        text.subject(digest));
    String body = text.body(digest);
    assertTrue(
        body.startsWith(
            "Aurora Air (aurora-air): 2 crisis signals in the digest of 2026-10-08.\n\n"
                + "1. new crisis signal, severity HIGH\n   What rose:  negative posts, daily series\n"
                + "   Observed:   24 vs 3.0 expected (score 6.6, flags from 6.0)\n"),
        body);
    assertTrue(
        body.contains(
            "\n2. new crisis signal, severity LOW\n   What rose:  posts on Flight Operations / Check-in,"
                + " daily series\n   Observed:   15 vs 0.8 expected (score 9.1, flags from 6.0)\n"),
        body);
    assertEquals(2, body.split("WHERE signal_id").length - 1);
  }

  @Test
  void theSignatureIsHmacSha256() {
    // RFC 4231, test case 2.
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        WebhookChannel.hmacSha256Hex(
            "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aWebhookGetsSignedJsonWithTheSignalFieldsAndFailuresAreReported() throws Exception {
    try (LocalWebhook server = new LocalWebhook()) {
      AlertSettings s =
          settings(
              "alert.routes.aurora-air.low.webhook=[\"" + server.url("/hook") + "\"]",
              "alert.report-base-url=\"https://brandpulse.example/reports\"");
      MessageText text = new MessageText(s, AS_OF);
      AlertMessage m =
          AlertPlanner.plan(List.of(signal("neg", "high", "ended")), List.of(), s, AS_OF)
              .due()
              .get(0);
      WebhookChannel hook =
          new WebhookChannel(s, text, env(Map.of("BRANDPULSE_WEBHOOK_SECRET", SECRET)));
      Instant sentAt = Instant.parse("2026-10-07T18:00:05Z");
      hook.send(m, sentAt);

      assertEquals(1, server.received().size());
      LocalWebhook.Received r = server.received().get(0);
      assertEquals("/hook", r.path());
      assertEquals(
          "sha256=" + WebhookChannel.hmacSha256Hex(SECRET, r.body()),
          r.header(WebhookChannel.SIGNATURE));
      assertEquals(Long.toString(sentAt.getEpochSecond()), r.header(WebhookChannel.TIMESTAMP));
      assertEquals(m.id(), r.header(WebhookChannel.DELIVERY));
      assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
      JsonNode json = JSON.readTree(r.body());
      assertEquals("aurora-air", json.path("brand_id").asText());
      assertEquals(sentAt.toString(), json.path("sent_at").asText());
      assertEquals(text.subject(m) + "\n\n" + text.body(m), json.path("text").asText());
      JsonNode sig = json.path("signals").get(0);
      assertEquals(1, json.path("signals").size());
      assertEquals("neg", sig.path("signal_id").asText());
      assertEquals("new", sig.path("kind").asText());
      assertEquals("high", sig.path("severity").asText());
      assertEquals(24.0, sig.path("observed").asDouble());
      assertEquals(3.0, sig.path("expected").asDouble());
      assertEquals("2026-10-06T15:00:00Z", sig.path("started_at").asText());
      assertEquals("check", sig.path("drivers").get(0).path("name").asText());
      assertEquals(
          "Check-in is down, error 503, call [phone]",
          sig.path("representative_posts").get(0).path("text").asText());
      assertEquals(3, sig.path("representative_posts").size());
      assertEquals(
          "https://brandpulse.example/reports/brandpulse-2026-W41.html",
          sig.path("report_url").asText());
      assertEquals("signal_id = 'neg'", sig.path("bi_filter").asText());

      server.status.set(500);
      Channel.DeliveryException e =
          assertThrows(Channel.DeliveryException.class, () -> hook.send(m, sentAt));
      assertTrue(e.getMessage().contains("HTTP 500") && e.endpointDown(), e.getMessage());
      e =
          assertThrows(
              Channel.DeliveryException.class,
              () -> new WebhookChannel(s, text, env(Map.of())).send(m, sentAt));
      assertTrue(
          e.getMessage().contains("BRANDPULSE_WEBHOOK_SECRET"),
          "no unsigned message by accident: " + e.getMessage());
      assertEquals(2, server.received().size(), "the unsigned one never left");
    }
    AlertSettings closed =
        settings(
            "alert.routes.aurora-air.low.webhook=[\"http://127.0.0.1:"
                + LocalWebhook.closedPort()
                + "/hook\"]");
    AlertMessage m =
        AlertPlanner.plan(List.of(signal("neg", "high", "ended")), List.of(), closed, AS_OF)
            .due()
            .get(0);
    Channel.DeliveryException e =
        assertThrows(
            Channel.DeliveryException.class,
            () ->
                new WebhookChannel(
                        closed,
                        new MessageText(closed, AS_OF),
                        env(Map.of("BRANDPULSE_WEBHOOK_SECRET", SECRET)))
                    .send(m, AS_OF));
    assertTrue(
        e.endpointDown() && e.getMessage().startsWith("POST to http://127.0.0.1:"), e.getMessage());
  }

  @Test
  void anEmailGoesThroughSmtpWithAuthenticationThePasswordFromTheEnvironment() throws Exception {
    int port = SMTP.getSmtp().getPort();
    AlertSettings s =
        settings(
            "alert.smtp.host=\"127.0.0.1\"",
            "alert.smtp.port=" + port,
            "alert.smtp.starttls=false",
            "alert.smtp.user=alerts",
            "alert.smtp.from=\"Brand Pulse <alerts@brandpulse.test>\"");
    MessageText text = new MessageText(s, AS_OF);
    AlertMessage m =
        single(signal("neg", "high", "ended"), Kind.NEW, null, "social-desk@aurora-air.example");
    new EmailChannel(s.smtp(), text, env(Map.of("BRANDPULSE_SMTP_PASSWORD", "s3cret")))
        .send(m, AS_OF);

    MimeMessage[] got = SMTP.getReceivedMessages();
    assertEquals(1, got.length);
    assertEquals(
        "social-desk@aurora-air.example",
        got[0].getRecipients(Message.RecipientType.TO)[0].toString());
    assertEquals("Brand Pulse <alerts@brandpulse.test>", got[0].getFrom()[0].toString());
    assertEquals(text.subject(m), got[0].getSubject());
    // SMTP carries lines with CRLF and the server drops the last line break.
    assertEquals(
        text.body(m).stripTrailing(),
        ((String) got[0].getContent()).replace("\r\n", "\n").stripTrailing());
    assertEquals(m.id(), got[0].getHeader("X-BrandPulse-Message-Id")[0]);
    assertEquals("auto-generated", got[0].getHeader("Auto-Submitted")[0]);

    Channel.DeliveryException wrong =
        assertThrows(
            Channel.DeliveryException.class,
            () ->
                new EmailChannel(s.smtp(), text, env(Map.of("BRANDPULSE_SMTP_PASSWORD", "wrong")))
                    .send(m, AS_OF));
    assertTrue(wrong.endpointDown(), wrong.getMessage());
    Channel.DeliveryException unset =
        assertThrows(
            Channel.DeliveryException.class,
            () -> new EmailChannel(s.smtp(), text, env(Map.of())).send(m, AS_OF));
    assertTrue(unset.getMessage().contains("BRANDPULSE_SMTP_PASSWORD"), unset.getMessage());
    AlertSettings down =
        settings(
            "alert.smtp.host=\"127.0.0.1\"",
            "alert.smtp.port=" + LocalWebhook.closedPort(),
            "alert.smtp.starttls=false",
            "alert.smtp.connect-timeout=2s");
    Channel.DeliveryException refused =
        assertThrows(
            Channel.DeliveryException.class,
            () -> new EmailChannel(down.smtp(), text, env(Map.of())).send(m, AS_OF));
    assertTrue(
        refused.endpointDown() && refused.getMessage().contains("127.0.0.1:"),
        refused.getMessage());
    assertEquals(1, SMTP.getReceivedMessages().length);
  }
}
