package com.brandpulse.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passwords from a file in PostgreSQL's pgpass format ({@code host:port:database:user:password}, {@code *} matches
 * anything), the one place besides environment variables a password may live; {@code bin/postgres} writes one
 * for its server. Read only when the file is private: a regular file (no link) of the user running brandpulse
 * with no group or other permission, in a folder of that user's that no one else may write to or list.
 * Anything wider is refused rather than used: a password others could read is no longer a secret.
 */
public final class PgPassFile {
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private PgPassFile() {}

  /** The password of the first line that matches; empty when no line does. */
  public static Optional<String> password(Path file, String host, int port, String database, String user) {
    checkPrivate(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
    }
    String[] wanted = {host, Integer.toString(port), database, user};
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(":", 5); // the password may hold ':' (pgpass escapes it; ours never do)
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

  /** Refuses a file (or its folder) that is a link, belongs to someone else, or that others may read or change. */
  static void checkPrivate(Path file) {
    String me = System.getProperty("user.name");
    try {
      if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException("the credentials file " + file + " is not a regular file; refusing it");
      }
      String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!owner.equals(me) || !OWNER_ONLY_FILE.containsAll(mode)) {
        throw new IllegalStateException("the credentials file " + file + " belongs to " + owner + " with mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "; it must be " + me
            + "'s and readable by its owner only (chmod 600); refusing it");
      }
      Path folder = file.toAbsolutePath().getParent();
      Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(folder);
      String folderOwner = Files.getOwner(folder).getName();
      boolean othersMay = folderMode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
      if (!folderOwner.equals(me) || othersMay) {
        throw new IllegalStateException("the folder " + folder + " of the credentials file belongs to " + folderOwner
            + " with mode " + java.nio.file.attribute.PosixFilePermissions.toString(folderMode) + "; it must be " + me
            + "'s and open to its owner only (chmod 700); refusing it");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot check the credentials file " + file + ": " + e.getMessage(), e);
    }
  }
}
