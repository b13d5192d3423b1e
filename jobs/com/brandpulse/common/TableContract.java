package com.brandpulse.common;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table declared once: layer, name, grain in words, columns (types, nullability, comments),
 * key, partitioning and CHECK constraints. The same declaration creates the table, conforms every
 * write and builds test fixtures, so the contract cannot drift from what is stored.
 */
public final class TableContract {
  private final String layer;
  private final String name;
  private final String grain;
  private final StructType schema;
  private final List<String> key;
  private final List<String> partitionBy;
  private final Map<String, String> checks;
  private final List<String> personal;
  private final String notes;
  private final boolean changeFeed;

  private TableContract(
      String layer,
      String name,
      String grain,
      StructType schema,
      List<String> key,
      List<String> partitionBy,
      Map<String, String> checks,
      List<String> personal,
      String notes,
      boolean changeFeed) {
    this.layer = layer;
    this.name = name;
    this.grain = grain;
    this.schema = schema;
    this.key = key;
    this.partitionBy = partitionBy;
    this.checks = checks;
    this.personal = personal;
    this.notes = notes;
    this.changeFeed = changeFeed;
  }

  /** Starts a declaration; {@code grain} says what one row is ("one row per post_id"). */
  public static TableContract of(String layer, String name, String grain) {
    return new TableContract(
        layer, name, grain, new StructType(), List.of(), List.of(), Map.of(), List.of(), "", false);
  }

  /** Columns as Spark DDL, e.g. {@code "post_id STRING NOT NULL COMMENT 'platform:id'"}. */
  public TableContract columns(String ddl) {
    return new TableContract(
        layer,
        name,
        grain,
        StructType.fromDDL(ddl),
        key,
        partitionBy,
        checks,
        personal,
        notes,
        changeFeed);
  }

  public TableContract key(String... columns) {
    return new TableContract(
        layer,
        name,
        grain,
        schema,
        List.of(columns),
        partitionBy,
        checks,
        personal,
        notes,
        changeFeed);
  }

  public TableContract partitionBy(String... columns) {
    return new TableContract(
        layer, name, grain, schema, key, List.of(columns), checks, personal, notes, changeFeed);
  }

  public TableContract check(String constraintName, String sqlExpression) {
    Map<String, String> next = new LinkedHashMap<>(checks);
    next.put(constraintName, sqlExpression);
    return new TableContract(
        layer, name, grain, schema, key, partitionBy, next, personal, notes, changeFeed);
  }

  /**
   * Columns of free text about people (post text, raw records, profile locations). Delta keeps no
   * statistics on them: a file's minimum and maximum values would otherwise stay in the transaction
   * log after an erasure or a delete removed the file itself.
   */
  public TableContract personal(String... columns) {
    return new TableContract(
        layer, name, grain, schema, key, partitionBy, checks, List.of(columns), notes, changeFeed);
  }

  /**
   * Keeps Delta's change data feed ({@value ChangeFeed#PROPERTY}), so that the jobs reading the
   * table can ask what changed since their last run ({@link ChangeFeed}) instead of comparing all
   * of it. Set at creation; a table created before gets it from its writer's next {@link #ensure}.
   */
  public TableContract changeFeed() {
    return new TableContract(
        layer, name, grain, schema, key, partitionBy, checks, personal, notes, true);
  }

  /**
   * What a reader of the table should know beyond its grain and columns: how rows come and go
   * (retention, replacement), what never happens. Documentation only: {@code bin/brandpulse docs}
   * prints it in docs/tables.md.
   */
  public TableContract notes(String text) {
    return new TableContract(
        layer, name, grain, schema, key, partitionBy, checks, personal, text, changeFeed);
  }

  /**
   * The columns Delta collects statistics on: every top-level number, text, date or time column,
   * not personal, not a partition.
   */
  String statsColumns() {
    return java.util.Arrays.stream(schema.fields())
        .filter(f -> !personal.contains(f.name()) && !partitionBy.contains(f.name()))
        .filter(
            f ->
                f.dataType() instanceof org.apache.spark.sql.types.NumericType
                    || f.dataType() instanceof org.apache.spark.sql.types.StringType
                    || f.dataType() instanceof org.apache.spark.sql.types.DateType
                    || f.dataType() instanceof org.apache.spark.sql.types.TimestampType)
        .map(StructField::name)
        .collect(Collectors.joining(","));
  }

