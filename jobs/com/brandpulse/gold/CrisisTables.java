package com.brandpulse.gold;

import com.brandpulse.common.TableContract;
import java.util.List;

/**
 * The crisis gold tables, declared once. Words used in the comments: a post is <b>about</b> a brand
 * when the taxonomy matched it (silver.post_enrichment brand_ids or competitor_ids) or it replies
 * directly to a post of one of the brand's official accounts; the brand's own official accounts'
 * posts are never about it (the same definition as gold.brand_health_weekly mentions). A post is
 * <b>scored</b> when silver.post_sentiment has a label for its current content_hash. Times are UTC;
 * a week is the ISO week in the reporting time zone ({@code gold.reporting-time-zone}) keyed by its
 * Monday, week_start.
 */
public final class CrisisTables {
  private CrisisTables() {}

  private static final String BRAND_COLUMNS =
      String.join(
          ",",
          "brand_id STRING NOT NULL COMMENT 'taxonomy id of the brand or competitor'",
          "brand_name STRING NOT NULL",
          "brand_kind STRING NOT NULL COMMENT 'brand (own) or competitor, as the taxonomy declares it'");

  private static final String WEEK_COLUMNS =
      String.join(
          ",",
          "week_start DATE NOT NULL COMMENT 'Monday of the ISO week in the reporting time zone (partition)'",
          "iso_week STRING NOT NULL COMMENT 'ISO week label YYYY-Www of week_start'");

  /** gold.crisis_signals: one row per detected signal (a run of flagged points of one series). */
  public static final TableContract GOLD_CRISIS_SIGNALS =
      TableContract.of(
              "gold",
              "crisis_signals",
              "one row per signal: a run of consecutive flagged points of one series (brand, metric, category,"
                  + " granularity), keyed by a hash of the series and the run start; the week is that of started_at")
          .columns(
              String.join(
                  ",",
                  "signal_id STRING NOT NULL COMMENT 'sha2 of brand_id, metric, category, granularity and started_at:"
                      + " the same run keeps its id across reruns'",
                  WEEK_COLUMNS,
                  BRAND_COLUMNS,
                  "metric STRING NOT NULL COMMENT 'mentions (posts about the brand), negative (scored negative),"
                      + " negative_share (negative / scored) or category (posts about the brand in one monitoring category)'",
                  "category STRING COMMENT 'the monitoring category (Category / Subcategory) when metric = category'",
                  "granularity STRING NOT NULL COMMENT 'hour or day: the step of the series (local wall clock at the"
                      + " reporting zone standard offset)'",
                  "started_at TIMESTAMP NOT NULL COMMENT 'start of the first flagged step'",
                  "ended_at TIMESTAMP NOT NULL COMMENT 'end (exclusive) of the last flagged step: the signal window is"
                      + " [started_at, ended_at)'",
                  "peak_at TIMESTAMP NOT NULL COMMENT 'start of the step with the highest score'",
                  "status STRING NOT NULL COMMENT 'new (still flagged at the end of the data and started within its"
                      + " last day), ongoing (still flagged, started earlier) or ended'",
                  "steps INT NOT NULL COMMENT 'flagged steps (hours or days) in the window'",
                  "posts BIGINT NOT NULL COMMENT 'posts about the brand in the window'",
                  "scored_posts BIGINT NOT NULL COMMENT 'scored posts about the brand in the window'",
                  "negative_posts BIGINT NOT NULL COMMENT 'scored negative posts about the brand in the window'",
                  "observed DOUBLE COMMENT 'the metric over the window: posts it counts, or negative_posts / scored_posts"
                      + " for negative_share (null when nothing was scored)'",
                  "expected DOUBLE NOT NULL COMMENT 'the baseline over the window: the sum of the expected value of each"
                      + " step (median of the same hour or day on the previous baseline days, weekday-adjusted, earlier"
                      + " spikes capped), or for negative_share the expected share weighted by the scored posts'",
                  "score DOUBLE NOT NULL COMMENT 'deviation score at the peak: (observed - expected) / robust scale'",
                  "threshold DOUBLE NOT NULL COMMENT 'score that flagged at the peak (crisis.hourly / crisis.daily)'",
                  "peak_observed DOUBLE COMMENT 'the metric in the peak step'",
                  "peak_expected DOUBLE NOT NULL COMMENT 'its baseline in the peak step'",
                  "severity STRING NOT NULL COMMENT 'low, medium or high: the highest of the flagged steps (score over the"
                      + " threshold in force, crisis.*.severity)'",
                  "baseline_start TIMESTAMP NOT NULL COMMENT 'drivers compare the window with [baseline_start, started_at)'",
                  "drivers ARRAY<STRUCT<kind: STRING, name: STRING, observed: BIGINT, expected: DOUBLE, lift: DOUBLE>>"
                      + " NOT NULL COMMENT 'what grew most against the baseline among the posts the metric counts: kind"
                      + " term, category or topic; observed = window posts with it; expected = baseline posts with it x"
                      + " window posts / baseline posts; lift = (observed + s) / (expected + s); by observed - expected'",
                  "representative_posts ARRAY<STRUCT<post_id: STRING, created_at: TIMESTAMP, platform: STRING,"
                      + " author_key: STRING, text: STRING, engagement: BIGINT, why: STRING>> NOT NULL COMMENT 'window"
                      + " posts the metric counts (no reposts): most_engaged (likes + shares + replies + quotes) and"
                      + " most_typical (most weight of the driver terms); text as in silver.posts (mentions pseudonymised,"
                      + " e-mails and phone numbers masked)'"))
          .key("signal_id")
          .partitionBy("week_start")
          .check("status_known", "status IN ('new', 'ongoing', 'ended')")
          .check("severity_known", "severity IN ('low', 'medium', 'high')")
          .check("metric_known", "metric IN ('mentions', 'negative', 'negative_share', 'category')")
          .check("category_with_metric", "(category IS NOT NULL) = (metric = 'category')")
          .check("granularity_known", "granularity IN ('hour', 'day')")
          .check(
              "window_ordered",
              "started_at < ended_at AND peak_at >= started_at AND peak_at < ended_at")
          .check("counts_nest", "negative_posts <= scored_posts AND scored_posts <= posts")
          .notes(
              "Written by `aggregate` after the weekly tables. Drivers compare the window with the brand's"
                  + " previous `crisis.detector.baseline-days` (7) days; `representative_posts` holds"
                  + " `crisis.signals.representative-posts` (3) most engaged and as many most typical posts. Tracing a"
                  + " signal to its posts: [models](models.md#crisis-signals).");

