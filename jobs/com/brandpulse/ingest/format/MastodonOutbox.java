package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.string;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Mastodon account archive's {@code outbox.json} (ActivityPub): an {@code OrderedCollection} (or
 * one of its pages) whose {@code orderedItems} are the account's activities; also one activity or
 * one bare {@code Note} per line. Each item is one post, control or quarantine entry, so the items
 * are counted as they are, whatever {@code totalItems} says (Mastodon leaves boosts out of it).
 *
 * <ul>
 *   <li>{@code Create} / {@code Update} of a {@code Note} (also {@code Question}, {@code Article},
 *       {@code Page}): a post. Text: {@code content} as a reader sees it ({@code contentMap}'s
 *       value when content is absent), the content warning ({@code summary}) before it; {@code
 *       lang} from the {@code contentMap} key; hashtags from {@code tag} entries of type {@code
 *       Hashtag}; {@code inReplyTo} is the parent's post id and, for Mastodon's URI forms, its
 *       author; {@code updated} is an edit; counts from {@code likes}/{@code shares}/{@code
 *       replies} {@code totalItems} where the server gives them.
 *   <li>{@code Announce} (a boost): the object is usually only the boosted status's address, which
 *       makes a {@code repost} control naming it (there is no text to load); an embedded object
 *       makes a repost post by the booster ({@code RT @user@host: text}) and the boosted status as
 *       its own post.
 *   <li>{@code Delete} (object a URI or a {@code Tombstone}): a {@code delete} control; of the
 *       actor itself (an account deleting itself), a {@code compliance} control naming the account,
 *       which removes all its posts as Twitter's account compliance notices do.
 *   <li>Any other activity ({@code Like}, {@code Follow}, {@code Undo}...): an {@code activity}
 *       control.
 * </ul>
 *
 * Ids, authors, edits and the followers-only / direct statuses an archive holds are treated as
 * {@link Mastodon} says. Fidelity 1: an archive is a translation that drops the counts and the
 * author's profile.
 */
public final class MastodonOutbox implements PostFormat {
  private static final Set<String> COLLECTIONS =
      Set.of("OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage");
  private static final Set<String> ACTIVITIES =
      Set.of(
          "Create",
          "Update",
          "Announce",
          "Delete",
          "Undo",
          "Like",
          "Follow",
          "Accept",
          "Reject",
          "Add",
          "Remove",
          "Block",
          "Flag",
          "Move");
  private static final Set<String> OBJECTS = Set.of("Note", "Question", "Article", "Page");

  @Override
  public String name() {
    return Formats.MASTODON_OUTBOX;
  }

  @Override
  public boolean detects(JsonNode n) {
    String type = text(n, "type");
    if (type == null) {
      return false;
    }
    if (COLLECTIONS.contains(type)) {
      return n.path("orderedItems").isArray()
          || n.path("items").isArray()
          || n.has("first")
          || n.has("@context");
    }
    if (ACTIVITIES.contains(type)) {
      return n.has("actor") && n.has("object");
    }
    return OBJECTS.contains(type)
        && n.has("attributedTo")
        && (n.has("content") || n.has("contentMap"));
  }

  @Override
  public int fidelity() {
    return 1;
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    String type = text(record, "type");
    if (COLLECTIONS.contains(type)) {
      collection(record, ctx, out);
    } else {
      item(record, ctx, out);
    }
  }

  private static void collection(JsonNode c, ParseContext ctx, List<Item> out) {
    JsonNode items = c.path("orderedItems").isArray() ? c.get("orderedItems") : c.path("items");
    int before = out.size();
    for (JsonNode item : items) {
      item(item, ctx, out);
    }
    if (c.path("first").isObject()) {
      collection(c.get("first"), ctx, out); // a fetched outbox embeds its first page
    }
    if (out.size() == before) {
      Item empty = Item.control(Mastodon.PLATFORM, "collection");
      empty.detail =
          "an ActivityPub collection with no items in the record (totalItems "
              + c.path("totalItems").asText("?")
              + ")";
      out.add(empty);
    }
  }

