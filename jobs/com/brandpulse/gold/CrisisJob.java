package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.Materialized;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Taxonomy;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crisis signals. Layer: gold. Grain: gold.crisis_signals one row per signal (a run of flagged
 * points of one series), gold.crisis_weekly one row per week and brand.
 *
 * <p>Inputs → outputs: silver.posts, silver.post_enrichment, silver.post_sentiment,
 * silver.post_topics (when present) and the taxonomy's brands → per brand, hourly and daily series
 * of mentions, negative mentions, negative share and each monitoring category's volume, kept per
 * week in ops.crisis_series → {@link SpikeDetector} per series (causal, robust seasonal baseline;
 * {@link CrisisDetection}) → runs of flagged points with what drives them (terms, categories,
 * topics that grew against the brand's preceding days) and representative posts ({@link
 * CrisisEvidence}) → the two gold tables.
 *
 * <p>Rerun key: week_start (reporting zone). Each week's inputs are fingerprinted in
 * ops.gold_week_inputs (rows of its own two table names); a run recomputes from the first week
 * whose fingerprint changed (late data included) to the last, since the detector judges each point
 * from the days before it: a changed week can move the baseline of every later one. Weeks before it
 * are left alone: causal detection gives them the same result. The range also reaches back to the
 * start week of any signal still running at its start, and to the previous end of the data (new
 * points were appended after it). Replaced with replaceWhere on week_start; a run with no changed
 * week commits nothing. When the change data feed knows what changed since the last run ({@link
 * CrisisScope}), only the candidate weeks are fingerprinted and recounted, posts are read again
 * only from the baselines of the signals recomputed, and each series is judged from the first
 * recomputed day on, resumed from the detector's state kept in ops.crisis_detector_state ({@link
 * CrisisResume}), not over every kept week.
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
   * signals and weekly rows written for them, the end of the data (as of), what was compared (the
   * weeks the change feed named, or every week and why) and how the series were judged (resumed
   * from the kept state, or from their start and why; null when nothing was recomputed).
   */
  public record Result(
      LocalDate fromWeek,
      List<LocalDate> changedWeeks,
      List<LocalDate> weeks,
      long signals,
      long weeklyRows,
      Instant asOf,
      String scope,
      String detection) {
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
    CrisisInputs.requireTaxonomy(enrichment, taxonomy);
    String version = settings.version(taxonomy.version());
    ChangeFeed feed = ChangeFeed.open(spark, warehouse, FEED, version, CrisisScope.INPUTS);
    List<Materialized> cached = new ArrayList<>();
    Dataset<Row> detected = null;
    long started = System.nanoTime();
    List<Row> storedRows =
        GoldTables.OPS_GOLD_WEEK_INPUTS
            .read(spark, warehouse)
            .where(col("table_name").isin(SIGNALS, WEEKLY))
            .collectAsList();
    Map<LocalDate, String> stored = CrisisFingerprints.storedFingerprints(storedRows);
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
        return new Result(null, List.of(), List.of(), 0, 0, null, scopeText, null);
      }
      CrisisScope.Inputs inputs =
          scope
              .map(CrisisScope::candidateInputs)
              .orElseGet(() -> CrisisScope.all(spark, warehouse));
      // Without a scope every post of the history is about something: cached on disk, not in the
      // driver's heap, which Spark's columnar cache of a 3M-post history filled.
      Dataset<Row> about =
          keep(
              cached,
              CrisisInputs.about(inputs, taxonomy, settings, spark),
              scope.isEmpty() ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK());
      Map<LocalDate, Row> current;
      TreeSet<LocalDate> compared = new TreeSet<>();
      if (scope.isEmpty()) {
        current =
            CrisisFingerprints.collectByWeek(
                CrisisFingerprints.weekFingerprints(about, settings.reportingTimeZone(), version));
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
            CrisisFingerprints.collectByWeek(
                CrisisFingerprints.weekFingerprints(about, settings.reportingTimeZone(), version)
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
        return new Result(null, List.of(), List.of(), 0, 0, null, scopeText, null);
      }
      LocalDate from = changed.first();
      if (!rebuild && !stored.isEmpty()) {
        // The previous end of the data lies in the last stored week: points were appended after it.
        from = earlier(from, stored.keySet().stream().max(LocalDate::compareTo).orElseThrow());
      }

      // The series: recounted for the changed weeks (every week when compared in full), then
      // detection over all of them.
      int offset =
          scope.map(CrisisScope::offset).orElseGet(() -> CrisisDetection.offset(about, settings));
      Dataset<Row> counts = CrisisDetection.seriesCounts(about, settings, offset);
      if (scope.isPresent()) {
        write(
            CrisisTables.OPS_CRISIS_SERIES,
            counts.where(expr(TableContract.dateIn("week_start", changed))),
            warehouse,
            TableContract.dateIn("week_start", changed));
      } else {
        write(CrisisTables.OPS_CRISIS_SERIES, counts, warehouse, null);
      }
      Dataset<Row> storedSignals = CrisisTables.GOLD_CRISIS_SIGNALS.read(spark, warehouse);
      CrisisDetection.Detected d = null;
      CrisisDetection.Extent extent = null; // as the resume read it, when it fell back
      String detection = "judged from the start";
      if (scope.isPresent()) {
        // Nightly: each series resumed from its kept state a few weeks back. A signal running at
        // the first week recomputed moves it back to its start, and the resume with it.
        from = CrisisDetection.reachBack(from, settings.zone(), null, storedSignals);
        while (true) {
          CrisisResume.Attempt attempt =
              CrisisResume.detect(spark, warehouse, settings, version, from);
          detection = attempt.description();
          d = attempt.detected();
          extent = attempt.extent();
          if (d == null) {
            break;
          }
          detected = d.detected();
          LocalDate back =
              CrisisDetection.reachBack(from, settings.zone(), d.signals(), storedSignals);
          if (back.equals(from)) {
            break;
          }
          detected.unpersist();
          detected = null;
          from = back;
        }
      }
      if (d == null) {
        d =
            CrisisDetection.detectAll(
                CrisisTables.OPS_CRISIS_SERIES.read(spark, warehouse), settings, version, extent);
        if (d != null) {
          // persisted, not materialized: the frames already derived from it read the cache too
          detected = d.detected().persist(StorageLevel.MEMORY_AND_DISK());
        }
        from =
            CrisisDetection.reachBack(
                from, settings.zone(), d == null ? null : d.signals(), storedSignals);
      }
      Dataset<Row> signals = d == null ? null : d.signals();
      LOG.info(
          "crisis: {} week(s) changed ({} .. {}); recomputing from {}; detection ({}) done at {} s",
          changed.size(),
          changed.first(),
          changed.last(),
          from,
          detection,
          seconds(started));

      Column since = col("week_start").geq(lit(Date.valueOf(from)));
      Dataset<Row> brands = CrisisInputs.brands(spark, taxonomy, settings);
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
            scope.isEmpty()
                ? about
                : keep(cached, CrisisInputs.about(recent, taxonomy, settings, spark));
        Dataset<Row> affected = keep(cached, signals.where(since));
        Dataset<Row> window =
            keep(cached, CrisisEvidence.signalPosts(affected, aboutRecent, settings));
        signalRows =
            CrisisEvidence.signalRows(
                affected, CrisisEvidence.summaries(window, recent.posts(), settings), brands);
        weeklyRows =
            CrisisEvidence.weekly(
                aboutRecent, affected, d.flags(), settings, d.offset(), brands, from);
      }
      String predicate = rebuild ? null : "week_start >= DATE'" + from + "'";
      signalRows = keep(cached, CrisisTables.GOLD_CRISIS_SIGNALS.conform(signalRows));
      weeklyRows = keep(cached, CrisisTables.GOLD_CRISIS_WEEKLY.conform(weeklyRows));
      write(CrisisTables.GOLD_CRISIS_SIGNALS, signalRows, warehouse, predicate);
      write(CrisisTables.GOLD_CRISIS_WEEKLY, weeklyRows, warehouse, predicate);
      if (d != null) {
        CrisisResume.writeState(detected, d.offset(), warehouse, d.statePredicate());
      }
      CrisisFingerprints.recordInputs(spark, warehouse, storedRows, current, from, now);
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
              scopeText,
              detection);
      LOG.info(
          "crisis: {} signal(s) and {} weekly row(s) written from {} in {} s",
          result.signals(),
          result.weeklyRows(),
          from,
          seconds(started));
      return result;
    } finally {
      scope.ifPresent(CrisisScope::release);
      cached.forEach(Materialized::close);
      if (detected != null) {
        detected.unpersist();
      }
    }
  }

  private static int maxBaselineDays(CrisisSettings settings) {
    return Math.max(settings.hourly().baselineDays(), settings.daily().baselineDays());
  }

  private static Dataset<Row> keep(List<Materialized> cached, Dataset<Row> frame) {
    return keep(cached, frame, StorageLevel.MEMORY_AND_DISK());
  }

  /** {@code frame} computed now and stored: later plans start from its rows (Materialized). */
  private static Dataset<Row> keep(
      List<Materialized> cached, Dataset<Row> frame, StorageLevel level) {
    Materialized kept = Materialized.of(frame, level);
    cached.add(kept);
    return kept.rows();
  }

  private static String seconds(long startedNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static void write(
      TableContract table, Dataset<Row> rows, String warehouse, String replaceWhere) {
    table.replace(rows, warehouse, replaceWhere);
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
