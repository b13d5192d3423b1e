package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.firstNonEmpty;
import static com.brandpulse.ingest.format.Fields.idOf;
import static com.brandpulse.ingest.format.Fields.number;
import static com.brandpulse.ingest.format.Fields.string;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.RecordReader;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mastodon REST API statuses: one {@code Status} per record (an array from a timeline or statuses
 * endpoint is cut into its elements), and the records that hold statuses: a thread's context
 * ({@code ancestors}, {@code descendants}), search results ({@code statuses}), notifications
 * ({@code status}) and streaming API lines ({@code {"event": "update" | "status.update" | "delete",
 * "payload": ...}}, the payload a Status as JSON text).
 *
 * <ul>
 *   <li>Text: {@code content} as a reader sees it, {@code spoiler_text} (content warning) before
 *       it; {@code language}; hashtags from {@code tags}; counts {@code favourites_count} (likes),
 *       {@code reblogs_count} (shares), {@code replies_count}; {@code edited_at} is an edit (see
 *       {@link Mastodon}).
 *   <li>A boost ({@code reblog} set) is two posts: the booster's repost ({@code RT @user@host:
 *       text}, its id from its own {@code uri}, {@code .../statuses/ID/activity}), whatever the
 *       wrapper's own {@code content} says (empty, or the boosted text repeated by some servers),
 *       and the boosted status itself. A quoted status (Mastodon 4.5's {@code quote.quoted_status})
 *       is also a post of its own.
 *   <li>Ids, authors, edits and visibility: as {@link Mastodon} says; {@code id} is the answering
 *       server's and only stands in for the origin id when the status has no {@code uri} or {@code
 *       url} and its account is local.
 * </ul>
 *
 * <b>Replies.</b> {@code in_reply_to_id} is the parent's id on the server that answered, not at its
 * origin. It becomes the parent's post id when the parent is in the same record (a context, a
 * boost), or when the parent's author ({@code in_reply_to_account_id}: the status's own account or
 * one it mentions) is local to the answering server, whose host is then known (from a local
 * account's profile, or the server's own {@code tags[].url}): a local status's id is its origin id
 * (on Mastodon; a Pleroma-style server numbers its API apart from its object URIs, and there such a
 * link names no post at all rather than a wrong one). Otherwise the link is left empty rather than
 * guessed: a remote parent's origin id cannot be derived from the local one, and the answering
 * server's id qualified with some host would name an unrelated post of that host. The local
 * reference is kept as the source attribute {@code in_reply_to_id} ({@code host:id} when the host
 * is known), and the parent's author, when the status mentions it, still gives {@code
 * reply_to_author_key}; such a reply has no conversation id (it is not the root of a thread). A
 * streaming {@code delete} names the status by the streaming server's id, and the event does not
 * say which server that is: it is kept as a {@code delete} control without a target post.
 */
public final class MastodonStatus implements PostFormat {
  @Override
  public String name() {
    return Formats.MASTODON_API;
  }

  @Override
  public boolean detects(JsonNode n) {
    if (n.has("event") && n.has("payload")) {
      return true;
    }
    if (n.path("ancestors").isArray() && n.path("descendants").isArray()) {
      return true;
    }
    if (n.path("statuses").isArray() && n.has("accounts") && n.has("hashtags")) {
      return true;
    }
    if (!n.path("account").isObject() || !n.has("id")) {
      return false;
    }
    return n.has("content")
        || n.has("reblog")
        || n.has("uri")
        || n.has("spoiler_text")
        || (n.has("type") && n.has("created_at")); // a notification
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    if (record.has("event") && record.has("payload")) {
      event(record, ctx, out);
    } else if (record.has("ancestors") && record.has("descendants")) {
      List<JsonNode> statuses = new ArrayList<>();
      record.get("ancestors").forEach(statuses::add);
      record.get("descendants").forEach(statuses::add);
      statuses(statuses, ctx, out);
    } else if (record.path("statuses").isArray()) {
      List<JsonNode> statuses = new ArrayList<>();
      record.get("statuses").forEach(statuses::add);
      statuses(statuses, ctx, out);
    } else if (!record.has("content") && !record.has("uri") && record.has("type")) {
      notification(record, ctx, out);
    } else {
      statuses(List.of(record), ctx, out);
    }
  }

