package com.brandpulse.demo;

import static com.brandpulse.demo.Schedule.DAY;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Twitter's two timestamp formats, formatted fast: posts come in time order, so the day part is
 * cached.
 */
final class TwitterDates {
  private static final DateTimeFormatter V1_DAY =
      DateTimeFormatter.ofPattern("EEE MMM dd ", Locale.ENGLISH);

  private long cachedDay = Long.MIN_VALUE;
  private String cachedV1Day, cachedYear, cachedIsoDay;

  /** v1.1 created_at, e.g. "Wed Aug 27 13:08:45 +0000 2008"; the day part is cached. */
  String v1Date(long ms) {
    dayCache(ms);
    return cachedV1Day + hms(ms) + " +0000 " + cachedYear;
  }

  /** API v2 created_at, e.g. "2026-09-07T10:00:00.000Z". */
  String isoDate(long ms) {
    dayCache(ms);
    int milli = (int) Math.floorMod(ms, 1000L);
    return cachedIsoDay
        + hms(ms)
        + '.'
        + (char) ('0' + milli / 100)
        + (char) ('0' + milli / 10 % 10)
        + (char) ('0' + milli % 10)
        + 'Z';
  }

  private void dayCache(long ms) {
    long day = Math.floorDiv(ms, DAY);
    if (day == cachedDay) return;
    LocalDate d = LocalDate.ofEpochDay(day);
    cachedDay = day;
    cachedV1Day = V1_DAY.format(d);
    cachedYear = Integer.toString(d.getYear());
    cachedIsoDay = d + "T";
  }

  private static String hms(long ms) {
    int s = (int) (Math.floorMod(ms, DAY) / 1000);
    int h = s / 3600, m = s / 60 % 60, sec = s % 60;
    return new String(
        new char[] {
          (char) ('0' + h / 10),
          (char) ('0' + h % 10),
          ':',
          (char) ('0' + m / 10),
          (char) ('0' + m % 10),
          ':',
          (char) ('0' + sec / 10),
          (char) ('0' + sec % 10)
        });
  }
}