  private static void item(JsonNode a, ParseContext ctx, List<Item> out) {
    if (!a.isObject()) {
      Item item = Item.control(Mastodon.PLATFORM, "activity");
      item.detail = "a collection item given by its address only: nothing to load";
      out.add(item);
      return;
    }
    String type = String.valueOf(text(a, "type"));
    if (OBJECTS.contains(type)) {
      out.add(ctx.guard(() -> note(a, null, ctx)));
      return;
    }
    JsonNode object = a.path("object");
    switch (type) {
      case "Create", "Update" -> {
        if (object.isObject() && OBJECTS.contains(text(object, "type"))) {
          out.add(ctx.guard(() -> note(object, a, ctx)));
        } else if (object.isObject()) {
          out.add(activity(a, type + " of a " + text(object, "type")));
        } else {
          out.add(
              Item.quarantine(
                  QuarantineReason.MISSING_TEXT.code(),
                  "the "
                      + type
                      + " activity names its object by address only: the text is not in the record"));
        }
      }
      case "Announce" -> announce(a, object, ctx, out);
      case "Delete" -> out.add(ctx.guard(() -> delete(a, object, ctx)));
      default -> out.add(activity(a, type));
    }
  }

  private static Item activity(JsonNode a, String what) {
    Item item = Item.control(Mastodon.PLATFORM, "activity");
    item.detail = what + " activity: no post";
    item.eventAt = Timestamps.parse(text(a, "published"));
    return item;
  }

  /**
   * A boost: a control naming the boosted status, or, with the status embedded, a repost and the
   * status.
   */
  private static void announce(JsonNode a, JsonNode object, ParseContext ctx, List<Item> out) {
    if (object.isObject() && OBJECTS.contains(text(object, "type"))) {
      out.add(ctx.guard(() -> repost(a, object, ctx)));
      out.add(ctx.guard(() -> note(object, null, ctx)));
      return;
    }
    Item item = Item.control(Mastodon.PLATFORM, "repost");
    item.targetPostId = Mastodon.postId(object.isObject() ? text(object, "id") : text(a, "object"));
    item.eventAt = Timestamps.parse(text(a, "published"));
    item.detail =
        "boosted by the outbox's account; the archive holds the boosted status's address, not its text";
    out.add(item);
  }

  private static Item delete(JsonNode a, JsonNode object, ParseContext ctx) {
    String target = object.isObject() ? text(object, "id") : text(a, "object");
    String actor = actorUri(a.path("actor"));
    Item item;
    if (target != null && target.equals(actor)) {
      // a deleted account's servers delete its statuses: the notice that removes an account's posts
      item = Item.control(Mastodon.PLATFORM, "compliance");
      item.targetAuthorIdKey = ctx.accountId(Mastodon.PLATFORM, Mastodon.actor(actor).accountId());
      item.detail = "the account deleted itself (Delete of its actor): its posts are removed";
    } else {
      item = Item.control(Mastodon.PLATFORM, "delete");
      item.targetPostId = Mastodon.postId(target);
      item.detail = "deleted by its author";
    }
    item.eventAt = Timestamps.parse(firstNonEmpty(text(a, "published"), text(object, "deleted")));
    return item;
  }

  /** The booster's repost of an embedded status: the status's text, credited to its author. */
  private static Item repost(JsonNode a, JsonNode original, ParseContext ctx) {
    PostBuilder p = ctx.post(Mastodon.PLATFORM, Formats.MASTODON_OUTBOX);
    p.item.rawKey = text(a, "id"); // what erasure looks for in the raw record
    p.id(Mastodon.originId(text(a, "id")));
    String visibility = Mastodon.visibility(a, null);
    if (visibility != null && Mastodon.NOT_PUBLIC.contains(visibility)) {
      return Mastodon.notPublic(p.item.postId, visibility, Timestamps.parse(text(a, "published")));
    }
    Mastodon.Person booster = Mastodon.actor(actorUri(a.path("actor")));
    p.author(booster.handle(), booster.accountId());
    p.createdAt(a.get("published"));
    p.item.repostOf = Mastodon.postId(text(original, "id"));
    Content content = content(original);
    p.item.lang = content.lang();
    String author = Mastodon.actor(actorUri(original.path("attributedTo"))).handle();
    p.text(
        content.text() == null
            ? null
            : author == null ? content.text() : "RT @" + author + ": " + content.text(),
        content.present());
    p.hashtags(hashtags(original), "name");
    p.attribute("visibility", visibility);
    return p.build();
  }

