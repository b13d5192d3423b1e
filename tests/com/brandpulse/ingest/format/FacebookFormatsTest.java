package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.PostParser;
import com.brandpulse.ingest.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Facebook formats: the personal export (facebook-export) and Graph API responses
 * (facebook-graph), on inline JSON and on the real files under raw-formats/facebook, without Spark.
 */
class FacebookFormatsTest {
  private static final String REAL_EXPORT =
      "facebook/HunterHillis__FBPostingHabitsAnalysis/your_posts_1.json";
  private static final String GRAPH_DATA =
      "facebook/sns-sdks__python-facebook/testdata/facebook/apidata/";

  /** One export entry: a status update whose text and title carry the export's mojibake. */
  private static final String STATUS =
      """
      {"timestamp": 1471086224,
       "data": [{"post": "Premier league is back \\u00e2\\u009d\\u00a4\\u00ef\\u00b8\\u008f #EPL"}],
       "title": "Jane Ex\\u00c3\\u00a9mple updated her status."}""";

  // -- routing
  // ---------------------------------------------------------------------------------------------------

  @Test
  @Tag("fast")
  void eachShapeIsRoutedToItsFormat() {
    for (String export :
        List.of(
            STATUS,
            "{\"status_updates\": [" + STATUS + "]}",
            "{\"posts_v2\": [" + STATUS + "]}",
            "{\"comments_v2\": [{\"timestamp\": 1, \"data\": []}]}",
            "{\"comments\": [{\"timestamp\": 1, \"data\": [], \"title\": \"x\"}]}",
            "{\"comments_v2\": []}",
            "{\"timestamp\": 1375662123, \"data\": [], \"title\": \"Jane Example recommends The Handlebar.\"}")) {
      assertEquals(Formats.FACEBOOK_EXPORT, family(export), export);
    }
    for (String graph :
        List.of(
            "{\"data\": [], \"paging\": {\"cursors\": {\"before\": \"b\", \"after\": \"a\"}}}",
            "{\"data\": [{\"id\": \"4_1\", \"message\": \"m\", \"created_time\": \"2021-07-04T19:50:58+0000\"}]}",
            "{\"id\": \"4_1\", \"message\": \"m\", \"created_time\": \"2021-07-04T19:50:58+0000\"}",
            "{\"id\": \"4_1\", \"comments\": {\"data\": []}}",
            "{\"data\": [{\"message\": \"m\", \"created_time\": \"2021-08-10T18:45:03+0000\", \"permalink_url\":"
                + " \"https://www.facebook.com/1/posts/2/?comment_id=3\"}]}",
            "{\"error\": {\"message\": \"Invalid OAuth access token.\", \"type\": \"OAuthException\", \"code\": 190,"
                + " \"fbtrace_id\": \"A1\"}}")) {
      assertEquals(Formats.FACEBOOK_GRAPH, family(graph), graph);
    }
    // a Twitter v2 page keeps its format: data with meta is not a Graph page
    assertEquals(Formats.TWITTER_V2, family("{\"data\": [], \"meta\": {}}"));
    assertEquals(
        Formats.UNKNOWN, family("{\"friends_v2\": [{\"name\": \"x\", \"timestamp\": 1}]}"));
  }

  // -- personal export
  // -------------------------------------------------------------------------------------------

  @Test
  @Tag("fast")
  void repairUndoesMojibakeOnlyWhenTheBytesAreUtf8() {
    assertEquals("\u2764\ufe0f", FacebookExport.repair("\u00e2\u009d\u00a4\u00ef\u00b8\u008f"));
    assertEquals("Lmfao\ud83d\ude02", FacebookExport.repair("Lmfao\u00f0\u009f\u0098\u0082"));
    assertEquals("Moldova\u2019s", FacebookExport.repair("Moldova\u00e2\u0080\u0099s"));
    assertEquals(
        "caf\u00e9", FacebookExport.repair("caf\u00e9"), "real Latin-1 text is not UTF-8: kept");
    assertEquals(
        "caf\u00e9 \u2764", FacebookExport.repair("caf\u00e9 \u2764"), "already decoded: kept");
    assertEquals("plain", FacebookExport.repair("plain"));
    assertNull(FacebookExport.repair(null));
  }

