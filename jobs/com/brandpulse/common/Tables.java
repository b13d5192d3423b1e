package com.brandpulse.common;

import java.util.List;

/** Every table of the warehouse, declared once. Jobs, SQL users and tests all go through these. */
public final class Tables {
  private Tables() {}

  /**
   * bronze.raw_posts: one row per record read (source_sha256, position); append-only, replayable.
   */
  public static final TableContract BRONZE_RAW_POSTS =
      TableContract.of(
              "bronze",
              "raw_posts",
              "one row per raw record read from a source file (source_sha256, position); append-only")
          .columns(
              String.join(
                  ",",
                  "source_sha256 STRING NOT NULL COMMENT 'SHA-256 of the source file content'",
                  "position BIGINT NOT NULL COMMENT '1-based line, array element or CSV record number in the file'",
                  "source_file STRING NOT NULL COMMENT 'path of the file as given to ingest'",
                  "container STRING NOT NULL COMMENT 'how the record was cut: line, element, document, csv'",
                  "format STRING NOT NULL COMMENT 'format detected for the file (twitter-v1, twitter-v2, twitter-archive, gnip-activity, reddit, reddit-api, mastodon-outbox, mastodon-api, bluesky-api, bluesky-jetstream, facebook-export, facebook-graph, youtube-api, csv:<mapping>, unknown)'",
                  "record STRING COMMENT 'the record text as read (CSV records as a JSON object of header to value)'",
                  "read_error STRING COMMENT 'why the record could not be cut or decoded, else null'",
                  "owner_handle STRING COMMENT 'archive owner handle for personal archives without user objects'",
                  "ingest_run_id STRING NOT NULL",
                  "ingested_at TIMESTAMP NOT NULL",
                  "ingest_date DATE NOT NULL COMMENT 'partition: date of ingested_at (UTC), used by retention'"))
          .key("source_sha256", "position")
          .partitionBy("ingest_date")
          .personal("record", "read_error", "owner_handle", "source_file")
          .check("position_positive", "position > 0")
          .notes(
              "Rows older than `ingest.bronze-retention-days` are deleted. Bronze holds the raw records, handles"
                  + " included, for replay within that horizon: give analysts silver, gold or the PostgreSQL views, never"
                  + " this folder. A file ingested again (`--reprocess`, or rewritten in place) has its rows replaced as a"
                  + " whole.");

  /** silver.posts: one row per post_id (platform-qualified); the latest version wins. */
  public static final TableContract SILVER_POSTS =
      TableContract.of(
              "silver",
              "posts",
              "one row per post_id (platform-qualified); the latest version of a post wins; deleted posts are absent")
          .columns(
              String.join(
                  ",",
                  "post_id STRING NOT NULL COMMENT 'platform:id, e.g. twitter:1234 or reddit:t1_abc'",
                  "platform STRING NOT NULL COMMENT 'twitter, reddit, mastodon, bluesky, facebook or youtube'",
                  "source_id STRING NOT NULL COMMENT 'the id of this version at the source (string, never via a double)'",
                  "created_at TIMESTAMP NOT NULL COMMENT 'UTC'",
                  "author_key STRING COMMENT 'keyed pseudonym of the author handle (HMAC-SHA256)'",
                  "author_id_key STRING COMMENT 'keyed pseudonym of the author account id'",
                  "author_followers BIGINT COMMENT 'followers of the author when the post was captured'",
                  "author_verified BOOLEAN",
                  "author_location STRING COMMENT 'free-text location the author states'",
                  "lang STRING COMMENT 'language tag given by the source (null when absent)'",
                  "text STRING NOT NULL COMMENT 'full text, HTML entities decoded, @mentions pseudonymised, e-mails and phone numbers masked'",
                  "reply_to_post_id STRING",
                  "reply_to_author_key STRING",
                  "conversation_id STRING COMMENT 'thread root post_id when the source gives it (v2 conversation_id, Reddit link_id)'",
                  "repost_of STRING COMMENT 'post_id of the reposted original'",
                  "quote_of STRING COMMENT 'post_id of the quoted original'",
                  "is_repost BOOLEAN NOT NULL",
                  "like_count BIGINT",
                  "share_count BIGINT",
                  "reply_count BIGINT",
                  "quote_count BIGINT",
                  "mention_keys ARRAY<STRING> COMMENT 'pseudonyms of mentioned accounts, in order'",
                  "hashtags ARRAY<STRING> COMMENT 'lower-cased, without #'",
                  "geo_lat DOUBLE",
                  "geo_lon DOUBLE",
                  "place_name STRING",
                  "place_country_code STRING",
                  "community STRING COMMENT 'subreddit or similar venue'",
                  "source_format STRING NOT NULL",
                  "source_attributes MAP<STRING,STRING> COMMENT 'extra columns a CSV mapping keeps'",
                  "edit_rank INT NOT NULL COMMENT 'later versions rank higher (0 = original): the position in the edit history on X, the seconds from creation to the edit where a platform gives only the edit time (Mastodon, YouTube, Reddit, Facebook), the seconds from 2022-11-01 to the commit for a Bluesky update'",
                  "source_rank INT NOT NULL COMMENT 'fidelity of the source format: 2 API payloads, 1 archive exports and activity streams, 0 CSV exports; a poorer copy of the same version never replaces a richer one'",
                  "content_hash STRING NOT NULL COMMENT 'hash of the post content; a changed hash is a new version'",
                  "source_file STRING NOT NULL",
                  "ingest_run_id STRING NOT NULL",
                  "first_seen_at TIMESTAMP NOT NULL",
                  "updated_at TIMESTAMP NOT NULL"))
          .key("post_id")
          .personal("text", "author_location", "place_name", "source_file")
          .check("text_present", "length(text) > 0")
          .check("post_id_qualified", "post_id LIKE concat(platform, ':%')")
          .check(
              "counts_not_negative",
              "coalesce(like_count, 0) >= 0 AND coalesce(share_count, 0) >= 0 AND coalesce(reply_count, 0) >= 0")
          .changeFeed();

