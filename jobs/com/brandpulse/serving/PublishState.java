package com.brandpulse.serving;

import com.brandpulse.common.TableContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.sql.Row;

/**
 * The publish bookkeeping in PostgreSQL ({@link Publisher}): {@code serving.publish_state}, one row
 * per served table and slice with the fingerprint published, and {@code serving.publish_runs}, one
 * row per run and table with the stamps that let a rerun copy nothing.
 */
final class PublishState {
  private PublishState() {}

  private static String state(ServingSettings s) {
    return PgSchema.q(s.stateSchema()) + ".publish_state";
  }

  private static String runs(ServingSettings s) {
    return PgSchema.q(s.stateSchema()) + ".publish_runs";
  }

  /** The publish bookkeeping and its BI view, created once (its own transaction). */
  static void ensureStateTables(Connection conn, ServingSettings s) throws SQLException {
    if (stateTablesCurrent(conn, s)) {
      return; // set up by an earlier run in this shape: no DDL, no lock taken on what BI reads
    }
    try (Statement st = conn.createStatement()) {
      Publisher.takeTurn(conn, "brandpulse.publish.setup");
      st.execute("CREATE SCHEMA IF NOT EXISTS " + PgSchema.q(s.stateSchema()));
      st.execute("CREATE SCHEMA IF NOT EXISTS " + PgSchema.q(s.viewSchema()));
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + state(s)
              + " (table_name text NOT NULL, slice text NOT NULL,"
              + " row_count bigint NOT NULL, fingerprint text NOT NULL, delta_version bigint NOT NULL, run_id text NOT NULL,"
              + " published_at timestamp with time zone NOT NULL, PRIMARY KEY (table_name, slice))");
      st.execute(
          "COMMENT ON TABLE "
              + state(s)
              + " IS 'one row per served table and slice (week_start, or all for a"
              + " table without weeks): what publish last copied, so a run copies only slices whose fingerprint changed'");
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + runs(s)
              + " (run_id text NOT NULL, table_name text NOT NULL,"
              + " delta_version bigint NOT NULL, slices_changed integer NOT NULL, slices_removed integer NOT NULL,"
              + " rows_copied bigint NOT NULL, rebuilt boolean NOT NULL, finished_at timestamp with time zone NOT NULL,"
              + " PRIMARY KEY (run_id, table_name))");
      st.execute(
          "COMMENT ON TABLE "
              + runs(s)
              + " IS 'one row per publish run and table: what it changed'");
      // source_stamp: the Delta commit a whole-table publish copied from; views_stamp: the served
      // objects' DDL
      st.execute(
          "ALTER TABLE "
              + runs(s)
              + " ADD COLUMN IF NOT EXISTS source_stamp text,"
              + " ADD COLUMN IF NOT EXISTS views_stamp text");
      String status = PgSchema.q(s.viewSchema()) + ".publish_status";
      st.execute(
          "CREATE OR REPLACE VIEW "
              + status
              + " AS SELECT table_name, slice, row_count, delta_version,"
              + " published_at FROM "
              + state(s));
      st.execute(
          "COMMENT ON VIEW "
              + status
              + " IS 'freshness: one row per served table and week (slice), when it was"
              + " last published and from which Delta version'");
      st.execute(
          "GRANT USAGE ON SCHEMA "
              + PgSchema.q(s.viewSchema())
              + " TO "
              + PgSchema.q(s.reader().user()));
      st.execute("GRANT SELECT ON " + status + " TO " + PgSchema.q(s.reader().user()));
      conn.commit();
    } catch (SQLException e) {
      conn.rollback();
      throw e;
    }
  }

  /**
   * The fingerprints published per slice of {@code table}: every slice, or with {@code from} (a
   * weekly table's first week republished) the slices from it on.
   */
  static Map<String, String> fingerprints(
      Connection conn, ServingSettings s, String table, LocalDate from) throws SQLException {
    Map<String, String> published = new HashMap<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT slice, fingerprint FROM "
                + state(s)
                + " WHERE table_name = ? AND (? OR slice >= ?)")) {
      ps.setString(1, table);
      ps.setBoolean(2, from == null);
      ps.setString(3, from == null ? "" : from.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          published.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return published;
  }

  /** Forgets what was published of {@code table}: it is being rebuilt, so every slice is new. */
  static void forget(Connection conn, ServingSettings s, String table) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("DELETE FROM " + state(s) + " WHERE table_name = ?")) {
      ps.setString(1, table);
      ps.executeUpdate();
    }
  }

  /** True when the bookkeeping tables have their current columns and the status view exists. */
  private static boolean stateTablesCurrent(Connection conn, ServingSettings s)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL AND EXISTS (SELECT 1 FROM"
                + " information_schema.columns WHERE table_schema = ? AND table_name = 'publish_runs'"
                + " AND column_name = 'views_stamp')")) {
      ps.setString(1, PgSchema.q(s.viewSchema()) + ".publish_status");
      ps.setString(2, s.stateSchema());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } finally {
      conn.commit();
    }
  }

  static void recordState(
      Connection conn,
      ServingSettings s,
      String table,
      Map<String, Row> current,
      List<String> changed,
      List<String> removed,
      long version,
      String runId,
      Instant now)
      throws SQLException {
    try (PreparedStatement up =
        conn.prepareStatement(
            "INSERT INTO "
                + state(s)
                + " (table_name, slice, row_count,"
                + " fingerprint, delta_version, run_id, published_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name,"
                + " slice) DO UPDATE SET row_count = excluded.row_count, fingerprint = excluded.fingerprint,"
                + " delta_version = excluded.delta_version, run_id = excluded.run_id, published_at = excluded.published_at")) {
      for (String slice : changed) {
        Row r = current.get(slice);
        up.setString(1, table);
        up.setString(2, slice);
        up.setLong(3, r.getLong(r.fieldIndex("rows")));
        up.setString(4, r.getAs("fingerprint"));
        up.setLong(5, version);
        up.setString(6, runId);
        up.setObject(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        up.addBatch();
      }
      up.executeBatch();
    }
    if (!removed.isEmpty()) {
      try (PreparedStatement del =
          conn.prepareStatement(
              "DELETE FROM " + state(s) + " WHERE table_name = ? AND slice = ANY (?)")) {
        del.setString(1, table);
        del.setArray(2, conn.createArrayOf("text", removed.toArray()));
        del.executeUpdate();
      }
    }
  }

  /**
   * What the served objects of a table are made of: its DDL, views, comments, indexes and the
   * reader's grants. A change (new contract, other settings) makes publish describe the table
   * again.
   */
  static String viewsStamp(TableContract c, ServingSettings s) {
    List<String> parts = new ArrayList<>();
    parts.add(PgSchema.createTable(c));
    parts.addAll(PgSchema.indexes(c, s.indexes()));
    parts.addAll(PgSchema.tableComments(c));
    for (PgSchema.View v : PgSchema.views(c, s.viewSchema(), s.weekColumn(), s.indexes())) {
      parts.add(v.create());
      parts.addAll(v.comments());
    }
    parts.add("reader=" + s.reader().user() + " week=" + s.weekColumn());
    return DigestUtils.sha256Hex(String.join("\n", parts));
  }

  /**
   * The source and views stamps of the table's latest recorded publish ({null, null} when none).
   */
  static String[] lastStamps(Connection conn, ServingSettings s, String table) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT source_stamp, views_stamp FROM "
                + runs(s)
                + " WHERE table_name = ? ORDER BY finished_at DESC LIMIT 1")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new String[] {rs.getString(1), rs.getString(2)}
            : new String[] {null, null};
      }
    } finally {
      conn.commit(); // a read: end its transaction so that nothing is held while Spark works
    }
  }

  static int publishedSlices(Connection conn, ServingSettings s, String table) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT count(*) FROM " + state(s) + " WHERE table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } finally {
      conn.commit();
    }
  }

  static void recordRun(
      Connection conn,
      ServingSettings s,
      String table,
      long version,
      int changed,
      int removed,
      long rows,
      boolean rebuilt,
      String runId,
      Instant now,
      String source,
      String views)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO "
                + runs(s)
                + " (run_id, table_name, delta_version,"
                + " slices_changed, slices_removed, rows_copied, rebuilt, finished_at, source_stamp, views_stamp)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, table_name) DO UPDATE SET delta_version = excluded.delta_version,"
                + " slices_changed = excluded.slices_changed, slices_removed = excluded.slices_removed,"
                + " rows_copied = excluded.rows_copied, rebuilt = excluded.rebuilt, finished_at = excluded.finished_at,"
                + " source_stamp = excluded.source_stamp, views_stamp = excluded.views_stamp")) {
      ps.setString(9, source);
      ps.setString(10, views);
      ps.setString(1, runId);
      ps.setString(2, table);
      ps.setLong(3, version);
      ps.setInt(4, changed);
      ps.setInt(5, removed);
      ps.setLong(6, rows);
      ps.setBoolean(7, rebuilt);
      ps.setObject(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