  public String layer() {
    return layer;
  }

  public String name() {
    return name;
  }

  public String grain() {
    return grain;
  }

  public StructType schema() {
    return schema;
  }

  public List<String> key() {
    return key;
  }

  public List<String> partitionColumns() {
    return partitionBy;
  }

  public Map<String, String> checks() {
    return checks;
  }

  /** The free-text columns about people that carry no Delta statistics ({@link #personal}). */
  public List<String> personalColumns() {
    return personal;
  }

  /** True when the table keeps Delta's change data feed ({@link #changeFeed()}). */
  public boolean hasChangeFeed() {
    return changeFeed;
  }

  /** The contract's notes ({@link #notes(String)}); empty when it has none. */
  public String notes() {
    return notes;
  }

  /** {@code layer.name}, the name SQL users see. */
  public String qualifiedName() {
    return layer + "." + name;
  }

  public String path(String warehouse) {
    return new Path(new Path(warehouse, layer), name).toString();
  }

  /** SQL identifier of the table by path, usable before any catalog registration. */
  public String pathIdentifier(String warehouse) {
    return "delta.`" + path(warehouse) + "`";
  }

  public boolean exists(SparkSession spark, String warehouse) {
    String path = path(warehouse);
    if (KNOWN.contains(path)) {
      return true;
    }
    boolean found = DeltaVersions.exists(spark, path);
    if (found) {
      KNOWN.add(path);
    }
    return found;
  }

