package com.brandpulse.alert;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Hours of the alert time zone in which messages below the bypass severities wait for the first run
 * after {@code to} ({@code alert.quiet-hours}). A window may run over midnight (22:00 to 07:00).
 */
public record QuietHours(boolean enabled, LocalTime from, LocalTime to, List<String> bypass) {
  public QuietHours {
    if (from.equals(to) && enabled) {
      throw new IllegalArgumentException("alert.quiet-hours: from and to are equal (" + from + ")");
    }
    bypass.forEach(AlertSignal::rank);
    bypass = List.copyOf(bypass);
  }

  public static QuietHours off() {
    return new QuietHours(false, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, List.of());
  }

  /** True when {@code at}, on the clock of {@code zone}, falls in [from, to). */
  public boolean isQuiet(Instant at, ZoneId zone) {
    if (!enabled) {
      return false;
    }
    LocalTime t = at.atZone(zone).toLocalTime();
    return from.isBefore(to)
        ? !t.isBefore(from) && t.isBefore(to)
        : !t.isBefore(from) || t.isBefore(to);
  }

  /** True when a message of {@code severity} has to wait at {@code at}. */
  public boolean holds(String severity, Instant at, ZoneId zone) {
    return isQuiet(at, zone) && !bypass.contains(severity);
  }

  @Override
  public String toString() {
    return enabled ? from + "-" + to + " (except " + String.join(", ", bypass) + ")" : "off";
  }
}
