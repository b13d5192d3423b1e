package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import com.brandpulse.serving.Catalog;
import com.brandpulse.serving.Publisher;
import com.brandpulse.serving.ServingSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code brandpulse publish}: the gold tables' changed weeks into PostgreSQL for BI tools. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the gold tables into PostgreSQL (serving.postgres in conf, as the publisher role; the password",
      "from the environment variable serving.postgres.password-env, else the owner-only file",
      "serving.postgres.credentials-file, never from conf): only weeks whose rows changed since the last",
      "publish, one transaction per table, so a dashboard never sees half a week. Creates the views bi.<table>",
      "(and bi.<table>_<column>, one row per element of an array of structs) with column comments, and indexes",
      "on the usual filters. A rerun copies nothing."
    })
public final class PublishCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--table",
      paramLabel = "LAYER.NAME",
      description =
          "Only this table (repeatable; default: serving.tables, or every gold table when that is empty).")
  List<String> tables = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description = "Only weeks starting on or after this date (default: all weeks).")
  LocalDate from;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Recorded in serving.publish_runs (Airflow passes its run_id; default: a new id).")
  String runId;

  @Override
  public Integer call() throws Exception {
    publish(SparkSessions.getOrCreate("brandpulse-publish"), common.config(), tables, from, runId);
    return 0;
  }

  /**
   * Publishes the named tables (empty: serving.tables, else every gold table) and prints what each
   * got.
   */
  static void publish(
      SparkSession spark, AppConfig config, List<String> tables, LocalDate from, String runId)
      throws Exception {
    ServingSettings settings = ServingSettings.from(config);
    List<TableContract> contracts = Catalog.named(tables.isEmpty() ? settings.tables() : tables);
    if (contracts.isEmpty()) {
      System.out.println(
          "publish: no gold tables are declared and none configured; nothing to publish");
      return;
    }
    String id =
        runId != null
            ? runId
            : "publish-" + Instant.now() + "-" + UUID.randomUUID().toString().substring(0, 8);
    System.out.printf("publish: %d table(s) to %s, run %s%n", contracts.size(), settings, id);
    Publisher.Result result =
        Publisher.publish(spark, config.warehouse(), contracts, settings, id, from, Instant.now());
    for (Publisher.TableResult t : result.tables()) {
      if (t.skipped() != null) {
        System.out.printf("  %-28s skipped: %s%n", t.table(), t.skipped());
      } else {
        System.out.printf(
            "  %-28s Delta v%d: %d of %d slice(s) changed %s, %d removed %s, %d rows copied%s%n",
            t.table(),
            t.deltaVersion(),
            t.changed().size(),
            t.slices(),
            abbreviate(t.changed()),
            t.removed().size(),
            abbreviate(t.removed()),
            t.rows(),
            t.rebuilt() ? " (table built)" : "");
      }
    }
    if (result.tables().stream()
        .allMatch(t -> t.changed().isEmpty() && t.removed().isEmpty() && !t.rebuilt())) {
      System.out.println("publish: every table is as last published: nothing to do");
    }
  }

  private static String abbreviate(List<String> slices) {
    if (slices.isEmpty()) {
      return "";
    }
    return slices.size() <= 4
        ? slices.toString()
        : "[" + slices.get(0) + " .. " + slices.get(slices.size() - 1) + "]";
  }
}
