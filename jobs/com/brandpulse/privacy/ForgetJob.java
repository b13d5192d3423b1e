package com.brandpulse.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.common.Vacuum;
import com.brandpulse.ingest.BronzeEraser;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.RawRedactor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Erasure of one or more people on request. Layer: all of them, bronze to silver (gold follows
 * through the aggregate job, PostgreSQL through publish). Grain of the record it leaves: one
 * ops.erasure_requests row per erased key. Inputs: the handles and account ids of one platform.
 * Outputs: their posts and reposts of them removed from silver.posts with every per-post row
 * derived from them (enrichment, mentions, sentiment, topics), their roster rows, their raw records
 * in bronze (deleted, or rewritten without them when shared) and the quarantine rows cut from those
 * records; then a vacuum of every table touched, so that no data file holds them any more. Rerun
 * key: the request is idempotent (a second run finds nothing and records zeros).
 */
public final class ForgetJob {
  private ForgetJob() {}

  /**
   * One account of the person: a handle or an account id on one platform, as the person gave it.
   */
  public record Account(String platform, String handle, String accountId) {
    public Account {
      platform = platform.toLowerCase(Locale.ROOT);
      handle =
          handle == null || handle.isBlank()
              ? null
              : handle.startsWith("@") ? handle.substring(1) : handle;
      accountId = accountId == null || accountId.isBlank() ? null : accountId.strip();
    }
  }

  /** Who is to be forgotten: their accounts, on any platforms. */
  public record Subject(List<Account> accounts) {
    public Subject {
      accounts =
          accounts.stream().filter(a -> a.handle() != null || a.accountId() != null).toList();
      if (accounts.isEmpty()) {
        throw new IllegalArgumentException(
            "nobody to forget: give --handle, --author-id or --file");
      }
    }

    List<String> handles() {
      return accounts.stream().map(Account::handle).filter(java.util.Objects::nonNull).toList();
    }

    List<String> accountIds() {
      return accounts.stream().map(Account::accountId).filter(java.util.Objects::nonNull).toList();
    }
  }

  /** What one request removed, summed over its people. */
  public record Result(
      String requestId,
      long posts,
      long derivedRows,
      BronzeEraser.Counts bronze,
      long people,
      List<TableContract> touched) {}

  /** Tables keyed by post_id that hold rows derived from a post. */
  static final List<TableContract> PER_POST =
      List.of(
          Tables.SILVER_POST_ENRICHMENT,
          Tables.SILVER_POST_MENTIONS,
          Tables.SILVER_POST_SENTIMENT,
          Tables.SILVER_POST_TOPICS);

  /** Most post ids searched for in raw text (handles and account ids always are). */
  static final int MAX_ID_TERMS = 500;

