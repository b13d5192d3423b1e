package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reddit API listings ({@code reddit-api}) on inline JSON and on the fixture files in
 * tests/resources/formats/reddit. No shared file has this shape: the fixtures were written field by
 * field from Reddit's published API reference (the JSON wiki's {@code thing}, {@code Listing},
 * {@code t1}, {@code t3} and {@code more} objects), with invented subreddit, people and text. They
 * exercise: the Listing's {@code kind}, {@code data.after}, {@code before}, {@code dist}, {@code
 * modhash} and {@code children}; a {@code t3}'s {@code id}, {@code name}, {@code author} ({@code
 * [deleted]} once), {@code author_fullname}, {@code created_utc}, {@code title} (with an escaped
 * entity), {@code selftext} (empty on a link post, {@code [deleted]} once), {@code score}, {@code
 * ups}, {@code num_comments}, {@code subreddit}, {@code edited} (false and an epoch), {@code
 * is_self}, {@code url} and {@code permalink}; a {@code t1}'s {@code id}, {@code name}, {@code
 * body} ({@code [deleted]} once), {@code parent_id}, {@code link_id}, {@code replies} ("" or a
 * nested Listing), {@code depth}, {@code edited}, {@code is_submitter}, and the user listing's
 * {@code link_title} and {@code num_comments}; and {@code more}'s {@code count}, {@code parent_id}
 * and {@code children}. The post ids are the ones a Pushshift dump gives.
 */
@Tag("fast")
class RedditListingTest {
  private static String rd(String handle) {
    return FormatFixture.handle("reddit", handle);
  }

  private static final String SUBMISSION =
      "{\"id\":\"1j2a7bq\",\"name\":\"t3_1j2a7bq\","
          + "\"subreddit\":\"BrightkettleOwners\","
          + "\"author\":\"quiet_meadow_7\",\"author_fullname\":\"t2_8k2m1x9q\",\"created_utc\":1741082400.0,"
          + "\"title\":\"Lid won't stay shut &amp; pops open\",\"selftext\":\"Descaled it and now the lid pops open.\","
          + "\"score\":27,\"num_comments\":7,\"edited\":1741086000.0,\"is_self\":true}";
  private static final String COMMENT =
      "{\"id\":\"m9x1a01\",\"name\":\"t1_m9x1a01\","
          + "\"subreddit\":\"BrightkettleOwners\","
          + "\"author\":\"kettle_fan_42\",\"author_fullname\":\"t2_1qz8y6cd\",\"created_utc\":1741089900.0,"
          + "\"body\":\"Same here, thanks u/quiet_meadow_7\",\"parent_id\":\"t3_1j2a7bq\",\"link_id\":\"t3_1j2a7bq\","
          + "\"score\":-2,\"edited\":false,\"depth\":0,\"replies\":\"\"}";

  @Test
  void listingsAndBareThingsAreRoutedHere() {
    for (String thing :
        List.of(
            "{\"kind\":\"Listing\",\"data\":{\"children\":[]}}",
            "{\"kind\":\"t1\",\"data\":" + COMMENT + "}",
            "{\"kind\":\"t3\",\"data\":" + SUBMISSION + "}",
            "{\"kind\":\"more\",\"data\":{\"count\":1,\"children\":[\"x\"]}}")) {
      assertEquals(Formats.REDDIT_API, Formats.family(FormatFixture.json(thing)), thing);
    }
    // the same object without its wrapper is a dump line
    assertEquals(Formats.REDDIT, Formats.family(FormatFixture.json(COMMENT)));
  }

