package com.brandpulse.serving;

import com.brandpulse.common.TableContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * PostgreSQL DDL derived from a table contract: the served table (same columns, PostgreSQL types,
 * NOT NULLs, the contract's key as primary key, comments), its BI view and its indexes. Types are
 * spelled as {@code format_type()} prints them, so a served table can be compared with its
 * contract.
 */
public final class PgSchema {
  /** Column added to the BI view of a table with a week column: the ISO week, e.g. 2026-W37. */
  public static final String WEEK_LABEL = "week_label";

  private PgSchema() {}

  /**
   * The PostgreSQL type of a Spark type: scalars map one to one, arrays of scalars become arrays,
   * and maps, structs and nested arrays become jsonb (the values are sent as JSON).
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

  /**
   * {@code layer.name}, quoted: the served table lives in a schema named after the contract's
   * layer.
   */
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
      defs.add(
          "PRIMARY KEY ("
              + c.key().stream().map(PgSchema::q).collect(Collectors.joining(", "))
              + ")");
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

  /**
   * A BI view of a served table: its quoted name, its CREATE statement and its COMMENT statements.
   */
  public record View(String name, String create, List<String> comments) {}

  /** Name of the position column of an element view (1 = first element of the array). */
  public static final String ORDINAL = "ordinal";

  /**
   * The views BI tools read for a table. {@code bi.<name>}: every column except arrays of structs,
   * plus the ISO week label when there is a week column. For each array-of-struct column (top
   * topics, drivers, representative posts...), {@code bi.<name>_<column>}: one row per element,
   * with the table's key and filter columns ({@code filters}, the configured index columns), its
   * position ({@value #ORDINAL}, from 1) and its fields as typed columns. BI tools cannot chart
   * jsonb, and a list of a quarter's signals should not carry every signal's posts: those open per
   * signal through the element view.
   */
  public static List<View> views(
      TableContract c, String viewSchema, String weekColumn, List<List<String>> filters) {
    boolean weekLabel = hasWeekLabel(c, weekColumn);
    String weekLabelSql = "to_char(t." + q(weekColumn) + ", 'IYYY-\"W\"IW') AS " + q(WEEK_LABEL);
    String weekLabelComment = literal("ISO week of " + weekColumn + " (YYYY-Www), for axis labels");
    List<View> out = new ArrayList<>();

    String main = view(c, viewSchema);
    List<String> select = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    comments.add(
        "COMMENT ON VIEW "
            + main
            + " IS "
            + literal(
                c.grain()
                    + ". Source: Delta table "
                    + c.qualifiedName()
                    + ", published by brandpulse publish one whole week per transaction."
                    + (elementColumns(c).isEmpty()
                        ? ""
                        : " Array columns "
                            + elementColumns(c).stream().map(StructField::name).toList()
                            + " are served one element per row by the views "
                            + viewSchema
                            + "."
                            + c.name()
                            + "_<column>.")));
    for (StructField f : c.schema().fields()) {
      if (!isElementColumn(f)) {
        select.add("t." + q(f.name()));
        comment(f)
            .ifPresent(
                text ->
                    comments.add("COMMENT ON COLUMN " + main + "." + q(f.name()) + " IS " + text));
      }
    }
    if (weekLabel) {
      select.add(weekLabelSql);
      comments.add("COMMENT ON COLUMN " + main + "." + q(WEEK_LABEL) + " IS " + weekLabelComment);
    }
    out.add(
        new View(
            main,
            "CREATE VIEW "
                + main
                + " AS SELECT "
                + String.join(", ", select)
                + " FROM "
                + table(c)
                + " t",
            comments));

    Set<String> carried = new java.util.HashSet<>(c.key());
    filters.stream()
        .filter(spec -> Set.of(c.columnNames()).containsAll(spec))
        .forEach(carried::addAll);
    for (StructField array : elementColumns(c)) {
      String name = q(viewSchema) + "." + q(c.name() + "_" + array.name());
      StructType element = (StructType) ((ArrayType) array.dataType()).elementType();
      List<String> cols = new ArrayList<>();
      List<String> viewComments = new ArrayList<>();
      viewComments.add(
          "COMMENT ON VIEW "
              + name
              + " IS "
              + literal(
                  "One row per element of "
                      + c.qualifiedName()
                      + "."
                      + array.name()
                      + ", in its order ("
                      + ORDINAL
                      + " from 1), with the row's key and filter columns. "
                      + array.getComment().getOrElse(() -> "")));
      for (StructField f : c.schema().fields()) {
        if (carried.contains(f.name())) {
          cols.add("t." + q(f.name()));
          comment(f)
              .ifPresent(
                  text ->
                      viewComments.add(
                          "COMMENT ON COLUMN " + name + "." + q(f.name()) + " IS " + text));
        }
      }
      if (weekLabel && carried.contains(weekColumn)) {
        cols.add(weekLabelSql);
      }
      cols.add("e." + q(ORDINAL));
      List<String> definitions = new ArrayList<>();
      List<String> aliases = new ArrayList<>();
      for (StructField f : element.fields()) {
        cols.add("e." + q(f.name()));
        definitions.add(q(f.name()) + " " + pgType(f.dataType()));
        aliases.add(q(f.name()));
      }
      aliases.add(q(ORDINAL));
      // ROWS FROM: a column definition list and WITH ORDINALITY together.
      out.add(
          new View(
              name,
              "CREATE VIEW "
                  + name
                  + " AS SELECT "
                  + String.join(", ", cols)
                  + " FROM "
                  + table(c)
                  + " t CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(t."
                  + q(array.name())
                  + ") AS ("
                  + String.join(", ", definitions)
                  + ")) WITH ORDINALITY AS e("
                  + String.join(", ", aliases)
                  + ")",
              viewComments));
    }
    return out;
  }

  /** The array-of-struct columns, which BI reads through element views. */
  static List<StructField> elementColumns(TableContract c) {
    return java.util.Arrays.stream(c.schema().fields()).filter(PgSchema::isElementColumn).toList();
  }

  static boolean isElementColumn(StructField f) {
    return f.dataType() instanceof ArrayType a && a.elementType() instanceof StructType;
  }

  private static java.util.Optional<String> comment(StructField f) {
    return f.getComment().isDefined()
        ? java.util.Optional.of(literal(f.getComment().get()))
        : java.util.Optional.empty();
  }

  static boolean hasWeekLabel(TableContract c, String weekColumn) {
    Set<String> names = Set.of(c.columnNames());
    return names.contains(weekColumn)
        && !names.contains(WEEK_LABEL)
        && c.schema().apply(weekColumn).dataType() instanceof DateType;
  }

  /** COMMENT ON statements for the served table: the grain, and each column's contract comment. */
  public static List<String> tableComments(TableContract c) {
    List<String> out = new ArrayList<>();
    out.add(
        "COMMENT ON TABLE "
            + table(c)
            + " IS "
            + literal(
                c.grain()
                    + ". Served copy of Delta table "
                    + c.qualifiedName()
                    + "; written only by brandpulse publish."));
    for (StructField f : c.schema().fields()) {
      comment(f)
          .ifPresent(
              text -> out.add("COMMENT ON COLUMN " + table(c) + "." + q(f.name()) + " IS " + text));
    }
    return out;
  }

  /**
   * CREATE INDEX statements for the configured filter column lists the table has all columns of; a
   * list that is a leading part of the primary key is already served by it and skipped.
   */
  public static List<String> indexes(TableContract c, List<List<String>> specs) {
    Set<String> names = Set.of(c.columnNames());
    List<String> out = new ArrayList<>();
    for (List<String> spec : specs) {
      if (spec.isEmpty() || !names.containsAll(spec)) {
        continue;
      }
      boolean pkPrefix =
          hasPrimaryKey(c)
              && c.key().size() >= spec.size()
              && c.key().subList(0, spec.size()).equals(spec);
      if (pkPrefix) {
        continue;
      }
      String name = c.name() + "_" + String.join("_", spec) + "_idx";
      if (name.length() > 63) {
        name = name.substring(0, 54) + "_" + Integer.toHexString(name.hashCode());
      }
      out.add(
          "CREATE INDEX IF NOT EXISTS "
              + q(name)
              + " ON "
              + table(c)
              + " ("
              + spec.stream().map(PgSchema::q).collect(Collectors.joining(", "))
              + ")");
    }
    return out;
  }
}
