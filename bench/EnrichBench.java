import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.Tables;
import com.brandpulse.enrich.EnrichJob;
import com.brandpulse.enrich.EnrichSettings;
import com.brandpulse.enrich.Enrichment;
import com.brandpulse.enrich.Gazetteer;
import com.brandpulse.enrich.Taxonomy;
import com.brandpulse.enrich.TaxonomyMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rules benchmark: reading silver.posts against reading them and matching every rule of the
 * taxonomy, side by side in one session, then the whole enrich job. Usage: EnrichBench WAREHOUSE
 * (from bench/ingest.sh)
 */
public final class EnrichBench {
  public static void main(String[] args) {
    String warehouse = Paths.get(args[0]).toAbsolutePath().toString();
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-bench-enrich");
    AppConfig config = AppConfig.load(null, List.of(), Map.of()).with("warehouse", warehouse);
    EnrichSettings settings = EnrichSettings.from(config);
    Taxonomy taxonomy = Taxonomy.load(settings.taxonomy());
    Pseudonymizer pseudonyms = new Pseudonymizer("bench-key-0123456789abcdef");
    TaxonomyMatcher compiled = TaxonomyMatcher.compile(taxonomy, pseudonyms);
    Dataset<Row> posts =
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .select(
                Enrichment.POST_COLUMNS[0],
                java.util.Arrays.copyOfRange(
                    Enrichment.POST_COLUMNS, 1, Enrichment.POST_COLUMNS.length));
    long n = posts.count();
    var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var matcher = jsc.broadcast(compiled);
    var gazetteer = jsc.broadcast(Gazetteer.load(settings.gazetteer()));

    long r0 = System.nanoTime();
    posts.write().format("noop").mode("overwrite").save();
    double read = (System.nanoTime() - r0) / 1e9;
    long m0 = System.nanoTime();
    Enrichment.match(spark, posts, matcher, gazetteer, settings)
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    double match = (System.nanoTime() - m0) / 1e9;
    long e0 = System.nanoTime();
    EnrichJob.Result result =
        EnrichJob.run(
            spark,
            warehouse,
            settings,
            taxonomy,
            Gazetteer.load(settings.gazetteer()),
            pseudonyms,
            true,
            Instant.now());
    double job = (System.nanoTime() - e0) / 1e9;

    System.out.printf(
        "taxonomy %s: %d rules, %d entities, %d patterns%n",
        taxonomy.name(), taxonomy.rules().size(), taxonomy.entities().size(), compiled.patterns());
    System.out.printf("posts: %d%n", n);
    System.out.printf("read only: %.1f s (%.0f posts/s)%n", read, n / read);
    System.out.printf("read + match all rules: %.1f s (%.0f posts/s)%n", match, n / match);
    System.out.printf("cost of matching relative to reading: %.2fx%n", match / read);
    System.out.printf(
        "whole enrich job (--rebuild, both tables written): %.1f s (%.0f posts/s), %d mentions%n",
        job, n / job, result.mentions());
  }
}
