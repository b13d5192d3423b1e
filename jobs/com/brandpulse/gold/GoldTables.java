package com.brandpulse.gold;

import com.brandpulse.common.TableContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weekly gold tables, declared once. Every figure is a count or ratio over posts that a BI user
 * can trace back with the definitions in the column comments: a week is the ISO week (Monday to
 * Sunday) in the reporting time zone ({@code gold.reporting-time-zone}), keyed by its Monday {@code
 * week_start} (the partition, so a week is replaced as a whole).
 *
 * <p>Words used in the comments: a post is <b>about</b> a brand when the taxonomy matched it (name,
 * alias, hashtag or @handle: silver.post_enrichment brand_ids or competitor_ids) or it replies
 * directly to a post of one of the brand's official accounts; the brand's own official accounts'
 * posts are never about it. <b>Customers</b> are authors who are neither employees (on a roster
 * that day) nor official accounts. A <b>thread below</b> a post is every reply to it, direct or
 * deeper, through silver.posts.reply_to_post_id. Sentiment counts are <b>brand-level</b>: in a post
 * comparing brands each brand has its own label (docs/models.md, brand-level sentiment).
 */
public final class GoldTables {
  private GoldTables() {}

  /**
   * Figures of gold.brand_health_weekly that have a week-over-week column {@code <name>_wow}, with
   * their type.
   */
  public static final Map<String, String> WOW_METRICS = wowMetrics();

