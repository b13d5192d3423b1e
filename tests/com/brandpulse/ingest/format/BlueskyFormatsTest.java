package com.brandpulse.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bluesky formats ({@code bluesky-api}: AppView post views, feeds, threads; {@code
 * bluesky-jetstream}: Jetstream and tap events) on inline JSON, and on the real twitwi files under
 * ../shared/data/raw-formats/bluesky, without Spark.
 *
 * <p>Inline records use made-up dids (did:plc:alice..., did:plc:bob...) and handles under
 * example.com. The Jetstream JSON-lines fixture ({@link #jetstreamLinesFollowThePublishedSchema})
 * is written here from the event schema published in the Jetstream README
 * (github.com/bluesky-social/jetstream, "Example events": commit create/update/delete, identity,
 * account, heartbeat): no shared file holds Jetstream JSON lines (the firehose file is a JSON array
 * of real commit events). Its record keys and revisions are TIDs made with python3 for known times.
 *
 * <p>Expected values of the real files were computed from the raw JSON with python3 (json, re) and
 * checked by eye; nothing was copied from the parser's output.
 */
class BlueskyFormatsTest {
  private static final String DIR = "bluesky/medialab__twitwi/test/resources/";
  private static final String ALICE = "did:plc:aliceexampleaaaaaaaaaaaa";
  private static final String BOB = "did:plc:bobexampleaaaaaaaaaaaaaa";
  private static final String CAROL = "did:plc:carolexampleaaaaaaaaaaaa";
  private static final String DAVE = "did:plc:daveexampleaaaaaaaaaaaaa";

  // ------------------------------------------------------------------ helpers

  /** JSON written with single quotes, for readability (no text below holds an apostrophe). */
  private static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static String bs(String handle) {
    return FormatFixture.handle("bluesky", handle);
  }

  private static String account(String did) {
    return FormatFixture.PSEUDONYMS.accountId("bluesky", did);
  }

  private static String uri(String did, String rkey) {
    return "at://" + did + "/app.bsky.feed.post/" + rkey;
  }

  /** A post view with the fields the API always gives; {@code extra} goes into the record. */
  private static String view(String did, String handle, String rkey, String text, String extra) {
    return j(
        "{'uri':'"
            + uri(did, rkey)
            + "','cid':'bafy"
            + rkey
            + "','author':{'did':'"
            + did
            + "','handle':'"
            + handle
            + "','displayName':'Someone'},'record':{'$type':'app.bsky.feed.post','createdAt':"
            + "'2025-03-01T12:00:00.000Z','text':'"
            + text
            + "'"
            + extra
            + "},'likeCount':5,'repostCount':2,"
            + "'replyCount':1,'quoteCount':0,'indexedAt':'2025-03-01T12:00:01.000Z','labels':[]}");
  }

  private static String replyTo(
      String parentDid, String parentRkey, String rootDid, String rootRkey) {
    return j(
        ",'reply':{'parent':{'uri':'"
            + uri(parentDid, parentRkey)
            + "','cid':'x'},'root':{'uri':'"
            + uri(rootDid, rootRkey)
            + "','cid':'y'}}");
  }

  private static List<Item> posts(List<Item> items) {
    return items.stream().filter(i -> Item.POST.equals(i.kind)).toList();
  }

  private static List<Item> quarantined(List<Item> items) {
    return items.stream().filter(i -> Item.QUARANTINE.equals(i.kind)).toList();
  }

  private static void assumeShared() {
    assumeTrue(
        Files.isDirectory(FormatFixture.raw(DIR)),
        "../shared/data/raw-formats/bluesky is not in this checkout");
  }

  // ------------------------------------------------------------------ routing

  @Test
  @Tag("fast")
  void eachShapeIsRoutedToItsFormat() {
    String post = view(ALICE, "alice.example.com", "3ljcuotqg232b", "hello", "");
    for (String api :
        List.of(
            post,
            "{\"post\":" + post + "}",
            "{\"feed\":[{\"post\":" + post + "}],\"cursor\":\"c\"}",
            "{\"posts\":[" + post + "],\"hitsTotal\":1}",
            "{\"thread\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\","
                + "\"post\":"
                + post
                + "}}",
            "{\"feed\":[],\"cursor\":\"c\"}",
            j(
                "{'did':'"
                    + ALICE
                    + "','handle':'alice.example.com','displayName':'Alice','followersCount':3}"))) {
      assertEquals(Formats.BLUESKY_API, Formats.family(FormatFixture.json(api)), api);
    }
    for (String stream :
        List.of(
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1,'kind':'commit','commit':{'operation':'delete','collection':'x','rkey':'r'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1,'kind':'identity','identity':{'did':'"
                    + ALICE
                    + "'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1,'kind':'account','account':{'did':'"
                    + ALICE
                    + "','active':true}}"),
            j("{'kind':'heartbeat','payload':''}"),
            j(
                "{'id':1,'type':'record','record':{'did':'"
                    + ALICE
                    + "','collection':'app.bsky.feed.post','rkey':'r'}}"),
            j(
                "{'id':2,'type':'identity','identity':{'did':'"
                    + ALICE
                    + "','handle':'alice.example.com'}}"))) {
      assertEquals(Formats.BLUESKY_JETSTREAM, Formats.family(FormatFixture.json(stream)), stream);
    }
    assertEquals(2, Formats.fidelity(Formats.BLUESKY_API));
    assertEquals(1, Formats.fidelity(Formats.BLUESKY_JETSTREAM));
  }

  // ------------------------------------------------------------------ API views

  /**
   * The text's first character is an emoji (4 UTF-8 bytes, 2 UTF-16 units): facet offsets are UTF-8
   * bytes (computed with python3: @bob.example.com 8-24, carol.example.org 29-46, #Brand 47-53).
   */
  @Test
  @Tag("fast")
  void aPostViewBecomesAPostKeyedByDidAndRecordKey() {
    String facets =
        j(
                ",'facets':["
                    + "{'index':{'byteStart':8,'byteEnd':24},'features':[{'$type':'app.bsky.richtext.facet#mention','did':'"
                    + BOB
                    + "'}]},"
                    + "{'index':{'byteStart':29,'byteEnd':46},'features':[{'$type':'app.bsky.richtext.facet#mention','did':'"
                    + CAROL
                    + "'}]},"
                    + "{'index':{'byteStart':47,'byteEnd':53},'features':[{'$type':'app.bsky.richtext.facet#tag','tag':'Brand'}]}],"
                    + "'tags':['Extra','brand'],'langs':['en-GB','fr'],"
                    + "'embed':{'$type':'app.bsky.embed.recordWithMedia','media':{'$type':'app.bsky.embed.images','images':[]},"
                    + "'record':{'$type':'app.bsky.embed.record','record':{'uri':'"
                    + uri(DAVE, "3ljcv3ebsc22b")
                    + "','cid':'z'}}}")
            + replyTo(CAROL, "3ljcuzl2qk22b", DAVE, "3ljcuxrtos22b");
    String record =
        view(
                ALICE,
                "alice.example.com",
                "3ljcuotqg232b",
                "\uD83D\uDE42 hi @bob.example.com and carol.example.org #Brand",
                facets)
            .replace(
                "\"labels\":[]",
                "\"labels\":[{\"val\":\"!no-unauthenticated\",\"src\":\"" + ALICE + "\"}]");
    List<Item> items = FormatFixture.record(record);
    assertEquals(1, items.size());
    Item p = items.get(0);
    assertEquals(Item.POST, p.kind);
    assertEquals("bluesky:" + ALICE + ":3ljcuotqg232b", p.postId);
    assertEquals(ALICE + ":3ljcuotqg232b", p.sourceId);
    assertEquals(Formats.BLUESKY_API, p.sourceFormat);
    assertEquals(2, p.sourceRank);
    assertEquals(bs("alice.example.com"), p.authorKey);
    assertEquals(account(ALICE), p.authorIdKey);
    assertEquals(Instant.parse("2025-03-01T12:00:00Z"), p.createdAt);
    // the bare handle of a mention facet gets its @, so both mentions are masked
    assertEquals(
        "\uD83D\uDE42 hi @"
            + bs("bob.example.com")
            + " and @"
            + bs("carol.example.org")
            + " #Brand",
        p.text);
    assertEquals(List.of(bs("bob.example.com"), bs("carol.example.org")), p.mentionKeys);
    assertEquals(List.of("brand", "extra"), p.hashtags);
    assertEquals("en", p.lang);
    assertEquals("en-GB,fr", p.sourceAttributes.get("langs"));
    assertEquals("!no-unauthenticated", p.sourceAttributes.get("labels"));
    assertEquals("bluesky:" + CAROL + ":3ljcuzl2qk22b", p.replyToPostId);
    assertEquals("bluesky:" + DAVE + ":3ljcuxrtos22b", p.conversationId);
    assertNull(p.replyToAuthorKey, "a bare post view does not hold its parent's author");
    assertEquals("bluesky:" + DAVE + ":3ljcv3ebsc22b", p.quoteOf);
    assertNull(p.repostOf);
    assertFalse(p.isRepost);
    assertEquals(
        List.of(5L, 2L, 1L, 0L), List.of(p.likeCount, p.shareCount, p.replyCount, p.quoteCount));
    assertEquals(0, p.editRank);
  }

  @Test
  @Tag("fast")
  void onlyAnEmbeddedPostIsAQuoteAndUnknownEmbedsAreFine() {
    String starterPack =
        j(
            ",'embed':{'$type':'app.bsky.embed.record','record':{'uri':'at://"
                + BOB
                + "/app.bsky.graph.starterpack/3ljcuzl2qk22b','cid':'z'}}");
    String quote =
        j(
            ",'embed':{'$type':'app.bsky.embed.record','record':{'uri':'"
                + uri(BOB, "3ljcuzl2qk22b")
                + "','cid':'z'}}");
    String geo = j(",'embed':{'$type':'community.lexicon.embed.geo','lat':'1','lon':'2'}");
    String odd = j(",'embed':{'$type':'N/A'}");
    assertNull(
        FormatFixture.record(view(ALICE, "alice.example.com", "3ljcuotqg232b", "pack", starterPack))
            .get(0)
            .quoteOf);
    assertEquals(
        "bluesky:" + BOB + ":3ljcuzl2qk22b",
        FormatFixture.record(view(ALICE, "alice.example.com", "3ljcuotqg232b", "quote", quote))
            .get(0)
            .quoteOf);
    for (String embed : List.of(geo, odd)) {
      Item p =
          FormatFixture.record(view(ALICE, "alice.example.com", "3ljcuotqg232b", "geo", embed))
              .get(0);
      assertEquals(Item.POST, p.kind);
      assertNull(p.quoteOf);
    }
  }

  @Test
  @Tag("fast")
  void anInvalidHandleNamesNobody() {
    Item p =
        FormatFixture.record(view(ALICE, "handle.invalid", "3ljcuotqg232b", "hello", "")).get(0);
    assertNull(p.authorKey);
    assertEquals(account(ALICE), p.authorIdKey);
  }

  @Test
  @Tag("fast")
  void brokenPostsAreQuarantinedWithTheirReason() {
    String yearZero =
        view(ALICE, "alice.example.com", "3ljcuotqg232b", "old", "")
            .replace("2025-03-01T12:00:00.000Z", "0000-10-14T15:06:10.730Z");
    assertEquals("impossible_timestamp", FormatFixture.record(yearZero).get(0).reasonCode);
    String noText =
        view(ALICE, "alice.example.com", "3ljcuotqg232b", "x", "").replace(",\"text\":\"x\"", "");
    assertEquals("missing_text", FormatFixture.record(noText).get(0).reasonCode);
    String list =
        view(ALICE, "alice.example.com", "3ljcuotqg232b", "x", "")
            .replace("app.bsky.feed.post/", "app.bsky.graph.list/");
    assertEquals("bad_id", FormatFixture.record(list).get(0).reasonCode);
  }

  /**
   * getAuthorFeed: a repost by bob of alice's post, and alice's reply (P3) to carol (P2) in a
   * thread dave started (P0). Items: the two feed posts, the repost, then the reply context (P0,
   * P2) once each.
   */
  @Test
  @Tag("fast")
  void aFeedGivesItsPostsTheRepostsAndTheReplyContext() {
    String p1 =
        view(
            ALICE,
            "alice.example.com",
            "3ljcuotqg232b",
            "new flight app from @dave.example.com #Travel",
            j(
                ",'facets':[{'index':{'byteStart':38,'byteEnd':45},'features':[{'$type':'app.bsky.richtext.facet#tag','tag':'Travel'}]}],'langs':['en']"));
    String p0 = view(DAVE, "dave.example.com", "3ljcuxrtos22b", "root post", "");
    String p2 =
        view(
            CAROL,
            "carol.example.com",
            "3ljcuzl2qk22b",
            "middle post",
            replyTo(DAVE, "3ljcuxrtos22b", DAVE, "3ljcuxrtos22b"));
    String p3 =
        view(
            ALICE,
            "alice.example.com",
            "3ljcv3ebsc22b",
            "my answer",
            replyTo(CAROL, "3ljcuzl2qk22b", DAVE, "3ljcuxrtos22b"));
    String feed =
        "{\"feed\":[{\"post\":"
            + p1
            + ",\"reason\":"
            + j(
                "{'$type':'app.bsky.feed.defs#reasonRepost','by':{'did':'"
                    + BOB
                    + "','handle':'bob.example.com','displayName':'Bob'},'indexedAt':'2025-03-02T09:00:00.000Z'}")
            + "},{\"post\":"
            + p3
            + ",\"reply\":{\"root\":"
            + p0
            + ",\"parent\":"
            + p2
            + ",\"grandparentAuthor\":"
            + j("{'did':'" + DAVE + "','handle':'dave.example.com'}")
            + "}}],\"cursor\":\"abc\"}";
    List<Item> items = FormatFixture.record(feed);
    assertEquals(
        List.of(
            "bluesky:" + ALICE + ":3ljcuotqg232b",
            "bluesky:" + ALICE + ":3ljcv3ebsc22b",
            "bluesky:" + BOB + ":repost:" + ALICE + ":3ljcuotqg232b",
            "bluesky:" + DAVE + ":3ljcuxrtos22b",
            "bluesky:" + CAROL + ":3ljcuzl2qk22b"),
        items.stream().map(i -> i.postId).toList());
    assertTrue(items.stream().allMatch(i -> Item.POST.equals(i.kind)));

    Item repost = items.get(2);
    assertEquals(bs("bob.example.com"), repost.authorKey);
    assertEquals(account(BOB), repost.authorIdKey);
    assertEquals(Instant.parse("2025-03-02T09:00:00Z"), repost.createdAt);
    assertEquals("bluesky:" + ALICE + ":3ljcuotqg232b", repost.repostOf);
    assertTrue(repost.isRepost);
    assertEquals(
        "RT @"
            + bs("alice.example.com")
            + ": new flight app from @"
            + bs("dave.example.com")
            + " #Travel",
        repost.text);
    assertEquals(
        bs("alice.example.com"),
        repost.mentionKeys.get(0),
        "the original author is the first mention");
    assertEquals(List.of("travel"), repost.hashtags);
    assertEquals("en", repost.lang);
    assertNull(repost.likeCount);
    assertFalse(items.get(0).isRepost, "the reposted post is itself, by its author");
    assertEquals(bs("alice.example.com"), items.get(0).authorKey);

    // the reply's parent author comes from the context, the parent's own parent author from the
    // root
    assertEquals(bs("carol.example.com"), items.get(1).replyToAuthorKey);
    assertEquals(bs("dave.example.com"), items.get(4).replyToAuthorKey);
    assertEquals("bluesky:" + DAVE + ":3ljcuxrtos22b", items.get(4).conversationId);
    assertEquals(
        "bluesky:" + DAVE + ":3ljcuxrtos22b",
        items.get(3).conversationId,
        "the root starts its thread");
  }

  @Test
  @Tag("fast")
  void aThreadGivesEveryPostOfIt() {
    String p0 = view(DAVE, "dave.example.com", "3ljcuxrtos22b", "root post", "");
    String p2 =
        view(
            CAROL,
            "carol.example.com",
            "3ljcuzl2qk22b",
            "middle",
            replyTo(DAVE, "3ljcuxrtos22b", DAVE, "3ljcuxrtos22b"));
    String p3 =
        view(
            ALICE,
            "alice.example.com",
            "3ljcv3ebsc22b",
            "reply one",
            replyTo(CAROL, "3ljcuzl2qk22b", DAVE, "3ljcuxrtos22b"));
    String p4 =
        view(
            BOB,
            "bob.example.com",
            "3ljcy24xp222b",
            "reply two",
            replyTo(ALICE, "3ljcv3ebsc22b", DAVE, "3ljcuxrtos22b"));
    String thread =
        "{\"thread\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + p2
            + ",\"parent\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + p0
            + ",\"parent\":"
            + j(
                "{'$type':'app.bsky.feed.defs#notFoundPost','uri':'"
                    + uri(DAVE, "3ljcuotqg232b")
                    + "','notFound':true}")
            + "},\"replies\":[{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + p3
            + ",\"replies\":[{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
            + p4
            + ",\"replies\":[]}]},"
            + j(
                "{'$type':'app.bsky.feed.defs#blockedPost','uri':'"
                    + uri(BOB, "3ljcuotqg232b")
                    + "','blocked':true,"
                    + "'author':{'did':'"
                    + BOB
                    + "'}}")
            + "]}}";
    List<Item> items = FormatFixture.record(thread);
    assertEquals(
        List.of(
            "bluesky:" + DAVE + ":3ljcuxrtos22b",
            "bluesky:" + CAROL + ":3ljcuzl2qk22b",
            "bluesky:" + ALICE + ":3ljcv3ebsc22b",
            "bluesky:" + BOB + ":3ljcy24xp222b"),
        items.stream().map(i -> i.postId).toList());
    assertEquals(bs("dave.example.com"), items.get(1).replyToAuthorKey);
    assertEquals(bs("carol.example.com"), items.get(2).replyToAuthorKey);
    assertEquals(bs("alice.example.com"), items.get(3).replyToAuthorKey);
  }

  @Test
  @Tag("fast")
  void searchResultsArePostsAndAnEmptyPageIsNothing() {
    String p1 = view(ALICE, "alice.example.com", "3ljcuotqg232b", "found", "");
    List<Item> items =
        FormatFixture.record("{\"posts\":[" + p1 + "],\"cursor\":\"1\",\"hitsTotal\":1}");
    assertEquals(
        List.of("bluesky:" + ALICE + ":3ljcuotqg232b"), items.stream().map(i -> i.postId).toList());
    assertEquals(List.of(), FormatFixture.record("{\"posts\":[]}"));
    assertEquals(List.of(), FormatFixture.record("{\"feed\":[],\"cursor\":\"x\"}"));
  }

  @Test
  @Tag("fast")
  void aProfileIsAControlEventWithoutNames() {
    String profile =
        j(
            "{'did':'"
                + ALICE
                + "','handle':'alice.example.com','displayName':'Alice Example',"
                + "'description':'I work at Example Air','followersCount':10,'postsCount':3}");
    for (String record : List.of(profile, "{\"profiles\":[" + profile + "]}")) {
      List<Item> items = FormatFixture.record(record);
      assertEquals(1, items.size());
      Item c = items.get(0);
      assertEquals(Item.CONTROL, c.kind);
      assertEquals("profile", c.controlKind);
      assertEquals(account(ALICE), c.targetAuthorIdKey);
      assertFalse(
          c.detail.contains("alice") || c.detail.contains("Alice") || c.detail.contains("Example"),
          c.detail);
    }
  }

  // ------------------------------------------------------------------ Jetstream and tap

  /**
   * Ten Jetstream lines in the README's schema: alice creates a post (rkey 3ljcuotqg232b, a TID of
   * 2025-03-01T12:00:00.000001Z) and updates it (rev 3ljezgavok22b = 2025-03-02T08:30:00Z,
   * 73,643,400 s after 2022-11-01), deletes another (3ljcuxrtos22b); bob reposts and likes the
   * first; a follow is deleted; an identity event; an account that is active, one that is deleted;
   * a heartbeat.
   */
  @Test
  @Tag("fast")
  void jetstreamLinesFollowThePublishedSchema(@TempDir Path dir) throws IOException {
    String post = uri(ALICE, "3ljcuotqg232b");
    List<String> lines =
        List.of(
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1740830400100000,'kind':'commit','commit':{'rev':'3ljcuou7od22b',"
                    + "'operation':'create','collection':'app.bsky.feed.post','rkey':'3ljcuotqg232b','record':{"
                    + "'$type':'app.bsky.feed.post','createdAt':'2025-03-01T12:00:00.000001Z','langs':['en'],"
                    + "'text':'Flying @bob.example.com today #Travel','facets':[{'index':{'byteStart':7,'byteEnd':23},"
                    + "'features':[{'$type':'app.bsky.richtext.facet#mention','did':'"
                    + BOB
                    + "'}]},{'index':{'byteStart':30,"
                    + "'byteEnd':37},'features':[{'$type':'app.bsky.richtext.facet#tag','tag':'Travel'}]}]},'cid':'bafyone'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1740904200200000,'kind':'commit','commit':{'rev':'3ljezgavok22b',"
                    + "'operation':'update','collection':'app.bsky.feed.post','rkey':'3ljcuotqg232b','record':{"
                    + "'$type':'app.bsky.feed.post','createdAt':'2025-03-01T12:00:00.000001Z','langs':['en'],"
                    + "'text':'Flying today #Travel'},'cid':'bafytwo'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1740834000000000,'kind':'commit','commit':{'rev':'3ljcy24xp222b',"
                    + "'operation':'delete','collection':'app.bsky.feed.post','rkey':'3ljcuxrtos22b'}}"),
            j(
                "{'did':'"
                    + BOB
                    + "','time_us':1740830760000000,'kind':'commit','commit':{'rev':'3ljcuzl2qk22b',"
                    + "'operation':'create','collection':'app.bsky.feed.repost','rkey':'3ljcuzl2qk22b','record':{"
                    + "'$type':'app.bsky.feed.repost','createdAt':'2025-03-01T12:06:00.000Z','subject':{'cid':'bafyone',"
                    + "'uri':'"
                    + post
                    + "'}},'cid':'bafythree'}}"),
            j(
                "{'did':'"
                    + BOB
                    + "','time_us':1740830820000000,'kind':'commit','commit':{'rev':'3ljcv3ebsc22b',"
                    + "'operation':'create','collection':'app.bsky.feed.like','rkey':'3ljcv3ebsc22b','record':{"
                    + "'$type':'app.bsky.feed.like','createdAt':'2025-03-01T12:07:00.000Z','subject':{'cid':'bafyone',"
                    + "'uri':'"
                    + post
                    + "'}},'cid':'bafyfour'}}"),
            j(
                "{'did':'"
                    + BOB
                    + "','time_us':1740830830000000,'kind':'commit','commit':{'rev':'3ljcv3ebsc22b',"
                    + "'operation':'delete','collection':'app.bsky.graph.follow','rkey':'3ljcuxrtos22b'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1740830840000000,'kind':'identity','identity':{'did':'"
                    + ALICE
                    + "','handle':'alice.example.com','seq':1409752997,'time':'2025-03-01T12:07:20.000Z'}}"),
            j(
                "{'did':'"
                    + ALICE
                    + "','time_us':1740830850000000,'kind':'account','account':{'active':true,'did':'"
                    + ALICE
                    + "','seq':1409753013,'time':'2025-03-01T12:07:30.000Z'}}"),
            j(
                "{'did':'"
                    + CAROL
                    + "','time_us':1740830860000000,'kind':'account','account':{'active':false,'did':'"
                    + CAROL
                    + "','seq':1409753014,'status':'deleted','time':'2025-03-01T12:07:40.000Z'}}"),
            j("{'kind':'heartbeat','payload':''}"));
    Path file = dir.resolve("jetstream.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    FormatFixture.Parsed parsed = FormatFixture.files(file);
    assertEquals(10, parsed.records().size());
    assertTrue(
        parsed.records().stream().allMatch(r -> Formats.BLUESKY_JETSTREAM.equals(r.format())));
    assertEquals(List.of(), parsed.quarantined());

    List<Item> posts = parsed.posts();
    assertEquals(2, posts.size());
    Item created = posts.get(0);
    Item updated = posts.get(1);
    assertEquals("bluesky:" + ALICE + ":3ljcuotqg232b", created.postId);
    assertEquals(created.postId, updated.postId, "an update is a version of the same post");
    assertEquals(0, created.editRank);
    assertEquals(73_643_400, updated.editRank);
    assertNull(created.authorKey, "Jetstream knows the author by did only");
    assertEquals(account(ALICE), created.authorIdKey);
    assertEquals(Instant.parse("2025-03-01T12:00:00.000001Z"), created.createdAt);
    assertEquals("Flying @" + bs("bob.example.com") + " today #Travel", created.text);
    assertEquals(List.of("travel"), created.hashtags);
    assertEquals("Flying today #Travel", updated.text);
    assertEquals(1, created.sourceRank);
    assertEquals("bafytwo", updated.sourceAttributes.get("cid"));

    List<Item> controls = parsed.controls();
    assertEquals(
        List.of(
            "delete", "repost", "like", "commit", "identity", "account", "compliance", "heartbeat"),
        controls.stream().map(c -> c.controlKind).toList());
    Item delete = controls.get(0);
    assertEquals("bluesky:" + ALICE + ":3ljcuxrtos22b", delete.targetPostId);
    assertEquals(account(ALICE), delete.targetAuthorIdKey);
    assertEquals(Instant.parse("2025-03-01T13:00:00Z"), delete.eventAt);
    Item repost = controls.get(1);
    assertEquals(created.postId, repost.targetPostId);
    assertEquals(account(BOB), repost.targetAuthorIdKey);
    assertEquals(created.postId, controls.get(2).targetPostId);
    assertEquals("delete app.bsky.graph.follow", controls.get(3).detail);
    assertNull(controls.get(3).targetPostId);
    assertEquals("identity handle " + bs("alice.example.com"), controls.get(4).detail);
    assertEquals(Instant.parse("2025-03-01T12:07:20Z"), controls.get(4).eventAt);
    assertEquals(account(CAROL), controls.get(6).targetAuthorIdKey, "a deleted account's posts go");
    for (Item c : controls) {
      assertFalse(String.valueOf(c.detail).contains("example"), c.detail);
    }
  }

  @Test
  @Tag("fast")
  void tapRecordsAreCommitsInAnotherEnvelope() {
    List<Item> create =
        FormatFixture.record(
            j(
                "{'id':7,'type':'record','record':{'live':true,'did':'"
                    + ALICE
                    + "','rev':'3ljcuou7od22b','collection':'app.bsky.feed.post','rkey':'3ljcuotqg232b','action':'create',"
                    + "'record':{'$type':'app.bsky.feed.post','createdAt':'2025-03-01T12:00:00.000Z','text':'hello'},'cid':'b'}}"));
    assertEquals("bluesky:" + ALICE + ":3ljcuotqg232b", create.get(0).postId);
    assertEquals(Formats.BLUESKY_JETSTREAM, create.get(0).sourceFormat);
    Item update =
        FormatFixture.record(
                j(
                    "{'id':8,'type':'record','record':{'live':true,'did':'"
                        + ALICE
                        + "','rev':'3ljezgavok22b','collection':'app.bsky.feed.post','rkey':'3ljcuotqg232b','action':'update',"
                        + "'record':{'$type':'app.bsky.feed.post','createdAt':'2025-03-01T12:00:00.000Z','text':'hello!'},'cid':'c'}}"))
            .get(0);
    assertEquals(73_643_400, update.editRank, "the revision's time, as from Jetstream");
    Item delete =
        FormatFixture.record(
                j(
                    "{'id':9,'type':'record','record':{'live':true,'did':'"
                        + ALICE
                        + "','rev':'3ljcy24xp222b','collection':'app.bsky.feed.post','rkey':'3ljcuotqg232b','action':'delete'}}"))
            .get(0);
    assertEquals("delete", delete.controlKind);
    assertEquals(Instant.parse("2025-03-01T13:00:00Z"), delete.eventAt, "the time of the revision");
    Item identity =
        FormatFixture.record(
                j(
                    "{'id':10,'type':'identity','identity':{'did':'"
                        + ALICE
                        + "','handle':'alice.example.com','is_active':true,'status':'active'}}"))
            .get(0);
    assertEquals("identity", identity.controlKind);
    Item user =
        FormatFixture.record(
                j(
                    "{'id':11,'type':'user','user':{'did':'"
                        + ALICE
                        + "','handle':'alice.example.com','isActive':false,'status':'deactivated'}}"))
            .get(0);
    assertEquals("account", user.controlKind);
    assertEquals(account(ALICE), user.targetAuthorIdKey);
  }

  // ------------------------------------------------------------------ the real files

  /**
   * The firehose file (Jetstream commits) and the hydrated file (the same 9 posts as post views;
   * python3: equal sets of did:rkey) give the same post ids, times and texts; the hydrated copy
   * ranks higher and knows the handle. The first post's createdAt has 8 fractional digits
   * (2025-12-05T10:16:59.78349200Z).
   */
  @Test
  void firehoseAndHydratedCopiesAreOnePost() {
    assumeShared();
    FormatFixture.Parsed firehose =
        FormatFixture.files(FormatFixture.raw(DIR + "bluesky-firehose-posts.json"));
    FormatFixture.Parsed hydrated =
        FormatFixture.files(FormatFixture.raw(DIR + "bluesky-hydrated-firehose-posts.json"));
    assertEquals(9, firehose.items().size());
    assertEquals(9, firehose.posts().size());
    assertEquals(9, hydrated.posts().size());
    assertEquals(List.of(), hydrated.quarantined());
    assertTrue(
        firehose.records().stream().allMatch(r -> Formats.BLUESKY_JETSTREAM.equals(r.format())));
    assertTrue(hydrated.records().stream().allMatch(r -> Formats.BLUESKY_API.equals(r.format())));
    Map<String, Item> stream = firehose.byId();
    Map<String, Item> api = hydrated.byId();
    assertEquals(stream.keySet(), api.keySet());
    for (String id : api.keySet()) {
      assertEquals(api.get(id).text, stream.get(id).text, id);
      assertEquals(api.get(id).createdAt, stream.get(id).createdAt, id);
      assertEquals(api.get(id).authorIdKey, stream.get(id).authorIdKey, id);
      assertEquals(1, stream.get(id).sourceRank);
      assertEquals(2, api.get(id).sourceRank);
      assertNull(stream.get(id).authorKey);
    }
    Item first = api.get("bluesky:did:plc:uu5mtxzumfsy5hqknfetoyft:3m7aazmldai25");
    assertEquals(Instant.parse("2025-12-05T10:16:59.783492Z"), first.createdAt);
    assertEquals(bs("ultimatesexyman.bsky.social"), first.authorKey);
    assertEquals(account("did:plc:uu5mtxzumfsy5hqknfetoyft"), first.authorIdKey);
    // 2025-12-08T12:28:08.150931+00:00, an offset instead of Z
    assertEquals(
        Instant.parse("2025-12-08T12:28:08.150931Z"),
        api.get("bluesky:did:plc:kuym5x2wlgqposqke54avldl:3m7hzqrq7ol2i").createdAt);
    // the revision 3m7aazmlmyy25 of the first commit is a TID of 2025-12-05T10:17:03.099870Z
    // (python3)
    assertEquals(
        Instant.parse("2025-12-05T10:17:03.099870Z"), BlueskyRecords.tidTime("3m7aazmlmyy25"));
  }

  /**
   * 14 tap records, all post creates by one account (python3); element 5 (rkey 3lerfcje5522g)
   * replies to element 4 (3lerezaqxec2t). A firehose commit put into a tap envelope is the hydrated
   * post.
   */
  @Test
  void tapRecordsGetTheSamePostIdsAsTheOtherSources() throws IOException {
    assumeShared();
    FormatFixture.Parsed tap =
        FormatFixture.files(FormatFixture.raw(DIR + "bluesky-tap-posts.json"));
    assertEquals(14, tap.posts().size());
    assertEquals(14, tap.items().size());
    String did = "did:plc:whubiapecod3q5lebxfsqv3t";
    Map<String, Item> byId = tap.byId();
    Item reply = byId.get("bluesky:" + did + ":3lerfcje5522g");
    assertEquals("bluesky:" + did + ":3lerezaqxec2t", reply.replyToPostId);
    assertTrue(byId.containsKey(reply.replyToPostId));
    assertEquals(
        List.of("lackadaisy", "lackadaisyrocky", "lackadaisyivy"),
        byId.get("bluesky:" + did + ":3lephz5f6fk2a").hashtags);

    String firehose = Files.readString(FormatFixture.raw(DIR + "bluesky-firehose-posts.json"));
    com.fasterxml.jackson.databind.JsonNode commit = FormatFixture.json(firehose).get(0);
    String wrapped =
        "{\"id\":1,\"type\":\"record\",\"record\":{\"live\":true,\"did\":"
            + commit.get("did")
            + ",\"rev\":"
            + commit.at("/commit/rev")
            + ",\"collection\":"
            + commit.at("/commit/collection")
            + ",\"rkey\":"
            + commit.at("/commit/rkey")
            + ",\"action\":\"create\",\"record\":"
            + commit.at("/commit/record")
            + ",\"cid\":"
            + commit.at("/commit/cid")
            + "}}";
    Item fromTap = FormatFixture.record(wrapped).get(0);
    Item hydrated =
        FormatFixture.files(FormatFixture.raw(DIR + "bluesky-hydrated-firehose-posts.json"))
            .posts()
            .get(0);
    assertEquals(hydrated.postId, fromTap.postId);
    assertEquals(hydrated.text, fromTap.text);
  }

  /**
   * bluesky-posts.json (python3): 123 records, 110 post views and 13 feed items of which 2 reposts
   * (by yomguithereal.bsky.social) and 3 with reply context holding 5 distinct context posts; 130
   * items; the year-0 post quarantined; 121 distinct post ids in the rest (119 post URIs, 2
   * reposts); among the 127 other non-repost posts 23 quote a post and 20 have record.reply, 17 of
   * them to a post (the parent of 3 copies is a repost record or another app's record: no
   * reply_to_post_id); 2 authors with handle.invalid; 2 posts with langs ko.
   */
  @Test
  void theMixedFileYieldsEveryPostAndQuarantinesOnlyTheYearZeroPost() {
    assumeShared();
    FormatFixture.Parsed mixed = FormatFixture.files(FormatFixture.raw(DIR + "bluesky-posts.json"));
    assertEquals(123, mixed.records().size());
    assertEquals(130, mixed.items().size());
    assertEquals(129, mixed.posts().size());
    assertEquals(
        List.of("impossible_timestamp"),
        mixed.quarantined().stream().map(i -> i.reasonCode).toList());
    assertEquals(121, mixed.byId().size());

    List<Item> reposts = mixed.posts().stream().filter(i -> i.repostOf != null).toList();
    assertEquals(
        List.of(
            "bluesky:did:plc:aru6i7k6wo43msubk6km5td3:3lloj4ipqqh27",
            "bluesky:did:plc:oklkinuievllgvhrv2nia4gu:3llorpeiynx26"),
        reposts.stream().map(i -> i.repostOf).toList());
    Item korben = reposts.get(0);
    assertEquals(
        "bluesky:did:plc:5klvtukw5fucxsrkjldhrjxs:repost:did:plc:aru6i7k6wo43msubk6km5td3:3lloj4ipqqh27",
        korben.postId);
    assertEquals(bs("yomguithereal.bsky.social"), korben.authorKey);
    assertEquals(Instant.parse("2025-04-02T17:00:19.684Z"), korben.createdAt);
    assertTrue(korben.text.startsWith("RT @" + bs("korben.info") + ": "), korben.text);

    List<Item> own = mixed.posts().stream().filter(i -> i.repostOf == null).toList();
    assertEquals(23, own.stream().filter(i -> i.quoteOf != null).count());
    assertEquals(17, own.stream().filter(i -> i.replyToPostId != null).count());
    // an embedded starter pack is no quote
    assertNull(mixed.byId().get("bluesky:did:plc:svoymufgychs3h2mxbf6xydf:3m2n2fstwy223").quoteOf);
    Set<String> invalid =
        own.stream()
            .filter(i -> i.authorKey == null)
            .map(i -> i.postId)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(
            List.of(
                "bluesky:did:plc:4qvb4dpkg6tkbzym77j6jcm4:3lbjktt6tw52h",
                "bluesky:did:plc:n5pm4vggu475okayqvqipkoh:3lmdcgp3a7cnd")),
        invalid);
    assertEquals(
        new TreeSet<>(
            List.of(
                "bluesky:did:plc:2sjfdilgcpeyjnqo7u6apdfn:3lxngessntk2p",
                "bluesky:did:plc:5f3cuso34qfncfgph7is7g4o:3lwvh5xd2xk2p")),
        own.stream()
            .filter(i -> "ko".equals(i.lang))
            .map(i -> i.postId)
            .collect(Collectors.toCollection(TreeSet::new)));
    // a mention written after its facet's range: the text's own @ is masked
    assertFalse(
        mixed
            .byId()
            .get("bluesky:did:plc:ysc73isz7jkgr4ozyn6azo77:3lovyad4nt324")
            .text
            .contains("edzard"));
  }

  /** 5 profileViewDetailed (python3): each a profile control event, none quarantined, no names. */
  @Test
  void profilesAreNotPosts() {
    assumeShared();
    FormatFixture.Parsed profiles =
        FormatFixture.files(FormatFixture.raw(DIR + "bluesky-profiles.json"));
    assertEquals(5, profiles.items().size());
    assertEquals(5, profiles.controls().size());
    assertTrue(profiles.controls().stream().allMatch(c -> "profile".equals(c.controlKind)));
    assertTrue(profiles.controls().stream().noneMatch(c -> c.detail.contains("bsky")));
    assertEquals(
        account("did:plc:5klvtukw5fucxsrkjldhrjxs"), profiles.controls().get(0).targetAuthorIdKey);
  }
}
