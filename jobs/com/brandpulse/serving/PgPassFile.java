package com.brandpulse.serving;

import com.brandpulse.common.PrivateFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Passwords from a file in PostgreSQL's pgpass format ({@code host:port:database:user:password},
 * {@code *} matches anything), the one place besides environment variables a password may live;
 * {@code bin/postgres} writes one for its server. Read only while the file is private ({@link
 * PrivateFiles#check}): a password others could read is no longer a secret.
 */
public final class PgPassFile {
  private PgPassFile() {}

  /** The password of the first line that matches; empty when no line does. */
  public static Optional<String> password(
      Path file, String host, int port, String database, String user) {
    List<String> lines = PrivateFiles.read(file).lines().toList();
    String[] wanted = {host, Integer.toString(port), database, user};
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields =
          line.split(":", 5); // the password may hold ':' (pgpass escapes it; ours never do)
      if (fields.length == 5 && matches(fields, wanted)) {
        return Optional.of(fields[4].replace("\\:", ":").replace("\\\\", "\\"));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String[] fields, String[] wanted) {
    for (int i = 0; i < wanted.length; i++) {
      if (!fields[i].equals("*") && !fields[i].equals(wanted[i])) {
        return false;
      }
    }
    return true;
  }
}
