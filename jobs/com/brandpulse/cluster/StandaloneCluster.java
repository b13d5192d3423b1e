package com.brandpulse.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster (one master, N workers) on one host, run from the same jars
 * spark-submit runs on: no Spark distribution is needed. The jars are linked into {@code
 * DIR/spark-home/jars}, which is where a worker looks for the class path of the executors it
 * launches. Each daemon is its own session ({@code setsid}), so it outlives the command that
 * started it; pids, logs and worker folders live in DIR.
 *
 * <p>Only holders of the cluster's secret may talk to it: every daemon runs with {@code
 * spark.authenticate} and encrypted RPC ({@code spark.network.crypto.enabled}), the secret made
 * afresh at each start in {@code DIR/auth/secret} (mode 600, folder 700) and handed to the daemons
 * in their environment ({@code _SPARK_AUTH_SECRET}, not on a command line); executors get it from
 * their worker the same way. A driver names the file with {@link #submitConf} ({@code
 * spark.authenticate.secret.file}); see SparkSessions.
 */
public final class StandaloneCluster {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
  private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

  /** The environment variable Spark's daemons and executors read the shared secret from. */
  private static final String SECRET_ENV = "_SPARK_AUTH_SECRET";

  private StandaloneCluster() {}

  public record Settings(
      Path dir,
      String host,
      int masterPort,
      int webUiPort,
      int workers,
      int workerCores,
      String workerMemory,
      List<String> jars,
      List<String> jvmFlags) {}

  public record Status(
      String masterUrl, String webUi, Map<String, Boolean> daemons, int aliveWorkers) {
    public boolean up() {
      return !daemons.isEmpty() && daemons.values().stream().allMatch(b -> b);
    }
  }

