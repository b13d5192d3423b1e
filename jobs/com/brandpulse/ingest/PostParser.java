package com.brandpulse.ingest;

import org.apache.commons.codec.digest.DigestUtils;
import com.brandpulse.common.Pseudonymizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns one raw record into canonical items: posts (every platform's shape mapped to silver.posts'
 * columns, authors pseudonymised, text cleaned), control events, or quarantine entries with a reason.
 * Pure: the same record, settings and key always give the same items; nothing here touches Spark.
 */
public final class PostParser {
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");
  private static final Pattern FLOAT_INTEGER = Pattern.compile("(\\d+)\\.0*");
  private static final Pattern REDDIT_REMOVED = Pattern.compile("\\[(removed|deleted)]");
  /** http://twitter.com/{handle}/statuses/{id}: Gnip's way of naming the replied-to post and account. */
  private static final Pattern STATUS_LINK = Pattern.compile("twitter\\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/");

  private final IngestSettings settings;
  private final Pseudonymizer pseudonyms;
  private final TextCleaner cleaner;
  private final Instant now;

  public PostParser(IngestSettings settings, Pseudonymizer pseudonyms, Instant now) {
    this.settings = settings;
    this.pseudonyms = pseudonyms;
    this.cleaner = new TextCleaner(pseudonyms, settings.phoneRegions());
    this.now = now;
  }

  /** The masking this parser applies, for the raw records the caller quarantines. */
  public TextCleaner cleaner() {
    return cleaner;
  }

  /** A record the parser could not use: carries the code and the sentence for silver.quarantine. */
  static final class Rejected extends RuntimeException {
    final String code;

    Rejected(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /**
   * Items of one bronze record. {@code format} is the file's detected or requested format,
   * {@code ownerHandle} the archive owner for formats without user objects.
   */
  public List<Item> parse(String container, String format, String record, String readError, String ownerHandle) {
    List<Item> items = new ArrayList<>();
    if (readError != null) {
      int colon = readError.indexOf(':');
      items.add(Item.quarantine(colon > 0 ? readError.substring(0, colon) : "unreadable", readError));
    } else if (Formats.ARCHIVE_METADATA.equals(format)) {
      Item item = Item.control("twitter", "archive_metadata");
      item.detail = "archive file " + record + " holds no posts";
      items.add(item);
    } else if (format.startsWith(Formats.CSV_PREFIX)) {
      items.add(guard(() -> csvRow(format, record, ownerHandle)));
    } else {
      JsonNode node;
      try {
        node = RecordReader.JSON.readTree(record);
      } catch (JsonProcessingException e) {
        String message = e.getOriginalMessage().replace('\n', ' ');
        boolean truncated = message.contains("end-of-input");
        items.add(Item.quarantine(truncated ? "truncated_record" : (Formats.UNKNOWN.equals(format)
                ? "unknown_format" : "bad_json"),
            (truncated ? "record ends mid-JSON (truncated): " : Formats.UNKNOWN.equals(format)
                ? "unrecognised format (not JSON lines, a JSON array, an archive export or a mapped CSV): "
                : "invalid JSON: ") + message));
        return numbered(items);
      }
      json(node, format, ownerHandle, items);
    }
    return numbered(items);
  }

  /** Numbers the items of a record and masks the free text that reaches silver with them. */
  private List<Item> numbered(List<Item> items) {
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (items.size() > 1) {
        item.itemIndex = i + 1;
      }
      String platform = item.platform == null ? "twitter" : item.platform;
      item.reason = cleaner.mask(item.reason, platform);
      item.detail = cleaner.mask(item.detail, platform);
    }
    return items;
  }

  private Item guard(java.util.function.Supplier<Item> parse) {
    try {
      return parse.get();
    } catch (Rejected r) {
      return Item.quarantine(r.code, r.getMessage());
    }
  }

