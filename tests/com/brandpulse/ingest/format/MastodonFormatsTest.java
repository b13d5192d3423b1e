package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Mastodon formats: an account archive's outbox (ActivityPub) and the REST API's statuses, on
 * inline JSON and on the real files under raw-formats/mastodon. The point of most cases is
 * identity: one status read from an outbox and from any server's API is one post by one person.
 */
class MastodonFormatsTest {
  private static final String PUBLIC =
      "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],"
          + "\"cc\":[\"https://social.example/users/alice/followers\"]";

  /**
   * Alice's status 1001 on social.example, as her account archive holds it (edited, with a
   * hashtag).
   */
  private static final String OUTBOX_NOTE =
      "{\"id\":\"https://social.example/users/alice/statuses/1001/activity\","
          + "\"type\":\"Create\",\"actor\":\"https://social.example/users/alice\",\"published\":\"2024-03-01T10:00:00Z\","
          + PUBLIC
          + ",\"object\":{\"id\":\"https://social.example/users/alice/statuses/1001\",\"type\":\"Note\","
          + "\"summary\":null,\"inReplyTo\":\"https://other.example/users/bob/statuses/77\","
          + "\"published\":\"2024-03-01T10:00:00Z\",\"updated\":\"2024-03-01T10:05:00Z\","
          + "\"url\":\"https://social.example/@alice/1001\",\"attributedTo\":\"https://social.example/users/alice\","
          + PUBLIC
          + ",\"content\":\"<p><span class=\\\"h-card\\\"><a href=\\\"https://other.example/@bob\\\" "
          + "class=\\\"u-url mention\\\">@<span>bob</span></a></span> I love my new <a href=\\\"https://social.example/"
          + "tags/Acme\\\" class=\\\"mention hashtag\\\" rel=\\\"tag\\\">#<span>Acme</span></a> kettle</p>\","
          + "\"contentMap\":{\"en\":\"<p>same</p>\"},\"attachment\":[],"
          + "\"tag\":[{\"type\":\"Mention\",\"href\":\"https://other.example/users/bob\",\"name\":\"@bob@other.example\"},"
          + "{\"type\":\"Hashtag\",\"href\":\"https://social.example/tags/acme\",\"name\":\"#Acme\"}]}}";

  /** The same status as third.example's API shows it: its own local ids, Alice and Bob remote. */
  private static final String REST_REMOTE =
      "{\"id\":\"555\",\"created_at\":\"2024-03-01T10:00:00.000Z\","
          + "\"edited_at\":\"2024-03-01T10:05:00.000Z\",\"in_reply_to_id\":\"444\",\"in_reply_to_account_id\":\"9\","
          + "\"sensitive\":false,\"spoiler_text\":\"\",\"visibility\":\"public\",\"language\":\"en\","
          + "\"uri\":\"https://social.example/users/alice/statuses/1001\",\"url\":\"https://social.example/@alice/1001\","
          + "\"replies_count\":2,\"reblogs_count\":3,\"favourites_count\":5,"
          + "\"content\":\"<p><span class=\\\"h-card\\\"><a href=\\\"https://other.example/@bob\\\" "
          + "class=\\\"u-url mention\\\">@<span>bob</span></a></span> I love my new <a href=\\\"https://social.example/"
          + "tags/Acme\\\" class=\\\"mention hashtag\\\" rel=\\\"tag\\\">#<span>Acme</span></a> kettle</p>\","
          + "\"reblog\":null,\"account\":{\"id\":\"3\",\"username\":\"alice\",\"acct\":\"alice@social.example\","
          + "\"url\":\"https://social.example/@alice\",\"followers_count\":40},"
          + "\"media_attachments\":[],\"mentions\":[{\"id\":\"9\",\"username\":\"bob\",\"url\":\"https://other.example/@bob\","
          + "\"acct\":\"bob@other.example\"}],\"tags\":[{\"name\":\"acme\",\"url\":\"https://third.example/tags/acme\"}]}";

  private static Item only(List<Item> items) {
    assertEquals(
        1,
        items.size(),
        () -> items.stream().map(i -> i.kind + " " + i.reason).toList().toString());
    return items.get(0);
  }

