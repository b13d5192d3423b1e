package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crisis signals. Layer: gold. Grain: gold.crisis_signals one row per signal (a run of flagged
 * points of one series), gold.crisis_weekly one row per week and brand.
 *
 * <p>Inputs → outputs: silver.posts, silver.post_enrichment, silver.post_sentiment,
 * silver.post_topics (when present) and the taxonomy's brands → per brand, hourly and daily series
 * of mentions, negative mentions, negative share and each monitoring category's volume → {@link
 * SpikeDetector} per series (causal, robust seasonal baseline) → runs of flagged points with what
 * drives them (terms, categories, topics that grew against the brand's preceding days) and
 * representative posts → the two gold tables.
 *
 * <p>Rerun key: week_start (reporting zone). Each week's inputs are fingerprinted in
 * ops.gold_week_inputs (rows of its own two table names); a run recomputes from the first week
 * whose fingerprint changed (late data included) to the last, since the detector judges each point
 * from the days before it: a changed week can move the baseline of every later one. Weeks before it
 * are left alone: causal detection gives them the same result. The range also reaches back to the
 * start week of any signal still running at its start, and to the previous end of the data (new
 * points were appended after it). Replaced with replaceWhere on week_start; a run with no changed
 * week commits nothing.
 */
public final class CrisisJob {
  private static final Logger LOG = LoggerFactory.getLogger(CrisisJob.class);
  public static final String SIGNALS = CrisisTables.GOLD_CRISIS_SIGNALS.qualifiedName();
  public static final String WEEKLY = CrisisTables.GOLD_CRISIS_WEEKLY.qualifiedName();

  /** The change feed consumer: what changed since the last crisis run. */
  static final String FEED = "aggregate-crisis";

  private CrisisJob() {}

  /**
   * What a run did: the first week recomputed (null when nothing changed), the weeks whose inputs
   * changed, the weeks replaced (fromWeek and every later week with posts or stored rows), the
   * signals and weekly rows written for them, the end of the data (as of), and what was compared
   * (the weeks the change feed named, or every week and why).
   */
  public record Result(
      LocalDate fromWeek,
      List<LocalDate> changedWeeks,
      List<LocalDate> weeks,
      long signals,
      long weeklyRows,
      Instant asOf,
      String scope) {
    public boolean committed() {
      return fromWeek != null;
    }
  }

  // --------------------------------------------------------------------------------------------
  // The run.

  /**
   * The entry point of {@code aggregate} and the demo: settings from {@code config} (crisis.*,
   * gold.reporting-time-zone), the taxonomy of enrich.taxonomy; {@code weeks} as for --weeks (may
   * be empty).
   */
  public static Result run(
      SparkSession spark, AppConfig config, boolean rebuild, List<LocalDate> weeks, Instant now) {
    return run(
        spark,
        config.warehouse(),
        CrisisSettings.from(config),
        Taxonomy.load(EnrichSettings.from(config).taxonomy()),
        rebuild,
        weeks,
        now);
  }

  public static Result run(
      SparkSession spark,
      String warehouse,
      CrisisSettings settings,
      Taxonomy taxonomy,
      boolean rebuild,
      Instant now) {
    return run(spark, warehouse, settings, taxonomy, rebuild, List.of(), now);
  }

  /**
   * As {@link #run(SparkSession, String, CrisisSettings, Taxonomy, boolean, Instant)}, also
   * recomputing from the earliest of {@code weeks} (Mondays, e.g. aggregate --weeks) whether or not
   * they changed.
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      CrisisSettings settings,
      Taxonomy taxonomy,
      boolean rebuild,
      List<LocalDate> weeks,
      Instant now) {
    for (TableContract t : CrisisTables.ALL) {
      t.ensure(spark, warehouse);
    }
    GoldTables.OPS_GOLD_WEEK_INPUTS.ensure(spark, warehouse);
    Dataset<Row> enrichment = Tables.SILVER_POST_ENRICHMENT.readOrEmpty(spark, warehouse);
    requireTaxonomy(enrichment, taxonomy);
    String version = settings.version(taxonomy.version());
    ChangeFeed feed = ChangeFeed.open(spark, warehouse, FEED, version, CrisisScope.INPUTS);
    List<Dataset<Row>> cached = new ArrayList<>();
    long started = System.nanoTime();
    List<Row> storedRows =
        GoldTables.OPS_GOLD_WEEK_INPUTS
            .read(spark, warehouse)
            .where(col("table_name").isin(SIGNALS, WEEKLY))
            .collectAsList();
    Map<LocalDate, String> stored = storedFingerprints(storedRows);
    // Series lost or never kept (a warehouse from before ops.crisis_series): recount every week.
    boolean seriesMissing =
        !stored.isEmpty() && CrisisTables.OPS_CRISIS_SERIES.read(spark, warehouse).isEmpty();
    // Without a known feed, a stored history and its series, every week is compared.
    Optional<CrisisScope> scope =
        rebuild || !weeks.isEmpty() || stored.isEmpty() || seriesMissing
            ? Optional.empty()
            : CrisisScope.of(feed, spark, warehouse, settings.reportingTimeZone());
    try {
      String scopeText =
          scope
              .map(CrisisScope::describe)
              .orElseGet(
                  () ->
                      "every week compared ("
                          + (rebuild
                              ? "--rebuild"
                              : !weeks.isEmpty()
                                  ? "--weeks"
                                  : stored.isEmpty()
                                      ? "no week computed before"
                                      : seriesMissing
                                          ? "ops.crisis_series holds no series"
                                          : feed.unknownReason())
                          + ")");
      if (scope.isPresent() && scope.get().candidates().isEmpty()) {
        LOG.info("crisis: nothing changed since the last run ({})", scopeText);
        feed.record();
        return new Result(null, List.of(), List.of(), 0, 0, null, scopeText);
      }
      CrisisScope.Inputs inputs =
          scope
              .map(CrisisScope::candidateInputs)
              .orElseGet(() -> CrisisScope.all(spark, warehouse));
      Dataset<Row> about = keep(cached, about(inputs, taxonomy, settings, spark));
      Map<LocalDate, Row> current;
      TreeSet<LocalDate> compared = new TreeSet<>();
      if (scope.isEmpty()) {
        current = collectByWeek(weekFingerprints(about, settings.reportingTimeZone(), version));
        compared.addAll(union(current.keySet(), stored.keySet()));
      } else {
        // Weeks outside the candidates keep their stored fingerprint: the feed says nothing
        // they read changed.
        compared.addAll(scope.get().candidates());
        current = new HashMap<>();
        for (Row r : storedRows) {
          LocalDate w = r.getDate(r.fieldIndex("week_start")).toLocalDate();
          if (!compared.contains(w) && r.getAs("table_name").equals(SIGNALS)) {
            current.put(w, r);
          }
        }
        current.putAll(
            collectByWeek(
                weekFingerprints(about, settings.reportingTimeZone(), version)
                    .where(expr(TableContract.dateIn("week_start", compared)))));
      }
      TreeSet<LocalDate> changed = new TreeSet<>();
      for (LocalDate w : compared) {
        Row c = current.get(w);
        if (rebuild
            || seriesMissing
            || c == null
            || !c.<String>getAs("fingerprint").equals(stored.get(w))) {
          changed.add(w);
        }
      }
      LOG.info(
          "crisis: {} week(s) fingerprinted in {} s ({})",
          compared.size(),
          seconds(started),
          scopeText);
      changed.addAll(weeks);
      if (changed.isEmpty()) {
        LOG.info("crisis: no week changed since the last run ({} weeks)", current.size());
        feed.record();
        return new Result(null, List.of(), List.of(), 0, 0, null, scopeText);
      }
      LocalDate from = changed.first();
      if (!rebuild && !stored.isEmpty()) {
        // The previous end of the data lies in the last stored week: points were appended after it.
        from = earlier(from, stored.keySet().stream().max(LocalDate::compareTo).orElseThrow());
      }

      // The series: recounted for the changed weeks (every week when compared in full), then
      // detection over all of them.
      int offset = scope.map(CrisisScope::offset).orElseGet(() -> offset(about, settings));
      Dataset<Row> counts = seriesCounts(about, settings, offset);
      if (scope.isPresent()) {
        write(
            CrisisTables.OPS_CRISIS_SERIES,
            counts.where(expr(TableContract.dateIn("week_start", changed))),
            warehouse,
            TableContract.dateIn("week_start", changed));
      } else {
        write(CrisisTables.OPS_CRISIS_SERIES, counts, warehouse, null);
      }
      Detected d = detectAll(CrisisTables.OPS_CRISIS_SERIES.read(spark, warehouse), settings);
      if (d != null) {
        keep(cached, d.detected()); // the frames derived from it read the cache too
      }
      Dataset<Row> signals = d == null ? null : d.signals();
      from =
          reachBack(
              from,
              settings.zone(),
              signals,
              CrisisTables.GOLD_CRISIS_SIGNALS.read(spark, warehouse));
      LOG.info(
          "crisis: {} week(s) changed ({} .. {}); recomputing from {}; detection done at {} s",
          changed.size(),
          changed.first(),
          changed.last(),
          from,
          seconds(started));

      Column since = col("week_start").geq(lit(Date.valueOf(from)));
      Dataset<Row> brands = brands(spark, taxonomy, settings);
      Dataset<Row> signalRows;
      Dataset<Row> weeklyRows;
      if (signals == null) {
        signalRows = CrisisTables.GOLD_CRISIS_SIGNALS.fixture(spark, List.of());
        weeklyRows = CrisisTables.GOLD_CRISIS_WEEKLY.fixture(spark, List.of());
      } else {
        // The posts from the baselines of the signals recomputed on (with the scope: read again
        // for those days only).
        CrisisScope.Inputs recent =
            scope.isEmpty()
                ? inputs
                : scope.get().since(from, settings.zone(), maxBaselineDays(settings));
        Dataset<Row> aboutRecent =
            scope.isEmpty() ? about : keep(cached, about(recent, taxonomy, settings, spark));
        Dataset<Row> affected = keep(cached, signals.where(since));
        Dataset<Row> window = keep(cached, signalPosts(affected, aboutRecent, settings));
        signalRows = signalRows(affected, summaries(window, recent.posts(), settings), brands);
        weeklyRows = weekly(aboutRecent, affected, d.flags(), settings, d.offset(), brands, from);
      }
      String predicate = rebuild ? null : "week_start >= DATE'" + from + "'";
      signalRows = keep(cached, CrisisTables.GOLD_CRISIS_SIGNALS.conform(signalRows));
      weeklyRows = keep(cached, CrisisTables.GOLD_CRISIS_WEEKLY.conform(weeklyRows));
      write(CrisisTables.GOLD_CRISIS_SIGNALS, signalRows, warehouse, predicate);
      write(CrisisTables.GOLD_CRISIS_WEEKLY, weeklyRows, warehouse, predicate);
      recordInputs(spark, warehouse, storedRows, current, from, now);
      feed.record();
      LocalDate first = from;
      List<LocalDate> replaced =
          union(current.keySet(), stored.keySet()).stream()
              .filter(w -> !w.isBefore(first))
              .toList();
      Result result =
          new Result(
              from,
              List.copyOf(changed),
              replaced,
              signalRows.count(),
              weeklyRows.count(),
              d == null ? null : d.asOf(),
              scopeText);
      LOG.info(
          "crisis: {} signal(s) and {} weekly row(s) written from {} in {} s",
          result.signals(),
          result.weeklyRows(),
          from,
          seconds(started));
      return result;
    } finally {
      scope.ifPresent(CrisisScope::release);
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * Detection over the whole history, read from ops.crisis_series (series are small: steps x brands
   * x metrics): detector rows, its flagged points and runs as signals, the series' fixed offset and
   * the end of the data (the end of the hour of the last post); null without series.
   */
  record Detected(
      Dataset<Row> detected, Dataset<Row> flags, Dataset<Row> signals, int offset, Instant asOf) {}

  static Detected detectAll(Dataset<Row> series, CrisisSettings settings) {
    Row range =
        series
            .agg(
                min("first_at").as("first"),
                max("last_at").as("last"),
                min("utc_offset").as("offset"))
            .first();
    if (range.isNullAt(0)) {
      return null;
    }
    Instant first = range.<Timestamp>getAs("first").toInstant();
    Instant last = range.<Timestamp>getAs("last").toInstant();
    int offset = range.getInt(2);
    // A step straddling two weeks has a row in each.
    Dataset<Row> counts =
        series
            .groupBy("brand_id", "metric", "category", "granularity", "bucket")
            .agg(sum("value").as("value"), sum("base").as("base"));
    Dataset<Row> detected = detect(counts, settings, seriesRanges(first, last, offset));
    long endOfLastHour =
        (Math.floorDiv(last.getEpochSecond() + offset, 3_600) + 1) * 3_600 - offset;
    Instant asOf = Instant.ofEpochSecond(endOfLastHour);
    return new Detected(
        detected,
        detected.where(col("kind").equalTo("flag")),
        runs(detected.where(col("kind").equalTo("run")), settings, offset, asOf),
        offset,
        asOf);
  }

  /**
   * The fixed offset of the series' steps: the reporting zone's standard offset at the first post
   * (seasonality is local; a fixed offset keeps the steps regular through daylight-saving changes).
   */
  static int offset(Dataset<Row> about, CrisisSettings settings) {
    Row first = about.agg(min("created_at")).first();
    Instant at = first.isNullAt(0) ? Instant.EPOCH : first.getTimestamp(0).toInstant();
    return settings.zone().getRules().getStandardOffset(at).getTotalSeconds();
  }

  private static int maxBaselineDays(CrisisSettings settings) {
    return Math.max(settings.hourly().baselineDays(), settings.daily().baselineDays());
  }

  /** {@link #about} of a run's inputs, for the taxonomy's brands. */
  private static Dataset<Row> about(
      CrisisScope.Inputs in, Taxonomy taxonomy, CrisisSettings settings, SparkSession spark) {
    return about(
        in.posts(),
        in.enrichment(),
        in.sentiment(),
        in.topics(),
        brands(spark, taxonomy, settings),
        in.parents());
  }

  private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> frame) {
    Dataset<Row> kept = frame.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept);
    return kept;
  }

  private static String seconds(long startedNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static void write(
      TableContract table, Dataset<Row> rows, String warehouse, String replaceWhere) {
    table.replace(rows, warehouse, replaceWhere);
  }

  // --------------------------------------------------------------------------------------------
  // Inputs.

  /**
   * The taxonomy's brands (and competitors when crisis.signals.competitors): brand_id, brand_name,
   * brand_kind.
   */
  public static Dataset<Row> brands(
      SparkSession spark, Taxonomy taxonomy, CrisisSettings settings) {
    List<Row> rows =
        taxonomy.entities().stream()
            .filter(
                e ->
                    e.kind().equals(Taxonomy.BRAND)
                        || (settings.competitors() && e.kind().equals(Taxonomy.COMPETITOR)))
            .map(e -> RowFactory.create(e.id(), e.name(), e.kind()))
            .toList();
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("brand_id", DataTypes.StringType, false)
            .add("brand_name", DataTypes.StringType, false)
            .add("brand_kind", DataTypes.StringType, false));
  }

  /**
   * Brands are read from the taxonomy and matched by silver.post_enrichment: both must be the same
   * version, or posts of a renamed or new brand would silently fall out. Enrich first after
   * changing the taxonomy.
   */
  static void requireTaxonomy(Dataset<Row> enrichment, Taxonomy taxonomy) {
    List<String> versions =
        enrichment.select("taxonomy_version").distinct().collectAsList().stream()
            .map(r -> r.<String>getAs("taxonomy_version"))
            .sorted()
            .toList();
    if (!versions.isEmpty() && !versions.equals(List.of(taxonomy.version()))) {
      throw new IllegalStateException(
          "silver.post_enrichment holds taxonomy version(s) "
              + versions
              + " but this run loads taxonomy "
              + taxonomy.name()
              + " version "
              + taxonomy.version()
              + "; run enrich first (it re-enriches history under a changed taxonomy)");
    }
  }

  /**
   * One row per post and brand it is about ({@link PostFacts#withAboutIds}, as the weekly tables
   * count it) among the taxonomy's brands of {@code brands}: post_id, brand_id, created_at,
   * platform, author_key, is_repost, engagement, content_hash, label (current sentiment or null),
   * scored, negative, categories, topics (distinct topic names, empty without silver.post_topics).
   */
  public static Dataset<Row> about(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> sentiment,
      Dataset<Row> topics,
      Dataset<Row> brands) {
    return about(posts, enrichment, sentiment, topics, brands, null);
  }

  /**
   * {@link #about(Dataset, Dataset, Dataset, Dataset, Dataset)} of posts that need not hold their
   * parents: {@code parents} ({@code post_id, official_brand_id}) holds the official accounts'
   * posts among all posts; null when {@code posts} holds every post.
   */
  static Dataset<Row> about(
      Dataset<Row> posts,
      Dataset<Row> enrichment,
      Dataset<Row> sentiment,
      Dataset<Row> topics,
      Dataset<Row> brands,
      Dataset<Row> parents) {
    Dataset<Row> p =
        posts.select(
            col("post_id"),
            col("platform"),
            col("created_at"),
            col("author_key"),
            col("reply_to_post_id").as("parent_id"),
            col("is_repost"),
            col("content_hash"),
            coalesce(col("like_count"), lit(0L))
                .plus(coalesce(col("share_count"), lit(0L)))
                .plus(coalesce(col("reply_count"), lit(0L)))
                .plus(coalesce(col("quote_count"), lit(0L)))
                .as("engagement"));
    Dataset<Row> e =
        enrichment.select(
            col("post_id"),
            col("official_brand_id"),
            concat(col("brand_ids"), col("competitor_ids")).as("mentioned_ids"),
            col("categories"));
    Dataset<Row> s =
        sentiment.select(
            col("post_id").as("scored_post_id"),
            col("label"),
            col("content_hash").as("scored_hash"));
    Dataset<Row> out =
        (parents == null
                ? PostFacts.withAboutIds(p.join(e, "post_id"))
                : PostFacts.withAboutIds(p.join(e, "post_id"), parents))
            .withColumn("brand_id", explode(col("about_ids")))
            .join(brands.select("brand_id"), "brand_id")
            .join(
                s,
                col("post_id")
                    .equalTo(col("scored_post_id"))
                    .and(col("content_hash").equalTo(col("scored_hash"))),
                "left")
            .drop("scored_post_id", "scored_hash")
            .withColumn("scored", col("label").isNotNull())
            .withColumn("negative", coalesce(col("label").equalTo("negative"), lit(false)));
    if (topics == null) {
      out = out.withColumn("topics", array().cast("array<string>"));
    } else {
      // Each post's strongest topic of each model (topics-<lang>, complaints-<lang>), of the text
      // scored.
      Dataset<Row> perPost =
          topics
              .where(col("topic_rank").equalTo(1).and(col("topic").geq(0)))
              .select(
                  col("post_id").as("topic_post_id"),
                  col("content_hash").as("topic_hash"),
                  col("topic_name"))
              .join(
                  p.select("post_id", "content_hash"),
                  col("topic_post_id")
                      .equalTo(col("post_id"))
                      .and(col("topic_hash").equalTo(col("content_hash"))))
              .groupBy("post_id")
              .agg(array_sort(collect_set(col("topic_name"))).as("topics"));
      out =
          out.join(perPost, "post_id", "left")
              .withColumn("topics", coalesce(col("topics"), array().cast("array<string>")));
    }
    return out.select(
        "post_id",
        "brand_id",
        "created_at",
        "platform",
        "author_key",
        "is_repost",
        "engagement",
        "content_hash",
        "label",
        "scored",
        "negative",
        "categories",
        "topics");
  }

  /**
   * Per week of the reporting zone: posts (post x brand rows) and the fingerprint of what they
   * hold.
   */
  public static Dataset<Row> weekFingerprints(
      Dataset<Row> about, String zone, String settingsVersion) {
    Column rowHash =
        xxhash64(
            col("post_id"),
            col("brand_id"),
            col("content_hash"),
            col("created_at"),
            col("author_key"),
            col("is_repost"),
            col("engagement"),
            coalesce(col("label"), lit("")),
            array_sort(col("categories")),
            col("topics"));
    return about
        .withColumn("week_start", ReportingWeeks.weekStart(col("created_at"), zone))
        .groupBy("week_start")
        .agg(count(lit(1)).as("posts"), bit_xor(rowHash).as("xor"))
        .withColumn(
            "fingerprint",
            sha2(concat_ws("|", lit(settingsVersion), col("posts"), col("xor")), 256))
        .select("week_start", "posts", "fingerprint");
  }

  // --------------------------------------------------------------------------------------------
  // Series and detection.

  /**
   * Non-empty buckets of every series, per week of the posts counted, in {@link
   * CrisisTables#OPS_CRISIS_SERIES}'s layout: week_start, brand_id, metric, category (metric
   * category only), granularity, bucket (start, seconds of the local wall clock at {@code offset}),
   * value (posts the metric counts), base (scored posts, negative share only), first_at / last_at
   * (the posts' first and last created_at) and utc_offset.
   */
  public static Dataset<Row> seriesCounts(Dataset<Row> about, CrisisSettings settings, int offset) {
    Column local = unix_seconds(col("created_at")).plus(offset);
    Dataset<Row> weekly =
        about.withColumn(
            "week_start",
            ReportingWeeks.weekStart(col("created_at"), settings.reportingTimeZone()));
    Column firstAt = min("created_at").as("first_at");
    Column lastAt = max("created_at").as("last_at");
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : List.of(CrisisSeries.HOUR, CrisisSeries.DAY)) {
      long step = CrisisSeries.stepSeconds(g);
      Dataset<Row> b =
          weekly
              .withColumn("bucket", local.minus(pmod(local, lit(step))))
              .withColumn("granularity", lit(g));
      Dataset<Row> totals =
          b.groupBy("week_start", "brand_id", "granularity", "bucket")
              .agg(
                  count(lit(1)).as("posts"),
                  sum(col("negative").cast("long")).as("negatives"),
                  sum(col("scored").cast("long")).as("scoreds"),
                  firstAt,
                  lastAt);
      List<Column> metrics = new ArrayList<>();
      if (settings.has(CrisisSettings.MENTIONS)) {
        metrics.add(metric(CrisisSettings.MENTIONS, col("posts"), lit(0L)));
      }
      if (settings.has(CrisisSettings.NEGATIVE)) {
        metrics.add(metric(CrisisSettings.NEGATIVE, col("negatives"), lit(0L)));
      }
      if (settings.has(CrisisSettings.NEGATIVE_SHARE)) {
        metrics.add(metric(CrisisSettings.NEGATIVE_SHARE, col("negatives"), col("scoreds")));
      }
      if (!metrics.isEmpty()) {
        parts.add(
            totals
                .select(
                    col("week_start"),
                    col("brand_id"),
                    col("granularity"),
                    col("bucket"),
                    col("first_at"),
                    col("last_at"),
                    explode(array(metrics.toArray(new Column[0]))).as("m"))
                .select(
                    col("week_start"),
                    col("brand_id"),
                    col("m.metric").as("metric"),
                    lit(null).cast("string").as("category"),
                    col("granularity"),
                    col("bucket"),
                    col("m.value").as("value"),
                    col("m.base").as("base"),
                    col("first_at"),
                    col("last_at")));
      }
      if (settings.has(CrisisSettings.CATEGORY)) {
        parts.add(
            b.select(
                    col("week_start"),
                    col("brand_id"),
                    col("granularity"),
                    col("bucket"),
                    col("created_at"),
                    explode(col("categories")).as("category"))
                .groupBy("week_start", "brand_id", "category", "granularity", "bucket")
                .agg(count(lit(1)).cast("double").as("value"), firstAt, lastAt)
                .select(
                    col("week_start"),
                    col("brand_id"),
                    lit(CrisisSettings.CATEGORY).as("metric"),
                    col("category"),
                    col("granularity"),
                    col("bucket"),
                    col("value"),
                    lit(0.0).as("base"),
                    col("first_at"),
                    col("last_at")));
      }
    }
    return parts.stream()
        .reduce(Dataset::unionByName)
        .orElseThrow()
        .withColumn("utc_offset", lit(offset));
  }

  private static Column metric(String name, Column value, Column base) {
    return struct(
        lit(name).as("metric"), value.cast("double").as("value"), base.cast("double").as("base"));
  }

  /**
   * First and last bucket (local seconds) of each granularity. Series start at the first whole step
   * after the first post: a first day that began at 7 am would read as a quiet day and widen the
   * baseline's spread. They end with the step of the last post, partial or not (a nightly run flags
   * the new day).
   */
  static Map<String, long[]> seriesRanges(Instant first, Instant last, int offset) {
    Map<String, long[]> out = new HashMap<>();
    for (String g : List.of(CrisisSeries.HOUR, CrisisSeries.DAY)) {
      long step = CrisisSeries.stepSeconds(g);
      long start = Math.floorDiv(first.getEpochSecond() + offset + step - 1, step) * step;
      long end = Math.floorDiv(last.getEpochSecond() + offset, step) * step;
      out.put(g, new long[] {Math.min(start, end), end});
    }
    return out;
  }

  static final StructType DETECTED =
      new StructType()
          .add("brand_id", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("category", DataTypes.StringType, true)
          .add("granularity", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("start", DataTypes.LongType, false)
          .add("last", DataTypes.LongType, false)
          .add("steps", DataTypes.IntegerType, false)
          .add("metric_posts", DataTypes.DoubleType, false)
          .add("base_posts", DataTypes.DoubleType, false)
          .add("observed", DataTypes.DoubleType, true)
          .add("expected", DataTypes.DoubleType, false)
          .add("peak", DataTypes.LongType, false)
          .add("peak_observed", DataTypes.DoubleType, true)
          .add("peak_expected", DataTypes.DoubleType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("threshold", DataTypes.DoubleType, false)
          .add("severity", DataTypes.StringType, false)
          .add("open", DataTypes.BooleanType, false);

  /**
   * Runs the detector on every series (one Spark group each): rows of kind {@code flag} (one per
   * flagged point: start = its bucket) and {@code run} (one per run of flagged points: start, last,
   * peak buckets and the run's totals), in {@link #DETECTED}'s layout.
   */
  public static Dataset<Row> detect(
      Dataset<Row> counts, CrisisSettings settings, Map<String, long[]> ranges) {
    Map<String, long[]> r = Map.copyOf(ranges);
    FlatMapFunction<Row, Row> perSeries = g -> detectSeries(g, settings, r).iterator();
    return counts
        .groupBy("brand_id", "metric", "category", "granularity")
        .agg(collect_list(struct(col("bucket"), col("value"), col("base"))).as("buckets"))
        .flatMap(perSeries, ExpressionEncoder.apply(DETECTED));
  }

  static List<Row> detectSeries(Row g, CrisisSettings settings, Map<String, long[]> ranges) {
    String brand = g.getAs("brand_id");
    String metric = g.getAs("metric");
    String category = g.getAs("category");
    String granularity = g.getAs("granularity");
    long step = CrisisSeries.stepSeconds(granularity);
    long[] range = ranges.get(granularity);
    List<CrisisSeries.Bucket> buckets = new ArrayList<>();
    StructType bucketType =
        elementStruct(g, "buckets"); // field indexes resolved once, not per bucket
    int bucketAt = bucketType.fieldIndex("bucket");
    int valueAt = bucketType.fieldIndex("value");
    int baseAt = bucketType.fieldIndex("base");
    for (Row b : g.<Row>getList(g.fieldIndex("buckets"))) {
      if (b.getLong(bucketAt)
          >= range[0]) { // posts before the first whole step stay out of the series
        buckets.add(
            new CrisisSeries.Bucket(
                b.getLong(bucketAt), b.getDouble(valueAt), b.getDouble(baseAt)));
      }
    }
    boolean share = metric.equals(CrisisSettings.NEGATIVE_SHARE);
    CrisisSeries.Detection d =
        CrisisSeries.detect(
            new SpikeDetector(settings.detector(granularity)),
            step,
            range[0],
            range[1],
            buckets,
            share);
    List<Row> out = new ArrayList<>();
    Map<Long, Double> values = new HashMap<>();
    Map<Long, Double> bases = new HashMap<>();
    for (CrisisSeries.Bucket b : buckets) {
      values.merge(b.start(), b.value(), Double::sum);
      bases.merge(b.start(), b.base(), Double::sum);
    }
    for (CrisisSeries.Flag f : d.flags()) {
      out.add(
          RowFactory.create(
              brand,
              metric,
              category,
              granularity,
              "flag",
              f.start(),
              f.start(),
              1,
              values.getOrDefault(f.start(), 0.0),
              bases.getOrDefault(f.start(), 0.0),
              round4(f.observed()),
              round4(f.expected()),
              f.start(),
              round4(f.observed()),
              round4(f.expected()),
              round4(f.score()),
              round4(f.threshold()),
              severity(f.severity()),
              f.start() == range[1]));
    }
    for (CrisisSeries.Run run : d.runs()) {
      out.add(
          RowFactory.create(
              brand,
              metric,
              category,
              granularity,
              "run",
              run.start(),
              run.last(),
              run.steps(),
              run.metricPosts(),
              run.basePosts(),
              round4(run.observed()),
              round4(run.expected()),
              run.peak(),
              round4(run.peakObserved()),
              round4(run.peakExpected()),
              round4(run.peakScore()),
              round4(run.peakThreshold()),
              severity(run.severity()),
              run.open()));
    }
    return out;
  }

  private static String severity(SpikeDetector.Severity s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** 4 decimals (NaN as null): stable figures for BI and for reruns. */
  private static Double round4(double x) {
    return Double.isNaN(x) ? null : Math.round(x * 1e4) / 1e4;
  }

  /**
   * Runs as signals: signal_id, week_start, iso_week, UTC window (started_at, ended_at, peak_at),
   * baseline_start, status relative to {@code asOf} (the end of the last hour with data), and the
   * run figures.
   */
  public static Dataset<Row> runs(
      Dataset<Row> runs, CrisisSettings settings, int offset, Instant asOf) {
    Column step =
        when(col("granularity").equalTo(CrisisSeries.HOUR), lit(3_600L)).otherwise(lit(86_400L));
    Column baselineDays =
        when(col("granularity").equalTo(CrisisSeries.HOUR), lit(settings.hourly().baselineDays()))
            .otherwise(lit(settings.daily().baselineDays()));
    Timestamp newSince = Timestamp.from(asOf.minusSeconds(86_400));
    return runs.withColumn("started_at", timestamp_seconds(col("start").minus(offset)))
        .withColumn("ended_at", timestamp_seconds(col("last").plus(step).minus(offset)))
        .withColumn("peak_at", timestamp_seconds(col("peak").minus(offset)))
        .withColumn(
            "baseline_start",
            timestamp_seconds(col("start").minus(offset).minus(baselineDays.multiply(86_400L))))
        .withColumn(
            "week_start", ReportingWeeks.weekStart(col("started_at"), settings.reportingTimeZone()))
        .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")))
        .withColumn(
            "signal_id",
            sha2(
                concat_ws(
                    "|",
                    col("brand_id"),
                    col("metric"),
                    coalesce(col("category"), lit("")),
                    col("granularity"),
                    col("start").minus(offset).cast("string")),
                256))
        .withColumn(
            "status",
            when(not(col("open")), lit("ended"))
                .when(col("started_at").geq(lit(newSince)), lit("new"))
                .otherwise(lit("ongoing")));
  }

  /**
   * Moves the first recomputed week back to the start week of any signal (just detected or stored)
   * still running at that week's start: its row is keyed by its start week and may change.
   */
  static LocalDate reachBack(
      LocalDate from, ZoneId zone, Dataset<Row> computed, Dataset<Row> stored) {
    List<Row> spans = new ArrayList<>(stored.select("week_start", "ended_at").collectAsList());
    if (computed != null) {
      spans.addAll(computed.select("week_start", "ended_at").collectAsList());
    }
    LocalDate result = from;
    boolean moved = true;
    while (moved) {
      moved = false;
      Instant start = result.atStartOfDay(zone).toInstant();
      for (Row r : spans) {
        LocalDate week = r.<Date>getAs("week_start").toLocalDate();
        if (week.isBefore(result) && r.<Timestamp>getAs("ended_at").toInstant().isAfter(start)) {
          result = week;
          moved = true;
        }
      }
    }
    return result;
  }

  // --------------------------------------------------------------------------------------------
  // Window posts, drivers, representative posts.

  /**
   * The posts about each signal's brand from its baseline_start to its ended_at: signal_id,
   * post_id, created_at, platform, author_key, is_repost, engagement, scored, negative, categories,
   * topics, in_window (created in [started_at, ended_at)), counted (the metric counts it: every
   * post for mentions, negative posts for negative and negative_share, posts in the category for
   * category).
   */
  public static Dataset<Row> signalPosts(
      Dataset<Row> signals, Dataset<Row> about, CrisisSettings settings) {
    Dataset<Row> days =
        signals
            .select(
                col("signal_id"),
                col("brand_id").as("s_brand"),
                col("metric").as("s_metric"),
                col("category").as("s_category"),
                col("started_at").as("s_start"),
                col("ended_at").as("s_end"),
                col("baseline_start").as("s_base"))
            .withColumn(
                "day",
                explode(
                    sequence(
                        to_date(col("s_base")), to_date(expr("s_end - INTERVAL 1 MICROSECOND")))));
    Dataset<Row> posts = about.withColumn("day", to_date(col("created_at")));
    Column counted =
        when(col("s_metric").equalTo(CrisisSettings.MENTIONS), lit(true))
            .when(
                col("s_metric").equalTo(CrisisSettings.CATEGORY),
                expr("array_contains(categories, s_category)"))
            .otherwise(col("negative"));
    return days.join(
            posts,
            days.col("s_brand")
                .equalTo(posts.col("brand_id"))
                .and(days.col("day").equalTo(posts.col("day"))))
        .where(col("created_at").geq(col("s_base")).and(col("created_at").lt(col("s_end"))))
        .withColumn("in_window", col("created_at").geq(col("s_start")))
        .withColumn("counted", counted)
        .select(
            "signal_id",
            "s_category",
            "post_id",
            "created_at",
            "platform",
            "author_key",
            "is_repost",
            "engagement",
            "scored",
            "negative",
            "categories",
            "topics",
            "in_window",
            "counted");
  }

  static final StructType SUMMARY =
      new StructType()
          .add("signal_id", DataTypes.StringType, false)
          .add("posts", DataTypes.LongType, false)
          .add("scored_posts", DataTypes.LongType, false)
          .add("negative_posts", DataTypes.LongType, false)
          .add(CrisisTables.GOLD_CRISIS_SIGNALS.schema().apply("drivers"))
          .add(CrisisTables.GOLD_CRISIS_SIGNALS.schema().apply("representative_posts"));

  /**
   * Per signal, {@link CrisisDrivers#summarise} over its posts (one Spark group each): signal_id,
   * posts, scored_posts, negative_posts, drivers, representative_posts.
   */
  public static Dataset<Row> summaries(
      Dataset<Row> signalPosts, Dataset<Row> posts, CrisisSettings settings) {
    MapFunction<Row, Row> summarise = g -> summary(g, settings);
    return signalPosts
        .where(col("counted").or(col("in_window")))
        .join(posts.select("post_id", "text"), "post_id")
        .groupBy("signal_id", "s_category")
        .agg(
            collect_list(
                    struct(
                        "post_id",
                        "created_at",
                        "platform",
                        "author_key",
                        "text",
                        "engagement",
                        "is_repost",
                        "in_window",
                        "counted",
                        "scored",
                        "negative",
                        "categories",
                        "topics"))
                .as("posts"))
        .map(summarise, ExpressionEncoder.apply(SUMMARY));
  }

  static Row summary(Row g, CrisisSettings settings) {
    List<CrisisDrivers.SignalPost> posts = new ArrayList<>();
    StructType post = elementStruct(g, "posts"); // field indexes resolved once, not per post
    int postId = post.fieldIndex("post_id");
    int createdAt = post.fieldIndex("created_at");
    int platform = post.fieldIndex("platform");
    int authorKey = post.fieldIndex("author_key");
    int text = post.fieldIndex("text");
    int engagement = post.fieldIndex("engagement");
    int isRepost = post.fieldIndex("is_repost");
    int inWindow = post.fieldIndex("in_window");
    int counted = post.fieldIndex("counted");
    int scored = post.fieldIndex("scored");
    int negative = post.fieldIndex("negative");
    int categories = post.fieldIndex("categories");
    int topics = post.fieldIndex("topics");
    for (Row p : g.<Row>getList(g.fieldIndex("posts"))) {
      posts.add(
          new CrisisDrivers.SignalPost(
              p.getString(postId),
              p.getTimestamp(createdAt),
              p.getString(platform),
              p.getString(authorKey),
              p.getString(text),
              p.getLong(engagement),
              p.getBoolean(isRepost),
              p.getBoolean(inWindow),
              p.getBoolean(counted),
              p.getBoolean(scored),
              p.getBoolean(negative),
              p.getList(categories),
              p.getList(topics)));
    }
    CrisisDrivers.Summary s = CrisisDrivers.summarise(posts, g.getAs("s_category"), settings);
    List<Row> drivers =
        s.drivers().stream()
            .map(d -> RowFactory.create(d.kind(), d.name(), d.observed(), d.expected(), d.lift()))
            .toList();
    List<Row> representatives =
        s.representatives().stream()
            .map(
                r ->
                    RowFactory.create(
                        r.postId(),
                        r.createdAt(),
                        r.platform(),
                        r.authorKey(),
                        r.text(),
                        r.engagement(),
                        r.why()))
            .toList();
    return RowFactory.create(
        g.<String>getAs("signal_id"),
        s.posts(),
        s.scoredPosts(),
        s.negativePosts(),
        scalaSeq(drivers),
        scalaSeq(representatives));
  }

  /** The struct type of the elements of array column {@code column} of {@code row}. */
  private static StructType elementStruct(Row row, String column) {
    return (StructType)
        ((org.apache.spark.sql.types.ArrayType) row.schema().apply(column).dataType())
            .elementType();
  }

  private static <T> scala.collection.immutable.Seq<T> scalaSeq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
  }

  /** The rows of gold.crisis_signals: the signals' figures with their summaries and brand names. */
  public static Dataset<Row> signalRows(
      Dataset<Row> signals, Dataset<Row> summaries, Dataset<Row> brands) {
    return signals
        .join(brands, "brand_id")
        .join(summaries, seq("signal_id"), "left")
        .withColumn("posts", coalesce(col("posts"), lit(0L)))
        .withColumn("scored_posts", coalesce(col("scored_posts"), lit(0L)))
        .withColumn("negative_posts", coalesce(col("negative_posts"), lit(0L)))
        .withColumn(
            "drivers", coalesce(col("drivers"), array().cast(SUMMARY.apply("drivers").dataType())))
        .withColumn(
            "representative_posts",
            coalesce(
                col("representative_posts"),
                array().cast(SUMMARY.apply("representative_posts").dataType())));
  }

  // --------------------------------------------------------------------------------------------
  // Weekly roll-up.

  /** gold.crisis_weekly rows for weeks from {@code from} on. */
  public static Dataset<Row> weekly(
      Dataset<Row> about,
      Dataset<Row> signals,
      Dataset<Row> flags,
      CrisisSettings settings,
      int offset,
      Dataset<Row> brands,
      LocalDate from) {
    String zone = settings.reportingTimeZone();
    Column since = col("week_start").geq(lit(Date.valueOf(from)));
    Dataset<Row> counts =
        about
            .withColumn("week_start", ReportingWeeks.weekStart(col("created_at"), zone))
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                count(lit(1)).as("posts"),
                sum(col("scored").cast("long")).as("scored_posts"),
                sum(col("negative").cast("long")).as("negative_posts"));
    Dataset<Row> perSignal =
        signals
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                count(lit(1)).as("signals"),
                sum(col("severity").equalTo("high").cast("long")).as("high_signals"),
                sum(col("status").notEqual("ended").cast("long")).as("open_signals"),
                max(struct(col("score"), col("signal_id"))).as("top"))
            .withColumn("peak_score", col("top.score"))
            .withColumn("top_signal_id", col("top.signal_id"))
            .drop("top");
    Dataset<Row> perFlag =
        flags
            .withColumn(
                "week_start",
                ReportingWeeks.weekStart(timestamp_seconds(col("start").minus(offset)), zone))
            .where(since)
            .groupBy("week_start", "brand_id")
            .agg(
                expr("count(DISTINCT CASE WHEN granularity = 'hour' THEN start END)")
                    .cast("int")
                    .as("alert_hours"),
                expr("count(DISTINCT CASE WHEN granularity = 'day' THEN start END)")
                    .cast("int")
                    .as("alert_days"),
                array_sort(
                        collect_set(
                            concat(
                                col("metric"),
                                coalesce(concat(lit(":"), col("category")), lit("")),
                                lit("/"),
                                col("granularity"))))
                    .as("flagged_series"));
    String[] key = {"week_start", "brand_id"};
    return counts
        .join(perSignal, seq(key), "full_outer")
        .join(perFlag, seq(key), "full_outer")
        .join(brands, "brand_id")
        .withColumn("iso_week", ReportingWeeks.isoWeek(col("week_start")))
        .na()
        .fill(
            0L,
            new String[] {
              "posts", "scored_posts", "negative_posts", "signals", "high_signals", "open_signals"
            })
        .na()
        .fill(0, new String[] {"alert_hours", "alert_days"})
        .withColumn(
            "negative_share",
            when(
                col("scored_posts").gt(0),
                round(col("negative_posts").divide(col("scored_posts")), 4)))
        .withColumn(
            "flagged_series",
            coalesce(col("flagged_series"), expr("array()").cast("array<string>")));
  }

  private static scala.collection.immutable.Seq<String> seq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }

  // --------------------------------------------------------------------------------------------
  // Week bookkeeping.

  private static Map<LocalDate, Row> collectByWeek(Dataset<Row> fingerprints) {
    Map<LocalDate, Row> out = new HashMap<>();
    for (Row r : fingerprints.collectAsList()) {
      out.put(r.<Date>getAs("week_start").toLocalDate(), r);
    }
    return out;
  }

  /** Stored fingerprint per week; a week whose two tables disagree reads as changed. */
  private static Map<LocalDate, String> storedFingerprints(List<Row> storedRows) {
    Map<LocalDate, String> out = new HashMap<>();
    for (Row r : storedRows) {
      out.merge(
          r.getDate(r.fieldIndex("week_start")).toLocalDate(),
          r.getAs("fingerprint"),
          (a, b) -> a.equals(b) ? a : "");
    }
    return out;
  }

  /**
   * Replaces the ops rows of both tables: unchanged weeks keep their computed_at, recomputed ones
   * get now.
   */
  private static void recordInputs(
      SparkSession spark,
      String warehouse,
      List<Row> storedRows,
      Map<LocalDate, Row> current,
      LocalDate from,
      Instant now) {
    Map<String, Row> old = new HashMap<>();
    for (Row r : storedRows) {
      old.put(r.getAs("table_name") + "|" + r.getDate(r.fieldIndex("week_start")), r);
    }
    List<Row> rows = new ArrayList<>();
    for (String table : List.of(SIGNALS, WEEKLY)) {
      for (Map.Entry<LocalDate, Row> e : new java.util.TreeMap<>(current).entrySet()) {
        Date week = Date.valueOf(e.getKey());
        Row prior = old.get(table + "|" + week);
        Timestamp at =
            !e.getKey().isBefore(from) || prior == null
                ? Timestamp.from(now)
                : prior.getTimestamp(prior.fieldIndex("computed_at"));
        rows.add(
            RowFactory.create(
                table,
                week,
                e.getValue().getAs("fingerprint"),
                e.getValue().<Long>getAs("posts"),
                at));
      }
    }
    GoldTables.OPS_GOLD_WEEK_INPUTS.replace(
        GoldTables.OPS_GOLD_WEEK_INPUTS.fixture(spark, rows),
        warehouse,
        "table_name IN ("
            + TableContract.literal(SIGNALS)
            + ", "
            + TableContract.literal(WEEKLY)
            + ")");
  }

  private static Set<LocalDate> union(Set<LocalDate> a, Set<LocalDate> b) {
    Set<LocalDate> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static LocalDate earlier(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
