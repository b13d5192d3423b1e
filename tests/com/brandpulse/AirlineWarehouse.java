package com.brandpulse;

import com.brandpulse.common.AppConfig;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real airline tweets (Tweets.csv) ingested and enriched with conf/taxonomy/us-airlines.conf. Several
 * suites start from this warehouse; ingest and enrich run once per test JVM and every caller gets its own
 * copy of the files (Delta tables address their files relatively), so no suite sees another's writes.
 */
public final class AirlineWarehouse {
  private static Path base;

  private AirlineWarehouse() {}

  /** The setting that selects the airline taxonomy, for {@link TestSpark#config}. */
  public static String taxonomySetting() {
    return "enrich.taxonomy=\"" + TestSpark.projectRoot().resolve("conf/taxonomy/us-airlines.conf") + "\"";
  }

  public static Path csv() {
    return TestSpark.sharedData().resolve("twitter-us-airline-sentiment/Tweets.csv");
  }

  /** A fresh warehouse named after the caller, holding bronze and silver of the airline tweets. */
  public static synchronized Path copy(String name) throws Exception {
    if (base == null) {
      Path w = TestSpark.newWarehouse("airlines-base");
      AppConfig config = TestSpark.config(w, taxonomySetting());
      IngestJob.run(TestSpark.get(), w.toString(), IngestSettings.from(config), TestSpark.pseudonyms(),
          new IngestJob.Options(List.of(csv().toString()), "auto", false), Instant.now());
      EnrichSettings settings = EnrichSettings.from(config);
      EnrichJob.run(TestSpark.get(), w.toString(), settings, Taxonomy.load(settings.taxonomy()),
          Gazetteer.load(settings.gazetteer()), TestSpark.pseudonyms(), false, Instant.now());
      base = w;
    }
    Path target = TestSpark.newWarehouse(name);
    try (Stream<Path> files = Files.walk(base)) {
      files.forEach(source -> {
        Path to = target.resolve(base.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(to);
          } else {
            Files.copy(source, to);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return target;
  }
}