  private static String handle(String handle) {
    return FormatFixture.handle("mastodon", handle);
  }

  private static String accountKey(String id) {
    return FormatFixture.PSEUDONYMS.accountId("mastodon", id);
  }

  @Test
  @Tag("fast")
  void eachShapeIsRoutedToItsFormat() {
    for (String outbox :
        List.of(
            "{\"type\":\"OrderedCollection\",\"orderedItems\":[]}",
            "{\"type\":\"OrderedCollectionPage\",\"orderedItems\":[]}",
            OUTBOX_NOTE,
            "{\"type\":\"Announce\",\"actor\":\"https://a.example/users/x\",\"object\":\"https://b.example/users/y/statuses/1\"}",
            "{\"type\":\"Delete\",\"actor\":\"https://a.example/users/x\",\"object\":\"https://a.example/users/x/statuses/1\"}",
            "{\"type\":\"Note\",\"id\":\"https://a.example/users/x/statuses/1\",\"attributedTo\":\"x\",\"content\":\"hi\"}")) {
      assertEquals(Formats.MASTODON_OUTBOX, Formats.family(FormatFixture.json(outbox)), outbox);
    }
    for (String api :
        List.of(
            REST_REMOTE,
            "{\"event\":\"delete\",\"payload\":\"106\"}",
            "{\"ancestors\":[],\"descendants\":[]}",
            "{\"id\":\"1\",\"type\":\"follow\",\"created_at\":\"2024-03-01T10:00:00Z\",\"account\":{\"id\":\"2\"}}")) {
      assertEquals(Formats.MASTODON_API, Formats.family(FormatFixture.json(api)), api);
    }
    // the other formats keep their records
    assertEquals(
        Formats.GNIP, Formats.family(FormatFixture.json("{\"verb\":\"post\",\"actor\":{}}")));
    assertEquals(
        Formats.TWITTER_V1,
        Formats.family(
            FormatFixture.json(
                "{\"id_str\":\"1\",\"text\":\"hi\",\"user\":{\"screen_name\":\"x\"}}")));
    assertEquals(
        Formats.TWITTER_V1,
        Formats.family(FormatFixture.json("{\"statuses\":[],\"search_metadata\":{}}")));
  }

  @Test
  @Tag("fast")
  void statusUrisNameTheOriginServerAndItsId() {
    assertEquals(
        "social.example:1001",
        Mastodon.originId("https://social.example/users/alice/statuses/1001"));
    assertEquals(
        "social.example:1001",
        Mastodon.originId("https://Social.Example/users/alice/statuses/1001/activity"));
    assertEquals("social.example:1001", Mastodon.originId("https://social.example/@alice/1001"));
    assertEquals(
        "mstdn.jp:172429",
        Mastodon.originId("tag:mstdn.jp,2017-04-14:objectId=172429:objectType=Status"));
    assertEquals(
        "misskey.example:9abcdef", Mastodon.originId("https://misskey.example/notes/9abcdef"));
    assertEquals(
        "friendica.me:78ea265d-5163-7c58-b202-50e708612080",
        Mastodon.originId("https://friendica.me/objects/78ea265d-5163-7c58-b202-50e708612080"));
    assertEquals("pixelfed.example:123", Mastodon.originId("https://pixelfed.example/p/carol/123"));
    // Lemmy numbers posts and comments apart: the same number is two posts
    assertEquals("lemmy.example:post-5", Mastodon.originId("https://lemmy.example/post/5"));
    assertEquals("lemmy.example:comment-5", Mastodon.originId("https://lemmy.example/comment/5"));
    // no usable last segment: a stable hash, never a user name in the id
    String odd = Mastodon.originId("https://blog.example/?p=12");
    assertTrue(odd.matches("blog\\.example:h[0-9a-f]{20}"), odd);
    assertEquals(odd, Mastodon.originId("https://blog.example/?p=12"));
    assertNull(Mastodon.originId("not a uri"));
  }