  /** silver.quarantine: one row per item that could not become a post, with the reason. */
  public static final TableContract SILVER_QUARANTINE =
      TableContract.of(
              "silver",
              "quarantine",
              "one row per record or item that could not become a post (source_sha256, position, item_index)")
          .columns(
              String.join(
                  ",",
                  "source_sha256 STRING NOT NULL",
                  "position BIGINT NOT NULL",
                  "item_index INT NOT NULL COMMENT '0 for a whole record, else the item inside a page'",
                  "source_file STRING NOT NULL",
                  "format STRING NOT NULL",
                  "reason_code STRING NOT NULL COMMENT 'machine-readable reason: bad_json, missing_id, bad_timestamp, ...'",
                  "reason STRING NOT NULL COMMENT 'human-readable reason'",
                  "raw_record STRING COMMENT 'the raw record, cut to ingest.quarantine-raw-max-chars'",
                  "raw_truncated BOOLEAN NOT NULL COMMENT 'true when raw_record was cut (bronze holds it whole)'",
                  "ingest_run_id STRING NOT NULL",
                  "quarantined_at TIMESTAMP NOT NULL"))
          .key("source_sha256", "position", "item_index")
          .personal("reason", "raw_record", "source_file")
          .notes(
              "Nothing read is ever dropped: a record no format recognises is quarantined too (`unknown_shape`, a"
                  + " JSON object; `unknown_format`, not JSON at all). `raw_record` is cut at"
                  + " `ingest.quarantine-raw-max-chars` (65,536 by default); bronze holds the record whole. Look here before"
                  + " accepting a quarantine alarm (`ops.quarantine_alarms`).");