  /** A Note (or kin) as a post; {@code activity} is its Create or Update when it came in one. */
  private static Item note(JsonNode n, JsonNode activity, ParseContext ctx) {
    PostBuilder p = ctx.post(Mastodon.PLATFORM, Formats.MASTODON_OUTBOX);
    String uri = string(n, "id");
    if (uri == null) {
      throw new Rejected(QuarantineReason.MISSING_ID, "the " + text(n, "type") + " has no id");
    }
    String originId = Mastodon.originId(uri);
    if (originId == null) {
      throw new Rejected(
          QuarantineReason.BAD_ID,
          "the " + text(n, "type") + " id '" + Fields.abbreviate(uri) + "' is no URI");
    }
    p.item.rawKey = uri; // what erasure looks for in the raw record
    p.id(originId);
    JsonNode published =
        n.has("published") || activity == null ? n.get("published") : activity.get("published");
    String visibility = Mastodon.visibility(n, activity);
    if (visibility != null && Mastodon.NOT_PUBLIC.contains(visibility)) {
      return Mastodon.notPublic(
          p.item.postId,
          visibility,
          Timestamps.parse(published == null ? null : published.asText(null)));
    }
    JsonNode attributed =
        n.has("attributedTo")
            ? n.get("attributedTo")
            : activity == null ? null : activity.get("actor");
    Mastodon.Person author = Mastodon.actor(actorUri(attributed));
    p.author(author.handle(), author.accountId());
    p.createdAt(published);
    p.item.editRank = Mastodon.editRank(p.item.createdAt, text(n, "updated"));
    p.attribute("edited_at", p.item.editRank > 0 ? text(n, "updated") : null);
    Content content = content(n);
    p.item.lang = content.lang();
    p.text(content.text(), content.present());
    String parent =
        n.path("inReplyTo").isObject() ? text(n.get("inReplyTo"), "id") : text(n, "inReplyTo");
    p.item.replyToPostId = Mastodon.postId(parent);
    p.item.replyToAuthorKey = ctx.handle(Mastodon.PLATFORM, Mastodon.authorOfStatus(parent));
    p.item.quoteOf =
        Mastodon.postId(
            firstNonEmpty(
                text(n, "quote"),
                text(n, "quoteUrl"),
                text(n, "quoteUri"),
                text(n, "_misskey_quote")));
    p.item.likeCount = number(n.path("likes"), "totalItems");
    p.item.shareCount = number(n.path("shares"), "totalItems");
    p.item.replyCount = number(n.path("replies"), "totalItems");
    p.hashtags(hashtags(n), "name");
    p.attribute("visibility", visibility);
    p.attribute("sensitive", n.path("sensitive").asBoolean(false) ? "true" : null);
    return p.build();
  }

  /** The text of a Note, whether it had any text field, and its language. */
  private record Content(String text, boolean present, String lang) {}

  private static Content content(JsonNode n) {
    String html = string(n, "content");
    JsonNode map = n.path("contentMap");
    String lang = null;
    if (map.isObject() && map.size() > 0) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      map.fields().forEachRemaining(entries::add);
      Map.Entry<String, JsonNode> chosen = null;
      for (Map.Entry<String, JsonNode> e : entries) {
        if (html == null || html.equals(e.getValue().asText())) {
          chosen = e;
          break;
        }
      }
      if (chosen == null && entries.size() == 1) {
        chosen = entries.get(0); // content and its one translation differ only in markup
      }
      if (chosen != null) {
        lang = emptyToNull(chosen.getKey());
        if (html == null && chosen.getValue().isTextual()) {
          html = chosen.getValue().asText();
        }
      }
    }
    String summary = string(n, "summary");
    if (summary == null && n.path("summaryMap").isObject() && n.get("summaryMap").size() > 0) {
      summary = n.get("summaryMap").elements().next().asText(null);
    }
    List<String> media = new ArrayList<>();
    Mastodon.media(n.path("attachment"), "name", media);
    String text = Mastodon.postText(summary, HtmlText.text(html), media);
    return new Content(text, n.has("content") || n.has("contentMap"), lang);
  }

  private static JsonNode hashtags(JsonNode n) {
    ArrayNode tags = JsonNodeFactory.instance.arrayNode();
    JsonNode tag = n.path("tag");
    for (JsonNode t : tag.isArray() ? tag : tag.isObject() ? List.of(tag) : List.<JsonNode>of()) {
      if ("Hashtag".equals(text(t, "type")) && text(t, "name") != null) {
        tags.add(t);
      }
    }
    return tags;
  }

  /** An actor given as a URI, a {@code Person} object or a list of either: the first one's URI. */
  private static String actorUri(JsonNode actor) {
    if (actor == null) {
      return null;
    }
    if (actor.isArray()) {
      return actor.isEmpty() ? null : actorUri(actor.get(0));
    }
    return actor.isObject() ? text(actor, "id") : emptyToNull(actor.asText(null));
  }
}