  @Test
  @Tag("fast")
  void oneStatusFromTheOutboxAndFromAnotherServersApiIsOnePostByOnePerson() {
    Item archived = only(FormatFixture.record(OUTBOX_NOTE));
    Item api = only(FormatFixture.record(REST_REMOTE));
    for (Item post : List.of(archived, api)) {
      assertEquals(Item.POST, post.kind, post.reason);
      assertEquals("mastodon:social.example:1001", post.postId);
      assertEquals(handle("alice@social.example"), post.authorKey);
      assertEquals(accountKey("https://social.example/users/alice"), post.authorIdKey);
      assertEquals("@" + handle("bob@other.example") + " I love my new #Acme kettle", post.text);
      assertEquals(List.of(handle("bob@other.example")), post.mentionKeys);
      assertEquals(List.of("acme"), post.hashtags);
      assertEquals("en", post.lang);
      assertEquals(300, post.editRank); // edited five minutes after posting, in both sources
      assertEquals(handle("bob@other.example"), post.replyToAuthorKey);
    }
    assertEquals(Formats.MASTODON_OUTBOX, archived.sourceFormat);
    assertEquals(1, archived.sourceRank);
    assertEquals(2, api.sourceRank);
    // the outbox names the parent by its URI
    assertEquals("mastodon:other.example:77", archived.replyToPostId);
    // third.example's 444 is its own id of Bob's remote status: its origin id is not known, so no
    // link is made
    assertNull(api.replyToPostId);
    assertNull(api.conversationId);
    assertEquals("third.example:444", api.sourceAttributes.get("in_reply_to_id"));
    assertEquals(5L, api.likeCount);
    assertEquals(3L, api.shareCount);
    assertEquals(2L, api.replyCount);
    assertEquals(40L, api.authorFollowers);
  }

  @Test
  @Tag("fast")
  void aReplyToALocalAccountIsResolvedOnTheAnsweringServer() {
    // on social.example, Alice (local) answers Dave (local): a local status's id is its origin id
    String reply =
        "{\"id\":\"1002\",\"created_at\":\"2024-03-01T11:00:00Z\",\"in_reply_to_id\":\"999\","
            + "\"in_reply_to_account_id\":\"4\",\"visibility\":\"unlisted\",\"spoiler_text\":\"\",\"content\":\"<p>yes</p>\","
            + "\"uri\":\"https://social.example/users/alice/statuses/1002\",\"account\":{\"id\":\"3\",\"username\":\"alice\","
            + "\"acct\":\"alice\",\"url\":\"https://social.example/@alice\"},\"mentions\":[{\"id\":\"4\",\"username\":\"dave\","
            + "\"acct\":\"dave\",\"url\":\"https://social.example/@dave\"}],\"tags\":[]}";
    Item post = only(FormatFixture.record(reply));
    assertEquals("mastodon:social.example:999", post.replyToPostId);
    assertEquals(handle("dave@social.example"), post.replyToAuthorKey);
    assertEquals(
        handle("alice@social.example"),
        post.authorKey); // local acct "alice" qualified with its host
    assertEquals("unlisted", post.sourceAttributes.get("visibility"));
    assertNull(post.conversationId); // the parent's thread, not known here

    // a thread's context: the parent is in the same record, whatever server it came from
    String context =
        "{\"ancestors\":[{\"id\":\"50\",\"created_at\":\"2024-03-01T09:00:00Z\",\"content\":\"<p>q?</p>\","
            + "\"uri\":\"https://far.example/users/erin/statuses/8\",\"account\":{\"id\":\"7\",\"username\":\"erin\","
            + "\"acct\":\"erin@far.example\",\"url\":\"https://far.example/@erin\"}}],\"descendants\":[{\"id\":\"51\","
            + "\"created_at\":\"2024-03-01T09:30:00Z\",\"in_reply_to_id\":\"50\",\"in_reply_to_account_id\":\"7\","
            + "\"content\":\"<p>a.</p>\",\"uri\":\"https://near.example/users/finn/statuses/3\",\"account\":{\"id\":\"8\","
            + "\"username\":\"finn\",\"acct\":\"finn@near.example\",\"url\":\"https://near.example/@finn\"}}]}";
    List<Item> thread = FormatFixture.record(context);
    assertEquals(2, thread.size());
    assertEquals("mastodon:far.example:8", thread.get(0).postId);
    assertEquals("mastodon:far.example:8", thread.get(1).replyToPostId);
    assertEquals(handle("erin@far.example"), thread.get(1).replyToAuthorKey);
  }