  /** gold.crisis_weekly: the week x brand roll-up of the signals. */
  public static final TableContract GOLD_CRISIS_WEEKLY =
      TableContract.of(
              "gold",
              "crisis_weekly",
              "one row per week_start and brand_id with posts about the brand or a flagged step that week")
          .columns(
              String.join(
                  ",",
                  WEEK_COLUMNS,
                  BRAND_COLUMNS,
                  "posts BIGINT NOT NULL COMMENT 'posts about the brand created in the week'",
                  "scored_posts BIGINT NOT NULL",
                  "negative_posts BIGINT NOT NULL",
                  "negative_share DOUBLE COMMENT 'negative_posts / scored_posts; null when nothing was scored'",
                  "signals BIGINT NOT NULL COMMENT 'signals of the brand that started in the week (gold.crisis_signals)'",
                  "high_signals BIGINT NOT NULL COMMENT 'of which severity high'",
                  "open_signals BIGINT NOT NULL COMMENT 'of which status new or ongoing'",
                  "peak_score DOUBLE COMMENT 'highest score of those signals; null without signals'",
                  "top_signal_id STRING COMMENT 'the signal with that score'",
                  "alert_hours INT NOT NULL COMMENT 'hours of the week in which any hourly series of the brand was flagged'",
                  "alert_days INT NOT NULL COMMENT 'days of the week in which any daily series of the brand was flagged'",
                  "flagged_series ARRAY<STRING> NOT NULL COMMENT 'series flagged in the week, as metric[:category]/granularity'"))
          .key("week_start", "brand_id")
          .partitionBy("week_start")
          .check("weekly_counts_nest", "negative_posts <= scored_posts AND scored_posts <= posts")
          .check("signals_nest", "high_signals <= signals AND open_signals <= signals");

