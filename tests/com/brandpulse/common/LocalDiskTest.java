package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The local file system without processes gives what Hadoop's gives: the umask's permission bits on
 * files and folders, atomic renames that refuse to overwrite (Delta's commits), links seen as
 * links.
 */
class LocalDiskTest {
  private static Configuration conf(String umask) {
    Configuration conf = new Configuration(TestSpark.get().sparkContext().hadoopConfiguration());
    conf.set("fs.permissions.umask-mode", umask);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void sparkWritesThroughItAndTheUmaskStillDecidesWhoReads() throws Exception {
    Configuration hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
    java.nio.file.Path dir = TestSpark.newWarehouse("local-disk");
    assertTrue(
        new Path(dir.toUri()).getFileSystem(hadoop) instanceof LocalDisk.FileSystem,
        "the tests' session, as SparkSessions in local mode");

    Configuration owner = conf("077");
    org.apache.hadoop.fs.FileSystem fs = new Path(dir.toUri()).getFileSystem(owner);
    assertTrue(fs instanceof LocalDisk.FileSystem, fs.getClass().getName());
    Path file = new Path(dir.toUri().toString() + "/a/b/part-0");
    try (FSDataOutputStream out = fs.create(file)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-------", mode(dir.resolve("a/b/part-0")));
    assertEquals("rwx------", mode(dir.resolve("a/b")));
    assertEquals("rwx------", mode(dir.resolve("a")));

    Configuration open = conf("022");
    org.apache.hadoop.fs.FileSystem fs2 = new Path(dir.toUri()).getFileSystem(open);
    fs2.mkdirs(new Path(dir.toUri().toString() + "/c"));
    assertEquals("rwxr-xr-x", mode(dir.resolve("c")));
  }

  @Test
  void fileContextRenamesRefuseToOverwriteAndSeeLinks() throws Exception {
    java.nio.file.Path dir = TestSpark.newWarehouse("local-disk");
    Configuration conf = conf("077");
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
    assertEquals(
        LocalDisk.Fs.class, fc.getDefaultFileSystem().getClass(), "Delta's log store's API");
    Path tmp = new Path(dir.toUri().toString() + "/_delta_log/.00000.json.tmp");
    Path commit = new Path(dir.toUri().toString() + "/_delta_log/00000.json");
    try (FSDataOutputStream out =
        fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-------", mode(dir.resolve("_delta_log/.00000.json.tmp")));
    fc.rename(tmp, commit, Options.Rename.NONE);
    assertTrue(Files.exists(dir.resolve("_delta_log/00000.json")));
    assertFalse(Files.exists(dir.resolve("_delta_log/.00000.json.tmp")));

    // a second writer of the same version loses: Delta's guarantee against concurrent commits
    try (FSDataOutputStream out =
        fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{\"other\":1}".getBytes(StandardCharsets.UTF_8));
    }
    assertThrows(
        org.apache.hadoop.fs.FileAlreadyExistsException.class,
        () -> fc.rename(tmp, commit, Options.Rename.NONE));
    assertEquals("{}", Files.readString(dir.resolve("_delta_log/00000.json")));
    assertThrows(
        FileNotFoundException.class,
        () -> fc.getFileLinkStatus(new Path(dir.toUri().toString() + "/nothing")));

    java.nio.file.Path link =
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("_delta_log"));
    FileStatus status = fc.getFileLinkStatus(new Path(link.toString()));
    assertTrue(status.isSymlink(), "a link is still a link: " + status);
    assertFalse(fc.getFileLinkStatus(commit).isSymlink());
  }
}