  /** silver.control_events: one row per control record (delete, limit, scrub_geo, withheld...). */
  public static final TableContract SILVER_CONTROL_EVENTS =
      TableContract.of(
              "silver",
              "control_events",
              "one row per control record read (source_sha256, position, item_index); deletes are kept forever")
          .columns(
              String.join(
                  ",",
                  "source_sha256 STRING NOT NULL",
                  "position BIGINT NOT NULL",
                  "item_index INT NOT NULL",
                  "source_file STRING NOT NULL",
                  "platform STRING NOT NULL",
                  "kind STRING NOT NULL COMMENT 'delete, compliance (removes the post and the account with that id), limit, scrub_geo, status_withheld, user_withheld, warning, disconnect, api_error, counts, archive_metadata; from the other platforms: repost (a boost or repost known only by reference), like, not_public (a followers-only or direct message, not loaded), no_text (an export entry or page post without text), more_comments (a Reddit listing placeholder), not_a_post, profile, identity, account, commit, activity, collection, notification, stream_event, heartbeat, empty'",
                  "target_post_id STRING COMMENT 'post the event is about (delete, withheld, removed)'",
                  "target_author_id_key STRING COMMENT 'pseudonymised account the event is about (scrub_geo, user_withheld)'",
                  "up_to_source_id STRING COMMENT 'scrub_geo: posts up to this id'",
                  "detail STRING COMMENT 'what the record said, e.g. the number of undelivered posts of a limit notice'",
                  "event_at TIMESTAMP COMMENT 'when the source says it happened, when it says'",
                  "ingest_run_id STRING NOT NULL",
                  "ingested_at TIMESTAMP NOT NULL"))
          .key("source_sha256", "position", "item_index")
          .notes(
              "Deletes are kept so that a later load never resurrects a post. Tweet and user compliance results have"
                  + " the same shape: each is applied to the post and to the account with that id.");

  /** ops.ingest_runs: one row per ingest run and source file, with counts that reconcile. */
  public static final TableContract OPS_INGEST_RUNS =
      TableContract.of(
              "ops",
              "ingest_runs",
              "one row per ingest run and source file; records_read = posts_accepted + duplicates + control_records + quarantined")
          .columns(
              String.join(
                  ",",
                  "run_id STRING NOT NULL",
                  "source_file STRING NOT NULL",
                  "source_size BIGINT NOT NULL",
                  "source_sha256 STRING COMMENT 'null for files skipped without reading'",
                  "format STRING",
                  "status STRING NOT NULL COMMENT 'ingested, failed (message says why), skipped_unchanged, skipped_same_content, skipped_not_data, skipped_link'",
                  "records_read BIGINT NOT NULL COMMENT 'items read: a v2 page counts each tweet and each error in it'",
                  "posts_accepted BIGINT NOT NULL COMMENT 'items written to silver.posts: a new post or a newer version of one'",
                  "duplicates BIGINT NOT NULL COMMENT 'items identical to, older than, or superseded in the same run by the version stored'",
                  "control_records BIGINT NOT NULL",
                  "quarantined BIGINT NOT NULL",
                  "deleted BIGINT NOT NULL COMMENT 'delete and compliance notices in this file (posts removed or kept from loading)'",
                  "started_at TIMESTAMP NOT NULL",
                  "finished_at TIMESTAMP NOT NULL",
                  "message STRING"))
          .key("run_id", "source_file")
          .check(
              "counts_reconcile",
              "records_read = posts_accepted + duplicates + control_records + quarantined");

  /** silver.people: one row per person, brand and effective_from (the roster, pseudonymised). */
  public static final TableContract SILVER_PEOPLE =
      TableContract.of(
              "silver",
              "people",
              "one row per person_key, brand_id and effective_from: a roster entry valid from that day to effective_to")
          .columns(
              String.join(
                  ",",
                  "person_key STRING NOT NULL COMMENT 'pseudonym of the handle, the same key as silver.posts.author_key'",
                  "brand_id STRING NOT NULL COMMENT 'the taxonomy brand the person works for'",
                  "department STRING",
                  "role STRING",
                  "is_executive BOOLEAN NOT NULL",
                  "effective_from DATE NOT NULL COMMENT 'first day the entry applies'",
                  "effective_to DATE COMMENT 'last day the entry applies; null while current'",
                  "source_file STRING NOT NULL",
                  "loaded_at TIMESTAMP NOT NULL"))
          .key("person_key", "brand_id", "effective_from")
          .check("dates_ordered", "effective_to IS NULL OR effective_to >= effective_from")
          .notes(
              "Loaded by `people`: the file is a full snapshot of its brands, handles pseudonymised with the posts'"
                  + " key. An entry counts from its effective date on, never backwards.")
          .changeFeed();

