package com.brandpulse.demo;

import static com.brandpulse.demo.Schedule.DAY;
import static com.brandpulse.demo.Schedule.HOUR;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The broken records a real crawl leaves behind (malformed/bad-lines.jsonl): a cut-off object, a
 * tweet without an id, a bad date, an empty text, a user that is a string; the last line is cut off
 * mid-object with no newline.
 */
final class MalformedWriter {
  private final Output output;
  private final SplittableRandom rng;
  private final Snowflakes ids;
  private final TwitterDates dates = new TwitterDates();

  MalformedWriter(Output output, SplittableRandom rng, Snowflakes ids) {
    this.output = output;
    this.rng = rng;
    this.ids = ids;
  }

  /**
   * Writes the lines at a random moment of the archive, by one of the customers; returns how many.
   */
  long write(Schedule schedule, int weeks, Persona[] customers) throws IOException {
    long t = schedule.startMs + 9 * HOUR + rng.nextLong(weeks * 7L * DAY - 10 * HOUR);
    Persona a = customers[rng.nextInt(customers.length)];
    String user =
        "{\"id\":"
            + a.id
            + ",\"id_str\":\""
            + a.idStr
            + "\",\"name\":\""
            + a.name.replace("\"", "")
            + "\",\"screen_name\":\""
            + a.handle
            + "\",\"followers_count\":"
            + a.followers
            + ",\"verified\":false,\"location\":null}";
    String[] lines = {
      "{\"id_str\": \"1\", \"text\": ",
      "{\"created_at\":\""
          + dates.v1Date(t)
          + "\",\"text\":\"@AuroraAir where is my bag??\",\"user\":"
          + user
          + ",\"lang\":\"en\",\"timestamp_ms\":\""
          + t
          + "\"}",
      tweetJson(t + 60_000, "not a date", "@ZephyrAir boarding now", user),
      tweetJson(t + 120_000, dates.v1Date(t + 120_000), "", user),
      tweetJson(
          t + 180_000,
          dates.v1Date(t + 180_000),
          "@NimbusJet seat 14C is broken",
          "\"" + a.handle + "\""),
      tweetJson(
              t + 240_000,
              dates.v1Date(t + 240_000),
              "@AuroraAirHelp still waiting on a callback",
              user)
          .substring(0, 120)
    };
    try (OutputStream os =
        output.open(output.resolve("malformed", "bad-lines.jsonl"), "malformed")) {
      for (int i = 0; i < lines.length; i++) {
        os.write(lines[i].getBytes(StandardCharsets.UTF_8));
        if (i < lines.length - 1) os.write('\n');
      }
    }
    return lines.length;
  }

  private String tweetJson(long ms, String createdAt, String text, String userJson) {
    long id = ids.next(ms);
    return "{\"created_at\":\""
        + createdAt
        + "\",\"id\":"
        + id
        + ",\"id_str\":\""
        + id
        + "\",\"text\":\""
        + text
        + "\",\"truncated\":false,\"user\":"
        + userJson
        + ",\"entities\":{\"hashtags\":[],\"urls\":[],"
        + "\"user_mentions\":[]},\"lang\":\"en\",\"timestamp_ms\":\""
        + ms
        + "\"}";
  }
}
