package com.brandpulse.ingest;

import com.brandpulse.ingest.format.BlueskyJetstream;
import com.brandpulse.ingest.format.BlueskyPosts;
import com.brandpulse.ingest.format.FacebookExport;
import com.brandpulse.ingest.format.FacebookGraph;
import com.brandpulse.ingest.format.GnipActivity;
import com.brandpulse.ingest.format.MastodonOutbox;
import com.brandpulse.ingest.format.MastodonStatus;
import com.brandpulse.ingest.format.PostFormat;
import com.brandpulse.ingest.format.Pushshift;
import com.brandpulse.ingest.format.RedditListing;
import com.brandpulse.ingest.format.TwitterArchive;
import com.brandpulse.ingest.format.TwitterV1;
import com.brandpulse.ingest.format.TwitterV2;
import com.brandpulse.ingest.format.YouTubeComments;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Names of the formats ingest reads, and the routing of one JSON record to its format by shape.
 * Routing is by keys, never by file name, so mixed files and renamed exports still land right.
 */
public final class Formats {
  private Formats() {}

  public static final String AUTO = "auto";
  public static final String TWITTER_V1 = "twitter-v1";
  public static final String TWITTER_V2 = "twitter-v2";
  public static final String TWITTER_ARCHIVE = "twitter-archive";
  public static final String REDDIT = "reddit";
  public static final String GNIP = "gnip-activity";
  public static final String MASTODON_OUTBOX = "mastodon-outbox";
  public static final String MASTODON_API = "mastodon-api";
  public static final String BLUESKY_API = "bluesky-api";
  public static final String BLUESKY_JETSTREAM = "bluesky-jetstream";
  public static final String FACEBOOK_EXPORT = "facebook-export";
  public static final String FACEBOOK_GRAPH = "facebook-graph";
  public static final String YOUTUBE_API = "youtube-api";
  public static final String REDDIT_API = "reddit-api";
  public static final String ARCHIVE_METADATA = "archive-metadata";
  public static final String UNKNOWN = "unknown";
  public static final String CSV_PREFIX = "csv:";

  /** What --format accepts (csv takes an optional mapping name: csv:airline-tweets). */
  public static final List<String> EXPLICIT =
      List.of(
          AUTO,
          TWITTER_V1,
          TWITTER_V2,
          TWITTER_ARCHIVE,
          REDDIT,
          GNIP,
          MASTODON_OUTBOX,
          MASTODON_API,
          BLUESKY_API,
          BLUESKY_JETSTREAM,
          FACEBOOK_EXPORT,
          FACEBOOK_GRAPH,
          YOUTUBE_API,
          REDDIT_API,
          "csv");

  /**
   * The JSON formats in the order they are tried: the first whose {@code detects} accepts a record
   * reads it. Specific shapes come before Twitter v1.1, whose test (a text and an id) is the
   * loosest.
   */
  public static final List<PostFormat> JSON =
      List.of(
          new TwitterArchive(),
          new TwitterV2(),
          new GnipActivity(),
          new MastodonOutbox(),
          new MastodonStatus(),
          new BlueskyJetstream(),
          new BlueskyPosts(),
          new FacebookExport(),
          new FacebookGraph(),
          new YouTubeComments(),
          new RedditListing(),
          new Pushshift(),
          new TwitterV1());

  /** The format a parsed JSON record belongs to, or null when none recognises it. */
  public static PostFormat of(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    for (PostFormat f : JSON) {
      if (f.detects(n)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The name of the format a parsed JSON record belongs to, by its keys ({@link #UNKNOWN} for
   * none).
   */
  public static String family(JsonNode n) {
    PostFormat f = of(n);
    return f == null ? UNKNOWN : f.name();
  }

  /**
   * The platform a format's records come from (a CSV mapping's platform is in its mapping; twitter
   * here).
   */
  public static String platform(String format) {
    if (format == null
        || format.startsWith("twitter")
        || format.equals(GNIP)
        || format.startsWith("csv")
        || format.equals(ARCHIVE_METADATA)
        || format.equals(UNKNOWN)
        || format.equals(AUTO)) {
      return "twitter";
    }
    int dash = format.indexOf('-');
    return dash < 0 ? format : format.substring(0, dash);
  }

  /**
   * How complete a format's copy of a post is (see {@link PostFormat#fidelity}); CSV exports are 0.
   */
  public static int fidelity(String format) {
    if (format.startsWith(CSV_PREFIX)) {
      return 0;
    }
    for (PostFormat f : JSON) {
      if (f.name().equals(format)) {
        return f.fidelity();
      }
    }
    return 2;
  }
}
