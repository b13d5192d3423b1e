package com.brandpulse.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a secret (a password, a cluster's shared key): written readable by their owner
 * only, in a folder only the owner may enter, and read only while they still are so. A secret file
 * others could read, or that someone else owns (and so chose), is refused rather than used.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private PrivateFiles() {}

  /**
   * Writes {@code text} to a new file of mode 600 (replacing one), its folder made with mode 700
   * when missing.
   */
  public static void write(Path file, String text) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.exists(folder)) {
      Files.createDirectories(folder.getParent());
      Files.createDirectory(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.deleteIfExists(file);
    Files.writeString(
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.WRITE);
    check(file);
  }

  /** The text of a private file ({@link #check}). */
  public static String read(Path file) {
    check(file);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the private file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a file (or its folder) that is a link, belongs to someone else, or that others may read
   * or change.
   */
  public static void check(Path file) {
    String me = System.getProperty("user.name");
    try {
      if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException(
            "the private file " + file + " is not a regular file; refusing it");
      }
      String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!owner.equals(me) || !OWNER_READ_WRITE.containsAll(mode)) {
        throw new IllegalStateException(
            "the private file "
                + file
                + " belongs to "
                + owner
                + " with mode "
                + PosixFilePermissions.toString(mode)
                + "; it must be "
                + me
                + "'s and readable by its owner only"
                + " (chmod 600); refusing it");
      }
      Path folder = file.toAbsolutePath().getParent();
      Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(folder);
      String folderOwner = Files.getOwner(folder).getName();
      if (!folderOwner.equals(me)
          || folderMode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
        throw new IllegalStateException(
            "the folder "
                + folder
                + " of the private file "
                + file.getFileName()
                + " belongs to "
                + folderOwner
                + " with mode "
                + PosixFilePermissions.toString(folderMode)
                + "; it must be "
                + me
                + "'s and open to its owner only (chmod 700); refusing it");
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot check the private file " + file + ": " + e.getMessage(), e);
    }
  }
}
