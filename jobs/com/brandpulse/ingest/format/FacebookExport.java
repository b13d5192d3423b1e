package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.twitter.twittertext.Extractor;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facebook's "Download your information" export in its JSON flavour: {@code your_posts_N.json} (a
 * JSON array, one entry per element), older files with a {@code status_updates} or {@code posts_v2}
 * envelope, and {@code comments.json} ({@code comments} or {@code comments_v2}). An entry is {@code
 * timestamp} (epoch seconds), {@code data} ({@code {"post": text}}, {@code {"update_timestamp":
 * n}}, or {@code {"comment": {timestamp, comment, author}}}), an optional {@code title} ("Hunter
 * Hillis updated his status.") and {@code attachments}.
 *
 * <p>Decisions, because the export carries less than a post:
 *
 * <ul>
 *   <li><b>Text</b> is what the owner wrote, {@code data[].post} or {@code data[].comment.comment},
 *       and nothing else. The title is Facebook's sentence about the entry, not post text, and it
 *       names people (the owner, and others: "wrote on X's timeline", "was with X"); attachment
 *       {@code text} is Facebook's rendering of the shared thing (a shared memory repeats "Hunter
 *       Hillis updated his status."), {@code name}, {@code place} and links are what was shared,
 *       not words of the owner. An entry without such text (empty {@code data}, only an {@code
 *       update_timestamp}, a blank comment with a sticker) becomes a control event {@code no_text}
 *       saying what it did carry, in schema words only; it is never unknown_shape.
 *   <li><b>Mojibake</b>: the export writes each UTF-8 byte as its own Latin-1 character (a JSON
 *       escape from U+0000 to U+00FF). Every string used (text, title, author, place) is re-encoded
 *       as Latin-1 and decoded as UTF-8 when that gives valid UTF-8 ({@link #repair}).
 *   <li><b>Author</b>: the export names no handle. The file's archive owner ({@code
 *       ctx.ownerHandle()}) when known; else the comment's {@code author}, else the title's leading
 *       name, used only as input to the pseudonym: the name reaches no column (text, attributes,
 *       detail). An entry without either has no author.
 *   <li><b>Post id</b>: there is none. {@code export-<timestamp>-<h>}, where h is a keyed hash (the
 *       pseudonym key's HMAC, as for author keys) of the entry kind, the author's pseudonym and the
 *       repaired text: the same entry gives the same id in every run and in every export of the
 *       same account read with the same owner setting, and the id reveals nothing of the raw text
 *       that masking hides. Two posts of one person in the same second with different texts stay
 *       apart; a text edited between two exports gives a new id (the export keeps no edit history
 *       to link them).
 *   <li><b>Edits</b>: {@code update_timestamp} later than {@code timestamp} is an edit; edit_rank
 *       is the seconds from creation to that update, so of two copies of a post the later-updated
 *       one wins (an order, not a count; 0 when the update is the creation, as in every entry of
 *       the real export seen).
 *   <li><b>Comments</b> are posts whose reply target is unknown: the export names the commented
 *       post only in the title, by its author's name. {@code entry=comment} and the title's
 *       activity ({@code comment}, {@code reply}) say what they are.
 * </ul>
 */
public final class FacebookExport implements PostFormat {
  static final String PLATFORM = "facebook";

  /** Envelopes around an array of entries: posts, then comments. */
  private static final List<String> ENVELOPES =
      List.of("status_updates", "posts_v2", "comments", "comments_v2");

  private static final Extractor HASHTAGS = new Extractor();

  /**
   * The verb that ends the owner's name in a title: lower case, so capitalised names are never cut.
   */
  private static final Pattern VERB =
      Pattern.compile(
          "(?<!\\s)\\s++(?=(?:updated|recommends|doesn['\u2019]t"
              + "|does not|wrote|shared|shares|commented|replied|is|was|were|added|posted|likes|liked|reacted|changed"
              + "|saved|created|went|checked|feels|felt|became|celebrated|started|joined|attended|tagged|edited|sent"
              + "|played|published|uploaded|rated|reviewed|made|removed|answered|asked|voted|invited|gave|got)\\b)");

  /** What a title says the entry is, as a code; the names around the verb are never kept. */
  private static final List<Activity> ACTIVITIES =
      List.of(
          new Activity("updated (?:his|her|their) status", "status"),
          new Activity("recommends", "recommends"),
          new Activity("(?:doesn['\u2019]t|does not) recommend", "does_not_recommend"),
          new Activity("wrote on", "wrote_on_timeline"),
          new Activity("shared a memory", "memory"),
          new Activity("shared|shares", "shared"),
          new Activity("commented on", "comment"),
          new Activity("replied to", "reply"),
          new Activity("(?:is|was) feeling|feels|felt", "feeling"),
          new Activity("(?:is|was) travel+ing", "traveling"),
          new Activity("(?:is|was) with", "with_others"),
          new Activity("(?:is|was) (?:at|in)|checked in", "check_in"),
          new Activity("(?:is|was) \\w+ing", "doing"),
          new Activity("added|posted|uploaded", "added_media"));

  private record Activity(Pattern pattern, String code) {
    Activity(String regex, String code) {
      this(Pattern.compile("^(?:" + regex + ")\\b"), code);
    }
  }

  /**
   * A title read for what it may give: the owner's name (pseudonym input only) and the activity
   * code.
   */
  private record Title(String name, String activity) {
    static final Title NONE = new Title(null, null);

    static Title of(String title) {
      if (title == null || title.isBlank()) {
        return NONE;
      }
      Matcher verb = VERB.matcher(title);
      if (!verb.find() || verb.start() == 0) {
        return new Title(null, "other");
      }
      String name = title.substring(0, verb.start()).trim().replaceAll("\\s+", " ");
      String rest = title.substring(verb.end());
      for (Activity a : ACTIVITIES) {
        if (a.pattern().matcher(rest).find()) {
          return new Title(name, a.code());
        }
      }
      return new Title(name, "other");
    }
  }

  @Override
  public String name() {
    return Formats.FACEBOOK_EXPORT;
  }

  @Override
  public int fidelity() {
    return 1;
  }

  @Override
  public boolean detects(JsonNode n) {
    for (String envelope : ENVELOPES) {
      JsonNode entries = n.get(envelope);
      if (entries != null && entries.isArray()) {
        if (entries.isEmpty()) {
          return n.size() == 1;
        }
        for (JsonNode e : entries) {
          if (isEntry(e)) {
            return true;
          }
        }
      }
    }
    return isEntry(n);
  }

  /** An export entry: epoch-second timestamp with data, title or attachments, and no API id. */
  private static boolean isEntry(JsonNode e) {
    return e.isObject()
        && e.path("timestamp").isNumber()
        && !e.has("id")
        && (e.path("data").isArray()
            || e.path("title").isTextual()
            || e.path("attachments").isArray());
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    for (String envelope : ENVELOPES) {
      JsonNode entries = record.get(envelope);
      if (entries != null && entries.isArray()) {
        for (JsonNode e : entries) {
          entry(e, ctx, out);
        }
        return;
      }
    }
    entry(record, ctx, out);
  }

  private static void entry(JsonNode e, ParseContext ctx, List<Item> out) {
    if (!e.isObject()) {
      out.add(
          Item.quarantine(
              QuarantineReason.WRONG_TYPE.code(),
              "export entry is a JSON " + Fields.type(e) + ", expected an object"));
      return;
    }
    List<JsonNode> comments = new ArrayList<>();
    for (JsonNode d : e.path("data")) {
      if (d.path("comment").isObject()) {
        comments.add(d.get("comment"));
      }
    }
    if (comments.isEmpty()) {
      out.add(ctx.guard(() -> post(e, ctx)));
    } else {
      for (JsonNode c : comments) {
        out.add(ctx.guard(() -> comment(e, c, ctx)));
      }
    }
  }

  private static Item post(JsonNode e, ParseContext ctx) {
    Title title = Title.of(repair(text(e, "title")));
    List<String> parts = new ArrayList<>();
    Long updated = null;
    boolean hasData = false;
    for (JsonNode d : e.path("data")) {
      hasData = true;
      if (d.has("post")) {
        String post = repair(Fields.string(d, "post"));
        if (post != null && !post.isBlank()) {
          parts.add(post);
        }
      }
      Long stamp = Fields.number(d, "update_timestamp");
      if (stamp != null && (updated == null || stamp > updated)) {
        updated = stamp;
      }
    }
    if (parts.isEmpty()) {
      String what =
          !hasData ? "empty data" : updated != null ? "only an update_timestamp" : "no post text";
      return noText(e, "post", what, title);
    }
    String body = String.join("\n\n", parts);
    PostBuilder p = ctx.post(PLATFORM, Formats.FACEBOOK_EXPORT);
    p.author(firstNonEmpty(ctx.ownerHandle(), title.name()), null);
    p.createdAt(e.get("timestamp"));
    p.id(exportId("post", p.item.authorKey, p.item.createdAt, body, ctx));
    p.text(body, true);
    if (updated != null) {
      p.editedAt(Timestamps.fromEpoch(BigDecimal.valueOf(updated)));
    }
    p.attribute("entry", "post").attribute("activity", title.activity());
    place(e, p);
    p.item.hashtags = hashtags(body);
    return p.build();
  }

  private static Item comment(JsonNode e, JsonNode c, ParseContext ctx) {
    Title title = Title.of(repair(text(e, "title")));
    String body = repair(Fields.string(c, "comment"));
    if (body == null || body.isBlank()) {
      return noText(e, "comment", body == null ? "no comment field" : "a blank comment", title);
    }
    PostBuilder p = ctx.post(PLATFORM, Formats.FACEBOOK_EXPORT);
    p.author(firstNonEmpty(ctx.ownerHandle(), repair(text(c, "author")), title.name()), null);
    p.createdAt(c.has("timestamp") ? c.get("timestamp") : e.get("timestamp"));
    p.id(exportId("comment", p.item.authorKey, p.item.createdAt, body, ctx));
    p.text(body, true);
    p.attribute("entry", "comment").attribute("activity", title.activity());
    p.item.hashtags = hashtags(body);
    return p.build();
  }

  /**
   * The id of an export entry: {@code export-<epoch second>-<20 hex>}, the hex a keyed hash of the
   * entry's kind, author pseudonym and text (see the class comment).
   */
  static String exportId(
      String kind, String authorKey, Instant createdAt, String text, ParseContext ctx) {
    String keyed =
        ctx.accountId(
            PLATFORM,
            String.join(
                "\u0001",
                "export",
                kind,
                authorKey == null ? "" : authorKey,
                Long.toString(createdAt.getEpochSecond()),
                text));
    return "export-" + createdAt.getEpochSecond() + "-" + keyed.substring(keyed.indexOf('_') + 1);
  }

  /**
   * An entry with no words of its owner: what it carried, in schema words, never its title or
   * names.
   */
  private static Item noText(JsonNode e, String kind, String what, Title title) {
    Item item = Item.control(PLATFORM, "no_text");
    JsonNode ts = e.get("timestamp");
    item.eventAt = ts != null && ts.isNumber() ? Timestamps.fromEpoch(ts.decimalValue()) : null;
    Set<String> attached = new LinkedHashSet<>();
    for (JsonNode a : e.path("attachments")) {
      for (JsonNode d : a.path("data")) {
        d.fieldNames().forEachRemaining(attached::add);
      }
    }
    item.detail =
        "facebook export "
            + kind
            + " without text of its own: "
            + what
            + (title.activity() == null ? "" : "; activity " + title.activity())
            + (attached.isEmpty() ? "" : "; attachments " + String.join(",", attached));
    return item;
  }

  /** The first attached place with a name: its name and coordinates. */
  private static void place(JsonNode e, PostBuilder p) {
    for (JsonNode a : e.path("attachments")) {
      for (JsonNode d : a.path("data")) {
        JsonNode place = d.path("place");
        String name = Fields.emptyToNull(repair(text(place, "name")));
        if (name != null) {
          p.item.placeName = name;
          JsonNode at = place.path("coordinate");
          if (at.path("latitude").isNumber() && at.path("longitude").isNumber()) {
            p.item.geoLat = at.get("latitude").asDouble();
            p.item.geoLon = at.get("longitude").asDouble();
          }
          return;
        }
      }
    }
  }

  /** Hashtags of a text, lower case and without the sign (Facebook gives no entity list). */
  static List<String> hashtags(String text) {
    List<String> tags = new ArrayList<>();
    for (String tag : HASHTAGS.extractHashtags(text)) {
      tags.add(tag.toLowerCase(Locale.ROOT));
    }
    return tags;
  }

  /**
   * Undoes the export's mojibake: a string whose characters are all Latin-1, re-encoded as Latin-1,
   * decoded as UTF-8, when those bytes are valid UTF-8 (U+00E2 U+009D U+00A4 becomes U+2764, a
   * heart). Anything else, a string with a character above U+00FF, plain ASCII or real Latin-1 text
   * such as "café", is returned as it is.
   */
  public static String repair(String s) {
    if (s == null) {
      return null;
    }
    boolean high = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        return s;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return s;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return s;
    }
  }
}