  private static void statuses(List<JsonNode> statuses, ParseContext ctx, List<Item> out) {
    Scope scope = new Scope(statuses);
    for (JsonNode s : statuses) {
      status(s, scope, ctx, out, 0);
    }
    if (statuses.isEmpty()) {
      Item item = Item.control(Mastodon.PLATFORM, "empty");
      item.detail = "a record with no statuses";
      out.add(item);
    }
  }

  private static void notification(JsonNode n, ParseContext ctx, List<Item> out) {
    if (n.path("status").isObject()) {
      statuses(List.of(n.get("status")), ctx, out);
      return;
    }
    Item item = Item.control(Mastodon.PLATFORM, "notification");
    item.detail = text(n, "type") + " notification: no status";
    item.eventAt = Timestamps.parse(text(n, "created_at"));
    out.add(item);
  }

  private static void event(JsonNode e, ParseContext ctx, List<Item> out) {
    String event = String.valueOf(text(e, "event"));
    JsonNode payload = e.get("payload");
    if (event.equals("delete")) {
      Item item = Item.control(Mastodon.PLATFORM, "delete");
      item.detail =
          "a status deleted on the streaming server; the event does not name the server, so the post is"
              + " not known";
      out.add(item);
      return;
    }
    if (!event.equals("update")
        && !event.equals("status.update")
        && !event.equals("notification")) {
      Item item = Item.control(Mastodon.PLATFORM, "stream_event");
      item.detail = event + " event: no post"; // conversation (direct messages), filters_changed,
      // announcement...
      out.add(item);
      return;
    }
    JsonNode value = payload;
    if (payload != null && payload.isTextual()) {
      try {
        value = RecordReader.JSON.readTree(payload.asText());
      } catch (JsonProcessingException bad) {
        out.add(
            Item.quarantine(
                QuarantineReason.BAD_JSON.code(),
                "the "
                    + event
                    + " event's payload is not JSON: "
                    + bad.getOriginalMessage().replace('\n', ' ')));
        return;
      }
    }
    if (value == null || !value.isObject()) {
      out.add(
          Item.quarantine(
              QuarantineReason.WRONG_TYPE.code(),
              "the "
                  + event
                  + " event's payload is a JSON "
                  + (value == null ? "null" : Fields.type(value))
                  + ", expected a status"));
      return;
    }
    if (event.equals("notification")) {
      notification(value, ctx, out);
    } else {
      statuses(List.of(value), ctx, out);
    }
  }

  /** A status's items: the status, and the boosted or quoted status it carries. */
  private static void status(JsonNode s, Scope scope, ParseContext ctx, List<Item> out, int depth) {
    if (!s.isObject()) {
      out.add(
          Item.quarantine(
              QuarantineReason.WRONG_TYPE.code(),
              "status is a JSON " + Fields.type(s) + ", expected an object"));
      return;
    }
    JsonNode reblog = s.path("reblog").isObject() ? s.get("reblog") : null;
    out.add(ctx.guard(() -> post(s, reblog, scope, ctx)));
    if (depth < 2) {
      if (reblog != null) {
        status(reblog, scope, ctx, out, depth + 1);
      }
      JsonNode quoted = quoted(s);
      if (quoted != null) {
        status(quoted, scope, ctx, out, depth + 1);
      }
    }
  }

  /**
   * The quoted status embedded whole: Mastodon 4.5's {@code quote.quoted_status}, Fedibird's {@code
   * quote}.
   */
  private static JsonNode quoted(JsonNode s) {
    JsonNode q = s.path("quote");
    if (q.path("quoted_status").isObject()) {
      return q.get("quoted_status");
    }
    return q.isObject() && q.has("uri") && q.path("account").isObject() ? q : null;
  }

