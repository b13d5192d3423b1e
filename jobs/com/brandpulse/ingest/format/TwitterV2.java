package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.idOf;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.TextCleaner;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Twitter API v2 as twarc2 writes it: raw pages ({@code data}, {@code includes}, {@code meta},
 * {@code errors}), flattened one-tweet lines, counts, and compliance results. An edited tweet keeps
 * its first version's id.
 */
public final class TwitterV2 implements PostFormat {
  @Override
  public String name() {
    return Formats.TWITTER_V2;
  }

  @Override
  public boolean detects(JsonNode n) {
    if (n.has("data")
        && (n.has("includes")
            || n.has("meta")
            || n.has("__twarc")
            || n.has("errors")
            || n.has("matching_rules"))) {
      return true;
    }
    if (n.has("errors") && n.size() <= 2) {
      return true;
    }
    if (n.has("id") && n.has("action") && !n.has("text")) {
      return true; // batch compliance result
    }
    // flattened one-tweet-per-line, or a bare v2 tweet
    return n.has("author_id") && n.has("text") && n.path("created_at").asText("").contains("T");
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    v2(record, ctx, out);
  }

  private static void v2(JsonNode page, ParseContext ctx, List<Item> items) {
    if (page.has("id") && page.has("action") && !page.has("text")) {
      // Tweet and user compliance results have the same shape, and Twitter's terms require removing
      // both: the id is applied to the post and to the account with that id.
      Item item = Item.control("twitter", "compliance");
      item.targetPostId = qualify("twitter", text(page, "id"));
      item.targetAuthorIdKey = ctx.accountId("twitter", text(page, "id"));
      item.eventAt =
          Timestamps.parse(
              text(page, "redacted_at")); // created_at is the object's, not the event's
      item.detail = "compliance " + text(page, "action") + ": " + text(page, "reason");
      items.add(item);
      return;
    }
    if (!page.has("data") && !page.has("errors")) {
      Map<String, String> firstVersion = new HashMap<>();
      editAliases(List.of(page), firstVersion);
      for (JsonNode ref : page.path("referenced_tweets")) {
        editAliases(List.of(ref), firstVersion); // flattened output inlines referenced tweets
      }
      V2Page context = new V2Page(Map.of(), Map.of(), Map.of(), firstVersion);
      items.add(ctx.guard(() -> v2Tweet(page, context, ctx)));
      return;
    }
    JsonNode data = page.path("data");
    if (data.isArray() && data.size() > 0 && data.get(0).has("tweet_count")) {
      Item item = Item.control("twitter", "counts");
      item.detail =
          data.size()
              + " count buckets, total "
              + page.path("meta").path("total_tweet_count").asText("?");
      items.add(item);
      return;
    }
    Map<String, JsonNode> users = index(page.path("includes").path("users"));
    Map<String, JsonNode> tweets = index(page.path("includes").path("tweets"));
    Map<String, JsonNode> places = index(page.path("includes").path("places"));
    Map<String, String> firstVersion = new HashMap<>();
    editAliases(data.isObject() ? List.of(data) : data, firstVersion);
    editAliases(page.path("includes").path("tweets"), firstVersion);
    V2Page context = new V2Page(users, tweets, places, firstVersion);
    if (data.isObject()) {
      items.add(ctx.guard(() -> v2Tweet(data, context, ctx)));
    } else {
      for (JsonNode tweet : data) {
        items.add(ctx.guard(() -> v2Tweet(tweet, context, ctx)));
      }
    }
    for (JsonNode error : page.path("errors")) {
      Item item = Item.control("twitter", "api_error");
      String value = firstNonEmpty(text(error, "value"), text(error, "resource_id"));
      String detail = firstNonEmpty(text(error, "detail"), "");
      if ("tweet".equals(text(error, "resource_type"))) {
        item.targetPostId = qualify("twitter", value);
      } else if ("user".equals(text(error, "resource_type")) && value != null) {
        // the message names the account: it gets the same pseudonym as everywhere else
        String parameter = String.valueOf(text(error, "parameter"));
        String key =
            parameter.endsWith("username")
                ? ctx.handle("twitter", value)
                : ctx.accountId("twitter", value);
        detail = detail.replace(value, String.valueOf(key));
      }
      item.detail = firstNonEmpty(text(error, "title"), "error") + ": " + detail;
      items.add(item);
    }
  }

