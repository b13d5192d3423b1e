package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * YouTube Data API v3 comments ({@code youtube-api}) on inline JSON and on the fixture files in
 * tests/resources/formats/youtube. No shared file has this shape: the fixtures were written field
 * by field from the published API reference (the {@code commentThreads} resource and its {@code
 * commentThreads.list} response, the {@code comments} resource and its {@code comments.list}
 * response), with invented channels, people and text. They exercise: the list envelope ({@code
 * kind}, {@code etag}, {@code nextPageToken}, {@code pageInfo}, {@code items}); a thread's {@code
 * id}, {@code snippet.channelId}, {@code videoId}, {@code topLevelComment}, {@code canReply},
 * {@code totalReplyCount}, {@code isPublic} and {@code replies.comments}; a comment's {@code id}
 * and {@code snippet.authorDisplayName} (an @handle, and a legacy display name that is none),
 * {@code authorProfileImageUrl}, {@code authorChannelUrl}, {@code authorChannelId.value}, {@code
 * channelId}, {@code videoId} (absent on a channel comment), {@code textDisplay} (HTML) with and
 * without {@code textOriginal}, {@code parentId}, {@code canRate}, {@code viewerRating}, {@code
 * likeCount}, {@code publishedAt} and {@code updatedAt} (later on two comments: edits).
 */
@Tag("fast")
class YouTubeCommentsTest {
  private static final String VIDEO = "vBk7qR2mX1s";
  private static final String T1 = "UgwK3vT9pLq2XbN8rFd4AaABAg";

  private static String account(String channelId) {
    return FormatFixture.PSEUDONYMS.accountId("youtube", channelId);
  }

  private static String yt(String handle) {
    return FormatFixture.handle("youtube", handle);
  }

  private static String comment(String id, String snippet) {
    return "{\"kind\":\"youtube#comment\",\"etag\":\"e1\",\"id\":\""
        + id
        + "\",\"snippet\":{"
        + snippet
        + "}}";
  }

  @Test
  void eachResourceKindIsRoutedHere() {
    for (String kind :
        List.of("commentThreadListResponse", "commentListResponse", "commentThread", "comment")) {
      assertEquals(
          Formats.YOUTUBE_API,
          Formats.family(FormatFixture.json("{\"kind\":\"youtube#" + kind + "\"}")));
    }
    // other resources of the API are not comments
    assertEquals(
        Formats.UNKNOWN,
        Formats.family(FormatFixture.json("{\"kind\":\"youtube#videoListResponse\"}")));
  }

