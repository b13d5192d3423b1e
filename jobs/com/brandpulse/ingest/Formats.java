package com.brandpulse.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * Names of the formats ingest reads, and the routing of one JSON record to its format by shape.
 * Routing is by keys, never by file name, so mixed files and renamed exports still land right.
 */
public final class Formats {
  private Formats() {}

  public static final String AUTO = "auto";
  public static final String TWITTER_V1 = "twitter-v1";
  public static final String TWITTER_V2 = "twitter-v2";
  public static final String TWITTER_ARCHIVE = "twitter-archive";
  public static final String REDDIT = "reddit";
  public static final String GNIP = "gnip-activity";
  public static final String ARCHIVE_METADATA = "archive-metadata";
  public static final String UNKNOWN = "unknown";
  public static final String CSV_PREFIX = "csv:";

  /** What --format accepts (csv takes an optional mapping name: csv:airline-tweets). */
  public static final List<String> EXPLICIT =
      List.of(AUTO, TWITTER_V1, TWITTER_V2, TWITTER_ARCHIVE, REDDIT, GNIP, "csv");

  static final Set<String> V1_CONTROL_KEYS = Set.of(
      "delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "warning", "disconnect");

  /**
   * How complete a format's copy of a post is: API payloads (2) carry every field, archive exports and
   * activity streams (1) are translations that drop some, CSV exports (0) keep a few columns and may cut
   * text. A copy of the same version from a poorer source never replaces a richer one.
   */
  public static int fidelity(String format) {
    if (format.startsWith(CSV_PREFIX)) {
      return 0;
    }
    return format.equals(TWITTER_ARCHIVE) || format.equals(GNIP) ? 1 : 2;
  }

  /** The format a parsed JSON record belongs to, by its keys. */
  public static String family(JsonNode n) {
    if (n == null || !n.isObject()) {
      return UNKNOWN;
    }
    if (n.path("tweet").isObject()) {
      return TWITTER_ARCHIVE;
    }
    for (String key : V1_CONTROL_KEYS) {
      if (n.has(key) && n.size() <= 3) {
        return TWITTER_V1;
      }
    }
    if (n.has("data") && (n.has("includes") || n.has("meta") || n.has("__twarc") || n.has("errors")
        || n.has("matching_rules"))) {
      return TWITTER_V2;
    }
    if (n.has("errors") && n.size() <= 2) {
      return TWITTER_V2;
    }
    if (n.has("id") && n.has("action") && !n.has("text")) {
      return TWITTER_V2; // batch compliance result
    }
    if (n.has("verb") && n.has("actor")) {
      return GNIP;
    }
    if (n.has("subreddit") || (n.has("created_utc") && (n.has("body") || n.has("selftext") || n.has("title")))) {
      return REDDIT;
    }
    if (n.has("statuses") && n.has("search_metadata")) {
      return TWITTER_V1;
    }
    if (n.has("author_id") && n.has("text") && n.path("created_at").asText("").contains("T")) {
      return TWITTER_V2; // flattened one-tweet-per-line, or a bare v2 tweet
    }
    if ((n.has("text") || n.has("full_text") || n.has("extended_tweet"))
        && (n.has("id_str") || n.has("id") || n.has("user") || n.has("created_at"))) {
      return TWITTER_V1;
    }
    return UNKNOWN;
  }
}
