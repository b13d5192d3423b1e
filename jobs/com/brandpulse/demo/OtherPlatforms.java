package com.brandpulse.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The demo archive's conversations on Mastodon, Bluesky, YouTube and Facebook, written in each
 * platform's API shape (Mastodon REST statuses, Bluesky searchPosts pages, YouTube
 * commentThreads.list pages, Facebook Graph page feeds with nested comments), so the demo exercises
 * every reader and the gold tables get a row per platform. The generator decides a thread's
 * platform when its first post is written; replies follow their thread.
 */
final class OtherPlatforms {
  static final int NONE = 0, MASTODON = 1, BLUESKY = 2, YOUTUBE = 3, FACEBOOK = 4;
  private static final String[] NAMES = {"twitter", "mastodon", "bluesky", "youtube", "facebook"};
  private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9_]{1,30})");
  private static final DateTimeFormatter MS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GRAPH =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String BASE32_SORT = "234567abcdefghijklmnopqrstuvwxyz";

  /**
   * One post of a thread as the generator made it; {@code parent} and {@code root} are null for a
   * first post.
   */
  record Post(
      int platform,
      long id,
      long ms,
      String handle,
      long accountId,
      String name,
      boolean ko,
      String text,
      Post parent,
      Post root,
      int likes,
      int shares,
      String brand) {}

  /** How an output file is opened: the generator counts files per format. */
  interface Opener {
    OutputStream open(java.nio.file.Path file, String format) throws IOException;
  }

  private final java.nio.file.Path out;
  private final Opener opener;
  private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
  private final List<List<Post>> threads = new ArrayList<>();
  private final Map<Long, Integer> threadOf = new LinkedHashMap<>();

  OtherPlatforms(java.nio.file.Path out, Opener opener) {
    this.out = out;
    this.opener = opener;
  }

  /** The platform of a new conversation: most stay on X; a few move to the other platforms. */
  static int pick(SplittableRandom rng, boolean ko) {
    double u = rng.nextDouble();
    if (ko) {
      return u < 0.01
          ? MASTODON
          : u < 0.04 ? BLUESKY : u < 0.09 ? YOUTUBE : u < 0.11 ? FACEBOOK : NONE;
    }
    return u < 0.03
        ? MASTODON
        : u < 0.06 ? BLUESKY : u < 0.08 ? YOUTUBE : u < 0.10 ? FACEBOOK : NONE;
  }

  /**
   * How the taxonomy and the staff roster name an X account's namesake on the other platforms (see
   * Pseudonymizer.account): the demo's people keep their handle everywhere, so a brand's care team
   * and its employees are recognised wherever they answer. Facebook names people by id only and is
   * left out.
   */
  static List<String> accountRefs(String handle) {
    return List.of(
        "mastodon:" + handle + "@mastodon.example",
        "mastodon:" + handle + "@kr.mastodon.example",
        "bluesky:" + blueskyHandle(handle),
        "youtube:" + handle);
  }

  static String name(int platform) {
    return NAMES[platform];
  }

  void add(Post p) {
    Integer thread = p.root() == null ? null : threadOf.get(p.root().id());
    if (thread == null) {
      threads.add(new ArrayList<>());
      thread = threads.size() - 1;
      threadOf.put(p.id(), thread);
    }
    threads.get(thread).add(p);
  }

  /** Writes every platform's files: one file per platform and day of the thread's first post. */
  void write() throws IOException {
    Map<String, List<List<Post>>> byFile = new TreeMap<>();
    for (List<Post> thread : threads) {
      Post first = thread.get(0);
      String day = LocalDate.ofInstant(Instant.ofEpochMilli(first.ms()), ZoneOffset.UTC).toString();
      byFile.computeIfAbsent(first.platform() + "/" + day, k -> new ArrayList<>()).add(thread);
    }
    for (Map.Entry<String, List<List<Post>>> e : byFile.entrySet()) {
      int platform = Integer.parseInt(e.getKey().substring(0, 1));
      String day = e.getKey().substring(2);
      ObjectNode page;
      String file;
      switch (platform) {
        case MASTODON -> {
          file = "statuses-" + day + ".json";
          ArrayNode statuses = json.createArrayNode();
          e.getValue().forEach(t -> t.forEach(p -> statuses.add(mastodon(p))));
          write(platform, file, statuses);
          continue;
        }
        case BLUESKY -> {
          file = "search-posts-" + day + ".json";
          page = json.createObjectNode();
          ArrayNode posts = page.putArray("posts");
          e.getValue().forEach(t -> t.forEach(p -> posts.add(bluesky(p))));
          page.put("hitsTotal", posts.size());
        }
        case YOUTUBE -> {
          file = "comment-threads-" + day + ".json";
          page = json.createObjectNode();
          page.put("kind", "youtube#commentThreadListResponse");
          page.put("etag", hash(day, 27));
          page.putObject("pageInfo")
              .put("totalResults", e.getValue().size())
              .put("resultsPerPage", 100);
          ArrayNode items = page.putArray("items");
          e.getValue().forEach(t -> items.add(youtubeThread(t)));
        }
        default -> {
          file = "page-feed-" + day + ".json";
          page = json.createObjectNode();
          ArrayNode data = page.putArray("data");
          e.getValue().forEach(t -> data.add(facebookPost(t)));
          page.putObject("paging")
              .putObject("cursors")
              .put("before", hash(day, 12))
              .put("after", hash(day + "a", 12));
        }
      }
      write(platform, file, page);
    }
  }

  private void write(int platform, String file, Object node) throws IOException {
    try (OutputStream o =
        opener.open(out.resolve(NAMES[platform]).resolve(file), NAMES[platform])) {
      json.writeValue(o, node);
    }
  }

  // --- Mastodon: REST Status objects, all accounts local to one server per language
  // -----------------------

  private static String instance(Post p) {
    return p.ko() ? "kr.mastodon.example" : "mastodon.example";
  }

  private ObjectNode mastodon(Post p) {
    String host = instance(p);
    ObjectNode s = json.createObjectNode();
    s.put("id", Long.toString(p.id()));
    s.put("created_at", MS.format(Instant.ofEpochMilli(p.ms())));
    s.put("in_reply_to_id", p.parent() == null ? null : Long.toString(p.parent().id()));
    s.put(
        "in_reply_to_account_id",
        p.parent() == null ? null : Long.toString(p.parent().accountId()));
    s.put("sensitive", false);
    s.put("spoiler_text", "");
    s.put("visibility", "public");
    s.put("language", p.ko() ? "ko" : "en");
    s.put("uri", "https://" + host + "/users/" + p.handle() + "/statuses/" + p.id());
    s.put("url", "https://" + host + "/@" + p.handle() + "/" + p.id());
    s.put("replies_count", 0);
    s.put("reblogs_count", p.shares());
    s.put("favourites_count", p.likes());
    s.putNull("edited_at");
    s.put("content", mastodonHtml(p.text(), host));
    s.putNull("reblog");
    ObjectNode account = s.putObject("account");
    account.put("id", Long.toString(p.accountId()));
    account.put("username", p.handle());
    account.put("acct", p.handle());
    account.put("display_name", p.name());
    account.put("url", "https://" + host + "/@" + p.handle());
    s.putArray("media_attachments");
    ArrayNode mentions = s.putArray("mentions");
    if (p.parent() != null) {
      // a reply names the person it answers, as the API lists every mentioned account
      Post parent = p.parent();
      mentions
          .addObject()
          .put("id", Long.toString(parent.accountId()))
          .put("username", parent.handle())
          .put("url", "https://" + host + "/@" + parent.handle())
          .put("acct", parent.handle());
    }
    s.putArray("tags");
    return s;
  }

  /**
   * Text as Mastodon renders it: escaped, paragraphs, and each @mention a link to the person's
   * profile.
   */
  private static String mastodonHtml(String text, String host) {
    StringBuilder html = new StringBuilder("<p>");
    Matcher m = MENTION.matcher(text);
    int at = 0;
    while (m.find()) {
      html.append(escape(text.substring(at, m.start())));
      html.append("<span class=\"h-card\"><a href=\"https://")
          .append(host)
          .append("/@")
          .append(m.group(1))
          .append("\" class=\"u-url mention\">@<span>")
          .append(m.group(1))
          .append("</span></a></span>");
      at = m.end();
    }
    html.append(escape(text.substring(at)));
    return html.append("</p>").toString().replace("\n\n", "</p><p>").replace("\n", "<br />");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // --- Bluesky: app.bsky.feed.defs#postView
  // -----------------------------------------------------------------

  private static String did(Post p) {
    return "did:plc:" + encode("did" + p.accountId(), 24, BASE32_SORT);
  }

  private static String blueskyHandle(String handle) {
    return handle.toLowerCase(Locale.ROOT).replace('_', '-') + ".bsky.social";
  }

  private static String uri(Post p) {
    return "at://" + did(p) + "/app.bsky.feed.post/" + tid(p);
  }

  /**
   * A record key as Bluesky makes it: microseconds since the epoch and a clock id, base32-sortable.
   */
  private static String tid(Post p) {
    long v =
        ((p.ms() * 1000 + Math.floorMod(p.id(), 1000)) << 10) | Math.floorMod(p.id() >>> 10, 1024);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 13; i++) {
      s.append(BASE32_SORT.charAt((int) (v & 31)));
      v >>>= 5;
    }
    return s.reverse().toString();
  }

  private ObjectNode bluesky(Post p) {
    ObjectNode v = json.createObjectNode();
    v.put("uri", uri(p));
    v.put("cid", "bafyrei" + hash("cid" + p.id(), 52));
    ObjectNode author = v.putObject("author");
    author.put("did", did(p));
    author.put("handle", blueskyHandle(p.handle()));
    author.put("displayName", p.name());
    ObjectNode record = v.putObject("record");
    record.put("$type", "app.bsky.feed.post");
    record.put("createdAt", MS.format(Instant.ofEpochMilli(p.ms())));
    // mentions name the person by their full handle, with a facet pointing at their did (byte
    // offsets)
    Matcher m = MENTION.matcher(p.text());
    StringBuilder text = new StringBuilder();
    ArrayNode facets = json.createArrayNode();
    int at = 0;
    while (m.find()) {
      text.append(p.text(), at, m.start());
      int start = text.toString().getBytes(StandardCharsets.UTF_8).length;
      text.append('@').append(blueskyHandle(m.group(1)));
      int end = text.toString().getBytes(StandardCharsets.UTF_8).length;
      ObjectNode facet = facets.addObject();
      facet.putObject("index").put("byteStart", start).put("byteEnd", end);
      facet
          .putArray("features")
          .addObject()
          .put("$type", "app.bsky.richtext.facet#mention")
          .put(
              "did",
              "did:plc:" + encode("did-" + m.group(1).toLowerCase(Locale.ROOT), 24, BASE32_SORT));
      at = m.end();
    }
    text.append(p.text().substring(at));
    record.put("text", text.toString());
    record.putArray("langs").add(p.ko() ? "ko" : "en");
    if (!facets.isEmpty()) {
      record.set("facets", facets);
    }
    if (p.parent() != null) {
      ObjectNode reply = record.putObject("reply");
      reply
          .putObject("root")
          .put("uri", uri(p.root()))
          .put("cid", "bafyrei" + hash("cid" + p.root().id(), 52));
      reply
          .putObject("parent")
          .put("uri", uri(p.parent()))
          .put("cid", "bafyrei" + hash("cid" + p.parent().id(), 52));
    }
    v.put("replyCount", 0);
    v.put("repostCount", p.shares());
    v.put("likeCount", p.likes());
    v.put("quoteCount", 0);
    v.put("indexedAt", MS.format(Instant.ofEpochMilli(p.ms() + 1500)));
    v.putArray("labels");
    return v;
  }

  // --- YouTube: commentThreads.list; replies are flat under the top-level comment
  // --------------------------

  private ObjectNode youtubeComment(Post p, Post top, String videoId) {
    ObjectNode c = json.createObjectNode();
    c.put("kind", "youtube#comment");
    c.put("etag", hash("etag" + p.id(), 27));
    c.put("id", top == null ? youtubeId(p) : youtubeId(top) + "." + hash("r" + p.id(), 22));
    ObjectNode s = c.putObject("snippet");
    s.put("channelId", channelOf(p.brand()));
    s.put("videoId", videoId);
    s.put("textDisplay", escape(p.text()).replace("\n", "<br>"));
    s.put("textOriginal", p.text());
    if (top != null) {
      s.put("parentId", youtubeId(top));
    }
    s.put("authorDisplayName", "@" + p.handle());
    s.put("authorChannelUrl", "http://www.youtube.com/@" + p.handle());
    s.putObject("authorChannelId").put("value", "UC" + hash("yt" + p.accountId(), 22));
    s.put("canRate", true);
    s.put("viewerRating", "none");
    s.put("likeCount", p.likes());
    String published = MS.format(Instant.ofEpochMilli(p.ms())).replace(".000Z", "Z");
    s.put("publishedAt", published);
    s.put("updatedAt", published);
    return c;
  }

  private ObjectNode youtubeThread(List<Post> thread) {
    Post top = thread.get(0);
    String videoId =
        hash(
            "video"
                + top.brand()
                + LocalDate.ofInstant(Instant.ofEpochMilli(top.ms()), ZoneOffset.UTC)
                    .withDayOfMonth(1),
            11);
    ObjectNode t = json.createObjectNode();
    t.put("kind", "youtube#commentThread");
    t.put("etag", hash("thread" + top.id(), 27));
    t.put("id", youtubeId(top));
    ObjectNode s = t.putObject("snippet");
    s.put("channelId", channelOf(top.brand()));
    s.put("videoId", videoId);
    s.set("topLevelComment", youtubeComment(top, null, videoId));
    s.put("canReply", true);
    s.put("totalReplyCount", thread.size() - 1);
    s.put("isPublic", true);
    if (thread.size() > 1) {
      ArrayNode replies = t.putObject("replies").putArray("comments");
      thread.subList(1, thread.size()).forEach(r -> replies.add(youtubeComment(r, top, videoId)));
    }
    return t;
  }

  private static String youtubeId(Post p) {
    return "Ugz" + hash("yt-comment" + p.id(), 23);
  }

  private static String channelOf(String brand) {
    return "UC" + hash("channel" + brand, 22);
  }

  // --- Facebook: Graph API page feed, visitor posts with their comments nested
  // ----------------------------

  private ObjectNode facebookPost(List<Post> thread) {
    Post top = thread.get(0);
    String pageId = pageOf(top.brand());
    ObjectNode post = json.createObjectNode();
    String postId = pageId + "_" + Long.toString(top.id() % 1_000_000_000_000_000L);
    post.put("id", postId);
    post.put("message", top.text());
    post.put("created_time", GRAPH.format(Instant.ofEpochMilli(top.ms())));
    post.putObject("from").put("name", top.name()).put("id", Long.toString(top.accountId()));
    post.putObject("reactions").putObject("summary").put("total_count", top.likes());
    post.putObject("shares").put("count", top.shares());
    if (thread.size() > 1) {
      ObjectNode comments = post.putObject("comments");
      ArrayNode data = comments.putArray("data");
      String postPart = postId.substring(postId.indexOf('_') + 1);
      for (Post c : thread.subList(1, thread.size())) {
        ObjectNode comment = data.addObject();
        comment.put("id", postPart + "_" + (c.id() % 1_000_000_000_000L));
        comment.put("message", c.text());
        comment.put("created_time", GRAPH.format(Instant.ofEpochMilli(c.ms())));
        comment.putObject("from").put("name", c.name()).put("id", Long.toString(c.accountId()));
        comment.put("like_count", c.likes());
        if (c.parent() != null && c.parent() != top) {
          comment
              .putObject("parent")
              .put("id", postPart + "_" + (c.parent().id() % 1_000_000_000_000L));
        }
      }
      comments
          .putObject("summary")
          .put("order", "chronological")
          .put("total_count", thread.size() - 1);
    }
    return post;
  }

  private static String pageOf(String brand) {
    return Long.toString(100_000_000_000_000L + Math.floorMod(brand.hashCode(), 900_000_000_000L));
  }

  /**
   * A stable id of {@code chars} characters from the text: letters, digits, '_' and '-', as the
   * platforms use.
   */
  private static String hash(String s, int chars) {
    return encode(s, chars, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
  }

  private static String encode(String s, int chars, String alphabet) {
    StringBuilder out = new StringBuilder();
    for (int round = 0; out.length() < chars; round++) {
      byte[] h = DigestUtils.sha256(s + "#" + round);
      for (int i = 0; i < h.length && out.length() < chars; i++) {
        out.append(alphabet.charAt((h[i] & 0xFF) % alphabet.length()));
      }
    }
    return out.toString();
  }
}
