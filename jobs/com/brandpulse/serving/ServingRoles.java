package com.brandpulse.serving;

import com.brandpulse.common.TableContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The serving database's roles and privileges, so that the database itself enforces who may do
 * what. Run as a superuser by {@code serving-setup} (and the demo, on its local server);
 * idempotent.
 *
 * <ul>
 *   <li>The publisher ({@code serving.postgres.user}): may log in, connect and create schemas in
 *       the served database; owns everything publish makes (so it alone can change it); no
 *       superuser, no CREATEROLE, no CREATEDB, no replication, no bypassing row security.
 *   <li>The reader ({@code serving.reader.user}): may log in and connect; publish grants it USAGE
 *       on the view schema and SELECT on each view, and nothing else. The views run with their
 *       owner's rights (no {@code security_invoker}), so the reader reads them without any right on
 *       the tables beneath. Its sessions default to read-only transactions and {@code
 *       serving.bi-statement-timeout}.
 *   <li>Everyone else (PUBLIC): no CONNECT, CREATE or TEMPORARY on the database, no CREATE in
 *       schema public, no large objects. Server files and programs (pg_read_file, COPY ... PROGRAM,
 *       server-side lo_import) are PostgreSQL's superuser-only defaults, left so.
 * </ul>
 *
 * Passwords are set with the driver's {@code alterUserPassword}: a SCRAM verifier is computed here
 * and only it reaches the server, never the password (nor a log line holding it).
 */
public final class ServingRoles {
  /**
   * The large-object functions PUBLIC may execute by default (creating and writing server-side
   * storage).
   */
  static final List<String> LARGE_OBJECT_FUNCTIONS =
      List.of(
          "lo_create(oid)",
          "lo_creat(integer)",
          "lo_from_bytea(oid, bytea)",
          "lo_import(text)",
          "lo_import(text, oid)",
          "lo_export(oid, text)",
          "lo_put(oid, bigint, bytea)",
          "lowrite(integer, bytea)",
          "lo_truncate(integer, integer)",
          "lo_truncate64(integer, bigint)",
          "lo_unlink(oid)");

  private ServingRoles() {}

  /**
   * The statements that make the roles and their privileges in {@code s.database()} (the
   * connection's database), passwords left out; {@code servedSchemas} are handed to the publisher
   * when an earlier publish (as another role) made them.
   */
  public static List<String> statements(ServingSettings s, List<String> servedSchemas) {
    String publisher = PgSchema.q(s.publisher().user());
    String reader = PgSchema.q(s.reader().user());
    String db = PgSchema.q(s.database());
    List<String> sql = new ArrayList<>();
    for (String role : List.of(publisher, reader)) {
      sql.add(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
              + PgSchema.literal(unquote(role))
              + ") THEN CREATE ROLE "
              + role
              + "; END IF; END $$");
      sql.add(
          "ALTER ROLE "
              + role
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
    }
    sql.add("ALTER ROLE " + reader + " SET default_transaction_read_only = on");
    sql.add(
        "ALTER ROLE " + reader + " SET statement_timeout = " + s.biStatementTimeout().toMillis());
    sql.add("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
    sql.add("REVOKE ALL ON DATABASE " + db + " FROM " + reader);
    sql.add(
        "GRANT CONNECT, CREATE ON DATABASE "
            + db
            + " TO "
            + publisher); // CREATE: its schemas; no TEMPORARY
    sql.add("GRANT CONNECT ON DATABASE " + db + " TO " + reader);
    sql.add("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    sql.add(
        "REVOKE EXECUTE ON FUNCTION " + String.join(", ", LARGE_OBJECT_FUNCTIONS) + " FROM PUBLIC");
    for (String schema :
        servedSchemas) { // made by an earlier publish as another role: handed to the publisher
      String ns = PgSchema.literal(PgSchema.q(schema)) + "::regnamespace";
      String owner = PgSchema.literal(publisher);
      sql.add(
          "DO $$ DECLARE r record; BEGIN IF to_regnamespace("
              + PgSchema.literal(PgSchema.q(schema))
              + ") IS NULL"
              + " THEN RETURN; END IF; EXECUTE format('ALTER SCHEMA %s OWNER TO %s', "
              + ns
              + ", "
              + owner
              + ");"
              + " FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c WHERE c.relnamespace = "
              + ns
              + " AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relowner <> "
              + owner
              + "::regrole LOOP"
              + " EXECUTE format('ALTER %s %s OWNER TO %s', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN"
              + " 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name, "
              + owner
              + "); END LOOP; END $$");
    }
    return sql;
  }

  /** The schemas publish makes: the served tables' layers, the views' and the bookkeeping's. */
  public static List<String> servedSchemas(ServingSettings s) {
    Set<String> schemas = new LinkedHashSet<>();
    Catalog.named(s.tables()).stream().map(TableContract::layer).forEach(schemas::add);
    schemas.add(s.viewSchema());
    schemas.add(s.stateSchema());
    return List.copyOf(schemas);
  }

  /**
   * Applies {@link #statements} on a superuser's connection and sets each role's password when one
   * is at hand (its environment variable or the credentials file). Returns what it did, one line
   * each, for the log.
   */
  public static List<String> apply(Connection superuser, ServingSettings s) throws SQLException {
    List<String> done = new ArrayList<>();
    try (Statement st = superuser.createStatement()) {
      requireSuperuser(superuser, s);
      for (String sql : statements(s, servedSchemas(s))) {
        st.execute(sql);
      }
      for (ServingSettings.Login login : List.of(s.publisher(), s.reader())) {
        String password = s.password(login);
        if (password == null) {
          done.add(
              login.user()
                  + ": no password at hand ("
                  + login.passwordEnv()
                  + " unset, none in the credentials"
                  + " file); the role keeps the one it has, if any");
        } else {
          superuser
              .unwrap(PGConnection.class)
              .alterUserPassword(login.user(), password.toCharArray(), "scram-sha-256");
          done.add(login.user() + ": password set (SCRAM verifier only)");
        }
      }
      superuser.commit();
    } catch (SQLException | RuntimeException e) {
      superuser.rollback();
      throw e;
    }
    done.add(
        0,
        "roles "
            + s.publisher().user()
            + " (publisher) and "
            + s.reader().user()
            + " (reader) in database "
            + s.database()
            + ": privileges applied");
    return done;
  }

  /** A superuser, and neither of the roles it is about to strip of every privilege. */
  private static void requireSuperuser(Connection c, ServingSettings s) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(2)) {
        throw new SQLException(
            "serving-setup needs a superuser (serving.setup.user) to make roles and revoke PUBLIC's"
                + " rights; "
                + rs.getString(1)
                + " is not one");
      }
      if (rs.getString(1).equals(s.publisher().user())
          || rs.getString(1).equals(s.reader().user())) {
        throw new SQLException(
            "serving.postgres.user and serving.reader.user must be roles of their own, not the"
                + " superuser "
                + rs.getString(1)
                + " (serving-setup would take its rights away)");
      }
    }
  }

  private static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
  }
}
