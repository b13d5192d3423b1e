package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code brandpulse sql}: Spark SQL over the warehouse tables, printed as CSV with a header. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run one Spark SQL statement over the warehouse and print the result as CSV with a header.",
        "Tables are addressable as layer.name: bronze.raw_posts, silver.posts, silver.quarantine,",
        "silver.control_events, ops.ingest_runs ..."})
public final class SqlCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement.")
  String statement;

  @Override
  public Integer call() throws Exception {
    AppConfig config = common.config();
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-sql");
    registerTables(spark, config.warehouse());
    print(spark.sql(statement), System.out);
    return 0;
  }

  /** Makes every existing table of the warehouse addressable as layer.name in this session. */
  static void registerTables(SparkSession spark, String warehouse) throws java.io.IOException {
    for (TableContract table : com.brandpulse.serving.Catalog.all()) {
      table.register(spark, warehouse);
    }
  }

  static void print(Dataset<Row> result, PrintStream out) {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setNullValue("");
    settings.getFormat().setLineSeparator("\n");
    CsvWriter csv = new CsvWriter(writer, settings);
    csv.writeHeaders(result.columns());
    for (Row row : result.collectAsList()) {
      Object[] values = new Object[row.length()];
      for (int i = 0; i < values.length; i++) {
        Object v = row.get(i);
        values[i] = v instanceof scala.collection.Iterable<?> || v instanceof Row ? String.valueOf(v) : v;
      }
      csv.writeRow(values);
    }
    csv.flush();
  }
}
