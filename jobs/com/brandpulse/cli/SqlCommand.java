package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.SparkSessions;
import com.brandpulse.common.TableContract;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.execution.command.ExplainCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brandpulse sql}: Spark SQL over the warehouse tables, printed as CSV with a header, JSON
 * lines or a table ({@link SqlOutput}). A statement Spark cannot parse or resolve is the user's to
 * fix: one line, exit code 2 ({@link UserError}). For reading only: the statement is parsed first
 * and anything that is not a query (or SHOW, DESCRIBE, EXPLAIN) is refused before it runs, and the
 * tables are registered as views, which Spark does not write through.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one read-only Spark SQL statement over the warehouse and print the result as CSV with a",
      "header (--format json: one JSON object per row; table: aligned columns). Arrays, structs and maps print",
      "as JSON. Tables are addressable as layer.name (read-only views): bronze.raw_posts, silver.posts,",
      "silver.quarantine, silver.control_events, ops.ingest_runs ... Exit code 2: the statement would change",
      "something (DELETE, INSERT, MERGE, CREATE, DROP, ALTER, OPTIMIZE, VACUUM, SET ...), or it does not parse",
      "or names a table or column that does not exist."
    })
public final class SqlCommand implements Callable<Integer> {
  /** Commands that only look: listings and descriptions. */
  private static final Set<String> LOOKING =
      Set.of(
          "ShowTables",
          "ShowViews",
          "ShowColumns",
          "ShowNamespaces",
          "ShowFunctions",
          "ShowTableProperties",
          "DescribeRelation",
          "DescribeColumn",
          "DescribeNamespace");

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement.")
  String statement;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "FORMAT",
      description =
          "csv (default, with a header), json (one JSON object per row) or table (aligned columns).")
  SqlOutput.Format format;

  @Override
  public Integer call() throws Exception {
    AppConfig config = common.config();
    SparkSession spark = SparkSessions.getOrCreate("brandpulse-sql");
    Dataset<Row> result;
    try {
      String refusal = refusal(spark, statement);
      if (refusal != null) {
        throw new UserError("refused: " + refusal);
      }
      registerTables(spark, config.warehouse());
      result =
          spark.sql(
              statement); // analysed here: an unknown table or column fails before anything runs
    } catch (AnalysisException e) { // ParseException is one too
      throw new UserError(
          sparkSays(e)
              + "; fix the statement (brandpulse sql \"SHOW TABLES IN silver\" lists a"
              + " layer's tables, \"DESCRIBE silver.posts\" a table's columns)",
          e);
    }
    try {
      SqlOutput.print(result, format, System.out);
    } catch (RuntimeException e) {
      // Spark's data exceptions (SQLSTATE class 22: division by zero, a cast that fails ...) are
      // the statement's.
      if (e instanceof org.apache.spark.SparkThrowable t
          && t.getSqlState() != null
          && t.getSqlState().startsWith("22")) {
        throw new UserError(sparkSays(e) + "; fix the statement", e);
      }
      throw e;
    }
    return 0;
  }

  /**
   * The first line of Spark's error ([ERROR_CLASS] what is wrong ...), without its closing
   * punctuation.
   */
  private static String sparkSays(Exception e) {
    return Failures.firstLine(e.getMessage()).replaceAll("[.;]+$", "");
  }

  /**
   * Why the statement is not a read (null when it is), from Spark's own parse (Delta's statements
   * included): a plan holding any command or write statement is refused, but for listings,
   * descriptions and the EXPLAIN of a read. A statement Spark cannot parse fails here with Spark's
   * parse error, before anything runs.
   */
  static String refusal(SparkSession spark, String statement) throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
    if (plan instanceof ExplainCommand explain) {
      plan = explain.logicalPlan();
    } else if (LOOKING.contains(plan.getClass().getSimpleName())) {
      return null;
    }
    String writer = writer(plan);
    return writer == null
        ? null
        : writer
            + ": sql only reads (SELECT, SHOW, DESCRIBE, EXPLAIN); tables are written by"
            + " their own commands (ingest, enrich, score, aggregate, alert, labels, publish ...)";
  }

  /**
   * The first command or write statement in the plan (a script's block is a command too; Delta's
   * RESTORE and CLONE parse to statements of their own name), or null.
   */
  private static String writer(LogicalPlan plan) {
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.Command
        || plan instanceof ParsedStatement
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
   * Makes every existing table of the warehouse addressable as layer.name in this session, as a
   * view of its Delta table: DELETE, UPDATE, MERGE and INSERT do not write through a view.
   */
  static void registerTables(SparkSession spark, String warehouse) {
    for (TableContract table : com.brandpulse.serving.Catalog.all()) {
      if (table.exists(spark, warehouse)) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + table.layer());
        spark.sql(
            "CREATE OR REPLACE VIEW "
                + table.qualifiedName()
                + " AS SELECT * FROM delta.`"
                + table.path(warehouse).replace("`", "``")
                + "`");
      }
    }
  }

  /** The result as CSV with a header, as {@code sql} prints it by default. Shared with the demo. */
  static void print(Dataset<Row> result, PrintStream out) {
    SqlOutput.print(result, SqlOutput.Format.CSV, out);
  }
}
