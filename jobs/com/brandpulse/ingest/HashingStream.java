package com.brandpulse.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hashes (SHA-256) and counts every byte read through it, skipped bytes included (a skip reads
 * them), so the hash of a file is taken in the same pass that cuts its records: what lands is
 * exactly what was hashed.
 */
final class HashingStream extends FilterInputStream {
  private final MessageDigest digest = DigestUtils.getSha256Digest();
  private long count;

  HashingStream(InputStream in) {
    super(in);
  }

  /**
   * The file's bytes as stored. Local files go through java.nio: Hadoop's local file system cannot
   * open a name with a colon (its checksum file's name does not parse), and a FIFO or device that
   * took a listed file's place is refused instead of opened.
   */
  static HashingStream open(FileSystem fs, Path path) throws IOException {
    if (!"file".equals(fs.getScheme())) {
      return new HashingStream(fs.open(path));
    }
    java.nio.file.Path local = java.nio.file.Path.of(path.toUri().getPath());
    if (!java.nio.file.Files.isRegularFile(local)) {
      throw new IOException("not a regular file: " + local);
    }
    return new HashingStream(java.nio.file.Files.newInputStream(local));
  }

  /**
   * Reads to the end: trailing bytes after the last record are part of the file's content. A skip
   * reads (and hashes) what it skips.
   */
  void readRest() throws IOException {
    skip(Long.MAX_VALUE);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b != -1) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would hash bytes twice
  }

  /**
   * Ignored: parsers close their input when they reach its end (univocity does), and the bytes
   * after the last record are still to be hashed. {@link #release()} closes.
   */
  @Override
  public void close() {}

  void release() throws IOException {
    super.close();
  }

  /** Hex SHA-256 of the bytes read so far; call once, at the end. */
  String sha256() {
    return Hex.encodeHexString(digest.digest());
  }

  long count() {
    return count;
  }
}
