package com.brandpulse.alert;

import com.brandpulse.alert.Routes.Recipient;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * One message to one recipient: one signal step, or in digest mode every step of a brand that is
 * due that day. Each item becomes a row of ops.alerts_sent when the message is sent or fails.
 */
public record AlertMessage(
    String brandId, String brandName, Recipient recipient, List<Item> items, boolean digest) {

  /** Why a recipient hears about a signal now. */
  public enum Kind {
    NEW("new"),
    ESCALATED("escalated"),
    STILL_OPEN("still_open");

    public final String column;

    Kind(String column) {
      this.column = column;
    }
  }

  /**
   * A signal at one step: its severity now, the reopen step (see ops.alerts_sent.step), why it is
   * sent, the highest severity the recipient was told before (escalations), and the hours it had
   * been open at the run.
   */
  public record Item(
      AlertSignal signal, int step, Kind kind, String previousSeverity, long openHours) {
    String key() {
      return signal.signalId() + ":" + signal.severity() + ":" + step;
    }
  }

  public AlertMessage {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a message without signals");
    }
    items = List.copyOf(items);
  }

  /** Stable for the same recipient and signal steps: a resend after a crash carries the same id. */
  public String id() {
    return DigestUtils.sha256Hex(
            recipient.channel()
                + "|"
                + recipient.label()
                + "|"
                + digest
                + "|"
                + items.stream().map(Item::key).collect(Collectors.joining(",")))
        .substring(0, 32);
  }

  /** The highest severity among the items. */
  public String severity() {
    return items.stream()
        .map(i -> i.signal().severity())
        .max(java.util.Comparator.comparingInt(AlertSignal::rank))
        .orElseThrow();
  }
}