  @Test
  @Tag("fast")
  void anExportPostHasAStableIdAndItsOwnersNameReachesNoColumn() {
    Item post = single(FormatFixture.record(STATUS));
    assertEquals(Item.POST, post.kind);
    assertEquals(Formats.FACEBOOK_EXPORT, post.sourceFormat);
    assertEquals(1, post.sourceRank, "an export is a translation: fidelity 1");
    assertEquals(
        "Premier league is back \u2764\ufe0f #EPL",
        post.text,
        "mojibake repaired, title not in text");
    assertEquals(Instant.ofEpochSecond(1471086224), post.createdAt);
    // the title's leading name (repaired) is the pseudonym's input, and nothing else
    assertEquals(FormatFixture.handle("facebook", "Jane Ex\u00e9mple"), post.authorKey);
    assertNull(post.authorIdKey);
    assertEquals(Map.of("entry", "post", "activity", "status"), post.sourceAttributes);
    assertEquals(List.of("epl"), post.hashtags);
    assertTrue(post.postId.matches("facebook:export-1471086224-[0-9a-f]{20}"), post.postId);
    assertEquals(post.postId, post.conversationId);
    assertNoName(List.of(post), "Jane", "Ex\u00e9mple", "mple");
    // the same entry read again, or from an older export's envelope, is the same post
    assertEquals(post.postId, single(FormatFixture.record(STATUS)).postId);
    assertEquals(
        post.postId, single(FormatFixture.record("{\"status_updates\": [" + STATUS + "]}")).postId);
    assertEquals(
        post.postId, single(FormatFixture.record("{\"posts_v2\": [" + STATUS + "]}")).postId);
    assertEquals(
        post.contentHash,
        single(FormatFixture.record("{\"posts_v2\": [" + STATUS + "]}")).contentHash);
    // another text, or another person, in the same second is another post
    assertNotEquals(
        post.postId, single(FormatFixture.record(STATUS.replace("#EPL", "#PL"))).postId);
    assertNotEquals(
        post.postId, single(FormatFixture.record(STATUS.replace("Jane", "John"))).postId);
  }

  @Test
  @Tag("fast")
  void theArchiveOwnerWinsOverTheTitleAndAnEntryWithoutEitherHasNoAuthor() {
    PostParser parser =
        new PostParser(FormatFixture.SETTINGS, FormatFixture.PSEUDONYMS, FormatFixture.NOW);
    Item owned =
        single(parser.parse("element", Formats.FACEBOOK_EXPORT, STATUS, null, "jane.example"));
    assertEquals(FormatFixture.handle("facebook", "jane.example"), owned.authorKey);
    Item untitled =
        single(
            FormatFixture.record(
                "{\"timestamp\": 1484677618, \"attachments\": [], \"data\": [{\"post\": \"Disgusting.\"}]}"));
    assertEquals(Item.POST, untitled.kind);
    assertNull(untitled.authorKey);
    assertEquals(Map.of("entry", "post"), untitled.sourceAttributes);
  }

  @Test
  @Tag("fast")
  void entriesWithoutWordsOfTheirOwnAreNoTextControlsNamingNobody() {
    List<String> entries =
        List.of(
            "{\"timestamp\": 1375662123, \"data\": [], \"title\": \"Jane Example  recommends The Handlebar.\"}",
            "{\"timestamp\": 1471859147, \"attachments\": [], \"data\": [{\"update_timestamp\": 1471859147}]}",
            "{\"timestamp\": 1398184621, \"attachments\": [{\"data\": [{\"name\": \"44 Gulf Beach Highway\"}]}],"
                + " \"data\": [], \"title\": \"Jane Example  doesn't recommend 44 Gulf Beach Highway.\"}",
            // a shared memory whose only text is Facebook's rendering of it, names included
            "{\"timestamp\": 1499368196, \"attachments\": [{\"data\": [{\"text\": \"Jane Example updated her status.\"},"
                + " {\"text\": \"Sunday funday\"}]}], \"data\": [{\"post\": \"  \"}], \"title\": \"Jane Example shared a"
                + " memory.\"}",
            "{\"timestamp\": 1526963151, \"tags\": [{\"name\": \"Olga Sample\"}], \"data\": [],"
                + " \"title\": \"Jane Example was with Olga Sample.\"}");
    for (String entry : entries) {
      Item item = single(FormatFixture.record(entry));
      assertEquals(Item.CONTROL, item.kind, entry);
      assertEquals("no_text", item.controlKind);
      assertEquals("facebook", item.platform);
      assertTrue(item.eventAt.getEpochSecond() > 1_300_000_000L);
      assertNoName(List.of(item), "Jane", "Example", "Olga", "Sample", "Handlebar", "Sunday");
    }
    Item recommendation = single(FormatFixture.record(entries.get(2)));
    assertEquals(
        "facebook export post without text of its own: empty data; activity does_not_recommend;"
            + " attachments name",
        recommendation.detail);
  }

