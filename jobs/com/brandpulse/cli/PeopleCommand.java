package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.PeopleJob;
import com.brandpulse.enrich.Taxonomy;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code brandpulse people}: load an employee roster into silver.people. */
@Command(
    name = "people",
    mixinStandardHelpOptions = true,
    description = {
      "Load an employee roster CSV (handle, brand, department, role, is_executive, effective_from,",
      "effective_to) into silver.people. The file is a full snapshot of its brands; handles are pseudonymised."
    })
public final class PeopleCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @Option(names = "--input", required = true, paramLabel = "CSV", description = "The roster file.")
  String input;

  @Option(
      names = "--brand",
      paramLabel = "ID",
      description = "Brand of every entry, when the file has no brand column.")
  String brand;

  @Override
  public Integer call() {
    AppConfig config = common.config();
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-people");
    load(spark, config, Pseudonymizer.fromConfig(config), input, brand);
    return 0;
  }

  static long load(
      SparkSession spark, AppConfig config, Pseudonymizer pseudonyms, String input, String brand) {
    long n =
        PeopleJob.load(
            spark,
            config.warehouse(),
            input,
            brand,
            Taxonomy.load(EnrichSettings.from(config).taxonomy()),
            pseudonyms,
            Instant.now());
    System.out.printf("people: %d roster entries loaded from %s%n", n, input);
    return n;
  }
}
