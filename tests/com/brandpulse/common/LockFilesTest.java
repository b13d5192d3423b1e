package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lock's file operations, both ways: java.nio for a local warehouse, Hadoop's FileSystem for
 * any other (run here on Hadoop's local file system, which is where the HDFS code path can be
 * exercised without a cluster).
 */
@Tag("fast")
class LockFilesTest {
  @Test
  void localFilesAreCreatedOnceOwnerOnlyAndTouchedAndDeleted() throws Exception {
    Path dir = TestSpark.newWarehouse("lockfiles").resolve("new/ops/_lock");
    check(LockFiles.in(dir.toString()), dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())),
        "missing folders above it are owner-only too");
  }

  @Test
  void hadoopFilesBehaveTheSame() throws Exception {
    Path dir = TestSpark.newWarehouse("lockfiles-hadoop").resolve("ops/_lock");
    check(new LockFiles.Hadoop(new org.apache.hadoop.fs.Path(dir.toUri())), dir);
  }

  private static void check(LockFiles files, Path dir) throws Exception {
    assertNull(files.read("writer.lock"));
    assertNull(files.modified("writer.lock"));
    assertTrue(files.createExclusive("writer.lock", "token=a\n"));
    assertFalse(files.createExclusive("writer.lock", "token=b\n"), "a second create fails");
    assertEquals("token=a\n", files.read("writer.lock"), "and leaves the first one's text");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("writer.lock"))));
    Instant beat = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    files.touch("writer.lock", beat);
    assertEquals(beat, files.modified("writer.lock"));
    files.delete("writer.lock");
    assertNull(files.read("writer.lock"));
    assertTrue(files.createExclusive("writer.lock", "token=c\n"), "free again once deleted");
    files.delete("writer.lock");
    files.touch("writer.lock", beat); // nothing to touch: no error
    try (var left = Files.list(dir)) {
      assertEquals(
          0,
          left.filter(p -> !p.getFileName().toString().endsWith(".crc")).count(),
          "no temporary files");
    }
  }
}
