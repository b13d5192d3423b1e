package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Vacuum;
import com.brandpulse.gold.CrisisJob;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.WeeklyAggregatesJob;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.privacy.ForgetJob;
import com.brandpulse.serving.Catalog;
import com.brandpulse.serving.PgSchema;
import com.brandpulse.serving.ServingSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse forget}: erases people on request, from bronze to the served copy. Runs the
 * erasure ({@link ForgetJob}), recomputes the gold weeks that held their posts (the aggregate job,
 * incrementally), vacuums what changed, and publishes; the request is recorded by pseudonym so that
 * no later load brings them back.
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Erase people on request: their posts and everything derived from them (enrichment, mentions,",
      "sentiment, topics, roster rows, gold weeks, the PostgreSQL copy), their raw records in bronze and",
      "silver.quarantine, then vacuum (privacy.erasure-vacuum-hours) so that no data file holds them. The request",
      "is kept in ops.erasure_requests by pseudonym (never the handle); ingest never loads them again."
    })
public final class ForgetCommand implements Callable<Integer> {
  @Mixin WriterOptions common;

  @Option(
      names = "--platform",
      paramLabel = "NAME",
      description = "The platform of --handle and --author-id: twitter, reddit, ...")
  String platform;

  @Option(
      names = "--handle",
      paramLabel = "HANDLE",
      description = "A handle to erase (repeatable).")
  List<String> handles = new ArrayList<>();

  @Option(
      names = "--author-id",
      paramLabel = "ID",
      description = "An account id to erase (repeatable).")
  List<String> accountIds = new ArrayList<>();

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = {
        "One account of the person per line, on any platform: `<platform> <handle>` or",
        "`<platform> id:<account id>`; blank lines and # comments are skipped."
      })
  Path file;

  @Option(
      names = "--publish",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Update the PostgreSQL copy afterwards (default: yes; --no-publish when serving is not used).")
  boolean publish;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<ForgetJob.Account> accounts = new ArrayList<>();
    if ((!handles.isEmpty() || !accountIds.isEmpty()) && platform == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--handle and --author-id need --platform");
    }
    handles.forEach(h -> accounts.add(new ForgetJob.Account(platform, h, null)));
    accountIds.forEach(i -> accounts.add(new ForgetJob.Account(platform, null, i)));
    if (file != null) {
      accounts.addAll(readFile(file));
    }
    if (accounts.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "nobody to forget: give --handle, --author-id" + " or --file");
    }
    forget(
        SparkSessions.getOrCreate("brandpulse-forget"),
        common.config(),
        new ForgetJob.Subject(accounts),
        publish);
    return 0;
  }

  /**
   * Erases, recomputes the gold weeks that change, vacuums, and (when {@code publish}) updates
   * PostgreSQL.
   */
  static ForgetJob.Result forget(
      SparkSession spark, AppConfig config, ForgetJob.Subject subject, boolean publish)
      throws Exception {
    double hours = config.get().getDouble("privacy.erasure-vacuum-hours");
    ForgetJob.Result r =
        ForgetJob.run(
            spark,
            config.warehouse(),
            subject,
            Pseudonymizer.fromConfig(config),
            IngestSettings.from(config),
            hours,
            Instant.now());
    System.out.printf(
        "forget: request %s: %d post(s) and %d derived row(s) removed, %d roster row(s); bronze: %d"
            + " record(s) deleted, %d rewritten; %d quarantine row(s); %d table(s) vacuumed (%.1f h)%n",
        r.requestId(),
        r.posts(),
        r.derivedRows(),
        r.people(),
        r.bronze().deleted(),
        r.bronze().redacted(),
        r.bronze().quarantine(),
        r.touched().size(),
        hours);
    List<TableContract> gold = new ArrayList<>(GoldTables.ALL);
    gold.addAll(CrisisTables.ALL);
    Map<TableContract, String> before = new LinkedHashMap<>();
    for (TableContract t : gold) {
      if (t.exists(spark, config.warehouse())) {
        before.put(t, DeltaVersions.stamp(spark, t.path(config.warehouse())));
      }
    }
    if (r.posts() > 0 && !before.isEmpty()) {
      // The weeks that held their posts change inputs: the incremental run recomputes exactly
      // those, of the gold
      // tables there are (a warehouse with crisis signals only does not get weekly aggregates from
      // a forget).
      if (GoldTables.BRAND_HEALTH_WEEKLY.exists(spark, config.warehouse())) {
        AggregateCommand.aggregate(
            spark, config, new WeeklyAggregatesJob.Options(false, List.of()));
      } else {
        CrisisJob.run(spark, config, false, List.of(), Instant.now());
      }
      for (Map.Entry<TableContract, String> t : before.entrySet()) {
        String path = t.getKey().path(config.warehouse());
        if (!t.getValue().equals(DeltaVersions.stamp(spark, path))) {
          Vacuum.run(spark, path, hours);
        }
      }
    }
    if (publish && r.posts() > 0) {
      PublishCommand.publish(spark, config, List.of(), null, "forget-" + r.requestId());
      vacuumServed(config);
    }
    return r;
  }

  /**
   * Rewrites the served tables: PostgreSQL keeps deleted rows in its pages until a full vacuum
   * rewrites them (a plain VACUUM only marks the space free).
   */
  static void vacuumServed(AppConfig config) throws Exception {
    ServingSettings settings = ServingSettings.from(config);
    try (Connection c = settings.connect();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true); // VACUUM cannot run in a transaction block
      for (TableContract t : Catalog.named(settings.tables())) {
        try (var rs =
            st.executeQuery("SELECT to_regclass('" + PgSchema.table(t).replace("'", "''") + "')")) {
          if (rs.next() && rs.getString(1) != null) {
            st.execute("VACUUM (FULL) " + PgSchema.table(t));
          }
        }
      }
    }
  }

  static List<ForgetJob.Account> readFile(Path file) throws IOException {
    List<ForgetJob.Account> accounts = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      String[] parts = entry.split("\\s+", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            file
                + " line "
                + n
                + ": expected `<platform> <handle>` or"
                + " `<platform> id:<account id>`");
      }
      accounts.add(
          parts[1].startsWith("id:")
              ? new ForgetJob.Account(parts[0], null, parts[1].substring(3))
              : new ForgetJob.Account(parts[0], parts[1], null));
    }
    return accounts;
  }
}