  @Test
  void aThreadGivesItsTopLevelCommentAndItsReplies() {
    String top =
        comment(
            T1,
            "\"channelId\":\"UCbrand\",\"videoId\":\""
                + VIDEO
                + "\","
                + "\"textDisplay\":\"Stopped heating &amp; no answer.<br>Anyone else?\","
                + "\"textOriginal\":\"Stopped heating & no answer.\\nAnyone else?\","
                + "\"authorDisplayName\":\"@kettle.owner-88\",\"authorProfileImageUrl\":\"https://yt3.ggpht.com/x\","
                + "\"authorChannelUrl\":\"http://www.youtube.com/@kettle.owner-88\","
                + "\"authorChannelId\":{\"value\":\"UCowner\"},"
                + "\"canRate\":true,\"viewerRating\":\"none\",\"likeCount\":14,"
                + "\"publishedAt\":\"2025-03-04T09:15:00Z\",\"updatedAt\":\"2025-03-04T09:15:00Z\"");
    String reply =
        comment(
            T1 + ".A1bC",
            "\"channelId\":\"UCbrand\",\"videoId\":\""
                + VIDEO
                + "\","
                + "\"textDisplay\":\"<a href=\\\"http://www.youtube.com/@kettle.owner-88\\\">@kettle.owner-88</a> same\","
                + "\"textOriginal\":\"@kettle.owner-88 same. Edit: thermostat\",\"parentId\":\""
                + T1
                + "\","
                + "\"authorDisplayName\":\"@morning_brew_club\",\"authorChannelId\":{\"value\":\"UCmorning\"},"
                + "\"likeCount\":1,\"publishedAt\":\"2025-03-05T08:00:00Z\",\"updatedAt\":\"2025-03-05T08:20:00Z\"");
    List<Item> items =
        FormatFixture.record(
            "{\"kind\":\"youtube#commentThread\",\"etag\":\"e0\",\"id\":\""
                + T1
                + "\",\"snippet\":{\"channelId\":\"UCbrand\",\"videoId\":\""
                + VIDEO
                + "\",\"topLevelComment\":"
                + top
                + ",\"canReply\":true,\"totalReplyCount\":3,\"isPublic\":true},\"replies\":{\"comments\":["
                + reply
                + "]}}");
    assertEquals(2, items.size()); // 3 replies counted, 1 delivered: the API's subset, no error
    Item first = items.get(0);
    assertEquals(Item.POST, first.kind);
    assertEquals("youtube:" + T1, first.postId);
    assertEquals(T1, first.sourceId);
    assertEquals("youtube", first.platform);
    assertEquals(Formats.YOUTUBE_API, first.sourceFormat);
    assertEquals(2, first.sourceRank);
    assertEquals(Instant.parse("2025-03-04T09:15:00Z"), first.createdAt);
    assertEquals(
        "Stopped heating & no answer.\nAnyone else?", first.text); // textOriginal, not the HTML
    assertEquals(yt("kettle.owner-88"), first.authorKey);
    assertEquals(account("UCowner"), first.authorIdKey);
    assertEquals(14L, first.likeCount);
    assertEquals(3L, first.replyCount);
    assertEquals(
        PostBuilder.hash(first), first.contentHash); // the reply count is part of the version
    assertEquals(VIDEO, first.community);
    assertNull(first.replyToPostId);
    assertEquals(first.postId, first.conversationId);
    assertEquals(0, first.editRank);

    Item second = items.get(1);
    assertEquals("youtube:" + T1 + ".A1bC", second.postId);
    assertEquals("youtube:" + T1, second.replyToPostId);
    assertEquals("youtube:" + T1, second.conversationId);
    assertEquals(yt("kettle.owner-88"), second.replyToAuthorKey);
    assertEquals(yt("morning_brew_club"), second.authorKey);
    // a handle with dots and hyphens is masked whole, as the same person as the author above
    assertEquals("@" + yt("kettle.owner-88") + " same. Edit: thermostat", second.text);
    assertEquals(List.of(yt("kettle.owner-88")), second.mentionKeys);
    assertEquals(1L, second.likeCount);
    assertNull(second.replyCount);
    assertEquals(20 * 60, second.editRank); // updatedAt 20 minutes after publishedAt: an edit
  }

  @Test
  void htmlTextDisplayIsReadWhenThereIsNoTextOriginal() {
    Item post =
        FormatFixture.record(
                comment(
                    "UgzR8",
                    "\"videoId\":\""
                        + VIDEO
                        + "\",\"textDisplay\":"
                        + "\"Great review! At <a href=\\\"https://www.youtube.com/watch?v="
                        + VIDEO
                        + "&amp;t=95\\\">1:35</a> the lid."
                        + "<br><br>Would buy again &lt;3\",\"authorDisplayName\":\"Dana from Leeds\","
                        + "\"authorChannelId\":{\"value\":\"UCdana\"},\"publishedAt\":\"2025-03-04T20:41:07Z\""))
            .get(0);
    assertEquals("Great review! At 1:35 the lid.\n\nWould buy again <3", post.text);
    // a display name that is no @handle never becomes an author handle; the channel id still
    // identifies
    assertNull(post.authorKey);
    assertEquals(account("UCdana"), post.authorIdKey);
    assertFalse(post.text.contains("Dana"));
  }

