package com.brandpulse.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving database enforces who may do what, tried for real on the tests' bin/postgres server
 * with a published fixture: the BI reader reads the bi views and can do nothing else (every attack
 * below is made with its read-only default switched off, so the role's privileges are what
 * refuses), bi-sql runs exactly one read, the publisher owns what is served without being a
 * superuser, and the server wants a right password.
 */
class ServingRolesTest {
  static final String READER = "brandpulse_reader";
  static String db;
  static Path warehouse;

  @BeforeAll
  static void publishAFixture() throws Exception {
    warehouse = TestSpark.newWarehouse("serving-roles");
    db = TestPostgres.createDatabase("serving_roles");
    ServingSettings s = ServingSettings.from(TestPostgres.config(warehouse, db));
    PublisherTest.spark = TestSpark.get();
    PublisherTest.write(warehouse, PublisherTest.WEEKLY, PublisherTest.rows(0), null);
    PublisherTest.publish(warehouse, PublisherTest.WEEKLY, s, "run-1");
  }

  /**
   * The reader as a BI tool logs in: autocommit, and its read-only default turned off, as anyone
   * may.
   */
  static Connection reader() throws SQLException {
    Connection c = TestPostgres.connect(db, READER, TestPostgres.password(READER));
    try (Statement st = c.createStatement()) {
      st.execute("SET default_transaction_read_only = off");
    }
    return c;
  }

  /** The first line of the server's refusal of {@code sql} run by the reader. */
  static String refusal(String sql) throws SQLException {
    try (Connection c = reader();
        Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
      return e.getMessage().lines().findFirst().orElse("");
    }
  }

  @Test
  void theReaderReadsTheViewsAndNothingElse() throws Exception {
    try (Connection c = reader();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM bi.fixture_weekly), (SELECT count(*) FROM bi.publish_status)")) {
      rs.next();
      assertEquals(12, rs.getInt(1));
      assertEquals(3, rs.getInt(2));
    }
    List<String[]> attacks =
        List.of(
            new String[] {"SELECT * FROM gold.fixture_weekly", "permission denied for schema gold"},
            new String[] {
              "SELECT * FROM serving.publish_state", "permission denied for schema serving"
            },
            new String[] {
              "INSERT INTO bi.fixture_weekly (week_start) VALUES ('2026-01-05')",
              "permission denied for view fixture_weekly"
            },
            new String[] {
              "UPDATE bi.fixture_weekly SET brand_id = 'x'",
              "permission denied for view fixture_weekly"
            },
            new String[] {
              "DELETE FROM bi.fixture_weekly", "permission denied for view fixture_weekly"
            },
            new String[] {"DELETE FROM gold.fixture_weekly", "permission denied for schema gold"},
            new String[] {"TRUNCATE gold.fixture_weekly", "permission denied for schema gold"},
            new String[] {"CREATE TABLE bi.probe (x int)", "permission denied for schema bi"},
            new String[] {
              "CREATE TABLE public.probe (x int)", "permission denied for schema public"
            },
            new String[] {
              "CREATE TABLE serving.probe (x int)", "permission denied for schema serving"
            },
            new String[] {"CREATE TABLE gold.probe (x int)", "permission denied for schema gold"},
            new String[] {
              "CREATE TEMP TABLE probe (x int)",
              "permission denied to create temporary tables in database"
            },
            new String[] {"CREATE SCHEMA probe", "permission denied for database " + db},
            new String[] {"CREATE VIEW bi.probe AS SELECT 1", "permission denied for schema bi"},
            new String[] {
              "ALTER VIEW bi.fixture_weekly RENAME TO probe", "must be owner of view fixture_weekly"
            },
            new String[] {"DROP VIEW bi.fixture_weekly", "must be owner of view fixture_weekly"},
            new String[] {
              "SELECT pg_read_file('/etc/passwd')", "permission denied for function pg_read_file"
            },
            new String[] {
              "SELECT pg_read_binary_file('/etc/passwd')",
              "permission denied for function pg_read_binary_file"
            },
            new String[] {"SELECT pg_ls_dir('.')", "permission denied for function pg_ls_dir"},
            new String[] {
              "COPY (SELECT 1) TO '/tmp/brandpulse-probe'", "permission denied to COPY to a file"
            },
            new String[] {
              "COPY bi.fixture_weekly FROM '/etc/passwd'", "permission denied to COPY from a file"
            },
            new String[] {
              "SELECT lo_import('/etc/passwd')", "permission denied for function lo_import"
            },
            new String[] {"SELECT lo_create(0)", "permission denied for function lo_create"},
            new String[] {
              "SELECT lo_from_bytea(0, 'x')", "permission denied for function lo_from_bytea"
            },
            new String[] {
              "GRANT SELECT ON gold.fixture_weekly TO PUBLIC", "permission denied for schema gold"
            },
            new String[] {"SET ROLE brandpulse_publisher", "permission denied to set role"});
    List<String> failed = new ArrayList<>();
    for (String[] attack : attacks) {
      String said = refusal(attack[0]);
      if (!said.contains(attack[1])) {
        failed.add(attack[0] + " -> " + said);
      }
    }
    assertEquals(List.of(), failed, "refused for another reason than expected");

    Path touched = Path.of("/tmp/brandpulse-probe-" + System.nanoTime());
    assertTrue(
        refusal("COPY (SELECT 1) TO PROGRAM 'touch " + touched + "'")
            .contains("permission denied to COPY to or from an external program"));
    assertFalse(Files.exists(touched), "COPY TO PROGRAM ran");