  public static Result run(
      SparkSession spark,
      String warehouse,
      Subject subject,
      Pseudonymizer pseudonyms,
      IngestSettings ingest,
      double vacuumHours,
      Instant now) {
    // Keys are per platform by construction (the platform is inside the HMAC), so no platform
    // filter is needed.
    Set<String> handleKeys = new LinkedHashSet<>();
    Set<String> idKeys = new LinkedHashSet<>();
    for (Account a : subject.accounts()) {
      if (a.handle() != null) {
        handleKeys.add(pseudonyms.handle(a.platform(), a.handle()));
      }
      if (a.accountId() != null) {
        idKeys.add(pseudonyms.accountId(a.platform(), a.accountId()));
      }
    }
    List<TableContract> touched = new ArrayList<>();

    // Their posts (by handle or account), with the other key each post reveals, and reposts of
    // those posts.
    Set<String> postIds = new LinkedHashSet<>();
    Set<String> sourceIds = new LinkedHashSet<>();
    if (Tables.SILVER_POSTS.exists(spark, warehouse)) {
      Dataset<Row> posts = Tables.SILVER_POSTS.read(spark, warehouse);
      for (Row r :
          posts
              .where(in("author_key", handleKeys).or(in("author_id_key", idKeys)))
              .select("post_id", "source_id", "author_key", "author_id_key")
              .collectAsList()) {
        postIds.add(r.getAs("post_id"));
        sourceIds.add(r.getAs("source_id"));
        String authorKey = r.getAs("author_key");
        if (authorKey != null) {
          handleKeys.add(authorKey);
        }
        String authorIdKey = r.getAs("author_id_key");
        if (authorIdKey != null) {
          idKeys.add(authorIdKey);
        }
      }
      if (!postIds.isEmpty()) {
        posts
            .where(col("repost_of").isin(postIds.toArray()))
            .select("post_id")
            .collectAsList()
            .forEach(r -> postIds.add(r.getAs("post_id")));
      }
    }
    long removedPosts = deletePosts(spark, warehouse, Tables.SILVER_POSTS, postIds, touched);
    long derived = 0;
    for (TableContract table : PER_POST) {
      derived += deletePosts(spark, warehouse, table, postIds, touched);
    }

    long people = 0;
    if (!handleKeys.isEmpty() && Tables.SILVER_PEOPLE.exists(spark, warehouse)) {
      Column theirs = in("person_key", handleKeys);
      people = Tables.SILVER_PEOPLE.read(spark, warehouse).where(theirs).count();
      if (people > 0) {
        Tables.SILVER_PEOPLE.delta(spark, warehouse).delete(theirs);
        touched.add(Tables.SILVER_PEOPLE);
      }
    }

    BronzeEraser.Counts bronze = BronzeEraser.Counts.NONE;
    if (Tables.BRONZE_RAW_POSTS.exists(spark, warehouse)) {
      // Every record that could hold them: their handle or account id anywhere in it, or an archive
      // they own.
      Column mentions = naming(col("record"), subject, sourceIds);
      for (String h : subject.handles()) {
        mentions = mentions.or(lower(col("owner_handle")).equalTo(h.toLowerCase(Locale.ROOT)));
      }
      RawRedactor redactor = new RawRedactor(handleKeys, idKeys, postIds, pseudonyms, ingest, true);
      bronze =
          BronzeEraser.erase(
              spark,
              warehouse,
              Tables.BRONZE_RAW_POSTS.read(spark, warehouse).where(mentions),
              redactor);
      if (bronze.deleted() + bronze.redacted() > 0) {
        touched.add(Tables.BRONZE_RAW_POSTS);
      }
      if (bronze.quarantine() > 0) {
        touched.add(Tables.SILVER_QUARANTINE);
      }
    }
    // Quarantine rows written before masking, or whose record is gone from bronze by retention.
    long quarantine =
        bronze.quarantine() + deleteQuarantineNaming(spark, warehouse, subject, sourceIds, touched);
    bronze = new BronzeEraser.Counts(bronze.deleted(), bronze.redacted(), quarantine);

    String requestId = UUID.randomUUID().toString();
    record(
        spark,
        warehouse,
        requestId,
        subject,
        pseudonyms,
        handleKeys,
        idKeys,
        removedPosts,
        bronze,
        people,
        vacuumHours,
        now);
    for (TableContract table : touched.stream().distinct().toList()) {
      Vacuum.run(spark, table.path(warehouse), vacuumHours);
    }
    return new Result(
        requestId, removedPosts, derived, bronze, people, touched.stream().distinct().toList());
  }

  private static long deletePosts(
      SparkSession spark,
      String warehouse,
      TableContract table,
      Set<String> postIds,
      List<TableContract> touched) {
    if (postIds.isEmpty() || !table.exists(spark, warehouse)) {
      return 0;
    }
    Dataset<Row> ids =
        spark.createDataFrame(
            postIds.stream().map(id -> RowFactory.create(id)).toList(),
            new StructType().add("g_post_id", DataTypes.StringType));
    long n =
        table
            .read(spark, warehouse)
            .join(ids, col("post_id").equalTo(col("g_post_id")), "left_semi")
            .count();
    if (n > 0) {
      table
          .delta(spark, warehouse)
          .as("t")
          .merge(ids.as("s"), "t.post_id = s.g_post_id")
          .whenMatched()
          .delete()
          .execute();
      touched.add(table);
    }
    return n;
  }

