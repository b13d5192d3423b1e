package com.brandpulse;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The project's set-up scripts ({@code bin/setup-*}) that suites need, each run once per test JVM.
 * On a fresh machine they install from Debian packages (Jupyter, Chromium) for a minute or two,
 * waiting mostly on the network and dpkg; {@link EarlySetUps} starts the ones the test plan's
 * classes and methods declare with {@link Needs} when the run begins, so they install while the
 * Spark suites run and the suite that needs one only waits for what is left. One at a time: two
 * apt-get runs would fight over the dpkg lock.
 */
public final class SetUpScripts {
  /** The set-up scripts (names under bin/) a test class or method needs before it can run. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  public @interface Needs {
    String[] value();
  }

  /** How a script ended: its exit code, what it printed, its log (stderr), its wall time. */
  public record Result(int code, Path out, Path log, double seconds, boolean early) {
    /** The last line the script printed on standard output (scripts print their result there). */
    public String lastLine() throws IOException {
      List<String> lines = TestLogs.lines(out);
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }

    /** The log's last 60 lines. */
    public String tail() throws IOException {
      return TestLogs.tail(log, 60);
    }
  }

  private static final long TIMEOUT_MINUTES = 20;
  private static final Map<String, CompletableFuture<Result>> RUNS = new ConcurrentHashMap<>();
  private static final ExecutorService ONE_AT_A_TIME =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "set-up-scripts");
            t.setDaemon(true);
            return t;
          });

  private SetUpScripts() {}

  /** Starts {@code bin/<script>} unless it already ran or is queued in this JVM. */
  static void startEarly(String script) {
    run(script, true);
  }

  /**
   * Runs {@code work} on the same thread as the scripts, after those already queued: the work that
   * suites marked {@link StartsEarly} start (child JVMs), one piece at a time beside the suites.
   */
  public static <T> CompletableFuture<T> inBackground(Callable<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return work.call();
          } catch (Exception | AssertionError e) {
            throw new CompletionException(e);
          }
        },
        ONE_AT_A_TIME);
  }

  /** What {@code inBackground} work ended with, its own exception (an assertion) unwrapped. */
  public static <T> T awaitBackground(CompletableFuture<T> work, long minutes) throws Throwable {
    try {
      return work.get(minutes, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
    }
  }

  /**
   * Starts {@code bin/<script>} unless it already ran or is queued, without waiting: work queued
   * {@link #inBackground} after this call finds it ended.
   */
  public static CompletableFuture<Result> started(String script) {
    return run(script, false);
  }

  /**
   * Runs {@code bin/<script>} (or joins the run already started) and returns how it ended. The
   * script's output goes to target/set-up/<script>.out and .log.
   */
  public static Result await(String script) {
    return started(script).join();
  }

  private static CompletableFuture<Result> run(String script, boolean early) {
    if (!script.matches("setup-[a-z-]+")) {
      throw new IllegalArgumentException("not a set-up script name: " + script);
    }
    return RUNS.computeIfAbsent(
        script, s -> CompletableFuture.supplyAsync(() -> execute(s, early), ONE_AT_A_TIME));
  }

  private static Result execute(String script, boolean early) {
    Path root = TestSpark.projectRoot();
    Path dir = root.resolve("target/set-up");
    Path out = dir.resolve(script + ".out");
    Path log = dir.resolve(script + ".log");
    long start = System.nanoTime();
    try {
      Files.createDirectories(dir);
      Process p =
          new ProcessBuilder("bash", root.resolve("bin").resolve(script).toString())
              .directory(root.toFile())
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      int code;
      if (p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        code = p.exitValue();
      } else {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        Files.writeString(
            log,
            "\nbin/" + script + " timed out after " + TIMEOUT_MINUTES + " minutes\n",
            java.nio.file.StandardOpenOption.APPEND);
        code = 124;
      }
      return new Result(code, out, log, (System.nanoTime() - start) / 1e9, early);
    } catch (IOException e) {
      try {
        Files.writeString(log, "could not start bin/" + script + ": " + e + "\n");
      } catch (IOException ignored) {
        // the result's code says it failed; the log is a courtesy
      }
      return new Result(127, out, log, (System.nanoTime() - start) / 1e9, early);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, out, log, (System.nanoTime() - start) / 1e9, early);
    }
  }
}
