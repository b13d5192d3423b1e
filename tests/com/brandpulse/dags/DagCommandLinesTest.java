package com.brandpulse.dags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.SetUpScripts;
import com.brandpulse.StartsEarly;
import com.brandpulse.TestLogs;
import com.brandpulse.TestSpark;
import com.brandpulse.alert.AlertTables;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.cluster.StandaloneCluster;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.demo.SampleArchive;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.serving.Catalog;
import com.brandpulse.serving.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Airflow DAGs: the stdlib-only Python tests (tests/dags, on a stand-in for the Airflow API)
 * must pass, and the nightly DAG's spark-submit command lines they write, for one data interval,
 * run as they are through org.apache.spark.deploy.SparkSubmit (only {@code spark-submit} itself
 * becomes {@code java ... SparkSubmit}) against a demo archive landed for that day: every step
 * exits 0, the gold tables fill and PostgreSQL serves them. The same command lines run a second
 * time change nothing (Airflow retries and backfills are safe). Then the same command lines against
 * a Spark standalone cluster on 127.0.0.1 give the same gold tables. The two local runs start when
 * the test run begins and go on beside the other suites ({@link StartsEarly}); the first test waits
 * for them.
 */
@StartsEarly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DagCommandLinesTest {
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 7);
  static final int WEEKS = 3;
  static final LocalDate DAY =
      FIRST_DAY.plusWeeks(WEEKS); // the night after the demo archive's weeks

  /**
   * The whole pipeline on a standalone cluster takes minutes more: bench/cluster.sh switches it on.
   */
  static final boolean FULL_CLUSTER_RUN = "1".equals(System.getenv("BRANDPULSE_TEST_CLUSTER"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a run of the command lines needs: the app jar, the configuration, where the data lands.
   */
  record Deployment(
      Path dir,
      Path warehouse,
      Path landing,
      Path appJar,
      Path envFile,
      Path properties,
      String database) {}

  static Deployment deploy(String name) throws Exception {
    Path dir = TestSpark.newWarehouse(name);
    Path warehouse = dir.resolve("warehouse");
    Path landing = dir.resolve("landing");
    SampleArchive.generate(
        landing.resolve(DAY.toString()),
        new SampleArchive.Options(FIRST_DAY, WEEKS, 900, 42, false));
    String database = TestPostgres.createDatabase(name.replace('-', '_'));
    Path envFile = dir.resolve("brandpulse.conf");
    Files.writeString(
        envFile,
        String.join(
            "\n",
            "# written by " + DagCommandLinesTest.class.getSimpleName(),
            "brandpulse.warehouse = \"" + warehouse + "\"",
            "brandpulse.ingest.max-quarantine-ratio = 1.0  # the demo archive holds malformed records on purpose",
            "brandpulse.ingest.read-partitions = 2",
            "brandpulse.serving.postgres.port = " + TestPostgres.port(),
            "brandpulse.serving.postgres.database = " + database,
            "# the publisher's password: bin/postgres's owner-only credentials file (no variable set)",
            "brandpulse.serving.postgres.credentials-file = \"" + TestPostgres.CREDENTIALS + "\"",
            "# alert reads gold.crisis_signals for this route; nothing is due (no signal of the last days), so the",
            "# unreachable webhook is never called and alert exits 0",
            "brandpulse.alert.routes.aurora-air.low.webhook = [\"http://127.0.0.1:9/brandpulse\"]",
            ""));
    Path properties = dir.resolve("spark-defaults.conf");
    Files.writeString(
        properties,
        Files.readString(TestSpark.projectRoot().resolve("conf/spark-defaults.conf"))
            + "\nspark.sql.shuffle.partitions 2\nspark.default.parallelism 2\n"
            + TestSpark.SMALL_DATA.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + "\n")
                .collect(java.util.stream.Collectors.joining()));
    return new Deployment(dir, warehouse, landing, appJar(dir), envFile, properties, database);
  }

  /**
   * The application jar: the compiled classes and resources (mvn test runs before package builds
   * the real one).
   */
  static Path appJar(Path dir) throws IOException {
    Path classes = TestSpark.projectRoot().resolve("target/classes");
    Path jar = dir.resolve("brandpulse-app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(
            new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The jars spark-submit runs on: the test class path without this project's own classes. */
  static List<String> runtimeJars() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(cp.split(File.pathSeparator)).filter(p -> p.endsWith(".jar")).toList();
  }

  /**
   * Runs the Python DAG tests, which write the nightly command lines for DAY; returns them (task →
   * argv).
   */
  static Map<String, List<String>> dagCommandLines(Deployment d, String master) throws Exception {
    Path out = d.dir().resolve("dag-commands");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BRANDPULSE_APP_JAR", d.appJar().toString());
    env.put("BRANDPULSE_ENV_FILE", d.envFile().toString());
    env.put("BRANDPULSE_SPARK_PROPERTIES", d.properties().toString());
    env.put("BRANDPULSE_LANDING", d.landing().toString());
    env.put(
        "AIRFLOW_CONN_SPARK_BRANDPULSE",
        "{\"conn_type\": \"spark\", \"host\": \"" + master + "\"}");
    env.put("BRANDPULSE_DAG_COMMANDS_OUT", out.toString());
    env.put("BRANDPULSE_DAG_INTERVAL", DAY.toString());
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    Run py =
        run(
            List.of("python3", "-m", "unittest", "discover", "-v", "-s", "tests/dags"),
            env,
            d.dir().resolve("python-tests.log"),
            5);
    System.out.print(py.output());
    assertEquals(
        0,
        py.code(),
        "the DAG tests (python3 -m unittest discover -s tests/dags) failed:\n" + py.output());
    JsonNode written = JSON.readTree(out.resolve("brandpulse_nightly.json").toFile());
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (JsonNode c : written.path("commands")) {
      List<String> argv = new ArrayList<>();
      c.path("argv").forEach(a -> argv.add(a.asText()));
      commands.put(c.path("task_id").asText(), argv);
    }
    return commands;
  }

  /** Runs each command line (spark-submit → java ... SparkSubmit); returns seconds per task. */
  static Map<String, Double> runAll(Deployment d, Map<String, List<String>> commands, String round)
      throws Exception {
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<String> jars = runtimeJars();
    for (Map.Entry<String, List<String>> c : commands.entrySet()) {
      if (!BrandPulse.commandLine().getSubcommands().containsKey(c.getKey())) {
        System.out.printf(
            "dag run %s: %s skipped: the command does not exist yet%n", round, c.getKey());
        continue;
      }
      List<String> argv = c.getValue();
      assertEquals("spark-submit", argv.get(0));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(StandaloneCluster.java17Flags());
      cmd.add("-Xmx2g");
      // These JVMs live a minute on a few hundred posts: the quick JIT alone starts them faster
      // (sql "SELECT 1" 9.0-12.9 s against 14.3-18.6 s with C2 as well, measured 2026-12-04).
      // spark-submit's JVM options are the launcher's, not part of the DAG's command line.
      cmd.add("-XX:TieredStopAtLevel=1");
      // The quick JIT alone shrinks the code cache to 48 MiB, which Spark's generated code fills
      // ("Out of space in CodeCache"); 240 MiB is the default with both compilers.
      cmd.add("-XX:ReservedCodeCacheSize=240m");
      cmd.add(
          "-Dlog4j2.configurationFile=file:"
              + TestSpark.projectRoot().resolve("conf/log4j2.properties"));
      cmd.add("-cp");
      cmd.add(String.join(File.pathSeparator, jars));
      cmd.add("org.apache.spark.deploy.SparkSubmit");
      cmd.addAll(argv.subList(1, argv.size()));
      long t0 = System.nanoTime();
      Path log = d.dir().resolve(round + "-" + c.getKey() + ".log");
      Run r =
          run(cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_SCALA_VERSION", "2.13"), log, 15);
      double s = (System.nanoTime() - t0) / 1e9;
      seconds.put(c.getKey(), Math.round(s * 10) / 10.0);
      assertEquals(
          0,
          r.code(),
          round + " " + c.getKey() + " failed (" + String.join(" ", argv) + "):\n" + r.tail());
    }
    System.out.printf("dag run %s: seconds per task %s%n", round, seconds);
    return seconds;
  }

  private Map<String, List<Row>> localGold;
  private long localPosts;

  /**
   * The nightly command lines run twice in local mode, as Airflow would run them and then retry or
   * backfill them: the deployment, the command lines the DAG wrote, and the latest commit of every
   * declared table after each run.
   */
  record LocalRuns(
      Deployment d,
      Map<String, List<String>> commands,
      Map<String, String> afterFirst,
      Map<String, String> afterRerun) {}

  private static CompletableFuture<LocalRuns> localRuns;

  /**
   * Starts the two local runs (StartsEarly: when the test run begins, on the set-up scripts' thread
   * after them), or returns those already started. They are child JVMs and need nothing of this JVM
   * but the warehouse's file listings, so they run beside the other suites.
   */
  static synchronized CompletableFuture<LocalRuns> startEarly() {
    if (localRuns == null) {
      localRuns = SetUpScripts.inBackground(DagCommandLinesTest::runLocally);
    }
    return localRuns;
  }

  private static LocalRuns runLocally() throws Exception {
    SparkSession spark = TestSpark.get();
    Deployment d = deploy("dag-run");
    Map<String, List<String>> commands = dagCommandLines(d, "local[2]");
    runAll(d, commands, "first");
    Map<String, String> afterFirst = commits(spark, d.warehouse().toString());
    runAll(d, commands, "rerun");
    return new LocalRuns(d, commands, afterFirst, commits(spark, d.warehouse().toString()));
  }

  @Test
  @Order(1)
  void nightlyCommandLinesRunThroughSparkSubmitAndARerunChangesNothing() throws Throwable {
    SparkSession spark = TestSpark.get();
    LocalRuns runs = SetUpScripts.awaitBackground(startEarly(), 60);
    Deployment d = runs.d();
    Map<String, List<String>> commands = runs.commands();
    assertEquals(
        List.of("ingest", "enrich", "score", "aggregate", "alert", "publish"),
        List.copyOf(commands.keySet()));
    assertEquals(
        List.of("--input", d.landing().resolve(DAY.toString()).toString()),
        commands
            .get("ingest")
            .subList(commands.get("ingest").size() - 2, commands.get("ingest").size()));

    String wh = d.warehouse().toString();
    assertOwnerOnly(d.warehouse());
    // Nothing new for the rerun: each job decides so from the tables' logs and its settings, and
    // commits nothing anywhere. So the tables read now are the first run's.
    assertEquals(runs.afterFirst(), runs.afterRerun(), "no table got a commit from the rerun");
    for (String task : List.of("ingest", "enrich", "score", "aggregate")) {
      String log =
          Files.readString(d.dir().resolve("rerun-" + task + ".log"), StandardCharsets.UTF_8);
      assertTrue(log.contains("nothing to do"), task + " rerun should find nothing to do:\n" + log);
    }
    long posts = Tables.SILVER_POSTS.read(spark, wh).count();
    assertTrue(posts > 800, "posts " + posts);
    assertEquals(posts, Tables.SILVER_POST_ENRICHMENT.read(spark, wh).count());
    assertEquals(posts, Tables.SILVER_POST_SENTIMENT.read(spark, wh).count());
    Map<String, List<Row>> gold = goldSnapshot(spark, wh);
    assertServed(d, gold);
    assertFalse(
        AlertTables.OPS_ALERTS_SENT.exists(spark, wh), "nothing to tell: alert wrote nothing");

    localGold = gold;
    localPosts = posts;
    if (!gold.isEmpty()) {
      try (Connection c = TestPostgres.connect(d.database());
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT sum(rows_copied), count(*) FROM serving.publish_runs")) {
        rs.next();
        // One run id (the DAG's scheduled run): the rerun's record replaced the first and copied
        // nothing.
        assertEquals(0, rs.getLong(1), "rows copied by the rerun");
        assertEquals(gold.size(), rs.getLong(2));
      }
    }
  }

  /**
   * A standalone cluster (bin/brandpulse cluster's code: a master and two one-core workers on
   * 127.0.0.1) starts with authentication and encrypted RPC (the workers registering proves they
   * hold the secret), its secret in an owner-only file and on no command line, reports both workers
   * registered, and stops exactly its daemons. Running jobs on it is the next test's.
   */
  @Test
  @Order(2)
  void aStandaloneClusterStartsWithItsWorkersAndStops() throws Exception {
    Path clusterDir = TestSpark.newWarehouse("cluster");
    int masterPort = freePort();
    long t0 = System.nanoTime();
    StandaloneCluster.Status up =
        StandaloneCluster.start(
            new StandaloneCluster.Settings(
                clusterDir,
                "127.0.0.1",
                masterPort,
                freePort(),
                2,
                1,
                "1g",
                runtimeJars(),
                StandaloneCluster.java17Flags()),
            java.time.Duration.ofMinutes(3));
    System.out.printf("cluster: up in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, up);
    try {
      assertTrue(up.up());
      assertEquals(2, up.aliveWorkers());
      assertEquals("spark://127.0.0.1:" + masterPort, up.masterUrl());
      assertEquals(
          List.of("master", "worker-1", "worker-2"),
          List.copyOf(StandaloneCluster.status(clusterDir).daemons().keySet()));
      Path secret = StandaloneCluster.secretFile(clusterDir);
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(secret)));
      assertEquals(
          "rwx------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(secret.getParent())));
      String key = Files.readString(secret).trim();
      assertEquals(64, key.length());
      try (Stream<Path> pids = Files.list(clusterDir.resolve("pids"))) {
        for (Path pid : pids.toList()) {
          String cmdline =
              Files.readString(Path.of("/proc", Files.readString(pid).trim(), "cmdline"))
                  .replace('\0', ' ');
          assertTrue(
              cmdline.contains("-Dspark.authenticate=true -Dspark.network.crypto.enabled=true")
                  || cmdline.contains(
                      "-Dspark.network.crypto.enabled=true -Dspark.authenticate=true"),
              cmdline);
          assertFalse(cmdline.contains(key), pid + ": the secret is on a command line");
        }
      }
    } finally {
      assertEquals(List.of("worker-1", "worker-2", "master"), StandaloneCluster.stop(clusterDir));
      StandaloneCluster.Status down = StandaloneCluster.status(clusterDir);
      assertTrue(down.daemons().isEmpty() && down.aliveWorkers() == 0, down.toString());
    }
  }

  /**
   * The same command lines with the Airflow connection naming a Spark standalone master
   * (bin/brandpulse cluster's code, two workers on 127.0.0.1): the same gold tables as in local
   * mode, served the same. Minutes longer than local mode on two cores, so only with
   * BRANDPULSE_TEST_CLUSTER=1 (bench/cluster.sh).
   */
  @Test
  @Order(3)
  void onAStandaloneClusterTheSameCommandLinesGiveTheSameGoldTables() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        FULL_CLUSTER_RUN, "BRANDPULSE_TEST_CLUSTER=1 (bench/cluster.sh) runs it");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        localGold != null, "needs the local run of the first test");
    SparkSession spark = TestSpark.get();
    Deployment d = deploy("dag-cluster");
    Path clusterDir = d.dir().resolve("cluster");
    // The drivers authenticate to the cluster: its secret by file, in the properties the DAG
    // submits with.
    Files.writeString(
        d.properties(),
        StandaloneCluster.submitConf(clusterDir).entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue() + "\n")
            .collect(java.util.stream.Collectors.joining()),
        java.nio.file.StandardOpenOption.APPEND);
    // bench/cluster.sh fixes the port (cluster.master-port, 7077); otherwise any free one.
    int masterPort =
        Integer.parseInt(System.getenv().getOrDefault("BRANDPULSE_TEST_MASTER_PORT", "0"));
    masterPort = masterPort > 0 ? masterPort : freePort();
    int webUiPort = freePort();
    long t0 = System.nanoTime();
    StandaloneCluster.Status up =
        StandaloneCluster.start(
            new StandaloneCluster.Settings(
                clusterDir,
                "127.0.0.1",
                masterPort,
                webUiPort,
                2,
                1,
                "2g",
                runtimeJars(),
                StandaloneCluster.java17Flags()),
            java.time.Duration.ofMinutes(3));
    System.out.printf("cluster: up in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, up);
    try {
      assertEquals(2, up.aliveWorkers());
      assertEquals("spark://127.0.0.1:" + masterPort, up.masterUrl());
      Map<String, List<String>> commands = dagCommandLines(d, up.masterUrl());
      assertEquals(
          up.masterUrl(),
          commands.get("ingest").get(commands.get("ingest").indexOf("--master") + 1));
      runAll(d, commands, "cluster");
      // The executors ran on the workers: each worker folder holds this application's executor
      // logs.
      for (int w = 1; w <= 2; w++) {
        try (Stream<Path> apps = Files.list(clusterDir.resolve("work/worker-" + w))) {
          assertTrue(
              apps.anyMatch(a -> a.getFileName().toString().startsWith("app-")),
              "worker-" + w + " ran executors");
        }
      }
      String wh = d.warehouse().toString();
      assertEquals(localPosts, Tables.SILVER_POSTS.read(spark, wh).count());
      Map<String, List<Row>> gold = goldSnapshot(spark, wh);
      assertEquals(localGold.keySet(), gold.keySet());
      localGold.forEach(
          (table, rows) ->
              assertEquals(
                  normalized(rows), normalized(gold.get(table)), table + ": cluster vs local"));
      assertServed(d, gold);
    } finally {
      List<String> stopped = StandaloneCluster.stop(clusterDir);
      assertEquals(List.of("worker-1", "worker-2", "master"), stopped);
      assertTrue(StandaloneCluster.status(clusterDir).daemons().isEmpty());
    }
  }

  /**
   * Rows as lists, doubles to 12 significant digits: sums may add up in another order on other
   * executors.
   */
  static List<List<Object>> normalized(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        values.add(
            v instanceof Double x && Double.isFinite(x)
                ? (Object) new java.math.BigDecimal(x).round(new java.math.MathContext(12))
                : v);
      }
      out.add(values);
    }
    return out;
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The gold tables the nightly pipeline must fill (aggregate's); other gold tables are checked
   * when present.
   */
  static final List<String> REQUIRED_GOLD =
      GoldTables.ALL.stream()
          .filter(c -> c.layer().equals("gold"))
          .map(TableContract::qualifiedName)
          .toList();

  /**
   * Every published gold table of the warehouse, rows sorted, columns that only say when a job ran
   * left out. Each is non-empty, has exactly its contract's columns, and its weeks are the Mondays
   * of the demo archive.
   */
  static Map<String, List<Row>> goldSnapshot(SparkSession spark, String warehouse) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (TableContract c : Catalog.named(List.of())) {
      if (!c.exists(spark, warehouse)) {
        continue;
      }
      Dataset<Row> t = spark.read().format("delta").load(c.path(warehouse));
      assertEquals(
          List.of(c.columnNames()),
          List.of(t.columns()),
          c.qualifiedName() + ": columns of the contract");
      if (List.of(t.columns()).contains("week_start")) {
        List<LocalDate> weeks =
            t.select("week_start").distinct().collectAsList().stream()
                .map(r -> r.getDate(0).toLocalDate())
                .sorted()
                .toList();
        for (LocalDate w : weeks) {
          assertEquals(
              java.time.DayOfWeek.MONDAY, w.getDayOfWeek(), c.qualifiedName() + " week " + w);
          assertTrue(!w.isBefore(FIRST_DAY) && w.isBefore(DAY), c.qualifiedName() + " week " + w);
        }
      }
      String[] kept = Stream.of(t.columns()).filter(n -> !isRunMetadata(n)).toArray(String[]::new);
      List<Row> rows = new ArrayList<>(t.selectExpr(kept).collectAsList());
      rows.sort(java.util.Comparator.comparing(Row::toString));
      // A quiet archive may raise no crisis signal (a correct result); the weekly tables always
      // have rows.
      assertTrue(
          !rows.isEmpty() || !REQUIRED_GOLD.contains(c.qualifiedName()),
          c.qualifiedName() + " is empty");
      out.put(c.qualifiedName(), rows);
    }
    assertTrue(out.keySet().containsAll(REQUIRED_GOLD), "gold tables written: " + out.keySet());
    List<LocalDate> healthWeeks =
        spark
            .read()
            .format("delta")
            .load(GoldTables.BRAND_HEALTH_WEEKLY.path(warehouse))
            .select("week_start")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getDate(0).toLocalDate())
            .sorted()
            .toList();
    assertEquals(
        Stream.iterate(FIRST_DAY, w -> w.plusWeeks(1)).limit(WEEKS).toList(),
        healthWeeks,
        "brand health weeks");
    return out;
  }

  /** The latest Delta commit of every declared table in the warehouse (from the logs' listings). */
  static Map<String, String> commits(SparkSession spark, String warehouse) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (TableContract c : Catalog.all()) {
      out.put(
          c.qualifiedName(), com.brandpulse.common.DeltaVersions.stamp(spark, c.path(warehouse)));
    }
    return out;
  }

  static boolean isRunMetadata(String column) {
    return column.endsWith("_run_id")
        || column.equals("run_id")
        || column.equals("computed_at")
        || column.equals("updated_at")
        || column.equals("aggregated_at")
        || column.equals("published_at");
  }

  /** PostgreSQL's bi views hold as many rows as the Delta tables. */
  /** Every file and folder the jobs wrote under the warehouse is closed to group and others. */
  static void assertOwnerOnly(Path warehouse) throws Exception {
    try (var paths = Files.walk(warehouse)) {
      List<String> open =
          paths
              .filter(p -> !p.equals(warehouse))
              .filter(
                  p -> {
                    try {
                      var perms = Files.getPosixFilePermissions(p);
                      return perms.stream()
                          .anyMatch(
                              x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(p -> warehouse.relativize(p) + " " + permissions(p))
              .limit(5)
              .toList();
      assertEquals(List.of(), open, "warehouse paths readable beyond their owner");
    }
  }

  private static String permissions(Path p) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertServed(Deployment d, Map<String, List<Row>> gold) throws Exception {
    try (Connection c = TestPostgres.connect(d.database());
        Statement st = c.createStatement()) {
      for (Map.Entry<String, List<Row>> e : gold.entrySet()) {
        String view = "bi." + e.getKey().substring(e.getKey().indexOf('.') + 1);
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + view)) {
          rs.next();
          assertEquals(e.getValue().size(), rs.getLong(1), view);
        }
      }
    }
  }

  record Run(int code, String output) {
    String tail() {
      return TestLogs.tail(output, 60);
    }
  }

  static Run run(List<String> cmd, Map<String, String> env, Path log, int minutes)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(TestSpark.projectRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Run(
          -1,
          "timed out after " + minutes + " min\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
