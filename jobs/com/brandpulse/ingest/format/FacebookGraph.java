package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.TextCleaner;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facebook Graph API responses: pages of page or group posts ({@code /{page-id}/feed}, {@code
 * /posts}, {@code /{group-id}/feed}) and of comments ({@code /{post-id}/comments}), each {@code
 * {"data": [...], "paging": {cursors, next}, "summary": ...}}; a single post or comment object;
 * comments nested in their post ({@code comments.data}) and replies nested in their comment; and
 * error responses ({@code api_error}).
 *
 * <p>Identity: post_id is {@code facebook:<id as Facebook gives it>}, {@code <pageid>_<postid>} for
 * a post and {@code <postid>_<commentid>} for a comment; reply and conversation links use the same
 * form. The author is {@code from.id} as an account-id pseudonym, which is also the author key
 * (Graph has no handle, and {@code from.name} is a person's name: never used); without {@code from}
 * (no permission to see it) the author is null. community is the page or group id, the prefix of
 * the post's id, when the post's full id is known, as the same pseudonym as its account: the id
 * alone cannot tell a page from a person (a person's own feed, /me/feed, carries that person's
 * account id there), and a page's community key equals its posts' author key, so a page named in
 * the taxonomy ({@code facebook#<page id>}) is recognised both ways.
 *
 * <p>The objects of a page are comments when its paging links fetch a {@code /comments} edge, when
 * its {@code summary} is a comments summary ({@code order}, {@code can_comment}), or when they
 * carry fields only comments have ({@code parent}, {@code like_count}, {@code comment_count}, a
 * comment permalink); else posts.
 *
 * <p>A comment answers the comment named by {@code parent.id}, else the one it is nested in, else
 * its post. Its post (conversation_id) is, in order: the post it is nested in; the one its {@code
 * permalink_url} names ({@code facebook.com/<pageid>/posts/<postid>/?comment_id=..}); its {@code
 * object.id}; the object whose {@code /comments} edge the page's paging links fetch, when that
 * object's id ends with the comment id's prefix; else the comment id's prefix alone ({@code
 * <postid>}, without the page: a link to {@code facebook:<postid>} that matches the post only if it
 * was read under that id). A comments page fetched without {@code id} (the real python-facebook
 * test data) gets its ids from {@code permalink_url}: {@code <postid>_<comment_id>}, or {@code
 * <postid>_<reply_comment_id>} for a reply to {@code <postid>_<comment_id>}, the form Graph gives.
 *
 * <p>Text is {@code message}; people tagged in it ({@code message_tags} of type user) become
 * {@code @<pseudonym>} of their account id and join mention_keys, as @handles do elsewhere; pages
 * keep their names. A post or comment without a message (a photo, a sticker, or only a {@code
 * story}, Facebook's sentence about the post that names people) is a control event {@code no_text}.
 * {@code created_time} is the creation time; a post with only {@code updated_time} takes it (an
 * upper bound, kept as {@code created_time_source=updated_time}). edit_rank is the seconds from
 * creation to {@code updated_time}: Graph's last-activity time, so of two snapshots of a post the
 * later one wins whatever order the files are read in.
 */
public final class FacebookGraph implements PostFormat {
  private static final String PLATFORM = FacebookExport.PLATFORM;
  private static final Pattern GRAPH_ID = Pattern.compile("\\d+(?:_\\d+)?");
  private static final Pattern PERMALINK_POST =
      Pattern.compile("facebook\\.com/(\\d+)/posts/(\\d+)");
  private static final Pattern STORY_FBID = Pattern.compile("[?&]story_fbid=(\\d+)");
  private static final Pattern STORY_OWNER = Pattern.compile("[?&]id=(\\d+)");
  private static final Pattern COMMENT_ID = Pattern.compile("[?&]comment_id=(\\d+)");
  private static final Pattern REPLY_COMMENT_ID = Pattern.compile("[?&]reply_comment_id=(\\d+)");

  /** A paging link: the object and the edge a page was fetched from. */
  private static final Pattern EDGE =
      Pattern.compile("graph\\.facebook\\.com/(?:v[\\d.]+/)?(\\d+(?:_\\d+)?)/(\\w+)");

  @Override
  public String name() {
    return Formats.FACEBOOK_GRAPH;
  }

  @Override
  public boolean detects(JsonNode n) {
    if (n.path("error").isObject() && n.get("error").has("fbtrace_id")) {
      return true;
    }
    JsonNode data = n.get("data");
    if (data != null && data.isArray()) {
      JsonNode paging = n.path("paging");
      boolean graphPage =
          paging.isObject()
                  && (paging.has("cursors") || paging.has("next") || paging.has("previous"))
              || n.path("summary").has("total_count");
      return graphPage || data.size() > 0 && isGraphObject(data.get(0));
    }
    return isGraphObject(n);
  }

  /**
   * A Graph post or comment: a Graph time and a Graph id or permalink, or a post fetched for its
   * comments only.
   */
  private static boolean isGraphObject(JsonNode o) {
    if (!o.isObject()) {
      return false;
    }
    String id = text(o, "id");
    boolean graphId = id != null && GRAPH_ID.matcher(id).matches();
    if (graphId && id.indexOf('_') > 0 && o.path("comments").path("data").isArray()) {
      return true;
    }
    String link = text(o, "permalink_url");
    return (o.path("created_time").isTextual() || o.path("updated_time").isTextual())
        && (graphId || link != null && link.contains("facebook.com/"));
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    if (record.path("error").isObject()) {
      JsonNode error = record.get("error");
      Item item = Item.control(PLATFORM, "api_error");
      item.detail =
          firstNonEmpty(text(error, "type"), "error")
              + " "
              + firstNonEmpty(text(error, "code"), "?")
              + ": "
              + firstNonEmpty(text(error, "message"), "");
      out.add(item);
      return;
    }
    JsonNode data = record.get("data");
    if (data != null && data.isArray()) {
      Around page = Around.ofPage(record);
      for (JsonNode node : data) {
        node(node, page, ctx, out);
      }
    } else {
      node(record, Around.NONE, ctx, out);
    }
  }

  /**
   * Where an object sits, from around it: the post it belongs to (full Graph id), the comment it is
   * nested in, the object a page of comments was fetched from, and whether the objects here are
   * comments.
   */
  private record Around(String post, String comment, String edgeObject, boolean comments) {
    static final Around NONE = new Around(null, null, null, false);

    /**
     * A page's objects: comments when its paging links fetch a /comments edge or its summary is a
     * comments one.
     */
    static Around ofPage(JsonNode page) {
      JsonNode paging = page.path("paging");
      for (String link : new String[] {text(paging, "next"), text(paging, "previous")}) {
        Matcher m = link == null ? null : EDGE.matcher(link);
        if (m != null && m.find()) {
          return m.group(2).equals("comments") ? new Around(null, null, m.group(1), true) : NONE;
        }
      }
      JsonNode summary = page.path("summary");
      return summary.has("can_comment") || summary.has("order")
          ? new Around(null, null, null, true)
          : NONE;
    }
  }

  private static void node(JsonNode node, Around where, ParseContext ctx, List<Item> out) {
    if (!node.isObject()) {
      out.add(
          Item.quarantine(
              QuarantineReason.WRONG_TYPE.code(),
              "data item is a JSON " + Fields.type(node) + ", expected an object"));
      return;
    }
    Around below;
    if (where.comments() || isComment(node)) {
      Links links = Links.of(node, where);
      out.add(ctx.guard(() -> comment(node, links, ctx)));
      below = new Around(links.post(), links.id(), null, true);
    } else {
      out.add(ctx.guard(() -> post(node, ctx)));
      below = new Around(text(node, "id"), null, null, true);
    }
    for (JsonNode child : node.path("comments").path("data")) {
      node(child, below, ctx, out); // comments nest in posts, replies in comments
    }
  }

  /** Fields only comments have, or a permalink to a comment. */
  private static boolean isComment(JsonNode n) {
    String link = text(n, "permalink_url");
    return n.has("parent")
        || n.has("comment_count")
        || n.has("like_count")
        || n.has("object")
        || n.has("attachment")
        || link != null && link.contains("comment_id=");
  }

  private static Item post(JsonNode t, ParseContext ctx) {
    String id = Fields.idOf(t, "id");
    String message = Fields.string(t, "message");
    if (message == null || message.isBlank()) {
      List<String> what = new ArrayList<>();
      if (t.hasNonNull("story")) {
        what.add("only a story");
      }
      if (text(t, "status_type") != null) {
        what.add("status_type " + text(t, "status_type"));
      }
      for (JsonNode a : t.path("attachments").path("data")) {
        if (text(a, "type") != null) {
          what.add("attachment " + text(a, "type"));
        }
      }
      return noText("post", id, t, what);
    }
    PostBuilder p = started(t, id, message, ctx);
    p.item.likeCount =
        firstCount(
            number(t.path("reactions").path("summary"), "total_count"),
            number(t.path("likes").path("summary"), "total_count"));
    p.item.shareCount = number(t.path("shares"), "count");
    p.item.replyCount = number(t.path("comments").path("summary"), "total_count");
    p.item.community = ctx.accountId(PLATFORM, community(id));
    p.item.hashtags = FacebookExport.hashtags(message);
    p.attribute("status_type", text(t, "status_type"));
    place(t.path("place"), p);
    return p.build();
  }

  /**
   * A comment's id, post and reply target, resolved from it and from where it sits (see the class
   * comment).
   */
  private record Links(String id, String post, String replyTo) {
    static Links of(JsonNode c, Around where) {
      String link = text(c, "permalink_url");
      String linkObject = null;
      String linkOwner = null;
      String commentId = null;
      String replyId = null;
      if (link != null) {
        Matcher post = PERMALINK_POST.matcher(link);
        Matcher story = STORY_FBID.matcher(link);
        Matcher owner = STORY_OWNER.matcher(link);
        if (post.find()) {
          linkOwner = post.group(1);
          linkObject = post.group(2);
        } else if (story.find()) {
          linkObject = story.group(1);
          linkOwner = owner.find() ? owner.group(1) : null;
        }
        commentId = find(COMMENT_ID, link);
        replyId = find(REPLY_COMMENT_ID, link);
      }
      String id = text(c, "id");
      if (id == null && linkObject != null && commentId != null) {
        id = linkObject + "_" + firstNonEmpty(replyId, commentId);
      }
      String prefix = id != null && id.indexOf('_') > 0 ? id.substring(0, id.indexOf('_')) : null;
      String post = where.post();
      if (post == null && linkObject != null && linkOwner != null) {
        post = linkOwner + "_" + linkObject;
      }
      if (post == null) {
        post = text(c.path("object"), "id");
      }
      String answered = text(c.path("parent"), "id");
      if (answered == null) {
        answered = where.comment();
      }
      String edge = where.edgeObject();
      if (edge != null && prefix != null) {
        if (edge.equals(prefix) || edge.endsWith("_" + prefix)) {
          post = post == null ? edge : post; // the page lists the post's comments
        } else if (edge.startsWith(prefix + "_") && answered == null) {
          answered = edge; // the page lists a comment's replies
        }
      }
      if (answered == null && replyId != null && linkObject != null) {
        answered = linkObject + "_" + commentId;
      }
      if (post == null) {
        post = prefix;
      }
      return new Links(id, post, answered != null ? answered : post);
    }

    private static String find(Pattern p, String s) {
      Matcher m = p.matcher(s);
      return m.find() ? m.group(1) : null;
    }
  }

  private static Item comment(JsonNode c, Links links, ParseContext ctx) {
    String ownId = Fields.idOf(c, "id"); // a floating-point id is rejected here
    String id = ownId != null ? ownId : links.id();
    String message = Fields.string(c, "message");
    if (message == null || message.isBlank()) {
      List<String> what = new ArrayList<>();
      String attached = text(c.path("attachment"), "type");
      if (attached != null) {
        what.add("attachment " + attached);
      }
      return noText("comment", id, c, what);
    }
    PostBuilder p = started(c, id, message, ctx);
    p.item.replyToPostId = qualify(PLATFORM, links.replyTo());
    p.item.conversationId = qualify(PLATFORM, links.post());
    p.item.community = ctx.accountId(PLATFORM, community(links.post()));
    p.item.likeCount =
        firstCount(
            number(c, "like_count"), number(c.path("reactions").path("summary"), "total_count"));
    p.item.replyCount = number(c, "comment_count");
    p.item.hashtags = FacebookExport.hashtags(message);
    return p.build();
  }

  /** created_time, else updated_time; edit_rank from updated_time (see the class comment). */
  private static void times(JsonNode t, PostBuilder p) {
    JsonNode created = t.get("created_time");
    JsonNode updated = t.get("updated_time");
    boolean hasCreated =
        created != null
            && !created.isNull()
            && !(created.isTextual() && created.asText().isBlank());
    if (!hasCreated && updated != null && updated.isTextual()) {
      p.createdAt(updated);
      p.attribute("created_time_source", "updated_time");
      return;
    }
    p.createdAt(created);
    Instant last =
        updated != null && updated.isTextual() ? Timestamps.parse(updated.asText()) : null;
    p.editedAt(last);
  }

  /**
   * The message as text: cleaned like every post's, with each tagged person (a message tag of type
   * user, found at its offset or else by its name) replaced by {@code @<pseudonym of the account
   * id>}.
   */
  private static void messageText(JsonNode t, String message, PostBuilder p, ParseContext ctx) {
    p.text(message, true); // the checks and the cleaning of the whole
    List<int[]> spans = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (JsonNode tag : t.path("message_tags")) {
      String name = text(tag, "name");
      if (!"user".equals(text(tag, "type")) || name == null || name.isEmpty()) {
        continue;
      }
      int offset = tag.path("offset").isInt() ? tag.get("offset").asInt() : -1;
      int length = tag.path("length").asInt(name.length());
      boolean atOffset =
          offset >= 0
              && offset + length <= message.length()
              && message.substring(offset, offset + length).equals(name);
      int start = atOffset ? offset : message.indexOf(name);
      int end = atOffset ? offset + length : start + name.length();
      if (start >= 0 && spans.stream().noneMatch(s -> s[0] < end && start < s[1])) {
        spans.add(new int[] {start, end, keys.size()});
        keys.add(ctx.accountId(PLATFORM, text(tag, "id")));
      }
    }
    if (spans.isEmpty()) {
      return;
    }
    spans.sort(Comparator.comparingInt(s -> s[0]));
    StringBuilder out = new StringBuilder(message.length());
    List<String> mentions = new ArrayList<>();
    int at = 0;
    for (int[] s : spans) {
      TextCleaner.Cleaned before = ctx.cleaner().clean(message.substring(at, s[0]), PLATFORM);
      out.append(before.text());
      mentions.addAll(before.mentionKeys());
      String key = keys.get(s[2]);
      if (key == null) {
        out.append(TextCleaner.PERSON_MASK);
      } else {
        out.append('@').append(key);
        mentions.add(key);
      }
      at = s[1];
    }
    TextCleaner.Cleaned rest = ctx.cleaner().clean(message.substring(at), PLATFORM);
    out.append(rest.text());
    mentions.addAll(rest.mentionKeys());
    p.item.text = out.toString();
    p.item.mentionKeys = mentions;
  }

  private static Item noText(String kind, String id, JsonNode t, List<String> what) {
    Item item = Item.control(PLATFORM, "no_text");
    item.targetPostId = qualify(PLATFORM, id);
    String time = firstNonEmpty(text(t, "created_time"), text(t, "updated_time"));
    item.eventAt = Timestamps.parse(time);
    item.detail =
        "facebook graph "
            + kind
            + " without a message"
            + (what.isEmpty() ? "" : ": " + String.join("; ", what));
    return item;
  }

  private static void place(JsonNode place, PostBuilder p) {
    String name = Fields.emptyToNull(text(place, "name"));
    if (name == null) {
      return;
    }
    p.item.placeName = name;
    JsonNode location = place.path("location");
    if (location.path("latitude").isNumber() && location.path("longitude").isNumber()) {
      p.item.geoLat = location.get("latitude").asDouble();
      p.item.geoLon = location.get("longitude").asDouble();
    }
  }

  /** A post or comment with what both have: id, author, times and text. */
  private static PostBuilder started(JsonNode node, String id, String message, ParseContext ctx) {
    PostBuilder p = ctx.post(PLATFORM, Formats.FACEBOOK_GRAPH);
    p.id(id);
    p.authorById(text(node.path("from"), "id"));
    times(node, p);
    messageText(node, message, p, ctx);
    return p;
  }

  /** The page or group of a post id {@code <pageid>_<postid>}; null for a bare id. */
  private static String community(String postId) {
    return postId != null && postId.indexOf('_') > 0
        ? postId.substring(0, postId.indexOf('_'))
        : null;
  }

  private static Long firstCount(Long first, Long second) {
    return first != null ? first : second;
  }
}
