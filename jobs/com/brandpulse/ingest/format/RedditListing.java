package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Reddit API JSON: {@code Listing}s ({@code /r/<sub>.json}, {@code /r/<sub>/new.json}, {@code
 * /user/<u>/comments.json}, search, and each of the two Listings of {@code /comments/<id>.json}:
 * the submission, then the comment tree) and bare things. A {@code t3} (submission) or {@code t1}
 * (comment) is read from its {@code data} as a Pushshift dump line is, so the same post gets the
 * same post_id from either source; a comment's {@code replies} ("" or a Listing) are read depth
 * first. A {@code more} placeholder (comments the response left out) is a {@code more_comments}
 * control event with its count; any other thing (a subreddit, an account, a message) is {@code
 * not_a_post}.
 */
public final class RedditListing implements PostFormat {
  private static final Set<String> KINDS = Set.of("Listing", "t1", "t3", "more");

  @Override
  public String name() {
    return Formats.REDDIT_API;
  }

  @Override
  public boolean detects(JsonNode n) {
    return KINDS.contains(n.path("kind").asText("")) && n.path("data").isObject();
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    thing(record, ctx, out);
  }

  private static void thing(JsonNode thing, ParseContext ctx, List<Item> out) {
    String kind = thing.path("kind").asText("");
    JsonNode data = thing.path("data");
    switch (kind) {
      case "Listing" -> {
        for (JsonNode child : data.path("children")) {
          thing(child, ctx, out);
        }
      }
      case "t1", "t3" -> {
        if (!data.isObject()) {
          out.add(
              Item.quarantine(
                  QuarantineReason.WRONG_TYPE.code(),
                  "the "
                      + kind
                      + " thing's data is a JSON "
                      + Fields.type(data)
                      + ", expected an object"));
          return;
        }
        out.add(ctx.guard(() -> Pushshift.reddit(data, Formats.REDDIT_API, ctx)));
        JsonNode replies = data.path("replies");
        if (replies.isObject()) {
          thing(replies, ctx, out);
        }
      }
      case "more" -> out.add(ctx.guard(() -> more(data)));
      default -> {
        Item item = Item.control("reddit", "not_a_post");
        item.detail = "a Reddit " + Fields.abbreviate(kind) + " thing in a listing is not a post";
        out.add(item);
      }
    }
  }

  /**
   * Comments the response left out under a parent ("load more comments", or "continue this thread"
   * with count 0).
   */
  private static Item more(JsonNode data) {
    Item item = Item.control("reddit", "more_comments");
    Long count = Fields.number(data, "count");
    String parent = text(data, "parent_id");
    item.targetPostId = qualify("reddit", parent);
    item.detail =
        (count == null ? "?" : count)
            + " more comments under "
            + (parent == null ? "the listing" : parent)
            + " not in the response ("
            + data.path("children").size()
            + " ids listed)";
    return item;
  }
}