  private static Item post(JsonNode s, JsonNode reblog, Scope scope, ParseContext ctx) {
    PostBuilder p = ctx.post(Mastodon.PLATFORM, Formats.MASTODON_API);
    String originId = scope.originId(s);
    if (originId == null) {
      String id = idOf(s, "id");
      throw id == null && text(s, "uri") == null
          ? new Rejected(QuarantineReason.MISSING_ID, "the status has no id")
          : new Rejected(
              QuarantineReason.BAD_ID,
              "status "
                  + (id == null ? "" : id + " ")
                  + "cannot be named at its origin: no usable uri or url, and its server is not known");
    }
    p.item.rawKey =
        firstNonEmpty(text(s, "uri"), text(s, "id")); // what erasure looks for in the raw record
    p.id(originId);
    String visibility = emptyToNull(text(s, "visibility"));
    if (visibility != null && Mastodon.NOT_PUBLIC.contains(visibility)) {
      return Mastodon.notPublic(p.item.postId, visibility, Timestamps.parse(text(s, "created_at")));
    }
    JsonNode account = s.path("account");
    if (s.has("account") && !account.isNull() && !account.isObject()) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE,
          "account is a JSON " + Fields.type(account) + ", expected an object");
    }
    Mastodon.Person author = scope.person(account);
    p.author(author.handle(), author.accountId());
    p.item.authorFollowers = number(account, "followers_count");
    p.createdAt(s.get("created_at"));
    p.item.editRank = Mastodon.editRank(p.item.createdAt, text(s, "edited_at"));
    p.attribute("edited_at", p.item.editRank > 0 ? text(s, "edited_at") : null);
    JsonNode source = reblog == null ? s : reblog;
    p.item.lang = emptyToNull(text(source, "language"));
    String text = ownText(source);
    if (reblog != null) {
      p.item.repostOf = qualify(scope.originId(reblog));
      String original = scope.person(reblog.path("account")).handle();
      if (text != null && original != null) {
        text = "RT @" + original + ": " + text;
      }
    }
    p.text(text, source.has("content") || source.has("text"));
    p.hashtags(source.path("tags"), "name");
    p.item.likeCount = number(s, "favourites_count");
    p.item.shareCount = number(s, "reblogs_count");
    p.item.replyCount = number(s, "replies_count");
    JsonNode quoted = quoted(s);
    p.item.quoteOf = quoted == null ? null : qualify(scope.originId(quoted));
    p.attribute("visibility", visibility);
    p.attribute("sensitive", s.path("sensitive").asBoolean(false) ? "true" : null);
    Reply reply = reply(s, scope);
    p.item.replyToPostId = reply.postId();
    p.item.replyToAuthorKey = ctx.handle(Mastodon.PLATFORM, reply.authorHandle());
    p.attribute("in_reply_to_id", reply.unresolved());
    Item item = p.build();
    if (reply.unresolved() != null) {
      item.conversationId = null; // a reply whose parent is not known is no thread's root
    }
    return item;
  }

  private static String qualify(String originId) {
    return originId == null ? null : Mastodon.PLATFORM + ":" + originId;
  }

  /**
   * Content warning and body as a reader sees them; the media's descriptions for a post with
   * neither.
   */
  private static String ownText(JsonNode s) {
    String html = firstNonEmpty(string(s, "content"), text(s, "text"));
    List<String> media = new ArrayList<>();
    Mastodon.media(s.path("media_attachments"), "description", media);
    return Mastodon.postText(text(s, "spoiler_text"), HtmlText.text(html), media);
  }

  /**
   * Where a reply points: the parent's post id and author, or the local id that could not be
   * resolved.
   */
  private record Reply(String postId, String authorHandle, String unresolved) {}

  private static Reply reply(JsonNode s, Scope scope) {
    String parentId = idOf(s, "in_reply_to_id");
    if (parentId == null) {
      return new Reply(null, null, null);
    }
    JsonNode parent = scope.statuses.get(parentId);
    if (parent != null && scope.originId(parent) != null) {
      return new Reply(
          qualify(scope.originId(parent)), scope.person(parent.path("account")).handle(), null);
    }
    JsonNode parentAccount = scope.account(text(s, "in_reply_to_account_id"), s);
    String authorHandle = parentAccount == null ? null : scope.person(parentAccount).handle();
    if (parentAccount != null && Scope.isLocal(parentAccount) && scope.servingHost != null) {
      return new Reply(
          Mastodon.PLATFORM + ":" + scope.servingHost + ":" + parentId, authorHandle, null);
    }
    return new Reply(
        null,
        authorHandle,
        scope.servingHost == null ? parentId : scope.servingHost + ":" + parentId);
  }

  /**
   * What one record tells about the server that answered: its statuses by local id, the accounts by
   * local id, and the server's host.
   */
  private static final class Scope {
    final Map<String, JsonNode> statuses = new HashMap<>();
    final Map<String, JsonNode> accounts = new HashMap<>();
    final String servingHost;

    Scope(List<JsonNode> records) {
      List<JsonNode> all = new ArrayList<>();
      for (JsonNode s : records) {
        collect(s, all, 0);
      }
      for (JsonNode s : all) {
        String id = text(s, "id");
        if (id != null) {
          statuses.putIfAbsent(id, s);
        }
        account(s.path("account"));
        for (JsonNode m : s.path("mentions")) {
          account(m);
        }
      }
      this.servingHost = servingHost(all);
    }

    private static void collect(JsonNode s, List<JsonNode> all, int depth) {
      if (!s.isObject() || depth > 2) {
        return;
      }
      all.add(s);
      if (s.path("reblog").isObject()) {
        collect(s.get("reblog"), all, depth + 1);
      }
      JsonNode quoted = quoted(s);
      if (quoted != null) {
        collect(quoted, all, depth + 1);
      }
    }

    private void account(JsonNode a) {
      String id = text(a, "id");
      if (id != null && a.isObject()) {
        accounts.putIfAbsent(id, a);
      }
    }

    /**
     * The answering server's host: a local account's (its profile's host, else its status's origin
     * host), else a local mentioned account's, else the host of the server's own hashtag pages
     * ({@code tags[].url}).
     */
    private static String servingHost(List<JsonNode> all) {
      for (JsonNode s : all) {
        JsonNode a = s.path("account");
        if (a.isObject() && isLocal(a)) {
          String host =
              firstNonEmpty(
                  Mastodon.host(text(a, "url")),
                  Mastodon.host(text(a, "uri")),
                  Mastodon.host(text(s, "uri")),
                  Mastodon.host(text(s, "url")));
          if (host != null) {
            return host;
          }
        }
      }
      for (JsonNode s : all) {
        for (JsonNode m : s.path("mentions")) {
          if (isLocal(m) && Mastodon.host(text(m, "url")) != null) {
            return Mastodon.host(text(m, "url"));
          }
        }
      }
      for (JsonNode s : all) {
        for (JsonNode t : s.path("tags")) {
          String host = Mastodon.host(text(t, "url"));
          if (host != null) {
            return host;
          }
        }
      }
      return null;
    }

    /** An account of the answering server: the API writes its acct without a domain. */
    static boolean isLocal(JsonNode account) {
      String acct = text(account, "acct");
      return acct != null && !acct.isEmpty() && acct.indexOf('@') < 0;
    }

    /** The account with a local id: the status's own, one it mentions, or any in the record. */
    JsonNode account(String id, JsonNode status) {
      if (id == null) {
        return null;
      }
      if (id.equals(text(status.path("account"), "id"))) {
        return status.get("account");
      }
      for (JsonNode m : status.path("mentions")) {
        if (id.equals(text(m, "id"))) {
          return m;
        }
      }
      return accounts.get(id);
    }

    /** {@code host:id} of a status at its origin (see {@link Mastodon}), or null. */
    String originId(JsonNode s) {
      String uri = text(s, "uri");
      String id = Mastodon.originId(uri);
      if (id != null) {
        return id;
      }
      String url = text(s, "url");
      if (url != null && Mastodon.authorOfStatus(url) != null) {
        return Mastodon.originId(url); // https://host/@user/ID: the origin's own page of the status
      }
      String local = idOf(s, "id");
      if (uri == null && local != null && isLocal(s.path("account")) && servingHost != null) {
        return servingHost + ":" + local;
      }
      return null;
    }

    /**
     * The person of an account or mention: {@code user@host} with the host of its profile (else of
     * its actor URI, else the domain of its acct, else the answering server for a local account),
     * and the actor URI.
     */
    Mastodon.Person person(JsonNode a) {
      if (a == null || !a.isObject()) {
        return new Mastodon.Person(null, null);
      }
      String acct = text(a, "acct");
      String user = firstNonEmpty(text(a, "username"), acct == null ? null : acct.split("@", 2)[0]);
      String url = text(a, "url");
      String uri = text(a, "uri");
      String acctDomain =
          acct != null && acct.indexOf('@') > 0 ? acct.substring(acct.indexOf('@') + 1) : null;
      String host =
          firstNonEmpty(
              Mastodon.host(url),
              Mastodon.host(uri),
              acctDomain == null ? null : acctDomain.toLowerCase(java.util.Locale.ROOT),
              isLocal(a) ? servingHost : null);
      String handle = emptyToNull(user) == null || host == null ? null : user + "@" + host;
      String accountId =
          uri != null
              ? Mastodon.actor(uri).accountId()
              : url != null && Mastodon.actor(url).handle() != null
                  ? Mastodon.actor(url).accountId()
                  : handle != null ? "https://" + host + "/users/" + user : null;
      return new Mastodon.Person(handle, accountId);
    }
  }
}
