package com.brandpulse.alert;

import com.brandpulse.alert.AlertMessage.Item;
import com.brandpulse.alert.AlertSignal.Driver;
import com.brandpulse.alert.AlertSignal.Post;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a message, plain text (e-mail body, and the webhook's {@code text} for Slack or
 * Teams): what rose, observed vs expected, since when, the drivers, a few representative posts and
 * where to look.
 */
public final class MessageText {
  /** Longest post text quoted; the rest is in the report and the BI view. */
  static final int POST_CHARS = 280;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final AlertSettings settings;
  private final Instant asOf;

  /** Texts of a run whose clock is {@code asOf} (a digest is that day's). */
  public MessageText(AlertSettings settings, Instant asOf) {
    this.settings = settings;
    this.asOf = asOf;
  }

  public String subject(AlertMessage m) {
    if (m.digest()) {
      return String.format(
          Locale.ROOT,
          "[Brand Pulse] %s daily digest %s: %d crisis signal%s, highest %s",
          m.brandName(),
          today(),
          m.items().size(),
          m.items().size() == 1 ? "" : "s",
          m.severity().toUpperCase(Locale.ROOT));
    }
    Item i = m.items().get(0);
    AlertSignal s = i.signal();
    String tag =
        switch (i.kind()) {
          case NEW -> s.severity().toUpperCase(Locale.ROOT);
          case ESCALATED -> "ESCALATED to " + s.severity().toUpperCase(Locale.ROOT);
          case STILL_OPEN -> "STILL OPEN (" + s.severity().toUpperCase(Locale.ROOT) + ")";
        };
    return "[Brand Pulse] "
        + tag
        + " "
        + s.brandName()
        + ": "
        + whatRose(s)
        + " "
        + observedVsExpected(s)
        + " since "
        + time(s.startedAt());
  }

  public String body(AlertMessage m) {
    StringBuilder out = new StringBuilder();
    if (m.digest()) {
      out.append(m.brandName())
          .append(" (")
          .append(m.brandId())
          .append("): ")
          .append(m.items().size())
          .append(" crisis signal")
          .append(m.items().size() == 1 ? "" : "s")
          .append(" in the digest of ")
          .append(today())
          .append(".\n");
      int n = 1;
      for (Item i : m.items()) {
        out.append("\n").append(n++).append(". ").append(headline(i)).append("\n");
        signal(out, i, "   ");
      }
    } else {
      Item i = m.items().get(0);
      out.append(m.brandName())
          .append(" (")
          .append(m.brandId())
          .append("): ")
          .append(headline(i))
          .append("\n\n");
      signal(out, i, "");
    }
    out.append("\nTimes are ")
        .append(settings.zone())
        .append(". Sent by Brand Pulse (alert.routes of ")
        .append(m.brandId())
        .append(").\n");
    return out.toString();
  }

  /** "new crisis signal, severity HIGH" and the like. */
  static String headline(Item i) {
    String severity = i.signal().severity().toUpperCase(Locale.ROOT);
    return switch (i.kind()) {
      case NEW -> "new crisis signal, severity " + severity;
      case ESCALATED ->
          "crisis signal escalated from "
              + i.previousSeverity().toUpperCase(Locale.ROOT)
              + " to "
              + severity;
      case STILL_OPEN ->
          "crisis signal still open after " + i.openHours() + " h, severity " + severity;
    };
  }

