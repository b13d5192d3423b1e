package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The detector's statistics where they must match a plain definition exactly. */
@Tag("fast")
class SpikeStatisticsTest {
  /**
   * The selected median is, bit for bit, the middle of the sorted values (or the mean of the two
   * middle ones): ties, signed zeros and NaN included, for sizes on both sides of the sort cut-off.
   */
  @Test
  void medianIsTheMiddleOfTheSortedValues() {
    Random random = new Random(3);
    double[] special = {0.0, -0.0, Double.NaN, 1e-300, -5, 7, 7, 7};
    int checked = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      int count = 1 + random.nextInt(trial % 3 == 0 ? 400 : 40);
      double[] values = new double[count + random.nextInt(3)]; // room past count stays untouched
      for (int i = 0; i < values.length; i++) {
        values[i] =
            switch (random.nextInt(4)) {
              case 0 -> special[random.nextInt(special.length)];
              case 1 -> random.nextInt(5); // many ties
              default -> random.nextGaussian() * 100;
            };
      }
      double[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      int mid = count / 2;
      double expected = count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      double[] tail = Arrays.copyOfRange(values, count, values.length);
      double actual = SpikeStatistics.median(values, count);
      assertEquals(
          Double.doubleToRawLongBits(expected),
          Double.doubleToRawLongBits(actual),
          "count " + count + ": " + expected + " against " + actual);
      double[] rest = Arrays.copyOf(values, count);
      Arrays.sort(rest);
      assertEquals(Arrays.toString(sorted), Arrays.toString(rest), "the same values, reordered");
      assertEquals(
          Arrays.toString(tail),
          Arrays.toString(Arrays.copyOfRange(values, count, values.length)),
          "values past count untouched");
      checked++;
    }
    assertEquals(20_000, checked);
  }
}