  @Test
  void aStrayByteOrderMarkIsDroppedAndAChannelCommentBelongsToTheChannel() {
    Item post =
        FormatFixture.record(
                comment(
                    "UgxH2",
                    "\"channelId\":\"UCbrand\","
                        + "\"textOriginal\":\"\\ufeffLove the new colours\",\"textDisplay\":\"\\ufeffLove the new colours\","
                        + "\"authorDisplayName\":\"@tea_time_tess\",\"publishedAt\":\"2025-03-01T07:30:00Z\""))
            .get(0);
    assertEquals("Love the new colours", post.text);
    assertEquals("UCbrand", post.community);
  }

  @Test
  void aCommentsListReplyLinksThroughItsParentIdOrItsOwnId() {
    List<Item> items =
        FormatFixture.record(
            "{\"kind\":\"youtube#commentListResponse\",\"etag\":\"e\","
                + "\"pageInfo\":{\"totalResults\":2,\"resultsPerPage\":20},\"items\":["
                + comment(
                    T1 + ".X1",
                    "\"videoId\":\""
                        + VIDEO
                        + "\",\"parentId\":\""
                        + T1
                        + "\",\"textOriginal\":\"one\","
                        + "\"publishedAt\":\"2025-03-06T10:00:00Z\"")
                + ","
                + comment(
                    T1 + ".X2",
                    "\"videoId\":\""
                        + VIDEO
                        + "\",\"textOriginal\":\"two\","
                        + "\"publishedAt\":\"2025-03-06T11:00:00Z\"")
                + "]}");
    assertEquals(2, items.size());
    for (Item reply : items) {
      assertEquals("youtube:" + T1, reply.replyToPostId, reply.postId);
      assertEquals("youtube:" + T1, reply.conversationId);
      assertNull(reply.replyToAuthorKey); // the top-level comment is not in this response
    }
  }

  @Test
  void aBrokenCommentIsQuarantinedAloneAndAThreadWithoutSnippetIsSaidSo() {
    List<Item> items =
        FormatFixture.record(
            "{\"kind\":\"youtube#commentThread\",\"id\":\""
                + T1
                + "\",\"snippet\":{"
                + "\"videoId\":\""
                + VIDEO
                + "\",\"topLevelComment\":"
                + comment(
                    T1, "\"textOriginal\":\"fine\"," + "\"publishedAt\":\"2025-03-04T09:15:00Z\"")
                + ",\"totalReplyCount\":1},\"replies\":{\"comments\":["
                + comment(T1 + ".B", "\"textOriginal\":\"when?\"")
                + "]}}");
    assertEquals(List.of(Item.POST, Item.QUARANTINE), items.stream().map(i -> i.kind).toList());
    assertEquals("missing_timestamp", items.get(1).reasonCode);
    Item idOnly =
        FormatFixture.record(
                "{\"kind\":\"youtube#commentThread\",\"etag\":\"e\",\"id\":\"" + T1 + "\"}")
            .get(0);
    assertEquals("missing_text", idOnly.reasonCode);
  }

