package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the two Bluesky formats share: AT-URIs and post ids, an {@code app.bsky.feed.post} record as
 * a post, account notices, and the time inside a record key or repo revision (a TID).
 *
 * <p>Identity: a post is {@code bluesky:<did>:<rkey>}, from its {@code
 * at://<did>/app.bsky.feed.post/<rkey>} URI (API views) or from the commit's did and rkey
 * (Jetstream, tap), so one post read from any source has one id; replies, thread roots, quotes and
 * reposts point at posts the same way. The author's handle (as {@code alice.bsky.social}, what a
 * {@code @alice.bsky.social} mention in text masks to) gives author_key, the did author_id_key.
 * {@code handle.invalid}, what the API shows for an account whose handle no longer resolves, names
 * nobody and is no handle.
 */
final class BlueskyRecords {
  static final String PLATFORM = "bluesky";
  static final String POST_COLLECTION = "app.bsky.feed.post";
  static final String REPOST_COLLECTION = "app.bsky.feed.repost";
  static final String LIKE_COLLECTION = "app.bsky.feed.like";

  /** at://authority/collection/rkey, the authority a did (or, rarely, a handle). */
  private static final Pattern AT_URI = Pattern.compile("at://([^/?#]+)/([^/?#]+)/([^/?#]+)");