  /** silver.post_enrichment: one row per post_id, the per-post flags BI reads without joins. */
  public static final TableContract SILVER_POST_ENRICHMENT =
      TableContract.of(
              "silver",
              "post_enrichment",
              "one row per post_id of silver.posts: language, region, people flags and what the taxonomy matched")
          .columns(
              String.join(
                  ",",
                  "post_id STRING NOT NULL",
                  "platform STRING NOT NULL",
                  "created_at TIMESTAMP NOT NULL",
                  "created_month DATE NOT NULL COMMENT 'partition: first day of the month of created_at (UTC)'",
                  "author_key STRING",
                  "lang STRING COMMENT 'the source tag, else the detected language; null when neither'",
                  "lang_source STRING NOT NULL COMMENT 'source, detected or unknown'",
                  "lang_confidence DOUBLE COMMENT 'detector confidence when detected'",
                  "country STRING COMMENT 'ISO 3166-1 alpha-2; null when unknown'",
                  "country_source STRING NOT NULL COMMENT 'place, geo, location or unknown'",
                  "is_official_account BOOLEAN NOT NULL COMMENT 'the author is an official handle of a taxonomy brand'",
                  "official_brand_id STRING",
                  "is_employee BOOLEAN NOT NULL COMMENT 'the author was on a roster on the post day'",
                  "is_executive BOOLEAN NOT NULL",
                  "employer_brand_ids ARRAY<STRING> NOT NULL",
                  "brand_ids ARRAY<STRING> NOT NULL COMMENT 'own brands the post mentions'",
                  "competitor_ids ARRAY<STRING> NOT NULL COMMENT 'competitors the post mentions'",
                  "industry_ids ARRAY<STRING> NOT NULL",
                  "preferred_ids ARRAY<STRING> COMMENT 'of a post naming 2+ brands: those a comparison favours (switched to X, X is better); NULL: enriched before the rules existed'",
                  "dispreferred_ids ARRAY<STRING> COMMENT 'of a post naming 2+ brands: those a comparison turns from (switched from X, better than X)'",
                  "categories ARRAY<STRING> NOT NULL COMMENT 'monitoring categories as Category / Subcategory'",
                  "content_hash STRING NOT NULL COMMENT 'silver.posts.content_hash that was enriched'",
                  "taxonomy_version STRING NOT NULL",
                  "people_version STRING NOT NULL",
                  "enriched_at TIMESTAMP NOT NULL"))
          .key("post_id")
          .partitionBy("created_month")
          .check("lang_source_known", "lang_source IN ('source', 'detected', 'unknown')")
          .changeFeed();

  /** silver.post_mentions: one row per post and matched brand, competitor, industry or category. */
  public static final TableContract SILVER_POST_MENTIONS =
      TableContract.of(
              "silver", "post_mentions", "one row per post_id and matched target (kind, entity_id)")
          .columns(
              String.join(
                  ",",
                  "post_id STRING NOT NULL",
                  "created_at TIMESTAMP NOT NULL",
                  "created_month DATE NOT NULL",
                  "platform STRING NOT NULL",
                  "kind STRING NOT NULL COMMENT 'brand, competitor, industry or category'",
                  "entity_id STRING NOT NULL COMMENT 'brand/competitor/industry id, or Category / Subcategory'",
                  "entity_name STRING NOT NULL",
                  "category STRING",
                  "subcategory STRING",
                  "matched_term STRING NOT NULL COMMENT 'the term, #hashtag, @official handle or regex match that fired'",
                  "match_source STRING NOT NULL COMMENT 'text, hashtag, mention or regex'",
                  "taxonomy_version STRING NOT NULL"))
          .key("post_id", "kind", "entity_id")
          .partitionBy("created_month")
          .check("kind_known", "kind IN ('brand', 'competitor', 'industry', 'category')");

