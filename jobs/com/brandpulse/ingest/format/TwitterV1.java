package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.epochMillis;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.idOf;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.string;
import static com.brandpulse.ingest.format.Fields.text;
import static com.brandpulse.ingest.format.Fields.type;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.TextCleaner;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Twitter API v1 / v1.1 statuses (streaming, REST, twarc 1 search output, Gnip "original format")
 * and the stream's control messages (delete, limit, scrub_geo, withheld, warning, disconnect),
 * routed by their top-level key.
 */
public final class TwitterV1 implements PostFormat {
  static final Set<String> CONTROL_KEYS =
      Set.of(
          "delete",
          "limit",
          "scrub_geo",
          "status_withheld",
          "user_withheld",
          "warning",
          "disconnect");

  @Override
  public String name() {
    return Formats.TWITTER_V1;
  }

  /**
   * A stream control message, a REST search envelope, or anything with a tweet's text and an id,
   * user or time.
   */
  @Override
  public boolean detects(JsonNode n) {
    for (String key : CONTROL_KEYS) {
      if (n.has(key) && n.size() <= 3) {
        return true;
      }
    }
    if (n.has("statuses") && n.has("search_metadata")) {
      return true;
    }
    return (n.has("text") || n.has("full_text") || n.has("extended_tweet"))
        && (n.has("id_str") || n.has("id") || n.has("user") || n.has("created_at"));
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    // in an archive file, a bare tweet (Grailbird) belongs to the archive's owner
    String owner = Formats.TWITTER_ARCHIVE.equals(ctx.fileFormat()) ? ctx.ownerHandle() : null;
    out.add(ctx.guard(() -> v1(record, owner, ctx)));
  }

  private static Item v1(JsonNode t, String ownerHandle, ParseContext ctx) {
    if (t.has("delete")) {
      JsonNode status = t.path("delete").path("status");
      Item item = Item.control("twitter", "delete");
      item.targetPostId = qualify("twitter", idOf(status, "id"));
      item.targetAuthorIdKey = ctx.accountId("twitter", idOf(status, "user_id"));
      item.eventAt = epochMillis(t.path("delete").path("timestamp_ms"));
      return item;
    }
    if (t.has("limit")) {
      Item item = Item.control("twitter", "limit");
      item.detail =
          t.path("limit").path("track").asText("?") + " matching posts were not delivered";
      item.eventAt = epochMillis(t.path("limit").path("timestamp_ms"));
      return item;
    }
    if (t.has("scrub_geo")) {
      JsonNode s = t.get("scrub_geo");
      Item item = Item.control("twitter", "scrub_geo");
      item.targetAuthorIdKey = ctx.accountId("twitter", idOf(s, "user_id"));
      item.upToSourceId = idOf(s, "up_to_status_id");
      item.eventAt = epochMillis(s.path("timestamp_ms"));
      return item;
    }
    if (t.has("status_withheld")) {
      JsonNode s = t.get("status_withheld");
      Item item = Item.control("twitter", "status_withheld");
      item.targetPostId = qualify("twitter", idOf(s, "id"));
      item.detail = "withheld in " + s.path("withheld_in_countries");
      return item;
    }
    if (t.has("user_withheld")) {
      JsonNode s = t.get("user_withheld");
      Item item = Item.control("twitter", "user_withheld");
      item.targetAuthorIdKey = ctx.accountId("twitter", idOf(s, "id"));
      item.detail = "withheld in " + s.path("withheld_in_countries");
      return item;
    }
    if (t.has("warning") || t.has("disconnect")) {
      Item item = Item.control("twitter", t.has("warning") ? "warning" : "disconnect");
      JsonNode body = t.has("warning") ? t.get("warning") : t.get("disconnect");
      item.detail =
          body.path("code").asText("")
              + " "
              + body.path("message").asText(body.path("reason").asText(""));
      return item;
    }
    return tweet(t, ownerHandle, Formats.TWITTER_V1, ctx);
  }

