package com.brandpulse.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How {@code sql} prints a result: CSV with a header (RFC 4180 quoting: a cell with a comma, a
 * quote or a line break is quoted), JSON lines (one object per row) or an aligned table for a
 * terminal. Arrays, structs and maps are JSON in every format ({@link SqlValues}); other values
 * print as they always have in CSV and the table.
 */
final class SqlOutput {
  /** The formats of {@code sql --format}. */
  enum Format {
    CSV,
    JSON,
    TABLE
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private SqlOutput() {}

  static void print(Dataset<Row> result, Format format, PrintStream out) {
    StructType schema = result.schema();
    List<Row> rows = result.collectAsList();
    // Never closed: out is usually System.out.
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    try {
      switch (format) {
        case CSV -> csv(schema, rows, writer);
        case JSON -> jsonLines(schema, rows, writer);
        case TABLE -> table(schema, rows, writer);
      }
      writer.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void csv(StructType schema, List<Row> rows, Writer writer) {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setNullValue("");
    settings.setQuoteEscapingEnabled(
        true); // a cell holding a quote is quoted too, its quotes doubled
    settings.getFormat().setLineSeparator("\n");
    CsvWriter csv = new CsvWriter(writer, settings);
    csv.writeHeaders(schema.fieldNames());
    StructField[] fields = schema.fields();
    for (Row row : rows) {
      Object[] values = new Object[fields.length];
      for (int i = 0; i < values.length; i++) {
        Object v = row.get(i);
        values[i] =
            v != null && SqlValues.nested(fields[i].dataType())
                ? SqlValues.json(v, fields[i].dataType()).toString()
                : v;
      }
      csv.writeRow(values);
    }
    csv.flush();
  }

  private static void jsonLines(StructType schema, List<Row> rows, Writer writer)
      throws java.io.IOException {
    for (Row row : rows) {
      JSON.writeValue(writer, SqlValues.row(row, schema));
      writer.write('\n');
    }
  }

  /**
   * Columns padded to their widest cell (numbers right-aligned), NULL for null, line breaks shown
   * as \n.
   */
  private static void table(StructType schema, List<Row> rows, Writer writer) {
    StructField[] fields = schema.fields();
    List<String[]> cells = new ArrayList<>();
    int[] widths = new int[fields.length];
    String[] header = schema.fieldNames();
    for (int i = 0; i < fields.length; i++) {
      widths[i] = width(header[i]);
    }
    for (Row row : rows) {
      String[] line = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        Object v = row.get(i);
        line[i] =
            v == null
                ? "NULL"
                : printable(
                    SqlValues.nested(fields[i].dataType())
                        ? SqlValues.json(v, fields[i].dataType()).toString()
                        : String.valueOf(v));
        widths[i] = Math.max(widths[i], width(line[i]));
      }
      cells.add(line);
    }
    PrintWriter out = new PrintWriter(writer);
    line(out, header, widths, new boolean[fields.length]);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.print(rule.append('\n'));
    boolean[] right = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      right[i] = fields[i].dataType() instanceof NumericType;
    }
    for (String[] line : cells) {
      line(out, line, widths, right);
    }
    out.print("(" + rows.size() + (rows.size() == 1 ? " row)\n" : " rows)\n"));
    out.flush();
  }

  private static void line(PrintWriter out, String[] cells, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - width(cells[i]));
      line.append(i == 0 ? "" : " | ").append(right[i] ? pad + cells[i] : cells[i] + pad);
    }
    out.print(line.toString().stripTrailing() + "\n");
  }

  private static String printable(String cell) {
    return cell.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  /**
   * Terminal columns a text takes: East Asian wide characters (Hangul, CJK, fullwidth forms, emoji)
   * take two.
   */
  static int width(String text) {
    return text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
  }

  private static boolean wide(int c) {
    return (c >= 0x1100 && c <= 0x115F)
        || (c >= 0x2E80 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60)
        || (c >= 0xFFE0 && c <= 0xFFE6)
        || (c >= 0x1F300 && c <= 0x1FAFF)
        || (c >= 0x20000 && c <= 0x3FFFD);
  }
}