  @Test
  @Tag("fast")
  void aBoostIsARepostByTheBoosterAndTheBoostedStatus() {
    // a server that repeats the boosted text in the wrapper: the reblog's text is what counts
    String boost =
        "{\"id\":\"2000\",\"created_at\":\"2024-03-02T08:00:00.000Z\",\"in_reply_to_id\":null,"
            + "\"uri\":\"https://third.example/users/carol/statuses/2000/activity\",\"url\":null,\"visibility\":\"public\","
            + "\"content\":\"<p>RT: stale copy</p>\",\"spoiler_text\":\"\",\"favourites_count\":0,\"reblogs_count\":0,"
            + "\"account\":{\"id\":\"5\",\"username\":\"carol\",\"acct\":\"carol\",\"url\":\"https://third.example/@carol\"},"
            + "\"reblog\":"
            + REST_REMOTE
            + "}";
    List<Item> items = FormatFixture.record(boost);
    assertEquals(2, items.size());
    Item repost = items.get(0);
    Item original = items.get(1);
    assertEquals("mastodon:third.example:2000", repost.postId);
    assertEquals(handle("carol@third.example"), repost.authorKey);
    assertEquals("mastodon:social.example:1001", repost.repostOf);
    assertTrue(repost.isRepost);
    assertEquals(
        "RT @"
            + handle("alice@social.example")
            + ": @"
            + handle("bob@other.example")
            + " I love my new #Acme kettle",
        repost.text);
    assertEquals(
        original.authorKey, repost.mentionKeys.get(0)); // erasing Alice finds her reposted words
    assertEquals("mastodon:social.example:1001", original.postId);
    assertFalse(original.isRepost);
    // carol is local: third.example answered, and Bob, the parent's author, is remote there
    assertNull(original.replyToPostId);
    assertEquals("third.example:444", original.sourceAttributes.get("in_reply_to_id"));

    // the outbox's boost of an address: a repost control naming the status
    Item control =
        only(
            FormatFixture.record(
                "{\"id\":\"https://third.example/users/carol/statuses/2000/activity\","
                    + "\"type\":\"Announce\",\"actor\":\"https://third.example/users/carol\",\"published\":\"2024-03-02T08:00:00Z\","
                    + PUBLIC
                    + ",\"object\":\"https://social.example/users/alice/statuses/1001\"}"));
    assertEquals(Item.CONTROL, control.kind);
    assertEquals("repost", control.controlKind);
    assertEquals("mastodon:social.example:1001", control.targetPostId);

    // an outbox boost with the status embedded: the same two posts as the API's
    String embedded =
        "{\"id\":\"https://third.example/users/carol/statuses/2000/activity\",\"type\":\"Announce\","
            + "\"actor\":\"https://third.example/users/carol\",\"published\":\"2024-03-02T08:00:00Z\","
            + PUBLIC
            + ",\"object\":"
            + FormatFixture.json(OUTBOX_NOTE).get("object")
            + "}";
    List<Item> fromOutbox = FormatFixture.record(embedded);
    assertEquals(2, fromOutbox.size());
    assertEquals(repost.postId, fromOutbox.get(0).postId);
    assertEquals(repost.text, fromOutbox.get(0).text);
    assertEquals(repost.repostOf, fromOutbox.get(0).repostOf);
    assertEquals(repost.authorIdKey, fromOutbox.get(0).authorIdKey);
    assertEquals(original.postId, fromOutbox.get(1).postId);
  }