  /**
   * The JVM flags Spark needs on Java 17, as this JVM got them (module opens and their companions).
   */
  public static List<String> java17Flags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens")
                    || a.startsWith("--add-exports")
                    || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect.useDirectMethodHandle")
                    || a.startsWith("-Dio.netty.tryReflectionSetAccessible"))
        .toList();
  }

  /**
   * The jars of this JVM's class path (under bin/brandpulse: the stock Spark runtime class path).
   */
  public static List<String> classPathJars() {
    return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(p -> p.endsWith(".jar"))
        .toList();
  }

  /**
   * Starts the master and the workers and waits until every worker has registered; returns the
   * status.
   */
  public static Status start(Settings s, Duration timeout)
      throws IOException, InterruptedException {
    Status before = status(s.dir());
    if (before.up()) {
      return before;
    }
    if (!before.daemons().isEmpty()) {
      stop(s.dir()); // leftovers of a cluster that half died: start clean
    }
    for (int port : new int[] {s.masterPort(), s.webUiPort()}) {
      if (!free(s.host(), port)) {
        throw new IllegalStateException(
            "port "
                + port
                + " on "
                + s.host()
                + " is taken; choose another (cluster.master-port,"
                + " cluster.webui-port)");
      }
    }
    Path home = s.dir().resolve("spark-home");
    Path jarsDir = home.resolve("jars");
    deleteTree(home);
    Files.createDirectories(jarsDir);
    Set<String> names = new HashSet<>();
    for (String jar : s.jars()) {
      Path source = Path.of(jar).toAbsolutePath();
      String name = source.getFileName().toString();
      if (!names.add(name)) {
        name = names.size() + "-" + name;
      }
      Files.createSymbolicLink(jarsDir.resolve(name), source);
    }
    Files.createDirectories(s.dir().resolve("logs"));
    Files.createDirectories(s.dir().resolve("pids"));
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    String secret = java.util.HexFormat.of().formatHex(key);
    com.brandpulse.common.PrivateFiles.write(secretFile(s.dir()), secret);
    String masterUrl = "spark://" + s.host() + ":" + s.masterPort();
    Properties props = new Properties();
    props.setProperty("master-url", masterUrl);
    props.setProperty("webui", "http://" + s.host() + ":" + s.webUiPort());
    props.setProperty("workers", Integer.toString(s.workers()));
    try (var out = Files.newBufferedWriter(s.dir().resolve("cluster.properties"))) {
      props.store(out, "bin/brandpulse cluster");
    }

    // Give up early only when a launched daemon exited. status() reads the pid files, where a pid
    // just started may still be the process launcher (jspawnhelper) about to exec Spark, and so
    // not yet count as a daemon.
    List<Process> launched = new ArrayList<>();
    launched.add(
        launch(
            s,
            home,
            secret,
            "master",
            MASTER_CLASS,
            List.of(
                "--host",
                s.host(),
                "--port",
                Integer.toString(s.masterPort()),
                "--webui-port",
                Integer.toString(s.webUiPort()))));
    for (int i = 1; i <= s.workers(); i++) {
      Path work = s.dir().resolve("work").resolve("worker-" + i);
      Files.createDirectories(work);
      launched.add(
          launch(
              s,
              home,
              secret,
              "worker-" + i,
              WORKER_CLASS,
              List.of(
                  "--host",
                  s.host(),
                  "--cores",
                  Integer.toString(s.workerCores()),
                  "--memory",
                  s.workerMemory(),
                  "--work-dir",
                  work.toString(),
                  "--webui-port",
                  "0",
                  masterUrl)));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Status now = status(s.dir());
    while (now.aliveWorkers() < s.workers()) {
      if (System.nanoTime() > deadline || !launched.stream().allMatch(Process::isAlive)) {
        stop(s.dir());
        throw new IllegalStateException(
            "the cluster did not come up ("
                + now.aliveWorkers()
                + " of "
                + s.workers()
                + " workers registered, daemons "
                + now.daemons()
                + "); see "
                + s.dir().resolve("logs"));
      }
      Thread.sleep(500);
      now = status(s.dir());
    }
    return now;
  }

  /** Where the cluster's shared secret is kept (mode 600, in a folder of mode 700). */
  public static Path secretFile(Path dir) {
    return dir.toAbsolutePath().resolve("auth").resolve("secret");
  }

  /**
   * The Spark settings a driver submits to this cluster with (the secret by its file, never its
   * value).
   */
  public static Map<String, String> submitConf(Path dir) {
    Map<String, String> conf = new LinkedHashMap<>(AUTH_CONF);
    conf.put("spark.authenticate.secret.file", secretFile(dir).toString());
    return conf;
  }

  /**
   * Authentication by the shared secret, and RPC encrypted with keys derived from it (AES, Spark's
   * default).
   */
  private static final Map<String, String> AUTH_CONF =
      Map.of("spark.authenticate", "true", "spark.network.crypto.enabled", "true");

  private static Process launch(
      Settings s, Path home, String secret, String name, String mainClass, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add(
          "/usr/bin/setsid"); // its own session: Ctrl-C on the starting terminal does not reach it
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(s.jvmFlags());
    cmd.add("-Xmx512m");
    AUTH_CONF.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(home.resolve("jars").toString() + "/*");
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(s.dir().resolve("logs").resolve(name + ".log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", s.host());
    pb.environment().put("SPARK_LOG_DIR", s.dir().resolve("logs").toString());
    pb.environment().put(SECRET_ENV, secret);
    Process p = pb.start();
    Files.writeString(s.dir().resolve("pids").resolve(name + ".pid"), Long.toString(p.pid()));
    return p;
  }

  /** Which daemons of the pid files are alive, and how many workers the master counts. */
  public static Status status(Path dir) throws IOException {
    Map<String, Boolean> daemons = new LinkedHashMap<>();
    Path pids = dir.resolve("pids");
    if (Files.isDirectory(pids)) {
      try (Stream<Path> files = Files.list(pids)) {
        for (Path f : files.sorted().toList()) {
          daemons.put(f.getFileName().toString().replace(".pid", ""), daemon(f).isPresent());
        }
      }
    }
    Properties props = new Properties();
    Path file = dir.resolve("cluster.properties");
    if (Files.isRegularFile(file)) {
      try (var in = Files.newBufferedReader(file)) {
        props.load(in);
      }
    }
    int alive = 0;
    String webUi = props.getProperty("webui");
    if (webUi != null && Boolean.TRUE.equals(daemons.get("master"))) {
      alive = aliveWorkers(webUi);
    }
    return new Status(props.getProperty("master-url"), webUi, daemons, alive);
  }

  /**
   * Stops the daemons this folder's pid files name (workers first); only processes running Spark
   * daemons.
   */
  public static List<String> stop(Path dir) throws IOException, InterruptedException {
    List<String> stopped = new ArrayList<>();
    Path pids = dir.resolve("pids");
    if (!Files.isDirectory(pids)) {
      return stopped;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(pids)) {
      files =
          list.sorted(
                  Comparator.comparing((Path p) -> p.getFileName().toString().startsWith("master"))
                      .thenComparing(Path::toString))
              .toList();
    }
    for (Path f : files) {
      Optional<ProcessHandle> p = daemon(f);
      if (p.isPresent()) {
        p.get().destroy(); // SIGTERM: a worker kills its executors on the way out
        try {
          p.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException
            | java.util.concurrent.ExecutionException e) {
          p.get().destroyForcibly();
        }
        stopped.add(f.getFileName().toString().replace(".pid", ""));
      }
      Files.delete(f);
    }
    return stopped;
  }

  /** The live process of a pid file, only when it still runs a Spark daemon (pids are reused). */
  private static Optional<ProcessHandle> daemon(Path pidFile) throws IOException {
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return p;
    }
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    String command =
        Files.isReadable(cmdline)
            ? new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
            : p.get().info().commandLine().orElse("");
    return command.contains("org.apache.spark.deploy.") ? p : Optional.empty();
  }

  static int aliveWorkers(String webUi) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(webUi + "/json/"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE_WORKERS.matcher(r.body());
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static boolean free(String host, int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName(host))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
