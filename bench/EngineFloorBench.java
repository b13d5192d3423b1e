import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The engine floor of bench/pipeline.sh and bench/nightly-history.sh: what Spark alone costs to
 * read the same archive files ingest reads and write them to Delta, with no parsing, checks,
 * masking or merging of our own. JSON Lines files (plain or gzip) go through spark.read.json,
 * whole-file JSON documents (API pages) through spark.read.json with multiLine, CSV through
 * spark.read.csv with a header; each (folder, kind) group is one Delta table under OUT. Usage:
 * EngineFloorBench OUT INPUT_FOLDER...
 */
public final class EngineFloorBench {
  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args[0]).toAbsolutePath();
    SparkSession spark = SparkSession.builder().appName("brandpulse-bench-floor").getOrCreate();
    long records = 0;
    for (int i = 1; i < args.length; i++) {
      Path folder = Paths.get(args[i]);
      for (Map.Entry<String, List<String>> group : groups(folder).entrySet()) {
        Dataset<Row> read =
            switch (group.getKey()) {
              case "jsonl" -> spark.read().json(group.getValue().toArray(String[]::new));
              case "json" ->
                  spark
                      .read()
                      .option("multiLine", true)
                      .json(group.getValue().toArray(String[]::new));
              default ->
                  spark.read().option("header", true).csv(group.getValue().toArray(String[]::new));
            };
        String table = out.resolve(folder.getFileName() + "-" + group.getKey()).toString();
        read.write().format("delta").mode("overwrite").save(table);
        long n = spark.read().format("delta").load(table).count();
        records += n;
        System.out.printf(
            "floor: %s (%d %s file(s)): %d records%n",
            folder.getFileName(), group.getValue().size(), group.getKey(), n);
      }
    }
    System.out.printf("floor: %d records written to Delta%n", records);
    spark.stop();
  }

  /** The folder's files by how Spark reads them. */
  private static Map<String, List<String>> groups(Path folder) throws IOException {
    Map<String, List<String>> groups = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String kind =
            name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")
                ? "jsonl"
                : name.endsWith(".json") ? "json" : name.endsWith(".csv") ? "csv" : null;
        if (kind != null) {
          groups.computeIfAbsent(kind, k -> new ArrayList<>()).add(f.toString());
        }
      }
    }
    return groups;
  }
}
