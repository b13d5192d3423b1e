package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.gold.CrisisDrivers.Driver;
import com.brandpulse.gold.CrisisDrivers.SignalPost;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one signal's posts say: window counts, drivers and representative posts, on hand-made posts.
 */
@Tag("fast")
class CrisisDriversTest {
  static final CrisisSettings SETTINGS = CrisisSettings.from(TestSpark.config(Path.of("unused")));
  static final Instant WINDOW = Instant.parse("2026-03-18T14:00:00Z");

  static SignalPost post(
      String id, String text, boolean inWindow, long engagement, List<String> categories) {
    Instant at =
        inWindow
            ? WINDOW.plusSeconds(Long.parseLong(id))
            : WINDOW.minusSeconds(86_400 + Long.parseLong(id));
    return new SignalPost(
        id,
        Timestamp.from(at),
        "twitter",
        "a" + id,
        text,
        engagement,
        false,
        inWindow,
        true,
        true,
        text.contains("outage"),
        categories,
        List.of());
  }

  /** 20 baseline posts "flight was fine"; in the window 6 outage posts and 4 ordinary ones. */
  static List<SignalPost> posts() {
    List<SignalPost> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.add(post(Integer.toString(100 + i), "flight was fine " + i, false, 0, List.of()));
    }
    for (int i = 0; i < 6; i++) {
      out.add(
          post(
              Integer.toString(i),
              "app outage again " + i,
              true,
              i == 2 ? 90 : i,
              List.of("Digital / App")));
    }
    for (int i = 6; i < 10; i++) {
      out.add(post(Integer.toString(i), "flight was fine " + i, true, 50, List.of()));
    }
    return out;
  }

  @Test
  void driversAreWhatGrewAgainstTheBaselineMix() {
    CrisisDrivers.Summary s = CrisisDrivers.summarise(posts(), null, SETTINGS);
    assertEquals(10, s.posts());
    assertEquals(10, s.scoredPosts());
    assertEquals(6, s.negativePosts());
    // app and outage: 6 window posts, none of 20 baseline posts: expected 0, lift (6 + 2) / (0 + 2)
    // = 4.
    // flight and fine: 4 in the window against 20 x 10 / 20 = 10 expected: no driver.
    assertEquals(
        List.of(
            new Driver("term", "app", 6, 0.0, 4.0),
            new Driver("term", "outage", 6, 0.0, 4.0),
            new Driver("category", "Digital / App", 6, 0.0, 4.0)),
        s.drivers());
  }

  @Test
  void aCategorySignalIsNotItsOwnDriver() {
    CrisisDrivers.Summary s = CrisisDrivers.summarise(posts(), "Digital / App", SETTINGS);
    assertTrue(
        s.drivers().stream().noneMatch(d -> d.kind().equals("category")), s.drivers().toString());
  }

  @Test
  void representativesAreTheMostEngagedThenTheMostTypical() {
    List<SignalPost> posts = new ArrayList<>(posts());
    // A repost and a repeated text never represent.
    posts.add(
        new SignalPost(
            "77",
            Timestamp.from(WINDOW),
            "twitter",
            "r",
            "RT app outage",
            1000,
            true,
            true,
            true,
            true,
            true,
            List.of(),
            List.of()));
    posts.add(post("78", "app outage again 2", true, 5, List.of()));
    List<CrisisDrivers.Representative> reps =
        CrisisDrivers.summarise(posts, null, SETTINGS).representatives();
    // Engagement 90 (post 2), then ordinary posts at 50 by time (6, 7); then the outage posts,
    // equally typical,
    // by post_id; the ordinary ones hold no driver term.
    assertEquals(
        List.of("2", "6", "7", "0", "1", "3"),
        reps.stream().map(CrisisDrivers.Representative::postId).toList());
    assertEquals(
        List.of(
            "most_engaged",
            "most_engaged",
            "most_engaged",
            "most_typical",
            "most_typical",
            "most_typical"),
        reps.stream().map(CrisisDrivers.Representative::why).toList());
  }
}
