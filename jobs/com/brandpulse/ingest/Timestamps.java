package com.brandpulse.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Parses every timestamp shape the archives use into UTC instants; null when none fits. */
public final class Timestamps {
  private Timestamps() {}

  private static final List<DateTimeFormatter> OFFSET_FORMATS =
      List.of(
          // v1.1 and twcs: Wed Aug 27 13:08:45 +0000 2008
          DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH),
          // Grailbird and the airline CSV: 2017-07-25 21:48:00 +0000, 2015-02-24 11:35:52 -0800
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ENGLISH),
          // Facebook Graph: 2021-07-04T19:50:58+0000
          new DateTimeFormatterBuilder()
              .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
              .appendPattern("Z")
              .toFormatter(Locale.ENGLISH),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME);

  /** Snowflake epoch: ids from November 2010 on carry their creation time. */
  private static final long TWITTER_EPOCH_MS = 1288834974657L;

  private static final long FIRST_SNOWFLAKE_ID = 300_000_000_000_000L;

  /** Text timestamp in any known shape; also epoch seconds or milliseconds written as digits. */
  public static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.matches("-?\\d+(\\.\\d+)?")) {
      return fromEpoch(new BigDecimal(s));
    }
    for (DateTimeFormatter format : OFFSET_FORMATS) {
      try {
        return OffsetDateTime.parse(s, format).toInstant();
      } catch (DateTimeParseException ignored) {
        // try the next shape
      }
    }
    try {
      return Instant.parse(s); // ISO with Z and any fraction (Bluesky writes 8 digits)
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    try {
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC); // no zone: UTC
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  /** Epoch seconds, or milliseconds when the value is too large to be seconds. */
  public static Instant fromEpoch(BigDecimal value) {
    BigDecimal millis =
        value.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0
            ? value
            : value.movePointRight(3);
    return Instant.ofEpochMilli(millis.longValue());
  }

  /** Creation time encoded in a Twitter snowflake id, or null for older ids. */
  public static Instant fromSnowflake(String id) {
    if (id == null || !id.matches("\\d{15,20}")) {
      return null;
    }
    long value = Long.parseUnsignedLong(id);
    if (value < FIRST_SNOWFLAKE_ID) {
      return null;
    }
    return Instant.ofEpochMilli((value >>> 22) + TWITTER_EPOCH_MS);
  }
}
