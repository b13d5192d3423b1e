package com.brandpulse.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.Materialized;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.Taxonomy;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weekly aggregates. Layer: gold. Outputs: gold.brand_health_weekly (week × brand × platform, plus
 * all), gold.brand_health_weekly_segments (its country and language breakdown) and
 * gold.advocacy_weekly (week × brand); ops.gold_week_inputs records what each week was computed
 * from. Inputs: silver.posts, silver.post_enrichment (must be current: enrich runs first),
 * silver.post_sentiment, silver.post_topics (when it exists), silver.people, the taxonomy (brands,
 * competitor sets). Rerun key: week_start. A run fingerprints every week's inputs (see {@link
 * PostFacts#weekInputs}: late and changed posts, a post moved to another week (both weeks change),
 * new replies in older threads, re-scored sentiment, roster changes, other settings) and replaces
 * exactly the weeks whose fingerprint changed — for brand health also the week after each, whose
 * week-over-week columns read it — with replaceWhere on week_start; weeks left without posts are
 * deleted. A rerun without changes commits nothing; {@code rebuild} recomputes everything.
 */
public final class WeeklyAggregatesJob {
  private static final Logger LOG = LoggerFactory.getLogger(WeeklyAggregatesJob.class);

  /** Bumped when a definition changes, so every week is recomputed under the new one. */
  public static final String LOGIC_VERSION = "weekly-aggregates-3";

  private WeeklyAggregatesJob() {}

  /**
   * What to recompute: everything, the given weeks (Mondays), or (neither) the weeks whose inputs
   * changed.
   */
  public record Options(boolean rebuild, List<LocalDate> weeks) {
    public static Options incremental() {
      return new Options(false, List.of());
    }
  }

  /**
   * What one table got: the weeks replaced (deleted when they have no posts any more) and the rows
   * written.
   */
  public record TableResult(String table, List<LocalDate> weeks, long rows) {}

  /**
   * What each table got, and what the run read: the weeks the change feed named (a night) or every
   * week, with why.
   */
  public record Result(List<TableResult> tables, String scope) {}

  /** The change feed consumer of the weekly tables. */
  static final String FEED = "aggregate-weekly";

  /** What a weekly table needs from the run. */
  private record Inputs(
      Dataset<Row> facts,
      Dataset<Row> links,
      Dataset<Row> topics,
      Dataset<Row> people,
      Dataset<Row> brands,
      Dataset<Row> competitors,
      GoldSettings settings) {}

  private interface Compute {
    Dataset<Row> rows(Inputs inputs, List<LocalDate> weeks);
  }

  /**
   * A weekly table: its contract, whether its rows read the week before, and how they are computed.
   */
  private record Weekly(TableContract table, boolean readsPreviousWeek, Compute compute) {}

  private static final List<Weekly> TABLES =
      List.of(
          new Weekly(
              GoldTables.BRAND_HEALTH_WEEKLY,
              true,
              (in, weeks) ->
                  BrandHealth.weekly(
                      in.facts(),
                      in.links(),
                      in.topics(),
                      in.brands(),
                      in.competitors(),
                      weeks,
                      in.settings())),
          new Weekly(
              GoldTables.BRAND_HEALTH_WEEKLY_SEGMENTS,
              false,
              (in, weeks) -> BrandHealth.segments(in.facts(), weeks)),
          new Weekly(
              GoldTables.ADVOCACY_WEEKLY,
              false,
              (in, weeks) ->
                  Advocacy.weekly(
                      in.facts(), in.links(), in.people(), in.brands(), weeks, in.settings())));

  public static Result run(
      SparkSession spark,
      String warehouse,
      GoldSettings settings,
      Taxonomy taxonomy,
      Options options,
      Instant now) {
    return run(spark, warehouse, settings, taxonomy, options, now, () -> {});
  }

