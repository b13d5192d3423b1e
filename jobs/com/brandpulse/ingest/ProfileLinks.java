package com.brandpulse.ingest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which links name a person: profile and status pages of the platforms people are listened on. A
 * link such as {@code x.com/jack/status/20} or {@code reddit.com/user/spez} names its author as
 * surely as an
 *
 * @handle does, so it is pseudonymised the same way (keyed on the platform the link points to).
 */
final class ProfileLinks {
  private ProfileLinks() {}

  /** The person a link names: the platform whose pseudonym space applies, and the handle. */
  record Person(String platform, String handle) {}

  private record Rule(Pattern host, Pattern path, String platform) {}

  // Paths of the platforms that are pages, not people (twitter.com/search, facebook.com/groups
  // ...).
  private static final Set<String> NOT_PEOPLE =
      Set.of(
          "home",
          "search",
          "hashtag",
          "i",
          "intent",
          "share",
          "explore",
          "settings",
          "login",
          "signup",
          "notifications",
          "messages",
          "tos",
          "privacy",
          "about",
          "help",
          "groups",
          "pages",
          "events",
          "watch",
          "marketplace",
          "sharer.php",
          "sharer",
          "photo.php",
          "story.php",
          "permalink.php",
          "profile.php",
          "hashtags",
          "r",
          "p",
          "reel",
          "reels",
          "stories",
          "tags",
          "channel",
          "results",
          "playlist",
          "shorts",
          "feed",
          "trending",
          "gaming",
          "company",
          "jobs",
          "school");

  private static final List<Rule> RULES =
      List.of(
          rule(
              "(?:www\\.|mobile\\.|m\\.)?(?:twitter|x)\\.com",
              "/@?([A-Za-z0-9_]{1,50})(?:/.*)?",
              "twitter"),
          rule(
              "(?:www\\.|old\\.|new\\.|np\\.)?reddit\\.com",
              "/(?:u|user)/([A-Za-z0-9_-]{3,20})(?:/.*)?",
              "reddit"),
          rule("bsky\\.app", "/profile/([A-Za-z0-9.:-]{3,253})(?:/.*)?", "bluesky"),
          rule(
              "(?:www\\.|m\\.|web\\.)?facebook\\.com|fb\\.com",
              "/([A-Za-z0-9.]{5,50})/?(?:posts/.*)?",
              "facebook"),
          rule("(?:www\\.)?instagram\\.com", "/([A-Za-z0-9_.]{1,30})(?:/.*)?", "instagram"),
          rule("(?:www\\.|m\\.)?youtube\\.com", "/@([A-Za-z0-9_.-]{3,30})(?:/.*)?", "youtube"),
          rule("(?:www\\.)?tiktok\\.com", "/@([A-Za-z0-9_.]{2,24})(?:/.*)?", "tiktok"),
          rule("(?:www\\.)?threads\\.(?:net|com)", "/@([A-Za-z0-9_.]{1,30})(?:/.*)?", "threads"),
          rule(
              "(?:[a-z]{2,3}\\.|www\\.)?linkedin\\.com",
              "/in/([A-Za-z0-9_-]{3,100})(?:/.*)?",
              "linkedin"));
  // Mastodon and the rest of the fediverse: https://instance/@user[/status]: the person is
  // user@instance.
  private static final Pattern FEDIVERSE_PATH = Pattern.compile("/@([A-Za-z0-9_.-]{1,64})(?:/.*)?");

  private static Rule rule(String host, String path, String platform) {
    return new Rule(Pattern.compile(host), Pattern.compile(path), platform);
  }

  /** The person a link names, or null for any other link (a news site, a brand's shop). */
  static Person person(String link) {
    URI uri;
    try {
      uri = URI.create(link.contains("://") ? link : "https://" + link);
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
    String host = uri.getHost();
    String path = uri.getRawPath();
    if (host == null || path == null) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      if (r.host().matcher(host).matches()) {
        Matcher m = r.path().matcher(path);
        if (m.matches() && !NOT_PEOPLE.contains(m.group(1).toLowerCase(Locale.ROOT))) {
          return new Person(r.platform(), m.group(1));
        }
        return null;
      }
    }
    Matcher fedi = FEDIVERSE_PATH.matcher(path);
    return fedi.matches() ? new Person("mastodon", fedi.group(1) + "@" + host) : null;
  }
}