  /** A v1.1 tweet; also the element of archive exports, which keep its shape. */
  static Item tweet(JsonNode t, String ownerHandle, String sourceFormat, ParseContext ctx) {
    PostBuilder p = ctx.post("twitter", sourceFormat);
    p.id(idOf(t, "id"));
    JsonNode user = t.get("user");
    if (user != null && !user.isNull() && !user.isObject()) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE, "user is a JSON " + type(user) + ", expected an object");
    }
    String userHandle = user == null ? null : text(user, "screen_name");
    JsonNode retweeted = t.get("retweeted_status");
    // In a personal archive every post is the owner's: one whose user is someone else is the
    // owner's
    // repost of it (bot-written Grailbird files store retweets that way, without retweeted_status).
    boolean archiveRepost =
        userHandle != null
            && retweeted == null
            && (ownerHandle != null
                ? !userHandle.equalsIgnoreCase(ownerHandle)
                : Formats.TWITTER_ARCHIVE.equals(sourceFormat)
                    && t.path("retweeted").asBoolean(false));
    if (archiveRepost) {
      p.author(ownerHandle, null);
    } else {
      p.author(user == null ? ownerHandle : userHandle, user == null ? null : idOf(user, "id"));
    }
    if (user != null && !archiveRepost) {
      p.item.authorFollowers = number(user, "followers_count");
      p.item.authorVerified = user.has("verified") ? user.path("verified").asBoolean() : null;
      p.item.authorLocation = emptyToNull(text(user, "location"));
    }
    p.createdAt(t.get("created_at"));
    p.item.lang = firstNonEmpty(text(t, "lang"), text(t.path("metadata"), "iso_language_code"));
    String body = fullText(t);
    if (archiveRepost && body != null) {
      body = "RT @" + userHandle + ": " + body;
    }
    if (retweeted != null && retweeted.isObject()) {
      p.item.repostOf = qualify("twitter", idOf(retweeted, "id"));
      String original = fullText(retweeted);
      String originalAuthor = text(retweeted.path("user"), "screen_name");
      if (original != null && originalAuthor != null) {
        body =
            "RT @"
                + originalAuthor
                + ": "
                + original; // repairs the 140-character cut of old retweets
      }
    }
    p.text(
        body == null ? null : TextCleaner.decodeEntities(body),
        t.has("text") || t.has("full_text") || t.has("extended_tweet"));
    JsonNode quoted = t.get("quoted_status");
    String quotedId =
        firstNonEmpty(
            text(t, "quoted_status_id_str"),
            quoted != null && quoted.isObject() ? idOf(quoted, "id") : null);
    p.item.quoteOf = qualify("twitter", quotedId);
    p.item.replyToPostId = qualify("twitter", idOf(t, "in_reply_to_status_id"));
    p.item.replyToAuthorKey = ctx.handle("twitter", text(t, "in_reply_to_screen_name"));
    p.item.likeCount = number(t, "favorite_count");
    p.item.shareCount = number(t, "retweet_count");
    p.item.replyCount = number(t, "reply_count");
    p.item.quoteCount = number(t, "quote_count");
    JsonNode entities =
        t.path("extended_tweet").path("entities").isObject()
            ? t.path("extended_tweet").path("entities")
            : t.path("entities");
    p.hashtags(entities.path("hashtags"), "text");
    JsonNode coordinates = t.path("coordinates").path("coordinates");
    if (coordinates.isArray() && coordinates.size() == 2) {
      p.item.geoLon = coordinates.get(0).asDouble(); // GeoJSON order: longitude, latitude
      p.item.geoLat = coordinates.get(1).asDouble();
    } else if (t.path("geo").path("coordinates").isArray()
        && t.path("geo").path("coordinates").size() == 2) {
      p.item.geoLat = t.path("geo").path("coordinates").get(0).asDouble();
      p.item.geoLon = t.path("geo").path("coordinates").get(1).asDouble();
    }
    p.place(t.path("place"));
    p.withheldIn(t.path("withheld_in_countries"));
    return p.build();
  }

  private static String fullText(JsonNode t) {
    return firstNonEmpty(
        string(t.path("extended_tweet"), "full_text"), string(t, "full_text"), string(t, "text"));
  }
}
