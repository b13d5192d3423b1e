package com.brandpulse.demo;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A social-listening tool's export (exports/brand-monitor-export.csv) in the layout of the
 * well-known airline Tweets.csv: newest first, with annotators' sentiment, confidence and negative
 * reason (the post's topic).
 */
final class CsvExportWriter {
  private static final String CSV_HEADER =
      "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,"
          + "negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,"
          + "tweet_coord,tweet_created,tweet_location,user_timezone";
  private static final DateTimeFormatter CSV_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);
  private static final ZoneId US_PACIFIC = ZoneId.of("America/Los_Angeles");

  private final Output output;
  private final SplittableRandom rng;
  private final List<Post> rows = new ArrayList<>();

  CsvExportWriter(Output output, SplittableRandom rng) {
    this.output = output;
    this.rng = rng;
  }

  void add(Post p) {
    rows.add(p);
  }

  void write() throws IOException {
    try (Writer w = output.writer(output.resolve("exports", "brand-monitor-export.csv"), "csv")) {
      w.write(CSV_HEADER);
      w.write('\n');
      // Monitoring tools export newest first.
      for (int i = rows.size() - 1; i >= 0; i--) {
        Post p = rows.get(i);
        double u = rng.nextDouble();
        boolean unlabelled = u < 0.03;
        int label =
            u < 0.11
                ? rng.nextInt(3) - 1
                : p.mood; // annotators disagree with the author now and then
        String sentiment =
            unlabelled ? "" : label < 0 ? "negative" : label > 0 ? "positive" : "neutral";
        boolean negative = label < 0 && !unlabelled;
        String reason = negative ? (p.topic != null ? p.topic : "Can't Tell") : "";
        String[] row = {
          p.idStr,
          sentiment,
          unlabelled ? "" : confidence(),
          reason,
          negative ? confidence() : unlabelled || rng.nextDouble() < 0.7 ? "" : "0.0",
          p.kit.brand().name(),
          rng.nextDouble() < 0.01 ? sentiment : "",
          p.author.handle,
          negative && rng.nextDouble() < 0.01 ? reason : "",
          Integer.toString(p.retweets),
          Output.html(p.text),
          p.geo ? "[" + p.lat + ", " + p.lon + "]" : "",
          CSV_TIME.format(Instant.ofEpochMilli(p.ms).atZone(US_PACIFIC)),
          p.author.location,
          p.author.tz
        };
        for (int c = 0; c < row.length; c++) {
          if (c > 0) w.write(',');
          w.write(Output.csvField(row[c]));
        }
        w.write('\n');
      }
    }
  }

  private String confidence() {
    if (rng.nextDouble() < 0.35) return "1.0";
    String digits = Integer.toString(3300 + rng.nextInt(6700)).replaceAll("0+$", "");
    return "0." + digits;
  }
}
