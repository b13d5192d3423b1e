package com.brandpulse.serving;

import com.brandpulse.common.TableContract;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL derived from a table contract: the served table (same columns, PostgreSQL types,
 * NOT NULLs, the contract's key as primary key, comments), its BI view and its indexes. Types are spelled
 * as {@code format_type()} prints them, so a served table can be compared with its contract.
 */
public final class PgSchema {
  /** Column added to the BI view of a table with a week column: the ISO week, e.g. 2026-W37. */
  public static final String WEEK_LABEL = "week_label";

  private PgSchema() {}

  /**
   * The PostgreSQL type of a Spark type: scalars map one to one, arrays of scalars become arrays, and
   * maps, structs and nested arrays become jsonb (the values are sent as JSON).
   */
  public static String pgType(DataType t) {
    if (t instanceof StringType) return "text";
    if (t instanceof LongType) return "bigint";
    if (t instanceof IntegerType) return "integer";
    if (t instanceof ShortType || t instanceof ByteType) return "smallint";
    if (t instanceof DoubleType) return "double precision";
    if (t instanceof FloatType) return "real";
    if (t instanceof DecimalType d) return "numeric(" + d.precision() + "," + d.scale() + ")";
    if (t instanceof BooleanType) return "boolean";
    if (t instanceof DateType) return "date";
    if (t instanceof TimestampType) return "timestamp with time zone";
    if (t instanceof TimestampNTZType) return "timestamp without time zone";
    if (t instanceof BinaryType) return "bytea";
    if (t instanceof ArrayType a && !isJson(a.elementType())) return pgType(a.elementType()) + "[]";
    return "jsonb";
  }

  /** Whether values of this type travel as JSON text. */
  public static boolean isJson(DataType t) {
    return pgType(t).equals("jsonb");
  }

  public static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** {@code layer.name}, quoted: the served table lives in a schema named after the contract's layer. */
  public static String table(TableContract c) {
    return q(c.layer()) + "." + q(c.name());
  }

  public static String view(TableContract c, String viewSchema) {
    return q(viewSchema) + "." + q(c.name());
  }

  /** Column name → type as the contract wants it served. */
  public static Map<String, String> columns(TableContract c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StructField f : c.schema().fields()) {
      out.put(f.name(), pgType(f.dataType()));
    }
    return out;
  }

  public static String createTable(TableContract c) {
    List<String> defs = new ArrayList<>();
    for (StructField f : c.schema().fields()) {
      defs.add(q(f.name()) + " " + pgType(f.dataType()) + (f.nullable() ? "" : " NOT NULL"));
    }
    if (hasPrimaryKey(c)) {
      defs.add("PRIMARY KEY (" + c.key().stream().map(PgSchema::q).collect(Collectors.joining(", ")) + ")");
    }
    return "CREATE TABLE " + table(c) + " (\n  " + String.join(",\n  ", defs) + "\n)";
  }

  /** The contract's key becomes the primary key when every key column is NOT NULL. */
  static boolean hasPrimaryKey(TableContract c) {
    if (c.key().isEmpty()) {
      return false;
    }
    for (String k : c.key()) {
      if (c.schema().apply(k).nullable()) {
        return false;
      }
    }
    return true;
  }

  /** The view BI tools read: the table's columns, plus the ISO week label when there is a week column. */
  public static String createView(TableContract c, String viewSchema, String weekColumn) {
    List<String> select = new ArrayList<>();
    for (String name : c.columnNames()) {
      select.add(q(name));
    }
    if (hasWeekLabel(c, weekColumn)) {
      select.add("to_char(" + q(weekColumn) + ", 'IYYY-\"W\"IW') AS " + q(WEEK_LABEL));
    }
    return "CREATE OR REPLACE VIEW " + view(c, viewSchema) + " AS SELECT " + String.join(", ", select) + " FROM " + table(c);
  }

  static boolean hasWeekLabel(TableContract c, String weekColumn) {
    Set<String> names = Set.of(c.columnNames());
    return names.contains(weekColumn) && !names.contains(WEEK_LABEL)
        && c.schema().apply(weekColumn).dataType() instanceof DateType;
  }

  /** COMMENT ON statements for the table and its view: the grain, and each column's contract comment. */
  public static List<String> comments(TableContract c, String viewSchema, String weekColumn) {
    List<String> out = new ArrayList<>();
    out.add("COMMENT ON TABLE " + table(c) + " IS " + literal(c.grain() + ". Served copy of Delta table "
        + c.qualifiedName() + "; written only by brandpulse publish."));
    out.add("COMMENT ON VIEW " + view(c, viewSchema) + " IS " + literal(c.grain() + ". Source: Delta table "
        + c.qualifiedName() + ", published by brandpulse publish one whole week per transaction."));
    for (StructField f : c.schema().fields()) {
      if (f.getComment().isDefined()) {
        String comment = literal(f.getComment().get());
        out.add("COMMENT ON COLUMN " + table(c) + "." + q(f.name()) + " IS " + comment);
        out.add("COMMENT ON COLUMN " + view(c, viewSchema) + "." + q(f.name()) + " IS " + comment);
      }
    }
    if (hasWeekLabel(c, weekColumn)) {
      out.add("COMMENT ON COLUMN " + view(c, viewSchema) + "." + q(WEEK_LABEL) + " IS "
          + literal("ISO week of " + weekColumn + " (YYYY-Www), for axis labels"));
    }
    return out;
  }

  /**
   * CREATE INDEX statements for the configured filter column lists the table has all columns of; a list that
   * is a leading part of the primary key is already served by it and skipped.
   */
  public static List<String> indexes(TableContract c, List<List<String>> specs) {
    Set<String> names = Set.of(c.columnNames());
    List<String> out = new ArrayList<>();
    for (List<String> spec : specs) {
      if (spec.isEmpty() || !names.containsAll(spec)) {
        continue;
      }
      boolean pkPrefix = hasPrimaryKey(c) && c.key().size() >= spec.size()
          && c.key().subList(0, spec.size()).equals(spec);
      if (pkPrefix) {
        continue;
      }
      String name = c.name() + "_" + String.join("_", spec) + "_idx";
      if (name.length() > 63) {
        name = name.substring(0, 54) + "_" + Integer.toHexString(name.hashCode());
      }
      out.add("CREATE INDEX IF NOT EXISTS " + q(name) + " ON " + table(c) + " ("
          + spec.stream().map(PgSchema::q).collect(Collectors.joining(", ")) + ")");
    }
    return out;
  }
}
