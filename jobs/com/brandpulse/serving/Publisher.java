package com.brandpulse.serving;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.TableContract;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Serving: copies gold Delta tables into PostgreSQL for BI tools. Layer: gold → serving
 * (PostgreSQL). Grain: each served table {@code <layer>.<name>} has its contract's grain; {@code
 * serving.publish_state} has one row per table and slice (a week, i.e. a {@code week_start} value,
 * or {@value #WHOLE_TABLE} for a table without a week column). Inputs: the given contracts' Delta
 * tables at their latest version. Outputs: the served tables, the views {@code bi.<name>} (column
 * comments, ISO week label) and {@code bi.<name>_<column>} (one row per element of an
 * array-of-struct column, see {@link PgSchema#views}), indexes for the usual filters, {@code
 * serving.publish_state} and {@code serving.publish_runs}.
 *
 * <p>A slice is copied only when its fingerprint (a hash over the hashes of all its rows) differs
 * from the one published; slices gone from the Delta table are deleted. All changed slices of a
 * table are replaced in ONE transaction (delete, COPY, state), so a dashboard sees each week either
 * wholly before or wholly after a run. A table whose served columns no longer match its contract is
 * rebuilt in that same transaction. Rerun key: (table, slice): a rerun copies nothing, so retries
 * and backfills are safe.
 *
 * <p>Readers are not stalled: DELETE and COPY take ROW EXCLUSIVE and ANALYZE SHARE UPDATE
 * EXCLUSIVE, which BI queries (ACCESS SHARE) do not wait for; they read the previous rows until the
 * commit (MVCC). Only a rebuild (first load, changed contract) and a changed view definition drop
 * objects (ACCESS EXCLUSIVE); publish waits for those at most {@code serving.lock-timeout}, then
 * fails and rolls back, so a long BI query delays a rebuild to the retry instead of queueing every
 * dashboard behind it. Runs as the publisher role, which owns what it makes.
 */
public final class Publisher {
  public static final String WHOLE_TABLE = "all";
  private static final int COPY_BUFFER_CHARS = 1 << 20;

  private Publisher() {}

  /** What one table's publish did; {@code skipped} is why it was not published (else null). */
  public record TableResult(
      String table,
      long deltaVersion,
      int slices,
      List<String> changed,
      List<String> removed,
      long rows,
      boolean rebuilt,
      String skipped) {}

  public record Result(String runId, List<TableResult> tables) {}

  /** The slice key of each row: the week column as text (ISO date), or {@value #WHOLE_TABLE}. */
  static Column slice(TableContract c, String weekColumn) {
    return hasWeek(c, weekColumn) ? col(weekColumn).cast("string") : lit(WHOLE_TABLE);
  }

  static boolean hasWeek(TableContract c, String weekColumn) {
    return List.of(c.columnNames()).contains(weekColumn);
  }

  /**
   * One row per slice: {@code slice, rows, fingerprint}. The fingerprint hashes the sorted SHA-256
   * of each row's JSON, so it does not depend on row order or partitioning and changes with any
   * value.
   */
  public static Dataset<Row> sliceFingerprints(Dataset<Row> conformed, Column slice) {
    Column rowHash = sha2(to_json(struct(col("*"))), 256);
    return conformed
        .select(slice.as("slice"), rowHash.as("row_hash"))
        .groupBy("slice")
        .agg(
            count(lit(1)).as("rows"),
            sha2(array_join(array_sort(collect_list("row_hash")), ","), 256).as("fingerprint"));
  }

  /** The rows as they are sent: maps, structs and nested arrays as JSON text (served as jsonb). */
  static Dataset<Row> servedFrame(Dataset<Row> conformed) {
    List<Column> select = new ArrayList<>();
    for (StructField f : conformed.schema().fields()) {
      select.add(
          PgSchema.isJson(f.dataType())
              ? PgCopyRows.withoutJsonNul(to_json(col(f.name()))).as(f.name())
              : col(f.name()));
    }
    return conformed.select(select.toArray(new Column[0]));
  }

  /**
   * Publishes each contract's table; {@code from} (nullable) limits a run to weeks starting on or
   * after it (tables without a week column are always whole). Tables not in the warehouse yet are
   * skipped and reported.
   */
  public static Result publish(
      SparkSession spark,
      String warehouse,
      List<TableContract> contracts,
      ServingSettings settings,
      String runId,
      LocalDate from,
      Instant now)
      throws SQLException {
    List<TableResult> results = new ArrayList<>();
    try (Connection conn = settings.connect()) {
      PublishState.ensureStateTables(conn, settings);
      for (TableContract contract : contracts) {
        results.add(publishTable(spark, warehouse, contract, settings, conn, runId, from, now));
      }
    }
    return new Result(runId, results);
  }

  static TableResult publishTable(
      SparkSession spark,
      String warehouse,
      TableContract c,
      ServingSettings s,
      Connection conn,
      String runId,
      LocalDate from,
      Instant now)
      throws SQLException {
    String name = c.qualifiedName();
    if (!c.exists(spark, warehouse)) {
      return new TableResult(
          name, -1, 0, List.of(), List.of(), 0, false, "no Delta table at " + c.path(warehouse));
    }
    // The Delta commit from the log's listing: a table whose commit and served shape are those of
    // the last whole
    // publish is skipped before any scan (the run is still recorded, copying nothing).
    String source = DeltaVersions.stamp(spark, c.path(warehouse));
    long version = Long.parseLong(source.substring(1, source.indexOf('@')));
    String views = PublishState.viewsStamp(c, s);
    String[] last = PublishState.lastStamps(conn, s, name);
    if (from == null && source.equals(last[0]) && views.equals(last[1])) {
      try {
        PublishState.recordRun(conn, s, name, version, 0, 0, 0, false, runId, now, source, views);
        conn.commit();
      } catch (SQLException e) {
        conn.rollback();
        throw e;
      }
      return new TableResult(
          name,
          version,
          PublishState.publishedSlices(conn, s, name),
          List.of(),
          List.of(),
          0,
          false,
          null);
    }
    // One snapshot for fingerprints and rows alike, recorded as the published version.
    Dataset<Row> table =
        c.conform(
            spark.read().format("delta").option("versionAsOf", version).load(c.path(warehouse)));
    boolean weekly = hasWeek(c, s.weekColumn());
    if (weekly && from != null) {
      table = table.where(col(s.weekColumn()).geq(lit(java.sql.Date.valueOf(from))));
    }
    Column slice = slice(c, s.weekColumn());
    Map<String, Row> current = new TreeMap<>();
    for (Row r : sliceFingerprints(table, slice).collectAsList()) {
      current.put(r.getAs("slice"), r);
    }

    TableResult result;
    try (Statement st = conn.createStatement()) {
      takeTurn(conn, "brandpulse.publish:" + name); // concurrent runs take turns per table
      boolean rebuilt = prepareTable(conn, st, c, s);

      Map<String, String> published =
          PublishState.fingerprints(conn, s, name, weekly ? from : null);
      List<String> changed = new ArrayList<>();
      long expectedRows = 0;
      for (Map.Entry<String, Row> e : current.entrySet()) {
        Row r = e.getValue();
        if (!r.<String>getAs("fingerprint").equals(published.get(e.getKey()))) {
          changed.add(e.getKey());
          expectedRows += r.getLong(r.fieldIndex("rows"));
        }
      }
      List<String> removed = new ArrayList<>(new TreeSet<>(published.keySet()));
      removed.removeAll(current.keySet());

      List<String> replaced = new ArrayList<>(changed);
      replaced.addAll(removed);
      if (!replaced.isEmpty()) {
        if (weekly) {
          String weekType = PgSchema.pgType(c.schema().apply(s.weekColumn()).dataType());
          try (PreparedStatement del =
              conn.prepareStatement(
                  "DELETE FROM "
                      + PgSchema.table(c)
                      + " WHERE "
                      + PgSchema.q(s.weekColumn())
                      + " = ANY (CAST(? AS "
                      + weekType
                      + "[]))")) {
            del.setArray(1, conn.createArrayOf("text", replaced.toArray()));
            del.executeUpdate();
          }
        } else {
          st.executeUpdate("DELETE FROM " + PgSchema.table(c));
        }
      }
      long copied = 0;
      if (!changed.isEmpty()) {
        Dataset<Row> rows = servedFrame(table.where(slice.isin(changed.toArray())));
        copied = copy(conn, c, rows);
        if (copied != expectedRows) {
          throw new IllegalStateException(
              name
                  + ": copied "
                  + copied
                  + " rows but the changed slices hold "
                  + expectedRows
                  + " in Delta version "
                  + version);
        }
        st.execute("ANALYZE " + PgSchema.table(c));
      }
      PublishState.recordState(conn, s, name, current, changed, removed, version, runId, now);
      PublishState.recordRun(
          conn,
          s,
          name,
          version,
          changed.size(),
          removed.size(),
          copied,
          rebuilt,
          runId,
          now,
          from == null ? source : null,
          views);
      conn.commit();
      result =
          new TableResult(name, version, current.size(), changed, removed, copied, rebuilt, null);
    } catch (SQLException e) {
      conn.rollback();
      throw new SQLException(name + ": publish rolled back: " + e.getMessage(), e.getSQLState(), e);
    } catch (RuntimeException e) {
      conn.rollback();
      throw new IllegalStateException(name + ": publish rolled back: " + e.getMessage(), e);
    }
    if (result.rebuilt() || !views.equals(last[1])) {
      describeTable(
          conn, c, s); // views, comments, indexes and grants only when their definition changed
    }
    return result;
  }

  /**
   * Inside the table's transaction: (re)builds the served table and its view when the table is
   * missing or its columns no longer match the contract (its state rows go too, so every slice is
   * copied again). Returns whether it did. Nothing else happens here: DDL on the view would lock BI
   * readers out until the copy commits.
   */
  static boolean prepareTable(Connection conn, Statement st, TableContract c, ServingSettings s)
      throws SQLException {
    List<String> expected = new ArrayList<>();
    for (StructField f : c.schema().fields()) {
      expected.add(
          f.name() + " " + PgSchema.pgType(f.dataType()) + (f.nullable() ? "" : " not null"));
    }
    List<String> actual = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " a.attnotnull FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setString(1, PgSchema.table(c));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          actual.add(
              rs.getString(1) + " " + rs.getString(2) + (rs.getBoolean(3) ? " not null" : ""));
        }
      }
    }
    if (actual.equals(expected)) {
      return false;
    }
    st.execute("CREATE SCHEMA IF NOT EXISTS " + PgSchema.q(c.layer()));
    st.execute("CREATE SCHEMA IF NOT EXISTS " + PgSchema.q(s.viewSchema()));
    List<PgSchema.View> views = PgSchema.views(c, s.viewSchema(), s.weekColumn(), s.indexes());
    for (PgSchema.View v : views) {
      st.execute("DROP VIEW IF EXISTS " + v.name());
    }
    st.execute("DROP TABLE IF EXISTS " + PgSchema.table(c));
    st.execute(PgSchema.createTable(c));
    for (PgSchema.View v : views) {
      st.execute(v.create()); // appears with the first data
    }
    PublishState.forget(conn, s, c.qualifiedName());
    return true;
  }

  /**
   * After the data committed, in a short transaction of its own: indexes (built after a first load,
   * not maintained through it), the view, its comments from the contract, and the reader role's
   * grant.
   */
  static void describeTable(Connection conn, TableContract c, ServingSettings s)
      throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (String index : PgSchema.indexes(c, s.indexes())) {
        st.execute(index);
      }
      for (String comment : PgSchema.tableComments(c)) {
        st.execute(comment);
      }
      st.execute(
          "GRANT USAGE ON SCHEMA "
              + PgSchema.q(s.viewSchema())
              + " TO "
              + PgSchema.q(s.reader().user()));
      // Dropped and created rather than replaced: CREATE OR REPLACE cannot take a column out of a
      // view.
      for (PgSchema.View v : PgSchema.views(c, s.viewSchema(), s.weekColumn(), s.indexes())) {
        st.execute("DROP VIEW IF EXISTS " + v.name());
        st.execute(v.create());
        for (String comment : v.comments()) {
          st.execute(comment);
        }
        st.execute(
            "GRANT SELECT ON "
                + v.name()
                + " TO "
                + PgSchema.q(s.reader().user())); // the view only
      }
      conn.commit();
    } catch (SQLException e) {
      conn.rollback();
      throw new SQLException(
          c.qualifiedName() + ": data published, but describing it failed: " + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }

  /**
   * Waits until no other publisher holds {@code key} (an advisory lock until this transaction
   * ends). That wait is exempt from {@code serving.lock-timeout}: the other run is bounded by its
   * own; the timeout comes back after.
   */
  static void takeTurn(Connection conn, String key) throws SQLException {
    try (Statement st = conn.createStatement();
        PreparedStatement lock =
            conn.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      st.execute("SET LOCAL lock_timeout = 0");
      lock.setString(1, key);
      lock.executeQuery().close();
      st.execute("SET LOCAL lock_timeout TO DEFAULT"); // the connection's, serving.lock-timeout
    }
  }

  /**
   * COPY of the rows, streamed from Spark partition by partition; returns the rows PostgreSQL took.
   */
  static long copy(Connection conn, TableContract c, Dataset<Row> rows) throws SQLException {
    StructType schema = rows.schema();
    StringBuilder columns = new StringBuilder();
    for (String n : schema.fieldNames()) {
      columns.append(columns.length() == 0 ? "" : ", ").append(PgSchema.q(n));
    }
    CopyIn in =
        conn.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY " + PgSchema.table(c) + " (" + columns + ") FROM STDIN WITH (FORMAT csv)");
    try {
      StringBuilder buffer = new StringBuilder(COPY_BUFFER_CHARS + 4096);
      Iterator<Row> it = rows.toLocalIterator();
      while (it.hasNext()) {
        PgCopyRows.appendRow(buffer, it.next(), schema);
        if (buffer.length() >= COPY_BUFFER_CHARS) {
          byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
          in.writeToCopy(bytes, 0, bytes.length);
          buffer.setLength(0);
        }
      }
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }
}