  private static long deleteQuarantineNaming(
      SparkSession spark,
      String warehouse,
      Subject subject,
      Set<String> sourceIds,
      List<TableContract> touched) {
    if (!Tables.SILVER_QUARANTINE.exists(spark, warehouse)) {
      return 0;
    }
    Column naming = naming(col("raw_record"), subject, sourceIds);
    long n = Tables.SILVER_QUARANTINE.read(spark, warehouse).where(naming).count();
    if (n > 0) {
      Tables.SILVER_QUARANTINE.delta(spark, warehouse).delete(naming);
      touched.add(Tables.SILVER_QUARANTINE);
    }
    return n;
  }

  private static void record(
      SparkSession spark,
      String warehouse,
      String requestId,
      Subject subject,
      Pseudonymizer pseudonyms,
      Set<String> handleKeys,
      Set<String> idKeys,
      long posts,
      BronzeEraser.Counts bronze,
      long people,
      double vacuumHours,
      Instant now) {
    Tables.OPS_ERASURE_REQUESTS.ensure(spark, warehouse);
    // The platform of each key: those given, and for keys found on their posts the platform of the
    // request's
    // first account of that kind (a key found on a post is always of a platform the request named).
    java.util.Map<String, String> platformOf = new java.util.HashMap<>();
    for (Account a : subject.accounts()) {
      if (a.handle() != null) {
        platformOf.put(pseudonyms.handle(a.platform(), a.handle()), a.platform());
      }
      if (a.accountId() != null) {
        platformOf.put(pseudonyms.accountId(a.platform(), a.accountId()), a.platform());
      }
    }
    String fallback = subject.accounts().get(0).platform();
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(now);
    for (String key : handleKeys) {
      rows.add(
          row(
              requestId,
              platformOf.getOrDefault(key, fallback),
              key,
              "handle",
              at,
              posts,
              bronze,
              people,
              vacuumHours));
    }
    for (String key : idKeys) {
      rows.add(
          row(
              requestId,
              platformOf.getOrDefault(key, fallback),
              key,
              "account_id",
              at,
              posts,
              bronze,
              people,
              vacuumHours));
    }
    Tables.OPS_ERASURE_REQUESTS.append(Tables.OPS_ERASURE_REQUESTS.fixture(spark, rows), warehouse);
  }

  private static Row row(
      String requestId,
      String platform,
      String key,
      String kind,
      Timestamp at,
      long posts,
      BronzeEraser.Counts bronze,
      long people,
      double vacuumHours) {
    return RowFactory.create(
        requestId,
        platform,
        key,
        kind,
        at,
        posts,
        bronze.deleted(),
        bronze.redacted(),
        bronze.quarantine(),
        people,
        vacuumHours);
  }

  /**
   * Raw text that could hold them: a handle (any case) or an account id anywhere in it. Post ids
   * only help when a format names neither (a handle-less CSV); a long list of them would swamp the
   * plan.
   */
  private static Column naming(Column text, Subject subject, Set<String> sourceIds) {
    Column naming = lit(false);
    for (String h : subject.handles()) {
      naming = naming.or(lower(text).contains(h.toLowerCase(Locale.ROOT)));
    }
    for (String value :
        concat(subject.accountIds(), sourceIds.size() <= MAX_ID_TERMS ? sourceIds : Set.of())) {
      naming = naming.or(text.contains(value));
    }
    return naming;
  }

  private static Column in(String column, Set<String> values) {
    return values.isEmpty() ? lit(false) : col(column).isin(values.toArray());
  }

  private static List<String> concat(List<String> a, java.util.Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
