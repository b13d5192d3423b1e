package com.brandpulse.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What one raw record yields: a post, a control event or a quarantine entry (a v2 page yields
 * several). A plain mutable carrier filled by the formats in {@code ingest.format}; {@link #toRow}
 * lays it out in {@link #SCHEMA}.
 */
public final class Item {
  public static final String POST = "post";
  public static final String CONTROL = "control";
  public static final String QUARANTINE = "quarantine";

  /**
   * Bronze keys, the item's kind and reason, control fields, then the silver.posts content fields.
   */
  public static final StructType SCHEMA =
      StructType.fromDDL(
          String.join(
              ",",
              "source_sha256 STRING",
              "position BIGINT",
              "item_index INT",
              "source_file STRING",
              "format STRING",
              "kind STRING",
              "reason_code STRING",
              "reason STRING",
              "raw_record STRING",
              "raw_truncated BOOLEAN",
              "control_kind STRING",
              "target_post_id STRING",
              "target_author_id_key STRING",
              "up_to_source_id STRING",
              "detail STRING",
              "event_at TIMESTAMP",
              "post_id STRING",
              "platform STRING",
              "source_id STRING",
              "created_at TIMESTAMP",
              "author_key STRING",
              "author_id_key STRING",
              "author_followers BIGINT",
              "author_verified BOOLEAN",
              "author_location STRING",
              "lang STRING",
              "text STRING",
              "reply_to_post_id STRING",
              "reply_to_author_key STRING",
              "conversation_id STRING",
              "repost_of STRING",
              "quote_of STRING",
              "is_repost BOOLEAN",
              "like_count BIGINT",
              "share_count BIGINT",
              "reply_count BIGINT",
              "quote_count BIGINT",
              "mention_keys ARRAY<STRING>",
              "hashtags ARRAY<STRING>",
              "geo_lat DOUBLE",
              "geo_lon DOUBLE",
              "place_name STRING",
              "place_country_code STRING",
              "community STRING",
              "source_format STRING",
              "source_attributes MAP<STRING,STRING>",
              "edit_rank INT",
              "source_rank INT",
              "content_hash STRING"));

  public int itemIndex;
  public String kind;
  public String reasonCode;
  public String reason;
  public String rawRecord;
  public boolean rawTruncated;
  public String controlKind;
  public String targetPostId;
  public String targetAuthorIdKey;
  public String upToSourceId;
  public String detail;
  public Instant eventAt;
  public String postId;
  public String platform;
  public String sourceId;
  public Instant createdAt;
  public String authorKey;
  public String authorIdKey;
  public Long authorFollowers;
  public Boolean authorVerified;
  public String authorLocation;
  public String lang;
  public String text;
  public String replyToPostId;
  public String replyToAuthorKey;
  public String conversationId;
  public String repostOf;
  public String quoteOf;
  public boolean isRepost;
  public Long likeCount;
  public Long shareCount;
  public Long replyCount;
  public Long quoteCount;
  public List<String> mentionKeys;
  public List<String> hashtags;
  public Double geoLat;
  public Double geoLon;
  public String placeName;
  public String placeCountryCode;
  public String community;
  public String sourceFormat;
  public Map<String, String> sourceAttributes;
  public int editRank;
  public int sourceRank;
  public String contentHash;

  /**
   * Not stored: the value that names this post inside its raw record (an {@code id}, {@code uri} or
   * {@code name} field), for taking it out of a shared raw record on erasure. The source id unless
   * the format says otherwise.
   */
  public String rawKey;

  public static Item quarantine(String code, String reason) {
    Item item = new Item();
    item.kind = QUARANTINE;
    item.reasonCode = code;
    item.reason = reason;
    return item;
  }

  public static Item control(String platform, String controlKind) {
    Item item = new Item();
    item.kind = CONTROL;
    item.platform = platform;
    item.controlKind = controlKind;
    return item;
  }

  public Row toRow(String sha256, long position, String sourceFile, String format) {
    return RowFactory.create(
        sha256,
        position,
        itemIndex,
        sourceFile,
        format,
        kind,
        reasonCode,
        reason,
        rawRecord,
        kind.equals(QUARANTINE) ? rawTruncated : null,
        controlKind,
        targetPostId,
        targetAuthorIdKey,
        upToSourceId,
        detail,
        ts(eventAt),
        postId,
        platform,
        sourceId,
        ts(createdAt),
        authorKey,
        authorIdKey,
        authorFollowers,
        authorVerified,
        authorLocation,
        lang,
        text,
        replyToPostId,
        replyToAuthorKey,
        conversationId,
        repostOf,
        quoteOf,
        kind.equals(POST) ? isRepost : null,
        likeCount,
        shareCount,
        replyCount,
        quoteCount,
        seq(mentionKeys),
        seq(hashtags),
        geoLat,
        geoLon,
        placeName,
        placeCountryCode,
        community,
        sourceFormat,
        sourceAttributes == null ? null : CollectionConverters.asScala(sourceAttributes),
        kind.equals(POST) ? editRank : null,
        kind.equals(POST) ? sourceRank : null,
        contentHash);
  }

  /** Spark's Row encoder takes Scala collections for ARRAY and MAP columns. */
  private static Object seq(List<String> values) {
    return values == null ? null : CollectionConverters.asScala(values).toSeq();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