  /**
   * ops.crisis_series: the detector's input counts, kept per week so that a night recounts only the
   * weeks whose posts changed and detection reads series, not posts.
   */
  public static final TableContract OPS_CRISIS_SERIES =
      TableContract.of(
              "ops",
              "crisis_series",
              "one row per week_start, brand_id, metric, category, granularity and bucket with posts: the counts of"
                  + " the series the crisis detector reads, split by the week (reporting zone) of the posts counted, so"
                  + " a step that straddles two weeks has a row in each; written with gold.crisis_signals for the"
                  + " weeks whose inputs changed")
          .columns(
              String.join(
                  ",",
                  "week_start DATE NOT NULL COMMENT 'Monday of the ISO week of the posts counted, in the reporting time"
                      + " zone (partition)'",
                  "brand_id STRING NOT NULL COMMENT 'taxonomy id of the brand or competitor'",
                  "metric STRING NOT NULL COMMENT 'mentions, negative, negative_share or category'",
                  "category STRING COMMENT 'the monitoring category when metric = category'",
                  "granularity STRING NOT NULL COMMENT 'hour or day'",
                  "bucket BIGINT NOT NULL COMMENT 'start of the step: seconds of the local wall clock at utc_offset'",
                  "value DOUBLE NOT NULL COMMENT 'posts the metric counts in the step (negative ones for negative_share)'",
                  "base DOUBLE NOT NULL COMMENT 'scored posts in the step for negative_share; 0 otherwise'",
                  "first_at TIMESTAMP NOT NULL COMMENT 'earliest created_at of the posts counted'",
                  "last_at TIMESTAMP NOT NULL COMMENT 'latest created_at of the posts counted'",
                  "utc_offset INT NOT NULL COMMENT 'the fixed offset of the steps, seconds: the reporting zone standard"
                      + " offset at the first post (the same in every row)'"))
          .key("week_start", "brand_id", "metric", "category", "granularity", "bucket")
          .partitionBy("week_start")
          .check("series_counts", "value >= 0 AND base >= 0 AND first_at <= last_at");

  /**
   * ops.crisis_detector_state: what the detector knew after each point of the last weeks, so that a
   * night resumes every series a few weeks back instead of judging the whole history again.
   */
  public static final TableContract OPS_CRISIS_DETECTOR_STATE =
      TableContract.of(
              "ops",
              "crisis_detector_state",
              "one row per brand_id, metric, category, granularity and bucket of every series the detector judged,"
                  + " for the points of the last crisis.state-weeks weeks (empty steps included): the detector's state"
                  + " after that point, which a later run resumes from")
          .columns(
              String.join(
                  ",",
                  "week_start DATE NOT NULL COMMENT 'Monday of the bucket on the local wall clock at utc_offset"
                      + " (partition)'",
                  "brand_id STRING NOT NULL COMMENT 'taxonomy id of the brand or competitor'",
                  "metric STRING NOT NULL COMMENT 'mentions, negative, negative_share or category'",
                  "category STRING COMMENT 'the monitoring category when metric = category'",
                  "granularity STRING NOT NULL COMMENT 'hour or day'",
                  "bucket BIGINT NOT NULL COMMENT 'start of the step: seconds of the local wall clock at utc_offset'",
                  "history ARRAY<DOUBLE> NOT NULL COMMENT 'per window (the primary first): the baseline''s view of"
                      + " the point, observed or winsorised after a high score'",
                  "score ARRAY<DOUBLE> NOT NULL COMMENT 'per window: the point''s deviation score (NaN where not"
                      + " scored)'",
                  "ratio DOUBLE NOT NULL COMMENT 'score over the level in force (NaN where not judged)'",
                  "flagged BOOLEAN NOT NULL",
                  "series_start BIGINT NOT NULL COMMENT 'first bucket of the series (the whole series is judged"
                      + " from it)'",
                  "utc_offset INT NOT NULL COMMENT 'the fixed offset of the steps, seconds'",
                  "settings_version STRING NOT NULL COMMENT 'the crisis settings and taxonomy version it was"
                      + " judged under: state of another version is never resumed from'"))
          .key("brand_id", "metric", "category", "granularity", "bucket")
          .partitionBy("week_start")
          .notes(
              "Written by `aggregate` with gold.crisis_signals. A night resumes each series from the state of the"
                  + " `SpikeDetector.resumeDays` (30) days before the first day it must judge again, with the same"
                  + " results as judging the whole series; without that state (a new warehouse, other settings, late"
                  + " data older than the kept weeks) it judges every series from its start and writes the state"
                  + " again.");

  /**
   * Their fingerprints per week live in {@link GoldTables#OPS_GOLD_WEEK_INPUTS} beside the weekly
   * tables'.
   */
  public static final List<TableContract> ALL =
      List.of(
          GOLD_CRISIS_SIGNALS, GOLD_CRISIS_WEEKLY, OPS_CRISIS_SERIES, OPS_CRISIS_DETECTOR_STATE);
}