  /**
   * What a v2 page brings besides its tweets: expansions, and each edited tweet's first version.
   */
  private record V2Page(
      Map<String, JsonNode> users,
      Map<String, JsonNode> tweets,
      Map<String, JsonNode> places,
      Map<String, String> firstVersion) {
    JsonNode user(String id) {
      return id == null ? null : users.get(id);
    }

    JsonNode tweet(String id) {
      return id == null ? null : tweets.get(id);
    }

    JsonNode place(String id) {
      return id == null ? null : places.get(id);
    }

    /** The post id of a tweet id: an edit is known by its first version. */
    String postId(String id) {
      return id == null ? null : "twitter:" + firstVersion.getOrDefault(id, id);
    }
  }

  private static void editAliases(Iterable<JsonNode> tweets, Map<String, String> firstVersion) {
    for (JsonNode t : tweets) {
      JsonNode history = t.path("edit_history_tweet_ids");
      if (history.isArray() && history.size() > 1) {
        for (JsonNode id : history) {
          firstVersion.put(id.asText(), history.get(0).asText());
        }
      }
    }
  }

  private static Map<String, JsonNode> index(JsonNode array) {
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode node : array) {
      String id = text(node, "id");
      if (id != null) {
        byId.put(id, node);
      }
    }
    return byId;
  }

  private static Item v2Tweet(JsonNode t, V2Page page, ParseContext ctx) {
    if (!t.isObject()) {
      throw new Rejected(QuarantineReason.WRONG_TYPE, "data item is not an object");
    }
    PostBuilder p = ctx.post("twitter", Formats.TWITTER_V2);
    String ownId = idOf(t, "id");
    JsonNode history = t.path("edit_history_tweet_ids");
    if (history.isArray() && history.size() > 0 && ownId != null) {
      // an edited post keeps the identity of its first version; later edits rank higher
      p.id(history.get(0).asText());
      p.item.sourceId = ownId;
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).asText().equals(ownId)) {
          p.item.editRank = i;
        }
      }
    } else {
      p.id(ownId);
    }
    String authorId = text(t, "author_id");
    JsonNode author = t.path("author").isObject() ? t.get("author") : page.user(authorId);
    p.author(author == null ? null : text(author, "username"), authorId);
    if (author != null) {
      p.item.authorFollowers = number(author.path("public_metrics"), "followers_count");
      p.item.authorVerified = author.has("verified") ? author.path("verified").asBoolean() : null;
      p.item.authorLocation = emptyToNull(text(author, "location"));
    }
    p.createdAt(t.get("created_at"));
    p.item.lang = text(t, "lang");
    String body = text(t, "text");
    String conversation = text(t, "conversation_id");
    p.item.conversationId = page.postId(conversation);
    for (JsonNode ref : t.path("referenced_tweets")) {
      String refId = text(ref, "id");
      switch (String.valueOf(text(ref, "type"))) {
        case "replied_to" -> p.item.replyToPostId = page.postId(refId);
        case "quoted" -> p.item.quoteOf = page.postId(refId);
        case "retweeted" -> {
          p.item.repostOf = page.postId(refId);
          JsonNode original =
              ref.has("text") ? ref : page.tweet(refId); // flattened output inlines it
          if (original != null && text(original, "text") != null) {
            JsonNode originalAuthor =
                original.path("author").isObject()
                    ? original.get("author")
                    : page.user(text(original, "author_id"));
            if (originalAuthor != null && text(originalAuthor, "username") != null) {
              body = "RT @" + text(originalAuthor, "username") + ": " + text(original, "text");
            }
          }
        }
        default -> {}
      }
    }
    String replyUser = text(t, "in_reply_to_user_id");
    JsonNode replyTo =
        t.path("in_reply_to_user").isObject() ? t.get("in_reply_to_user") : page.user(replyUser);
    p.item.replyToAuthorKey =
        replyTo == null ? null : ctx.handle("twitter", text(replyTo, "username"));
    p.text(body == null ? null : TextCleaner.decodeEntities(body), t.has("text"));
    JsonNode metrics = t.path("public_metrics");
    p.item.likeCount = number(metrics, "like_count");
    p.item.shareCount = number(metrics, "retweet_count");
    p.item.replyCount = number(metrics, "reply_count");
    p.item.quoteCount = number(metrics, "quote_count");
    p.hashtags(t.path("entities").path("hashtags"), "tag");
    JsonNode point = t.path("geo").path("coordinates").path("coordinates");
    if (point.isArray() && point.size() == 2) {
      p.item.geoLon = point.get(0).asDouble();
      p.item.geoLat = point.get(1).asDouble();
    }
    String placeId = text(t.path("geo"), "place_id");
    JsonNode place = page.place(placeId);
    if (place != null) {
      p.place(place);
    }
    p.withheldIn(t.path("withheld").path("country_codes"));
    return p.build();
  }
}