  /** ml.labelled_posts: one row per labelled post of a published data set (source, source_id). */
  public static final TableContract ML_LABELLED_POSTS =
      TableContract.of(
              "ml",
              "labelled_posts",
              "one row per source and source_id: a post with a human sentiment label, for training and evaluation")
          .columns(
              String.join(
                  ",",
                  "source STRING NOT NULL COMMENT 'data set and file, e.g. semeval:twitter-2016train-A, tweeteval:validation, nsmc'",
                  "source_id STRING NOT NULL",
                  "text STRING NOT NULL",
                  "label STRING NOT NULL COMMENT 'negative, neutral or positive'",
                  "lang STRING NOT NULL",
                  "split STRING NOT NULL COMMENT 'train, validation or test: the published split, else a hash of split_group'",
                  "split_group STRING NOT NULL COMMENT 'what never straddles splits (an NSMC movie), else the post'",
                  "text_hash STRING NOT NULL COMMENT 'hash of the normalised text, to find the same post in two data sets'",
                  "imported_at TIMESTAMP NOT NULL"))
          .key("source", "source_id")
          .check("label_known", "label IN ('negative', 'neutral', 'positive')")
          .check("split_known", "split IN ('train', 'validation', 'test')")
          .notes(
              "The split is the published one where the data set has one (SemEval files, TweetEval, NSMC ratings"
                  + " files), else a deterministic hash split of `split_group` (an NSMC movie, so that no movie straddles"
                  + " train and validation).");

  /** ml.model_registry: one row per model name and version, with its metrics and status. */
  public static final TableContract ML_MODEL_REGISTRY =
      TableContract.of(
              "ml", "model_registry", "one row per model name and version (e.g. sentiment-en v3)")
          .columns(
              String.join(
                  ",",
                  "name STRING NOT NULL COMMENT 'model family, e.g. sentiment-en, topics-en'",
                  "version INT NOT NULL COMMENT '1, 2, ... per name, in training order'",
                  "kind STRING NOT NULL COMMENT 'sentiment or topics'",
                  "lang STRING NOT NULL",
                  "params MAP<STRING, STRING> NOT NULL COMMENT 'features and hyper-parameters, as trained'",
                  "training_table STRING NOT NULL",
                  "training_table_version BIGINT NOT NULL COMMENT 'Delta version of the training table read'",
                  "training_rows BIGINT NOT NULL",
                  "evaluation_data STRING NOT NULL COMMENT 'what the metrics were measured on (source, split, rows)'",
                  "metrics MAP<STRING, DOUBLE> NOT NULL COMMENT 'macro_recall, accuracy, recall_<class>, nmi ...'",
                  "confusion_matrix STRING COMMENT 'rows actual, columns predicted'",
                  "training_seconds DOUBLE NOT NULL",
                  "artifact_path STRING NOT NULL",
                  "status STRING NOT NULL COMMENT 'candidate, champion, retired (was champion), rolled_back or rejected'",
                  "status_reason STRING",
                  "created_at TIMESTAMP NOT NULL",
                  "promoted_at TIMESTAMP COMMENT 'when it last became champion'"))
          .key("name", "version")
          .check(
              "status_known",
              "status IN ('candidate', 'champion', 'retired', 'rolled_back', 'rejected')")
          .check("version_positive", "version > 0");

  /** silver.post_sentiment: the current champion's sentiment of each post. */
  public static final TableContract SILVER_POST_SENTIMENT =
      TableContract.of(
              "silver",
              "post_sentiment",
              "one row per post_id: its sentiment by the champion model of its language")
          .columns(
              String.join(
                  ",",
                  "post_id STRING NOT NULL",
                  "created_at TIMESTAMP NOT NULL",
                  "created_month DATE NOT NULL",
                  "lang STRING NOT NULL COMMENT 'the post language (silver.post_enrichment)'",
                  "model_name STRING COMMENT 'NULL when no model covers the language'",
                  "model_version INT",
                  "label STRING COMMENT 'negative, neutral or positive; NULL when no model covers the language'",
                  "p_negative DOUBLE",
                  "p_neutral DOUBLE",
                  "p_positive DOUBLE",
                  "content_hash STRING NOT NULL COMMENT 'silver.posts.content_hash scored: an edit re-scores'",
                  "scored_at TIMESTAMP NOT NULL"))
          .key("post_id")
          .partitionBy("created_month")
          .check("label_known", "label IS NULL OR label IN ('negative', 'neutral', 'positive')")
          .check("model_when_label", "(label IS NULL) = (model_version IS NULL)")
          .changeFeed();

