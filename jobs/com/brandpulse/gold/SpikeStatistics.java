package com.brandpulse.gold;

import java.util.Arrays;

/**
 * Gold layer, crisis signals: the statistics behind {@link SpikeDetector}'s baseline and scale
 * (weekday factors, over-dispersion, robust centre and spread), kept apart so the detector reads as
 * its steps.
 */
final class SpikeStatistics {
  /**
   * Scale factor that turns a median absolute deviation into a standard deviation for normal noise.
   */
  private static final double MAD_TO_SD = 1.4826;

  /**
   * Lowest weekday factor, so a weekday with next to no volume cannot zero the others' baselines.
   */
  private static final double MIN_WEEKDAY_FACTOR = 0.05;

  private SpikeStatistics() {}

  /** Poisson noise floored at {@code floor}, plus negative-binomial over-dispersion phi. */
  static double scale(double mu, double phi, double floor) {
    return Math.sqrt(Math.max(mu, floor) + phi * mu * mu);
  }

  /**
   * Weekday factors (mean volume on each weekday over the mean of all weekdays) from the last
   * weekdayWeeks complete weeks before point i's day; all 1 until a complete week exists, so the
   * first week relies on the median alone.
   */
  static void weekdayFactors(
      double[] history, int[] weekday, int[] day, int i, int weekdayWeeks, double[] factor) {
    Arrays.fill(factor, 1.0);
    // Day 0 may be partial (the series can start at any hour), so whole weeks count from day 1.
    int weeks = Math.min(weekdayWeeks, (day[i] - 1) / 7);
    if (weeks < 1) {
      return;
    }
    int firstDay = day[i] - 7 * weeks;
    double[] sum = new double[7];
    int[] count = new int[7];
    for (int j = i - 1; j >= 0 && day[j] >= firstDay; j--) {
      if (day[j] < day[i] && !Double.isNaN(history[j])) {
        sum[weekday[j]] += history[j];
        count[weekday[j]]++;
      }
    }
    double[] mean = new double[7];
    double overall = 0;
    for (int w = 0; w < 7; w++) {
      if (count[w] == 0) {
        return;
      }
      mean[w] = sum[w] / count[w];
      overall += mean[w] / 7;
    }
    if (overall <= 0) {
      return;
    }
    for (int w = 0; w < 7; w++) {
      factor[w] = Math.max(mean[w] / overall, MIN_WEEKDAY_FACTOR);
    }
  }

  /**
   * Over-dispersion phi of history[from, to): each point's deviation from the median of the same
   * time of day on the other days of the range (weekday-adjusted), so it is known from the second
   * day on. phi solves MAD(deviation / scale(phi)) = 1 scale unit; 0 when Poisson noise explains
   * the deviations.
   */
  static double overDispersion(
      double[] history,
      int from,
      int to,
      int perDay,
      double floor,
      int baselineDays,
      int[] weekday,
      double[] weekdayFactor) {
    int size = to - from;
    double[] dev = new double[size];
    double[] mid = new double[size];
    double[] others = new double[baselineDays + 1];
    int m = 0;
    for (int j = from; j < to; j++) {
      if (Double.isNaN(history[j])) {
        continue;
      }
      int count = 0;
      for (int o = j - (j - from) / perDay * perDay; o < to && count < others.length; o += perDay) {
        if (o != j && !Double.isNaN(history[o])) {
          others[count++] = history[o] * weekdayFactor[weekday[j]] / weekdayFactor[weekday[o]];
        }
      }
      if (count == 0) {
        continue;
      }
      mid[m] = median(others, count);
      dev[m] = history[j] - mid[m];
      m++;
    }
    if (m < 2) {
      return 0;
    }
    double[] z = new double[m];
    if (spread(dev, mid, m, 0, floor, z) <= 1) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (spread(dev, mid, m, hi, floor, z) > 1 && hi < 1e6) {
      lo = hi;
      hi *= 4;
    }
    while (hi - lo > 1e-2 * hi) {
      double p = (lo + hi) / 2;
      if (spread(dev, mid, m, p, floor, z) > 1) {
        lo = p;
      } else {
        hi = p;
      }
    }
    return hi;
  }

  /**
   * Robust spread (MAD as a standard deviation) of the deviations in scale units for a given phi.
   */
  private static double spread(
      double[] dev, double[] mid, int m, double phi, double floor, double[] z) {
    for (int k = 0; k < m; k++) {
      z[k] = dev[k] / scale(mid[k], phi, floor);
    }
    double center = median(z, m);
    for (int k = 0; k < m; k++) {
      z[k] = Math.abs(z[k] - center);
    }
    return MAD_TO_SD * median(z, m);
  }

  static double mean(double[] values, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int j = from; j < to; j++) {
      if (!Double.isNaN(values[j])) {
        sum += values[j];
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /** Up to this many values are sorted outright; more are selected. */
  private static final int SORTED_UP_TO = 16;

  /**
   * Median of values[0, count); reorders that part of the array. The middle values are those a sort
   * would put there (in {@link Double#compare}'s order, as {@link Arrays#sort(double[])} orders),
   * found by selection instead of a whole sort: the detector takes thousands of medians of a week's
   * values for each day of a series.
   */
  static double median(double[] values, int count) {
    int mid = count / 2;
    if (count <= SORTED_UP_TO) {
      for (int i = 1; i < count; i++) {
        double v = values[i];
        int j = i - 1;
        for (; j >= 0 && Double.compare(values[j], v) > 0; j--) {
          values[j + 1] = values[j];
        }
        values[j + 1] = v;
      }
      return count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
    select(values, count - 1, mid);
    if (count % 2 == 1) {
      return values[mid];
    }
    // the value just below the middle: the largest of those selected to its left
    double lower = values[0];
    for (int i = 1; i < mid; i++) {
      if (Double.compare(values[i], lower) > 0) {
        lower = values[i];
      }
    }
    return (lower + values[mid]) / 2;
  }

  /**
   * Moves the k-th smallest of values[0, hi] to index k, smaller or equal ones before it and larger
   * or equal ones after it (Hoare's selection, pivot the median of three).
   */
  private static void select(double[] a, int hi, int k) {
    int lo = 0;
    while (hi > lo) {
      int m = (lo + hi) >>> 1;
      if (Double.compare(a[m], a[lo]) < 0) {
        swap(a, lo, m);
      }
      if (Double.compare(a[hi], a[lo]) < 0) {
        swap(a, lo, hi);
      }
      if (Double.compare(a[hi], a[m]) < 0) {
        swap(a, m, hi);
      }
      double pivot = a[m];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (Double.compare(a[i], pivot) < 0) {
          i++;
        }
        while (Double.compare(a[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return; // between the two parts every value equals the pivot
      }
    }
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
