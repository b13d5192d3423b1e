package com.brandpulse.ingest;

import com.brandpulse.common.Pseudonymizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes people and posts out of raw bronze records, for erasure ({@code forget}) and for delete and
 * compliance notices. A record that holds nothing but what goes is deleted whole; a record shared
 * with others (a v2 page, a retweet of the person) is rewritten without it: JSON objects that are
 * the person's posts or the person's account are removed, and any string that names the person is
 * replaced by {@value #ERASED}. People are recognised by their pseudonyms, so the handle itself
 * need not be known: the same code protects later loads, when only {@code ops.erasure_requests}'
 * keys are left.
 */
public final class RawRedactor implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ERASED = "<erased>";
  private static final Pattern HANDLE_LIKE = Pattern.compile("@?[A-Za-z0-9_.@-]{1,64}");
  private static final Set<String> HANDLE_FIELDS =
      Set.of(
          "screen_name",
          "username",
          "author",
          "preferredUsername",
          "acct",
          "handle",
          "user_name",
          "author_id");
  private static final List<String> RAW_KEY_FIELDS = List.of("uri", "name");
  private static final Set<String> OWNER_FIELDS = Set.of("user", "author", "actor", "account");

  /** What happens to one record. */
  public enum Action {
    KEEP,
    DELETE,
    REWRITE
  }

  public record Outcome(Action action, String record) {}

  private final Set<String> handleKeys;
  private final Set<String> idKeys;
  private final Set<String> postIds;
  private final Pseudonymizer pseudonyms;
  private final IngestSettings settings;
  private final Set<String> bareIds;
  private final boolean deleteUnreadable;
  private transient PostParser parser;
  private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[^A-Za-z0-9_]+");

  /**
   * @param handleKeys pseudonyms of erased handles (silver.posts.author_key)
   * @param idKeys pseudonyms of erased account ids (silver.posts.author_id_key)
   * @param postIds platform-qualified post ids that go (a person's posts, or posts with a delete
   *     notice)
   */
  public RawRedactor(
      Set<String> handleKeys,
      Set<String> idKeys,
      Set<String> postIds,
      Pseudonymizer pseudonyms,
      IngestSettings settings) {
    this(handleKeys, idKeys, postIds, pseudonyms, settings, false);
  }

  /**
   * @param deleteUnreadable the records given are known to hold the person: one that is not JSON
   *     goes whole
   */
  public RawRedactor(
      Set<String> handleKeys,
      Set<String> idKeys,
      Set<String> postIds,
      Pseudonymizer pseudonyms,
      IngestSettings settings,
      boolean deleteUnreadable) {
    this.deleteUnreadable = deleteUnreadable;
    this.handleKeys = Set.copyOf(handleKeys);
    this.idKeys = Set.copyOf(idKeys);
    this.postIds = Set.copyOf(postIds);
    this.pseudonyms = pseudonyms;
    this.settings = settings;
    Set<String> bare = new HashSet<>();
    postIds.forEach(id -> bare.add(id.substring(id.lastIndexOf(':') + 1)));
    this.bareIds = Set.copyOf(bare);
  }

  /**
   * Only post ids to look for: a record whose tokens hold none of them is kept without parsing it.
   */
  private boolean cannotHold(String record) {
    if (!handleKeys.isEmpty() || !idKeys.isEmpty()) {
      return false;
    }
    for (String token : TOKEN_SEPARATORS.split(record)) {
      if (bareIds.contains(token)) {
        return false;
      }
    }
    return true;
  }

  /** The fate of one bronze record (its columns as stored). */
  public Outcome redact(
      String container, String format, String record, String readError, String ownerHandle) {
    if (record == null || cannotHold(record)) {
      return new Outcome(Action.KEEP, record);
    }
    PostParser parser = parser();
    List<Item> items = parser.parse(container, format, record, readError, ownerHandle);
    List<Item> posts = items.stream().filter(i -> Item.POST.equals(i.kind)).toList();
    Set<String> goneSourceIds = new HashSet<>();
    String platform = "twitter";
    for (Item post : posts) {
      platform = post.platform;
      if (goes(post)) {
        goneSourceIds.add(post.rawKey != null ? post.rawKey : post.sourceId);
      }
    }
    if (!posts.isEmpty()
        && goneSourceIds.size() == posts.stream().map(p -> p.rawKey).distinct().count()) {
      return new Outcome(Action.DELETE, null);
    }
    // A record is one JSON value, or several (a file read whole as one document): each is trimmed
    // on its own.
    List<JsonNode> values = new ArrayList<>();
    try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> it =
        RecordReader.JSON.readerFor(JsonNode.class).readValues(record)) {
      while (it.hasNextValue()) {
        values.add(it.nextValue());
      }
    } catch (java.io.IOException unreadable) {
      // What cannot be parsed cannot be trimmed: it goes when it is known to hold the person
      // (forget found
      // their handle in it), else it stays (a broken line of a reloaded file).
      return new Outcome(
          deleteUnreadable ? Action.DELETE : Action.KEEP, deleteUnreadable ? null : record);
    }
    Walk walk = new Walk(platform, goneSourceIds, parser.cleaner());
    List<String> kept = new ArrayList<>();
    for (JsonNode value : values) {
      if (walk.owned(value)) {
        walk.changed = true;
      } else {
        walk.trim(value);
        kept.add(value.toString());
      }
    }
    if (kept.isEmpty()) {
      return new Outcome(Action.DELETE, null);
    }
    return walk.changed
        ? new Outcome(Action.REWRITE, String.join("\n", kept))
        : new Outcome(Action.KEEP, record);
  }

  /** One parser per redactor (per executor after deserialisation), not one per record. */
  private PostParser parser() {
    if (parser == null) {
      parser = new PostParser(settings, pseudonyms, Instant.now());
    }
    return parser;
  }

  private boolean goes(Item post) {
    return postIds.contains(post.postId)
        || post.authorKey != null && handleKeys.contains(post.authorKey)
        || post.authorIdKey != null && idKeys.contains(post.authorIdKey);
  }

  /** One pass over a record's JSON tree. */
  private final class Walk {
    final String platform;
    final Set<String> goneSourceIds;
    final TextCleaner cleaner;
    boolean changed;

    Walk(String platform, Set<String> goneSourceIds, TextCleaner cleaner) {
      this.platform = platform;
      this.goneSourceIds = goneSourceIds;
      this.cleaner = cleaner;
    }

    /** An object that is a post that goes, the account of an erased person, or owned by one. */
    boolean owned(JsonNode node) {
      if (!node.isObject()) {
        return false;
      }
      String id =
          node.hasNonNull("id_str")
              ? node.get("id_str").asText()
              : node.hasNonNull("id") && node.get("id").isValueNode()
                  ? node.get("id").asText()
                  : null;
      if (id != null && goneSourceIds.contains(id)) {
        return true;
      }
      for (String field : RAW_KEY_FIELDS) {
        // the fields other platforms name a post by (a status or AT URI, a Reddit fullname)
        JsonNode key = node.get(field);
        if (key != null && key.isTextual() && goneSourceIds.contains(key.asText())) {
          return true;
        }
      }
      boolean account = false;
      for (String field : HANDLE_FIELDS) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual()) {
          account = true;
          if (erasedName(v.asText())
              || field.equals("author_id")
                  && idKeys.contains(pseudonyms.accountId(platform, v.asText()))) {
            return true;
          }
        }
      }
      if (account && id != null && idKeys.contains(pseudonyms.accountId(platform, id))) {
        return true;
      }
      for (String field : OWNER_FIELDS) {
        JsonNode owner = node.get(field);
        if (owner != null && owner.isObject() && owned(owner)) {
          return true;
        }
      }
      return false;
    }

    /** Removes owned objects below {@code node} and blanks strings that name an erased person. */
    void trim(JsonNode node) {
      if (node instanceof ArrayNode array) {
        for (int i = array.size() - 1; i >= 0; i--) {
          JsonNode child = array.get(i);
          if (owned(child)) {
            array.remove(i);
            changed = true;
          } else if (child.isTextual() && namesErased(child.asText())) {
            array.set(i, TextNode.valueOf(ERASED));
            changed = true;
          } else {
            trim(child);
          }
        }
      } else if (node instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          JsonNode child = object.get(name);
          if (owned(child)) {
            object.remove(name);
            changed = true;
          } else if (child.isTextual() && namesErased(child.asText())) {
            object.put(name, ERASED);
            changed = true;
          } else {
            trim(child);
          }
        }
      }
    }

    /** A bare handle of an erased person, or a text that mentions one. */
    boolean namesErased(String text) {
      if (erasedName(text)) {
        return true;
      }
      if (handleKeys.isEmpty()
          || text.indexOf('@') < 0
              && text.indexOf('/') < 0
              && text.indexOf('\uFF20') < 0
              && text.indexOf('\uFE6B') < 0) {
        return false;
      }
      for (String key : cleaner.clean(text, platform).mentionKeys()) {
        if (handleKeys.contains(key)) {
          return true;
        }
      }
      return false;
    }

    boolean erasedName(String value) {
      return !handleKeys.isEmpty()
          && HANDLE_LIKE.matcher(value).matches()
          && handleKeys.contains(pseudonyms.handle(platform, value));
    }
  }

  /** For tests and logs: never the keys themselves. */
  @Override
  public String toString() {
    return "RawRedactor["
        + handleKeys.size()
        + " handle(s), "
        + idKeys.size()
        + " account(s), "
        + postIds.size()
        + " post(s)]";
  }
}
