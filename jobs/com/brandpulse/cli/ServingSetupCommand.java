package com.brandpulse.cli;

import com.brandpulse.serving.ServingRoles;
import com.brandpulse.serving.ServingSettings;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse serving-setup}: the serving database's publisher and reader roles, made by its
 * superuser.
 */
@Command(
    name = "serving-setup",
    mixinStandardHelpOptions = true,
    description = {
      "Make the serving roles and privileges (idempotent; ServingRoles): the publisher publish writes",
      "as (serving.postgres.user: owns what is served, not a superuser) and the BI reader (serving.reader.user:",
      "the views only); no rights for anyone else. Connects as serving.setup.user, the superuser (password from",
      "serving.setup.password-env, else the credentials file); the only command that does. Role passwords come",
      "from their environment variables or the credentials file. --print-sql prints the statements instead, for",
      "the admin of a server brandpulse may not log into as superuser."
    })
public final class ServingSetupCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--print-sql",
      description = "Print the SQL (passwords left out) instead of running it.")
  boolean printSql;

  @Override
  public Integer call() throws Exception {
    ServingSettings s = ServingSettings.from(common.config());
    if (printSql) {
      System.out.println(
          "-- as a superuser, connected to database "
              + s.database()
              + "; then set the passwords, e.g."
              + " in psql: \\password "
              + s.publisher().user()
              + " and \\password "
              + s.reader().user());
      ServingRoles.statements(s, ServingRoles.servedSchemas(s))
          .forEach(sql -> System.out.println(sql + ";"));
      return 0;
    }
    try (Connection superuser = s.connectSetup()) {
      ServingRoles.apply(superuser, s)
          .forEach(line -> System.out.println("serving-setup: " + line));
    }
    return 0;
  }
}