  /** silver.post_topics: the topics of each post by the champion topic models of its language. */
  public static final TableContract SILVER_POST_TOPICS =
      TableContract.of(
              "silver",
              "post_topics",
              "one row per post_id, model_name and topic: a post's strongest topics (topics-<lang> for every post,"
                  + " complaints-<lang> for negative posts); topic -1 when none of its words is in the model")
          .columns(
              String.join(
                  ",",
                  "post_id STRING NOT NULL",
                  "created_at TIMESTAMP NOT NULL",
                  "created_month DATE NOT NULL COMMENT 'partition: first day of the month of created_at (UTC)'",
                  "lang STRING NOT NULL",
                  "model_name STRING NOT NULL COMMENT 'topics-<lang> or complaints-<lang>'",
                  "model_version INT NOT NULL COMMENT 'topic numbers mean something only within one version'",
                  "topic INT NOT NULL COMMENT '0..k-1, or -1 when the post has no word the model knows'",
                  "topic_name STRING NOT NULL COMMENT 'the topic''s most relevant terms'",
                  "weight DOUBLE NOT NULL COMMENT 'share of the post in this topic (0..1)'",
                  "topic_rank INT NOT NULL COMMENT '1 = the post''s strongest topic'",
                  "content_hash STRING NOT NULL COMMENT 'silver.posts.content_hash scored: an edit re-scores'",
                  "scored_at TIMESTAMP NOT NULL"))
          .key("post_id", "model_name", "topic")
          .partitionBy("created_month")
          .check("weight_share", "weight >= 0 AND weight <= 1")
          .check("rank_positive", "topic_rank >= 1")
          .changeFeed();

  /** gold.complaint_themes_weekly: what each brand's complaints were about, week by week. */
  public static final TableContract GOLD_COMPLAINT_THEMES_WEEKLY =
      TableContract.of(
              "gold",
              "complaint_themes_weekly",
              "one row per week_start, brand_id and theme: negative posts about the brand whose strongest complaint"
                  + " topic (complaints-<lang> in silver.post_topics) is that theme")
          .columns(
              String.join(
                  ",",
                  "week_start DATE NOT NULL COMMENT 'partition: Monday of the ISO week in gold.reporting-time-zone'",
                  "iso_week STRING NOT NULL COMMENT 'YYYY-Www'",
                  "brand_id STRING NOT NULL COMMENT 'taxonomy brand the posts mention'",
                  "lang STRING NOT NULL",
                  "model_name STRING NOT NULL COMMENT 'complaints-<lang>'",
                  "model_version INT NOT NULL",
                  "theme INT NOT NULL COMMENT 'topic number within that model version'",
                  "theme_name STRING NOT NULL COMMENT 'the theme''s most relevant terms'",
                  "complaints BIGINT NOT NULL COMMENT 'negative posts of the week with this theme as strongest topic'",
                  "share_of_complaints DOUBLE NOT NULL COMMENT 'complaints / all complaints of the brand and language that week'",
                  "theme_rank INT NOT NULL COMMENT '1 = the brand''s largest theme that week (per language)'",
                  "complaints_prev_week BIGINT NOT NULL COMMENT 'the same theme the week before (0 when none)'",
                  "representative_posts ARRAY<STRUCT<post_id: STRING, text: STRING, engagement: BIGINT, weight: DOUBLE>>"
                      + " NOT NULL COMMENT 'up to three posts most typical of the theme (highest weight), then most engaged'",
                  "input_fingerprint BIGINT NOT NULL COMMENT 'hash of the week''s inputs: a week is recomputed when it changes'",
                  "computed_at TIMESTAMP NOT NULL"))
          .key("week_start", "brand_id", "model_name", "theme")
          .partitionBy("week_start")
          .check("share_range", "share_of_complaints > 0 AND share_of_complaints <= 1")
          .check("complaints_positive", "complaints > 0")
          .notes(
              "Written by `aggregate` after the crisis signals (`gold/ComplaintThemes`), from the complaints-<lang>"
                  + " topic models `score` applied: without such a model the table stays empty.");

  /** The tables the ingest job writes. */
  public static final List<TableContract> INGEST =
      List.of(
          BRONZE_RAW_POSTS,
          SILVER_POSTS,
          SILVER_QUARANTINE,
          SILVER_CONTROL_EVENTS,
          OPS_INGEST_RUNS);

  /** The tables the enrich job writes. */
  public static final List<TableContract> ENRICH =
      List.of(SILVER_POST_ENRICHMENT, SILVER_POST_MENTIONS);

