package com.brandpulse.demo;

import static com.brandpulse.demo.Post.REF_QUOTE;
import static com.brandpulse.demo.Post.REF_RT;
import static com.brandpulse.demo.Schedule.DAY;

import com.brandpulse.demo.Post.Place;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Twitter v1.1 stream dumps (twitter-v1/): one tweet object per line as the filtered stream
 * delivered it, with the stream's delete notices and rate-limit notices in between. Day files
 * (gzip) in demo mode, 100k-post parts in benchmark mode. Tweets arrive in time order and are
 * written at once.
 */
final class TwitterV1Writer {
  private static final int PART_SIZE = 100_000;

  // Pre-encoded names for the hot v1 path.
  private static final SerializedString CREATED_AT = new SerializedString("created_at"),
      ID = new SerializedString("id"),
      ID_STR = new SerializedString("id_str"),
      TEXT = new SerializedString("text"),
      TRUNCATED = new SerializedString("truncated"),
      USER = new SerializedString("user"),
      IS_QUOTE = new SerializedString("is_quote_status"),
      QUOTES = new SerializedString("quote_count"),
      REPLIES = new SerializedString("reply_count"),
      RETWEETS = new SerializedString("retweet_count"),
      FAVORITES = new SerializedString("favorite_count"),
      ENTITIES = new SerializedString("entities"),
      HASHTAGS = new SerializedString("hashtags"),
      URLS = new SerializedString("urls"),
      MENTIONS = new SerializedString("user_mentions"),
      INDICES = new SerializedString("indices"),
      SCREEN_NAME = new SerializedString("screen_name"),
      NAME = new SerializedString("name"),
      LANG = new SerializedString("lang"),
      TIMESTAMP_MS = new SerializedString("timestamp_ms");

  private final Output output;
  private final boolean bench;
  private final SplittableRandom rng;
  private final Entities ent;
  private final TwitterDates dates = new TwitterDates();
  private JsonGenerator g;
  private long openDay = Long.MIN_VALUE;
  private int part;
  private long inPart, limitTrack;

  TwitterV1Writer(Output output, boolean bench, SplittableRandom rng, Entities ent) {
    this.output = output;
    this.bench = bench;
    this.rng = rng;
    this.ent = ent;
  }

  void tweet(Post p) throws IOException {
    if (bench) {
      if (g == null || inPart == PART_SIZE) openPart();
      inPart++;
    } else {
      openDay(p.ms);
    }
    v1Tweet(g, p);
    g.writeRaw('\n');
  }

