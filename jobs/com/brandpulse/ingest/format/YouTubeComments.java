package com.brandpulse.ingest.format;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** YouTube Data API v3 comment threads. (Placeholder: recognises nothing yet.) */
public final class YouTubeComments implements PostFormat {
  @Override
  public String name() {
    return Formats.YOUTUBE_API;
  }

  @Override
  public boolean detects(JsonNode n) {
    return false;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
  }
}