  /**
   * ops.erasure_requests: one row per erased person key of a {@code forget} request. Ingest reads
   * it so that an old export loaded again never brings the person back; it holds pseudonyms and
   * counts, never a handle or an id.
   */
  public static final TableContract OPS_ERASURE_REQUESTS =
      TableContract.of(
              "ops",
              "erasure_requests",
              "one row per forget request and erased person key (request_id, subject_key); append-only")
          .columns(
              String.join(
                  ",",
                  "request_id STRING NOT NULL",
                  "platform STRING NOT NULL",
                  "subject_key STRING NOT NULL COMMENT 'pseudonym of the erased handle or account id (as author_key or author_id_key)'",
                  "key_kind STRING NOT NULL COMMENT 'handle or account_id'",
                  "requested_at TIMESTAMP NOT NULL",
                  "posts_removed BIGINT NOT NULL COMMENT 'silver.posts rows removed for the whole request (their posts and reposts of them)'",
                  "bronze_deleted BIGINT NOT NULL COMMENT 'bronze records that held only the person and were deleted'",
                  "bronze_redacted BIGINT NOT NULL COMMENT 'bronze records shared with others, rewritten without the person'",
                  "quarantine_removed BIGINT NOT NULL",
                  "people_removed BIGINT NOT NULL COMMENT 'silver.people roster rows'",
                  "vacuum_hours DOUBLE NOT NULL COMMENT 'retention of the vacuum that removed the old files (0 = at once)'"))
          .key("request_id", "subject_key")
          .check("erasure_key_kind_known", "key_kind IN ('handle', 'account_id')");

  /**
   * ops.quarantine_alarms: an ingest run above ingest.max-quarantine-ratio, kept until a person
   * accepts it. Every ingest exits 3 while one is open, so an Airflow retry, which finds every file
   * already ingested and reads nothing, cannot make the alarm go away.
   */
  public static final TableContract OPS_QUARANTINE_ALARMS =
      TableContract.of(
              "ops",
              "quarantine_alarms",
              "one row per ingest run (run_id) whose quarantined / read ratio was above ingest.max-quarantine-ratio; open"
                  + " until accepted with ingest --accept-quarantine")
          .columns(
              String.join(
                  ",",
                  "run_id STRING NOT NULL COMMENT 'the ingest run (ops.ingest_runs.run_id, silver.quarantine.ingest_run_id)'",
                  "records_read BIGINT NOT NULL COMMENT 'records the run read'",
                  "quarantined BIGINT NOT NULL COMMENT 'of those, quarantined as bad input (posts held back by a delete notice are not counted)'",
                  "quarantine_ratio DOUBLE NOT NULL COMMENT 'quarantined / records_read'",
                  "max_quarantine_ratio DOUBLE NOT NULL COMMENT 'ingest.max-quarantine-ratio of the run'",
                  "raised_at TIMESTAMP NOT NULL COMMENT 'when the run ended'",
                  "accepted_by STRING COMMENT 'who accepted the alarm (the USER who ran ingest --accept-quarantine); null while open'",
                  "accepted_at TIMESTAMP COMMENT 'when it was accepted; null while open'"))
          .key("run_id")
          .check("alarm_above_limit", "quarantine_ratio > max_quarantine_ratio")
          .check("alarm_counts", "quarantined > 0 AND quarantined <= records_read")
          .check("alarm_accepted_whole", "(accepted_by IS NULL) = (accepted_at IS NULL)");

  public static final List<TableContract> ALL =
      List.of(
          BRONZE_RAW_POSTS,
          SILVER_POSTS,
          SILVER_QUARANTINE,
          SILVER_CONTROL_EVENTS,
          OPS_INGEST_RUNS,
          OPS_ERASURE_REQUESTS,
          SILVER_PEOPLE,
          SILVER_POST_ENRICHMENT,
          SILVER_POST_MENTIONS,
          ML_LABELLED_POSTS,
          ML_MODEL_REGISTRY,
          SILVER_POST_SENTIMENT,
          SILVER_POST_TOPICS,
          GOLD_COMPLAINT_THEMES_WEEKLY,
          OPS_QUARANTINE_ALARMS);
}
