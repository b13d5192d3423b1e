package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.IDN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What the two Mastodon formats share, so that a status read from an account's outbox and from any
 * server's REST API is one post by one person.
 *
 * <ul>
 *   <li><b>Post id</b> {@code mastodon:<origin host>:<origin id>}, from the status's canonical URI
 *       (its ActivityPub id), never from the id a server gives it in its API, which is local to
 *       that server: {@code https://host/users/u/statuses/ID[/activity]} and {@code
 *       https://host/@u/ID} give {@code host:ID}; {@code
 *       tag:host,2017-04-14:objectId=ID:objectType=Status} (the API before ActivityPub) gives
 *       {@code host:ID}; Pixelfed's {@code https://host/p/u/ID} gives {@code host:ID}; Lemmy's
 *       {@code /post/N} and {@code /comment/N} (two numberings on one server) give {@code
 *       host:post-N} and {@code host:comment-N}; any other form ({@code https://host/notes/abc},
 *       {@code https://host/objects/uuid}) its last path segment. A URI whose last segment is no
 *       usable id (a query, characters an id may not hold) gives {@code host:h} and 20 hex
 *       characters of its SHA-256: stable, and never a user name in a post id.
 *   <li><b>Author</b> handle {@code user@host}, host being the account's server (the host of its
 *       actor URI or profile page), which is what {@link HtmlText} makes of a mention link and what
 *       the text cleaner makes of a {@code https://host/@user} link: one pseudonym for the person
 *       however they are named. (A server whose WebFinger domain differs from its host,
 *       {@code @user@example.com} served by {@code social.example.com}, is known by the host:
 *       mention links and actor URIs name it.) Account id: the actor URI {@code
 *       https://host/users/user}; the REST API's profile URL {@code https://host/@user} is
 *       rewritten to it.
 *   <li><b>Edits</b>: Mastodon gives the time of the latest edit, not its position in the history.
 *       The edit rank is the whole seconds from creation to that edit (at least 1; 0 for an
 *       unedited status), so a later edit ranks higher whichever source or file brought it, and the
 *       outbox's {@code updated} and the API's {@code edited_at} rank the same version alike.
 *   <li><b>Visibility</b>: only public and unlisted statuses (and a server's local-only ones)
 *       become posts. Followers-only and direct statuses (an account archive holds the owner's
 *       direct messages) are private conversation, not listening data: each becomes a {@code
 *       not_public} control naming the post id, without text or author.
 * </ul>
 */
final class Mastodon {
  private Mastodon() {}

  static final String PLATFORM = "mastodon";

  private static final Pattern HTTP =
      Pattern.compile(
          "(?i)^(https?)://(?:[^@/?#]*@)?([^/:?#]+)(?::\\d+)?(/[^?#]*)?(\\?[^#]*)?(#.*)?$");
  private static final Pattern TAG_URI =
      Pattern.compile("^tag:([^,:]+),[^:]*:(?:objectId|noticeId)=([^:]+)(?::.*)?$");
  private static final Pattern ID_SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-~%]{1,128}");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  /** Visibilities that are no listening data: followers-only ({@code private}), direct, and kin. */
  static final Set<String> NOT_PUBLIC =
      Set.of("private", "direct", "limited", "mutuals_only", "followers");

  /** A URL cut into its parts; null when the text is no http(s) URL. */
  record Url(String scheme, String host, List<String> segments, String raw) {
    String first() {
      return segments.isEmpty() ? null : segments.get(0);
    }
  }

  static Url url(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = HTTP.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    String host;
    try {
      host = IDN.toASCII(m.group(2), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException badHost) {
      return null;
    }
    List<String> segments = new ArrayList<>();
    if (m.group(3) != null) {
      for (String s : m.group(3).split("/")) {
        if (!s.isEmpty()) {
          segments.add(s);
        }
      }
    }
    return new Url(m.group(1).toLowerCase(Locale.ROOT), host, segments, text.strip());
  }

  /** The host of a URL, lower case; null when it is none. */
  static String host(String text) {
    Url u = url(text);
    return u == null ? null : u.host();
  }

  /**
   * {@code host:id} of a status from its canonical URI (see the class comment); null when the text
   * is no URI. Also the id of a boost, whose URI is its Announce activity's ({@code
   * .../statuses/ID/activity}).
   */
  static String originId(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    String u = uri.strip();
    if (u.startsWith("tag:")) {
      Matcher tag = TAG_URI.matcher(u);
      if (tag.matches() && ID_SEGMENT.matcher(tag.group(2)).matches()) {
        return tag.group(1).toLowerCase(Locale.ROOT) + ":" + tag.group(2);
      }
      String host = u.substring(4).split("[,:]", 2)[0].toLowerCase(Locale.ROOT);
      return host.isEmpty() || !ID_SEGMENT.matcher(host).matches() ? null : host + ":" + hashed(u);
    }
    Url url = url(u);
    if (url == null) {
      return null;
    }
    List<String> s = url.segments();
    if (s.size() >= 2 && s.get(s.size() - 1).equals("activity")) {
      s =
          s.subList(
              0,
              s.size() - 1); // Mastodon's Create and Announce activities: .../statuses/ID/activity
    }
    String id = null;
    int n = s.size();
    if (n >= 4 && s.get(0).equals("users") && s.get(2).equals("statuses")) {
      id = s.get(3);
    } else if (n == 2 && s.get(0).startsWith("@")) {
      id = s.get(1);
    } else if (n == 3 && s.get(0).equals("p")) {
      id = s.get(2); // Pixelfed: /p/user/ID; the user name stays out of the id
    } else if (n >= 2
        && (s.get(n - 2).equals("post") || s.get(n - 2).equals("comment"))
        && DIGITS.matcher(s.get(n - 1)).matches()) {
      id = s.get(n - 2) + "-" + s.get(n - 1); // Lemmy numbers posts and comments apart
    } else if (n >= 1 && url.raw().indexOf('?') < 0) {
      id = s.get(n - 1);
    }
    if (id == null || !ID_SEGMENT.matcher(id).matches()) {
      id = hashed(u);
    }
    return url.host() + ":" + id;
  }

  private static String hashed(String uri) {
    return "h" + DigestUtils.sha256Hex(uri).substring(0, 20);
  }

  /** The warehouse's post id of a status URI; null when the text is no URI. */
  static String postId(String uri) {
    String id = originId(uri);
    return id == null ? null : PLATFORM + ":" + id;
  }

  /**
   * A person: the handle {@code user@host} (null when the URI does not say it) and the account id.
   */
  record Person(String handle, String accountId) {}

  /**
   * The person an actor URI or profile URL names: {@code https://host/users/u} and {@code
   * https://host/@u} are {@code u@host} with account id {@code https://host/users/u}; any other URI
   * is its own account id with no handle (a Misskey actor {@code /users/9abc} holds an id, not a
   * name).
   */
  static Person actor(String uri) {
    Url u = url(uri);
    if (u == null) {
      return new Person(null, emptyToNull(uri));
    }
    List<String> s = u.segments();
    String user = null;
    if (s.size() == 2 && s.get(0).equals("users")) {
      user = s.get(1);
    } else if (s.size() == 1 && s.get(0).startsWith("@") && s.get(0).length() > 1) {
      user = s.get(0).substring(1);
    }
    if (user == null) {
      return new Person(
          null, u.scheme() + "://" + u.host() + (s.isEmpty() ? "" : "/" + String.join("/", s)));
    }
    return new Person(user + "@" + u.host(), "https://" + u.host() + "/users/" + user);
  }

  /**
   * The author's handle of a status URI or URL of Mastodon's forms ({@code /users/u/statuses/ID},
   * {@code /@u/ID}).
   */
  static String authorOfStatus(String uri) {
    Url u = url(uri);
    if (u == null) {
      return null;
    }
    List<String> s = u.segments();
    if (s.size() >= 4 && s.get(0).equals("users") && s.get(2).equals("statuses")) {
      return s.get(1) + "@" + u.host();
    }
    if (s.size() == 2 && s.get(0).startsWith("@") && s.get(0).length() > 1) {
      return s.get(0).substring(1) + "@" + u.host();
    }
    return null;
  }

  /**
   * Content warning, then the body; when both are empty, the media's descriptions (or addresses) as
   * the text.
   */
  static String postText(String contentWarning, String body, List<String> media) {
    String cw = emptyToNull(contentWarning == null ? null : HtmlText.text(contentWarning));
    String b = emptyToNull(body);
    if (b == null && cw == null && !media.isEmpty()) {
      b =
          String.join(
              "\n", media); // a picture-only post: what it shows, as its author described it
    }
    if (cw == null) {
      return b;
    }
    return b == null ? cw : cw + "\n\n" + b;
  }

  /**
   * What each attachment shows: its description when its author wrote one, else its address (an
   * archive's addresses are paths inside the archive, no address at all), else its kind ({@code
   * <image>}, {@code <video>}).
   */
  static void media(JsonNode attachments, String descriptionField, List<String> out) {
    for (JsonNode a : attachments) {
      String described = emptyToNull(text(a, descriptionField));
      String address =
          a.path("url").isTextual() ? a.get("url").asText() : text(a.path("url"), "href");
      String kind =
          firstNonEmpty(text(a, "mediaType"), text(a, "type"), "media").toLowerCase(Locale.ROOT);
      kind =
          kind.startsWith("image") || kind.equals("gifv")
              ? "image"
              : kind.startsWith("video") ? "video" : kind.startsWith("audio") ? "audio" : "media";
      out.add(
          described != null
              ? described
              : url(address) != null ? address.strip() : "<" + kind + ">");
    }
  }

  /** The edit rank of a version edited at {@code edited} (see the class comment). */
  static int editRank(Instant created, String edited) {
    Instant at = Timestamps.parse(edited);
    if (at == null || created == null) {
      return 0;
    }
    long seconds = at.getEpochSecond() - created.getEpochSecond();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  /**
   * ActivityPub addressing in Mastodon's words: public, unlisted, private (followers only) or
   * direct.
   */
  static String visibility(JsonNode object, JsonNode activity) {
    JsonNode to = addressing(object, activity, "to");
    JsonNode cc = addressing(object, activity, "cc");
    if (to == null && cc == null) {
      return null; // not addressed at all (a bare Note from a tool): nothing says it is private
    }
    if (addressed(to, PUBLIC)) {
      return "public";
    }
    if (addressed(cc, PUBLIC)) {
      return "unlisted";
    }
    return addressedEnding(to, "/followers") || addressedEnding(cc, "/followers")
        ? "private"
        : "direct";
  }

  private static JsonNode addressing(JsonNode object, JsonNode activity, String field) {
    if (object.has(field)) {
      return object.get(field);
    }
    return activity != null && activity.has(field) ? activity.get(field) : null;
  }

  private static boolean addressed(JsonNode list, String target) {
    if (list == null) {
      return false;
    }
    for (JsonNode a : list.isArray() ? list : List.of(list)) {
      String v = a.asText("");
      if (v.equals(target) || v.equals("as:Public") || v.equals("Public")) {
        return true;
      }
    }
    return false;
  }

  private static boolean addressedEnding(JsonNode list, String suffix) {
    if (list == null) {
      return false;
    }
    for (JsonNode a : list.isArray() ? list : List.of(list)) {
      if (a.asText("").endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** A status that is not loaded because it is private conversation. */
  static Item notPublic(String postId, String visibility, Instant at) {
    Item item = Item.control(PLATFORM, "not_public");
    item.targetPostId = postId;
    item.eventAt = at;
    item.detail = visibility + " status: private conversation, not loaded";
    return item;
  }
}
