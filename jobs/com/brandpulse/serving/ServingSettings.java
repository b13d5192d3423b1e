package com.brandpulse.serving;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where and how {@code publish} serves the gold tables ({@code serving.*} in conf). The password is read
 * from the environment variable named by {@code serving.postgres.password-env} and nowhere else; a
 * password written into configuration is refused.
 */
public record ServingSettings(String host, int port, String database, String user, String passwordEnv,
                              String password, Map<String, String> jdbcProperties, List<String> tables,
                              String viewSchema, String stateSchema, String weekColumn,
                              List<List<String>> indexes, String readerRole) {

  public static ServingSettings from(AppConfig config) {
    Config s = config.get().getConfig("serving");
    Config pg = s.getConfig("postgres");
    if (pg.hasPath("password")) {
      throw new IllegalArgumentException("serving.postgres.password is set in configuration; the password is read"
          + " only from the environment variable named by serving.postgres.password-env");
    }
    String passwordEnv = pg.getString("password-env");
    String password;
    try {
      password = config.secret(passwordEnv);
    } catch (IllegalStateException unset) {
      password = null; // a server that trusts loopback connections (bin/postgres without a password)
    }
    Map<String, String> properties = new LinkedHashMap<>();
    pg.getConfig("properties").entrySet().forEach(e -> properties.put(e.getKey(), e.getValue().unwrapped().toString()));
    return new ServingSettings(pg.getString("host"), pg.getInt("port"), pg.getString("database"), pg.getString("user"),
        passwordEnv, password, properties, s.getStringList("tables"), s.getString("view-schema"),
        s.getString("state-schema"), s.getString("week-column"),
        s.getList("indexes").unwrapped().stream().map(ServingSettings::columnList).toList(),
        s.getString("reader-role"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> columnList(Object spec) {
    return spec instanceof List<?> l ? ((List<Object>) l).stream().map(Object::toString).toList()
        : List.of(spec.toString());
  }

  public String url() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public ServingSettings withPort(int newPort) {
    return new ServingSettings(host, newPort, database, user, passwordEnv, password, jdbcProperties, tables,
        viewSchema, stateSchema, weekColumn, indexes, readerRole);
  }

  /**
   * A connection with autocommit off. The driver is called directly rather than through DriverManager, which
   * does not see drivers of the application class loader spark-submit adds.
   */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "brandpulse");
    p.setProperty("connectTimeout", "15");
    p.putAll(jdbcProperties);
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    Connection c;
    try {
      c = new org.postgresql.Driver().connect(url(), p);
    } catch (SQLException e) {
      String hint = password == null && String.valueOf(e.getMessage()).contains("password")
          ? " (the server wants a password: set the environment variable " + passwordEnv + ")" : "";
      throw new SQLException("cannot connect to " + url() + " as " + user + hint + ": " + e.getMessage(),
          e.getSQLState(), e);
    }
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public String toString() { // never the password
    return url() + " as " + user + (password == null ? " (no password)" : " (password from " + passwordEnv + ")");
  }
}
