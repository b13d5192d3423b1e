package com.brandpulse;

import com.brandpulse.common.AppConfig;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real airline tweets (Tweets.csv) ingested and enriched with the us-airlines taxonomy once per
 * test JVM, by the jobs themselves. Ingest and enrichment of the 14,640 rows take minutes on two
 * cores and five suites need the same silver tables, so each suite takes its own copy of the
 * warehouse folder (Delta logs name their files relative to the table, so a copy is a table) and
 * writes to it as it likes.
 */
public final class AirlineWarehouse {
  private static Path built;
  private static double seconds;

  private AirlineWarehouse() {}

  public static Path csv() {
    return TestSpark.sharedData().resolve("twitter-us-airline-sentiment/Tweets.csv");
  }

  public static Path taxonomyFile() {
    return TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf");
  }

  /** The tests' configuration for a warehouse with the airline taxonomy. */
  public static AppConfig config(Path warehouse, String... overrides) {
    String[] all =
        Stream.concat(Stream.of("enrich.taxonomy=\"" + taxonomyFile() + "\""), Stream.of(overrides))
            .toArray(String[]::new);
    return TestSpark.config(warehouse, all);
  }

  /** A new warehouse holding silver.posts and the enrichment tables of the airline tweets. */
  public static synchronized Path copy(String name) {
    if (built == null) {
      Path w = TestSpark.newWarehouse("airlines-base");
      long t0 = System.nanoTime();
      AppConfig config = config(w);
      try {
        IngestJob.run(
            TestSpark.get(),
            w.toString(),
            IngestSettings.from(config),
            TestSpark.pseudonyms(),
            new IngestJob.Options(List.of(csv().toString()), "auto", false),
            Instant.now());
      } catch (Exception e) {
        throw new IllegalStateException("ingest of " + csv() + " failed", e);
      }
      EnrichSettings settings = EnrichSettings.from(config);
      EnrichJob.run(
          TestSpark.get(),
          w.toString(),
          settings,
          Taxonomy.load(settings.taxonomy()),
          Gazetteer.load(settings.gazetteer()),
          TestSpark.pseudonyms(),
          false,
          Instant.now());
      seconds = (System.nanoTime() - t0) / 1e9;
      built = w;
    }
    Path target = TestSpark.newWarehouseCopy(name, built);
    System.out.printf("airline warehouse for %s: copied (built once in %.1f s)%n", name, seconds);
    return target;
  }
}
