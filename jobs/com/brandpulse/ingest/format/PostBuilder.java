package com.brandpulse.ingest.format;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.TextCleaner;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Builds one post item, validating as fields arrive: the first problem rejects the record with its
 * reason. Every format fills posts through this class, so ids, times, text limits and masking are
 * checked alike.
 */
public final class PostBuilder {
  /**
   * Platform ids: digits, base-36, record keys (Bluesky's TIDs), instance-qualified ids; never
   * spaces.
   */
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_:.\\-~%]{1,200}");

  private final ParseContext context;

  /** The item being built; formats set the fields that need no validation directly. */
  public final Item item = new Item();

  PostBuilder(ParseContext context, String platform, String sourceFormat) {
    this.context = context;
    item.kind = Item.POST;
    item.platform = platform;
    item.sourceFormat = sourceFormat;
  }

  public PostBuilder id(String id) {
    if (id == null || id.isEmpty()) {
      throw new Rejected(QuarantineReason.MISSING_ID, "the record has no post id");
    }
    if (!VALID_ID.matcher(id).matches()) {
      throw new Rejected(
          QuarantineReason.BAD_ID, "post id '" + Fields.abbreviate(id) + "' is not a valid id");
    }
    item.sourceId = id;
    item.postId = item.platform + ":" + id;
    if (item.rawKey == null) {
      item.rawKey = id;
    }
    return this;
  }

  /** The author by handle and account id; both become pseudonyms, neither reaches silver. */
  public PostBuilder author(String handle, String accountId) {
    item.authorKey = context.handle(item.platform, handle);
    item.authorIdKey = context.accountId(item.platform, accountId);
    return this;
  }

  /**
   * An author known only by an account id (Facebook's Graph API, a YouTube channel without
   * an @handle): the id's pseudonym is also the author key, so the person's posts group together in
   * gold like anyone else's.
   */
  public PostBuilder authorById(String accountId) {
    item.authorIdKey = context.accountId(item.platform, accountId);
    item.authorKey = item.authorIdKey;
    return this;
  }

  public PostBuilder createdAt(JsonNode value) {
    Instant at;
    if (value == null
        || value.isNull()
        || value.isMissingNode()
        || (value.isTextual() && value.asText().isBlank())) {
      at = item.platform.equals("twitter") ? Timestamps.fromSnowflake(item.sourceId) : null;
      if (at == null) {
        throw new Rejected(QuarantineReason.MISSING_TIMESTAMP, "the record has no creation time");
      }
    } else if (value.isNumber()) {
      at = Timestamps.fromEpoch(value.decimalValue());
    } else if (value.isTextual()) {
      at = Timestamps.parse(value.asText());
      if (at == null) {
        throw new Rejected(
            QuarantineReason.BAD_TIMESTAMP,
            "creation time '"
                + Fields.abbreviate(value.asText())
                + "' is not a timestamp in any known format");
      }
    } else {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE, "creation time is a JSON " + Fields.type(value));
    }
    return createdAt(at);
  }

  public PostBuilder createdAt(Instant at) {
    Instant earliest = context.settings().earliestFor(item.platform);
    if (at.isBefore(earliest)
        || at.isAfter(context.now().plusMillis(context.settings().futureToleranceMs()))) {
      throw new Rejected(
          QuarantineReason.IMPOSSIBLE_TIMESTAMP,
          "creation time "
              + at
              + " is before "
              + item.platform
              + " existed ("
              + earliest
              + ") or in the future");
    }
    item.createdAt = at;
    return this;
  }

  /**
   * When this version was last edited, for platforms that give only that time (YouTube's {@code
   * updatedAt}, Reddit's {@code edited}): the edit rank is the seconds from creation to the edit,
   * so a later edit outranks an earlier one and both outrank the unedited original (0). Call after
   * {@link #createdAt}; null, or a time not after creation, is no edit.
   */
  public PostBuilder editedAt(Instant editedAt) {
    if (editedAt != null && item.createdAt != null && editedAt.isAfter(item.createdAt)) {
      long seconds = Math.max(1, Duration.between(item.createdAt, editedAt).getSeconds());
      item.editRank = (int) Math.min(Integer.MAX_VALUE, seconds);
    }
    return this;
  }

  /**
   * The post's text as the platform shows it (entities decoded, HTML already made text); masked
   * here.
   */
  public PostBuilder text(String text, boolean fieldPresent) {
    if (text == null) {
      throw new Rejected(
          fieldPresent ? QuarantineReason.WRONG_TYPE : QuarantineReason.MISSING_TEXT,
          fieldPresent ? "text is not a string" : "the record has no text field");
    }
    if (text.isBlank()) {
      throw new Rejected(QuarantineReason.EMPTY_TEXT, "the post text is empty");
    }
    int max = context.settings().maxTextChars();
    if (text.length() > max) {
      throw new Rejected(
          QuarantineReason.TEXT_TOO_LONG,
          "text of " + text.length() + " characters exceeds ingest.max-text-chars=" + max);
    }
    TextCleaner.Cleaned cleaned = context.cleaner().clean(text, item.platform);
    item.text = cleaned.text();
    item.mentionKeys = cleaned.mentionKeys();
    return this;
  }

  public PostBuilder hashtags(JsonNode array, String field) {
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : array) {
      String value =
          field == null ? (tag.isTextual() ? tag.asText() : null) : Fields.text(tag, field);
      if (value != null) {
        tags.add((value.startsWith("#") ? value.substring(1) : value).toLowerCase(Locale.ROOT));
      }
    }
    item.hashtags = tags;
    return this;
  }

  /** One source attribute (kept in source_attributes); a null value is left out. */
  public PostBuilder attribute(String name, String value) {
    if (value != null) {
      Map<String, String> attributes =
          new LinkedHashMap<>(item.sourceAttributes == null ? Map.of() : item.sourceAttributes);
      attributes.put(name, value);
      item.sourceAttributes = attributes;
    }
    return this;
  }

  /** Countries a post is withheld in, kept as a source attribute. */
  public PostBuilder withheldIn(JsonNode countries) {
    if (countries.isArray() && countries.size() > 0) {
      List<String> codes = new ArrayList<>();
      countries.forEach(c -> codes.add(c.asText()));
      attribute("withheld_in", String.join(",", codes));
    }
    return this;
  }

  public PostBuilder place(JsonNode place) {
    if (place != null && place.isObject()) {
      item.placeName = Fields.emptyToNull(Fields.text(place, "full_name"));
      item.placeCountryCode = Fields.emptyToNull(Fields.text(place, "country_code"));
    }
    return this;
  }

  public Item build() {
    if (item.postId == null) {
      throw new Rejected(QuarantineReason.MISSING_ID, "the record has no post id");
    }
    if (item.text == null) {
      throw new Rejected(QuarantineReason.MISSING_TEXT, "the record has no text field");
    }
    if (item.createdAt == null) {
      throw new Rejected(QuarantineReason.MISSING_TIMESTAMP, "the record has no creation time");
    }
    item.isRepost = item.repostOf != null || item.text.startsWith("RT @");
    // What a profile says of its owner's whereabouts reaches silver masked like post text.
    item.authorLocation = context.cleaner().mask(item.authorLocation, item.platform);
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

  /** Hash of what makes a version of a post: not where or when it was read, not CSV annotations. */
  public static String hash(Item i) {
    String canonical =
        String.join(
            "\u0001",
            Objects.toString(i.postId),
            Objects.toString(i.sourceId),
            Objects.toString(i.createdAt),
            Objects.toString(i.authorKey),
            Objects.toString(i.authorFollowers),
            Objects.toString(i.authorVerified),
            Objects.toString(i.authorLocation),
            Objects.toString(i.lang),
            i.text,
            Objects.toString(i.replyToPostId),
            Objects.toString(i.replyToAuthorKey),
            Objects.toString(i.repostOf),
            Objects.toString(i.quoteOf),
            Objects.toString(i.likeCount),
            Objects.toString(i.shareCount),
            Objects.toString(i.replyCount),
            Objects.toString(i.quoteCount),
            Objects.toString(i.geoLat),
            Objects.toString(i.geoLon),
            Objects.toString(i.placeName),
            Integer.toString(i.editRank));
    return DigestUtils.sha256Hex(canonical);
  }
}
