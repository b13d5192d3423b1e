package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.WarehouseLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One writer per warehouse: the writer commands take the lock, a second writer exits 5 naming the
 * first, readers run beside it, the lock goes when the job ends (also on a failure), and a lock
 * left by a killed process (a real second JVM, killed with SIGKILL) or a silent host is taken over,
 * by exactly one of several takers.
 */
@Tag("fast")
class WriterLockTest {
  /**
   * Every command that writes the warehouse; anything else (sql, report, publish, bi-sql, models
   * list ...) reads.
   */
  static final Set<String> WRITERS =
      Set.of(
          "ingest",
          "people",
          "enrich",
          "labels import",
          "train-sentiment",
          "train-topics",
          "evaluate-candidate",
          "promote-if-better",
          "models promote",
          "models rollback",
          "score",
          "aggregate",
          "alert",
          "forget",
          "demo");

  @Test
  void theWritersAreTheCommandsThatWriteTheWarehouseAndTheirHelpSaysExitCodeFive() {
    CommandLine root = BrandPulse.commandLine();
    assertEquals(
        WRITERS,
        LockedExecution.writers(root).stream()
            .map(c -> LockedExecution.name(c.getCommandSpec()))
            .collect(Collectors.toSet()));
    assertTrue(
        Arrays.asList(
                root.getSubcommands().get("ingest").getCommandSpec().usageMessage().description())
            .contains(LockedExecution.EXIT_CODE_LINE));
    assertFalse(
        Arrays.asList(
                root.getSubcommands().get("publish").getCommandSpec().usageMessage().description())
            .contains(LockedExecution.EXIT_CODE_LINE));
    assertEquals(
        2,
        quietly().execute("publish", "--wait-for-lock", "1m"),
        "a reader has no --wait-for-lock");
    assertEquals(
        2, quietly().execute("enrich", "--wait-for-lock", "soon"), "a duration such as 90s, 30m");
  }

