package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.ChangeFeed;
import com.brandpulse.common.JobGate;
import com.brandpulse.common.Progress;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.Taxonomy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse enrich}: taxonomy, language, region and people flags for new or changed posts.
 */
@Command(
    name = "enrich",
    mixinStandardHelpOptions = true,
    description = {
      "Match posts against the listening taxonomy and add language, region and people flags",
      "(silver.post_enrichment, silver.post_mentions). Incremental: only days (UTC) with new, changed or",
      "deleted posts, or enriched under another taxonomy or roster, are recomputed."
    })
public final class EnrichCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @Option(
      names = "--rebuild",
      description = "Recompute the whole history (each table switches atomically).")
  boolean rebuild;

  @Option(
      names = "--taxonomy",
      paramLabel = "FILE",
      description = "Taxonomy file (default: enrich.taxonomy in conf).")
  String taxonomy;

  @Override
  public Integer call() {
    AppConfig config =
        taxonomy == null ? common.config() : common.config().with("enrich.taxonomy", taxonomy);
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-enrich");
    enrich(spark, config, Pseudonymizer.fromConfig(config), rebuild);
    return 0;
  }

  static EnrichJob.Result enrich(
      SparkSession spark, AppConfig config, Pseudonymizer pseudonyms, boolean rebuild) {
    EnrichSettings settings = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(settings.taxonomy());
    JobGate gate = EnrichJob.gate(spark, config.warehouse(), settings, taxonomy, pseudonyms);
    if (!rebuild && gate.unchanged()) {
      System.out.printf(
          "enrich: taxonomy %s (%s): nothing changed since the last run, nothing to do%n",
          taxonomy.name(), taxonomy.version());
      Progress.current().summary("nothing to do");
      return new EnrichJob.Result(taxonomy.version(), null, List.of(), List.of(), 0, 0);
    }
    // The days whose posts changed since the last run: only they can be stale.
    ChangeFeed feed = EnrichJob.feed(spark, config.warehouse(), settings, taxonomy, pseudonyms);
    List<java.sql.Date> candidates = rebuild ? null : EnrichJob.candidates(feed);
    System.out.println(
        candidates == null
            ? "enrich: comparing every day (" + (rebuild ? "--rebuild" : feed.unknownReason()) + ")"
            : "enrich: comparing the " + candidates.size() + " day(s) whose posts changed");
    EnrichJob.Result r =
        EnrichJob.run(
            spark,
            config.warehouse(),
            settings,
            taxonomy,
            Gazetteer.load(settings.gazetteer()),
            pseudonyms,
            rebuild,
            candidates,
            Instant.now());
    gate.record();
    feed.record();
    System.out.printf(
        "enrich: taxonomy %s (%s, %d entities, %d rules), people %s: %d day(s) in %d month(s), %d posts,"
            + " %d mentions%n",
        taxonomy.name(),
        r.taxonomyVersion(),
        taxonomy.entities().size(),
        taxonomy.rules().size(),
        r.peopleVersion(),
        r.days().size(),
        r.months().size(),
        r.posts(),
        r.mentions());
    Progress.current()
        .summary(
            r.days().size()
                + " day(s) in "
                + r.months().size()
                + " month(s), "
                + Progress.number(r.posts())
                + " posts, "
                + Progress.number(r.mentions())
                + " mentions");
    return r;
  }
}