  private void json(JsonNode node, String fileFormat, String ownerHandle, List<Item> items) {
    // Records are routed by their own shape: a mixed file or a mislabelled one still lands right.
    switch (Formats.family(node)) {
      case Formats.TWITTER_V1 -> items.add(guard(() -> v1(node, fileFormat.equals(Formats.TWITTER_ARCHIVE)
          ? ownerHandle : null)));
      case Formats.TWITTER_ARCHIVE -> items.add(guard(() -> archiveTweet(node.get("tweet"), ownerHandle)));
      case Formats.TWITTER_V2 -> v2(node, items);
      case Formats.REDDIT -> items.add(guard(() -> reddit(node)));
      case Formats.GNIP -> items.add(guard(() -> gnip(node)));
      default -> {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        items.add(Item.quarantine(node.isObject() ? "unknown_shape" : "wrong_type", node.isObject()
            ? "unrecognised record shape (keys " + keys.subList(0, Math.min(12, keys.size())) + ")"
            : "record is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", expected an object"));
      }
    }
  }

  // ---------------------------------------------------------------- Twitter v1.1 and archives

  private Item v1(JsonNode t, String ownerHandle) {
    if (t.has("delete")) {
      JsonNode status = t.path("delete").path("status");
      Item item = Item.control("twitter", "delete");
      item.targetPostId = qualify("twitter", idOf(status, "id"));
      item.targetAuthorIdKey = pseudonyms.accountId("twitter", idOf(status, "user_id"));
      item.eventAt = epochMillis(t.path("delete").path("timestamp_ms"));
      return item;
    }
    if (t.has("limit")) {
      Item item = Item.control("twitter", "limit");
      item.detail = t.path("limit").path("track").asText("?") + " matching posts were not delivered";
      item.eventAt = epochMillis(t.path("limit").path("timestamp_ms"));
      return item;
    }
    if (t.has("scrub_geo")) {
      JsonNode s = t.get("scrub_geo");
      Item item = Item.control("twitter", "scrub_geo");
      item.targetAuthorIdKey = pseudonyms.accountId("twitter", idOf(s, "user_id"));
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
      item.targetAuthorIdKey = pseudonyms.accountId("twitter", idOf(s, "id"));
      item.detail = "withheld in " + s.path("withheld_in_countries");
      return item;
    }
    if (t.has("warning") || t.has("disconnect")) {
      Item item = Item.control("twitter", t.has("warning") ? "warning" : "disconnect");
      JsonNode body = t.has("warning") ? t.get("warning") : t.get("disconnect");
      item.detail = body.path("code").asText("") + " " + body.path("message").asText(body.path("reason").asText(""));
      return item;
    }
    return v1Tweet(t, ownerHandle, Formats.TWITTER_V1);
  }

  /** An archive export element: the v1.1 shape with every scalar a string and no user object. */
  private Item archiveTweet(JsonNode t, String ownerHandle) {
    if (t.has("deleted_at")) {
      Item item = Item.control("twitter", "delete");
      item.targetPostId = qualify("twitter", idOf(t, "id"));
      item.eventAt = Timestamps.parse(t.path("deleted_at").asText(null));
      item.detail = "deleted by the archive owner";
      return item;
    }
    return v1Tweet(t, ownerHandle, Formats.TWITTER_ARCHIVE);
  }

  private Item v1Tweet(JsonNode t, String ownerHandle, String sourceFormat) {
    Post p = new Post("twitter", sourceFormat);
    p.id(idOf(t, "id"));
    JsonNode user = t.get("user");
    if (user != null && !user.isNull() && !user.isObject()) {
      throw new Rejected("wrong_type", "user is a JSON " + user.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", expected an object");
    }
    String userHandle = user == null ? null : text(user, "screen_name");
    JsonNode retweeted = t.get("retweeted_status");
    // In a personal archive every post is the owner's: one whose user is someone else is the owner's
    // repost of it (bot-written Grailbird files store retweets that way, without retweeted_status).
    boolean archiveRepost = userHandle != null && retweeted == null
        && (ownerHandle != null ? !userHandle.equalsIgnoreCase(ownerHandle)
            : Formats.TWITTER_ARCHIVE.equals(sourceFormat) && t.path("retweeted").asBoolean(false));
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
        body = "RT @" + originalAuthor + ": " + original; // repairs the 140-character cut of old retweets
      }
    }
    p.text(body == null ? null : TextCleaner.decodeEntities(body), t.has("text") || t.has("full_text")
        || t.has("extended_tweet"));
    JsonNode quoted = t.get("quoted_status");
    String quotedId = firstNonEmpty(text(t, "quoted_status_id_str"),
        quoted != null && quoted.isObject() ? idOf(quoted, "id") : null);
    p.item.quoteOf = qualify("twitter", quotedId);
    p.item.replyToPostId = qualify("twitter", idOf(t, "in_reply_to_status_id"));
    p.item.replyToAuthorKey = pseudonyms.handle("twitter", text(t, "in_reply_to_screen_name"));
    p.item.likeCount = number(t, "favorite_count");
    p.item.shareCount = number(t, "retweet_count");
    p.item.replyCount = number(t, "reply_count");
    p.item.quoteCount = number(t, "quote_count");
    JsonNode entities = t.path("extended_tweet").path("entities").isObject()
        ? t.path("extended_tweet").path("entities") : t.path("entities");
    p.hashtags(entities.path("hashtags"), "text");
    JsonNode coordinates = t.path("coordinates").path("coordinates");
    if (coordinates.isArray() && coordinates.size() == 2) {
      p.item.geoLon = coordinates.get(0).asDouble(); // GeoJSON order: longitude, latitude
      p.item.geoLat = coordinates.get(1).asDouble();
    } else if (t.path("geo").path("coordinates").isArray() && t.path("geo").path("coordinates").size() == 2) {
      p.item.geoLat = t.path("geo").path("coordinates").get(0).asDouble();
      p.item.geoLon = t.path("geo").path("coordinates").get(1).asDouble();
    }
    p.place(t.path("place"));
    p.withheldIn(t.path("withheld_in_countries"));
    return p.build();
  }