  @Test
  @Tag("fast")
  void deletesContentWarningsLanguagesAndEdits() {
    List<Item> deletes =
        FormatFixture.record(
            "{\"type\":\"OrderedCollection\",\"orderedItems\":["
                + "{\"type\":\"Delete\",\"actor\":\"https://social.example/users/alice\",\"published\":\"2024-03-03T00:00:00Z\","
                + "\"object\":\"https://social.example/users/alice/statuses/1001\"},"
                + "{\"type\":\"Delete\",\"actor\":\"https://social.example/users/alice\",\"object\":{\"type\":\"Tombstone\","
                + "\"id\":\"https://social.example/users/alice/statuses/1002\"}}]}");
    assertEquals(List.of("delete", "delete"), deletes.stream().map(i -> i.controlKind).toList());
    assertEquals(
        List.of("mastodon:social.example:1001", "mastodon:social.example:1002"),
        deletes.stream().map(i -> i.targetPostId).toList());

    // an account deleting itself: the notice that removes all of an account's posts
    Item gone =
        only(
            FormatFixture.record(
                "{\"type\":\"Delete\",\"actor\":\"https://social.example/users/alice\","
                    + "\"object\":\"https://social.example/users/alice\"}"));
    assertEquals("compliance", gone.controlKind);
    assertEquals(accountKey("https://social.example/users/alice"), gone.targetAuthorIdKey);
    assertNull(gone.targetPostId);

    // a bare Note: content warning before the text, contentMap standing in for content, its key the
    // language
    Item note =
        only(
            FormatFixture.record(
                "{\"type\":\"Note\",\"id\":\"https://social.example/users/alice/statuses/7\","
                    + "\"attributedTo\":\"https://social.example/users/alice\",\"published\":\"2024-03-01T10:00:00Z\","
                    + "\"summary\":\"spoilers\",\"contentMap\":{\"de\":\"<p>Der M&ouml;rder war der G&auml;rtner</p>\"}}"));
    assertEquals("spoilers\n\nDer Mörder war der Gärtner", note.text);
    assertEquals("de", note.lang);
    assertEquals(0, note.editRank);

    // REST: spoiler_text before the text; a later edit ranks above an earlier one
    String status =
        "{\"id\":\"7\",\"created_at\":\"2024-03-01T10:00:00.250Z\",\"edited_at\":%s,\"spoiler_text\":\"cw\","
            + "\"content\":\"<p>body</p>\",\"language\":\"fr\",\"uri\":\"https://social.example/users/alice/statuses/7\","
            + "\"account\":{\"id\":\"3\",\"username\":\"alice\",\"acct\":\"alice\",\"url\":\"https://social.example/@alice\"}}";
    Item first = only(FormatFixture.record(String.format(status, "null")));
    Item edited = only(FormatFixture.record(String.format(status, "\"2024-03-01T10:00:09.100Z\"")));
    Item later = only(FormatFixture.record(String.format(status, "\"2024-03-02T10:00:00.000Z\"")));
    assertEquals("cw\n\nbody", first.text);
    assertEquals("fr", first.lang);
    assertEquals(0, first.editRank);
    assertEquals(9, edited.editRank);
    assertEquals(86400, later.editRank);
    assertEquals(note.postId, first.postId);
  }

  @Test
  @Tag("fast")
  void privateConversationIsNotLoaded() {
    Item direct =
        only(
            FormatFixture.record(
                "{\"type\":\"Create\",\"actor\":\"https://social.example/users/alice\","
                    + "\"object\":{\"type\":\"Note\",\"id\":\"https://social.example/users/alice/statuses/9\","
                    + "\"attributedTo\":\"https://social.example/users/alice\",\"published\":\"2024-03-01T10:00:00Z\","
                    + "\"to\":[\"https://other.example/users/bob\"],\"cc\":[],\"content\":\"<p>my phone is 555</p>\"}}"));
    assertEquals(Item.CONTROL, direct.kind);
    assertEquals("not_public", direct.controlKind);
    assertEquals("mastodon:social.example:9", direct.targetPostId);
    assertNull(direct.text);
    Item followersOnly =
        only(
            FormatFixture.record(
                REST_REMOTE.replace("\"visibility\":\"public\"", "\"visibility\":\"private\"")));
    assertEquals("not_public", followersOnly.controlKind);
  }

