package com.brandpulse.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The few file operations {@link WarehouseLock} is built from, on the folder that holds the lock: a
 * create that fails when the file exists (the one atomic step the lock relies on), read, touch,
 * delete. Everything is owner-only (folder 700, files 600), like the rest of the warehouse.
 *
 * <p>A local warehouse goes through java.nio: the text is written to a temporary file first and
 * then hard-linked to its name, which fails atomically when the name exists (the classic lock-file
 * method, sound on NFS as well), so a reader never sees a half-written lock. Hadoop's local file
 * system offers no such create (it checks, then opens). Any other warehouse (hdfs://, ...) goes
 * through Hadoop's {@code create(overwrite=false)}, which is atomic on HDFS; on an object store
 * without conditional writes it is only as good as the store's check.
 */
abstract class LockFiles {
  /** Creates {@code name} holding {@code text}; false when it exists already. */
  abstract boolean createExclusive(String name, String text) throws IOException;

  /** The file's text, or null when there is none. */
  abstract String read(String name) throws IOException;

  /** When the file was last touched (or written), or null when there is none. */
  abstract Instant modified(String name) throws IOException;

  /** Sets the file's modification time (the holder's heartbeat); nothing when there is no file. */
  abstract void touch(String name, Instant at) throws IOException;

  /** Removes the file, when there is one. */
  abstract void delete(String name) throws IOException;

  /** Where the files are, for messages. */
  abstract String where(String name);

  /** The lock folder {@code dir} (a local path or a Hadoop URI), made owner-only when missing. */
  static LockFiles in(String dir) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
    String scheme = path.toUri().getScheme();
    if (scheme == null || scheme.equals("file")) {
      return new Local(Path.of(path.toUri().getPath()));
    }
    return new Hadoop(path);
  }

  private static final String OWNER_ONLY_DIR = "rwx------";
  private static final String OWNER_ONLY_FILE = "rw-------";

  static final class Local extends LockFiles {
    private final Path dir;

    Local(Path dir) throws IOException {
      this.dir = dir;
      createOwnerOnly(dir);
    }

    /**
     * Makes the missing folders down to {@code dir}, each 700 (the warehouse may not exist before
     * its first writer).
     */
    private static void createOwnerOnly(Path dir) throws IOException {
      if (Files.isDirectory(dir)) {
        return;
      }
      createOwnerOnly(dir.toAbsolutePath().getParent());
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY_DIR)));
      } catch (FileAlreadyExistsException raced) {
        // another writer made it first: fine
      }
    }

    @Override
    boolean createExclusive(String name, String text) throws IOException {
      Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
      Files.writeString(
          Files.createFile(
              tmp,
              PosixFilePermissions.asFileAttribute(
                  PosixFilePermissions.fromString(OWNER_ONLY_FILE))),
          text,
          StandardCharsets.UTF_8);
      try {
        Files.createLink(dir.resolve(name), tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    String read(String name) throws IOException {
      try {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    Instant modified(String name) throws IOException {
      try {
        return Files.getLastModifiedTime(dir.resolve(name)).toInstant();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    void touch(String name, Instant at) throws IOException {
      try {
        Files.setLastModifiedTime(dir.resolve(name), FileTime.from(at));
      } catch (NoSuchFileException e) {
        // released or taken over meanwhile: nothing to touch
      }
    }

    @Override
    void delete(String name) throws IOException {
      Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    String where(String name) {
      return dir.resolve(name).toString();
    }
  }

  static final class Hadoop extends LockFiles {
    private final org.apache.hadoop.fs.Path dir;
    private final FileSystem fs;

    Hadoop(org.apache.hadoop.fs.Path dir) throws IOException {
      this.dir = dir;
      this.fs = dir.getFileSystem(configuration());
      fs.mkdirs(dir, new FsPermission((short) 0700));
    }

    /**
     * Hadoop's configuration as the job will see it (site files plus the spark.hadoop.* properties
     * spark-submit passed), built without a Spark session: the lock is taken before the job starts
     * one.
     */
    private static Configuration configuration() {
      Configuration conf = new Configuration();
      for (Tuple2<String, String> p : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
        conf.set(p._1(), p._2());
      }
      return conf;
    }

    @Override
    boolean createExclusive(String name, String text) throws IOException {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, name);
      try (FSDataOutputStream out =
          fs.create(
              file,
              new FsPermission((short) 0600),
              false,
              4096,
              fs.getDefaultReplication(file),
              fs.getDefaultBlockSize(file),
              null)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      } catch (IOException e) {
        if (fs.exists(file)) {
          return false; // some clients wrap the refusal in another exception
        }
        throw e;
      }
    }

    @Override
    String read(String name) throws IOException {
      try (FSDataInputStream in = fs.open(new org.apache.hadoop.fs.Path(dir, name))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    @Override
    Instant modified(String name) throws IOException {
      try {
        return Instant.ofEpochMilli(
            fs.getFileStatus(new org.apache.hadoop.fs.Path(dir, name)).getModificationTime());
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    @Override
    void touch(String name, Instant at) throws IOException {
      try {
        fs.setTimes(new org.apache.hadoop.fs.Path(dir, name), at.toEpochMilli(), -1);
      } catch (FileNotFoundException e) {
        // released or taken over meanwhile
      }
    }

    @Override
    void delete(String name) throws IOException {
      fs.delete(new org.apache.hadoop.fs.Path(dir, name), false);
    }

    @Override
    String where(String name) {
      return new org.apache.hadoop.fs.Path(dir, name).toString();
    }
  }
}
