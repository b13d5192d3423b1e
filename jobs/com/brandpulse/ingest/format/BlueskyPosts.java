package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.BlueskyRecords.PLATFORM;
import static com.brandpulse.ingest.format.BlueskyRecords.typeOf;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bluesky AppView ({@code app.bsky.feed.*}) responses and their items, as archived by API clients
 * (twitwi, minet, atproto SDKs): a post view ({@code app.bsky.feed.defs#postView}), a feed item
 * ({@code #feedViewPost}: post, reply context, repost reason), a thread ({@code #threadViewPost}),
 * and the responses that hold them: {@code getAuthorFeed}, {@code getTimeline}, {@code getFeed},
 * {@code getListFeed}, {@code getActorLikes} ({@code {feed, cursor}}), {@code searchPosts}, {@code
 * getPosts}, {@code getQuotes} ({@code {posts, ...}}), {@code getPostThread} ({@code {thread}}). In
 * a JSON array each element is a record and shapes may be mixed.
 *
 * <p>What one record yields, in this order:
 *
 * <ul>
 *   <li>every post it is about: each post view; the post of each feed item; every post of a thread,
 *       its parents and its nested replies (not-found and blocked nodes are skipped);
 *   <li>for a feed item whose reason is a repost ({@code #reasonRepost}), the repost as a post, as
 *       Twitter's retweets are: by the reposter ({@code reason.by}), at {@code reason.indexedAt},
 *       {@code repost_of} the original, text {@code RT @<original author>: <original text>} (so the
 *       first mention is the original author, as erasure expects), the original's language and
 *       hashtags, no counts. Its id is {@code bluesky:<reposter did>:repost:<original
 *       did>:<original rkey>}, the same from any feed that shows it (an account reposts a post
 *       once; the view does not always give the repost record's own key);
 *   <li>the posts of a feed item's reply context ({@code reply.root}, {@code reply.parent}) when
 *       they are full post views: they are posts with the same id as everywhere (a reply's parent
 *       is what response-time and thread analyses join to), emitted once per record, after the
 *       record's own posts, and never instead of them. {@code grandparentAuthor} and embedded views
 *       of quoted posts ({@code embed.record#view}, which carry the record as {@code value}) give
 *       no posts, as Twitter's quoted statuses give none.
 * </ul>
 *
 * The author of the post replied to is known when the same record holds that post (feed reply
 * context, thread parents, {@code grandparentAuthor}); {@code reply_to_author_key} is that handle's
 * pseudonym, else null.
 *
 * <p>Profiles ({@code app.bsky.actor.defs#profileView*}, alone or in {@code getProfiles} / {@code
 * searchActors} responses) are not posts: each is a {@code profile} control event with the
 * account's pseudonym and no names.
 */
public final class BlueskyPosts implements PostFormat {
  @Override
  public String name() {
    return Formats.BLUESKY_API;
  }

  @Override
  public boolean detects(JsonNode n) {
    if (isPostView(n) || isPostView(n.get("post"))) {
      return true; // a post view; a feed item or thread node (twitwi adds the post's uri beside it)
    }
    if (n.path("thread").isObject()) {
      return isThreadNode(n.get("thread"));
    }
    if (n.path("feed").isArray()) {
      return n.get("feed").isEmpty()
          ? n.has("cursor") || n.size() == 1
          : n.get("feed").get(0).has("post");
    }
    if (n.path("posts").isArray()) {
      return n.get("posts").isEmpty()
          ? n.has("cursor") || n.has("hitsTotal") || n.size() == 1
          : isPostView(n.get("posts").get(0));
    }
    return isProfile(n) || profilesEnvelope(n) != null;
  }

  /** A post view: an at:// URI, the post record and its author. */
  static boolean isPostView(JsonNode n) {
    return n != null
        && n.isObject()
        && n.path("uri").asText("").startsWith("at://")
        && n.path("record").isObject()
        && (n.has("author") || n.has("cid"));
  }

  private static boolean isThreadNode(JsonNode n) {
    return isPostView(n.get("post"))
        || typeOf(n).startsWith("app.bsky.feed.defs#")
        || n.path("notFound").asBoolean(false)
        || n.path("blocked").asBoolean(false);
  }

  /** A profile view: an account's did and handle, and nothing of a post or a stream event. */
  private static boolean isProfile(JsonNode n) {
    return n != null
        && n.isObject()
        && n.path("did").asText("").startsWith("did:")
        && n.has("handle")
        && !n.has("uri")
        && !n.has("record")
        && !n.has("kind")
        && !n.has("commit");
  }

  private static JsonNode profilesEnvelope(JsonNode n) {
    for (String field : List.of("profiles", "actors")) {
      JsonNode list = n.path(field);
      if (list.isArray() && !list.isEmpty() && isProfile(list.get(0))) {
        return list;
      }
    }
    return null;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    if (isProfile(record)) {
      out.add(profile(record, ctx));
      return;
    }
    JsonNode profiles = profilesEnvelope(record);
    if (profiles != null) {
      for (JsonNode profile : profiles) {
        out.add(profile(profile, ctx));
      }
      return;
    }
    Page page = new Page();
    if (isPostView(record)) {
      page.post(record);
    } else if (record.has("post")
        && !record.has("parent")
        && !record.has("replies")
        && !typeOf(record).endsWith("#threadViewPost")) {
      page.feedItem(record);
    } else if (record.has("post")) {
      page.thread(record);
    } else if (record.path("thread").isObject()) {
      page.thread(record.get("thread"));
    } else if (record.path("feed").isArray()) {
      for (JsonNode item : record.get("feed")) {
        page.feedItem(item);
      }
    } else {
      for (JsonNode view : record.path("posts")) {
        page.post(view);
      }
    }
    page.emit(ctx, out);
  }

  private static Item profile(JsonNode profile, ParseContext ctx) {
    Item item = Item.control(PLATFORM, "profile");
    item.targetAuthorIdKey = ctx.accountId(PLATFORM, text(profile, "did"));
    item.detail = "a profile, not a post";
    return item;
  }

  /** A repost shown in a feed: who reposted which post view, and when. */
  private record Repost(JsonNode by, JsonNode indexedAt, JsonNode original) {}

  /**
   * The posts of one record, gathered before any is built: the record's own posts, reposts, the
   * reply context, and the handle of each post's author by URI (for reply_to_author_key).
   */
  private static final class Page {
    final List<JsonNode> posts = new ArrayList<>();
    final List<Repost> reposts = new ArrayList<>();
    final List<JsonNode> context = new ArrayList<>();
    final Map<String, String> authorByUri = new HashMap<>();

    void post(JsonNode view) {
      posts.add(view);
      know(view);
    }

    private void know(JsonNode view) {
      String uri = text(view, "uri");
      String handle = text(view.path("author"), "handle");
      if (uri != null && handle != null) {
        authorByUri.putIfAbsent(uri, handle);
      }
    }

    void feedItem(JsonNode item) {
      JsonNode view = item.path("post");
      if (!item.isObject() || !view.isObject()) {
        posts.add(
            item); // not a feed item: built as a post view, so it is quarantined with its reason
        return;
      }
      post(view);
      JsonNode reason = item.path("reason");
      String reasonType = typeOf(reason);
      if (reasonType.endsWith("#reasonRepost")
          || reasonType.isEmpty() && reason.path("by").isObject()) {
        reposts.add(new Repost(reason.path("by"), reason.get("indexedAt"), view));
      }
      JsonNode reply = item.path("reply");
      for (String field : List.of("root", "parent")) {
        if (isPostView(reply.get(field))) {
          context.add(reply.get(field));
          know(reply.get(field));
        }
      }
      // the parent's own parent is by grandparentAuthor
      String grandparent =
          text(reply.path("parent").path("record").path("reply").path("parent"), "uri");
      String grandparentHandle = text(reply.path("grandparentAuthor"), "handle");
      if (grandparent != null && grandparentHandle != null) {
        authorByUri.putIfAbsent(grandparent, grandparentHandle);
      }
    }

    /**
     * A thread: the node's post, its parents up to the root, and every reply below it, depth first.
     */
    void thread(JsonNode node) {
      for (JsonNode parent = node.path("parent");
          parent.isObject();
          parent = parent.path("parent")) {
        if (isPostView(parent.get("post"))) {
          post(parent.get("post"));
        }
      }
      Deque<JsonNode> pending = new ArrayDeque<>();
      pending.push(node);
      while (!pending.isEmpty()) {
        JsonNode n = pending.pop();
        if (isPostView(n.get("post"))) {
          post(n.get("post"));
        }
        JsonNode replies = n.path("replies");
        for (int i = replies.size() - 1; i >= 0; i--) {
          if (replies.get(i).isObject()) {
            pending.push(replies.get(i));
          }
        }
      }
    }

    void emit(ParseContext ctx, List<Item> out) {
      Set<String> seen = new HashSet<>();
      for (JsonNode view : posts) {
        String uri = text(view, "uri");
        if (uri == null || seen.add(uri)) {
          out.add(ctx.guard(() -> postView(view, this, ctx)));
        }
      }
      for (Repost repost : reposts) {
        out.add(ctx.guard(() -> repost(repost, ctx)));
      }
      for (JsonNode view : context) {
        if (seen.add(text(view, "uri"))) {
          out.add(ctx.guard(() -> postView(view, this, ctx)));
        }
      }
    }

    String authorOf(JsonNode record) {
      String parent = text(record.path("reply").path("parent"), "uri");
      return parent == null ? null : authorByUri.get(parent);
    }
  }

  private static Item postView(JsonNode view, Page page, ParseContext ctx) {
    if (!view.isObject()) {
      throw new Rejected(QuarantineReason.WRONG_TYPE, "a post view is a JSON " + Fields.type(view));
    }
    String uri = Fields.string(view, "uri");
    if (uri == null) {
      throw new Rejected(QuarantineReason.MISSING_ID, "the post view has no uri");
    }
    BlueskyRecords.AtUri at = BlueskyRecords.atUri(uri);
    if (at == null || !at.isPost()) {
      throw new Rejected(
          QuarantineReason.BAD_ID,
          "uri '" + Fields.abbreviate(uri) + "' is not a post's at:// URI");
    }
    JsonNode author = view.path("author");
    String authorDid = text(author, "did");
    String handle = text(author, "handle");
    // a URI written with the handle instead of the did (at://alice.bsky.social/...) is the author's
    String did =
        !at.authority().startsWith("did:")
                && authorDid != null
                && at.authority().equalsIgnoreCase(handle)
            ? authorDid
            : at.authority();
    JsonNode record = view.get("record");
    PostBuilder p =
        BlueskyRecords.post(
            ctx,
            Formats.BLUESKY_API,
            did,
            at.rkey(),
            handle,
            record,
            record == null ? null : page.authorOf(record));
    p.item.likeCount = number(view, "likeCount");
    p.item.shareCount = number(view, "repostCount");
    p.item.replyCount = number(view, "replyCount");
    p.item.quoteCount = number(view, "quoteCount");
    p.attribute("cid", text(view, "cid"));
    p.attribute("labels", labels(view.path("labels")));
    return p.build();
  }

  /**
   * Moderation labels on the post (their values: {@code porn}, {@code !hide}...), kept as a source
   * attribute.
   */
  private static String labels(JsonNode labels) {
    List<String> values = new ArrayList<>();
    for (JsonNode label : labels) {
      String value = text(label, "val");
      if (value != null && !label.path("neg").asBoolean(false) && !values.contains(value)) {
        values.add(value);
      }
    }
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static Item repost(Repost repost, ParseContext ctx) {
    JsonNode original = repost.original();
    BlueskyRecords.AtUri at = BlueskyRecords.atUri(text(original, "uri"));
    String byDid = text(repost.by(), "did");
    if (at == null || !at.isPost() || byDid == null || byDid.isEmpty()) {
      throw new Rejected(
          QuarantineReason.MISSING_ID, "the repost has no reposter did or no original post uri");
    }
    PostBuilder p = ctx.post(PLATFORM, Formats.BLUESKY_API);
    p.id(byDid + ":repost:" + at.authority() + ":" + at.rkey());
    p.author(BlueskyRecords.handle(text(repost.by(), "handle")), byDid);
    p.createdAt(repost.indexedAt());
    JsonNode record = original.path("record");
    String text = Fields.string(record, "text");
    String originalAuthor = BlueskyRecords.handle(text(original.path("author"), "handle"));
    if (text != null) {
      text = BlueskyRecords.withMentionAts(text, record.path("facets"));
      if (originalAuthor != null && !text.isBlank()) {
        text = "RT @" + originalAuthor + ": " + text;
      }
    }
    p.text(text, record.has("text"));
    p.item.repostOf = BlueskyRecords.postId(text(original, "uri"));
    p.item.lang = BlueskyRecords.language(record.path("langs"));
    p.hashtags(BlueskyRecords.hashtags(record), null);
    return p.build();
  }
}
