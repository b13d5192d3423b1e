package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.idOf;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.TextCleaner;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reddit dump lines (Pushshift, Arctic Shift): one submission (RS) or comment (RC) object per line.
 */
public final class Pushshift implements PostFormat {
  private static final Pattern REDDIT_REMOVED = Pattern.compile("\\[(removed|deleted)]");

  @Override
  public String name() {
    return Formats.REDDIT;
  }

  @Override
  public boolean detects(JsonNode n) {
    return n.has("subreddit")
        || (n.has("created_utc") && (n.has("body") || n.has("selftext") || n.has("title")));
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    out.add(ctx.guard(() -> reddit(record, Formats.REDDIT, ctx)));
  }

  /** One submission or comment object: also the {@code data} of a Reddit API thing. */
  static Item reddit(JsonNode r, String sourceFormat, ParseContext ctx) {
    boolean comment = r.has("body") || text(r, "parent_id") != null;
    String id = idOf(r, "id");
    String name =
        firstNonEmpty(text(r, "name"), id == null ? null : (comment ? "t1_" : "t3_") + id);
    String body = comment ? text(r, "body") : null;
    if (comment && body != null && REDDIT_REMOVED.matcher(body.trim()).matches()) {
      // the dump keeps a placeholder for removed comments: honour it like a delete
      Item item = Item.control("reddit", "delete");
      item.targetPostId = qualify("reddit", name);
      item.detail =
          "comment body "
              + body.trim()
              + (Formats.REDDIT.equals(sourceFormat) ? " in the dump" : " in the API listing");
      return item;
    }
    PostBuilder p = ctx.post("reddit", sourceFormat);
    p.id(name);
    String author = text(r, "author");
    p.author(author, text(r, "author_fullname"));
    p.createdAt(r.get("created_utc"));
    // edited: false, or the last edit's epoch seconds (true in some old objects: edited, time
    // unknown)
    JsonNode edited = r.path("edited");
    if (edited.isNumber()) {
      p.editedAt(Timestamps.fromEpoch(edited.decimalValue()));
    } else if (edited.asBoolean(false)) {
      p.item.editRank = 1;
    }
    String text;
    if (comment) {
      text = body;
    } else {
      String title = text(r, "title");
      String self = text(r, "selftext");
      boolean hasSelf =
          self != null && !self.isBlank() && !REDDIT_REMOVED.matcher(self.trim()).matches();
      text = title == null ? null : hasSelf ? title + "\n\n" + self : title;
    }
    p.text(text == null ? null : TextCleaner.decodeEntities(text), r.has("body") || r.has("title"));
    p.item.replyToPostId = comment ? qualify("reddit", text(r, "parent_id")) : null;
    p.item.conversationId = comment ? qualify("reddit", text(r, "link_id")) : p.item.postId;
    // Reddit's score is ups minus downs and goes negative: it is no like count, so it is kept as
    // is.
    Long score = number(r, "score");
    p.item.sourceAttributes = score == null ? Map.of() : Map.of("score", Long.toString(score));
    // a comment's num_comments (the API's user listings) counts its submission's comments, not its
    // replies
    p.item.replyCount = comment ? null : number(r, "num_comments");
    String subreddit = text(r, "subreddit");
    // u_<name> is a person's profile, not a community: it gets that person's pseudonym
    p.item.community =
        subreddit != null && subreddit.startsWith("u_")
            ? ctx.handle("reddit", subreddit.substring(2))
            : subreddit;
    return p.build();
  }
}