  @Test
  void aThingGetsThePostIdAndLinksOfItsPushshiftCopy() {
    Item api = FormatFixture.record("{\"kind\":\"t3\",\"data\":" + SUBMISSION + "}").get(0);
    Item dump = FormatFixture.record(SUBMISSION).get(0);
    assertEquals("reddit:t3_1j2a7bq", api.postId);
    assertEquals(Formats.REDDIT_API, api.sourceFormat);
    assertEquals(Formats.REDDIT, dump.sourceFormat);
    assertEquals(dump.postId, api.postId);
    assertEquals(dump.contentHash, api.contentHash); // the same version, whichever source read it
    assertEquals(
        "Lid won't stay shut & pops open\n\nDescaled it and now the lid pops open.", api.text);
    assertEquals(Instant.parse("2025-03-04T10:00:00Z"), api.createdAt);
    assertEquals(rd("quiet_meadow_7"), api.authorKey);
    assertEquals(FormatFixture.PSEUDONYMS.accountId("reddit", "t2_8k2m1x9q"), api.authorIdKey);
    assertEquals(7L, api.replyCount);
    assertEquals(Map.of("score", "27"), api.sourceAttributes);
    assertEquals("BrightkettleOwners", api.community);
    assertEquals(api.postId, api.conversationId);
    assertEquals(3600, api.editRank); // edited an hour after posting

    Item comment = FormatFixture.record("{\"kind\":\"t1\",\"data\":" + COMMENT + "}").get(0);
    assertEquals("reddit:t1_m9x1a01", comment.postId);
    assertEquals(FormatFixture.record(COMMENT).get(0).postId, comment.postId);
    assertEquals("reddit:t3_1j2a7bq", comment.replyToPostId);
    assertEquals("reddit:t3_1j2a7bq", comment.conversationId);
    assertEquals("Same here, thanks u/" + rd("quiet_meadow_7"), comment.text);
    assertEquals(Map.of("score", "-2"), comment.sourceAttributes);
    assertEquals(0, comment.editRank);
    assertNull(comment.likeCount);
  }

  @Test
  void aCommentTreeIsReadDepthFirstWithItsPlaceholders() {
    String reply =
        "{\"kind\":\"t1\",\"data\":{\"id\":\"m9x1b02\",\"name\":\"t1_m9x1b02\","
            + "\"author\":\"quiet_meadow_7\",\"created_utc\":1741094400.0,\"body\":\"That worked\","
            + "\"parent_id\":\"t1_m9x1a01\",\"link_id\":\"t3_1j2a7bq\","
            + "\"subreddit\":\"BrightkettleOwners\",\"depth\":1,\"replies\":\"\"}}";
    String more =
        "{\"kind\":\"more\",\"data\":{\"count\":2,\"name\":\"t1_m9x1d04\",\"id\":\"m9x1d04\","
            + "\"parent_id\":\"t1_m9x1a01\",\"depth\":1,\"children\":[\"m9x1d04\",\"m9x1e05\"]}}";
    String deleted =
        "{\"kind\":\"t1\",\"data\":{\"id\":\"m9x2f06\",\"name\":\"t1_m9x2f06\",\"author\":\"[deleted]\","
            + "\"created_utc\":1741097000.0,\"body\":\"[deleted]\",\"parent_id\":\"t3_1j2a7bq\",\"link_id\":\"t3_1j2a7bq\","
            + "\"replies\":\"\"}}";
    String top =
        COMMENT.replace(
            "\"replies\":\"\"",
            "\"replies\":{\"kind\":\"Listing\",\"data\":{\"children\":["
                + reply
                + ","
                + more
                + "]}}");
    List<Item> items =
        FormatFixture.record(
            "{\"kind\":\"Listing\",\"data\":{\"after\":null,\"dist\":null,"
                + "\"modhash\":\"\",\"children\":[{\"kind\":\"t1\",\"data\":"
                + top
                + "},"
                + deleted
                + "],\"before\":null}}");
    assertEquals(
        List.of(Item.POST, Item.POST, Item.CONTROL, Item.CONTROL),
        items.stream().map(i -> i.kind).toList());
    assertEquals(
        List.of("reddit:t1_m9x1a01", "reddit:t1_m9x1b02"),
        List.of(items.get(0).postId, items.get(1).postId));
    assertEquals("reddit:t1_m9x1a01", items.get(1).replyToPostId);
    assertEquals("reddit:t3_1j2a7bq", items.get(1).conversationId);
    Item placeholder = items.get(2);
    assertEquals("more_comments", placeholder.controlKind);
    assertEquals("reddit", placeholder.platform);
    assertEquals("reddit:t1_m9x1a01", placeholder.targetPostId);
    assertEquals(
        "2 more comments under t1_m9x1a01 not in the response (2 ids listed)", placeholder.detail);
    assertEquals("delete", items.get(3).controlKind);
    assertEquals("reddit:t1_m9x2f06", items.get(3).targetPostId);
  }