  @Test
  @Tag("fast")
  void streamingLinesAndMediaOnlyPosts() {
    String payload =
        FormatFixture.json(REST_REMOTE).toString().replace("\\", "\\\\").replace("\"", "\\\"");
    Item update =
        only(
            FormatFixture.record(
                "{\"stream\":[\"public\"],\"event\":\"update\",\"payload\":\"" + payload + "\"}"));
    assertEquals("mastodon:social.example:1001", update.postId);
    Item edit =
        only(FormatFixture.record("{\"event\":\"status.update\",\"payload\":\"" + payload + "\"}"));
    assertEquals(300, edit.editRank);
    Item mention =
        only(
            FormatFixture.record(
                "{\"event\":\"notification\",\"payload\":{\"id\":\"77\","
                    + "\"type\":\"mention\",\"created_at\":\"2024-03-01T10:00:00Z\",\"account\":{\"id\":\"3\"},"
                    + "\"status\":"
                    + REST_REMOTE
                    + "}}"));
    assertEquals("mastodon:social.example:1001", mention.postId);
    Item delete = only(FormatFixture.record("{\"event\":\"delete\",\"payload\":\"106\"}"));
    assertEquals("delete", delete.controlKind);
    assertNull(delete.targetPostId); // the event does not say which server's 106 it is
    Item broken = only(FormatFixture.record("{\"event\":\"update\",\"payload\":\"{\\\"id\\\":\"}"));
    assertEquals("bad_json", broken.reasonCode);

    Item picture =
        only(
            FormatFixture.record(
                "{\"id\":\"8\",\"created_at\":\"2024-03-01T10:00:00Z\",\"content\":\"\","
                    + "\"spoiler_text\":\"\",\"uri\":\"https://social.example/users/alice/statuses/8\",\"account\":{\"id\":\"3\","
                    + "\"acct\":\"alice\",\"url\":\"https://social.example/@alice\"},\"media_attachments\":[{\"type\":\"image\","
                    + "\"url\":\"https://files.social.example/8.png\",\"description\":\"A dented Acme kettle\"}]}"));
    assertEquals("A dented Acme kettle", picture.text);
    // in an archive, an undescribed picture's address is a path inside the archive: its kind stands
    // in
    Item archived =
        only(
            FormatFixture.record(
                "{\"type\":\"Note\",\"id\":\"https://social.example/users/alice/statuses/"
                    + "10\",\"attributedTo\":\"https://social.example/users/alice\",\"published\":\"2024-03-01T10:00:00Z\","
                    + "\"content\":\"\",\"attachment\":[{\"type\":\"Document\",\"mediaType\":\"image/jpeg\","
                    + "\"url\":\"/media_attachments/files/1.jpg\",\"name\":null}]}"));
    assertEquals("<image>", archived.text);
  }

  @Test
  void theRealOutboxCountsWhatItHolds() {
    Path outbox = FormatFixture.raw("mastodon/philhawksworth__hawksworx.com/outbox.json");
    assumeTrue(Files.isRegularFile(outbox), "raw-formats/mastodon is not in this checkout");
    FormatFixture.Parsed parsed = FormatFixture.files(outbox);
    // one line of 584 KB, read item by item: each activity is a record
    assertEquals(216, parsed.records().size());
    assertTrue(
        parsed.records().stream()
            .allMatch(
                r ->
                    r.container().equals("element") && r.format().equals(Formats.MASTODON_OUTBOX)));
    // totalItems says 190 (boosts left out); the collection holds 216 activities: 190 Create, 26
    // Announce
    assertEquals(216, parsed.items().size());
    assertEquals(List.of(), parsed.quarantined().stream().map(i -> i.reason).toList());
    Map<String, Long> controls =
        parsed.controls().stream()
            .collect(Collectors.groupingBy(i -> i.controlKind, Collectors.counting()));
    assertEquals(Map.of("repost", 26L, "not_public", 27L), controls); // 26 direct, 1 followers-only
    List<Item> posts = parsed.posts();
    assertEquals(163, posts.size());
    assertEquals(163, parsed.byId().size());
    String owner = handle("philhawksworth@indieweb.social");
    String ownerId = accountKey("https://indieweb.social/users/philhawksworth");
    for (Item p : posts) {
      assertTrue(p.postId.matches("mastodon:indieweb\\.social:\\d{18}"), p.postId);
      assertEquals(owner, p.authorKey);
      assertEquals(ownerId, p.authorIdKey);
      assertFalse(p.text.isBlank());
      assertNotNull(p.lang);
    }
    Item first = parsed.byId().get("mastodon:indieweb.social:109326369162983072");
    assertEquals("Setting up my mstdn", first.text);
    assertEquals("en", first.lang);
    assertEquals(first.postId, first.conversationId);
    // the boosts name statuses on many servers, Friendica's object URIs too
    Set<String> boosted =
        parsed.controls().stream()
            .filter(i -> i.controlKind.equals("repost"))
            .map(i -> i.targetPostId)
            .collect(Collectors.toSet());
    assertTrue(boosted.contains("mastodon:fosstodon.org:109344172472601193"), boosted.toString());
    assertTrue(
        boosted.contains("mastodon:friendica.me:78ea265d-5163-7c58-b202-50e708612080"),
        boosted.toString());
    // replies: to the owner's own statuses (threads within the file) and to other servers' statuses
    long replies = posts.stream().filter(p -> p.replyToPostId != null).count();
    long withinFile =
        posts.stream()
            .filter(p -> p.replyToPostId != null && parsed.byId().containsKey(p.replyToPostId))
            .count();
    assertEquals(
        List.of(128L, 8L),
        List.of(replies, withinFile),
        "replies, and replies to a post of the file");
    Item toMia =
        posts.stream()
            .filter(p -> "mastodon:front-end.social:109310516880305318".equals(p.replyToPostId))
            .findFirst()
            .orElseThrow();
    assertEquals(handle("mia@front-end.social"), toMia.replyToAuthorKey);
    assertTrue(toMia.mentionKeys.contains(handle("mia@front-end.social")), toMia.text);
    // hashtags from the Hashtag tags, and the alt text of a picture kept out of a post that has
    // text
    assertTrue(posts.stream().anyMatch(p -> p.hashtags.contains("netlify")));
    assertTrue(posts.stream().noneMatch(p -> p.text.contains("bacon and maple donut")));
  }

