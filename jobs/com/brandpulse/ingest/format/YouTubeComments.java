package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.string;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * YouTube Data API v3 comments: {@code commentThreads.list} and {@code comments.list} responses,
 * arrays of their items, and single {@code commentThread} or {@code comment} resources. Every
 * top-level comment and every reply is a post. YouTube threads are one level deep: a reply's {@code
 * parentId} (also the part of its id before the dot) is always the top-level comment, which is the
 * thread's conversation. A thread carries only some of its replies ({@code totalReplyCount} counts
 * them all); the rest come from {@code comments.list} and link the same way.
 */
public final class YouTubeComments implements PostFormat {
  private static final String THREAD_LIST = "youtube#commentThreadListResponse";
  private static final String COMMENT_LIST = "youtube#commentListResponse";
  private static final String THREAD = "youtube#commentThread";
  private static final String COMMENT = "youtube#comment";
  private static final Set<String> KINDS = Set.of(THREAD_LIST, COMMENT_LIST, THREAD, COMMENT);

  /** A handle as authorDisplayName shows it since 2022: '@' and the handle, no spaces. */
  private static final Pattern HANDLE = Pattern.compile("@[^\\s@]+");

  @Override
  public String name() {
    return Formats.YOUTUBE_API;
  }

  @Override
  public boolean detects(JsonNode n) {
    return KINDS.contains(n.path("kind").asText(""));
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    resource(record, ctx, out);
  }

  private static void resource(JsonNode r, ParseContext ctx, List<Item> out) {
    String kind = r.path("kind").asText("");
    switch (kind) {
      case THREAD_LIST, COMMENT_LIST -> {
        for (JsonNode item : r.path("items")) {
          resource(item, ctx, out);
        }
      }
      case THREAD -> thread(r, ctx, out);
      case COMMENT -> out.add(ctx.guard(() -> comment(r, null, null, ctx)));
      default ->
          out.add(
              Item.quarantine(
                  QuarantineReason.UNKNOWN_SHAPE.code(),
                  "a YouTube list item of kind '"
                      + Fields.abbreviate(kind)
                      + "' is neither a comment thread nor a comment"));
    }
  }

  /**
   * What a thread gives its comments: where they were written, and the top-level comment's post and
   * author.
   */
  private record InThread(
      String videoId, String channelId, String topPostId, String topAuthorKey) {}

  private static void thread(JsonNode thread, ParseContext ctx, List<Item> out) {
    JsonNode snippet = thread.path("snippet");
    JsonNode top = snippet.path("topLevelComment");
    JsonNode replies = thread.path("replies").path("comments");
    if (!top.isObject() && replies.isEmpty()) {
      out.add(
          Item.quarantine(
              QuarantineReason.MISSING_TEXT.code(),
              "comment thread without snippet.topLevelComment or replies (requested without part=snippet?)"));
      return;
    }
    String videoId = emptyToNull(text(snippet, "videoId"));
    String channelId = emptyToNull(text(snippet, "channelId"));
    Item first = null;
    if (top.isObject()) {
      first =
          ctx.guard(
              () ->
                  comment(
                      top,
                      new InThread(videoId, channelId, null, null),
                      number(snippet, "totalReplyCount"),
                      ctx));
      out.add(first);
    }
    // replies.comments is a subset when totalReplyCount is larger: the API's page, not a broken
    // thread
    InThread context =
        first == null
            ? new InThread(videoId, channelId, null, null)
            : new InThread(videoId, channelId, first.postId, first.authorKey);
    for (JsonNode reply : replies) {
      out.add(ctx.guard(() -> comment(reply, context, null, ctx)));
    }
  }

  /**
   * One comment; {@code replyCount} is its thread's totalReplyCount when it is the top-level
   * comment.
   */
  private static Item comment(JsonNode c, InThread thread, Long replyCount, ParseContext ctx) {
    if (!c.isObject()) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE,
          "comment is a JSON " + Fields.type(c) + ", expected an object");
    }
    JsonNode s = c.path("snippet");
    PostBuilder p = ctx.post("youtube", Formats.YOUTUBE_API);
    String id = string(c, "id");
    p.id(id);
    // The display name never reaches silver: only a handle ("@name") is one, and the channel id
    // always is.
    String display = text(s, "authorDisplayName");
    String handle =
        display != null && HANDLE.matcher(display.strip()).matches() ? display.strip() : null;
    p.author(handle, text(s.path("authorChannelId"), "value"));
    p.createdAt(s.get("publishedAt"));
    String parent =
        firstNonEmpty(
            emptyToNull(text(s, "parentId")),
            id.indexOf('.') > 0 ? id.substring(0, id.indexOf('.')) : null);
    if (parent != null) {
      p.item.replyToPostId = qualify("youtube", parent);
      p.item.conversationId = p.item.replyToPostId;
      if (thread != null && p.item.replyToPostId.equals(thread.topPostId())) {
        p.item.replyToAuthorKey = thread.topAuthorKey();
      }
    }
    String original = text(s, "textOriginal");
    String body =
        original != null && !original.isEmpty() ? original : HtmlText.text(text(s, "textDisplay"));
    p.text(
        body == null ? null : body.replace("\uFEFF", ""),
        s.has("textOriginal") || s.has("textDisplay"));
    p.item.likeCount = number(s, "likeCount");
    p.item.replyCount = replyCount;
    p.item.community =
        firstNonEmpty(
            emptyToNull(text(s, "videoId")),
            thread == null ? null : thread.videoId(),
            emptyToNull(text(s, "channelId")),
            thread == null ? null : thread.channelId());
    p.editedAt(Timestamps.parse(text(s, "updatedAt")));
    return p.build();
  }
}
