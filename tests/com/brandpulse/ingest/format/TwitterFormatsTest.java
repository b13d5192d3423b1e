package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Twitter formats on inline JSON, without Spark (their real files are checked in
 * RealFormatsTest).
 */
class TwitterFormatsTest {
  @Test
  void eachShapeIsRoutedToItsFormat() {
    assertEquals(
        Formats.TWITTER_V1,
        Formats.family(FormatFixture.json("{\"delete\":{\"status\":{\"id\":1}}}")));
    assertEquals(
        Formats.TWITTER_ARCHIVE, Formats.family(FormatFixture.json("{\"tweet\":{\"id\":\"1\"}}")));
    assertEquals(
        Formats.TWITTER_V2, Formats.family(FormatFixture.json("{\"data\":[],\"meta\":{}}")));
    assertEquals(
        Formats.GNIP, Formats.family(FormatFixture.json("{\"verb\":\"post\",\"actor\":{}}")));
    assertEquals(
        Formats.REDDIT, Formats.family(FormatFixture.json("{\"subreddit\":\"x\",\"body\":\"y\"}")));
    assertEquals(Formats.UNKNOWN, Formats.family(FormatFixture.json("{\"hello\":1}")));
  }

  @Test
  void v1TweetBecomesAPostWithAPseudonymousAuthor() {
    List<Item> items =
        FormatFixture.record(
            "{\"id_str\":\"1300000000000000000\",\"created_at\":"
                + "\"Mon Aug 31 10:00:00 +0000 2020\",\"text\":\"hello @united &amp; you\",\"lang\":\"en\","
                + "\"user\":{\"id_str\":\"7\",\"screen_name\":\"someone\"}}");
    assertEquals(1, items.size());
    Item post = items.get(0);
    assertEquals(Item.POST, post.kind);
    assertEquals("twitter:1300000000000000000", post.postId);
    assertEquals(FormatFixture.handle("twitter", "someone"), post.authorKey);
    assertEquals("hello @" + FormatFixture.handle("twitter", "united") + " & you", post.text);
    assertNull(post.replyToPostId);
  }

  @Test
  void aBrokenFieldQuarantinesWithItsReason() {
    Item item =
        FormatFixture.record(
                "{\"id\":1.5E17,\"created_at\":\"Mon Sep 07 10:00:00 +0000 2026\","
                    + "\"text\":\"float id\"}")
            .get(0);
    assertEquals(Item.QUARANTINE, item.kind);
    assertEquals("bad_id", item.reasonCode);
  }
}
