package com.brandpulse.alert;

import com.brandpulse.alert.AlertMessage.Item;
import com.brandpulse.alert.AlertMessage.Kind;
import com.brandpulse.alert.Routes.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what is due: pure Java over the signals in the look-back window and the rows of
 * ops.alerts_sent with outcome 'sent' for them, so a rerun decides the same and the rules are
 * tested without Spark.
 *
 * <p>A signal's step to a recipient is due unless a sent row of the same signal, channel and
 * recipient covers it (an anti-join on the key, widened so that a row of the same or a higher
 * severity and the same or a later step covers): a new signal is due once, a severity rise once
 * more, a signal still open after another {@code reopen-after-hours} once more; a severity that
 * fell back, or a signal that ended, sends nothing.
 */
public final class AlertPlanner {
  private AlertPlanner() {}

  /**
   * A row of ops.alerts_sent with outcome 'sent' (failed attempts never cover anything: they are
   * retried).
   */
  public record Sent(
      String signalId,
      String brandId,
      String severity,
      int step,
      String channel,
      String recipient,
      boolean digest,
      Instant asOf) {}

  /**
   * Messages to send now; those waiting for the end of quiet hours; and, in digest mode, those
   * waiting because the brand's digest already went to that recipient today (they go into
   * tomorrow's).
   */
  public record Plan(List<AlertMessage> due, List<AlertMessage> held, List<AlertMessage> waiting) {
    public boolean isEmpty() {
      return due.isEmpty() && held.isEmpty() && waiting.isEmpty();
    }
  }

  private record Delivery(Recipient recipient, Item item) {}

  public static Plan plan(
      List<AlertSignal> signals, List<Sent> sent, AlertSettings settings, Instant asOf) {
    Map<String, List<Sent>> prior = new LinkedHashMap<>();
    for (Sent s : sent) {
      prior
          .computeIfAbsent(
              s.signalId() + " " + s.channel() + " " + s.recipient(), k -> new ArrayList<>())
          .add(s);
    }
    List<Delivery> now = new ArrayList<>();
    List<Delivery> quiet = new ArrayList<>();
    List<AlertSignal> ordered =
        signals.stream()
            .sorted(
                Comparator.comparing(AlertSignal::brandId)
                    .thenComparing(AlertSignal::startedAt)
                    .thenComparing(AlertSignal::signalId))
            .toList();
    for (AlertSignal signal : ordered) {
      int step = step(signal, settings.reopenAfterHours(), asOf);
      int rank = AlertSignal.rank(signal.severity());
      for (Recipient r : settings.routes().recipients(signal.brandId(), signal.severity())) {
        List<Sent> told =
            prior.getOrDefault(signal.signalId() + " " + r.channel() + " " + r.label(), List.of());
        if (told.stream()
            .anyMatch(s -> AlertSignal.rank(s.severity()) >= rank && s.step() >= step)) {
          continue; // already told this much
        }
        String highestTold =
            told.stream()
                .map(Sent::severity)
                .max(Comparator.comparingInt(AlertSignal::rank))
                .orElse(null);
        Kind kind =
            highestTold == null
                ? Kind.NEW
                : AlertSignal.rank(highestTold) < rank ? Kind.ESCALATED : Kind.STILL_OPEN;
        Item item =
            new Item(
                signal,
                step,
                kind,
                highestTold,
                Math.max(0, Duration.between(signal.startedAt(), asOf).toHours()));
        boolean held = settings.quietHours().holds(signal.severity(), asOf, settings.zone());
        (held ? quiet : now).add(new Delivery(r, item));
      }
    }
    if (!settings.digest()) {
      return new Plan(single(now), single(quiet), List.of());
    }
    LocalDate today = asOf.atZone(settings.zone()).toLocalDate();
    List<AlertMessage> due = new ArrayList<>();
    List<AlertMessage> waiting = new ArrayList<>();
    for (AlertMessage m : digests(now)) {
      boolean sentToday =
          sent.stream()
              .anyMatch(
                  s ->
                      s.digest()
                          && s.brandId().equals(m.brandId())
                          && s.channel().equals(m.recipient().channel())
                          && s.recipient().equals(m.recipient().label())
                          && s.asOf().atZone(settings.zone()).toLocalDate().equals(today));
      (sentToday ? waiting : due).add(m);
    }
    return new Plan(due, digests(quiet), waiting);
  }

  /**
   * Whole reopen periods a still-open signal has run at {@code asOf} (0 when it ended or reminders
   * are off): a new step makes a reminder due.
   */
  static int step(AlertSignal signal, int reopenAfterHours, Instant asOf) {
    if (reopenAfterHours == 0 || !signal.open()) {
      return 0;
    }
    long hours = Duration.between(signal.startedAt(), asOf).toHours();
    return (int) Math.max(0, hours / reopenAfterHours);
  }

  /** One message per signal and recipient. */
  private static List<AlertMessage> single(List<Delivery> deliveries) {
    return deliveries.stream()
        .map(
            d ->
                new AlertMessage(
                    d.item().signal().brandId(),
                    d.item().signal().brandName(),
                    d.recipient(),
                    List.of(d.item()),
                    false))
        .toList();
  }

  /** One message per brand and recipient, its signals by severity (highest first), then start. */
  private static List<AlertMessage> digests(List<Delivery> deliveries) {
    Map<String, List<Delivery>> groups = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      groups
          .computeIfAbsent(
              d.item().signal().brandId()
                  + " "
                  + d.recipient().channel()
                  + " "
                  + d.recipient().label(),
              k -> new ArrayList<>())
          .add(d);
    }
    List<AlertMessage> out = new ArrayList<>();
    for (List<Delivery> group : groups.values()) {
      List<Item> items =
          group.stream()
              .map(Delivery::item)
              .sorted(
                  Comparator.<Item>comparingInt(i -> -AlertSignal.rank(i.signal().severity()))
                      .thenComparing(i -> i.signal().startedAt())
                      .thenComparing(i -> i.signal().signalId()))
              .toList();
      AlertSignal first = group.get(0).item().signal();
      out.add(
          new AlertMessage(
              first.brandId(), first.brandName(), group.get(0).recipient(), items, true));
    }
    return out;
  }
}
