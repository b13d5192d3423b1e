package com.brandpulse.demo;

import static com.brandpulse.demo.Post.REF_RT;
import static com.brandpulse.demo.Schedule.DAY;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * twarc2 search pages of the Twitter API v2 (twitter-v2/): one file per ISO week, collected the
 * Monday after; each line a page of up to 100 tweets with their users and referenced tweets in
 * "includes", and "errors" for replies to tweets the archive does not hold.
 */
final class TwitterV2Writer {
  private static final DateTimeFormatter TWARC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT);

  private final Output output;
  private final SplittableRandom rng;
  private final Entities ent;
  private final TwitterDates dates = new TwitterDates();
  private final List<Post> week = new ArrayList<>();
  private long weekMonday = Long.MIN_VALUE;

  TwitterV2Writer(Output output, SplittableRandom rng, Entities ent) {
    this.output = output;
    this.rng = rng;
    this.ent = ent;
  }

  /** Buffers a tweet of the current week; a tweet of a later week first writes the week before. */
  void add(Post p) throws IOException {
    long monday =
        LocalDate.ofEpochDay(Math.floorDiv(p.ms, DAY)).with(DayOfWeek.MONDAY).toEpochDay();
    if (monday != weekMonday) {
      flush();
      weekMonday = monday;
    }
    week.add(p);
  }

  /**
   * One file per ISO week, pages of up to 100 tweets newest first, as the search endpoint pages
   * backwards.
   */
  void flush() throws IOException {
    if (week.isEmpty()) return;
    LocalDate monday = LocalDate.ofEpochDay(weekMonday);
    String name =
        String.format(
            Locale.ROOT,
            "search-%d-W%02d.jsonl",
            monday.get(IsoFields.WEEK_BASED_YEAR),
            monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    List<Post> newestFirst = new ArrayList<>(week);
    Collections.reverse(newestFirst);
    // Collected the Monday after the week, early morning UTC.
    ZonedDateTime retrieved = monday.plusDays(7).atTime(2, 0).atZone(ZoneOffset.UTC);
    OutputStream file = output.open(output.resolve("twitter-v2", name), "twitter-v2");
    try (JsonGenerator g = output.plainJson.createGenerator(file, JsonEncoding.UTF8)) {
      for (int from = 0; from < newestFirst.size(); from += 100) {
        List<Post> page = newestFirst.subList(from, Math.min(from + 100, newestFirst.size()));
        retrieved = retrieved.plusNanos(400_000_000L + rng.nextLong(900_000_000L));
        v2Page(g, page, from + 100 < newestFirst.size(), TWARC_TIME.format(retrieved));
        g.writeRaw('\n');
      }
    }
    week.clear();
  }

  private void v2Page(JsonGenerator g, List<Post> page, boolean more, String retrievedAt)
      throws IOException {
    Map<Long, Persona> users = new LinkedHashMap<>();
    Map<Long, Post> referenced = new LinkedHashMap<>();
    List<Long> missing = new ArrayList<>();
    g.writeStartObject();
    g.writeArrayFieldStart("data");
    for (Post p : page) {
      v2Tweet(g, p);
      users.putIfAbsent(p.author.id, p.author);
      if (p.replyToUser != null) users.putIfAbsent(p.replyToUser.id, p.replyToUser);
      int n = ent.scan(p.text);
      for (int i = 0; i < n; i++) {
        if (ent.kind[i] == Entities.MENTION) users.putIfAbsent(ent.account[i].id, ent.account[i]);
      }
      if (p.ref != null) referenced.putIfAbsent(p.ref.id, p.ref);
      if (p.parent != null) referenced.putIfAbsent(p.parent.id, p.parent);
      else if (p.replyToId != 0) missing.add(p.replyToId);
    }
    g.writeEndArray();
    for (Post r : referenced.values()) users.putIfAbsent(r.author.id, r.author);
    g.writeObjectFieldStart("includes");
    g.writeArrayFieldStart("users");
    for (Persona u : users.values()) v2User(g, u);
    g.writeEndArray();
    if (!referenced.isEmpty()) {
      g.writeArrayFieldStart("tweets");
      for (Post r : referenced.values()) v2Tweet(g, r);
      g.writeEndArray();
    }
    g.writeEndObject();
    if (!missing.isEmpty()) {
      // What the API says about referenced tweets it cannot return.
      g.writeArrayFieldStart("errors");
      for (long id : missing) {
        g.writeStartObject();
        g.writeStringField("value", Long.toString(id));
        g.writeStringField(
            "detail", "Could not find tweet with referenced_tweets.id: [" + id + "].");
        g.writeStringField("title", "Not Found Error");
        g.writeStringField("resource_type", "tweet");
        g.writeStringField("parameter", "referenced_tweets.id");
        g.writeStringField("resource_id", Long.toString(id));
        g.writeStringField("type", "https://api.twitter.com/2/problems/resource-not-found");
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeObjectFieldStart("meta");
    g.writeStringField("newest_id", page.get(0).idStr);
    g.writeStringField("oldest_id", page.get(page.size() - 1).idStr);
    g.writeNumberField("result_count", page.size());
    if (more) {
      String token =
          Long.toString(rng.nextLong() & Long.MAX_VALUE, 36)
              + Long.toString(rng.nextLong() & Long.MAX_VALUE, 36);
      g.writeStringField("next_token", token.substring(0, Math.min(token.length(), 18)));
    }
    g.writeEndObject();
    g.writeObjectFieldStart("__twarc");
    g.writeStringField("url", "https://api.twitter.com/2/tweets/search/all");
    g.writeStringField("version", "2.14.0");
    g.writeStringField("retrieved_at", retrievedAt);
    g.writeEndObject();
    g.writeEndObject();
  }

  private void v2Tweet(JsonGenerator g, Post p) throws IOException {
    String text = p.text;
    if (p.refType == REF_RT && text.codePointCount(0, text.length()) > 140) {
      text = text.substring(0, text.offsetByCodePoints(0, 139)) + "…";
    }
    g.writeStartObject();
    g.writeStringField("id", p.idStr);
    g.writeStringField("text", Output.html(text));
    g.writeStringField("created_at", dates.isoDate(p.ms));
    g.writeStringField("author_id", p.author.idStr);
    g.writeStringField(
        "conversation_id",
        p.root != p ? p.root.idStr : p.replyToId != 0 ? Long.toString(p.replyToId) : p.idStr);
    g.writeStringField("lang", p.ko ? "ko" : "en");
    if (p.replyToId != 0) g.writeStringField("in_reply_to_user_id", p.replyToUser.idStr);
    if (p.replyToId != 0 || p.ref != null) {
      g.writeArrayFieldStart("referenced_tweets");
      if (p.replyToId != 0) refTweet(g, "replied_to", Long.toString(p.replyToId));
      if (p.ref != null) refTweet(g, p.refType == REF_RT ? "retweeted" : "quoted", p.ref.idStr);
      g.writeEndArray();
    }
    g.writeObjectFieldStart("public_metrics");
    g.writeNumberField("retweet_count", p.retweets);
    g.writeNumberField("reply_count", p.replies);
    g.writeNumberField("like_count", p.likes);
    g.writeNumberField("quote_count", p.quotes);
    g.writeEndObject();
    int n = ent.scan(text);
    if (n > 0) {
      g.writeObjectFieldStart("entities");
      v2EntityGroup(g, text, p, n, Entities.MENTION, "mentions");
      v2EntityGroup(g, text, p, n, Entities.HASHTAG, "hashtags");
      v2EntityGroup(g, text, p, n, Entities.URL, "urls");
      g.writeEndObject();
    }
    g.writeArrayFieldStart("edit_history_tweet_ids");
    g.writeString(p.idStr);
    g.writeEndArray();
    g.writeBooleanField("possibly_sensitive", false);
    g.writeEndObject();
  }

  private static void refTweet(JsonGenerator g, String type, String id) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeStringField("id", id);
    g.writeEndObject();
  }

  private void v2EntityGroup(JsonGenerator g, String text, Post p, int n, int kind, String field)
      throws IOException {
    boolean any = false;
    for (int i = 0; i < n; i++) {
      if (ent.kind[i] != kind) continue;
      if (!any) g.writeArrayFieldStart(field);
      any = true;
      g.writeStartObject();
      g.writeNumberField("start", ent.cpStart[i]);
      g.writeNumberField("end", ent.cpEnd[i]);
      switch (kind) {
        case Entities.HASHTAG ->
            g.writeStringField("tag", text.substring(ent.start[i] + 1, ent.end[i]));
        case Entities.MENTION -> {
          g.writeStringField("username", ent.account[i].handle);
          g.writeStringField("id", ent.account[i].idStr);
        }
        default -> {
          String url = text.substring(ent.start[i], ent.end[i]),
              expanded = Entities.expanded(p, url);
          g.writeStringField("url", url);
          g.writeStringField("expanded_url", expanded);
          g.writeStringField("display_url", Entities.display(expanded));
        }
      }
      g.writeEndObject();
    }
    if (any) g.writeEndArray();
  }

  private void v2User(JsonGenerator g, Persona u) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", u.idStr);
    g.writeStringField("name", u.name);
    g.writeStringField("username", u.handle);
    g.writeStringField("created_at", u.v2Created);
    if (!u.location.isEmpty()) g.writeStringField("location", u.location);
    g.writeBooleanField("verified", u.verified);
    g.writeObjectFieldStart("public_metrics");
    g.writeNumberField("followers_count", u.followers);
    g.writeNumberField("following_count", u.following);
    g.writeNumberField("tweet_count", u.statuses);
    g.writeNumberField("listed_count", u.listed);
    g.writeEndObject();
    g.writeEndObject();
  }
}
