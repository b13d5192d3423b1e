package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PartsTest {
  /** Returns its thread's name once both parts have started: only parts that run at once return. */
  private static java.util.concurrent.Callable<String> meetingTheOther(CountDownLatch both) {
    return () -> {
      both.countDown();
      return both.await(30, TimeUnit.SECONDS) ? Thread.currentThread().getName() : "alone";
    };
  }

  @Test
  void partsStartedTogetherRunAtOnceOnTheirOwnThreads() {
    CountDownLatch both = new CountDownLatch(2);
    Parts.Part<String> a = Parts.start(true, "a", meetingTheOther(both));
    Parts.Part<String> b = Parts.start(true, "b", meetingTheOther(both));
    Parts.awaitAll(List.of(a, b));
    String main = Thread.currentThread().getName();
    assertEquals(main + "-a", a.result());
    assertEquals(main + "-b", b.result());
  }

  @Test
  void aFailedPartLetsTheOthersEndAndTheFirstFailureInStartOrderIsThrown() {
    IllegalStateException first = new IllegalStateException("first part failed");
    AtomicBoolean lastEnded = new AtomicBoolean();
    CountDownLatch failed = new CountDownLatch(1);
    Parts.Part<Integer> one =
        Parts.start(
            true,
            "one",
            () -> {
              failed.countDown();
              throw first;
            });
    Parts.Part<Integer> two =
        Parts.start(
            true,
            "two",
            () -> {
              throw new IOException("second part failed");
            });
    Parts.Part<Integer> three =
        Parts.start(
            true,
            "three",
            () -> {
              failed.await(30, TimeUnit.SECONDS);
              Thread.sleep(200); // ends well after the failures
              lastEnded.set(true);
              return 3;
            });
    RuntimeException thrown =
        assertThrows(RuntimeException.class, () -> Parts.awaitAll(List.of(one, two, three)));
    assertSame(first, thrown, "the first part's own exception, not a wrapper");
    assertTrue(lastEnded.get(), "every part had ended before the failure was thrown");
    assertEquals(3, three.result());
    RuntimeException checked = assertThrows(RuntimeException.class, two::result);
    assertTrue(checked.getCause() instanceof IOException, checked.toString());
    assertEquals("second part failed", checked.getMessage());
  }

  @Test
  void partsOneAfterTheOtherRunHereAndAFailureStopsTheRest() {
    Parts.Part<String> here = Parts.start(false, "here", () -> Thread.currentThread().getName());
    assertEquals(Thread.currentThread().getName(), here.result());
    AtomicBoolean nextRan = new AtomicBoolean();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              Parts.start(
                  false,
                  "fails",
                  () -> {
                    throw new IllegalArgumentException("bad input");
                  });
              Parts.start(false, "next", () -> nextRan.getAndSet(true));
            });
    assertEquals("bad input", e.getMessage());
    assertFalse(nextRan.get());
  }
}