  @Test
  void theEditedFieldRanksVersionsAndADeletedAuthorIsNoOne() {
    Item edited =
        FormatFixture.record(
                "{\"kind\":\"t1\",\"data\":"
                    + COMMENT.replace("\"edited\":false", "\"edited\":1741106400.0")
                    + "}")
            .get(0);
    assertEquals(16500, edited.editRank);
    Item flagged =
        FormatFixture.record(COMMENT.replace("\"edited\":false", "\"edited\":true")).get(0);
    assertEquals(1, flagged.editRank); // edited, time unknown (old dump objects)
    Item gone =
        FormatFixture.record(
                "{\"kind\":\"t3\",\"data\":"
                    + SUBMISSION
                        .replace("\"quiet_meadow_7\"", "\"[deleted]\"")
                        .replace("\"author_fullname\":\"t2_8k2m1x9q\",", "")
                        .replace("Descaled it and now the lid " + "pops open.", "[deleted]")
                    + "}")
            .get(0);
    assertEquals(Item.POST, gone.kind);
    assertNull(gone.authorKey);
    assertNull(gone.authorIdKey);
    assertEquals("Lid won't stay shut & pops open", gone.text);
  }

  @Test
  void aUserListingCommentDoesNotTakeItsSubmissionsCommentCount() {
    Item comment =
        FormatFixture.record(
                "{\"kind\":\"t1\",\"data\":"
                    + COMMENT.replace(
                        "\"depth\":0,",
                        "\"link_title\":\"Lid won't stay shut\",\"num_comments\":9,")
                    + "}")
            .get(0);
    assertNull(comment.replyCount);
  }

  @Test
  void thingsThatAreNoPostsAreSaidSo() {
    List<Item> items =
        FormatFixture.record(
            "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t5\","
                + "\"data\":{\"display_name\":\"BrightkettleOwners\",\"name\":\"t5_3kx9q1\"}}]}}");
    assertEquals(1, items.size());
    assertEquals("not_a_post", items.get(0).controlKind);
    assertEquals(
        List.of(), FormatFixture.record("{\"kind\":\"Listing\",\"data\":{\"children\":[]}}"));
  }

