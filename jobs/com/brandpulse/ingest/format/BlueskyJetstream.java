package com.brandpulse.ingest.format;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Bluesky Jetstream commit events. (Placeholder: recognises nothing yet.) */
public final class BlueskyJetstream implements PostFormat {
  @Override
  public String name() {
    return Formats.BLUESKY_JETSTREAM;
  }

  @Override
  public boolean detects(JsonNode n) {
    return false;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
  }
}