  private void signal(StringBuilder out, Item item, String indent) {
    AlertSignal s = item.signal();
    line(
        out,
        indent,
        "What rose:  "
            + whatRose(s)
            + ", "
            + (s.granularity().equals("hour") ? "hourly" : "daily")
            + " series");
    line(
        out,
        indent,
        "Observed:   "
            + observedVsExpected(s)
            + String.format(
                Locale.ROOT, " (score %.1f, flags from %.1f)", s.score(), s.threshold()));
    line(
        out,
        indent,
        "Since:      "
            + time(s.startedAt())
            + " (peak "
            + time(s.peakAt())
            + "); "
            + (s.open()
                ? "still flagged at the end of the data, " + time(s.endedAt())
                : "ended " + time(s.endedAt())));
    Map<String, List<Driver>> drivers = drivers(s, settings.drivers());
    if (!drivers.isEmpty()) {
      line(out, indent, "Drivers (posts vs expected):");
      drivers.forEach(
          (kind, list) ->
              line(
                  out,
                  indent,
                  "  - "
                      + PLURAL.getOrDefault(kind, kind)
                      + ": "
                      + list.stream()
                          .map(
                              d ->
                                  String.format(
                                      Locale.ROOT,
                                      "\"%s\" %d vs %.1f",
                                      d.name(),
                                      d.observed(),
                                      d.expected()))
                          .collect(java.util.stream.Collectors.joining(", "))));
    }
    List<Post> posts = representative(s.representativePosts(), settings.representativePosts());
    if (!posts.isEmpty()) {
      line(
          out,
          indent,
          "Representative posts (authors and mentions pseudonymised, e-mails and phone numbers masked):");
      int n = 1;
      for (Post p : posts) {
        line(
            out,
            indent,
            String.format(
                Locale.ROOT,
                "  %d. %s, %s, %d engagement%s:",
                n++,
                p.platform(),
                time(p.createdAt()),
                p.engagement(),
                p.engagement() == 1 ? "" : "s"));
        line(out, indent, "     \"" + quote(p.text()) + "\"");
      }
    }
    line(out, indent, "Where to look:");
    String report = reportUrl(s);
    if (report != null) {
      line(out, indent, "  Report: " + report);
    }
    if (!settings.biViews().isEmpty()) {
      line(out, indent, "  BI:     " + String.join(", ", settings.biViews()));
      line(out, indent, "          WHERE signal_id = '" + s.signalId() + "'");
    }
  }

  private static final Map<String, String> PLURAL =
      Map.of("term", "terms", "category", "categories", "topic", "topics");

  /**
   * The first {@code perKind} drivers of each kind (term, category, topic), in gold's order: every
   * kind shows.
   */
  static Map<String, List<Driver>> drivers(AlertSignal s, int perKind) {
    Map<String, List<Driver>> out = new LinkedHashMap<>();
    for (Driver d : s.drivers()) {
      List<Driver> list = out.computeIfAbsent(d.kind(), k -> new ArrayList<>());
      if (list.size() < perKind) {
        list.add(d);
      }
    }
    out.values().removeIf(List::isEmpty);
    return out;
  }

  private static void line(StringBuilder out, String indent, String text) {
    out.append(indent).append(text).append('\n');
  }

  /** The weekly report page of the signal's week, when alert.report-base-url is set. */
  String reportUrl(AlertSignal s) {
    String base = settings.reportBaseUrl();
    if (base.isBlank()) {
      return null;
    }
    return (base.endsWith("/") ? base : base + "/") + "brandpulse-" + s.isoWeek() + ".html";
  }

  static String whatRose(AlertSignal s) {
    return switch (s.metric()) {
      case "mentions" -> "posts about the brand";
      case "negative" -> "negative posts";
      case "negative_share" -> "share of negative posts";
      case "category" -> "posts on " + s.category();
      default -> s.metric();
    };
  }

  static String observedVsExpected(AlertSignal s) {
    if (s.metric().equals("negative_share")) {
      return (s.observed() == null
              ? "n/a"
              : String.format(Locale.ROOT, "%.0f%%", 100 * s.observed()))
          + String.format(Locale.ROOT, " vs %.0f%% expected", 100 * s.expected());
    }
    return String.format(
        Locale.ROOT,
        "%.0f vs %.1f expected",
        s.observed() == null ? 0 : s.observed(),
        s.expected());
  }

  /**
   * Up to {@code n} posts, the most typical and the most engaged taken in turn (what the crisis is
   * about, and what spreads), each once.
   */
  static List<Post> representative(List<Post> posts, int n) {
    Map<String, List<Post>> byWhy = new LinkedHashMap<>();
    byWhy.put("most_typical", new ArrayList<>());
    byWhy.put("most_engaged", new ArrayList<>());
    posts.forEach(p -> byWhy.computeIfAbsent(p.why(), k -> new ArrayList<>()).add(p));
    List<Iterator<Post>> turns = byWhy.values().stream().map(List::iterator).toList();
    Map<String, Post> out = new LinkedHashMap<>();
    boolean more = true;
    while (out.size() < n && more) {
      more = false;
      for (Iterator<Post> it : turns) {
        if (it.hasNext() && out.size() < n) {
          Post p = it.next();
          out.putIfAbsent(p.postId(), p);
          more = true;
        }
      }
    }
    return List.copyOf(out.values());
  }

  static String quote(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= POST_CHARS ? oneLine : oneLine.substring(0, POST_CHARS - 1) + "…";
  }

  String time(Instant t) {
    return TIME.format(t.atZone(settings.zone()));
  }

  /** The day of the run in the alert time zone: what a digest covers. */
  private String today() {
    return asOf.atZone(settings.zone()).toLocalDate().toString();
  }
}