  @Test
  void aSecondWriterFailsNamingTheFirstReadersRunBesideItAndAKilledHoldersLockIsTakenOver()
      throws Exception {
    Path wh = TestSpark.newWarehouse("lock");
    Path lockFile = wh.resolve(WarehouseLock.DIR).resolve(WarehouseLock.FILE);
    Process terminated = startHolder(wh);
    terminated.destroy(); // SIGTERM, as Airflow stops a task: the shutdown hook releases the lock
    assertTrue(terminated.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(lockFile), "released by the shutdown hook");

    Process holder = startHolder(wh);
    try {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile)));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile.getParent())));
      String held = Files.readString(lockFile);
      FileTime firstBeat = Files.getLastModifiedTime(lockFile);

      StringWriter err = new StringWriter();
      long t0 = System.nanoTime();
      int code =
          BrandPulse.commandLine()
              .setErr(new PrintWriter(err))
              .execute("enrich", "--warehouse", wh.toString());
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(BrandPulse.EXIT_WAREHOUSE_LOCKED, code, err.toString());
      assertTrue(seconds < 5, "fails at once, not after " + seconds + " s");
      for (String part :
          List.of(
              "enrich: the warehouse " + wh,
              "`test-holder` by " + System.getProperty("user.name"),
              "(pid " + holder.pid() + ")",
              lockFile.toString(),
              "--wait-for-lock")) {
        assertTrue(err.toString().contains(part), part + " in: " + err);
      }

      StringWriter waited = new StringWriter();
      t0 = System.nanoTime();
      assertEquals(
          BrandPulse.EXIT_WAREHOUSE_LOCKED,
          BrandPulse.commandLine()
              .setErr(new PrintWriter(waited))
              .execute("score", "--warehouse", wh.toString(), "--wait-for-lock", "1500ms"));
      assertTrue((System.nanoTime() - t0) / 1e9 >= 1.5, "waited for it");
      assertTrue(
          waited
              .toString()
              .contains(
                  "score: waiting up to PT1.5S for the warehouse lock, held by `test-holder`"),
          waited.toString());

      TestSpark.get(); // the session a reader's command finds, as spark-submit would give it one
      assertEquals(
          0,
          quietly().execute("sql", "--warehouse", wh.toString(), "SELECT 1 AS one"),
          "readers take no lock");
      assertEquals(
          0,
          quietly().execute("alert", "--warehouse", wh.toString(), "--dry-run"),
          "nor does a dry run");
      assertEquals(held, Files.readString(lockFile), "the holder's lock, untouched by the others");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Files.getLastModifiedTime(lockFile).equals(firstBeat)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(
          Files.getLastModifiedTime(lockFile).compareTo(firstBeat) > 0,
          "the holder's heartbeat touches it");
    } finally {
      holder.destroyForcibly(); // SIGKILL: no shutdown hook, the lock file stays
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(lockFile), "kill -9 leaves the lock behind");

    StringWriter err = new StringWriter();
    assertEquals(
        0,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute("alert", "--warehouse", wh.toString()),
        err.toString()); // a writer that needs no Spark here: no routes, nothing to send
    assertTrue(
        err.toString()
                .contains("alert: taking over the stale lock " + lockFile + " of `test-holder`")
            && err.toString().contains("process " + holder.pid() + " on this host has ended"),
        err.toString());
    assertFalse(Files.exists(lockFile), "released when the job ended");
    assertEquals(List.of(), leftovers(lockFile.getParent()), "no claim or temporary file left");

    // A job that fails after taking the lock (here: over a silent host's, on a bad option value)
    // releases it too.
    writeForeignLock(lockFile, "token-old", Instant.now().minus(Duration.ofHours(1)));
    err = new StringWriter();
    assertEquals(
        2,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "ingest",
                "--warehouse",
                wh.toString(),
                "--format",
                "no-such-format",
                "--input",
                wh.resolve("none").toString()));
    assertTrue(
        err.toString().contains("ingest: taking over the stale lock")
            && err.toString().contains("unknown --format no-such-format"),
        err.toString());
    assertFalse(Files.exists(lockFile), "released after a failure");
  }

  @Test
  void aLockOfAnotherHostIsHeldWhileItsHeartbeatIsFreshAndTakenOverWhenItStops() throws Exception {
    Path wh = TestSpark.newWarehouse("lock-host");
    Path lockFile = wh.resolve(WarehouseLock.DIR).resolve(WarehouseLock.FILE);
    writeForeignLock(lockFile, "token-fresh", Instant.now().minusSeconds(60));
    StringWriter err = new StringWriter();
    assertEquals(
        BrandPulse.EXIT_WAREHOUSE_LOCKED,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute("alert", "--warehouse", wh.toString(), "--set", "writer-lock.stale-after=5m"));
    assertTrue(
        err.toString().contains("`aggregate` by airflow on etl-7 (pid 4242)"), err.toString());

    writeForeignLock(lockFile, "token-silent", Instant.now().minus(Duration.ofMinutes(6)));
    err = new StringWriter();
    assertEquals(
        0,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute("alert", "--warehouse", wh.toString(), "--set", "writer-lock.stale-after=5m"),
        err.toString());
    assertTrue(err.toString().contains("no heartbeat since"), err.toString());
    assertFalse(Files.exists(lockFile));
  }

  @Test
  void ofSeveralWritersTakingOverOneStaleLockAtOnceExactlyOneWins() throws Exception {
    Path wh = TestSpark.newWarehouse("lock-race");
    Path lockFile = wh.resolve(WarehouseLock.DIR).resolve(WarehouseLock.FILE);
    WarehouseLock.Settings settings =
        new WarehouseLock.Settings(Duration.ofSeconds(30), Duration.ofMinutes(5));
    int takers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    try {
      for (int round = 0; round < 10; round++) {
        writeForeignLock(lockFile, "stale-" + round, Instant.now().minus(Duration.ofHours(1)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WarehouseLock>> tries = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
          String name = "taker-" + i;
          tries.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      return WarehouseLock.acquire(
                          wh.toString(), name, settings, Duration.ZERO, m -> {});
                    } catch (WarehouseLock.HeldException e) {
                      return null;
                    }
                  }));
        }
        go.countDown();
        List<WarehouseLock> won = new ArrayList<>();
        for (Future<WarehouseLock> f : tries) {
          won.add(f.get(30, TimeUnit.SECONDS));
        }
        won.removeIf(Objects::isNull);
        assertEquals(1, won.size(), "round " + round + ": winners");
        assertTrue(
            Files.readString(lockFile).contains("command=taker-"), "the lock is the winner's");
        won.get(0).close();
        assertFalse(Files.exists(lockFile));
        assertEquals(List.of(), leftovers(lockFile.getParent()), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLiveHolderOnThisHostIsJudgedByItsStartInKernelTicksNotByTheWallClock() throws Exception {
    WarehouseLock.Holder me = WarehouseLock.Holder.me("aggregate");
    assumeTrue(me.processStartTicks() != null, "Linux /proc");
    Path wh = TestSpark.newWarehouse("lock-ticks");
    Path lockFile = wh.resolve(WarehouseLock.DIR).resolve(WarehouseLock.FILE);
    Files.createDirectories(lockFile.getParent());

    // This JVM, alive, as read by a JVM that saw the wall clock an hour off (NTP step, resumed VM).
    Files.writeString(
        lockFile,
        withStart(me, me.processStarted().minus(Duration.ofHours(1)), me.processStartTicks())
            .render());
    StringWriter err = new StringWriter();
    assertEquals(
        BrandPulse.EXIT_WAREHOUSE_LOCKED,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute("alert", "--warehouse", wh.toString()),
        err.toString());

    // The same process id with another start tick: the id was reused after the holder died.
    Files.writeString(
        lockFile, withStart(me, me.processStarted(), me.processStartTicks() + 1).render());
    err = new StringWriter();
    assertEquals(
        0,
        BrandPulse.commandLine()
            .setErr(new PrintWriter(err))
            .execute("alert", "--warehouse", wh.toString()),
        err.toString());
    assertTrue(
        err.toString().contains("process id " + me.pid() + " now belongs to a process started"),
        err.toString());
    assertFalse(Files.exists(lockFile));
  }

  private static WarehouseLock.Holder withStart(
      WarehouseLock.Holder h, Instant started, long ticks) {
    return new WarehouseLock.Holder(
        h.token(),
        h.command(),
        h.user(),
        h.host(),
        h.pidNamespace(),
        h.pid(),
        started,
        ticks,
        h.startedAt(),
        h.heartbeat());
  }

  /** A lock written by a writer on another host, last touched at {@code heartbeat}. */
  private static void writeForeignLock(Path lockFile, String token, Instant heartbeat)
      throws Exception {
    Files.createDirectories(lockFile.getParent());
    Files.writeString(
        lockFile,
        String.join(
            "\n",
            "token=" + token,
            "command=aggregate",
            "user=airflow",
            "host=etl-7",
            "pid_namespace=pid:[1]",
            "pid=4242",
            "process_started=2026-12-01T00:00:00Z",
            "started_at=2026-12-01T00:00:01Z",
            ""));
    Files.setLastModifiedTime(lockFile, FileTime.from(heartbeat));
  }

  private static List<String> leftovers(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static CommandLine quietly() {
    return BrandPulse.commandLine().setErr(new PrintWriter(new StringWriter()));
  }

  /** A second JVM holding the warehouse lock (heartbeat every 200 ms) until it is killed. */
  private static Process startHolder(Path wh) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = wh.resolveSibling(wh.getFileName() + "-holder.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx64m",
                "-cp",
                classpath,
                Holder.class.getName(),
                wh.toString())
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertEquals(
        "held",
        line,
        "the holder JVM took the lock; its log " + log + ":\n" + Files.readString(log));
    return p;
  }

  /** The holder JVM's main. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      WarehouseLock.acquire(
          args[0],
          "test-holder",
          new WarehouseLock.Settings(Duration.ofMillis(200), Duration.ofSeconds(5)),
          Duration.ZERO,
          System.err::println);
      System.out.println("held");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
