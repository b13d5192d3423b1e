package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.brandpulse.TestSpark;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Walking threads in the driver: step limits per direction, parents that are no post, a cycle in
 * bad data, and seeds reached from other seeds.
 */
@Tag("fast")
class ThreadLinksTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static ThreadLinks links;

  /**
   * 1 is a thread's top; 2 replies to 1, 3 and 5 to 2, 4 to 3; 9 replies to 100, which is no post;
   * 20 and 21 reply to each other; 30 is no reply; two posts share the hash 40 and reply to 41 and
   * 42.
   */
  @BeforeAll
  static void build() {
    Dataset<Row> rows =
        SPARK.sql(
            "SELECT CAST(h AS BIGINT) AS h, CAST(parent_h AS BIGINT) AS parent_h FROM VALUES"
                + " (1, NULL), (2, 1), (3, 2), (5, 2), (4, 3), (9, 100), (20, 21), (21, 20),"
                + " (30, NULL), (40, 41), (40, 42) AS t(h, parent_h)");
    links = ThreadLinks.of(rows.repartition(3));
  }

  @Test
  void upFollowsOneParentPerStepAsFarAsAllowed() {
    assertEquals(9, links.size());
    assertArrayEquals(new long[] {2, 3}, walkUp(2, 4));
    assertArrayEquals(new long[] {1, 2, 3}, walkUp(9, 4));
    assertArrayEquals(new long[] {}, walkUp(3, 1, 30, 77));
  }

  @Test
  void downReachesEveryReplyWithinTheSteps() {
    assertArrayEquals(new long[] {2}, walkDown(1, 1));
    assertArrayEquals(new long[] {2, 3, 5}, walkDown(2, 1));
    assertArrayEquals(new long[] {2, 3, 4, 5}, walkDown(9, 1));
    assertArrayEquals(new long[] {}, walkDown(5, 4, 5, 30));
  }

  @Test
  void aSeedIsInTheResultOnlyWhenAnotherSeedReachesIt() {
    assertArrayEquals(new long[] {1, 2, 3}, walkUp(4, 4, 3));
    assertArrayEquals(new long[] {1, 2}, walkUp(4, 3, 5));
  }

  @Test
  void aParentThatIsNoPostIsReachedAndLeadsNoFurther() {
    assertArrayEquals(new long[] {100}, walkUp(5, 9));
    assertArrayEquals(new long[] {9}, walkDown(5, 100));
  }

  @Test
  void aCycleEndsWhenEveryPostWasMet() {
    assertArrayEquals(new long[] {20, 21}, walkUp(1_000, 20));
    assertArrayEquals(new long[] {20, 21}, walkDown(1_000, 21));
  }

  @Test
  void twoIdsSharingAHashKeepBothLinks() {
    assertArrayEquals(new long[] {41, 42}, walkUp(1, 40));
    assertArrayEquals(new long[] {40}, walkDown(1, 42));
  }

  @Test
  void bothDirectionsInOneWalk() {
    assertArrayEquals(new long[] {1, 2, 4}, links.walk(new long[] {3}, 2, new long[] {3}, 1));
  }

  @Test
  void longsCollectsAColumnFromEveryPartition() {
    long[] got = ThreadLinks.longs(SPARK.range(0, 1_000, 1, 4).toDF());
    Arrays.sort(got);
    assertEquals(1_000, got.length);
    assertEquals(999L, got[999]);
  }

  private static long[] walkUp(int steps, long... seeds) {
    return links.walk(seeds, steps, new long[0], 0);
  }

  private static long[] walkDown(int steps, long... seeds) {
    return links.walk(new long[0], 0, seeds, steps);
  }
}
