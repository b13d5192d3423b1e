package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.alert.AlertTables;
import com.brandpulse.alert.LocalWebhook;
import com.brandpulse.alert.WebhookChannel;
import com.brandpulse.cli.AlertCommand;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.cli.DemoCommand;
import com.brandpulse.common.AppConfig;
import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.Tables;
import com.brandpulse.demo.SampleArchive;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's injected complaint spike (SampleArchive: Aurora Air's check-in outage, some six hours
 * on Summary.spikeDay) is flagged with its posts, weeks in the demo's reporting zone, Asia/Seoul.
 * The archive is the demo's own (default options); sentiment comes from a small complaint lexicon
 * standing in for the trained models.
 */
class CrisisDemoTest {
  static final SparkSession SPARK = TestSpark.get();
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  /** What the demo's spike templates talk about. */
  static final Pattern SPIKE_TEXT =
      Pattern.compile(
          "(?i)check.?in|\\bapp\\b|boarding pass|booking|website|error 503|auroradown|outage");

  static final String NEGATIVE_WORDS = DemoWarehouse.NEGATIVE_WORDS;

  static Path warehouse;
  static SampleArchive.Summary summary;
  static CrisisJob.Result result;
  static String brandId;

  @BeforeAll
  static void demoWarehouse() throws Exception {
    DemoWarehouse.Built demo = DemoWarehouse.get();
    warehouse = demo.warehouse();
    summary = demo.summary();
    result = demo.crisis();
    brandId = demo.taxonomy().brand(summary.spikeBrand()).orElseThrow().id();
  }

  static Dataset<Row> signals() {
    return CrisisTables.GOLD_CRISIS_SIGNALS.read(SPARK, warehouse.toString());
  }

  /** The spike: some six hours from 13:00-15:00 UTC on the spike day. */
  static Instant spikeFrom() {
    return summary.spikeDay().atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(13 * 3600);
  }

  static Instant spikeTo() {
    return spikeFrom().plusSeconds(8 * 3600);
  }

  /** The spike brand's signals of a metric and granularity whose window overlaps the spike. */
  static List<Row> spikeSignals(String metric, String granularity) {
    return signals()
        .where(
            col("brand_id")
                .equalTo(brandId)
                .and(col("metric").equalTo(metric))
                .and(col("granularity").equalTo(granularity))
                .and(col("started_at").lt(Timestamp.from(spikeTo())))
                .and(col("ended_at").gt(Timestamp.from(spikeFrom()))))
        .collectAsList();
  }

