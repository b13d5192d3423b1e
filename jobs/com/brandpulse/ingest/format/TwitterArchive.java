package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.idOf;
import static com.brandpulse.ingest.format.Fields.qualify;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Elements of a personal Twitter/X archive ({@code window.YTD.tweets.part0 = [{"tweet": {...}}]}):
 * the v1.1 shape with every scalar a string and no user object; the author is the archive's owner.
 * Deleted tweets are deletes.
 */
public final class TwitterArchive implements PostFormat {
  @Override
  public String name() {
    return Formats.TWITTER_ARCHIVE;
  }

  @Override
  public boolean detects(JsonNode n) {
    return n.path("tweet").isObject();
  }

  @Override
  public int fidelity() {
    return 1;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    out.add(ctx.guard(() -> archiveTweet(record.get("tweet"), ctx.ownerHandle(), ctx)));
  }

  /** An archive export element: the v1.1 shape with every scalar a string and no user object. */
  private static Item archiveTweet(JsonNode t, String ownerHandle, ParseContext ctx) {
    if (t.has("deleted_at")) {
      Item item = Item.control("twitter", "delete");
      item.targetPostId = qualify("twitter", idOf(t, "id"));
      item.eventAt = Timestamps.parse(t.path("deleted_at").asText(null));
      item.detail = "deleted by the archive owner";
      return item;
    }
    return TwitterV1.tweet(t, ownerHandle, Formats.TWITTER_ARCHIVE, ctx);
  }
}
