package com.brandpulse.ingest;

import org.apache.commons.codec.digest.DigestUtils;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lists what an ingest run is given: a file or a directory (recursive), each file's size and content
 * hash, and the owner of a personal archive found in the archive's manifest beside the file.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** A listed file, and whether it is a data file (by its ending) or one to list as skipped. */
  public record Listed(String path, long size, long modified, boolean data) {}

  public static List<Listed> list(String input, IngestSettings settings) throws IOException {
    Path root = new Path(input);
    FileSystem fs = root.getFileSystem(new Configuration());
    if (!fs.exists(root)) {
      throw new IllegalArgumentException("input not found: " + input);
    }
    List<Listed> out = new ArrayList<>();
    FileStatus status = fs.getFileStatus(root);
    if (status.isFile()) {
      out.add(new Listed(qualified(fs, status.getPath()), status.getLen(), status.getModificationTime(), true)); // named explicitly: read it
      return out;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue; // hidden and marker files (_SUCCESS, .crc) are not exports
      }
      out.add(new Listed(qualified(fs, f.getPath()), f.getLen(), f.getModificationTime(), isData(name, settings)));
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  private static String qualified(FileSystem fs, Path path) {
    return fs.makeQualified(path).toString();
  }

  static boolean isData(String name, IngestSettings settings) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String compression : List.of(".gz", ".bz2")) {
      if (n.endsWith(compression)) {
        n = n.substring(0, n.length() - compression.length());
      }
    }
    int dot = n.lastIndexOf('.');
    return dot >= 0 && settings.dataExtensions().contains(n.substring(dot + 1));
  }

  public static String sha256(String path) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
      return DigestUtils.sha256Hex(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + path, e);
    }
  }


  /**
   * The owner of a personal archive: {@code manifest.js} (current exports) or
   * {@code data/js/user_details.js} (Grailbird) in the file's folder or up to three folders above.
   */
  public static String archiveOwner(String path, Map<String, String> cache) {
    Path dir = new Path(path).getParent();
    for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
      String key = dir.toString();
      if (cache.containsKey(key)) {
        String cached = cache.get(key);
        if (cached != null) {
          return cached;
        }
        continue;
      }
      String owner = null;
      for (String candidate : List.of("manifest.js", "data/js/user_details.js", "js/user_details.js")) {
        owner = ownerFrom(new Path(dir, candidate));
        if (owner != null) {
          break;
        }
      }
      cache.put(key, owner);
      if (owner != null) {
        return owner;
      }
    }
    return null;
  }

  private static String ownerFrom(Path file) {
    try {
      FileSystem fs = file.getFileSystem(new Configuration());
      if (!fs.exists(file)) {
        return null;
      }
      String text;
      try (InputStream in = fs.open(file)) {
        text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      int start = text.indexOf('{');
      if (start < 0) {
        return null;
      }
      JsonNode doc = RecordReader.JSON.readTree(text.substring(start));
      String owner = PostParser.text(doc.path("userInfo"), "userName");
      return owner != null ? owner : PostParser.text(doc, "screen_name");
    } catch (IOException e) {
      return null; // a hint only: without it archive posts carry no author
    }
  }

  /** Every listed file with its hash; the hash is what decides "already ingested". */
  public static List<SourceFile> describe(List<Listed> listed, String format) {
    List<SourceFile> out = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    int ordinal = 0;
    for (Listed l : listed) {
      out.add(new SourceFile(l.path(), l.size(), sha256(l.path()), ordinal++, archiveOwner(l.path(), owners), format));
    }
    return out;
  }
}