  private static final Pattern BARE_HANDLE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)+");

  /** Base32-sortable, the alphabet of TIDs (record keys of posts, repo revisions). */
  private static final String TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

  /** Edit ranks count seconds from here (Bluesky's first posts); see {@link #editRank}. */
  private static final Instant RANK_EPOCH = Instant.parse("2022-11-01T00:00:00Z");

  private BlueskyRecords() {}

  /** The parts of an AT-URI. */
  record AtUri(String authority, String collection, String rkey) {
    boolean isPost() {
      return POST_COLLECTION.equals(collection);
    }
  }

  /** The parts of an at:// URI, or null when the text is not one. */
  static AtUri atUri(String uri) {
    if (uri == null) {
      return null;
    }
    java.util.regex.Matcher m = AT_URI.matcher(uri.trim());
    return m.matches() ? new AtUri(m.group(1), m.group(2), m.group(3)) : null;
  }

  /**
   * The warehouse id of the post an at:// URI names; null for no URI or a URI of something else (a
   * list, a feed).
   */
  static String postId(String uri) {
    AtUri u = atUri(uri);
    return u == null || !u.isPost() ? null : PLATFORM + ":" + u.authority() + ":" + u.rkey();
  }

  /** The post id of a strong ref ({uri, cid}) as replies and quotes hold them. */
  static String postIdOfRef(JsonNode ref) {
    return ref == null ? null : postId(text(ref, "uri"));
  }

  /** A handle that names someone, or null ({@code handle.invalid}, blank). */
  static String handle(String handle) {
    if (handle == null || handle.isBlank()) {
      return null;
    }
    String h = handle.trim();
    return h.equalsIgnoreCase("handle.invalid") ? null : h;
  }

  /**
   * An {@code app.bsky.feed.post} record as a post of {@code did}'s, record key {@code rkey}: time,
   * text, language, reply and quote links, hashtags. The caller adds what its format knows besides
   * (counts) and builds.
   *
   * @param replyToHandle the handle of the author of the post this one replies to, when the same
   *     JSON holds it
   */
  static PostBuilder post(
      ParseContext ctx,
      String sourceFormat,
      String did,
      String rkey,
      String handle,
      JsonNode record,
      String replyToHandle) {
    PostBuilder p = ctx.post(PLATFORM, sourceFormat);
    if (did == null || did.isEmpty() || rkey == null || rkey.isEmpty()) {
      throw new Rejected(QuarantineReason.MISSING_ID, "the post has no did and record key");
    }
    p.item.rawKey =
        "at://" + did + "/app.bsky.feed.post/" + rkey; // what erasure looks for in the raw record
    p.id(did + ":" + rkey);
    p.author(handle(handle), did);
    if (record == null || record.isMissingNode() || record.isNull()) {
      throw new Rejected(QuarantineReason.MISSING_TEXT, "the post has no record");
    }
    if (!record.isObject()) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE, "the post record is a JSON " + Fields.type(record));
    }
    p.createdAt(record.get("createdAt"));
    String text = Fields.string(record, "text");
    p.text(text == null ? null : withMentionAts(text, record.path("facets")), record.has("text"));
    p.item.lang = language(record.path("langs"));
    p.attribute("langs", languages(record.path("langs")));
    JsonNode reply = record.path("reply");
    if (reply.isObject()) {
      p.item.replyToPostId = postIdOfRef(reply.get("parent"));
      p.item.conversationId = postIdOfRef(reply.get("root"));
      if (p.item.replyToPostId != null) {
        p.item.replyToAuthorKey = ctx.handle(PLATFORM, handle(replyToHandle));
      }
    }
    p.item.quoteOf = quoteOf(record.path("embed"));
    p.hashtags(hashtags(record), null);
    return p;
  }

  /**
   * The quoted post: the record of an {@code app.bsky.embed.record} embed, or of the record part of
   * an {@code app.bsky.embed.recordWithMedia}, when it is a post (an embedded list, feed or starter
   * pack is no quote). Embeds are an open union: every other type is media or a client's own, and
   * no quote.
   */
  static String quoteOf(JsonNode embed) {
    String type = typeOf(embed);
    if (type.equals("app.bsky.embed.record")) {
      return postIdOfRef(embed.path("record"));
    }
    if (type.equals("app.bsky.embed.recordWithMedia")) {
      JsonNode inner = embed.path("record");
      // the record part is an app.bsky.embed.record: {record: {uri, cid}}
      return postIdOfRef(inner.path("record").isObject() ? inner.path("record") : inner);
    }
    return null;
  }

  /** A union member's {@code $type} without its {@code #main} fragment; "" when there is none. */
  static String typeOf(JsonNode node) {
    String type = text(node, "$type");
    if (type == null) {
      return "";
    }
    return type.endsWith("#main") ? type.substring(0, type.length() - "#main".length()) : type;
  }

  /**
   * The post's hashtags: tag facets ({@code app.bsky.richtext.facet#tag}, and the misspelt variants
   * some clients write: {@code #Tag}, {@code facet.tag}, {@code #hashtag}), then the record's
   * {@code tags} (tags not in the text), each once.
   */
  static ArrayNode hashtags(JsonNode record) {
    Set<String> tags = new LinkedHashSet<>();
    for (JsonNode facet : record.path("facets")) {
      for (JsonNode feature : facet.path("features")) {
        String type = String.valueOf(text(feature, "$type")).toLowerCase(Locale.ROOT);
        if (!type.contains("tag")) {
          continue;
        }
        String tag = Fields.firstNonEmpty(textual(feature, "tag"), textual(feature, "hashtag"));
        if (tag != null && !tag.isBlank()) {
          tags.add(tag.trim());
        }
      }
    }
    for (JsonNode tag : record.path("tags")) {
      if (tag.isTextual() && !tag.asText().isBlank()) {
        tags.add(tag.asText().trim());
      }
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    Set<String> seen = new LinkedHashSet<>();
    for (String tag : tags) {
      if (seen.add((tag.startsWith("#") ? tag.substring(1) : tag).toLowerCase(Locale.ROOT))) {
        array.add(tag);
      }
    }
    return array;
  }

  private static String textual(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * The language: the primary subtag of the first of {@code langs}, lower case ({@code fr-FR} is
   * {@code fr}, as the language models and taxonomy rules are keyed); null when there is none.
   */
  static String language(JsonNode langs) {
    List<String> tags = tags(langs);
    if (tags.isEmpty()) {
      return null;
    }
    String primary = tags.get(0).split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return primary.isEmpty() ? null : primary;
  }

  /**
   * All of {@code langs}, for the source attribute {@code langs}, when they say more than {@link
   * #language}.
   */
  static String languages(JsonNode langs) {
    List<String> tags = tags(langs);
    return tags.size() > 1 || tags.size() == 1 && !tags.get(0).equals(language(langs))
        ? String.join(",", tags)
        : null;
  }

  private static List<String> tags(JsonNode langs) {
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : langs) {
      if (tag.isTextual() && !tag.asText().isBlank()) {
        tags.add(tag.asText().trim());
      }
    }
    return tags;
  }

  /**
   * The text with an {@code @} put before a mention facet's text that is a bare handle ({@code
   * alice.bsky.social} written without it): the text cleaner finds handles by their {@code @}, and
   * a mention is masked like any other. Facet offsets are UTF-8 byte offsets; a facet that does not
   * fall on character boundaries, or starts inside a word or right after an {@code @}, is left
   * alone.
   */
  static String withMentionAts(String text, JsonNode facets) {
    if (!facets.isArray() || facets.isEmpty()) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Integer> insertAt = new ArrayList<>();
    for (JsonNode facet : facets) {
      boolean mention = false;
      for (JsonNode feature : facet.path("features")) {
        mention |= "app.bsky.richtext.facet#mention".equals(text(feature, "$type"));
      }
      JsonNode index = facet.path("index");
      if (!mention
          || !index.path("byteStart").canConvertToInt()
          || !index.path("byteEnd").canConvertToInt()) {
        continue;
      }
      int start = index.path("byteStart").asInt();
      int end = index.path("byteEnd").asInt();
      if (start < 0
          || end > bytes.length
          || start >= end
          || !boundary(bytes, start)
          || !boundary(bytes, end)) {
        continue;
      }
      String span = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      // not when the @ is there but outside the span, nor inside a word (offsets some clients get
      // wrong)
      boolean afterWord = start > 0 && isHandleByte(bytes[start - 1]);
      if (BARE_HANDLE.matcher(span).matches() && !afterWord && !insertAt.contains(start)) {
        insertAt.add(start);
      }
    }
    if (insertAt.isEmpty()) {
      return text;
    }
    insertAt.sort(null);
    StringBuilder out = new StringBuilder(text.length() + insertAt.size());
    int from = 0;
    for (int at : insertAt) {
      out.append(new String(bytes, from, at - from, StandardCharsets.UTF_8)).append('@');
      from = at;
    }
    out.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
    return out.toString();
  }

  private static boolean isHandleByte(byte b) {
    return b == '@'
        || b == '.'
        || b == '-'
        || b == '_'
        || (b >= '0' && b <= '9')
        || (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z');
  }

  private static boolean boundary(byte[] bytes, int offset) {
    return offset == bytes.length || (bytes[offset] & 0xC0) != 0x80;
  }

  /**
   * Notice about an account's status (Jetstream {@code account}, tap {@code identity}): a deleted
   * account is a {@code compliance} notice, which removes the account's posts as Twitter's do (a
   * deletion is final, and its records' deletes are not sent one by one); any other status
   * (deactivated, takendown, suspended: reversible) is recorded as {@code account}.
   */
  static Item account(ParseContext ctx, String did, Boolean active, String status, Instant at) {
    boolean deleted = "deleted".equals(status);
    Item item = Item.control(PLATFORM, deleted ? "compliance" : "account");
    item.targetAuthorIdKey = ctx.accountId(PLATFORM, did);
    item.eventAt = at;
    item.detail =
        deleted
            ? "account deleted"
            : "account "
                + (active == null ? "" : active ? "active" : "inactive")
                + (status == null ? "" : " " + status);
    item.detail = item.detail.trim();
    return item;
  }

  /**
   * A handle change ({@code identity}): the account and the pseudonym of its handle now, never the
   * handle.
   */
  static Item identity(ParseContext ctx, String did, String handle, Instant at) {
    Item item = Item.control(PLATFORM, "identity");
    item.targetAuthorIdKey = ctx.accountId(PLATFORM, did);
    item.eventAt = at;
    String key = ctx.handle(PLATFORM, handle(handle));
    item.detail = key == null ? "identity" : "identity handle " + key;
    return item;
  }

  /**
   * The time a TID encodes (its top 53 bits are microseconds since 1970), or null when the text is
   * no TID.
   */
  static Instant tidTime(String tid) {
    if (tid == null || tid.length() != 13) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < tid.length(); i++) {
      int digit = TID_ALPHABET.indexOf(tid.charAt(i));
      if (digit < 0 || (i == 0 && digit >= 16)) {
        return null; // not base32-sortable, or the top bit set
      }
      value = (value << 5) | digit;
    }
    long micros = value >>> 10;
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
  }

  /**
   * Unix microseconds (Jetstream's {@code time_us}) as an instant; null when absent or not a
   * number.
   */
  static Instant micros(JsonNode value) {
    if (value == null || !value.canConvertToLong()) {
      return null;
    }
    long micros = value.asLong();
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }

  /**
   * The edit rank of an updated post record. Bluesky keeps no edit history, but a repo revision is
   * a TID that grows with every commit of the repo: the rank is the seconds from Bluesky's start
   * (2022-11-01) to the update's commit (its revision, else when the stream saw it), at least 1, so
   * a later update outranks an earlier one whatever order files load in, and any update outranks
   * the original (rank 0). An API view carries no edit information and is rank 0.
   */
  static int editRank(Instant committed) {
    if (committed == null) {
      return 1;
    }
    long seconds = committed.getEpochSecond() - RANK_EPOCH.getEpochSecond();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }
}