  @Test
  void theRealApiTimelinesFromTheEarlyApi() {
    Path timeline =
        FormatFixture.raw(
            "mastodon/sys1yagi__mastodon4j/mastodon4j-rx/src/test/assets/public_timeline.json");
    Path tag =
        FormatFixture.raw("mastodon/sys1yagi__mastodon4j/mastodon4j/src/test/assets/tag.json");
    assumeTrue(
        Files.isRegularFile(timeline) && Files.isRegularFile(tag),
        "raw-formats/mastodon is not in this checkout");
    FormatFixture.Parsed parsed = FormatFixture.files(timeline, tag);
    assertEquals(40, parsed.records().size());
    assertTrue(parsed.records().stream().allMatch(r -> r.format().equals(Formats.MASTODON_API)));
    assertEquals(List.of(), parsed.quarantined().stream().map(i -> i.reason).toList());
    assertEquals(40, parsed.posts().size());
    assertEquals(40, parsed.byId().size());

    // mstdn.jp's own status: integer id, tag: URI, local acct
    Item local = parsed.byId().get("mastodon:mstdn.jp:172429");
    assertEquals(handle("iorin0225@mstdn.jp"), local.authorKey);
    assertEquals(accountKey("https://mstdn.jp/users/iorin0225"), local.authorIdKey);
    assertEquals("電話であれ、テキストであれ、伝達能力はしっかり鍛えてほしい。", local.text);
    // a remote status: named by its origin (mastodon.cloud's 625276), not by mstdn.jp's 172427
    Item remote = parsed.byId().get("mastodon:mastodon.cloud:625276");
    assertEquals(handle("cocoabottle@mastodon.cloud"), remote.authorKey);
    assertEquals(1L, remote.shareCount);
    assertNull(parsed.byId().get("mastodon:mstdn.jp:172427"));

    // tag.json (friends.nico's tag timeline, every status remote): replies to remote parents stay
    // unlinked, their
    // authors known from the mentions; hashtags from tags
    Item reply = parsed.byId().get("mastodon:mastodon.social:3610569");
    assertNull(reply.replyToPostId);
    assertEquals("friends.nico:675923", reply.sourceAttributes.get("in_reply_to_id"));
    assertEquals(handle("alexl@mstdn.io"), reply.replyToAuthorKey);
    assertEquals(List.of("diaspora", "mastodon"), reply.hashtags);
    assertTrue(
        reply.text.startsWith(
            "@"
                + handle("alexl@mstdn.io")
                + " @"
                + handle("deadsuperhero@social.nasqueron.org")
                + "  Yes, but not only #Mastodon"),
        reply.text);
  }
}
