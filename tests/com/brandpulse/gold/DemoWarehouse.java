package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.PeopleJob;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's own archive (default options: 6,000 posts over six weeks) carried through ingest, the
 * roster, enrichment, a lexicon standing in for sentiment, and the crisis signals: built once per
 * test JVM and shared by the suites that read it (crisis, alerts) or copy it (erasure). The archive
 * lives beside the warehouse.
 */
public final class DemoWarehouse {
  /** Posts are negative when they hold one of these words, else neutral. */
  public static final String NEGATIVE_WORDS =
      "(?i).*(down|broken|crash|error|can't|cannot|won't|lost|delay|cancel|"
          + "worst|terrible|awful|unbelievable|missed|chaos|never again|rude|fix this|spins forever|nothing|help|"
          + "최악|고장|환불|불량|짜증|실망).*";

  public record Built(
      Path warehouse,
      Path archive,
      SampleArchive.Summary summary,
      Taxonomy taxonomy,
      CrisisJob.Result crisis) {
    public List<String> inputs() {
      return SampleArchive.postFolders(archive);
    }

    /** Configuration of this warehouse, or of a copy of it. */
    public static AppConfig config(Path warehouse, String... more) {
      String[] overrides = new String[more.length + 2];
      overrides[0] = "gold.reporting-time-zone=\"Asia/Seoul\"";
      overrides[1] = "ingest.max-quarantine-ratio=1.0";
      System.arraycopy(more, 0, overrides, 2, more.length);
      return TestSpark.config(warehouse, overrides);
    }
  }

  private static Built built;

  private DemoWarehouse() {}

  public static synchronized Built get() throws Exception {
    if (built == null) {
      built = build(TestSpark.get());
    }
    return built;
  }

  private static Built build(SparkSession spark) throws Exception {
    Path warehouse = TestSpark.newWarehouse("crisis-demo");
    Path archive = TestSpark.newWarehouse("crisis-demo-archive");
    SampleArchive.Summary summary =
        SampleArchive.generate(
            archive, new SampleArchive.Options(LocalDate.of(2026, 9, 7), 6, 6000, 42, false));
    AppConfig config = Built.config(warehouse);
    long started = System.nanoTime();
    Built partial = new Built(warehouse, archive, summary, null, null);
    IngestJob.run(
        spark,
        warehouse.toString(),
        IngestSettings.from(config),
        TestSpark.pseudonyms(),
        new IngestJob.Options(partial.inputs(), "auto", false),
        Instant.now());
    EnrichSettings enrich = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(enrich.taxonomy());
    PeopleJob.load(
        spark,
        warehouse.toString(),
        archive.resolve("roster/employees.csv").toString(),
        null,
        taxonomy,
        TestSpark.pseudonyms(),
        Instant.now());
    EnrichJob.run(
        spark,
        warehouse.toString(),
        enrich,
        taxonomy,
        Gazetteer.load(enrich.gazetteer()),
        TestSpark.pseudonyms(),
        false,
        Instant.now());
    GoldFixtures.labelPosts(
        spark,
        warehouse.toString(),
        "test-lexicon",
        when(col("text").rlike(NEGATIVE_WORDS), lit("negative")).otherwise(lit("neutral")));
    long crisisStart = System.nanoTime();
    CrisisJob.Result crisis =
        CrisisJob.run(
            spark,
            warehouse.toString(),
            CrisisSettings.from(config),
            taxonomy,
            false,
            Instant.now());
    System.out.printf(
        "demo warehouse: spike %s on %s; warehouse %.1f s, crisis %.1f s: %s%n",
        summary.spikeBrand(),
        summary.spikeDay(),
        (crisisStart - started) / 1e9,
        (System.nanoTime() - crisisStart) / 1e9,
        crisis);
    return new Built(warehouse, archive, summary, taxonomy, crisis);
  }
}
