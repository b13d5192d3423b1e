package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A user's mistake is one line on stderr, {@code brandpulse <command>: <what is wrong and what to
 * do>}, and exit code 2, run in-process through the CLI's entry point; {@code --verbose} adds the
 * stack trace; an internal failure exits 1 with its cause on the first line.
 */
@Tag("fast")
class UserErrorsTest {
  private static Path warehouse;
  private static Path input;

  /** What a run printed and how it ended. */
  record Run(int code, String err, String systemErr) {
    List<String> lines() {
      return err.lines().toList();
    }
  }

  @BeforeAll
  static void sparkFirst() throws Exception {
    TestSpark
        .get(); // started here, so that its start-up logging is not taken for the command's output
    warehouse = TestSpark.newWarehouse("user-errors");
    input = Files.createDirectories(warehouse.resolve("in"));
  }

  /**
   * Runs the CLI as main does, capturing its stderr (picocli's and System.err) and discarding
   * stdout.
   */
  static Run run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      int code = BrandPulse.commandLine().setErr(new PrintWriter(err, true)).execute(args);
      return new Run(code, err.toString(), systemErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  /** Exit code 2 and exactly {@code expected} on stderr. */
  static void oneLine(String expected, String... args) {
    Run r = run(args);
    assertEquals(List.of(expected), r.lines(), r.err);
    assertEquals("", r.systemErr);
    assertEquals(2, r.code);
  }

  @Test
  void aMissingInputPath() {
    oneLine(
        "brandpulse ingest: input not found: /nonexistent/posts; --input takes an existing file or directory",
        "ingest",
        "--input",
        "/nonexistent/posts",
        "--warehouse",
        warehouse.toString());
  }

  @Test
  void aBadOptionValue() {
    oneLine(
        "brandpulse report: Invalid value for option '--trend-weeks': 'many' is not an int;"
            + " see brandpulse report --help",
        "report",
        "--trend-weeks",
        "many",
        "--warehouse",
        warehouse.toString());
    oneLine(
        "brandpulse sql: Invalid value for option '--format': expected one of [CSV, JSON, TABLE]"
            + " (case-insensitive) but was 'xml'; see brandpulse sql --help",
        "sql",
        "SELECT 1",
        "--format",
        "xml",
        "--warehouse",
        warehouse.toString());
    oneLine(
        "brandpulse: Unmatched argument at index 0: 'injest' (did you mean ingest?); see brandpulse --help",
        "injest");
    oneLine(
        "brandpulse ingest: --set expects key=value, got: ingest.max-text-chars",
        "ingest",
        "--input",
        input.toString(),
        "--set",
        "ingest.max-text-chars");
  }

  @Test
  void anUnknownWeekForReport() {
    oneLine(
        "brandpulse report: --week: week 2026-W54 does not exist: 2026 has 53 ISO weeks;"
            + " see brandpulse report --help",
        "report",
        "--week",
        "2026-W54",
        "--warehouse",
        warehouse.toString());
    oneLine(
        "brandpulse report: gold.brand_health_weekly does not exist in "
            + warehouse
            + ": run `brandpulse aggregate` first",
        "report",
        "--week",
        "2026-W40",
        "--warehouse",
        warehouse.toString());
    oneLine(
        "brandpulse report: no weeks in gold.brand_health_weekly of "
            + warehouse
            + ": run brandpulse aggregate first",
        "report",
        "--warehouse",
        warehouse.toString());
  }

  @Test
  void aSqlSyntaxErrorOrAnUnknownTable() {
    Run syntax =
        run("sql", "SELEC count(*) FROM silver.posts", "--warehouse", warehouse.toString());
    assertEquals(2, syntax.code);
    assertEquals(1, syntax.lines().size(), syntax.err);
    assertTrue(
        syntax.err.startsWith(
            "brandpulse sql: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'."),
        syntax.err);
    assertTrue(
        syntax.err.endsWith(
            "; fix the statement (brandpulse sql \"SHOW TABLES IN silver\" lists a layer's"
                + " tables, \"DESCRIBE silver.posts\" a table's columns)\n"),
        syntax.err);
    Run table =
        run("sql", "SELECT * FROM silver.no_such_table", "--warehouse", warehouse.toString());
    assertEquals(2, table.code);
    assertEquals(1, table.lines().size(), table.err);
    assertTrue(table.err.startsWith("brandpulse sql: [TABLE_OR_VIEW_NOT_FOUND]"), table.err);
    Run zero = run("sql", "SELECT 1 / 0", "--warehouse", warehouse.toString());
    assertEquals(2, zero.code);
    assertTrue(
        zero.err.startsWith("brandpulse sql: [DIVIDE_BY_ZERO]") && zero.lines().size() == 1,
        zero.err);
    oneLine(
        "brandpulse sql: refused: DeleteFromTable: sql only reads (SELECT, SHOW, DESCRIBE, EXPLAIN); tables are"
            + " written by their own commands (ingest, enrich, score, aggregate, alert, labels, publish ...)",
        "sql",
        "DELETE FROM silver.posts",
        "--warehouse",
        warehouse.toString());
  }

  @Test
  void aMissingSecret() {
    oneLine(
        "brandpulse ingest: environment variable BRANDPULSE_TEST_UNSET_KEY is not set: export it with the secret"
            + " before running (a secret is never read from configuration files)",
        "ingest",
        "--input",
        input.toString(),
        "--warehouse",
        warehouse.toString(),
        "--set",
        "privacy.pseudonym-key-env=BRANDPULSE_TEST_UNSET_KEY");
  }

  @Test
  void verboseAddsTheStackTraceAfterTheSameLine() {
    for (List<String> args :
        List.of(
            List.of(
                "ingest",
                "--verbose",
                "--input",
                "/nonexistent/posts",
                "--warehouse",
                warehouse.toString()),
            List.of(
                "--verbose",
                "ingest",
                "--input",
                "/nonexistent/posts",
                "--warehouse",
                warehouse.toString()))) {
      Run r = run(args.toArray(new String[0]));
      assertEquals(2, r.code);
      List<String> lines = r.lines();
      assertEquals(
          "brandpulse ingest: input not found: /nonexistent/posts; --input takes an existing file or"
              + " directory",
          lines.get(0),
          r.err);
      assertEquals(
          "com.brandpulse.cli.UserError: input not found: /nonexistent/posts; --input takes an existing"
              + " file or directory",
          lines.get(1),
          r.err);
      assertTrue(
          lines.size() > 3
              && lines.get(2).startsWith("\tat com.brandpulse.cli.IngestCommand.checkLocal"),
          r.err);
    }
    Run bad = run("report", "--trend-weeks", "many", "--verbose");
    assertEquals(2, bad.code);
    assertTrue(
        bad.lines().size() > 2
            && bad.lines().get(1).startsWith("picocli.CommandLine$ParameterException"),
        bad.err);
  }

  @CommandLine.Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException(
          "the job broke", new java.io.IOException("disk full\nsecond line"));
    }
  }

  @Test
  void anInternalFailureExitsOneWithItsCauseOnTheFirstLineAndTheStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Broken()).setErr(new PrintWriter(err, true));
    Failures.install(cli);
    assertEquals(1, cli.execute());
    List<String> lines = err.toString().lines().toList();
    assertEquals(
        "brandpulse: failed: IllegalStateException: the job broke (caused by IOException: disk full)"
            + " (an internal error; the stack trace follows)",
        lines.get(0));
    assertTrue(
        lines.get(1).startsWith("java.lang.IllegalStateException: the job broke"), err.toString());
  }
}