  /**
   * Creates the table (columns, comments, partitioning, CHECK constraints) in ONE commit if it does
   * not exist yet. Tables found or created are remembered per JVM, so a job, or a test JVM running
   * many jobs, looks at each table's log once. Only the job that writes a table ensures it; readers
   * use {@link #readOrEmpty}.
   */
  public void ensure(SparkSession spark, String warehouse) {
    String path = path(warehouse);
    if (KNOWN.contains(path)) {
      return;
    }
    // One read of the table's metadata serves the checks below (no SQL command, no Spark job).
    DeltaMetadata found = DeltaMetadata.of(spark, path).orElse(null);
    boolean existed = found != null;
    if (!existed) {
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark).location(path).comment(grain).addColumns(schema);
      if (!partitionBy.isEmpty()) {
        builder = builder.partitionedBy(partitionBy.toArray(new String[0]));
      }
      for (Map.Entry<String, String> check : checks.entrySet()) {
        // Delta keeps CHECK constraints as these table properties: set at creation, they cost no
        // extra commit.
        builder =
            builder.property("delta.constraints." + check.getKey().toLowerCase(), check.getValue());
      }
      if (!personal.isEmpty()) {
        builder = builder.property(STATS_COLUMNS, statsColumns());
      }
      if (changeFeed) {
        builder = builder.property(ChangeFeed.PROPERTY, "true");
      }
      builder.execute();
    } else {
      addMissingColumns(spark, warehouse, found.columns());
    }
    if (existed && (!checks.isEmpty() || !personal.isEmpty() || changeFeed)) {
      // A table written before the contract gained a constraint gets it now (once per JVM).
      Map<String, String> properties = found.properties();
      Set<String> present = properties.keySet();
      if (!personal.isEmpty() && !statsColumns().equals(properties.get(STATS_COLUMNS))) {
        spark.sql(
            "ALTER TABLE "
                + pathIdentifier(warehouse)
                + " SET TBLPROPERTIES ('"
                + STATS_COLUMNS
                + "' = '"
                + statsColumns()
                + "')");
      }
      if (changeFeed && !"true".equals(properties.get(ChangeFeed.PROPERTY))) {
        spark.sql(
            "ALTER TABLE "
                + pathIdentifier(warehouse)
                + " SET TBLPROPERTIES ('"
                + ChangeFeed.PROPERTY
                + "' = 'true')");
      }
      for (Map.Entry<String, String> check : checks.entrySet()) {
        if (!present.contains("delta.constraints." + check.getKey().toLowerCase())) {
          spark.sql(
              "ALTER TABLE "
                  + pathIdentifier(warehouse)
                  + " ADD CONSTRAINT "
                  + check.getKey()
                  + " CHECK ("
                  + check.getValue()
                  + ")");
        }
      }
    }
    KNOWN.add(path);
  }

  /**
   * A table written before its contract gained a nullable column gets the column (NULL in old rows,
   * which its writer treats as not computed yet): one ALTER TABLE, once per JVM.
   */
  private void addMissingColumns(SparkSession spark, String warehouse, Set<String> present) {
    List<String> added = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!present.contains(f.name()) && f.nullable()) {
        added.add(
            f.name()
                + " "
                + f.dataType().sql()
                + f.getComment().map(c -> " COMMENT " + literal(c)).getOrElse(() -> ""));
      }
    }
    if (!added.isEmpty()) {
      spark.sql(
          "ALTER TABLE "
              + pathIdentifier(warehouse)
              + " ADD COLUMNS ("
              + String.join(", ", added)
              + ")");
    }
  }

  private static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /**
   * Tables this JVM has seen on disk (or created): an existing Delta table never stops being one
   * here.
   */
  private static final Set<String> KNOWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The table as it is now, or no rows with its columns when it does not exist yet: for tables a
   * job only reads.
   */
  public Dataset<Row> readOrEmpty(SparkSession spark, String warehouse) {
    return exists(spark, warehouse) ? read(spark, warehouse) : fixture(spark, List.of());
  }

  /**
   * The table as it is now; it must exist (its writer calls {@link #ensure} once, at its start).
   */
  public Dataset<Row> read(SparkSession spark, String warehouse) {
    return spark.read().format("delta").load(path(warehouse));
  }

  /**
   * Conforms a frame to the contract: columns in declared order, cast to declared types; a missing
   * column or a null in a NOT NULL column fails here with the table's name rather than deep in
   * Delta.
   */
  public Dataset<Row> conform(Dataset<Row> frame) {
    Set<String> available = Set.of(frame.columns());
    List<String> missing = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!available.contains(field.name())) {
        missing.add(field.name());
      } else {
        select.add(col(field.name()).cast(field.dataType()).as(field.name(), field.metadata()));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(qualifiedName() + ": write is missing columns " + missing);
    }
    return frame.select(select.toArray(new Column[0]));
  }

  /**
   * Replaces the rows matching {@code replaceWhere} (a predicate on partition columns) with {@code
   * rows}, or the whole table when it is null, in one Delta commit: readers see all old or all new
   * rows.
   */
  public void replace(Dataset<Row> rows, String warehouse, String replaceWhere) {
    var writer = conform(rows).write().format("delta").mode("overwrite");
    if (replaceWhere != null) {
      writer = writer.option("replaceWhere", replaceWhere);
    }
    writer.save(path(warehouse));
  }

  /**
   * The table as a Delta table, for the writes that are neither a replace nor an append: merges
   * (upserts keyed on the contract's key) and deletes. Every write to a table goes through its
   * contract: replace, append or this.
   */
  public io.delta.tables.DeltaTable delta(SparkSession spark, String warehouse) {
    return io.delta.tables.DeltaTable.forPath(spark, path(warehouse));
  }

  /**
   * Adds {@code rows}, conformed, in one Delta commit (the table must exist: its writer ensures it
   * first).
   */
  public void append(Dataset<Row> rows, String warehouse) {
    conform(rows).write().format("delta").mode("append").save(path(warehouse));
  }

  /** {@code column IN (DATE'..', ...)}: the replaceWhere predicate of a set of partition dates. */
  public static String dateIn(String column, java.util.Collection<?> dates) {
    return column
        + " IN ("
        + dates.stream()
            .map(d -> "DATE'" + d + "'")
            .collect(java.util.stream.Collectors.joining(","))
        + ")";
  }

  /**
   * {@code text} as a Spark SQL string literal (for replaceWhere and DDL), whatever quotes or
   * backslashes it holds.
   */
  public static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A frame with this table's schema from rows, for tests and small writes. */
  public Dataset<Row> fixture(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, schema);
  }

  /** Column names in declared order. */
  public String[] columnNames() {
    return schema.fieldNames();
  }

  @Override
  public String toString() {
    return qualifiedName() + " (" + grain + ")";
  }

  /** Registers the table under {@code layer.name} in the session catalog when it exists on disk. */
  public boolean register(SparkSession spark, String warehouse) throws IOException {
    if (!exists(spark, warehouse)) {
      return false;
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + qualifiedName()
            + " USING delta LOCATION "
            + literal(path(warehouse)));
    return true;
  }
}