  /**
   * At the demo's scale (6,000 posts over six weeks, Aurora Air ~2 posts an hour) the complaint
   * spike adds a few posts an hour: under the hourly detector's floor (4 posts of Poisson noise,
   * threshold 6), but a day's negative posts are eight times the usual. The daily negative series
   * flags it, with the complaints as its posts.
   */
  @Test
  void theInjectedSpikeIsFlaggedWithItsPosts() {
    signals()
        .orderBy("started_at")
        .select(
            "brand_id",
            "metric",
            "category",
            "granularity",
            "started_at",
            "ended_at",
            "observed",
            "expected",
            "score",
            "severity",
            "status")
        .show(100, false);
    List<Row> negative = spikeSignals("negative", "day");
    assertEquals(1, negative.size(), "one daily negative signal over the spike: " + negative);
    Row s = negative.get(0);
    Instant start = s.getTimestamp(s.fieldIndex("started_at")).toInstant();
    Instant end = s.getTimestamp(s.fieldIndex("ended_at")).toInstant();
    // A day of the reporting zone: Seoul midnight is 15:00 UTC.
    assertEquals(15, start.atOffset(ZoneOffset.UTC).getHour());
    assertEquals(86_400, end.getEpochSecond() - start.getEpochSecond());

    // Observed: negative posts about the brand in the window, counted here from silver and the
    // test's
    // lexicon (not by the crisis job).
    List<Row> window =
        Tables.SILVER_POSTS
            .read(SPARK, warehouse.toString())
            .join(
                Tables.SILVER_POST_ENRICHMENT
                    .read(SPARK, warehouse.toString())
                    .select("post_id", "brand_ids", "is_official_account", "official_brand_id"),
                "post_id")
            .where(
                array_contains(col("brand_ids"), brandId)
                    .and(
                        col("official_brand_id")
                            .isNull()
                            .or(col("official_brand_id").notEqual(brandId)))
                    .and(col("created_at").geq(Timestamp.from(start)))
                    .and(col("created_at").lt(Timestamp.from(end)))
                    .and(col("text").rlike(NEGATIVE_WORDS)))
            .select("post_id", "text")
            .collectAsList();
    assertEquals(
        window.size(),
        s.<Double>getAs("observed"),
        0.0,
        "observed = negative posts about the brand");
    long complaints =
        window.stream().filter(r -> SPIKE_TEXT.matcher(r.getString(1)).find()).count();
    System.out.printf(
        "spike window %s..%s: %d negative posts, %d about check-in / the app; expected %.1f, score %.1f%n",
        start,
        end,
        window.size(),
        complaints,
        s.<Double>getAs("expected"),
        s.<Double>getAs("score"));
    assertTrue(complaints > 0.5 * window.size(), "most are the injected complaints");
    assertTrue(s.<Double>getAs("expected") < 0.25 * window.size());

    List<Row> reps = s.getList(s.fieldIndex("representative_posts"));
    Set<String> windowIds = window.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(6, reps.size());
    for (Row r : reps) {
      assertTrue(
          windowIds.contains(r.<String>getAs("post_id")), "a window post of the brand: " + r);
      System.out.println(
          "  " + r.getAs("why") + " " + r.getAs("engagement") + ": " + r.getAs("text"));
    }
    assertTrue(
        reps.stream()
            .filter(r -> r.getAs("why").equals("most_typical"))
            .allMatch(r -> SPIKE_TEXT.matcher(r.<String>getAs("text")).find()),
        "the typical posts are the complaints");
    List<Row> drivers = s.getList(s.fieldIndex("drivers"));
    System.out.println("drivers: " + drivers);
    assertTrue(
        drivers.stream()
            .anyMatch(
                d ->
                    d.getString(0).equals("category")
                        && d.getString(1).equals("Flight Operations / Check-in")),
        "check-in drives it: " + drivers);

    // The week is the ISO week of the start in Seoul.
    LocalDate monday =
        start.atZone(SEOUL).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    assertEquals(monday, s.getDate(s.fieldIndex("week_start")).toLocalDate());
    assertEquals("ended", s.getAs("status"));
  }

  @Test
  void theCheckInAndOutageCategoriesFlagTheSameDayAndTheWeekShowsIt() {
    List<String> categories =
        spikeSignals("category", "day").stream()
            .map(r -> r.<String>getAs("category"))
            .sorted()
            .toList();
    assertEquals(
        List.of("Flight Operations / Check-in", "Safety & Crisis / Outages & System Failures"),
        categories);
    Row negative = spikeSignals("negative", "day").get(0);
    Row week =
        CrisisTables.GOLD_CRISIS_WEEKLY
            .read(SPARK, warehouse.toString())
            .where(
                col("brand_id")
                    .equalTo(brandId)
                    .and(
                        col("week_start")
                            .equalTo(negative.getDate(negative.fieldIndex("week_start")))))
            .first();
    System.out.println("spike week: " + week);
    assertEquals(3L, week.<Long>getAs("signals"));
    assertEquals(1, week.<Integer>getAs("alert_days"));
    // the week's top signal is the spike day's highest-scoring one (which series scores highest
    // depends on the data)
    Row top =
        signals()
            .where(
                col("brand_id")
                    .equalTo(brandId)
                    .and(
                        col("week_start")
                            .equalTo(negative.getDate(negative.fieldIndex("week_start")))))
            .orderBy(col("score").desc())
            .first();
    assertEquals(top.<String>getAs("signal_id"), week.<String>getAs("top_signal_id"));
    assertEquals(
        negative.getTimestamp(negative.fieldIndex("started_at")),
        top.getTimestamp(top.fieldIndex("started_at")));
    assertTrue(week.getList(week.fieldIndex("flagged_series")).contains("negative/day"));
  }

  @Test
  void theSpikeBrandHasNoSignalOutsideTheSpike() {
    List<Row> all = signals().where(col("brand_id").equalTo(brandId)).collectAsList();
    List<Row> overlapping =
        all.stream()
            .filter(
                r ->
                    r.getTimestamp(r.fieldIndex("started_at")).toInstant().isBefore(spikeTo())
                        && r.getTimestamp(r.fieldIndex("ended_at"))
                            .toInstant()
                            .isAfter(spikeFrom()))
            .toList();
    assertEquals(all, overlapping, "every signal of the brand covers the spike");
  }

