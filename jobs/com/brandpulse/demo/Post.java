package com.brandpulse.demo;

/**
 * One post as the generator made it, before any writer formats it: who wrote it when, its text, its
 * thread (parent, root, the post it shares) and its counters. Writers read it; only the generator
 * changes it.
 */
final class Post {
  /** The format a post is written in; threads stay in their root's format. */
  static final int V1 = 0, V2 = 1, REDDIT = 2, CSV = 3;

  /** What a post shares: nothing, a retweet, a quote. */
  static final int REF_NONE = 0, REF_RT = 1, REF_QUOTE = 2;

  /** A tagged place, as Twitter's place object has it. */
  record Place(
      String id,
      String name,
      String fullName,
      String countryCode,
      String country,
      double lat,
      double lon) {}

  /** Where customers tag their posts from, now and then. */
  static final Place[] PLACES_EN = {
    new Place(
        "01a9a39529b27f36", "Manhattan", "Manhattan, NY", "US", "United States", 40.7831, -73.9712),
    new Place(
        "1d9a5370a355ab0c", "Chicago", "Chicago, IL", "US", "United States", 41.8781, -87.6298),
    new Place(
        "3b77caf94bfc81fe",
        "Los Angeles",
        "Los Angeles, CA",
        "US",
        "United States",
        34.0522,
        -118.2437),
    new Place(
        "b49b3053b5c25bf5", "Denver", "Denver, CO", "US", "United States", 39.7392, -104.9903),
    new Place(
        "300bcc6e23a88361", "Seattle", "Seattle, WA", "US", "United States", 47.6062, -122.3321),
    new Place(
        "a3d770a00f15bcb1", "Atlanta", "Atlanta, GA", "US", "United States", 33.7490, -84.3880)
  };

  static final Place[] PLACES_KO = {
    new Place(
        "0080a6fe1c0fba23",
        "Seoul",
        "Seoul, Republic of Korea",
        "KR",
        "Republic of Korea",
        37.5665,
        126.9780),
    new Place(
        "2b6ff8c22edd9576",
        "Busan",
        "Busan, Republic of Korea",
        "KR",
        "Republic of Korea",
        35.1796,
        129.0756)
  };

  long id, ms, replyToId;
  String idStr, text, title, topic, url, urlExpanded, rid, subreddit;
  int format, mood, refType, flight = -1, city = -1, city2 = -1;
  int retweets, likes, replies, quotes, score, thread;
  boolean ko, mentioned, deleted, removed, geo;
  double lat, lon;
  Persona author, replyToUser;
  Kit kit;
  Post parent, root, ref, lastComment;
  Place place;

  /** The platform a thread moved to (OtherPlatforms), and this post as written there. */
  int platform;

  OtherPlatforms.Post moved;
}