  /**
   * As above; {@code inputsChecked} runs once the posts the run reads were found enriched on their
   * current text, before anything is written (aggregate starts its other parts then, so that they
   * never read enrichment this part refuses).
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      GoldSettings settings,
      Taxonomy taxonomy,
      Options options,
      Instant now,
      Runnable inputsChecked) {
    for (TableContract t : GoldTables.ALL) {
      t.ensure(spark, warehouse);
    }
    String settingsKey =
        sha(String.join("|", LOGIC_VERSION, taxonomy.version(), settings.toString()));
    boolean incremental = !options.rebuild() && options.weeks().isEmpty();
    ChangeFeed feed = ChangeFeed.open(spark, warehouse, FEED, settingsKey, WeekScope.INPUTS);
    long started = System.nanoTime();
    Optional<WeekScope> scope =
        incremental
            ? WeekScope.of(feed, Tables.SILVER_POSTS.readOrEmpty(spark, warehouse), settings)
            : Optional.empty();
    LOG.info(
        "weekly aggregates: scope of the changes decided in {} s",
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    Result result;
    try {
      result =
          scope
              .map(
                  s ->
                      run(
                          spark,
                          warehouse,
                          settings,
                          taxonomy,
                          options,
                          now,
                          settingsKey,
                          s,
                          inputsChecked))
              .orElse(null);
    } finally {
      scope.ifPresent(WeekScope::release);
    }
    if (result == null) {
      String reason =
          !incremental
              ? (options.rebuild() ? "--rebuild" : "--weeks")
              : scope.isPresent()
                  ? "a week outside the changes' scope changed"
                  : feed.unknownReason();
      result =
          run(spark, warehouse, settings, taxonomy, options, now, settingsKey, null, inputsChecked);
      result = new Result(result.tables(), "every week compared (" + reason + ")");
    }
    if (incremental || options.rebuild()) {
      feed.record(); // --weeks compares nothing else: the next run must still see other changes
    }
    return result;
  }

  /**
   * One run over the posts of {@code scope} (every post when null); null when a week outside the
   * scope's candidates changed, which a complete change feed rules out: the caller then compares
   * every week rather than trust a partial read.
   */
  private static Result run(
      SparkSession spark,
      String warehouse,
      GoldSettings settings,
      Taxonomy taxonomy,
      Options options,
      Instant now,
      String settingsKey,
      WeekScope scope,
      Runnable inputsChecked) {
    long started = System.nanoTime();
    Dataset<Row> posts = Tables.SILVER_POSTS.readOrEmpty(spark, warehouse);
    Dataset<Row> enrichment = Tables.SILVER_POST_ENRICHMENT.readOrEmpty(spark, warehouse);
    Dataset<Row> sentiment = Tables.SILVER_POST_SENTIMENT.readOrEmpty(spark, warehouse);
    Dataset<Row> topics = topics(spark, warehouse);
    if (scope != null) {
      posts = scope.restrict(posts, false);
      enrichment = scope.restrict(enrichment, true);
      sentiment = scope.restrict(sentiment, true);
      topics = topics == null ? null : scope.restrict(topics, true);
    }
    requireCurrentEnrichment(posts, enrichment, taxonomy);
    inputsChecked.run();
    LOG.info(
        "weekly aggregates: enrichment checked at {} s",
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    Dataset<Row> people = Tables.SILVER_PEOPLE.readOrEmpty(spark, warehouse);
    // A run without a scope reads the whole history: its facts are kept on disk, not in the
    // driver's heap (Spark's columnar cache of a 3M-post history filled a 4 GiB driver).
    try (Materialized kept =
        Materialized.of(
            PostFacts.facts(posts, enrichment, sentiment, settings),
            scope == null ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK())) {
      Dataset<Row> facts = kept.rows();
      Dataset<Row> links = PostFacts.ancestors(facts, settings.threadMaxDepth());
      LOG.info(
          "weekly aggregates: {} posts read, thread links at {} s",
          facts.count(),
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      Dataset<Row> fingerprints = PostFacts.weekInputs(facts, links, topics, people, settingsKey);
      if (scope != null) {
        fingerprints =
            scope.weeks().isEmpty()
                ? fingerprints.where("FALSE")
                : fingerprints.where(expr(TableContract.dateIn("week_start", scope.weeks())));
      }
      Map<LocalDate, Row> current = new TreeMap<>();
      for (Row r : fingerprints.collectAsList()) {
        current.put(r.<Date>getAs("week_start").toLocalDate(), r);
      }
      LOG.info(
          "weekly aggregates: {} week(s) with posts fingerprinted in {} s",
          current.size(),
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      Inputs inputs =
          new Inputs(
              facts,
              links,
              topics,
              people,
              PostFacts.brands(spark, taxonomy),
              PostFacts.competitors(spark, taxonomy),
              settings);
      Map<String, Map<LocalDate, String>> stored = new TreeMap<>();
      GoldTables.OPS_GOLD_WEEK_INPUTS
          .read(spark, warehouse)
          .select("table_name", "week_start", "fingerprint")
          .collectAsList()
          .forEach(
              r ->
                  stored
                      .computeIfAbsent(r.<String>getAs("table_name"), t -> new TreeMap<>())
                      .put(
                          r.<Date>getAs("week_start").toLocalDate(),
                          r.<String>getAs("fingerprint")));
      Map<Weekly, TreeSet<LocalDate>> touched = new java.util.LinkedHashMap<>();
      for (Weekly weekly : TABLES) {
        Map<LocalDate, String> mine = stored.getOrDefault(weekly.table().qualifiedName(), Map.of());
        if (scope != null) {
          mine = new TreeMap<>(mine);
          mine.keySet().retainAll(scope.weeks());
        }
        TreeSet<LocalDate> weeks = touched(current, mine, options);
        if (scope != null && !scope.candidates().containsAll(weeks)) {
          LOG.warn(
              "{}: week(s) {} changed outside the change feed's candidates {}: comparing all",
              weekly.table().qualifiedName(),
              weeks,
              scope.candidates());
          return null;
        }
        touched.put(weekly, weeks);
      }
      List<TableResult> results = new ArrayList<>();
      List<Row> computed = new ArrayList<>();
      for (Weekly weekly : TABLES) {
        results.add(
            refresh(
                warehouse, weekly, inputs, current, touched.get(weekly), options, now, computed));
      }
      recordInputs(spark, warehouse, computed);
      return new Result(
          results,
          scope == null
              ? "every week compared"
              : "changes since the last run: "
                  + scope.candidates().size()
                  + " candidate week(s), "
                  + scope.weeks().size()
                  + " read");
    }
  }

  /**
   * The weeks of one table to recompute: every week on --rebuild, the given ones on --weeks, else
   * those whose fingerprint differs from the stored one, and stored weeks without posts now.
   */
  private static TreeSet<LocalDate> touched(
      Map<LocalDate, Row> current, Map<LocalDate, String> stored, Options options) {
    TreeSet<LocalDate> touched = new TreeSet<>();
    if (options.rebuild()) {
      touched.addAll(current.keySet());
      touched.addAll(stored.keySet());
    } else if (!options.weeks().isEmpty()) {
      touched.addAll(options.weeks());
    } else {
      current.forEach(
          (week, row) -> {
            if (!row.<String>getAs("fingerprint").equals(stored.get(week))) {
              touched.add(week);
            }
          });
      stored.keySet().stream().filter(w -> !current.containsKey(w)).forEach(touched::add);
    }
    return touched;
  }

  /**
   * Replaces the weeks of one table that need it and adds their new fingerprints to {@code
   * computed} (ops rows with a delete flag), which the caller records once the tables are written.
   */
  private static TableResult refresh(
      String warehouse,
      Weekly weekly,
      Inputs inputs,
      Map<LocalDate, Row> current,
      TreeSet<LocalDate> touched,
      Options options,
      Instant now,
      List<Row> computed) {
    String name = weekly.table().qualifiedName();
    TreeSet<LocalDate> replaced = new TreeSet<>(touched);
    if (weekly.readsPreviousWeek()) {
      touched.stream().map(w -> w.plusWeeks(1)).filter(current::containsKey).forEach(replaced::add);
    }
    if (replaced.isEmpty()) {
      LOG.info("{}: no week changed", name);
      return new TableResult(name, List.of(), 0);
    }
    long started = System.nanoTime();
    List<LocalDate> withPosts = replaced.stream().filter(current::containsKey).toList();
    try (Materialized stored =
        Materialized.of(
            weekly.table().conform(weekly.compute().rows(inputs, withPosts)),
            StorageLevel.MEMORY_AND_DISK())) {
      Dataset<Row> rows = stored.rows();
      long count = rows.count();
      weekly
          .table()
          .replace(
              rows,
              warehouse,
              options.rebuild() ? null : TableContract.dateIn("week_start", replaced));
      for (LocalDate week : touched) {
        Row r = current.get(week);
        computed.add(
            RowFactory.create(
                name,
                Date.valueOf(week),
                r == null ? "" : r.<String>getAs("fingerprint"),
                r == null ? 0L : r.getLong(r.fieldIndex("posts")),
                Timestamp.from(now),
                r == null));
      }
      LOG.info(
          "{}: {} week(s) replaced, {} rows in {} s",
          name,
          replaced.size(),
          count,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      return new TableResult(name, List.copyOf(replaced), count);
    }
  }

  /**
   * Upserts the fingerprints of the weeks computed and deletes those of weeks without posts now:
   * one commit.
   */
  private static void recordInputs(SparkSession spark, String warehouse, List<Row> changes) {
    if (changes.isEmpty()) {
      return;
    }
    Dataset<Row> source =
        spark.createDataFrame(
            changes, GoldTables.OPS_GOLD_WEEK_INPUTS.schema().add("_delete", "boolean"));
    synchronized (GoldTables.OPS_GOLD_WEEK_INPUTS) { // the crisis part writes it too
      mergeInputs(spark, warehouse, source);
    }
  }

  private static void mergeInputs(SparkSession spark, String warehouse, Dataset<Row> source) {
    GoldTables.OPS_GOLD_WEEK_INPUTS
        .delta(spark, warehouse)
        .as("t")
        .merge(source.as("s"), "t.table_name = s.table_name AND t.week_start = s.week_start")
        .whenMatched("s._delete")
        .delete()
        .whenMatched()
        .updateExpr(
            Map.of(
                "fingerprint", "s.fingerprint", "posts", "s.posts", "computed_at", "s.computed_at"))
        .whenNotMatched("NOT s._delete")
        .insertExpr(
            Map.of(
                "table_name",
                "s.table_name",
                "week_start",
                "s.week_start",
                "fingerprint",
                "s.fingerprint",
                "posts",
                "s.posts",
                "computed_at",
                "s.computed_at"))
        .execute();
  }

  /**
   * Gold reads enrichment as it stands: every post must be enriched on its current text, in the
   * month of its current creation time, and by nothing else (a row left in an old month would count
   * it twice), with the taxonomy this run uses, else the figures would mix versions. Fails with
   * what to run.
   */
  static void requireCurrentEnrichment(
      Dataset<Row> posts, Dataset<Row> enrichment, Taxonomy taxonomy) {
    Row check =
        posts
            .select(col("post_id"), col("content_hash"), trunc(col("created_at"), "MM").as("month"))
            .as("p")
            .join(
                enrichment
                    .select("post_id", "content_hash", "created_month", "taxonomy_version")
                    .as("e"),
                col("p.post_id").equalTo(col("e.post_id")),
                "full_outer")
            .agg(
                count_distinct(
                        when(
                            col("e.content_hash")
                                .isNull()
                                .or(col("e.content_hash").notEqual(col("p.content_hash")))
                                .or(col("e.created_month").notEqual(col("p.month"))),
                            col("p.post_id")))
                    .as("unenriched"),
                array_sort(collect_set(col("e.taxonomy_version"))).as("taxonomy_versions"))
            .first();
    long unenriched = check.getLong(check.fieldIndex("unenriched"));
    if (unenriched > 0) {
      throw new IllegalStateException(
          unenriched
              + " post(s) of silver.posts are not enriched on their current"
              + " text and month alone: run `enrich` before `aggregate`");
    }
    List<String> versions =
        check.<String>getList(check.fieldIndex("taxonomy_versions")).stream()
            .filter(v -> !v.equals(taxonomy.version()))
            .toList();
    if (!versions.isEmpty()) {
      throw new IllegalStateException(
          "silver.post_enrichment was matched with taxonomy version(s) "
              + versions
              + " but this run's taxonomy (enrich.taxonomy) is "
              + taxonomy.name()
              + " "
              + taxonomy.version()
              + ": run `enrich` with it first");
    }
  }

  /**
   * silver.post_topics (post_id, model_name, model_version, topic, topic_name, weight) when the
   * topic job has written it; null otherwise, and top_topics stays empty.
   */
  static Dataset<Row> topics(SparkSession spark, String warehouse) {
    return Tables.SILVER_POST_TOPICS.exists(spark, warehouse)
        ? Tables.SILVER_POST_TOPICS.read(spark, warehouse)
        : null;
  }

  private static String sha(String text) {
    return DigestUtils.sha256Hex(text).substring(0, 16);
  }
}