  private static Map<String, String> wowMetrics() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String count :
        List.of(
            "mentions",
            "distinct_authors",
            "potential_reach",
            "engagement",
            "positive",
            "neutral",
            "negative",
            "unscored",
            "promoters",
            "detractors",
            "complaints",
            "complaints_replied",
            "complaints_answered_same_day")) {
      m.put(count, "BIGINT");
    }
    for (String ratio :
        List.of(
            "net_sentiment",
            "share_of_voice",
            "positive_share_of_voice",
            "negative_share_of_voice",
            "nps",
            "response_rate",
            "median_first_reply_seconds",
            "p90_first_reply_seconds",
            "same_day_rate")) {
      m.put(ratio, "DOUBLE");
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The key columns of every weekly gold table (package-visible so other weekly tables declare them
   * once).
   */
  static final String WEEK_COLUMNS =
      String.join(
          ",",
          "week_start DATE NOT NULL COMMENT 'Monday of the ISO week in the reporting time zone (partition)'",
          "iso_week STRING NOT NULL COMMENT 'ISO week label YYYY-Www of week_start'");

  /** The brand columns of every weekly gold table, as the taxonomy names them. */
  static final String BRAND_COLUMNS =
      String.join(
          ",",
          "brand_id STRING NOT NULL COMMENT 'taxonomy id of the brand or competitor'",
          "brand_name STRING NOT NULL",
          "brand_kind STRING NOT NULL COMMENT 'brand (own) or competitor, as the taxonomy declares it'");

  /**
   * gold.brand_health_weekly: one row per week, taxonomy brand and platform (plus platform all).
   */
  public static final TableContract BRAND_HEALTH_WEEKLY =
      TableContract.of(
              "gold",
              "brand_health_weekly",
              "one row per week_start, brand_id and platform: every brand and competitor of the taxonomy for each"
                  + " platform with posts that week, plus platform all (every platform together)")
          .columns(
              String.join(
                  ",",
                  WEEK_COLUMNS,
                  BRAND_COLUMNS,
                  "platform STRING NOT NULL COMMENT 'twitter, reddit ... or all'",
                  "mentions BIGINT NOT NULL COMMENT 'posts about the brand (reposts included)'",
                  "distinct_authors BIGINT NOT NULL COMMENT 'distinct authors of the mentions'",
                  "potential_reach BIGINT NOT NULL COMMENT 'sum over the distinct authors of the largest follower count"
                      + " seen on their mentions of the week; authors without a known count add 0'",
                  "engagement BIGINT NOT NULL COMMENT 'likes + shares + replies + quotes of the mentions that are not"
                      + " reposts (a repost carries the counts of its original)'",
                  "positive BIGINT NOT NULL COMMENT 'mentions positive toward the brand: the post label (silver.post_sentiment),"
                      + " or in a post comparing brands the brand-level label (preferred / dispreferred in silver.post_enrichment)'",
                  "neutral BIGINT NOT NULL",
                  "negative BIGINT NOT NULL",
                  "unscored BIGINT NOT NULL COMMENT 'mentions without a label: no model for the language, not scored yet,"
                      + " or scored on an older version of the text; never counted as neutral'",
                  "net_sentiment DOUBLE COMMENT '(positive - negative) / (positive + negative); null when both are 0'",
                  "competitor_mentions BIGINT NOT NULL COMMENT 'sum of the mentions of each competitor in the brand"
                      + " competitor set (taxonomy), same week and platform'",
                  "share_of_voice DOUBLE COMMENT 'mentions / (mentions + competitor_mentions); null when both are 0 or the"
                      + " brand has no competitor set'",
                  "competitor_positive BIGINT COMMENT 'sum of the positive mentions of each competitor in the brand"
                      + " competitor set, same week and platform, by the brand-level label; null when the brand has no"
                      + " competitor set'",
                  "competitor_negative BIGINT COMMENT 'the same for negative mentions'",
                  "positive_share_of_voice DOUBLE COMMENT 'share of the positive voice: positive / (positive +"
                      + " competitor_positive); a post that prefers the brand to a competitor counts positive for the"
                      + " brand only; null when both are 0 or the brand has no competitor set'",
                  "negative_share_of_voice DOUBLE COMMENT 'share of the negative voice: negative / (negative +"
                      + " competitor_negative); null when both are 0 or the brand has no competitor set'",
                  "promoters BIGINT NOT NULL COMMENT 'customer authors whose scored posts about the brand this week are"
                      + " more often positive than negative'",
                  "detractors BIGINT NOT NULL COMMENT 'customer authors whose scored posts about the brand this week are"
                      + " more often negative than positive'",
                  "scored_authors BIGINT NOT NULL COMMENT 'customer authors with at least one scored post about the brand"
                      + " this week (the NPS base; the others of them are passives)'",
                  "nps DOUBLE COMMENT '100 * (promoters - detractors) / scored_authors; null when no scored author'",
                  "top_topics ARRAY<STRUCT<model_name: STRING, topic: INT, topic_name: STRING, posts: BIGINT,"
                      + " weight: DOUBLE>> NOT NULL COMMENT 'topics of the mentions (silver.post_topics), by summed weight"
                      + " (6 decimals), at most gold.top-n; empty without topics'",
                  "top_categories ARRAY<STRUCT<category: STRING, posts: BIGINT, negative: BIGINT>> NOT NULL COMMENT"
                      + " 'monitoring categories (Category / Subcategory) of the mentions, by posts, at most gold.top-n'",
                  "complaints BIGINT NOT NULL COMMENT 'negative mentions that are not reposts and not by an employee of"
                      + " the brand, in the week of the complaint'",
                  "complaints_replied BIGINT NOT NULL COMMENT 'complaints with a reply in the thread below them (direct"
                      + " or deeper, any later week) by an official account or an employee of the brand'",
                  "response_rate DOUBLE COMMENT 'complaints_replied / complaints; null without complaints'",
                  "median_first_reply_seconds DOUBLE COMMENT 'median of the seconds from a complaint to its first reply,"
                      + " over the replied complaints (exact, interpolated between the two middle values)'",
                  "p90_first_reply_seconds DOUBLE COMMENT '90th percentile of the same (exact, linear interpolation)'",
                  "complaints_answered_same_day BIGINT NOT NULL COMMENT 'complaints whose first reply came on the same"
                      + " calendar day in the reporting time zone'",
                  "same_day_rate DOUBLE COMMENT 'complaints_answered_same_day / complaints; null without complaints'",
                  wowColumns()))
          .key("week_start", "brand_id", "platform")
          .partitionBy("week_start")
          .check("sentiment_adds_up", "positive + neutral + negative + unscored = mentions")
          .check(
              "replied_within_complaints",
              "complaints_replied <= complaints"
                  + " AND complaints_answered_same_day <= complaints_replied AND complaints <= negative")
          .check(
              "net_sentiment_range",
              "net_sentiment IS NULL OR (net_sentiment >= -1 AND net_sentiment <= 1)");

  private static String wowColumns() {
    List<String> out = new ArrayList<>();
    WOW_METRICS.forEach(
        (name, type) ->
            out.add(
                name
                    + "_wow "
                    + type
                    + " COMMENT 'this week "
                    + name
                    + " minus the previous week (same brand and platform); null when either is null or the previous week"
                    + " has no posts on the platform'"));
    return String.join(",", out);
  }

  /** gold.brand_health_weekly_segments: the region and language breakdowns of brand health. */
  public static final TableContract BRAND_HEALTH_WEEKLY_SEGMENTS =
      TableContract.of(
              "gold",
              "brand_health_weekly_segments",
              "one row per week_start, brand_id, platform (plus all), dimension (country or lang) and segment with"
                  + " at least one mention: the breakdown of gold.brand_health_weekly")
          .columns(
              String.join(
                  ",",
                  WEEK_COLUMNS,
                  "brand_id STRING NOT NULL",
                  "platform STRING NOT NULL COMMENT 'twitter, reddit ... or all'",
                  "dimension STRING NOT NULL COMMENT 'country (silver.post_enrichment.country) or lang'",
                  "segment STRING NOT NULL COMMENT 'ISO country code or language code; unknown when not known'",
                  "mentions BIGINT NOT NULL",
                  "distinct_authors BIGINT NOT NULL",
                  "positive BIGINT NOT NULL",
                  "neutral BIGINT NOT NULL",
                  "negative BIGINT NOT NULL",
                  "unscored BIGINT NOT NULL",
                  "net_sentiment DOUBLE COMMENT '(positive - negative) / (positive + negative); null when both are 0'",
                  "complaints BIGINT NOT NULL"))
          .key("week_start", "brand_id", "platform", "dimension", "segment")
          .partitionBy("week_start")
          .check("dimension_known", "dimension IN ('country', 'lang')")
          .check(
              "segment_sentiment_adds_up", "positive + neutral + negative + unscored = mentions");

  /** gold.advocacy_weekly: customer and employee advocacy per week and brand (all platforms). */
  public static final TableContract ADVOCACY_WEEKLY =
      TableContract.of(
              "gold",
              "advocacy_weekly",
              "one row per week_start and brand_id (every brand and competitor of the taxonomy), all platforms")
          .columns(
              String.join(
                  ",",
                  WEEK_COLUMNS,
                  BRAND_COLUMNS,
                  "customer_authors BIGINT NOT NULL COMMENT 'distinct customer authors with a post about the brand or in"
                      + " a thread below one'",
                  "advocates BIGINT NOT NULL COMMENT 'distinct customer authors with a defending or answering post'",
                  "defending_posts BIGINT NOT NULL COMMENT 'positive customer replies in the thread below a negative post"
                      + " about the brand by someone else'",
                  "answering_posts BIGINT NOT NULL COMMENT 'customer replies that are neither questions nor negative, in"
                      + " the thread below a question about the brand (text matching gold.question-pattern) by another"
                      + " customer'",
                  "advocacy_posts BIGINT NOT NULL COMMENT 'posts defending or answering (a post doing both counts once)'",
                  "advocate_reach BIGINT NOT NULL COMMENT 'sum over the advocates of the largest follower count seen on"
                      + " their posts about the brand or in its threads that week'",
                  "advocacy_rate DOUBLE COMMENT 'advocates / customer_authors; null without customer authors'",
                  "top_advocates ARRAY<STRUCT<author_key: STRING, platform: STRING, advocacy_posts: BIGINT,"
                      + " defending_posts: BIGINT, answering_posts: BIGINT, followers: BIGINT>> NOT NULL COMMENT 'the"
                      + " advocates (pseudonymous keys) with the most advocacy posts, then followers, at most gold.top-n'",
                  "roster_employees BIGINT NOT NULL COMMENT 'people on the brand roster (silver.people) on any day of the"
                      + " week, plus employees seen posting'",
                  "employees_posting BIGINT NOT NULL COMMENT 'distinct employees of the brand with a post about it or in"
                      + " a thread below one'",
                  "employee_posts BIGINT NOT NULL",
                  "employee_reach BIGINT NOT NULL COMMENT 'sum over employees_posting of their largest follower count seen"
                      + " the same way'",
                  "employee_active_share DOUBLE COMMENT 'employees_posting / roster_employees; null without a roster'",
                  "executives_posting BIGINT NOT NULL",
                  "executive_posts BIGINT NOT NULL COMMENT 'employee_posts by people flagged executive'"))
          .key("week_start", "brand_id")
          .partitionBy("week_start")
          .check("advocates_within_authors", "advocates <= customer_authors")
          .check("employees_within_roster", "employees_posting <= roster_employees");

  /**
   * ops.gold_week_inputs: what each gold table's week was last computed from. The weekly and the
   * crisis parts of {@code aggregate} both write it and may run at once: each write holds this
   * contract's monitor, so that their commits never overlap (Delta would fail the later one).
   */
  public static final TableContract OPS_GOLD_WEEK_INPUTS =
      TableContract.of(
              "ops",
              "gold_week_inputs",
              "one row per gold table and week_start last computed: the fingerprint of everything the week was"
                  + " computed from, so a run recomputes only weeks whose inputs changed")
          .columns(
              String.join(
                  ",",
                  "table_name STRING NOT NULL COMMENT 'layer.name of the gold table'",
                  "week_start DATE NOT NULL",
                  "fingerprint STRING NOT NULL COMMENT 'SHA-256 over the settings, the taxonomy version and order-free"
                      + " hashes of what the table reads of the week: for the weekly tables the week posts, their"
                      + " enrichment, sentiment and topics, the posts linked to them by replies and the roster entries of"
                      + " the week; for the crisis tables each post and brand it is about (content, author, engagement,"
                      + " sentiment, categories, topics)'",
                  "posts BIGINT NOT NULL COMMENT 'posts created in the week (crisis tables: post x brand rows)'",
                  "computed_at TIMESTAMP NOT NULL"))
          .key("table_name", "week_start");

  /** The weekly gold tables and the ops table of every gold job's week fingerprints. */
  public static final List<TableContract> ALL =
      List.of(
          BRAND_HEALTH_WEEKLY, BRAND_HEALTH_WEEKLY_SEGMENTS, ADVOCACY_WEEKLY, OPS_GOLD_WEEK_INPUTS);
}
