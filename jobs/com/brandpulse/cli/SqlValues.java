package com.brandpulse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The values of a collected Spark row as JSON (Jackson nodes), driven by the column's type: arrays
 * as JSON arrays, structs as objects with their field names, maps as objects (keys as text), dates
 * as {@code 2026-09-07}, timestamps as ISO-8601 instants in UTC, binary as base64. What {@code sql}
 * prints for arrays, structs and maps in every format, instead of Scala's {@code ArraySeq(...)},
 * and for whole rows in JSON lines.
 */
final class SqlValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private SqlValues() {}

  /**
   * A top-level value that is an array, a struct or a map (printed as JSON in a CSV or table cell).
   */
  static boolean nested(DataType type) {
    return type instanceof ArrayType || type instanceof StructType || type instanceof MapType;
  }

  /** A whole row as one JSON object, columns in order. */
  static ObjectNode row(Row row, StructType schema) {
    ObjectNode out = NODES.objectNode();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      out.set(fields[i].name(), json(row.get(i), fields[i].dataType()));
    }
    return out;
  }

  /** One value of {@code type} as JSON; null as JSON null. */
  static JsonNode json(Object value, DataType type) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (type instanceof StructType struct && value instanceof Row row) {
      return row(row, struct);
    }
    if (type instanceof ArrayType array && value instanceof scala.collection.Iterable<?> items) {
      ArrayNode out = NODES.arrayNode();
      for (Object item : CollectionConverters.asJava(items)) {
        out.add(json(item, array.elementType()));
      }
      return out;
    }
    if (type instanceof MapType map && value instanceof scala.collection.Map<?, ?> entries) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<?, ?> e : CollectionConverters.asJava(entries).entrySet()) {
        out.set(text(e.getKey(), map.keyType()), json(e.getValue(), map.valueType()));
      }
      return out;
    }
    return scalar(value);
  }

  private static JsonNode scalar(Object value) {
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Float || value instanceof Double) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d)
          ? NODES.numberNode(d)
          : NODES.textNode(Double.toString(d)); // JSON has no NaN
    }
    if (value instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (value instanceof byte[] bytes) {
      return NODES.binaryNode(bytes);
    }
    return NODES.textNode(temporal(value));
  }

  /** A map key as text: JSON object keys are strings. */
  private static String text(Object key, DataType type) {
    JsonNode node = json(key, type);
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /**
   * Dates as ISO dates, timestamps as ISO-8601 instants (UTC), anything else as Spark's text of it.
   */
  private static String temporal(Object value) {
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (value instanceof LocalDate || value instanceof Instant) {
      return value.toString();
    }
    return String.valueOf(value);
  }
}
