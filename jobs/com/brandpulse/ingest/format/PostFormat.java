package com.brandpulse.ingest.format;

import com.brandpulse.ingest.Item;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One source format of JSON records: how to recognise a record of it by its keys, and how to turn
 * one into posts, control events or quarantine entries. Implementations are stateless and pure: the
 * same record and context always give the same items, and nothing touches Spark or the file system.
 */
public interface PostFormat {
  /** The format's name as bronze.raw_posts.format and {@code --format} know it. */
  String name();

  /**
   * Whether a parsed record is of this format. Called in {@link com.brandpulse.ingest.Formats#JSON}
   * order.
   */
  boolean detects(JsonNode record);

  /**
   * The items of one record; a failure in one post is caught by the caller's {@link
   * ParseContext#guard}.
   */
  void parse(JsonNode record, ParseContext context, List<Item> out);

  /**
   * How complete this format's copy of a post is: API payloads (2) carry every field, archive
   * exports, streams and activity streams (1) are translations that drop some. A copy of the same
   * version from a poorer source never replaces a richer one.
   */
  default int fidelity() {
    return 2;
  }
}
