package com.brandpulse.cli;

import com.brandpulse.serving.ServingSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.core.SqlCommandType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code brandpulse bi-sql}: one read on the serving PostgreSQL database as the BI reader, printed
 * as CSV. The database enforces what the reader may do (its role sees the views only, see
 * ServingRoles), in a read-only transaction with a statement timeout; the checks here only turn
 * what it would refuse into a clear message.
 */
@Command(
    name = "bi-sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one read on the BI database (serving.postgres) as the BI reader (serving.reader) and print",
      "the result as CSV, e.g. \"SELECT * FROM bi.brand_health_weekly ORDER BY week_start\". Exactly one",
      "statement, in a read-only transaction (rolled back), cancelled after serving.bi-statement-timeout.",
      "Exit code 2: refused (more than one statement, not a read, or not allowed to the reader)."
    })
public final class BiSqlCommand implements Callable<Integer> {
  /** Refused: the statement is not one read the reader may run. */
  static final int EXIT_REFUSED = 2;

  /** What the reader's refusals look like: read-only transaction, privilege, statement timeout. */
  private static final Set<String> REFUSED_STATES = Set.of("25006", "42501", "57014");

  private static final Set<SqlCommandType> READS =
      Set.of(
          SqlCommandType.SELECT,
          SqlCommandType.WITH,
          SqlCommandType
              .BLANK); // BLANK: what the driver does not classify (VALUES, TABLE, EXPLAIN, SHOW
  // ...)

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT")
  String statement;

  @Override
  public Integer call() throws SQLException {
    String refusal = refusal(statement);
    if (refusal != null) {
      return refuse(refusal);
    }
    try (Connection conn = ServingSettings.from(common.config()).connectReader()) {
      conn.setReadOnly(true); // BEGIN READ ONLY, besides the session's default
      try (Statement st = conn.createStatement()) {
        if (!st.execute(statement)) {
          return refuse("the statement returned no rows; bi-sql runs one read (SELECT ...)");
        }
        try (ResultSet rs = st.getResultSet()) {
          print(rs, System.out);
        }
      } catch (SQLException e) {
        if (REFUSED_STATES.contains(e.getSQLState())) {
          return refuse(e.getMessage().lines().findFirst().orElse(e.getSQLState()));
        }
        throw e;
      } finally {
        conn.rollback();
      }
    }
    return 0;
  }

  /**
   * Why the driver would not send this as exactly one read (null when it would), as its own parser
   * sees it: the PostgreSQL driver splits a text at its semicolons and sends every part, so more
   * than one is refused here.
   */
  static String refusal(String sql) throws SQLException {
    List<NativeQuery> parsed = Parser.parseJdbcSql(sql, true, false, true, false, false);
    if (parsed.size() != 1) {
      return (parsed.isEmpty() ? "no statement" : parsed.size() + " statements")
          + "; bi-sql runs exactly one";
    }
    SqlCommandType type = parsed.get(0).command.getType();
    return READS.contains(type)
        ? null
        : "a " + type + " statement; bi-sql runs one read (SELECT ...)";
  }

  private static int refuse(String why) {
    System.err.println("bi-sql: refused: " + why);
    return EXIT_REFUSED;
  }

  static void print(ResultSet rs, PrintStream out) throws SQLException {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setNullValue("");
    settings.getFormat().setLineSeparator("\n");
    CsvWriter csv = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), settings);
    int n = rs.getMetaData().getColumnCount();
    String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      header[i] = rs.getMetaData().getColumnLabel(i + 1);
    }
    csv.writeHeaders(header);
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int i = 0; i < n; i++) {
        row[i] = rs.getString(i + 1);
      }
      csv.writeRow(row);
    }
    csv.flush();
  }
}
