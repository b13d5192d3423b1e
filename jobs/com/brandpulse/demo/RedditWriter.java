package com.brandpulse.demo;

import static com.brandpulse.demo.Schedule.DAY;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Pushshift Reddit dumps (reddit/): monthly RS_ (submissions) and RC_ (comments) files of one JSON
 * object per line, written at the end since a submission's comment count is known only then.
 */
final class RedditWriter {
  private final Output output;
  private final SplittableRandom rng;
  private final List<Post> submissions = new ArrayList<>(), comments = new ArrayList<>();

  RedditWriter(Output output, SplittableRandom rng) {
    this.output = output;
    this.rng = rng;
  }

  void add(Post p) {
    (p.parent == null ? submissions : comments).add(p);
  }

  void write() throws IOException {
    // A couple of comments were removed by moderators before the dump was taken.
    for (int i = 0; i < Math.min(2, comments.size()); i++)
      comments.get(rng.nextInt(comments.size())).removed = true;
    writeMonthly(submissions, "RS_");
    writeMonthly(comments, "RC_");
  }

  private void writeMonthly(List<Post> records, String prefix) throws IOException {
    JsonGenerator g = null;
    String month = null;
    try {
      for (Post p : records) {
        String m = LocalDate.ofEpochDay(Math.floorDiv(p.ms, DAY)).toString().substring(0, 7);
        if (!m.equals(month)) {
          if (g != null) g.close();
          month = m;
          g =
              output.plainJson.createGenerator(
                  output.open(output.resolve("reddit", prefix + m + ".jsonl"), "reddit"),
                  JsonEncoding.UTF8);
        }
        if (p.parent == null) submission(g, p);
        else comment(g, p);
        g.writeRaw('\n');
      }
    } finally {
      if (g != null) g.close();
    }
  }

  private void submission(JsonGenerator g, Post p) throws IOException {
    String permalink = "/r/" + p.subreddit + "/comments/" + p.rid + "/" + slug(p.title) + "/";
    g.writeStartObject();
    g.writeStringField("id", p.rid);
    g.writeStringField("name", "t3_" + p.rid);
    g.writeStringField("author", p.author.handle);
    g.writeStringField("title", Output.html(p.title));
    g.writeStringField("selftext", Output.html(p.text));
    g.writeNumberField("created_utc", p.ms / 1000);
    g.writeStringField("subreddit", p.subreddit);
    g.writeStringField("subreddit_id", subredditId(p.subreddit));
    g.writeNumberField("num_comments", p.thread);
    g.writeNumberField("score", Math.max(0, p.score));
    g.writeStringField("permalink", permalink);
    g.writeStringField("url", "https://www.reddit.com" + permalink);
    g.writeBooleanField("is_self", true);
    g.writeBooleanField("over_18", false);
    g.writeEndObject();
  }

  private void comment(JsonGenerator g, Post p) throws IOException {
    Post root = p.root;
    g.writeStartObject();
    g.writeStringField("id", p.rid);
    g.writeStringField("name", "t1_" + p.rid);
    g.writeStringField("author", p.removed ? "[deleted]" : p.author.handle);
    g.writeStringField("body", p.removed ? "[removed]" : Output.html(p.text));
    g.writeNumberField("created_utc", p.ms / 1000);
    g.writeStringField("subreddit", p.subreddit);
    g.writeStringField("subreddit_id", subredditId(p.subreddit));
    g.writeStringField("link_id", "t3_" + root.rid);
    g.writeStringField("parent_id", p.parent == root ? "t3_" + root.rid : "t1_" + p.parent.rid);
    g.writeNumberField("score", p.score);
    g.writeBooleanField("is_submitter", !p.removed && p.author == root.author);
    g.writeStringField(
        "permalink",
        "/r/" + p.subreddit + "/comments/" + root.rid + "/" + slug(root.title) + "/" + p.rid + "/");
    g.writeEndObject();
  }

  private static String slug(String title) {
    String s =
        title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return s.length() > 50 ? s.substring(0, 50).replaceAll("_+$", "") : s;
  }

  private static String subredditId(String name) {
    return "t5_"
        + Long.toString(
            Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), 60_000_000L) + 1_000_000L, 36);
  }
}