  // Alerts for the spike: `alert` (AlertCommand) against a real SMTP server (GreenMail) and an HTTP
  // endpoint on
  // 127.0.0.1, on a copy of this warehouse's gold.crisis_signals (the tests change it and write
  // ops.alerts_sent).

  static final String DESK = "social-desk@aurora-air.example";
  static final String DUTY = "duty-manager@aurora-air.example";
  static final String WEBHOOK_SECRET = "crisis-demo-webhook-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  /** A new warehouse holding a copy of this one's gold.crisis_signals. */
  static Path alertWarehouse(String name) {
    Path copy = TestSpark.newWarehouse(name);
    TestSpark.copyTree(
        Path.of(CrisisTables.GOLD_CRISIS_SIGNALS.path(warehouse.toString())),
        Path.of(CrisisTables.GOLD_CRISIS_SIGNALS.path(copy.toString())));
    return copy;
  }

  /**
   * The social desk hears of every signal of the spike brand (e-mail and webhook), the duty manager
   * of high ones.
   */
  static AppConfig alertConfig(Path wh, int smtpPort, String webhookUrl) {
    return AppConfig.load(
            TestSpark.projectRoot().resolve("conf/env/test.conf").toFile(),
            List.of(
                "gold.reporting-time-zone=\"Asia/Seoul\"",
                "alert.routes.aurora-air.low.email=[\"" + DESK + "\"]",
                "alert.routes.aurora-air.low.webhook=[\"" + webhookUrl + "\"]",
                "alert.routes.aurora-air.high.email=[\"" + DUTY + "\"]",
                "alert.smtp.host=\"127.0.0.1\"",
                "alert.smtp.port=" + smtpPort,
                "alert.smtp.starttls=false",
                "alert.smtp.connect-timeout=2s",
                "alert.report-base-url=\"https://brandpulse.example/reports\""),
            Map.of(
                "BRANDPULSE_PSEUDONYM_KEY",
                TestSpark.TEST_KEY,
                "BRANDPULSE_WEBHOOK_SECRET",
                WEBHOOK_SECRET))
        .with("warehouse", wh.toString());
  }

  /** Runs `alert` as of {@code asOf}; returns its exit code and what it printed. */
  static Map.Entry<Integer, String> alert(AppConfig config, Instant asOf, boolean dryRun) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int code =
        AlertCommand.alert(
            SPARK, config, dryRun, asOf, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.printf("%s(alert %.1f s, exit %d)%n", out, (System.nanoTime() - t0) / 1e9, code);
    return Map.entry(code, out);
  }

  /** The spike brand's signals (all of them cover the spike), by start. */
  static List<Row> spikeBrandSignals() {
    return signals()
        .where(col("brand_id").equalTo(brandId))
        .orderBy("started_at", "signal_id")
        .collectAsList();
  }

  /**
   * The night after the spike's Seoul day: 03:00 there, three hours after the daily signals'
   * windows end.
   */
  static Instant nightAfter() {
    Row negative = spikeSignals("negative", "day").get(0);
    return negative.getTimestamp(negative.fieldIndex("ended_at")).toInstant().plusSeconds(3 * 3600);
  }

  static Map<String, List<MimeMessage>> mailByRecipient() throws Exception {
    Map<String, List<MimeMessage>> out = new LinkedHashMap<>();
    for (MimeMessage m : SMTP.getReceivedMessages()) {
      out.computeIfAbsent(
              m.getRecipients(Message.RecipientType.TO)[0].toString(), k -> new ArrayList<>())
          .add(m);
    }
    return out;
  }

  static String body(MimeMessage m) throws Exception {
    return ((String) m.getContent()).replace("\r\n", "\n");
  }

