package com.brandpulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ingest.format.FormatFixture;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Taking one post or one person out of a raw record that others share, on the platforms that name
 * posts by URI: the post's object goes, the rest of the page stays as it was.
 */
class RawRedactorTest {
  private static final String PAGE =
      "{\"posts\":["
          + "{\"uri\":\"at://did:plc:aaaa/app.bsky.feed.post/3kaaa\",\"cid\":\"c1\",\"author\":{\"did\":\"did:plc:aaaa\","
          + "\"handle\":\"alice.bsky.social\"},\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"my kettle broke\","
          + "\"createdAt\":\"2025-03-01T10:00:00Z\"}},"
          + "{\"uri\":\"at://did:plc:bbbb/app.bsky.feed.post/3kbbb\",\"cid\":\"c2\",\"author\":{\"did\":\"did:plc:bbbb\","
          + "\"handle\":\"bob.bsky.social\"},\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"mine works fine\","
          + "\"createdAt\":\"2025-03-01T11:00:00Z\"}}]}";

  private static RawRedactor redactor(Set<String> handleKeys, Set<String> postIds) {
    return new RawRedactor(
        handleKeys, Set.of(), postIds, FormatFixture.PSEUDONYMS, FormatFixture.SETTINGS);
  }

  @Test
  void aDeletedPostLeavesASharedPageWithItsObject() {
    RawRedactor.Outcome out =
        redactor(Set.of(), Set.of("bluesky:did:plc:aaaa:3kaaa"))
            .redact("document", Formats.BLUESKY_API, PAGE, null, null);
    assertEquals(RawRedactor.Action.REWRITE, out.action());
    assertFalse(out.record().contains("my kettle broke"), out.record());
    assertFalse(out.record().contains("did:plc:aaaa/"), out.record());
    assertTrue(out.record().contains("mine works fine"), out.record());
  }

  @Test
  void anErasedPersonLeavesThePageAndAPageOfOnlyThemGoesWhole() {
    String alice = FormatFixture.handle("bluesky", "alice.bsky.social");
    RawRedactor.Outcome out =
        redactor(Set.of(alice), Set.of()).redact("document", Formats.BLUESKY_API, PAGE, null, null);
    assertEquals(RawRedactor.Action.REWRITE, out.action());
    assertFalse(out.record().contains("alice"), out.record());
    assertTrue(out.record().contains("bob.bsky.social"), out.record());
    String both = FormatFixture.handle("bluesky", "bob.bsky.social");
    assertEquals(
        RawRedactor.Action.DELETE,
        redactor(Set.of(alice, both), Set.of())
            .redact("document", Formats.BLUESKY_API, PAGE, null, null)
            .action());
  }

  @Test
  void aMastodonStatusInAnOutboxItemIsFoundByItsUri() {
    String create =
        "{\"type\":\"Create\",\"id\":\"https://social.example/users/alice/statuses/1/activity\","
            + "\"actor\":\"https://social.example/users/alice\",\"published\":\"2025-03-01T10:00:00Z\","
            + "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],"
            + "\"object\":{\"type\":\"Note\",\"id\":\"https://social.example/users/alice/statuses/1\","
            + "\"attributedTo\":\"https://social.example/users/alice\",\"published\":\"2025-03-01T10:00:00Z\","
            + "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"content\":\"<p>my kettle broke</p>\"}}";
    RawRedactor.Outcome out =
        redactor(Set.of(), Set.of("mastodon:social.example:1"))
            .redact("element", Formats.MASTODON_OUTBOX, create, null, null);
    assertEquals(RawRedactor.Action.DELETE, out.action());
  }
}
