package com.brandpulse.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}) without a process per file. Without Hadoop's native
 * library (never on this project's machines), its local file system runs {@code chmod} for every
 * file and folder it creates and {@code readlink} twice for every rename, which is every Delta
 * commit: about four processes a second in a gold job on small data, each forked from the driver's
 * JVM. These classes do both through java.nio, with the same results: the same permission bits (so
 * {@code fs.permissions.umask-mode} still makes the warehouse owner-only), and the same status for
 * a path that is not a link; links, sticky bits and a machine with the native library keep Hadoop's
 * own code. SparkSessions chooses them in local mode, where the executors share the driver's class
 * path, unless spark-submit set either key itself; a cluster master keeps Hadoop's classes.
 */
public final class LocalDisk {
  /** The Spark settings that choose these classes for {@code file:}. */
  public static final java.util.Map<String, String> SPARK_SETTINGS =
      java.util.Map.of(
          "spark.hadoop.fs.file.impl", FileSystem.class.getName(),
          "spark.hadoop.fs.AbstractFileSystem.file.impl", Fs.class.getName());

  private LocalDisk() {}

  /** {@code fs.file.impl}: the FileSystem API, with checksums as Hadoop's LocalFileSystem. */
  public static final class FileSystem extends LocalFileSystem {
    public FileSystem() {
      super(new Raw());
    }
  }

  /** {@code fs.AbstractFileSystem.file.impl}: the FileContext API (Delta's log store renames). */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's RawLocalFs, over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // as RawLocalFs: no port
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as RawLocalFs: any local name
    }
  }

  /** RawLocalFileSystem with chmod and the link check done in this process. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(
          pathToFile(p).toPath(),
          PosixFilePermissions.fromString(
              permission.getUserAction().SYMBOL
                  + permission.getGroupAction().SYMBOL
                  + permission.getOtherAction().SYMBOL));
    }

    /**
     * A path that is no link has its plain status, as Hadoop's answer once readlink found no link;
     * a link keeps Hadoop's code.
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }
}