  /** The one message among {@code mails} about signal {@code s}. */
  static MimeMessage about(List<MimeMessage> mails, Row s) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : mails) {
      if (body(m).contains("WHERE signal_id = '" + s.<String>getAs("signal_id") + "'")) {
        found.add(m);
      }
    }
    assertEquals(1, found.size(), "one message per signal and recipient: " + s.getAs("signal_id"));
    return found.get(0);
  }

  static final java.time.format.DateTimeFormatter SEOUL_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SEOUL);

  /**
   * The message tells the signal of {@code s}: brand, what rose, observed vs expected, since when,
   * drivers, posts, links.
   */
  static void assertTells(MimeMessage mail, Row s, String headline) throws Exception {
    String text = body(mail);
    String severity = s.<String>getAs("severity").toUpperCase(Locale.ROOT);
    assertTrue(
        mail.getSubject().startsWith("[Brand Pulse] ")
            && mail.getSubject().contains("Aurora Air: "),
        mail.getSubject());
    assertTrue(text.startsWith("Aurora Air (" + brandId + "): " + headline + "\n\n"), text);
    assertTrue(headline.endsWith(severity), headline);
    String observed =
        String.format(
            Locale.ROOT,
            "%.0f vs %.1f expected",
            s.<Double>getAs("observed"),
            s.<Double>getAs("expected"));
    assertTrue(text.contains("\nObserved:   " + observed + " (score "), text);
    assertTrue(
        mail.getSubject()
            .endsWith(
                observed
                    + " since "
                    + SEOUL_TIME.format(s.getTimestamp(s.fieldIndex("started_at")).toInstant())),
        mail.getSubject());
    assertTrue(
        text.contains(
            "\nSince:      "
                + SEOUL_TIME.format(s.getTimestamp(s.fieldIndex("started_at")).toInstant())
                + " (peak "),
        text);
    // Each kind's first five drivers (alert.drivers), on that kind's line.
    Map<String, List<Row>> drivers =
        s.<Row>getList(s.fieldIndex("drivers")).stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.getString(0), LinkedHashMap::new, Collectors.toList()));
    assertTrue(text.contains("\nDrivers (posts vs expected):\n"), text);
    drivers.forEach(
        (kind, list) -> {
          String line =
              text.lines()
                  .filter(
                      l ->
                          l.startsWith(
                              "  - "
                                  + (kind.equals("category") ? "categories" : kind + "s")
                                  + ": "))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no " + kind + " drivers in\n" + text));
          for (Row d : list.subList(0, Math.min(5, list.size()))) {
            assertTrue(
                line.contains(
                    String.format(Locale.ROOT, "\"%s\" %d vs ", d.getString(1), d.getLong(2))),
                d + " in " + line);
          }
        });
    Set<String> postTexts =
        s.<Row>getList(s.fieldIndex("representative_posts")).stream()
            .map(p -> "     \"" + p.<String>getAs("text").replaceAll("\\s+", " ").trim() + "\"")
            .collect(Collectors.toSet());
    List<String> quoted = text.lines().filter(l -> l.startsWith("     \"")).toList();
    assertEquals(3, quoted.size(), "three representative posts:\n" + text);
    assertTrue(
        postTexts.containsAll(quoted), "the signal's own posts, as masked in silver:\n" + text);
    assertTrue(
        text.contains(
            "\n  Report: https://brandpulse.example/reports/brandpulse-"
                + s.getAs("iso_week")
                + ".html\n"));
    assertTrue(
        text.contains(
            "\n  BI:     bi.crisis_signals, bi.crisis_signals_drivers,"
                + " bi.crisis_signals_representative_posts\n          WHERE signal_id = '"
                + s.getAs("signal_id")
                + "'\n"));
  }

  /**
   * Each POST is signed with the secret, and carries one signal; returns the signal ids (and kinds)
   * received.
   */
  static List<String> webhookSignals(LocalWebhook hook) throws Exception {
    List<String> out = new ArrayList<>();
    for (LocalWebhook.Received r : hook.received()) {
      assertEquals(
          "sha256=" + WebhookChannel.hmacSha256Hex(WEBHOOK_SECRET, r.body()),
          r.header(WebhookChannel.SIGNATURE));
      JsonNode json = JSON.readTree(r.body());
      assertEquals(
          Long.toString(Instant.parse(json.path("sent_at").asText()).getEpochSecond()),
          r.header(WebhookChannel.TIMESTAMP));
      assertEquals(1, json.path("signals").size());
      JsonNode sig = json.path("signals").get(0);
      out.add(
          sig.path("signal_id").asText()
              + " "
              + sig.path("kind").asText()
              + " "
              + sig.path("severity").asText());
    }
    return out;
  }

  static List<Row> alertsSent(Path wh) {
    return AlertTables.OPS_ALERTS_SENT
        .read(SPARK, wh.toString())
        .orderBy("attempted_at")
        .collectAsList();
  }

  @Test
  void alertsTellTheRoutedPeopleOnceAboutTheSpikeAndOnceMoreWhenItEscalates() throws Exception {
    List<Row> spike = spikeBrandSignals();
    assertEquals(3, spike.size(), "the daily negative, Check-in and Outages signals");
    List<Row> high = spike.stream().filter(r -> r.getAs("severity").equals("high")).toList();
    Instant asOf = nightAfter();
    Path wh = alertWarehouse("alerts");
    try (LocalWebhook hook = new LocalWebhook()) {
      AppConfig config = alertConfig(wh, SMTP.getSmtp().getPort(), hook.url("/brandpulse"));

      // A dry run prints the messages and sends or records nothing.
      Map.Entry<Integer, String> dry = alert(config, asOf, true);
      assertEquals(0, dry.getKey());
      assertEquals(
          3 + 3 + high.size(),
          dry.getValue().split("\n--- would send by ").length - 1,
          dry.getValue());
      assertEquals(0, SMTP.getReceivedMessages().length);
      assertTrue(hook.received().isEmpty());
      assertFalse(AlertTables.OPS_ALERTS_SENT.exists(SPARK, wh.toString()));

      assertEquals(0, alert(config, asOf, false).getKey());
      Map<String, List<MimeMessage>> mail = mailByRecipient();
      assertTrue(Set.of(DESK, DUTY).containsAll(mail.keySet()), mail.keySet().toString());
      assertEquals(3, mail.get(DESK).size(), "the desk: one message per signal");
      assertEquals(
          high.size(),
          mail.getOrDefault(DUTY, List.of()).size(),
          "the duty manager: the high ones");
      for (Row s : spike) {
        assertTells(
            about(mail.get(DESK), s),
            s,
            "new crisis signal, severity " + s.<String>getAs("severity").toUpperCase(Locale.ROOT));
      }
      for (Row s : high) {
        assertTells(about(mail.get(DUTY), s), s, "new crisis signal, severity HIGH");
      }
      assertEquals(
          spike.stream()
              .map(s -> s.getAs("signal_id") + " new " + s.getAs("severity"))
              .sorted()
              .toList(),
          webhookSignals(hook).stream().sorted().toList(),
          "one signed POST per signal");
      List<Row> sent = alertsSent(wh);
      assertEquals(3 + 3 + high.size(), sent.size());
      assertTrue(
          sent.stream()
              .allMatch(
                  r ->
                      r.getAs("outcome").equals("sent")
                          && r.getAs("kind").equals("new")
                          && r.getAs("error") == null
                          && r.getAs("brand_id").equals(brandId)));

      // A rerun (an Airflow retry, the next night) sends nothing and commits nothing.
      String stamp = DeltaVersions.stamp(SPARK, AlertTables.OPS_ALERTS_SENT.path(wh.toString()));
      assertEquals(0, alert(config, asOf.plusSeconds(600), false).getKey());
      assertEquals(3 + high.size(), SMTP.getReceivedMessages().length);
      assertEquals(3, hook.received().size());
      assertEquals(
          stamp, DeltaVersions.stamp(SPARK, AlertTables.OPS_ALERTS_SENT.path(wh.toString())));

      // A signal's severity rises (a later aggregate re-rated it): one more message to each of its
      // recipients.
      Row rising =
          spike.stream()
              .filter(r -> !r.getAs("severity").equals("high"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "the demo's spike signals are all high; none can escalate"));
      String was = rising.getAs("severity");
      SPARK.sql(
          "UPDATE "
              + CrisisTables.GOLD_CRISIS_SIGNALS.pathIdentifier(wh.toString())
              + " SET severity = 'high'"
              + " WHERE signal_id = '"
              + rising.getAs("signal_id")
              + "'");
      assertEquals(0, alert(config, asOf.plusSeconds(3600), false).getKey());
      Map<String, List<MimeMessage>> after = mailByRecipient();
      assertEquals(4, after.get(DESK).size());
      assertEquals(high.size() + 1, after.get(DUTY).size());
      MimeMessage escalated = after.get(DESK).get(3);
      assertTrue(
          escalated.getSubject().startsWith("[Brand Pulse] ESCALATED to HIGH Aurora Air: "),
          escalated.getSubject());
      assertTrue(
          body(escalated)
              .startsWith(
                  "Aurora Air ("
                      + brandId
                      + "): crisis signal escalated from "
                      + was.toUpperCase(Locale.ROOT)
                      + " to HIGH\n"),
          body(escalated));
      assertTrue(body(escalated).contains("WHERE signal_id = '" + rising.getAs("signal_id") + "'"));
      assertTrue(
          body(after.get(DUTY).get(high.size()))
              .startsWith("Aurora Air (" + brandId + "): new crisis signal," + " severity HIGH\n"),
          "the duty manager hears of it for the first time");
      List<String> posts = webhookSignals(hook);
      assertEquals(4, posts.size());
      assertEquals(rising.getAs("signal_id") + " escalated high", posts.get(3));

      assertEquals(0, alert(config, asOf.plusSeconds(7200), false).getKey());
      assertEquals(3 + high.size() + 2, SMTP.getReceivedMessages().length, "and then nothing more");
      assertEquals(4, hook.received().size());
    }
  }

  @Test
  void aFailingChannelDoesNotStopTheOtherAndIsRetriedByTheNextRun() throws Exception {
    List<Row> spike = spikeBrandSignals();
    long high = spike.stream().filter(r -> r.getAs("severity").equals("high")).count();
    Instant asOf = nightAfter();
    Path wh = alertWarehouse("alerts-failing");
    try (LocalWebhook hook = new LocalWebhook()) {
      // No SMTP server where the settings point: every e-mail fails, the webhook gets its three.
      AppConfig smtpDown = alertConfig(wh, LocalWebhook.closedPort(), hook.url("/brandpulse"));
      Map.Entry<Integer, String> run = alert(smtpDown, asOf, false);
      assertEquals(BrandPulse.EXIT_ALERT_NOT_DELIVERED, run.getKey());
      assertTrue(run.getValue().contains("3 sent, " + (3 + high) + " failed"), run.getValue());
      assertEquals(3, hook.received().size());
      assertEquals(0, SMTP.getReceivedMessages().length);
      List<Row> rows = alertsSent(wh);
      assertEquals(
          3,
          rows.stream()
              .filter(
                  r -> r.getAs("channel").equals("webhook") && r.getAs("outcome").equals("sent"))
              .count());
      List<Row> failed = rows.stream().filter(r -> r.getAs("outcome").equals("failed")).toList();
      assertEquals(3 + high, failed.size());
      assertTrue(
          failed.stream()
              .allMatch(
                  r ->
                      r.getAs("channel").equals("email")
                          && r.<String>getAs("error").contains("127.0.0.1:")),
          failed.toString());

      // The next run, the server back: exactly the e-mails go out; the webhook is not called again.
      AppConfig smtpUp = alertConfig(wh, SMTP.getSmtp().getPort(), hook.url("/brandpulse"));
      assertEquals(0, alert(smtpUp, asOf.plusSeconds(1800), false).getKey());
      assertEquals(3 + high, SMTP.getReceivedMessages().length);
      assertEquals(3, mailByRecipient().get(DESK).size());
      assertEquals(3, hook.received().size());
      Map<String, Long> sentPerDelivery =
          alertsSent(wh).stream()
              .filter(r -> r.getAs("outcome").equals("sent"))
              .collect(
                  Collectors.groupingBy(
                      r ->
                          r.getAs("signal_id")
                              + " "
                              + r.getAs("channel")
                              + " "
                              + r.getAs("recipient"),
                      Collectors.counting()));
      assertEquals(3 + 3 + high, sentPerDelivery.size());
      assertTrue(
          sentPerDelivery.values().stream().allMatch(n -> n == 1),
          "each sent once: " + sentPerDelivery);
    }
  }

  @Test
  void theDemoPrintsWhatItWouldSendForTheSpike() {
    // What `bin/brandpulse demo` runs after aggregate: a dry run with demo.alert's routes over all
    // its weeks.
    AppConfig gold = TestSpark.config(warehouse, "gold.reporting-time-zone=\"Asia/Seoul\"");
    AppConfig demo = DemoCommand.alertConfig(gold, 6);
    Instant end = DemoCommand.dataEnd(gold, LocalDate.of(2026, 9, 7), 6);
    assertEquals(Instant.parse("2026-10-18T15:00:00Z"), end);
    Map.Entry<Integer, String> run = alert(demo, end, true);
    assertEquals(0, run.getKey());
    String out = run.getValue();
    // The spike's three signals are low: the social desk (routed from low) gets each; nobody else.
    assertEquals(
        3,
        out.split("\n--- would send by email to social-desk@aurora-air.example ").length - 1,
        out);
    assertEquals(3, out.split("\n--- would send by ").length - 1, out);
    for (Row s : spikeBrandSignals()) {
      assertTrue(out.contains("WHERE signal_id = '" + s.getAs("signal_id") + "'"), out);
    }
    assertTrue(out.contains("\n  Report: file:"), out);
    assertTrue(out.contains("alert: dry run: 3 message(s) printed, nothing sent or recorded"), out);
    assertFalse(AlertTables.OPS_ALERTS_SENT.exists(SPARK, warehouse.toString()));
  }
}
