package com.brandpulse.serving;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where and how {@code publish} serves the gold tables ({@code serving.*} in conf), and as whom:
 * the publisher (owns what is served), the BI reader (reads the views only) and the superuser that
 * {@code serving-setup} uses to make those two. A password comes from the environment variable a
 * login names, else from the owner-only credentials file ({@link PgPassFile}); one written into
 * configuration is refused ({@link AppConfig}).
 */
public record ServingSettings(
    String host,
    int port,
    String database,
    Login publisher,
    Login reader,
    Login setup,
    Path credentialsFile,
    Map<String, String> jdbcProperties,
    List<String> tables,
    String viewSchema,
    String stateSchema,
    String weekColumn,
    List<List<String>> indexes,
    Duration lockTimeout,
    Duration biStatementTimeout) {

  /**
   * A role and where its password comes from; {@code password} is the environment's value (null
   * when unset).
   */
  public record Login(String user, String passwordEnv, String password) {
    static Login from(AppConfig config, Config c) {
      String env = c.getString("password-env");
      String password;
      try {
        password = config.secret(env);
      } catch (IllegalStateException unset) {
        password = null; // then the credentials file, when connecting
      }
      return new Login(c.getString("user"), env, password);
    }

    @Override
    public String toString() { // never the password
      return user + (password == null ? "" : " (password from " + passwordEnv + ")");
    }
  }

  public static ServingSettings from(AppConfig config) {
    Config s = config.get().getConfig("serving");
    Config pg = s.getConfig("postgres");
    Map<String, String> properties = new LinkedHashMap<>();
    pg.getConfig("properties")
        .entrySet()
        .forEach(e -> properties.put(e.getKey(), e.getValue().unwrapped().toString()));
    String file = pg.getString("credentials-file");
    return new ServingSettings(
        pg.getString("host"),
        pg.getInt("port"),
        pg.getString("database"),
        Login.from(config, pg),
        Login.from(config, s.getConfig("reader")),
        Login.from(config, s.getConfig("setup")),
        file.isBlank() ? null : Path.of(file).toAbsolutePath(),
        properties,
        s.getStringList("tables"),
        s.getString("view-schema"),
        s.getString("state-schema"),
        s.getString("week-column"),
        s.getList("indexes").unwrapped().stream().map(ServingSettings::columnList).toList(),
        s.getDuration("lock-timeout"),
        s.getDuration("bi-statement-timeout"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> columnList(Object spec) {
    return spec instanceof List<?> l
        ? ((List<Object>) l).stream().map(Object::toString).toList()
        : List.of(spec.toString());
  }

  public String url() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public ServingSettings withPort(int newPort) {
    return new ServingSettings(
        host,
        newPort,
        database,
        publisher,
        reader,
        setup,
        credentialsFile,
        jdbcProperties,
        tables,
        viewSchema,
        stateSchema,
        weekColumn,
        indexes,
        lockTimeout,
        biStatementTimeout);
  }

  /**
   * The publisher's connection, autocommit off. Waiting for a lock ends after {@code
   * serving.lock-timeout}: a BI query holding a view cannot stall publish forever (the run fails
   * and is retried).
   */
  public Connection connect() throws SQLException {
    return connect(publisher, "-c lock_timeout=" + lockTimeout.toMillis());
  }

  /**
   * The BI reader's connection, autocommit off: every transaction read-only and each statement
   * cancelled after {@code serving.bi-statement-timeout}. What the reader may do at all is the
   * database's to enforce (its role's privileges, see {@link ServingRoles}); these settings only
   * bound a session that tries.
   */
  public Connection connectReader() throws SQLException {
    return connect(
        reader,
        "-c statement_timeout="
            + biStatementTimeout.toMillis()
            + " -c default_transaction_read_only=on");
  }

  /** The superuser's connection (serving-setup only), autocommit off. */
  public Connection connectSetup() throws SQLException {
    return connect(setup, "");
  }

  /**
   * The login's password: its environment variable, else the credentials file; null when neither
   * has one.
   */
  public String password(Login login) {
    if (login.password() != null) {
      return login.password();
    }
    if (credentialsFile == null
        || !Files.exists(credentialsFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return PgPassFile.password(credentialsFile, host, port, database, login.user()).orElse(null);
  }

  /**
   * A connection with autocommit off and the given server options ({@code -c name=value}, before
   * any in {@code properties.options}). The driver is called directly rather than through
   * DriverManager, which does not see drivers of the application class loader spark-submit adds.
   */
  private Connection connect(Login login, String options) throws SQLException {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "brandpulse");
    p.setProperty("connectTimeout", "15");
    p.putAll(jdbcProperties);
    String all = (options + " " + jdbcProperties.getOrDefault("options", "")).trim();
    if (!all.isEmpty()) {
      p.setProperty("options", all);
    }
    p.setProperty("user", login.user());
    String password = password(login);
    if (password != null) {
      p.setProperty("password", password);
    }
    Connection c;
    try {
      c = new org.postgresql.Driver().connect(url(), p);
    } catch (SQLException e) {
      String hint =
          password == null && String.valueOf(e.getMessage()).contains("password")
              ? " (no password found: set the environment variable "
                  + login.passwordEnv()
                  + ", or put it in "
                  + (credentialsFile == null
                      ? "serving.postgres.credentials-file"
                      : credentialsFile)
                  + ")"
              : "";
      throw new SQLException(
          "cannot connect to " + url() + " as " + login.user() + hint + ": " + e.getMessage(),
          e.getSQLState(),
          e);
    }
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public String toString() { // never a password
    return url()
        + " as "
        + publisher
        + (publisher.password() == null && credentialsFile != null
            ? " (password from " + publisher.passwordEnv() + " or " + credentialsFile + ")"
            : "");
  }
}
