package com.brandpulse.common;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * What a long command shows while it runs. Jobs say where they are ({@link #phase}, with a count of
 * the work when they know it: files, months, trials) and what executors count ({@link #counter});
 * the active Spark stages' tasks fill in when a phase has no count of its own. On a terminal
 * ({@code System.console()}) that is a progress bar with an estimate of the time left, redrawn
 * every second; elsewhere (Airflow, a pipe) one plain log line every {@code progress.log-every}:
 * {@code ingest (reading): 12/40 files, 310,000 records, 1m20s elapsed, ~2m10s left}. The estimate
 * is for the current phase, from its pace so far. {@code progress.enabled = false} (or
 * --no-progress) shows nothing; the command's closing line ({@link #finish}) is printed either way.
 *
 * <p>One command runs per JVM, so the command's Progress is {@link #current()}: jobs report to it
 * without it being passed through every signature. Jobs run outside a command (tests, notebooks)
 * report to one that shows nothing.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  private static final Progress NONE = new Progress("", Settings.OFF, System::nanoTime);
  private static volatile Progress current = NONE;

  /** {@code progress} in conf; {@code terminal} decides between the bar and plain lines. */
  public record Settings(boolean enabled, Duration logEvery, boolean terminal) {
    static final Settings OFF = new Settings(false, Duration.ofSeconds(30), false);

    public static Settings from(AppConfig config) {
      Config c = config.get();
      return new Settings(
          c.getBoolean("progress.enabled"),
          c.getDuration("progress.log-every"),
          System.console() != null);
    }
  }

  /**
   * One look at a command: what a plain line or the bar shows. {@code stages} is null when none is
   * running.
   */
  public record Snapshot(
      String command,
      String step,
      String phase,
      long done,
      long total,
      String unit,
      Map<String, Long> counts,
      Stages stages,
      Duration elapsed,
      Duration phaseElapsed) {}

  /**
   * The active Spark stages taken together: their ids, tasks completed of all, time since the first
   * started.
   */
  public record Stages(List<Integer> ids, long completed, long tasks, Duration elapsed) {}

  private final String command;
  private final Settings settings;
  private final LongSupplier nanos;
  private final long started;
  private final Object drawing = new Object();
  private String step;
  private String phase;
  private long phaseStarted;
  private long stepStarted;
  private long done;
  private long total;
  private String unit;
  private final Map<String, LongSupplier> counts = new LinkedHashMap<>();
  private String summary;
  private SparkContext spark;
  private RunningCounts running;
  private Thread ticker;
  private ProgressBar bar;
  private String barKey;
  private volatile Duration barEta;

  /**
   * Whether the snapshots include Spark's active stages (a started command's do; a test's need
   * not).
   */
  private boolean watchSpark;

  Progress(String command, Settings settings, LongSupplier nanos) {
    this.command = command;
    this.settings = settings;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
    this.phaseStarted = started;
    this.stepStarted = started;
  }

  /** The running command's progress, or one that shows nothing. */
  public static Progress current() {
    return current;
  }

  /**
   * Starts showing {@code command}'s progress (a daemon thread, when enabled); it becomes {@link
   * #current()}.
   */
  public static Progress start(String command, Settings settings) {
    Progress p = new Progress(command, settings, System::nanoTime);
    p.watchSpark = true;
    current = p;
    if (settings.enabled()) {
      p.ticker = new Thread(p::tick, "brandpulse-progress");
      p.ticker.setDaemon(true);
      p.ticker.start();
    }
    return p;
  }

  /**
   * A step of a command made of others (the demo's): phases are shown under it, and what a step's
   * command says for the closing line ({@link #summary}) is dropped: the outer command says its
   * own.
   */
  public void step(String name) {
    phase(null);
    synchronized (this) {
      step = name;
      stepStarted = nanos.getAsLong();
      summary = null;
    }
  }

  /**
   * The current step's name and time, {@code demo: ingest done in 1m02s}, after which it is over.
   */
  public String endStep() {
    endBar();
    synchronized (this) {
      String line =
          command
              + ": "
              + step
              + " done in "
              + duration(Duration.ofNanos(nanos.getAsLong() - stepStarted));
      step = null;
      phase = null;
      return line;
    }
  }

  /** A phase whose progress is the Spark stages'. */
  public void phase(String name) {
    phase(name, 0, null);
  }

  /**
   * A phase of {@code total} units of work ({@code files}, {@code months}). Its count is {@link
   * #done} or, when a {@link #counter} has the unit's name, that counter.
   */
  public void phase(String name, long total, String unit) {
    endBar(); // so that a job's log line after this starts on a line of its own
    synchronized (this) {
      this.phase = name;
      this.total = total;
      this.unit = unit;
      this.done = 0;
      this.phaseStarted = nanos.getAsLong();
    }
  }

  /** How many units of the phase are done. */
  public synchronized void done(long n) {
    done = n;
  }

  /** A count shown from now on (records, posts), set by the driver. */
  public synchronized void count(String name, long value) {
    counts.put(name, () -> value);
  }

  /** A count that executors add to; its running tasks' part shows before they end. */
  public LongAccumulator counter(SparkSession session, String name) {
    LongAccumulator accumulator = session.sparkContext().longAccumulator(name);
    if (this == NONE) {
      return accumulator;
    }
    synchronized (this) {
      if (running == null) {
        spark = session.sparkContext();
        running = new RunningCounts();
        spark.addSparkListener(running);
      }
      running.follow(accumulator);
      RunningCounts r = running;
      counts.put(name, () -> r.value(accumulator));
    }
    return accumulator;
  }

  /**
   * What the closing line says after the time, e.g. {@code 40 files, 1,002,311 records, 0.1%
   * quarantined}.
   */
  public synchronized void summary(String text) {
    summary = text;
  }

  /**
   * Stops showing progress and returns the command's closing line: its outcome, time and {@link
   * #summary}.
   */
  public String finish(int exitCode) {
    close();
    String time = duration(Duration.ofNanos(nanos.getAsLong() - started));
    synchronized (this) {
      return command
          + ": "
          + (exitCode == 0
              ? "done in " + time
              : "finished with exit code " + exitCode + " in " + time)
          + (summary == null || summary.isEmpty() ? "" : " (" + summary + ")");
    }
  }

  /** Stops showing progress; {@link #current()} shows nothing again. */
  public void close() {
    Thread t = ticker;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    endBar();
    synchronized (this) {
      if (running != null) {
        spark.removeSparkListener(running);
        running = null;
      }
    }
    if (current == this) {
      current = NONE;
    }
  }

  /** The state now, Spark's active stages included. */
  public synchronized Snapshot snapshot() {
    long now = nanos.getAsLong();
    Map<String, Long> values = new LinkedHashMap<>();
    counts.forEach((name, value) -> values.put(name, value.getAsLong()));
    Long counted = unit == null ? null : values.remove(unit);
    long at = counted != null ? Math.min(counted, total) : done;
    return new Snapshot(
        command,
        step,
        phase,
        at,
        total,
        unit,
        values,
        stages(),
        Duration.ofNanos(now - started),
        Duration.ofNanos(now - phaseStarted));
  }

  private Stages stages() {
    if (!watchSpark) {
      return null;
    }
    SparkContext sc =
        spark != null
            ? spark
            : SparkSession.getDefaultSession().isDefined()
                ? SparkSession.getDefaultSession().get().sparkContext()
                : null;
    if (sc == null || sc.isStopped()) {
      return null;
    }
    SparkStatusTracker tracker = sc.statusTracker();
    List<Integer> ids = new ArrayList<>();
    long completed = 0;
    long tasks = 0;
    long first = Long.MAX_VALUE;
    for (int id : tracker.getActiveStageIds()) {
      Option<SparkStageInfo> info = tracker.getStageInfo(id);
      if (info.isDefined()) {
        ids.add(id);
        completed += info.get().numCompletedTasks();
        tasks += info.get().numTasks();
        if (info.get().submissionTime() > 0) {
          first = Math.min(first, info.get().submissionTime());
        }
      }
    }
    return tasks == 0
        ? null
        : new Stages(
            List.copyOf(ids),
            completed,
            tasks,
            Duration.ofMillis(
                first == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - first)));
  }

  /** {@code 3.2s} under ten seconds, {@code 45s}, {@code 4m12s}, {@code 1h05m}. */
  public static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    long tenths = Math.round(ms / 100.0);
    if (tenths < 100) { // rounded first, so that 9.96 s reads 10s, never 10.0s
      return tenths / 10 + "." + tenths % 10 + "s";
    }
    long s = Math.round(ms / 1000.0);
    if (s < 60) {
      return s + "s";
    }
    return s < 3600
        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /** {@code 1,002,311}. */
  public static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * The daemon thread: the bar redrawn every second on a terminal, else a plain line every
   * log-every.
   */
  private void tick() {
    long every = settings.terminal() ? 1000 : Math.max(1000, settings.logEvery().toMillis());
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(every);
        Snapshot s = snapshot();
        if (settings.terminal()) {
          draw(s);
        } else {
          LOG.info(ProgressLine.line(s));
        }
      }
    } catch (InterruptedException e) {
      // closed
    } catch (
        RuntimeException e) { // Spark stopping under it: progress is not worth failing a job for
      LOG.debug("progress stopped", e);
    }
  }

  /** The bar of the phase: its own count, else the stages' tasks, else an indefinite one. */
  private void draw(Snapshot s) {
    boolean counted = s.total() > 0;
    long max = counted ? s.total() : s.stages() == null ? -1 : s.stages().tasks();
    long at = counted ? s.done() : s.stages() == null ? 0 : s.stages().completed();
    boolean between =
        !counted && s.stages() == null; // between two stages: the last one stays on show
    String barUnit = counted ? s.unit() : "tasks";
    String key = s.step() + "|" + s.phase() + "|" + barUnit;
    barEta = ProgressLine.eta(s).orElse(null);
    synchronized (drawing) {
      if (bar == null || !key.equals(barKey)) {
        endBar();
        ProgressBarBuilder builder =
            ProgressBar.builder()
                .setTaskName(ProgressLine.title(s, ""))
                .setInitialMax(max)
                .setUnit(" " + barUnit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .continuousUpdate()
                .setConsumer(new BarLine())
                .setEtaFunction(state -> Optional.ofNullable(barEta));
        if (!counted) {
          builder.clearDisplayOnFinish(); // tasks of whichever stages ran last say nothing once the
          // phase is over
        }
        bar = builder.build();
        barKey = key;
      }
      if (!between || bar.getMax() < 0) {
        bar.maxHint(max);
        bar.stepTo(at);
      }
      // the stages in words would squeeze the bar
      bar.setExtraMessage(String.join(", ", ProgressLine.details(s, false)));
    }
  }

  /**
   * The bar on stderr, the cursor left at the start of its line: a log line printed meanwhile
   * (Spark's warnings, the jobs' own) overwrites it instead of being glued to its end, and the next
   * redraw comes below.
   */
  private static final class BarLine implements ProgressBarConsumer {
    private final int width = new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength();
    private boolean shown;

    @Override
    public int getMaxRenderedLength() {
      return width;
    }

    @Override
    public void accept(String rendered) {
      shown = !rendered.isBlank(); // a bar cleared on finish leaves no empty line
      System.err.print("\r" + rendered + "\u001b[K\r");
      System.err.flush();
    }

    @Override
    public void close() {
      if (shown) {
        System.err.println();
      }
      System.err.flush();
    }
  }

  private void endBar() {
    synchronized (drawing) {
      if (bar != null) {
        bar.close();
        bar = null;
        barKey = null;
      }
    }
  }
}
