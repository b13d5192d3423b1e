package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.BlueskyRecords.PLATFORM;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Bluesky repo events as JSON: Jetstream lines ({@code {did, time_us, kind, commit | identity |
 * account}}, and the {@code heartbeat} reply) and the records of Bluesky's "tap" sync tool ({@code
 * {id, type:"record", record:{live, did, rev, collection, rkey, action, record, cid}}}, and {@code
 * type:"identity"} / {@code "user"} events). Both carry the repo's records as written: no handle,
 * no counts, so they rank below API views (fidelity 1).
 *
 * <p>A commit of a post ({@code app.bsky.feed.post}): {@code create} is a post, {@code update} a
 * new version of it (edit rank from the commit's time, see {@link BlueskyRecords#editRank}), {@code
 * delete} a {@code delete} notice. A post's author is known by did only (author_key null). Other
 * commits are control events, never posts or quarantine: a repost ({@code app.bsky.feed.repost}
 * create) is {@code repost} and a like {@code like}, with the subject post's id and the reposter's
 * or liker's account pseudonym; anything else (follows, blocks, profiles, deletes of reposts and
 * likes, other apps' records) is {@code commit}, its detail the operation and collection. {@code
 * identity} events give the account's new handle as a pseudonym, {@code account} events its status
 * (a deleted account is a {@code compliance} notice: see {@link BlueskyRecords#account}).
 */
public final class BlueskyJetstream implements PostFormat {
  private static final Set<String> KINDS = Set.of("commit", "identity", "account");
  private static final Set<String> TAP_TYPES = Set.of("record", "identity", "user");

  @Override
  public String name() {
    return Formats.BLUESKY_JETSTREAM;
  }

  @Override
  public int fidelity() {
    return 1;
  }

  @Override
  public boolean detects(JsonNode n) {
    String kind = n.path("kind").asText("");
    if (KINDS.contains(kind)) {
      return n.has("did") && n.path(kind).isObject();
    }
    if (kind.equals("heartbeat")) {
      return n.has("payload") && n.size() <= 2;
    }
    String type = n.path("type").asText("");
    return TAP_TYPES.contains(type)
        && n.has("id")
        && n.path(type).isObject()
        && n.get(type).has("did");
  }

  @Override
  public void parse(JsonNode record, ParseContext ctx, List<Item> out) {
    out.add(ctx.guard(() -> event(record, ctx)));
  }

  private static Item event(JsonNode n, ParseContext ctx) {
    if (n.has("kind")) {
      String did = text(n, "did");
      Instant at = BlueskyRecords.micros(n.get("time_us"));
      switch (n.path("kind").asText()) {
        case "commit" -> {
          JsonNode c = n.path("commit");
          return commit(
              ctx,
              did,
              text(c, "operation"),
              text(c, "collection"),
              text(c, "rkey"),
              c.get("record"),
              text(c, "cid"),
              text(c, "rev"),
              at);
        }
        case "identity" -> {
          JsonNode i = n.path("identity");
          return BlueskyRecords.identity(
              ctx,
              Fields.firstNonEmpty(text(i, "did"), did),
              text(i, "handle"),
              orElse(instant(i.get("time")), at));
        }
        case "account" -> {
          JsonNode a = n.path("account");
          return BlueskyRecords.account(
              ctx,
              Fields.firstNonEmpty(text(a, "did"), did),
              a.path("active").isBoolean() ? a.get("active").asBoolean() : null,
              text(a, "status"),
              orElse(instant(a.get("time")), at));
        }
        default -> {
          Item item = Item.control(PLATFORM, "heartbeat");
          item.detail = "stream heartbeat";
          return item;
        }
      }
    }
    // tap: {id, type, record | identity | user}
    String type = String.valueOf(text(n, "type"));
    JsonNode e = n.path(type);
    if (type.equals("record")) {
      return commit(
          ctx,
          text(e, "did"),
          text(e, "action"),
          text(e, "collection"),
          text(e, "rkey"),
          e.get("record"),
          text(e, "cid"),
          text(e, "rev"),
          null);
    }
    JsonNode active = e.has("is_active") ? e.get("is_active") : e.get("isActive");
    String status = text(e, "status");
    if (status != null && !status.equals("active") || active != null && !active.asBoolean(true)) {
      return BlueskyRecords.account(
          ctx, text(e, "did"), active == null ? null : active.asBoolean(), status, null);
    }
    return BlueskyRecords.identity(ctx, text(e, "did"), text(e, "handle"), null);
  }

  private static Instant orElse(Instant value, Instant fallback) {
    return value != null ? value : fallback;
  }

  private static Instant instant(JsonNode value) {
    return value == null || !value.isTextual() ? null : Timestamps.parse(value.asText());
  }

  /**
   * One record operation of a repo. {@code at} is when the stream saw it (Jetstream's time_us); a
   * revision's own time is used where that is missing (tap).
   */
  private static Item commit(
      ParseContext ctx,
      String did,
      String operation,
      String collection,
      String rkey,
      JsonNode record,
      String cid,
      String rev,
      Instant at) {
    if (did == null || collection == null || operation == null) {
      throw new Rejected(
          QuarantineReason.MISSING_ID, "the commit has no did, collection or operation");
    }
    Instant committed = BlueskyRecords.tidTime(rev);
    Instant when = at != null ? at : committed;
    if (BlueskyRecords.POST_COLLECTION.equals(collection)) {
      switch (operation) {
        case "create", "update" -> {
          PostBuilder p =
              BlueskyRecords.post(ctx, Formats.BLUESKY_JETSTREAM, did, rkey, null, record, null);
          if (operation.equals("update")) {
            p.item.editRank = BlueskyRecords.editRank(committed != null ? committed : at);
          }
          p.attribute("cid", cid);
          return p.build();
        }
        case "delete" -> {
          Item item = Item.control(PLATFORM, "delete");
          if (rkey == null || rkey.isEmpty()) {
            throw new Rejected(QuarantineReason.MISSING_ID, "the post delete has no record key");
          }
          item.targetPostId = PLATFORM + ":" + did + ":" + rkey;
          item.targetAuthorIdKey = ctx.accountId(PLATFORM, did);
          item.eventAt = when;
          return item;
        }
        default ->
            throw new Rejected(
                QuarantineReason.UNKNOWN_SHAPE,
                "commit operation '"
                    + Fields.abbreviate(operation)
                    + "' is none of create, update, delete");
      }
    }
    String kind =
        !operation.equals("create")
            ? "commit"
            : collection.equals(BlueskyRecords.REPOST_COLLECTION)
                ? "repost"
                : collection.equals(BlueskyRecords.LIKE_COLLECTION) ? "like" : "commit";
    Item item = Item.control(PLATFORM, kind);
    item.targetAuthorIdKey = ctx.accountId(PLATFORM, did);
    item.eventAt = when;
    item.detail = operation + " " + collection;
    if (!kind.equals("commit") && record != null) {
      // the subject of a repost or like is a strong ref {uri, cid} to the post
      item.targetPostId = BlueskyRecords.postIdOfRef(record.path("subject"));
    }
    return item;
  }
}