  @Test
  @Tag("fast")
  void aLaterUpdateTimestampIsAnEditOfTheSamePost() {
    String original =
        "{\"timestamp\": 1484677618, \"data\": [{\"post\": \"Disgusting. #Moldova\"},"
            + " {\"update_timestamp\": 1484677618}], \"title\": \"Jane Example updated her status.\"}";
    Item first = single(FormatFixture.record(original));
    Item updated =
        single(
            FormatFixture.record(
                original.replace(
                    "\"update_timestamp\": 1484677618", "\"update_timestamp\": 1484681218")));
    assertEquals(0, first.editRank, "an update at the creation second is no edit");
    assertEquals(first.postId, updated.postId);
    assertEquals(
        3600, updated.editRank, "seconds from creation to the update: the later copy wins");
    assertNotEquals(first.contentHash, updated.contentHash);
  }

  @Test
  @Tag("fast")
  void aBrokenEntryIsQuarantinedAloneAndAHostileTitleDoesNotStallTheParser() {
    List<Item> items =
        FormatFixture.record(
            "{\"posts_v2\": [\"not an entry\", {\"timestamp\": 1471086224,"
                + " \"data\": [{\"post\": 5}]}, {\"data\": [{\"post\": \"no time\"}], \"title\": \"t\"}, "
                + STATUS
                + "]}");
    assertEquals(
        List.of("wrong_type", "wrong_type", "missing_timestamp"),
        items.subList(0, 3).stream().map(i -> i.reasonCode).toList());
    assertEquals(Item.POST, items.get(3).kind);
    String spaces = " ".repeat(200_000);
    Item hostile =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                single(
                    FormatFixture.record(
                        "{\"timestamp\": 1471086224, \"data\": [{\"post\": \"hi\"}], \"title\": \"Jane"
                            + spaces
                            + "x\"}")));
    assertEquals("other", hostile.sourceAttributes.get("activity"));
  }

  /**
   * A comments.json built from the layout published in NorseKode/Waultar-App
   * (documents/parser/content_examples.md, "comments_and_reactions\comments.json"): a comment, a
   * reply with a sticker and no words, a reply with text, with the export's mojibake in names and
   * text. The names are made up.
   */
  private static final String COMMENTS_JSON =
      """
      {
        "comments_v2": [
          {
            "timestamp": 1239798000,
            "data": [{"comment": {"timestamp": 1239798000, "comment": "fedt", "author": "Jane S\\u00c3\\u00b8rensen"}}],
            "title": "Jane S\\u00c3\\u00b8rensen commented on Olga Sample's post."
          },
          {
            "timestamp": 1457387286,
            "attachments": [{"data": [{"media": {"uri": "posts/media/stickers_used/851575_n.png"}}]}],
            "data": [{"comment": {"timestamp": 1457387286, "comment": "", "author": "Jane S\\u00c3\\u00b8rensen"}}],
            "title": "Jane S\\u00c3\\u00b8rensen replied to Tobias L\\u00c3\\u00b8ye's comment."
          },
          {
            "timestamp": 1555607877,
            "data": [{"comment": {"timestamp": 1555607877,
              "comment": "Vi er da meget bedre!!! \\u00f0\\u009f\\u0098\\u0082",
              "author": "Jane S\\u00c3\\u00b8rensen"}}],
            "title": "Jane S\\u00c3\\u00b8rensen replied to Kim Larsen's comment."
          }
        ]
      }
      """;

  @Test
  @Tag("fast")
  void exportCommentsArePostsOfTheirAuthorAndABlankOneIsNoText(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("comments.json"), COMMENTS_JSON);
    FormatFixture.Parsed parsed = FormatFixture.files(file);
    assertEquals(1, parsed.records().size(), "one JSON document");
    assertEquals(Formats.FACEBOOK_EXPORT, parsed.records().get(0).format());
    assertEquals(2, parsed.posts().size());
    assertEquals(1, parsed.controls().size());
    assertEquals(0, parsed.quarantined().size());
    String jane = FormatFixture.handle("facebook", "Jane S\u00f8rensen");
    Item first = parsed.posts().get(0);
    assertEquals("fedt", first.text);
    assertEquals(jane, first.authorKey);
    assertEquals(Map.of("entry", "comment", "activity", "comment"), first.sourceAttributes);
    assertTrue(first.postId.startsWith("facebook:export-1239798000-"));
    Item reply = parsed.posts().get(1);
    assertEquals("Vi er da meget bedre!!! \ud83d\ude02", reply.text);
    assertEquals("reply", reply.sourceAttributes.get("activity"));
    assertNull(
        reply.replyToPostId, "the export names the commented post only by its author's name");
    Item sticker = parsed.controls().get(0);
    assertEquals(
        "facebook export comment without text of its own: a blank comment; activity reply;"
            + " attachments media",
        sticker.detail);
    assertNoName(parsed.items(), "Jane", "S\u00f8rensen", "Olga", "Tobias", "Kim");
    // the older key holds the same entries, and gives the same ids
    Path older =
        Files.writeString(
            dir.resolve("comments-old.json"), COMMENTS_JSON.replace("comments_v2", "comments"));
    assertEquals(parsed.byId().keySet(), FormatFixture.files(older).byId().keySet());
  }

  @Test
  void theRealExportGivesAPostOrANoTextEventForEveryEntry() {
    FormatFixture.Parsed parsed = FormatFixture.files(FormatFixture.raw(REAL_EXPORT));
    assertEquals(124, parsed.records().size());
    assertTrue(parsed.records().stream().allMatch(r -> Formats.FACEBOOK_EXPORT.equals(r.format())));
    assertEquals(0, parsed.quarantined().size());
    // 59 entries carry the owner's words; 17 have empty data and 48 only an update_timestamp
    assertEquals(59, parsed.posts().size());
    assertEquals(65, parsed.controls().size());
    assertTrue(parsed.controls().stream().allMatch(c -> "no_text".equals(c.controlKind)));
    assertEquals(
        17, parsed.controls().stream().filter(c -> c.detail.contains("empty data")).count());
    assertEquals(59, parsed.byId().size(), "no two entries share an id");
    // the 22 posts written with mojibake read as their UTF-8 text
    assertTrue(
        parsed.posts().stream()
            .noneMatch(p -> p.text.matches("(?s).*[\u0080-\u009f\u00c3\u00e2\u00f0].*")));
    assertTrue(
        parsed.byId().values().stream()
            .anyMatch(
                p -> p.text.equals("Finally the premier league is back in action! \u2764\ufe0f")));
    // titled entries give the owner's pseudonym; the name is in no column
    String owner = FormatFixture.handle("facebook", "Hunter Hillis");
    assertEquals(
        Set.of(owner),
        parsed.posts().stream()
            .map(p -> p.authorKey)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet()));
    assertNoName(parsed.items(), "Hunter", "Hillis", "Olga", "Finoghenova");
    assertEquals(
        parsed.byId().keySet(),
        FormatFixture.files(FormatFixture.raw(REAL_EXPORT)).byId().keySet(),
        "ids are the same in every run");
    Item georgetown =
        parsed.posts().stream()
            .filter(p -> "Georgetown".equals(p.placeName))
            .findFirst()
            .orElseThrow();
    assertEquals(38.909444, georgetown.geoLat);
    assertEquals("feeling", georgetown.sourceAttributes.get("activity"));
  }

  // -- Graph API
  // -------------------------------------------------------------------------------------------------

  @Test
  @Tag("fast")
  void graphTimesWithAPlusZeroZeroOffsetParse() {
    assertEquals(
        Instant.parse("2021-07-04T19:50:58Z"), Timestamps.parse("2021-07-04T19:50:58+0000"));
    assertEquals(
        Instant.parse("2021-07-04T17:50:58Z"), Timestamps.parse("2021-07-04T19:50:58+0200"));
  }

  /**
   * A page post with its comments and a reply nested in it, as fields=comments{comments} gives
   * them.
   */
  private static final String POST_WITH_COMMENTS =
      """
      {"id": "19292868552_10158349356748553",
       "from": {"id": "19292868552", "name": "Facebook for Developers"},
       "message": "Thanks Olga Sample for the #F8 talk with Acme Corp",
       "message_tags": [{"id": "100001", "name": "Olga Sample", "type": "user", "offset": 7, "length": 11},
                        {"id": "200002", "name": "Acme Corp", "type": "page", "offset": 41, "length": 9}],
       "created_time": "2021-07-09T19:09:52+0000", "updated_time": "2021-07-09T20:09:52+0000",
       "status_type": "added_photos",
       "shares": {"count": 10},
       "reactions": {"data": [], "summary": {"total_count": 125, "viewer_reaction": "NONE"}},
       "comments": {
         "data": [
           {"id": "10158349356748553_500", "from": {"id": "300003", "name": "Kim Larsen"},
            "message": "Great news", "created_time": "2021-07-09T19:30:00+0000", "like_count": 2, "comment_count": 1,
            "comments": {"data": [
              {"id": "10158349356748553_501", "message": "Thanks Kim Larsen!",
               "message_tags": [{"id": "300003", "name": "Kim Larsen", "type": "user", "offset": 7, "length": 10}],
               "created_time": "2021-07-09T19:45:00+0000", "like_count": 0}]}}
         ],
         "paging": {"cursors": {"before": "b", "after": "a"}},
         "summary": {"order": "chronological", "total_count": 13, "can_comment": true}}}
      """;

  @Test
  @Tag("fast")
  void aGraphPostCarriesItsNestedCommentsAsRepliesInItsConversation() {
    List<Item> items = FormatFixture.record(POST_WITH_COMMENTS);
    assertEquals(3, items.size());
    Item post = items.get(0);
    assertEquals("facebook:19292868552_10158349356748553", post.postId);
    assertEquals(Formats.FACEBOOK_GRAPH, post.sourceFormat);
    assertEquals(2, post.sourceRank);
    assertEquals(
        post.authorIdKey,
        post.authorKey,
        "Graph has no handle: the account id's pseudonym stands in");
    assertEquals(FormatFixture.PSEUDONYMS.accountId("facebook", "19292868552"), post.authorIdKey);
    assertEquals(
        FormatFixture.PSEUDONYMS.accountId("facebook", "19292868552"),
        post.community,
        "the page, keyed");
    String olga = FormatFixture.PSEUDONYMS.accountId("facebook", "100001");
    assertEquals(
        "Thanks @" + olga + " for the #F8 talk with Acme Corp",
        post.text,
        "people masked, pages kept");
    assertEquals(List.of(olga), post.mentionKeys);
    assertEquals(List.of("f8"), post.hashtags);
    assertEquals(125L, post.likeCount);
    assertEquals(10L, post.shareCount);
    assertEquals(13L, post.replyCount);
    assertEquals(3600, post.editRank, "updated_time an hour after creation");
    assertEquals("added_photos", post.sourceAttributes.get("status_type"));

    Item comment = items.get(1);
    assertEquals("facebook:10158349356748553_500", comment.postId);
    assertEquals(post.postId, comment.replyToPostId);
    assertEquals(post.postId, comment.conversationId);
    assertEquals(FormatFixture.PSEUDONYMS.accountId("facebook", "19292868552"), comment.community);
    assertEquals(FormatFixture.PSEUDONYMS.accountId("facebook", "300003"), comment.authorIdKey);
    assertEquals(2L, comment.likeCount);
    assertEquals(1L, comment.replyCount);

    Item reply = items.get(2);
    assertEquals(comment.postId, reply.replyToPostId);
    assertEquals(post.postId, reply.conversationId);
    assertNull(reply.authorIdKey, "no from: no permission to see the author");
    assertEquals("Thanks @" + comment.authorIdKey + "!", reply.text);
    assertNoName(items, "Olga", "Kim", "Larsen", "Facebook for Developers");
  }

  @Test
  @Tag("fast")
  void aCommentsPageNamesItsPostByTheCommentIdsPrefixAndThePagingLink() {
    String page =
        """
        {"data": [
           {"id": "10158407654328553_10158407835073553", "message": "Boa noite", "created_time":
            "2021-08-10T18:45:03+0000", "from": {"id": "7", "name": "A Person"}},
           {"id": "10158407654328553_10158409984103553", "message": "See the help center", "created_time":
            "2021-08-11T23:23:06+0000", "parent": {"id": "10158407654328553_10158407835073553"}}],
         "paging": {"cursors": {"before": "b", "after": "a"}, "next":
           "https://graph.facebook.com/v11.0/19292868552_10158407654328553/comments?limit=10&after=a"}}
        """;
    List<Item> items = FormatFixture.record(page);
    assertEquals(2, items.size());
    assertEquals("facebook:10158407654328553_10158407835073553", items.get(0).postId);
    assertEquals("facebook:19292868552_10158407654328553", items.get(0).replyToPostId);
    assertEquals("facebook:19292868552_10158407654328553", items.get(0).conversationId);
    assertEquals(
        FormatFixture.PSEUDONYMS.accountId("facebook", "19292868552"), items.get(0).community);
    assertEquals(items.get(0).postId, items.get(1).replyToPostId, "parent: a reply to the comment");
    assertEquals("facebook:19292868552_10158407654328553", items.get(1).conversationId);
    // a comment on its own: the prefix alone names the post (without its page)
    Item bare =
        single(
            FormatFixture.record(
                "{\"id\": \"10158407654328553_10158407835073553\", \"message\":"
                    + " \"Boa noite\", \"created_time\": \"2021-08-10T18:45:03+0000\", \"like_count\": 0}"));
    assertEquals("facebook:10158407654328553", bare.replyToPostId);
    assertEquals("facebook:10158407654328553", bare.conversationId);
    assertNull(bare.community);
    // a page of a comment's replies, without parent: the paging link names the comment they answer
    Item replies =
        single(
            FormatFixture.record(
                """
        {"data": [{"id": "10158407654328553_10158409984103553", "message": "See the help center",
                   "created_time": "2021-08-11T23:23:06+0000"}],
         "paging": {"next": "https://graph.facebook.com/v11.0/10158407654328553_10158407835073553/comments?after=a"}}
        """));
    assertEquals("facebook:10158407654328553_10158407835073553", replies.replyToPostId);
    assertEquals("facebook:10158407654328553", replies.conversationId);
  }

  @Test
  @Tag("fast")
  void aGraphPostWithoutMessageIsNoTextAndOnlyUpdatedTimeIsItsTime() {
    Item photo =
        single(
            FormatFixture.record(
                "{\"id\": \"2260975870792283_3038566336366562\", \"story\":"
                    + " \"Olga Sample updated her cover photo.\", \"created_time\": \"2021-07-01T23:58:09+0000\","
                    + " \"updated_time\": \"2021-07-01T23:58:09+0000\"}"));
    assertEquals("no_text", photo.controlKind);
    assertEquals("facebook:2260975870792283_3038566336366562", photo.targetPostId);
    assertEquals("facebook graph post without a message: only a story", photo.detail);
    assertEquals(Instant.parse("2021-07-01T23:58:09Z"), photo.eventAt);
    Item updatedOnly =
        single(
            FormatFixture.record(
                "{\"id\": \"2260975870792283_1\", \"message\": \"hello\","
                    + " \"updated_time\": \"2021-07-09T00:04:28+0000\"}"));
    assertEquals(Instant.parse("2021-07-09T00:04:28Z"), updatedOnly.createdAt);
    assertEquals("updated_time", updatedOnly.sourceAttributes.get("created_time_source"));
    assertEquals(0, updatedOnly.editRank);
    Item error =
        single(
            FormatFixture.record(
                "{\"error\": {\"message\": \"Invalid OAuth access token.\","
                    + " \"type\": \"OAuthException\", \"code\": 190, \"fbtrace_id\": \"A1\"}}"));
    assertEquals("api_error", error.controlKind);
    assertEquals("OAuthException 190: Invalid OAuth access token.", error.detail);
    Item broken =
        single(
            FormatFixture.record(
                "{\"id\": \"4_1\", \"message\": \"m\", \"created_time\": \"yesterday\"}"));
    assertEquals("bad_timestamp", broken.reasonCode);
  }

  @Test
  void theRealGraphFilesGivePostsCommentsAndLinks() {
    FormatFixture.Parsed pages =
        FormatFixture.files(
            FormatFixture.raw(GRAPH_DATA + "posts/feed_fields_p1.json"),
            FormatFixture.raw(GRAPH_DATA + "posts/feeds_default_fields_p1.json"),
            FormatFixture.raw(GRAPH_DATA + "posts/feeds_default_fields_p2.json"));
    assertTrue(pages.records().stream().allMatch(r -> Formats.FACEBOOK_GRAPH.equals(r.format())));
    assertEquals(15, pages.posts().size());
    assertEquals(0, pages.controls().size() + pages.quarantined().size());
    Item ninja = pages.byId().get("facebook:19292868552_10158349356748553");
    assertEquals(Instant.parse("2021-07-09T19:09:52Z"), ninja.createdAt);
    assertEquals(125L, ninja.likeCount);
    assertEquals(10L, ninja.shareCount);
    assertEquals(13L, ninja.replyCount);
    assertEquals(FormatFixture.PSEUDONYMS.accountId("facebook", "19292868552"), ninja.community);

    FormatFixture.Parsed group =
        FormatFixture.files(FormatFixture.raw(GRAPH_DATA + "groups/feed_p1.json"));
    assertEquals(4, group.posts().size());
    assertEquals(
        List.of("facebook:2260975870792283_3038566336366562"),
        group.controls().stream().map(c -> c.targetPostId).toList(),
        "the post without a message");
    assertTrue(
        group.posts().stream()
            .allMatch(
                p ->
                    FormatFixture.PSEUDONYMS
                        .accountId("facebook", "2260975870792283")
                        .equals(p.community)));

    // comments fetched without their id: ids, post and reply targets come from permalink_url
    FormatFixture.Parsed comments =
        FormatFixture.files(
            FormatFixture.raw(GRAPH_DATA + "comments/comments_p1.json"),
            FormatFixture.raw(GRAPH_DATA + "comments/comments_p2.json"));
    assertEquals(15, comments.posts().size());
    assertEquals(0, comments.quarantined().size());
    String post = "facebook:19292868552_10158407654328553";
    assertTrue(comments.posts().stream().allMatch(c -> post.equals(c.conversationId)));
    Item answer = comments.byId().get("facebook:10158407654328553_10158409983033553");
    assertEquals("facebook:10158407654328553_10158407903973553", answer.replyToPostId);
    Item question = comments.byId().get("facebook:10158407654328553_10158407903973553");
    assertEquals(post, question.replyToPostId);
    assertEquals(2L, question.replyCount);
    assertEquals(
        5,
        comments.posts().stream().filter(c -> !post.equals(c.replyToPostId)).count(),
        "five replies");
  }

  // -- helpers
  // ---------------------------------------------------------------------------------------------------

  private static String family(String json) {
    return Formats.family(FormatFixture.json(json));
  }

  private static Item single(List<Item> items) {
    assertEquals(1, items.size(), () -> "items: " + items.size());
    return items.get(0);
  }

  /**
   * No string an item carries (text, detail, attributes, place, ids, keys) holds any of the names.
   */
  private static void assertNoName(List<Item> items, String... names) {
    for (Item i : items) {
      Set<String> values = new HashSet<>();
      Stream.of(
              i.text,
              i.detail,
              i.reason,
              i.postId,
              i.sourceId,
              i.authorKey,
              i.authorIdKey,
              i.community,
              i.placeName,
              i.authorLocation,
              i.conversationId,
              i.replyToPostId,
              i.targetPostId)
          .filter(Objects::nonNull)
          .forEach(values::add);
      if (i.sourceAttributes != null) {
        values.addAll(i.sourceAttributes.keySet());
        values.addAll(i.sourceAttributes.values());
      }
      for (String value : values) {
        for (String name : names) {
          assertFalse(value.contains(name), () -> "'" + name + "' reached an item: " + value);
        }
      }
    }
  }
}