  /**
   * r-new.json: /r/BrightkettleOwners/new.json, one pretty-printed Listing of 3 submissions: a self
   * post edited an hour later (t3_1j2a7bq), a link post with an empty selftext and "&amp;" in its
   * title (t3_1j1f4zt), and one deleted by its author (author and selftext "[deleted]": a post of
   * its title, no author). comments-1j2a7bq.json: /comments/1j2a7bq.json, a JSON array of two
   * Listings: the submission again (score 31, num_comments 9), then the tree: t1_m9x1a01 with
   * replies t1_m9x1b02 (whose reply is t1_m9x1c03) and a "more" of 2; t1_m9x2f06 deleted
   * ("[deleted]" body and author: a delete notice) with a live reply t1_m9x2g07; a top-level "more"
   * of 3. user-comments.json: /user/kettle_fan_42/comments.json on one line: t1_m9x1a01 again,
   * edited since (a higher edit rank, its new text wins), and t1_mb77k21 on the link post. 10 posts
   * read (8 distinct), 3 control events (1 delete, 2 more_comments), every parent among them.
   */
  @Test
  void theFixtureFilesLandWithEveryReplyLinked() {
    FormatFixture.Parsed parsed =
        FormatFixture.files(
            FormatFixture.resource("reddit/r-new.json"),
            FormatFixture.resource("reddit/comments-1j2a7bq.json"),
            FormatFixture.resource("reddit/user-comments.json"));
    assertEquals(
        Set.of(Formats.REDDIT_API),
        Set.copyOf(parsed.records().stream().map(r -> r.format()).toList()));
    assertEquals(1 + 2 + 1, parsed.records().size());
    assertEquals(List.of(), parsed.quarantined());
    assertEquals(3 + 1 + 4 + 2, parsed.posts().size());
    Map<String, Long> controls =
        parsed.controls().stream()
            .collect(Collectors.groupingBy(i -> i.controlKind, Collectors.counting()));
    assertEquals(Map.of("delete", 1L, "more_comments", 2L), controls);
    Map<String, Item> posts = parsed.byId();
    assertEquals(
        Set.of(
            "reddit:t3_1j2a7bq",
            "reddit:t3_1j1f4zt",
            "reddit:t3_1j0c9xk",
            "reddit:t1_m9x1a01",
            "reddit:t1_m9x1b02",
            "reddit:t1_m9x1c03",
            "reddit:t1_m9x2g07",
            "reddit:t1_mb77k21"),
        posts.keySet());
    Set<String> deleted =
        parsed.controls().stream()
            .filter(c -> c.controlKind.equals("delete"))
            .map(c -> c.targetPostId)
            .collect(Collectors.toSet());
    assertEquals(Set.of("reddit:t1_m9x2f06"), deleted);
    for (Item p : posts.values()) {
      assertEquals(PostBuilder.hash(p), p.contentHash, p.postId);
      if (p.replyToPostId != null) {
        assertTrue(
            posts.containsKey(p.replyToPostId) || deleted.contains(p.replyToPostId),
            p.postId + " replies to " + p.replyToPostId);
        assertTrue(posts.containsKey(p.conversationId), p.postId + " in " + p.conversationId);
      }
    }
    assertEquals(
        Set.of("reddit:t3_1j2a7bq", "reddit:t1_m9x1a01"),
        parsed.controls().stream()
            .filter(c -> c.controlKind.equals("more_comments"))
            .map(c -> c.targetPostId)
            .collect(Collectors.toSet()));

    Item self = posts.get("reddit:t3_1j2a7bq");
    assertEquals(
        "Kettle lid won't stay shut after descaling\n\nDescaled with citric acid as the manual says and now "
            + "the lid pops open mid-boil. Anyone fixed this?",
        self.text);
    assertEquals(9L, self.replyCount); // the later file's copy
    assertEquals(3600, self.editRank);
    Item link = posts.get("reddit:t3_1j1f4zt");
    assertEquals("Brightkettle & the 2025 colour range \u2014 first look", link.text);
    assertEquals(rd("brew_notes"), link.authorKey);
    Item gone = posts.get("reddit:t3_1j0c9xk");
    assertEquals("Warranty claim went smoothly", gone.text);
    assertNull(gone.authorKey);

    Item thanks = posts.get("reddit:t1_m9x1b02");
    assertEquals("That worked, thanks u/" + rd("kettle_fan_42") + "!", thanks.text);
    assertEquals(List.of(rd("kettle_fan_42")), thanks.mentionKeys);
    assertEquals(
        "Glad it's sorted! If it slips again, message us & we'll replace the lid.",
        posts.get("reddit:t1_m9x1c03").text);
    assertEquals("reddit:t1_m9x1b02", posts.get("reddit:t1_m9x1c03").replyToPostId);

    // one comment read from the thread and from its author's listing, edited in between: the edit
    // ranks higher
    List<Item> copies =
        parsed.posts().stream().filter(p -> p.postId.equals("reddit:t1_m9x1a01")).toList();
    assertEquals(2, copies.size());
    assertEquals(List.of(0, 16500), copies.stream().map(p -> p.editRank).toList());
    assertTrue(
        posts
            .get("reddit:t1_m9x1a01")
            .text
            .endsWith("(Edit: it is the small spring under the hinge cover.)"));
    assertNull(posts.get("reddit:t1_m9x1a01").replyCount);
    assertEquals("reddit:t3_1j1f4zt", posts.get("reddit:t1_mb77k21").replyToPostId);
  }
}
