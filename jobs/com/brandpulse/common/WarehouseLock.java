package com.brandpulse.common;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer job per warehouse at a time: {@code <warehouse>/ops/_lock/writer.lock} names the job
 * that holds it (command, user, host, process id and its start, when it started). Readers never
 * look at it.
 *
 * <p>Taking it is one atomic create of that file ({@link LockFiles#createExclusive}); the file is
 * never rewritten, and the holder deletes it when it ends (normally, on a failure, or on SIGTERM
 * through a shutdown hook). A holder killed with -9 leaves it behind, and the next writer takes it
 * over once it is stale:
 *
 * <ul>
 *   <li>written on this host (same host name and process-id namespace): stale as soon as its
 *       process is gone, or its process id now belongs to a process that started at another time;
 *   <li>written on another host, whose processes cannot be seen: stale when its modification time,
 *       which the holder touches every {@code writer-lock.heartbeat}, is older than {@code
 *       writer-lock.stale-after}.
 * </ul>
 *
 * <p>Takeover without two winners: a stale file is removed only by whoever creates, again
 * atomically, the claim file {@code writer.lock.takeover-<hash of the stale file's text>}. Under
 * the claim the taker reads the lock once more and deletes it only if it is still the same text;
 * then it deletes the claim and competes for the lock with an ordinary create like everyone else.
 * The text holds a random token, so the same text never comes back once it is gone: a slow taker
 * that judged an old file stale finds a different text under its claim (or fails to create the
 * claim) and deletes nothing. A claim whose own holder died is stale by the same rules and taken
 * over the same way, so a crash in the middle of a takeover blocks nobody. What no lock can rule
 * out: a holder on another host whose heartbeat stopped for longer than stale-after while it still
 * ran (a frozen VM) is taken over.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);

  /** The lock's folder under the warehouse, beside the job state of {@link JobGate}. */
  public static final String DIR = "ops/_lock";

  public static final String FILE = "writer.lock";

  /** Claims on claims: only a chain of takers that all died mid-takeover gets this deep. */
  private static final int MAX_CLAIM_DEPTH = 4;

  /** {@code writer-lock} in conf. */
  public record Settings(Duration heartbeat, Duration staleAfter) {
    public static Settings from(AppConfig config) {
      Config c = config.get().getConfig("writer-lock");
      Settings s = new Settings(c.getDuration("heartbeat"), c.getDuration("stale-after"));
      if (s.heartbeat().isNegative()
          || s.heartbeat().isZero()
          || s.staleAfter().compareTo(s.heartbeat().multipliedBy(3)) < 0) {
        throw new IllegalArgumentException(
            "writer-lock.stale-after ("
                + s.staleAfter()
                + ") must be at least three"
                + " writer-lock.heartbeat periods ("
                + s.heartbeat()
                + "), so that a live holder is never taken for dead");
      }
      return s;
    }
  }

  /**
   * A lock file's holder as the file says, with the file's modification time as its last heartbeat.
   */
  public record Holder(
      String token,
      String command,
      String user,
      String host,
      String pidNamespace,
      long pid,
      Instant processStarted,
      Long processStartTicks,
      Instant startedAt,
      Instant heartbeat) {
    /** This process as a holder. */
    public static Holder me(String command) {
      ProcessHandle self = ProcessHandle.current();
      Instant now = Instant.now();
      return new Holder(
          UUID.randomUUID().toString(),
          command,
          System.getProperty("user.name"),
          HOST,
          PID_NAMESPACE,
          self.pid(),
          self.info().startInstant().orElse(null),
          startTicks(self.pid()),
          now,
          now);
    }

    /** The lock file's text. */
    public String render() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("token", token);
      fields.put("command", command);
      fields.put("user", user);
      fields.put("host", host);
      fields.put("pid_namespace", pidNamespace);
      fields.put("pid", pid);
      fields.put("process_started", processStarted);
      fields.put("process_start_ticks", processStartTicks);
      fields.put("started_at", startedAt);
      StringBuilder out = new StringBuilder();
      fields.forEach((k, v) -> out.append(k).append('=').append(v == null ? "" : v).append('\n'));
      return out.toString();
    }

    /** A file's text; fields it lacks (a half-written or foreign file) stay null. */
    static Holder parse(String text, Instant modified) {
      Map<String, String> f = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && eq < line.length() - 1) {
          f.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      long pid;
      try {
        pid = Long.parseLong(f.getOrDefault("pid", "-1"));
      } catch (NumberFormatException e) {
        pid = -1;
      }
      return new Holder(
          f.get("token"),
          f.get("command"),
          f.get("user"),
          f.get("host"),
          f.get("pid_namespace"),
          pid,
          instant(f.get("process_started")),
          ticks(f.get("process_start_ticks")),
          instant(f.get("started_at")),
          modified);
    }

    private static Long ticks(String s) {
      try {
        return s == null ? null : Long.valueOf(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static Instant instant(String s) {
      try {
        return s == null ? null : Instant.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    /** "`ingest` by alice on etl-1 (pid 4242), started ..., last heartbeat ...". */
    public String describe() {
      if (token == null) {
        return "an unreadable lock file (last modified " + heartbeat + ")";
      }
      return "`"
          + command
          + "` by "
          + user
          + " on "
          + host
          + " (pid "
          + pid
          + "), started "
          + startedAt
          + ", last heartbeat "
          + heartbeat;
    }
  }

  /** Another writer holds the lock (and kept it for as long as this one was willing to wait). */
  public static final class HeldException extends RuntimeException {
    private final transient Holder holder;

    HeldException(String warehouse, Holder holder, String file, Duration waited) {
      super(
          "the warehouse "
              + warehouse
              + " is being written by "
              + holder.describe()
              + (waited.isZero() ? "" : "; still after waiting " + waited)
              + " (lock file "
              + file
              + ")");
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  private static final String HOST = hostName();
  private static final String PID_NAMESPACE = pidNamespace();

  private final LockFiles files;
  private final Holder me;
  private final Settings settings;
  private final Consumer<String> notice;
  private final AtomicBoolean closed = new AtomicBoolean();
  private ScheduledExecutorService heartbeat;
  private Runnable hook;
  private Holder tookOver;

  private WarehouseLock(LockFiles files, Holder me, Settings settings, Consumer<String> notice) {
    this.files = files;
    this.me = me;
    this.settings = settings;
    this.notice = notice;
  }

  /**
   * Takes the writer lock of {@code warehouse} for {@code command}, waiting at most {@code wait}
   * (zero: fail at once) while a live writer holds it; {@code notice} hears about waiting and
   * takeovers, for the operator.
   *
   * @throws HeldException when another writer still holds it
   */
  public static WarehouseLock acquire(
      String warehouse, String command, Settings settings, Duration wait, Consumer<String> notice)
      throws IOException, InterruptedException {
    LockFiles files = LockFiles.in(new org.apache.hadoop.fs.Path(warehouse, DIR).toString());
    WarehouseLock lock = new WarehouseLock(files, Holder.me(command), settings, notice);
    long deadline = System.nanoTime() + wait.toNanos();
    boolean told = false;
    while (true) {
      Holder holder = lock.tryCreate(FILE, 0);
      if (holder == null) {
        lock.start();
        return lock;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new HeldException(warehouse, holder, files.where(FILE), wait);
      }
      if (!told) {
        notice.accept(
            "waiting up to " + wait + " for the warehouse lock, held by " + holder.describe());
        told = true;
      }
      Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
    }
  }

  /** The stale holder this lock was taken over from, or null. */
  public Holder tookOver() {
    return tookOver;
  }

  /** Where the lock file is. */
  public String file() {
    return files.where(FILE);
  }

  /**
   * Creates {@code name} as ours, first removing a stale one under a claim; null when it is ours,
   * else its live holder (or, when the way stays blocked after a few rounds, whoever was there
   * last).
   */
  private Holder tryCreate(String name, int depth) throws IOException, InterruptedException {
    int contested = 0;
    while (true) {
      if (files.createExclusive(name, me.render())) {
        return null;
      }
      String text = files.read(name);
      if (text == null) {
        continue; // released between the create and the read
      }
      Holder holder = Holder.parse(text, files.modified(name));
      String stale = stale(holder, Instant.now());
      if (stale == null || depth >= MAX_CLAIM_DEPTH) {
        return holder;
      }
      String claim = name + ".takeover-" + DigestUtils.sha256Hex(text).substring(0, 16);
      if (tryCreate(claim, depth + 1) != null) {
        if (++contested >= 5) {
          return holder; // another writer is taking it over right now; the caller looks again
        }
        Thread.sleep(100);
        continue;
      }
      try {
        if (text.equals(files.read(name))) {
          if (depth == 0) {
            tookOver = holder;
          }
          notice.accept(
              "taking over the stale lock "
                  + files.where(name)
                  + " of "
                  + holder.describe()
                  + ": "
                  + stale);
          files.delete(name);
        }
      } finally {
        files.delete(claim);
      }
    }
  }

  /** Why {@code h} holds its file no more (null while it may). */
  String stale(Holder h, Instant now) {
    if (h.token() != null
        && h.host() != null
        && h.host().equals(HOST)
        && Objects.equals(h.pidNamespace(), PID_NAMESPACE)) {
      Optional<ProcessHandle> process = ProcessHandle.of(h.pid());
      if (process.isEmpty() || !process.get().isAlive()) {
        return "process " + h.pid() + " on this host has ended";
      }
      Long ticks = startTicks(h.pid());
      if (h.processStartTicks() != null && ticks != null) {
        // The kernel's count since boot: a wall-clock step (NTP, a resumed VM) cannot move it.
        if (!ticks.equals(h.processStartTicks())) {
          return "process id " + h.pid() + " now belongs to a process started at another time";
        }
        return null;
      }
      Optional<Instant> started = process.get().info().startInstant();
      if (h.processStarted() != null
          && started.isPresent()
          && Duration.between(h.processStarted(), started.get())
                  .abs()
                  .compareTo(Duration.ofSeconds(2))
              > 0) {
        return "process id " + h.pid() + " now belongs to a process started at " + started.get();
      }
      return null;
    }
    // Another host (or an unreadable file): its processes cannot be seen, only its heartbeat.
    if (h.heartbeat() == null
        || Duration.between(h.heartbeat(), now).compareTo(settings.staleAfter()) > 0) {
      return "no heartbeat since "
          + h.heartbeat()
          + ", longer than writer-lock.stale-after = "
          + settings.staleAfter();
    }
    return null;
  }

  private void start() {
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "warehouse-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = settings.heartbeat().toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    // Before Hadoop closes its file systems (a lock on HDFS needs one to be deleted).
    hook = this::close;
    ShutdownHookManager.get().addShutdownHook(hook, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
  }

  private void beat() {
    try {
      if (mine()) {
        files.touch(FILE, Instant.now());
      } else {
        LOG.error(
            "the warehouse lock {} is no longer this job's (taken over as stale?)",
            files.where(FILE));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("warehouse lock heartbeat failed: {}", e.toString()); // the next beat tries again
    }
  }

  private boolean mine() throws IOException {
    String text = files.read(FILE);
    return text != null && me.token().equals(Holder.parse(text, null).token());
  }

  /** Releases the lock (only while the file is still this job's); idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    if (hook != null && !ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
    try {
      if (mine()) {
        files.delete(FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not release the warehouse lock " + files.where(FILE), e);
    }
  }

  /**
   * The kernel's host name (that of the container, if any), without a DNS lookup that could hang.
   */
  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e2) {
        return "unknown-host";
      }
    }
  }

  /**
   * The process-id namespace (Linux): two containers sharing a host name do not see each other's
   * processes, so a holder is judged by its process id only when both are in the same one.
   */
  private static String pidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * When process {@code pid} started, in clock ticks since boot (field 22 of Linux's {@code
   * /proc/<pid>/stat}); null elsewhere. Unlike {@link ProcessHandle.Info#startInstant}, which each
   * JVM derives from the boot time it read at its own start, it does not move when the wall clock
   * is stepped, so two JVMs always agree on it.
   */
  static Long startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) sits in parentheses and may itself hold spaces or ')'.
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.valueOf(after[19]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