  private static String fullText(JsonNode t) {
    return firstNonEmpty(string(t.path("extended_tweet"), "full_text"), string(t, "full_text"), string(t, "text"));
  }

  /** A field that must be a JSON string when present: a number or object there is a broken record. */
  private static String string(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Rejected("wrong_type", field + " is a JSON " + v.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", expected a string");
    }
    return v.asText();
  }

  // ---------------------------------------------------------------- Twitter v2 (twarc2)

  private void v2(JsonNode page, List<Item> items) {
    if (page.has("id") && page.has("action") && !page.has("text")) {
      // Tweet and user compliance results have the same shape, and Twitter's terms require removing
      // both: the id is applied to the post and to the account with that id.
      Item item = Item.control("twitter", "compliance");
      item.targetPostId = qualify("twitter", text(page, "id"));
      item.targetAuthorIdKey = pseudonyms.accountId("twitter", text(page, "id"));
      item.eventAt = Timestamps.parse(text(page, "redacted_at")); // created_at is the object's, not the event's
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
      items.add(guard(() -> v2Tweet(page, context)));
      return;
    }
    JsonNode data = page.path("data");
    if (data.isArray() && data.size() > 0 && data.get(0).has("tweet_count")) {
      Item item = Item.control("twitter", "counts");
      item.detail = data.size() + " count buckets, total " + page.path("meta").path("total_tweet_count").asText("?");
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
      items.add(guard(() -> v2Tweet(data, context)));
    } else {
      for (JsonNode tweet : data) {
        items.add(guard(() -> v2Tweet(tweet, context)));
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
        String key = parameter.endsWith("username") ? pseudonyms.handle("twitter", value)
            : pseudonyms.accountId("twitter", value);
        detail = detail.replace(value, String.valueOf(key));
      }
      item.detail = firstNonEmpty(text(error, "title"), "error") + ": " + detail;
      items.add(item);
    }
  }