  /**
   * commentThreads-list.json: a commentThreads.list page of 3 threads on one video and one channel.
   * Thread 1 (top comment @kettle.owner-88, totalReplyCount 3) carries 2 replies: the brand's
   * (@brightkettle) and an edited one (@morning_brew_club, updatedAt 20 minutes later); thread 2
   * has only HTML textDisplay and a legacy display name; thread 3 is a channel comment (no videoId)
   * whose textOriginal starts with a stray U+FEFF, with 1 reply. comments-list.json: the
   * comments.list page of thread 1's replies, all 3 (2 already seen, 1 new).
   * commentThreads-items.json: a JSON array of 2 thread items on a second video (one edited top
   * comment with a reply). 12 posts read, 10 distinct, every reply's parent among them.
   */
  @Test
  void theFixtureFilesLandWithEveryReplyLinked() {
    FormatFixture.Parsed parsed =
        FormatFixture.files(
            FormatFixture.resource("youtube/commentThreads-list.json"),
            FormatFixture.resource("youtube/comments-list.json"),
            FormatFixture.resource("youtube/commentThreads-items.json"));
    assertEquals(
        Set.of(Formats.YOUTUBE_API),
        Set.copyOf(parsed.records().stream().map(r -> r.format()).toList()));
    assertEquals(1 + 1 + 2, parsed.records().size()); // two documents, then each array element
    assertEquals(List.of(), parsed.quarantined());
    assertEquals(List.of(), parsed.controls());
    assertEquals(6 + 3 + 3, parsed.posts().size());
    Map<String, Item> posts = parsed.byId();
    assertEquals(10, posts.size());
    for (Item p : posts.values()) {
      if (p.replyToPostId != null) {
        assertTrue(posts.containsKey(p.replyToPostId), p.postId + " replies to " + p.replyToPostId);
        assertEquals(p.replyToPostId, p.conversationId);
      }
      assertFalse(p.text.contains("\uFEFF"), p.postId);
      assertEquals(PostBuilder.hash(p), p.contentHash, p.postId);
    }

    Item top = posts.get("youtube:" + T1);
    assertEquals(
        "My Brightkettle stopped heating after two weeks & support hasn't answered.\nAnyone else?",
        top.text);
    assertEquals(3L, top.replyCount);
    assertEquals(
        3, posts.values().stream().filter(p -> ("youtube:" + T1).equals(p.replyToPostId)).count());
    Item brand = posts.get("youtube:" + T1 + ".A1bC2dE3fG4hI5jK6lM7nO");
    assertEquals(yt("brightkettle"), brand.authorKey);
    assertEquals(account("UCq8Zt0dWm4nE5xYb2LcHr7A"), brand.authorIdKey);
    assertEquals(
        "Sorry to hear that! Please send us your order number and we'll sort it out.", brand.text);
    assertEquals(1200, posts.get("youtube:" + T1 + ".A1bC2dE9xY8wV7uT6sR5qP").editRank);
    assertEquals(
        yt("quiet.meadow"), posts.get("youtube:" + T1 + ".A1bD7hJ2kL9mN4pQ6rS8tU").authorKey);

    Item html = posts.get("youtube:UgzR8sT1uV4wX7yZ0aB3cD6eAaABAg");
    assertEquals(
        "Great review! At 1:35 you can see the lid issue.\n\nWould still buy again <3", html.text);
    assertNull(html.authorKey);
    assertEquals(0L, html.replyCount);

    Item channel = posts.get("youtube:UgxH2jK5lM8nP1qR4sT7uV0wAaABAg");
    assertEquals("Love the new colours this season", channel.text);
    assertEquals("UCq8Zt0dWm4nE5xYb2LcHr7A", channel.community);
    assertEquals(
        "UCq8Zt0dWm4nE5xYb2LcHr7A",
        posts.get("youtube:UgxH2jK5lM8nP1qR4sT7uV0wAaABAg.9zYxWvUtSrQpOnMlKjIhGf").community);

    // the same person across files and threads has one pseudonym
    Item update = posts.get("youtube:Ugy5tR6eW7qA8sD9fG0hJ1kLAaABAg");
    assertEquals(top.authorKey, update.authorKey);
    assertEquals("Zq4Lw9Ne3Ty", update.community);
    assertEquals(
        "Update: the replacement kettle works. Manual is at https://example.com/brightkettle/manual.pdf",
        update.text);
    assertEquals(30 * 60, posts.get("youtube:UgwZ1xC2vB3nM4aS5dF6gH7jAaABAg").editRank);
    Item eco = posts.get("youtube:UgwZ1xC2vB3nM4aS5dF6gH7jAaABAg.AB12cd34EF56gh78IJ90kl");
    assertEquals("@" + yt("morning_brew_club") + " try the eco mode, it's quieter.", eco.text);
    assertEquals(yt("morning_brew_club"), eco.replyToAuthorKey);
  }
}
