package com.brandpulse;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the test JVM (Surefire runs every suite in one fork), the shared
 * real-data folder, and the test pseudonym key. Master and sizes are set here because tests are the
 * launcher; job code never sets them.
 */
public final class TestSpark {
  public static final String TEST_KEY = "test-pseudonym-key-0123456789";
  private static SparkSession spark;

  /**
   * Settings for the suites' small data, each measured on IngestBehaviourTest (10 tests, idle
   * 2-core machine, 2026-12-04): 240 s with the old settings; whole-stage code generation off and
   * interpreted expressions 176 s (compiling generated code was a quarter of the CPU: each small
   * query paid for it once); Delta state in one partition instead of two 149 s; no checkpoint every
   * 10 commits and no checksum file per commit 142 s. Without a checksum file, Delta's first commit
   * to a table (its creation included) rebuilds the previous version's file list to put it in the
   * next checksum: a Spark job per table created, even an empty one. Not keeping that list (it only
   * serves the checksum file) made creating the 23 tables of a warehouse 1.8-2.8 s instead of
   * 4.4-6.3 s (alternating, one JVM, 2026-12-07). Also given to the spark-submit JVMs of the DAG
   * test. Jobs never set these: production data wants the defaults.
   */
  public static final Map<String, String> SMALL_DATA =
      Map.of(
          "spark.sql.codegen.wholeStage", "false",
          "spark.sql.codegen.factoryMode", "NO_CODEGEN",
          "spark.databricks.delta.snapshotPartitions", "1",
          "spark.databricks.delta.properties.defaults.checkpointInterval", "100",
          "spark.databricks.delta.writeChecksumFile.enabled", "false",
          "spark.databricks.delta.allFilesInCrc.enabled", "false");

  private TestSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      SparkSession.Builder builder =
          SparkSession.builder()
              .master("local[2]")
              .appName("brandpulse-tests")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.adaptive.enabled", "false");
      for (Map.Entry<String, String> e : SMALL_DATA.entrySet()) {
        builder = builder.config(e.getKey(), e.getValue());
      }
      // As SparkSessions sets in local mode: no process per file written.
      for (Map.Entry<String, String> e :
          com.brandpulse.common.LocalDisk.SPARK_SETTINGS.entrySet()) {
        builder = builder.config(e.getKey(), e.getValue());
      }
      // Extra settings for trials: -Dbrandpulse.test.spark.conf="k=v;k=v"
      for (String kv : System.getProperty("brandpulse.test.spark.conf", "").split(";")) {
        if (kv.contains("=")) {
          builder =
              builder.config(
                  kv.substring(0, kv.indexOf('=')).trim(),
                  kv.substring(kv.indexOf('=') + 1).trim());
        }
      }
      spark = builder.getOrCreate();
    }
    return spark;
  }

  public static Path projectRoot() {
    return Paths.get(System.getProperty("brandpulse.project.root", "."))
        .toAbsolutePath()
        .normalize();
  }

  /** {@code ../shared/data} beside the project (CI clones it there), or BRANDPULSE_SHARED_DATA. */
  public static Path sharedData() {
    String override = System.getenv("BRANDPULSE_SHARED_DATA");
    Path data =
        override != null
            ? Paths.get(override)
            : projectRoot().resolve("../shared/data").normalize();
    if (!Files.isDirectory(data)) {
      throw new IllegalStateException(
          "shared data not found at " + data + " (set BRANDPULSE_SHARED_DATA)");
    }
    return data;
  }

  public static Path raw(String relative) {
    return sharedData().resolve("raw-formats").resolve(relative);
  }

  public static Path newWarehouse(String name) {
    try {
      Path dir = projectRoot().resolve("target/test-warehouses");
      Files.createDirectories(dir);
      return Files.createTempDirectory(dir, name + "-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A new warehouse holding a copy of the warehouse {@code from}: what suites that start from the
   * same built state take instead of each building it (Delta logs name their files relative to the
   * table, so a copy is a table).
   */
  public static Path newWarehouseCopy(String name, Path from) {
    Path copy = newWarehouse(name);
    copyTree(from, copy);
    return copy;
  }

  /**
   * Copies the folder {@code from} (a warehouse, a Delta table: plain files) to {@code to}, which
   * may not exist yet.
   */
  public static void copyTree(Path from, Path to) {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Configuration as the tests run it: conf defaults plus conf/env/test.conf. */
  public static AppConfig config(Path warehouse, String... overrides) {
    return AppConfig.load(
            projectRoot().resolve("conf/env/test.conf").toFile(),
            List.of(overrides),
            Map.of("BRANDPULSE_PSEUDONYM_KEY", TEST_KEY))
        .with("warehouse", warehouse.toString());
  }

  public static Pseudonymizer pseudonyms() {
    return new Pseudonymizer(TEST_KEY);
  }

  /**
   * Files under {@code root} whose content holds {@code needle} (case-insensitive): Parquet files
   * through their reader (they are compressed), every other file (the Delta log, checksums, state
   * files) as UTF-8 text.
   */
  public static List<String> filesHolding(Path root, String needle) {
    String n = needle.toLowerCase(java.util.Locale.ROOT);
    List<String> found = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content =
            f.toString().endsWith(".parquet")
                ? parquetText(f)
                : new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
        if (content.toLowerCase(java.util.Locale.ROOT).contains(n)) {
          found.add(root.relativize(f).toString());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found;
  }

  /** Every value of every row of a Parquet file, decoded. */
  static String parquetText(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
        org.apache.parquet.hadoop.ParquetReader.builder(
                new org.apache.parquet.hadoop.example.GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new org.apache.hadoop.conf.Configuration())
            .build()) {
      for (var g = reader.read(); g != null; g = reader.read()) {
        out.append(g).append('\n');
      }
    }
    return out.toString();
  }
}
