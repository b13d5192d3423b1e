package com.brandpulse.cli;

import com.brandpulse.serving.ServingSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/** {@code brandpulse bi-sql}: one SQL statement on the serving PostgreSQL database, printed as CSV. */
@Command(name = "bi-sql", mixinStandardHelpOptions = true,
    description = {"Run one SQL statement on the BI database (serving.postgres) and print the result as CSV,",
        "e.g. \"SELECT * FROM bi.brand_health_weekly ORDER BY week_start\". Read-only: the transaction is rolled back."})
public final class BiSqlCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT")
  String statement;

  @Override
  public Integer call() throws SQLException {
    try (Connection conn = ServingSettings.from(common.config()).connect()) {
      conn.setReadOnly(true);
      try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(statement)) {
        print(rs, System.out);
      } finally {
        conn.rollback();
      }
    }
    return 0;
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
