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
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.execution.command.ExplainCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code brandpulse sql}: Spark SQL over the warehouse tables, printed as CSV with a header. For reading only: the
 * statement is parsed first and anything that is not a query (or SHOW, DESCRIBE, EXPLAIN) is refused before it
 * runs, and the tables are registered as views, which Spark does not write through.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run one read-only Spark SQL statement over the warehouse and print the result as CSV with a",
        "header. Tables are addressable as layer.name (read-only views): bronze.raw_posts, silver.posts,",
        "silver.quarantine, silver.control_events, ops.ingest_runs ... Exit code 2: the statement would change",
        "something (DELETE, INSERT, MERGE, CREATE, DROP, ALTER, OPTIMIZE, VACUUM, SET ...)."})
public final class SqlCommand implements Callable<Integer> {
  /** Refused: the statement is not a read. */
  static final int EXIT_REFUSED = 2;
  /** Commands that only look: listings and descriptions. */
  private static final Set<String> LOOKING = Set.of("ShowTables", "ShowViews", "ShowColumns", "ShowNamespaces",
      "ShowFunctions", "ShowTableProperties", "DescribeRelation", "DescribeColumn", "DescribeNamespace");

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement.")
  String statement;

  @Override
  public Integer call() throws Exception {
    AppConfig config = common.config();
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-sql");
    String refusal = refusal(spark, statement);
    if (refusal != null) {
      System.err.println("sql: refused: " + refusal);
      return EXIT_REFUSED;
    }
    registerTables(spark, config.warehouse());
    print(spark.sql(statement), System.out);
    return 0;
  }

  /**
   * Why the statement is not a read (null when it is), from Spark's own parse (Delta's statements included): a
   * plan holding any command or write statement is refused, but for listings, descriptions and the EXPLAIN of a
   * read. A statement Spark cannot parse fails here with Spark's parse error, before anything runs.
   */
  static String refusal(SparkSession spark, String statement) throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
    if (plan instanceof ExplainCommand explain) {
      plan = explain.logicalPlan();
    } else if (LOOKING.contains(plan.getClass().getSimpleName())) {
      return null;
    }
    String writer = writer(plan);
    return writer == null ? null : writer + ": sql only reads (SELECT, SHOW, DESCRIBE, EXPLAIN); tables are written by"
        + " their own commands (ingest, enrich, score, aggregate, alert, labels, publish ...)";
  }

  /**
   * The first command or write statement in the plan (a script's block is a command too; Delta's RESTORE and CLONE
   * parse to statements of their own name), or null.
   */
  private static String writer(LogicalPlan plan) {
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.Command || plan instanceof ParsedStatement
        || plan.nodeName().endsWith("Statement")) {
      return plan.nodeName();
    }
    for (LogicalPlan child : scala.jdk.javaapi.CollectionConverters.asJava(plan.children())) {
      String writer = writer(child);
      if (writer != null) {
        return writer;
      }
    }
    return null;
  }

  /**
   * Makes every existing table of the warehouse addressable as layer.name in this session, as a view of its Delta
   * table: DELETE, UPDATE, MERGE and INSERT do not write through a view.
   */
  static void registerTables(SparkSession spark, String warehouse) {
    for (TableContract table : com.brandpulse.serving.Catalog.all()) {
      if (table.exists(spark, warehouse)) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + table.layer());
        spark.sql("CREATE OR REPLACE VIEW " + table.qualifiedName() + " AS SELECT * FROM delta.`"
            + table.path(warehouse).replace("`", "``") + "`");
      }
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
