package com.brandpulse.demo;

import com.brandpulse.demo.Lexicon.K;
import com.brandpulse.demo.SampleArchive.Options;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * How many posts the archive holds per hour: a day/night shape in the audience's local time (US
 * Eastern for English, Seoul for Korean), a weekly rhythm, week-over-week growth with some noise,
 * and one injected complaint spike against Aurora Air. Counts are per hour and lane (English,
 * Korean, spike), flattened as [3 * hour + lane]. Also the story the weeks tell: Aurora loses share
 * to Zephyr, and Hanbit's firmware update draws more and more battery complaints.
 */
final class Schedule {
  static final long MINUTE = 60_000L, HOUR = 3_600_000L, DAY = 86_400_000L;
  static final int LANE_EN = 0, LANE_KO = 1, LANE_SPIKE = 2;

  /** Relative volume by local hour of day. */
  private static final double[] HOURLY_EN = {
    0.30, 0.18, 0.11, 0.08, 0.08, 0.14, 0.32, 0.55, 0.75, 0.88, 0.95, 1.0, 1.05, 1.0, 0.97, 0.97,
    1.0, 1.05, 1.10, 1.12, 1.08, 0.95, 0.72, 0.48
  };

  private static final double[] HOURLY_KO = {
    0.55, 0.35, 0.20, 0.12, 0.08, 0.08, 0.15, 0.35, 0.60, 0.70, 0.75, 0.85, 1.0, 0.90, 0.85, 0.85,
    0.90, 0.95, 1.0, 1.10, 1.20, 1.25, 1.15, 0.85
  };

  /** Relative volume by local day of week, Monday first: travel peaks Friday and Sunday. */
  private static final double[] DAILY_EN = {1.0, 1.02, 1.0, 1.03, 1.10, 0.86, 0.97};

  private static final double[] DAILY_KO = {1.0, 1.0, 1.0, 1.02, 1.05, 0.90, 0.93};

  /**
   * Shape of the complaint spike over its six hours; averages 1, scaled to 7x extra (so ~8x
   * normal).
   */
  private static final double[] SPIKE_RAMP = {0.6, 1.3, 1.45, 1.25, 0.85, 0.55};

  private static final ZoneId US_EAST = ZoneId.of("America/New_York");
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  private final Options o;
  final long startMs;
  final int hours;
  private LocalDate spikeDay;

  Schedule(Options o) {
    this.o = o;
    this.startMs = o.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    this.hours = o.weeks() * 168;
  }

  /** Posts per hour and lane, adding up to exactly {@code o.posts()}; also places the spike. */
  long[] counts(SplittableRandom rng) {
    return allocate(weights(rng), o.posts());
  }

  /** The day of the complaint spike (known once {@link #counts} has run). */
  LocalDate spikeDay() {
    return spikeDay;
  }

  /** Expected volume per hour and lane (English, Korean, spike), flattened as [3 * hour + lane]. */
  private double[] weights(SplittableRandom rng) {
    double[] w = new double[hours * 3];
    double[] weekly = new double[o.weeks()];
    for (int i = 0; i < weekly.length; i++)
      weekly[i] = 1 + 0.05 * i + (rng.nextDouble() - 0.5) * 0.1;
    double en = 0, ko = 0, spike = 0;
    for (int h = 0; h < hours; h++) {
      Instant at = Instant.ofEpochMilli(startMs + h * HOUR);
      ZonedDateTime us = at.atZone(US_EAST), kr = at.atZone(SEOUL);
      double f = weekly[h / 168];
      w[3 * h] =
          f
              * DAILY_EN[us.getDayOfWeek().getValue() - 1]
              * HOURLY_EN[us.getHour()]
              * (0.85 + 0.3 * rng.nextDouble());
      w[3 * h + 1] =
          f
              * DAILY_KO[kr.getDayOfWeek().getValue() - 1]
              * HOURLY_KO[kr.getHour()]
              * (0.85 + 0.3 * rng.nextDouble());
      en += w[3 * h];
      ko += w[3 * h + 1];
    }
    // The spike: a weekday in the fifth week (or the last week of a shorter archive), from ~9-11am
    // US Eastern.
    int day = Math.min(Math.min(4, o.weeks() - 1) * 7 + 1 + rng.nextInt(3), o.weeks() * 7 - 1);
    spikeDay = o.start().plusDays(day);
    int spikeStartHour = day * 24 + 13 + rng.nextInt(3);
    for (int i = 0; i < SPIKE_RAMP.length; i++) {
      int h = spikeStartHour + i;
      if (h >= hours) break;
      int week = h / 168;
      double auroraNegative = (1 - 0.12) * airlineShares(week)[0] * Kit.KITS[Kit.AURORA].mood()[0];
      w[3 * h + 2] = 7 * SPIKE_RAMP[i] * w[3 * h] * auroraNegative;
      spike += w[3 * h + 2];
    }
    // Korean is a quarter of all posts.
    double scale = ko == 0 ? 0 : (en + spike) / 3 / ko;
    for (int h = 0; h < hours; h++) w[3 * h + 1] *= scale;
    return w;
  }

  /** Rounds cumulative expected volume so the counts add up to exactly {@code total}. */
  private static long[] allocate(double[] w, long total) {
    double sum = 0;
    for (double x : w) sum += x;
    long[] counts = new long[w.length];
    double cum = 0;
    long prev = 0;
    for (int i = 0; i < w.length; i++) {
      cum += w[i];
      long upto = i == w.length - 1 ? total : Math.round(cum / sum * total);
      counts[i] = upto - prev;
      prev = upto;
    }
    return counts;
  }

  /** Aurora loses a little share each week, mostly to Zephyr. */
  static double[] airlineShares(int week) {
    double aurora = 0.47 - 0.008 * week, zephyr = 0.30 + 0.015 * week;
    return new double[] {aurora, zephyr, 1 - aurora - zephyr};
  }

  /**
   * The brand a new conversation is about: Korean posts and 12% of English ones are about the phone
   * makers.
   */
  static Kit kit(SplittableRandom rng, boolean ko, int week) {
    double u = rng.nextDouble();
    if (ko) return u < 0.64 - 0.01 * week ? Kit.KITS[3] : Kit.KITS[4];
    if (u < 0.12) return u < 0.085 ? Kit.KITS[3] : Kit.KITS[4];
    double[] s = airlineShares(week);
    double v = rng.nextDouble();
    return v < s[0] ? Kit.KITS[0] : v < s[0] + s[1] ? Kit.KITS[1] : Kit.KITS[2];
  }

  /** Hanbit's firmware update from week three onward makes battery/update complaints grow. */
  static K moodKind(SplittableRandom rng, Kit kit, int week) {
    double[] m = kit.mood();
    boolean updateSaga = kit.index() == Kit.HANBIT && week >= 2;
    double neg = updateSaga ? Math.min(0.5, m[0] + 0.05 * (week - 1)) : m[0];
    double u = rng.nextDouble() * (neg + m[1] + m[2] + m[3]);
    if (u < neg) return updateSaga && rng.nextDouble() < 0.45 ? K.UPDATE : K.NEG;
    if ((u -= neg) < m[1]) return K.NEU;
    if (u - m[1] < m[2]) return K.Q;
    return K.POS;
  }

  /** The archive week (0-based) of a moment, clamped to the archive. */
  int week(long ms) {
    return (int) Math.min(o.weeks() - 1, Math.max(0, (ms - startMs) / (168 * HOUR)));
  }
}
