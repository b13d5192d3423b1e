package com.brandpulse.serving;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Spark rows as PostgreSQL {@code COPY ... (FORMAT csv)} lines. Every non-null value is quoted, so
 * an empty string stays an empty string and only an unquoted empty field is NULL. Columns served as
 * jsonb arrive already as JSON text (see {@link Publisher#servedFrame}). PostgreSQL text cannot
 * hold the NUL character (U+0000), nor jsonb its escape: COPY would fail the whole table's publish
 * on one post that carries it, so it is left out of every value here ({@link #csvQuoted}) and of
 * the JSON text ({@link #withoutJsonNul}); ingest cleans it too.
 */
final class PgCopyRows {
  private PgCopyRows() {}

  static void appendRow(StringBuilder out, Row row, StructType servedSchema) {
    for (int i = 0; i < row.length(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (!row.isNullAt(i)) {
        DataType type = servedSchema.fields()[i].dataType();
        String text = type instanceof ArrayType ? array(row.getList(i)) : scalar(row.get(i));
        csvQuoted(out, text);
      }
    }
    out.append('\n');
  }

  /** The text PostgreSQL parses back to the same value. */
  static String scalar(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant().toString(); // UTC with Z: timestamptz reads it exactly
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    return v.toString(); // strings, numbers (Infinity and NaN as PostgreSQL spells them), booleans,
    // LocalDate
  }

  /** An array literal: {@code {"a","b",NULL}}, every element quoted with \ and " escaped. */
  static String array(List<Object> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      Object v = values.get(i);
      if (v == null) {
        b.append("NULL");
      } else {
        b.append('"').append(scalar(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return b.append('}').toString();
  }

  /** JSON text without its escaped NULs ({@code \u0000} not preceded by an escaping backslash). */
  static org.apache.spark.sql.Column withoutJsonNul(org.apache.spark.sql.Column json) {
    return org.apache.spark.sql.functions.regexp_replace(
        json, "(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000", "$1");
  }

  static void csvQuoted(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      if (c != '\u0000') {
        out.append(c);
      }
    }
    out.append('"');
  }
}