  void delete(Post victim, long ms) throws IOException {
    at(ms);
    g.writeStartObject();
    g.writeObjectFieldStart("delete");
    g.writeObjectFieldStart("status");
    g.writeNumberField("id", victim.id);
    g.writeStringField("id_str", victim.idStr);
    g.writeNumberField("user_id", victim.author.id);
    g.writeStringField("user_id_str", victim.author.idStr);
    g.writeEndObject();
    g.writeStringField("timestamp_ms", Long.toString(ms));
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  void limit(long ms) throws IOException {
    at(ms);
    limitTrack += 5 + rng.nextInt(300);
    g.writeStartObject();
    g.writeObjectFieldStart("limit");
    g.writeNumberField("track", limitTrack);
    g.writeStringField("timestamp_ms", Long.toString(ms));
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void at(long ms) throws IOException {
    if (!bench) openDay(ms);
    else if (g == null) openPart();
  }

  private void openDay(long ms) throws IOException {
    long day = Math.floorDiv(ms, DAY);
    if (day == openDay) return;
    close();
    openDay = day;
    Path f = output.resolve("twitter-v1", "stream-" + LocalDate.ofEpochDay(day) + ".jsonl.gz");
    g =
        output.v1Json.createGenerator(
            new GZIPOutputStream(output.open(f, "twitter-v1"), 1 << 16), JsonEncoding.UTF8);
  }

  private void openPart() throws IOException {
    close();
    Path f = output.resolve("twitter-v1", String.format(Locale.ROOT, "part-%05d.jsonl", part++));
    g = output.v1Json.createGenerator(output.open(f, "twitter-v1"), JsonEncoding.UTF8);
    inPart = 0;
  }

  void close() throws IOException {
    if (g != null) {
      JsonGenerator closing = g;
      g = null;
      closing.close();
    }
  }

  private void v1Tweet(JsonGenerator g, Post p) throws IOException {
    String full = p.text;
    int cps = full.codePointCount(0, full.length());
    String shown = cps > 140 ? full.substring(0, full.offsetByCodePoints(0, 139)) + "…" : full;
    // Long tweets arrive "truncated" with the full text aside; retweets are cut without the flag,
    // as Twitter does.
    boolean truncated = cps > 140 && p.refType != REF_RT;
    g.writeStartObject();
    g.writeFieldName(CREATED_AT);
    g.writeString(dates.v1Date(p.ms));
    g.writeFieldName(ID);
    g.writeNumber(p.id);
    g.writeFieldName(ID_STR);
    g.writeString(p.idStr);
    g.writeFieldName(TEXT);
    g.writeString(Output.html(shown));
    g.writeFieldName(TRUNCATED);
    g.writeBoolean(truncated);
    if (p.replyToId != 0) {
      g.writeNumberField("in_reply_to_status_id", p.replyToId);
      g.writeStringField("in_reply_to_status_id_str", Long.toString(p.replyToId));
      g.writeNumberField("in_reply_to_user_id", p.replyToUser.id);
      g.writeStringField("in_reply_to_user_id_str", p.replyToUser.idStr);
      g.writeStringField("in_reply_to_screen_name", p.replyToUser.handle);
    }
    g.writeFieldName(USER);
    g.writeRawValue(p.author.v1User);
    if (p.place != null) v1Place(g, p.place);
    if (p.geo) {
      g.writeObjectFieldStart("coordinates");
      g.writeStringField("type", "Point");
      g.writeArrayFieldStart("coordinates");
      g.writeNumber(p.lon);
      g.writeNumber(p.lat);
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeFieldName(IS_QUOTE);
    g.writeBoolean(p.refType == REF_QUOTE);
    if (p.refType == REF_QUOTE) {
      g.writeNumberField("quoted_status_id", p.ref.id);
      g.writeStringField("quoted_status_id_str", p.ref.idStr);
      g.writeFieldName("quoted_status");
      v1Tweet(g, p.ref);
    } else if (p.refType == REF_RT) {
      g.writeFieldName("retweeted_status");
      v1Tweet(g, p.ref);
    }
    if (truncated) {
      g.writeObjectFieldStart("extended_tweet");
      g.writeStringField("full_text", Output.html(full));
      g.writeArrayFieldStart("display_text_range");
      g.writeNumber(0);
      g.writeNumber(cps);
      g.writeEndArray();
      g.writeFieldName(ENTITIES);
      v1Entities(g, full, p);
      g.writeEndObject();
    }
    g.writeFieldName(QUOTES);
    g.writeNumber(p.quotes);
    g.writeFieldName(REPLIES);
    g.writeNumber(p.replies);
    g.writeFieldName(RETWEETS);
    g.writeNumber(p.retweets);
    g.writeFieldName(FAVORITES);
    g.writeNumber(p.likes);
    g.writeFieldName(ENTITIES);
    v1Entities(g, shown, p);
    g.writeFieldName(LANG);
    g.writeString(p.ko ? "ko" : "en");
    g.writeFieldName(TIMESTAMP_MS);
    g.writeString(Long.toString(p.ms));
    g.writeEndObject();
  }

  private void v1Place(JsonGenerator g, Place pl) throws IOException {
    g.writeObjectFieldStart("place");
    g.writeStringField("id", pl.id());
    g.writeStringField("url", "https://api.twitter.com/1.1/geo/id/" + pl.id() + ".json");
    g.writeStringField("place_type", "city");
    g.writeStringField("name", pl.name());
    g.writeStringField("full_name", pl.fullName());
    g.writeStringField("country_code", pl.countryCode());
    g.writeStringField("country", pl.country());
    g.writeObjectFieldStart("bounding_box");
    g.writeStringField("type", "Polygon");
    g.writeArrayFieldStart("coordinates");
    g.writeStartArray();
    double[][] corners = {{-0.2, -0.15}, {-0.2, 0.15}, {0.2, 0.15}, {0.2, -0.15}};
    for (double[] c : corners) {
      g.writeStartArray();
      g.writeNumber(Math.round((pl.lon() + c[0]) * 1e6) / 1e6);
      g.writeNumber(Math.round((pl.lat() + c[1]) * 1e6) / 1e6);
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void v1Entities(JsonGenerator g, String text, Post p) throws IOException {
    int n = ent.scan(text);
    g.writeStartObject();
    g.writeFieldName(HASHTAGS);
    g.writeStartArray();
    for (int i = 0; i < n; i++) {
      if (ent.kind[i] != Entities.HASHTAG) continue;
      g.writeStartObject();
      g.writeFieldName(TEXT);
      g.writeString(text.substring(ent.start[i] + 1, ent.end[i]));
      indices(g, i);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName(URLS);
    g.writeStartArray();
    for (int i = 0; i < n; i++) {
      if (ent.kind[i] != Entities.URL) continue;
      String url = text.substring(ent.start[i], ent.end[i]), expanded = Entities.expanded(p, url);
      g.writeStartObject();
      g.writeStringField("url", url);
      g.writeStringField("expanded_url", expanded);
      g.writeStringField("display_url", Entities.display(expanded));
      indices(g, i);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName(MENTIONS);
    g.writeStartArray();
    for (int i = 0; i < n; i++) {
      if (ent.kind[i] != Entities.MENTION) continue;
      Persona who = ent.account[i];
      g.writeStartObject();
      g.writeFieldName(SCREEN_NAME);
      g.writeString(who.handle);
      g.writeFieldName(NAME);
      g.writeString(who.name);
      g.writeFieldName(ID);
      g.writeNumber(who.id);
      g.writeFieldName(ID_STR);
      g.writeString(who.idStr);
      indices(g, i);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void indices(JsonGenerator g, int i) throws IOException {
    g.writeFieldName(INDICES);
    g.writeStartArray();
    g.writeNumber(ent.cpStart[i]);
    g.writeNumber(ent.cpEnd[i]);
    g.writeEndArray();
  }
}