  /** What a v2 page brings besides its tweets: expansions, and each edited tweet's first version. */
  private record V2Page(Map<String, JsonNode> users, Map<String, JsonNode> tweets, Map<String, JsonNode> places,
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

  private Item v2Tweet(JsonNode t, V2Page page) {
    if (!t.isObject()) {
      throw new Rejected("wrong_type", "data item is not an object");
    }
    Post p = new Post("twitter", Formats.TWITTER_V2);
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
          JsonNode original = ref.has("text") ? ref : page.tweet(refId); // flattened output inlines it
          if (original != null && text(original, "text") != null) {
            JsonNode originalAuthor = original.path("author").isObject() ? original.get("author")
                : page.user(text(original, "author_id"));
            if (originalAuthor != null && text(originalAuthor, "username") != null) {
              body = "RT @" + text(originalAuthor, "username") + ": " + text(original, "text");
            }
          }
        }
        default -> { }
      }
    }
    String replyUser = text(t, "in_reply_to_user_id");
    JsonNode replyTo = t.path("in_reply_to_user").isObject() ? t.get("in_reply_to_user") : page.user(replyUser);
    p.item.replyToAuthorKey = replyTo == null ? null : pseudonyms.handle("twitter", text(replyTo, "username"));
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

  // ---------------------------------------------------------------- Gnip activity streams

  private Item gnip(JsonNode a) {
    Post p = new Post("twitter", Formats.GNIP);
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
      String originalBody = firstNonEmpty(text(original.path("long_object"), "body"), text(original, "body"));
      String originalAuthor = text(original.path("actor"), "preferredUsername");
      if (originalBody != null && originalAuthor != null) {
        body = "RT @" + originalAuthor + ": " + originalBody;
      }
    }
    p.text(body == null ? null : TextCleaner.decodeEntities(body), a.has("body"));
    String replyLink = text(a.path("inReplyTo"), "link");
    p.item.replyToPostId = replyLink == null ? null
        : qualify("twitter", replyLink.substring(replyLink.lastIndexOf('/') + 1));
    var replyAuthor = replyLink == null ? null : STATUS_LINK.matcher(replyLink);
    if (replyAuthor != null && replyAuthor.find()) {
      p.item.replyToAuthorKey = pseudonyms.handle("twitter", replyAuthor.group(1));
    }
    JsonNode quoted = a.path("twitter_quoted_status");
    p.item.quoteOf = quoted.isObject() ? qualify("twitter", afterLastColon(text(quoted, "id"))) : null;
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

  // ---------------------------------------------------------------- Reddit (Pushshift, Arctic Shift)

  private Item reddit(JsonNode r) {
    boolean comment = r.has("body") || text(r, "parent_id") != null;
    String id = idOf(r, "id");
    String name = firstNonEmpty(text(r, "name"), id == null ? null : (comment ? "t1_" : "t3_") + id);
    String body = comment ? text(r, "body") : null;
    if (comment && body != null && REDDIT_REMOVED.matcher(body.trim()).matches()) {
      // the dump keeps a placeholder for removed comments: honour it like a delete
      Item item = Item.control("reddit", "delete");
      item.targetPostId = qualify("reddit", name);
      item.detail = "comment body " + body.trim() + " in the dump";
      return item;
    }
    Post p = new Post("reddit", Formats.REDDIT);
    p.id(name);
    String author = text(r, "author");
    p.author(author, text(r, "author_fullname"));
    p.createdAt(r.get("created_utc"));
    String text;
    if (comment) {
      text = body;
    } else {
      String title = text(r, "title");
      String self = text(r, "selftext");
      boolean hasSelf = self != null && !self.isBlank() && !REDDIT_REMOVED.matcher(self.trim()).matches();
      text = title == null ? null : hasSelf ? title + "\n\n" + self : title;
    }
    p.text(text == null ? null : TextCleaner.decodeEntities(text), r.has("body") || r.has("title"));
    p.item.replyToPostId = comment ? qualify("reddit", text(r, "parent_id")) : null;
    p.item.conversationId = comment ? qualify("reddit", text(r, "link_id")) : p.item.postId;
    // Reddit's score is ups minus downs and goes negative: it is no like count, so it is kept as is.
    Long score = number(r, "score");
    p.item.sourceAttributes = score == null ? Map.of() : Map.of("score", Long.toString(score));
    p.item.replyCount = number(r, "num_comments");
    String subreddit = text(r, "subreddit");
    // u_<name> is a person's profile, not a community: it gets that person's pseudonym
    p.item.community = subreddit != null && subreddit.startsWith("u_")
        ? pseudonyms.handle("reddit", subreddit.substring(2)) : subreddit;
    return p.build();
  }

  // ---------------------------------------------------------------- CSV exports

  private Item csvRow(String format, String record, String ownerHandle) {
    IngestSettings.CsvMapping m = settings.csvMappings().get(format.substring(Formats.CSV_PREFIX.length()));
    JsonNode row;
    try {
      row = RecordReader.JSON.readTree(record);
    } catch (JsonProcessingException e) {
      throw new Rejected("bad_csv_record", "CSV record is not readable: " + e.getOriginalMessage());
    }
    Post p = new Post(m.platform(), format);
    String id = csvId(m, row, "id");
    p.id(id == null ? null : m.idNamespace() == null ? id : m.idNamespace() + ":" + id);
    String handle = csvField(m, row, "author_handle");
    p.author(handle != null ? handle : ownerHandle, csvField(m, row, "author_id"));
    String created = csvField(m, row, "created_at");
    p.createdAt(created == null ? null : RecordReader.JSON.getNodeFactory().textNode(created));
    p.item.lang = csvField(m, row, "lang");
    String text = csvField(m, row, "text");
    p.text(text == null ? null : TextCleaner.decodeEntities(text), m.column("text") != null && row.has(m.column("text")));
    String reply = csvId(m, row, "reply_to_id");
    p.item.replyToPostId = reply == null ? null
        : qualify(m.platform(), m.idNamespace() == null ? reply : m.idNamespace() + ":" + reply);
    String repost = csvId(m, row, "repost_of_id");
    p.item.repostOf = repost == null ? null : qualify(m.platform(), repost);
    p.item.likeCount = csvNumber(m, row, "like_count");
    p.item.shareCount = csvNumber(m, row, "share_count");
    p.item.authorLocation = csvField(m, row, "author_location");
    String coordinates = csvField(m, row, "coordinates");
    if (coordinates != null) {
      String[] parts = coordinates.replaceAll("[\\[\\]\\s]", "").split(",");
      if (parts.length == 2) {
        try {
          double lat = Double.parseDouble(parts[0]);
          double lon = Double.parseDouble(parts[1]);
          if (lat != 0 || lon != 0) { // [0.0, 0.0] is the export's way of saying "none"
            p.item.geoLat = lat;
            p.item.geoLon = lon;
          }
        } catch (NumberFormatException ignored) {
          // not coordinates: left empty rather than guessed
        }
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String column : m.attributes()) {
      String value = emptyToNull(text(row, column));
      if (value != null) {
        attributes.put(column, value);
      }
    }
    p.item.sourceAttributes = attributes;
    return p.build();
  }

  private static String csvField(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String column = m.column(field);
    return column == null ? null : emptyToNull(text(row, column));
  }

  /** Ids in pandas re-exports arrive as floats ("119237.0"); an exact integer is kept, else rejected. */
  private static String csvId(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String value = csvField(m, row, field);
    if (value == null) {
      return null;
    }
    var floatInteger = FLOAT_INTEGER.matcher(value);
    if (floatInteger.matches()) {
      return floatInteger.group(1);
    }
    if (value.contains("e") || value.contains("E")) {
      throw new Rejected("bad_id", field + " '" + value + "' is in scientific notation: the exact id is lost");
    }
    return value;
  }

  private static Long csvNumber(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String value = csvField(m, row, field);
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Rejected("wrong_type", field + " '" + value + "' is not a whole number");
    }
  }

  // ---------------------------------------------------------------- shared field helpers

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /**
   * An id from {@code field_str} when present (always exact), else from {@code field} when it is an
   * integer or a digit string. A floating-point id has lost digits and is rejected.
   */
  static String idOf(JsonNode node, String field) {
    String asString = text(node, field + "_str");
    if (asString != null && !asString.isEmpty()) {
      return asString;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      throw new Rejected("bad_id", field + " " + v.asText() + " is a floating-point number: the exact id is lost");
    }
    if (v.isTextual()) {
      return v.asText();
    }
    throw new Rejected("wrong_type", field + " is a JSON " + v.getNodeType().name().toLowerCase(Locale.ROOT));
  }

  private static Long number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.longValue();
    }
    if (v.isTextual() && v.asText().matches("-?\\d+")) {
      return Long.parseLong(v.asText());
    }
    if (v.isTextual() && v.asText().isEmpty()) {
      return null;
    }
    throw new Rejected("wrong_type", field + " '" + v.asText() + "' is not a number");
  }

  private static Instant epochMillis(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(s)) : null;
  }

  private static String qualify(String platform, String id) {
    return id == null || id.isEmpty() ? null : platform + ":" + id;
  }

  /** Builds one post item, validating as fields arrive; the first problem rejects the record. */
  private final class Post {
    final Item item = new Item();

    Post(String platform, String sourceFormat) {
      item.kind = Item.POST;
      item.platform = platform;
      item.sourceFormat = sourceFormat;
    }

    void id(String id) {
      if (id == null || id.isEmpty()) {
        throw new Rejected("missing_id", "the record has no post id");
      }
      if (!VALID_ID.matcher(id).matches()) {
        throw new Rejected("bad_id", "post id '" + abbreviate(id) + "' is not a valid id");
      }
      item.sourceId = id;
      item.postId = item.platform + ":" + id;
    }

    void author(String handle, String accountId) {
      item.authorKey = pseudonyms.handle(item.platform, handle);
      item.authorIdKey = pseudonyms.accountId(item.platform, accountId);
    }

    void createdAt(JsonNode value) {
      Instant at;
      if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
        at = item.platform.equals("twitter") ? Timestamps.fromSnowflake(item.sourceId) : null;
        if (at == null) {
          throw new Rejected("missing_timestamp", "the record has no creation time");
        }
      } else if (value.isNumber()) {
        at = Timestamps.fromEpoch(value.decimalValue());
      } else if (value.isTextual()) {
        at = Timestamps.parse(value.asText());
        if (at == null) {
          throw new Rejected("bad_timestamp", "creation time '" + abbreviate(value.asText())
              + "' is not a timestamp in any known format");
        }
      } else {
        throw new Rejected("wrong_type", "creation time is a JSON "
            + value.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      Instant earliest = settings.earliestFor(item.platform);
      if (at.isBefore(earliest) || at.isAfter(now.plusMillis(settings.futureToleranceMs()))) {
        throw new Rejected("impossible_timestamp", "creation time " + at + " is before " + item.platform
            + " existed (" + earliest + ") or in the future");
      }
      item.createdAt = at;
    }

    void text(String text, boolean fieldPresent) {
      if (text == null) {
        throw new Rejected(fieldPresent ? "wrong_type" : "missing_text",
            fieldPresent ? "text is not a string" : "the record has no text field");
      }
      if (text.isBlank()) {
        throw new Rejected("empty_text", "the post text is empty");
      }
      if (text.length() > settings.maxTextChars()) {
        throw new Rejected("text_too_long", "text of " + text.length() + " characters exceeds ingest.max-text-chars="
            + settings.maxTextChars());
      }
      TextCleaner.Cleaned cleaned = cleaner.clean(text, item.platform);
      item.text = cleaned.text();
      item.mentionKeys = cleaned.mentionKeys();
    }

    void hashtags(JsonNode array, String field) {
      List<String> tags = new ArrayList<>();
      for (JsonNode tag : array) {
        String value = PostParser.text(tag, field);
        if (value != null) {
          tags.add(value.toLowerCase(Locale.ROOT));
        }
      }
      item.hashtags = tags;
    }

    /** Countries a post is withheld in, kept as a source attribute. */
    void withheldIn(JsonNode countries) {
      if (countries.isArray() && countries.size() > 0) {
        List<String> codes = new ArrayList<>();
        countries.forEach(c -> codes.add(c.asText()));
        Map<String, String> attributes = new LinkedHashMap<>(item.sourceAttributes == null ? Map.of()
            : item.sourceAttributes);
        attributes.put("withheld_in", String.join(",", codes));
        item.sourceAttributes = attributes;
      }
    }

    void place(JsonNode place) {
      if (place != null && place.isObject()) {
        item.placeName = emptyToNull(PostParser.text(place, "full_name"));
        item.placeCountryCode = emptyToNull(PostParser.text(place, "country_code"));
      }
    }

    Item build() {
      if (item.postId == null) {
        throw new Rejected("missing_id", "the record has no post id");
      }
      item.isRepost = item.repostOf != null || item.text.startsWith("RT @");
      // What a profile says of its owner's whereabouts reaches silver masked like post text.
      item.authorLocation = cleaner.mask(item.authorLocation, item.platform);
      item.placeName = TextCleaner.dropControls(item.placeName);
      item.community = TextCleaner.dropControls(item.community);
      if (item.hashtags == null) {
        item.hashtags = List.of();
      }
      if (item.conversationId == null && item.replyToPostId == null) {
        item.conversationId = item.postId; // a post that replies to nothing starts its own thread
      }
      item.sourceRank = Formats.fidelity(item.sourceFormat);
      item.contentHash = hash(item);
      return item;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Hash of what makes a version of a post: not where or when it was read, not CSV annotations. */
  static String hash(Item i) {
    String canonical = String.join("\u0001", Objects.toString(i.postId), Objects.toString(i.sourceId),
        Objects.toString(i.createdAt), Objects.toString(i.authorKey), Objects.toString(i.authorFollowers),
        Objects.toString(i.authorVerified), Objects.toString(i.authorLocation), Objects.toString(i.lang), i.text,
        Objects.toString(i.replyToPostId), Objects.toString(i.replyToAuthorKey), Objects.toString(i.repostOf),
        Objects.toString(i.quoteOf), Objects.toString(i.likeCount), Objects.toString(i.shareCount),
        Objects.toString(i.replyCount), Objects.toString(i.quoteCount), Objects.toString(i.geoLat),
        Objects.toString(i.geoLon), Objects.toString(i.placeName), Integer.toString(i.editRank));
    return DigestUtils.sha256Hex(canonical);
  }
}
