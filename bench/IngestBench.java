import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.ingest.IngestJob;
import com.brandpulse.ingest.IngestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest benchmark: the full ingest job against a bare spark.read.json → Delta write of the same
 * files, side by side in one Spark session. Usage: IngestBench OUT_DIR POSTS
 */
public final class IngestBench {
  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args[0]).toAbsolutePath();
    long posts = Long.parseLong(args[1]);
    Path archive = out.resolve("archive");
    if (!Files.isDirectory(archive.resolve("twitter-v1"))) {
      long t0 = System.nanoTime();
      SampleArchive.generate(
          archive, new SampleArchive.Options(LocalDate.of(2026, 9, 7), 6, posts, 7, true));
      System.out.printf("generated %d posts in %.1f s%n", posts, (System.nanoTime() - t0) / 1e9);
    }
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-bench-ingest");
    String input = archive.resolve("twitter-v1").toString();

    long b0 = System.nanoTime();
    spark
        .read()
        .json(input)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(out.resolve("bare-delta").toString());
    double bare = (System.nanoTime() - b0) / 1e9;

    AppConfig config =
        AppConfig.load(null, List.of(), Map.of())
            .with("warehouse", out.resolve("warehouse").toString());
    long i0 = System.nanoTime();
    IngestJob.Result result =
        IngestJob.run(
            spark,
            config.warehouse(),
            IngestSettings.from(config),
            new Pseudonymizer("bench-key-0123456789abcdef"),
            new IngestJob.Options(List.of(input), "auto", true),
            Instant.now());
    double ingest = (System.nanoTime() - i0) / 1e9;

    System.out.printf(
        "records read by ingest: %d (quarantined %d)%n",
        result.recordsRead(), result.quarantined());
    System.out.printf("bare spark.read.json -> delta: %.1f s, %.0f posts/s%n", bare, posts / bare);
    System.out.printf(
        "brandpulse ingest (bronze+silver+ops): %.1f s, %.0f posts/s%n", ingest, posts / ingest);
    System.out.printf("ratio ingest/bare time: %.2f%n", ingest / bare);
  }
}
