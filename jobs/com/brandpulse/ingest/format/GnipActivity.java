package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.TextCleaner;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Gnip / PowerTrack Activity Streams tweets ({@code verb}, {@code actor}, {@code object}): many
 * bought archives.
 */
public final class GnipActivity implements PostFormat {
  /**
   * http://twitter.com/{handle}/statuses/{id}: Gnip's way of naming the replied-to post and
   * account.
   */
  private static final Pattern STATUS_LINK =
      Pattern.compile("twitter\\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/");

  @Override
  public String name() {
    return Formats.GNIP;
  }

  @Override
  public boolean detects(JsonNode n) {
    return n.has("verb") && n.has("actor");
  }

  @Override
  public int fidelity() {
    return 1;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    out.add(ctx.guard(() -> gnip(record, ctx)));
  }

  private static Item gnip(JsonNode a, ParseContext ctx) {
    PostBuilder p = ctx.post("twitter", Formats.GNIP);
    p.id(afterLastColon(text(a, "id")));
    JsonNode actor = a.path("actor");
    p.author(text(actor, "preferredUsername"), afterLastColon(text(actor, "id")));
    p.item.authorFollowers = number(actor, "followersCount");
    p.item.authorVerified = actor.has("verified") ? actor.path("verified").asBoolean() : null;
    p.item.authorLocation = emptyToNull(text(actor.path("location"), "displayName"));
    p.createdAt(a.get("postedTime"));
    p.item.lang = text(a, "twitter_lang");
    String body = firstNonEmpty(text(a.path("long_object"), "body"), text(a, "body"));
    if ("share".equals(text(a, "verb")) && a.path("object").isObject()) {
      JsonNode original = a.get("object");
      p.item.repostOf = qualify("twitter", afterLastColon(text(original, "id")));
      String originalBody =
          firstNonEmpty(text(original.path("long_object"), "body"), text(original, "body"));
      String originalAuthor = text(original.path("actor"), "preferredUsername");
      if (originalBody != null && originalAuthor != null) {
        body = "RT @" + originalAuthor + ": " + originalBody;
      }
    }
    p.text(body == null ? null : TextCleaner.decodeEntities(body), a.has("body"));
    String replyLink = text(a.path("inReplyTo"), "link");
    p.item.replyToPostId =
        replyLink == null
            ? null
            : qualify("twitter", replyLink.substring(replyLink.lastIndexOf('/') + 1));
    var replyAuthor = replyLink == null ? null : STATUS_LINK.matcher(replyLink);
    if (replyAuthor != null && replyAuthor.find()) {
      p.item.replyToAuthorKey = ctx.handle("twitter", replyAuthor.group(1));
    }
    JsonNode quoted = a.path("twitter_quoted_status");
    p.item.quoteOf =
        quoted.isObject() ? qualify("twitter", afterLastColon(text(quoted, "id"))) : null;
    p.item.likeCount = number(a, "favoritesCount");
    p.item.shareCount = number(a, "retweetCount");
    p.hashtags(a.path("twitter_entities").path("hashtags"), "text");
    JsonNode geo = a.path("geo").path("coordinates");
    if (geo.isArray() && geo.size() == 2) {
      p.item.geoLat = geo.get(0).asDouble();
      p.item.geoLon = geo.get(1).asDouble();
    }
    JsonNode location = a.path("location");
    if (location.isObject()) {
      p.item.placeName = text(location, "displayName");
      p.item.placeCountryCode = text(location, "twitter_country_code");
    }
    return p.build();
  }

  private static String afterLastColon(String value) {
    return value == null ? null : value.substring(value.lastIndexOf(':') + 1);
  }
}
