package com.brandpulse.ingest.format;

import com.brandpulse.ingest.QuarantineReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/** Reading one field of a platform's JSON the same strict way in every format. */
public final class Fields {
  private Fields() {}

  /** A scalar as text; null when absent, null or a container. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  /**
   * A field that must be a JSON string when present: a number or object there is a broken record.
   */
  public static String string(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE, field + " is a JSON " + type(v) + ", expected a string");
    }
    return v.asText();
  }

  public static String type(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  public static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /**
   * An id from {@code field_str} when present (always exact), else from {@code field} when it is an
   * integer or a string. A floating-point id has lost digits and is rejected.
   */
  public static String idOf(JsonNode node, String field) {
    String asString = text(node, field + "_str");
    if (asString != null && !asString.isEmpty()) {
      return asString;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      throw new Rejected(
          QuarantineReason.BAD_ID,
          field + " " + v.asText() + " is a floating-point number: the exact id is lost");
    }
    if (v.isTextual()) {
      return v.asText();
    }
    throw new Rejected(QuarantineReason.WRONG_TYPE, field + " is a JSON " + type(v));
  }

  /** A count: a JSON number or a digit string; empty text is no count. */
  public static Long number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.longValue();
    }
    if (v.isTextual() && v.asText().matches("-?\\d+")) {
      return Long.parseLong(v.asText());
    }
    if (v.isTextual() && v.asText().isEmpty()) {
      return null;
    }
    throw new Rejected(
        QuarantineReason.WRONG_TYPE, field + " '" + v.asText() + "' is not a number");
  }

  public static Instant epochMillis(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(s)) : null;
  }

  /** The warehouse's post id: the platform, a colon, the platform's own id. */
  public static String qualify(String platform, String id) {
    return id == null || id.isEmpty() ? null : platform + ":" + id;
  }

  public static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