    for (String other :
        List.of("postgres", "template1")) { // bin/postgres: the maintenance databases are closed
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> TestPostgres.connect(other, READER, TestPostgres.password(READER)));
      assertTrue(
          e.getMessage().contains("permission denied for database \"" + other + "\""),
          e.getMessage());
    }
  }

  @Test
  void thePublisherOwnsWhatIsServedAndIsNoSuperuser() throws Exception {
    assertEquals(
        List.of(
            List.of("brandpulse_publisher", "f", "f", "f", "f"),
            List.of("brandpulse_reader", "f", "f", "f", "f")),
        PublisherTest.query(
            db,
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles"
                + " WHERE rolname LIKE 'brandpulse_%' ORDER BY 1"));
    assertEquals(
        List.of(List.of("brandpulse_publisher")),
        PublisherTest.query(
            db,
            "SELECT DISTINCT pg_get_userbyid(relowner)"
                + " FROM pg_class WHERE relnamespace IN ('gold'::regnamespace, 'bi'::regnamespace, 'serving'::regnamespace)"));
    // What PUBLIC may not: connect, create or make temporary tables in the database, create in
    // schema public.
    assertEquals(
        List.of(List.of("f", "f", "f", "f")),
        PublisherTest.query(
            db,
            "SELECT has_database_privilege('public',"
                + " current_database(), 'CONNECT'), has_database_privilege('public', current_database(), 'TEMP'),"
                + " has_database_privilege('brandpulse_reader', current_database(), 'CREATE'), has_schema_privilege('public', 'public', 'CREATE')"));
    // serving-setup needs a superuser: as the publisher it changes nothing.
    ServingSettings s = ServingSettings.from(TestPostgres.config(warehouse, db));
    try (Connection publisher = s.connect()) {
      SQLException e = assertThrows(SQLException.class, () -> ServingRoles.apply(publisher, s));
      assertTrue(e.getMessage().contains("serving-setup needs a superuser"), e.getMessage());
    }
  }

  @Test
  void theServerWantsTheRightPassword() throws Exception {
    for (String user : List.of("postgres", "brandpulse_publisher", READER)) {
      SQLException none =
          assertThrows(SQLException.class, () -> TestPostgres.connect(db, user, null));
      assertTrue(
          none.getMessage().contains("SCRAM-based authentication, but no password was provided"),
          none.getMessage());
      SQLException wrong =
          assertThrows(
              SQLException.class, () -> TestPostgres.connect(db, user, "not-the-password"));
      assertTrue(
          wrong.getMessage().contains("password authentication failed for user \"" + user + "\""),
          wrong.getMessage());
    }
    assertEquals(
        List.of(List.of("0")),
        PublisherTest.query(
            db,
            "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method"
                + " NOT IN ('scram-sha-256')"));
  }

  @Test
  void biSqlRunsExactlyOneReadAsTheReader() throws Exception {
    Run read = biSql("SELECT count(*) FROM bi.fixture_weekly");
    assertEquals(0, read.code());
    assertEquals("count\n12\n", read.out());
    // stderr holds only the command's closing line with its time (the result is on stdout alone)
    assertTrue(read.err().matches("bi-sql: done in [0-9.]+m?s\n"), read.err());
    assertEquals(2, biSql("COMMIT; CREATE TABLE public.bi_sql_probe (x int); SELECT 1").code());
    assertTrue(
        biSql("COMMIT; CREATE TABLE public.bi_sql_probe (x int); SELECT 1")
            .err()
            .contains("bi-sql: refused: 3 statements; bi-sql runs exactly one"));
    assertEquals(
        new Run(2, "", "bi-sql: refused: a CREATE statement; bi-sql runs one read (SELECT ...)\n"),
        biSql("CREATE TABLE public.bi_sql_probe (x int)"));
    assertEquals(
        new Run(
            2,
            "",
            "bi-sql: refused: ERROR: cannot execute CREATE TABLE in a read-only transaction\n"),
        biSql("DO $$ BEGIN CREATE TABLE public.bi_sql_probe (x int); END $$"));
    assertEquals(
        new Run(2, "", "bi-sql: refused: ERROR: permission denied for schema gold\n"),
        biSql("SELECT count(*) FROM gold.fixture_weekly"));
    assertEquals(
        new Run(2, "", "bi-sql: refused: ERROR: permission denied for function lo_import\n"),
        biSql("SELECT lo_import('/etc/passwd')"));
    assertEquals(
        new Run(2, "", "bi-sql: refused: ERROR: canceling statement due to statement timeout\n"),
        biSql("SELECT pg_sleep(5)", "--set", "serving.bi-statement-timeout=500ms"));
    assertEquals(
        List.of(List.of("t")),
        PublisherTest.query(db, "SELECT to_regclass('public.bi_sql_probe') IS NULL"));
  }

  record Run(int code, String out, String err) {}

  static Run biSql(String statement, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bi-sql",
                statement,
                "--set",
                "serving.postgres.port=" + TestPostgres.port(),
                "--set",
                "serving.postgres.database=" + db,
                "--set",
                "serving.postgres.credentials-file=\"" + TestPostgres.CREDENTIALS + "\""));
    args.addAll(List.of(more));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = BrandPulse.commandLine().execute(args.toArray(new String[0]));
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
