package com.brandpulse.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a job has anything to do, decided from cheap metadata before it reads any data: the Delta
 * commit of every table it reads or writes ({@link DeltaVersions}), its settings and logic version,
 * and anything else its output depends on (input files, the application jar). After a successful
 * run the job records the fingerprint as the tables then stand; the next run with the same
 * fingerprint does nothing: no scan, no write, no commit. Any change, including one by another job
 * or by hand, misses the gate and the job runs its normal incremental logic, which is what decides
 * exactly what to recompute.
 *
 * <p>State: one small text file per job and scope, {@code <warehouse>/ops/_job_state/<job>.state},
 * written whole (temporary file, then rename) only after the job's writes committed. It is a
 * memory, not data: deleting it only makes the next run do its full incremental check.
 */
public final class JobGate {
  private static final Logger LOG = LoggerFactory.getLogger(JobGate.class);

  private final SparkSession spark;
  private final String warehouse;
  private final String job;
  private final String settings;
  private final List<TableContract> tables;

  private JobGate(
      SparkSession spark,
      String warehouse,
      String job,
      String settings,
      List<TableContract> tables) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.job = job;
    this.settings = settings;
    this.tables = tables;
  }

  /**
   * A gate for {@code job} (a file-name-safe name, e.g. {@code enrich}) over the tables it reads
   * and writes; {@code settings} is everything else its output depends on, as text.
   */
  public static JobGate of(
      SparkSession spark,
      String warehouse,
      String job,
      String settings,
      List<TableContract> tables) {
    if (!job.matches("[a-z0-9._-]+")) {
      throw new IllegalArgumentException("job gate name must be [a-z0-9._-]+: " + job);
    }
    return new JobGate(spark, warehouse, job, settings, List.copyOf(tables));
  }

  /** True when nothing the job depends on changed since its last successful run. */
  public boolean unchanged() {
    String stored = readState();
    boolean same = stored != null && stored.equals(fingerprint());
    if (same) {
      LOG.info(
          "{}: nothing changed since its last run (inputs, outputs, settings): nothing to do", job);
    }
    return same;
  }

  /**
   * Records the fingerprint of the tables as they stand now: call after the job's writes have
   * committed.
   */
  public void record() {
    String description = describe(); // one listing of the logs for both the hash and the file
    try {
      JobStateFile.write(
          spark,
          stateFile(),
          "fingerprint="
              + DigestUtils.sha256Hex(description)
              + "\nrecorded_at="
              + Instant.now()
              + "\n"
              + description);
    } catch (IOException e) {
      // The job's work is committed; without the state the next run just does its full incremental
      // check.
      LOG.warn("{}: could not record the job state in {}: {}", job, stateFile(), e.toString());
    }
  }

  /**
   * Forgets the last run, so the next run does its full incremental check (an operator's reset).
   */
  public void clear() {
    Path file = stateFile();
    try {
      file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String fingerprint() {
    return DigestUtils.sha256Hex(describe());
  }

  /**
   * What the fingerprint is made of, one line each (kept in the state file for whoever wonders
   * why).
   */
  private String describe() {
    List<String> lines = new ArrayList<>();
    lines.add("job=" + job);
    lines.add("code=" + CodeVersion.get());
    lines.add("settings=" + DigestUtils.sha256Hex(settings));
    for (TableContract t : tables) {
      lines.add(t.qualifiedName() + "=" + DeltaVersions.stamp(spark, t.path(warehouse)));
    }
    return String.join("\n", lines) + "\n";
  }

  private Path stateFile() {
    return JobStateFile.of(warehouse, job + ".state");
  }

  private String readState() {
    Path file = stateFile();
    try {
      String text = JobStateFile.read(spark, file);
      if (text != null) {
        for (String line : text.split("\n")) {
          if (line.startsWith("fingerprint=")) {
            return line.substring("fingerprint=".length());
          }
        }
      }
      return null;
    } catch (IOException e) {
      LOG.warn("{}: job state {} unreadable ({}): running in full", job, file, e.toString());
      return null;
    }
  }
}
