package com.brandpulse.alert;

import com.brandpulse.alert.AlertSignal.Driver;
import com.brandpulse.alert.AlertSignal.Post;
import com.brandpulse.common.AppConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Inline signals and settings for the alert tests: no Spark, no warehouse. */
final class AlertFixtures {
  private AlertFixtures() {}

  static final Instant STARTED = Instant.parse("2026-10-06T15:00:00Z"); // 2026-10-07 00:00 in Seoul

  /**
   * Aurora Air's daily negative signal, as gold.crisis_signals holds it after the demo's check-in
   * outage.
   */
  static AlertSignal signal(String id, String severity, String status) {
    return new AlertSignal(
        id,
        "aurora-air",
        "Aurora Air",
        "2026-W41",
        "negative",
        null,
        "day",
        STARTED,
        STARTED.plusSeconds(86_400),
        STARTED,
        status,
        24.0,
        3.0,
        6.63,
        6.0,
        severity,
        61,
        List.of(
            new Driver("term", "check", 18, 1.24, 6.12),
            new Driver("category", "Flight Operations / Check-in", 15, 0.8, 6.0)),
        List.of(
            new Post(
                "twitter:1",
                STARTED.plusSeconds(720),
                "twitter",
                "@u_3fa2 the app  crashes at check-in\nagain",
                14,
                "most_engaged"),
            new Post(
                "twitter:2",
                STARTED.plusSeconds(3600),
                "twitter",
                "Check-in is down, error 503, call [phone]",
                2,
                "most_typical"),
            new Post(
                "twitter:3",
                STARTED.plusSeconds(7200),
                "twitter",
                "#auroradown cannot check in online",
                9,
                "most_engaged"),
            new Post(
                "twitter:2",
                STARTED.plusSeconds(3600),
                "twitter",
                "Check-in is down, error 503, call [phone]",
                2,
                "most_engaged")));
  }

  /** The same signal with another id, metric and category (the Check-in category series). */
  static AlertSignal category(String id, String severity) {
    AlertSignal s = signal(id, severity, "ended");
    return new AlertSignal(
        id,
        s.brandId(),
        s.brandName(),
        s.isoWeek(),
        "category",
        "Flight Operations / Check-in",
        "day",
        s.startedAt().plusSeconds(3600),
        s.endedAt(),
        s.peakAt().plusSeconds(3600),
        "ended",
        15.0,
        0.8,
        9.1,
        6.0,
        severity,
        61,
        s.drivers(),
        s.representativePosts());
  }

  /**
   * Settings from conf defaults and conf/env/test.conf plus {@code overrides} (alert.* keys), Seoul
   * time.
   */
  static AlertSettings settings(String... overrides) {
    List<String> all = new ArrayList<>(List.of("gold.reporting-time-zone=\"Asia/Seoul\""));
    all.addAll(List.of(overrides));
    return AlertSettings.from(AppConfig.load(null, all, Map.of()));
  }

  /** Routes for Aurora Air: the social desk from low, the duty manager and a webhook from high. */
  static final String[] ROUTES = {
    "alert.routes.aurora-air.low.email=[\"social-desk@aurora-air.example\"]",
    "alert.routes.aurora-air.high.email=[\"duty-manager@aurora-air.example\"]",
    "alert.routes.aurora-air.high.webhook=[\"https://hooks.example.com/services/T0/B0/tok3n\"]"
  };
}
