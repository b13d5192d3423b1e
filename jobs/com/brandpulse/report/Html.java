package com.brandpulse.report;

import java.util.Locale;

/**
 * HTML escaping and the number formats of the weekly report (fixed Locale.ROOT, so pages do not
 * vary by machine).
 */
final class Html {
  private Html() {}

  /**
   * Escapes text for HTML element content and quoted attribute values alike. Post texts are user
   * content: every one of them goes through here. Five characters suffice for both contexts (OWASP
   * rule #1/#2 with quoted attributes); control characters other than tab and newline are dropped,
   * as HTML forbids them.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String signedCount(long value) {
    return (value > 0 ? "+" : value < 0 ? "\u2212" : "") + count(Math.abs(value));
  }

  /** A ratio 0..1 as a percentage with one decimal: 0.375 → 37.5%. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  /** A change of a ratio in percentage points: 0.021 → +2.1 pp. */
  static String points(double ratioChange) {
    return signed(ratioChange * 100, 1) + " pp";
  }

  /**
   * A number with an explicit sign (a real minus sign) and {@code decimals} decimals; zero has
   * none.
   */
  static String signed(double value, int decimals) {
    String body = String.format(Locale.ROOT, "%,." + decimals + "f", Math.abs(value));
    boolean zero = body.matches("[0.,]+");
    return (zero ? "" : value > 0 ? "+" : "\u2212") + body;
  }

  static String decimal(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  /** Seconds as a readable duration: 45 s, 12 min, 2 h 05 min, 3 d 4 h. */
  static String duration(double seconds) {
    long s = Math.round(Math.abs(seconds));
    String sign = seconds < 0 && s > 0 ? "\u2212" : "";
    if (s < 60) {
      return sign + s + " s";
    }
    long minutes = Math.round(s / 60.0);
    if (minutes < 60) {
      return sign + minutes + " min";
    }
    if (minutes < 48 * 60) {
      return sign + String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
    long hours = Math.round(s / 3600.0);
    return sign + String.format(Locale.ROOT, "%d d %d h", hours / 24, hours % 24);
  }
}
