package com.brandpulse.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of a job's input tables that changed since the job's last successful run, read from
 * Delta's change data feed (tables whose contract asks for it, {@link TableContract#changeFeed()})
 * between the versions that run read and the versions this run reads. It lets a nightly job read
 * what the night touched instead of comparing its whole history; it never decides alone: when the
 * changes are unknown (first run, other settings, a table created, re-created or written without
 * the feed, feed files vacuumed or log entries cleaned up) the job does its full comparison.
 *
 * <p>State: {@code <warehouse>/ops/_job_state/<consumer>.feed}, beside {@link JobGate}'s, written
 * whole after the job's writes committed: the settings key and, per table, its Delta id and the
 * version read. Deleting it only makes the next run compare in full. No row data is kept there; the
 * feed's own files ({@code _change_data}) are removed by VACUUM with the table's other files, so an
 * erasure still reaches the disk.
 */
public final class ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  public static final String PROPERTY = "delta.enableChangeDataFeed";

  /** A table as one run read it: its Delta id and version ({@code absent}, -1 when missing). */
  private record Seen(String id, long version, boolean feed) {
    String render() {
      return id + "@" + version + (feed ? "" : "@nofeed");
    }

    static Seen parse(String text) {
      String[] p = text.split("@");
      return new Seen(p[0], Long.parseLong(p[1]), p.length < 3);
    }
  }

  private final SparkSession spark;
  private final String warehouse;
  private final String consumer;
  private final String key;
  private final List<TableContract> tables;
  private final Map<String, Seen> now = new LinkedHashMap<>();
  private final Map<String, Seen> last;
  private String unknown;

  private ChangeFeed(
      SparkSession spark,
      String warehouse,
      String consumer,
      String key,
      List<TableContract> tables) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.consumer = consumer;
    this.key = DigestUtils.sha256Hex(key);
    this.tables = List.copyOf(tables);
    for (TableContract t : tables) {
      now.put(t.qualifiedName(), seen(t));
    }
    Map<String, String> state = readState();
    if (state == null) {
      last = Map.of();
      unknown = "no record of a previous run";
    } else if (!this.key.equals(state.get("key"))) {
      last = Map.of();
      unknown = "its settings changed since the last run";
    } else {
      last = new LinkedHashMap<>();
      try {
        state.forEach(
            (k, v) -> {
              if (!k.equals("key")) {
                last.put(k, Seen.parse(v));
              }
            });
      } catch (RuntimeException e) {
        // a state file damaged by hand or by a full disk: a memory lost, not an error
        last.clear();
        unknown = "its state file " + stateFile() + " is damaged";
        LOG.warn("{}: {} ({}): comparing in full", consumer, unknown, e.toString());
      }
    }
  }

  /**
   * The feed of {@code consumer} (a file-name-safe job name) over {@code tables} as they stand now;
   * {@code key} is everything else the job's output depends on (settings, logic version), as text:
   * when it changes, the changes are unknown.
   */
  public static ChangeFeed open(
      SparkSession spark,
      String warehouse,
      String consumer,
      String key,
      List<TableContract> tables) {
    if (!consumer.matches("[a-z0-9._-]+")) {
      throw new IllegalArgumentException("change feed consumer must be [a-z0-9._-]+: " + consumer);
    }
    return new ChangeFeed(spark, warehouse, consumer, key, tables);
  }

  /**
   * The rows of {@code table} written, updated (both images) or deleted since the last run, with
   * {@code columns} and {@code _change_type}, materialised; empty when the changes are unknown
   * (then {@link #unknownReason} says why and every later call is empty too).
   */
  public Optional<Dataset<Row>> changes(TableContract table, String... columns) {
    if (unknown != null) {
      return Optional.empty();
    }
    String name = table.qualifiedName();
    Seen before = last.get(name);
    Seen current = now.get(name);
    if (current == null) {
      throw new IllegalArgumentException(name + " is not an input of " + consumer + "'s feed");
    }
    if (before == null || !before.id().equals(current.id())) {
      return unknown(name + " was created or re-created since the last run");
    }
    Column[] select =
        Arrays.stream(columns).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    if (before.version() == current.version()) {
      return Optional.of(
          table
              .fixture(spark, List.of())
              .select(select)
              .withColumn("_change_type", lit(null).cast("string")));
    }
    if (!before.feed() || !current.feed()) {
      return unknown(name + " has no change data feed (" + PROPERTY + ")");
    }
    List<Column> withType = new ArrayList<>(Arrays.asList(select));
    withType.add(col("_change_type"));
    try {
      // eager: a range the feed cannot serve fails here, not later inside the job's plan
      return Optional.of(
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", before.version() + 1)
              .option("endingVersion", current.version())
              .load(table.path(warehouse))
              .select(withType.toArray(new Column[0]))
              .localCheckpoint());
    } catch (Exception e) {
      return unknown(
          name
              + "'s change feed from version "
              + (before.version() + 1)
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * The UTC days (of {@code created_at}) of every row that changed in {@code tables} (each with a
   * created_at column), before and after the change: what a job whose unit of work is a day must
   * recompute. Empty when the changes are unknown.
   */
  public Optional<List<java.sql.Date>> changedDays(List<TableContract> tables) {
    return changedRows(tables, "created_at").map(StaleDays::daysOf);
  }

  /**
   * {@link #changes} of every table of {@code tables} (each with {@code columns}), as one frame of
   * {@code columns}; empty when the changes of any of them are unknown.
   */
  public Optional<Dataset<Row>> changedRows(List<TableContract> tables, String... columns) {
    Dataset<Row> all = null;
    for (TableContract t : tables) {
      Optional<Dataset<Row>> c = changes(t, columns);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      Dataset<Row> rows = c.get().drop("_change_type");
      all = all == null ? rows : all.unionByName(rows);
    }
    return Optional.ofNullable(all);
  }

  /**
   * True when {@code table} is known not to have changed since the last run. A change makes every
   * later answer unknown, for {@code why} (what the table's change means to the job), so that the
   * job compares in full and says so.
   */
  public boolean unchanged(TableContract table, String why) {
    Optional<Dataset<Row>> c = changes(table, table.columnNames()[0]);
    if (c.isPresent() && !c.get().isEmpty()) {
      unknown(table.qualifiedName() + " changed since the last run (" + why + ")");
    }
    return unknown == null;
  }

  /** Why the changes are unknown, or null while they are known. */
  public String unknownReason() {
    return unknown;
  }

  private Optional<Dataset<Row>> unknown(String reason) {
    unknown = reason;
    LOG.info("{}: changes since the last run unknown: {}: comparing in full", consumer, reason);
    return Optional.empty();
  }

  /**
   * Records the tables' versions as they stand after the job's writes (call once they have
   * committed): what the job read, plus its own writes, which the next run need not look at again.
   * The warehouse lock keeps other writers out between the start of the job and this.
   */
  public void record() {
    StringBuilder text = new StringBuilder("key=" + key + "\n");
    for (TableContract t : tables) {
      text.append(t.qualifiedName()).append('=').append(seen(t).render()).append('\n');
    }
    try {
      JobStateFile.write(spark, stateFile(), text.toString());
    } catch (IOException e) {
      // the job's work is committed; without the state the next run compares in full
      LOG.warn(
          "{}: could not record its change feed state {}: {}", consumer, stateFile(), e.toString());
    }
  }

  private Seen seen(TableContract t) {
    return DeltaMetadata.of(spark, t.path(warehouse))
        .map(
            m ->
                new Seen(
                    m.id(), m.version(), "true".equalsIgnoreCase(m.properties().get(PROPERTY))))
        .orElse(new Seen("absent", -1, false));
  }

  private Path stateFile() {
    return JobStateFile.of(warehouse, consumer + ".feed");
  }

  private Map<String, String> readState() {
    Path file = stateFile();
    try {
      String text = JobStateFile.read(spark, file);
      if (text == null) {
        return null;
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: change feed state {} unreadable ({}): comparing in full", consumer, file, e);
      return null;
    }
  }
}
