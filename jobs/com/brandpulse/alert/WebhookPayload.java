package com.brandpulse.alert;

import com.brandpulse.alert.AlertMessage.Item;
import com.brandpulse.alert.AlertSignal.Driver;
import com.brandpulse.alert.AlertSignal.Post;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a webhook message: {@code text} (subject and body, what Slack and Teams show)
 * and the signal fields for any other receiver. {@code sent_at} is inside the signed body, so a
 * receiver can refuse replays.
 */
public final class WebhookPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayload() {}

  public static byte[] json(
      AlertMessage m, MessageText text, AlertSettings settings, Instant sentAt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", "brandpulse");
    root.put("version", 1);
    root.put("message_id", m.id());
    root.put("sent_at", sentAt.toString());
    root.put("digest", m.digest());
    root.put("brand_id", m.brandId());
    root.put("brand_name", m.brandName());
    root.put("severity", m.severity());
    root.put("text", text.subject(m) + "\n\n" + text.body(m));
    ArrayNode signals = root.putArray("signals");
    for (Item i : m.items()) {
      signal(signals.addObject(), i, text, settings);
    }
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void signal(ObjectNode o, Item i, MessageText text, AlertSettings settings) {
    AlertSignal s = i.signal();
    o.put("signal_id", s.signalId());
    o.put("kind", i.kind().column);
    o.put("severity", s.severity());
    o.put("previous_severity", i.previousSeverity());
    o.put("step", i.step());
    o.put("status", s.status());
    o.put("metric", s.metric());
    o.put("category", s.category());
    o.put("granularity", s.granularity());
    o.put("started_at", s.startedAt().toString());
    o.put("ended_at", s.endedAt().toString());
    o.put("peak_at", s.peakAt().toString());
    o.put("iso_week", s.isoWeek());
    if (s.observed() == null) {
      o.putNull("observed");
    } else {
      o.put("observed", s.observed());
    }
    o.put("expected", s.expected());
    o.put("score", s.score());
    o.put("threshold", s.threshold());
    o.put("posts", s.posts());
    o.put(
        "summary",
        MessageText.headline(i)
            + ": "
            + MessageText.whatRose(s)
            + " "
            + MessageText.observedVsExpected(s)
            + " since "
            + text.time(s.startedAt()));
    ArrayNode drivers = o.putArray("drivers");
    for (Driver d :
        MessageText.drivers(s, settings.drivers()).values().stream()
            .flatMap(List::stream)
            .toList()) {
      drivers
          .addObject()
          .put("kind", d.kind())
          .put("name", d.name())
          .put("observed", d.observed())
          .put("expected", d.expected())
          .put("lift", d.lift());
    }
    ArrayNode posts = o.putArray("representative_posts");
    for (Post p :
        MessageText.representative(s.representativePosts(), settings.representativePosts())) {
      posts
          .addObject()
          .put("post_id", p.postId())
          .put("created_at", p.createdAt().toString())
          .put("platform", p.platform())
          .put("text", p.text())
          .put("engagement", p.engagement())
          .put("why", p.why());
    }
    o.put("report_url", text.reportUrl(s));
    ArrayNode views = o.putArray("bi_views");
    settings.biViews().forEach(views::add);
    o.put("bi_filter", "signal_id = '" + s.signalId() + "'");
  }
}
