package com.brandpulse.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists what an ingest run is given: a file or a directory (recursive), each file with its size,
 * and the owner of a personal archive found in the archive's manifest beside the file. Every file
 * under the input is listed once, with what the run will do with it: read it, or why not (not a
 * data file, not a regular file, a link that leads out of the input or to something already listed,
 * a name that cannot be opened). Local folders are walked with java.nio, which tells links and
 * special files apart; a FIFO or device is never opened, so it cannot hang a run. Symbolic links
 * are followed only to targets inside the input root, and each file or folder is listed once, under
 * the first path that reaches it (regular paths before links), so a link loop ends.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** Run statuses of files that are not read. */
  public static final String SKIPPED_NOT_DATA = "skipped_not_data";

  public static final String SKIPPED_LINK = "skipped_link";
  public static final String FAILED = "failed";

  /**
   * A listed file. {@code status} is null for a file to read, else the run status it gets without
   * being read, with {@code message} saying why.
   */
  public record Listed(String path, long size, long modified, String status, String message) {
    public boolean data() {
      return status == null;
    }
  }

  public static List<Listed> list(String input, IngestSettings settings) throws IOException {
    Path root = new Path(input);
    FileSystem fs = root.getFileSystem(new Configuration());
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(root.toUri().getPath());
      if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("input not found: " + input);
      }
      return new LocalWalk(settings, local).run();
    }
    if (!fs.exists(root)) {
      throw new IllegalArgumentException("input not found: " + input);
    }
    List<Listed> out = new ArrayList<>();
    FileStatus status = fs.getFileStatus(root);
    if (status.isFile()) {
      out.add(
          new Listed(
              qualified(fs, status.getPath()),
              status.getLen(),
              status.getModificationTime(),
              null,
              null));
      return out;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      out.add(
          byName(
              qualified(fs, f.getPath()),
              relative(root, f.getPath()),
              f.getLen(),
              f.getModificationTime(),
              settings));
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  private static String relative(Path root, Path file) {
    String r = root.toUri().getPath();
    String f = file.toUri().getPath();
    return f.startsWith(r) ? f.substring(r.length()) : file.getName();
  }

  /**
   * A regular file: read when its ending says data and no part of its path under the input is
   * hidden.
   */
  private static Listed byName(
      String path, String relative, long size, long modified, IngestSettings settings) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return new Listed(
            path,
            size,
            modified,
            SKIPPED_NOT_DATA,
            "not read: hidden or marker file or folder (" + part + "), not an export");
      }
    }
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    return isData(name, settings)
        ? new Listed(path, size, modified, null, null)
        : new Listed(
            path,
            size,
            modified,
            SKIPPED_NOT_DATA,
            "not read: its ending is not in ingest.data-extensions");
  }

  /** The walk of a local input: regular entries first, then the links, each target once. */
  private static final class LocalWalk {
    private final IngestSettings settings;
    private final java.nio.file.Path root;
    private final java.nio.file.Path rootReal;
    private final List<Listed> out = new ArrayList<>();
    private final Map<java.nio.file.Path, String> seen = new HashMap<>();
    private final java.util.Deque<java.nio.file.Path> links = new java.util.ArrayDeque<>();

    LocalWalk(IngestSettings settings, java.nio.file.Path root) throws IOException {
      this.settings = settings;
      this.root = root.toAbsolutePath().normalize();
      this.rootReal = root.toRealPath();
    }

    List<Listed> run() throws IOException {
      // The input itself may be a link (a landing folder pointing elsewhere): naming it is the
      // operator's choice.
      BasicFileAttributes top = Files.readAttributes(root, BasicFileAttributes.class);
      if (top.isDirectory()) {
        seen.put(rootReal, root.toString());
        walk(root);
      } else {
        entry(root, top, null); // named explicitly: read whatever its ending
      }
      while (!links.isEmpty()) {
        link(links.poll());
      }
      out.sort((a, b) -> a.path().compareTo(b.path()));
      return out;
    }

    private void walk(java.nio.file.Path dir) {
      List<java.nio.file.Path> entries = new ArrayList<>();
      try (DirectoryStream<java.nio.file.Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(entries::add);
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        out.add(failed(dir, 0, "cannot_list: the folder cannot be listed: " + e));
        return;
      }
      entries.sort(null);
      for (java.nio.file.Path p : entries) {
        try {
          BasicFileAttributes a =
              Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (!java.nio.file.Path.of(p.toString()).equals(p)) {
            // Java decodes file names with sun.jnu.encoding; a name that does not decode cannot be
            // opened by name
            out.add(
                failed(
                    p,
                    a.size(),
                    "unreadable_name: the file name is not valid "
                        + System.getProperty("sun.jnu.encoding", "UTF-8")
                        + " and cannot be opened by name; rename it"));
          } else if (a.isSymbolicLink()) {
            links.add(p);
          } else if (a.isDirectory()) {
            seen.put(p.toRealPath(), p.toString());
            walk(p);
          } else {
            entry(p, a, relative(p));
          }
        } catch (IOException e) {
          out.add(failed(p, 0, "cannot_stat: " + e));
        }
      }
    }

    private void entry(java.nio.file.Path p, BasicFileAttributes a, String relative)
        throws IOException {
      if (!a.isRegularFile()) {
        out.add(
            failed(p, 0, "not_regular_file: a FIFO, socket or device is never opened by ingest"));
        return;
      }
      String first = seen.putIfAbsent(p.toRealPath(), p.toString());
      if (first != null) {
        out.add(listed(p, a, SKIPPED_LINK, "same file as " + first + ", listed once"));
        return;
      }
      out.add(
          relative == null
              ? new Listed(uri(p), a.size(), a.lastModifiedTime().toMillis(), null, null)
              : byName(uri(p), relative, a.size(), a.lastModifiedTime().toMillis(), settings));
    }

    /** A link is followed when its target is inside the input root and was not listed yet. */
    private void link(java.nio.file.Path p) {
      java.nio.file.Path target;
      try {
        target = p.toRealPath();
      } catch (IOException e) {
        out.add(
            failed(
                p,
                0,
                "broken_link: a symbolic link whose target cannot be reached ("
                    + e.getMessage()
                    + ")"));
        return;
      }
      try {
        if (!target.startsWith(rootReal)) {
          out.add(
              failed(
                  p,
                  0,
                  "link_outside_input: a symbolic link to "
                      + target
                      + ", outside the input; links are followed only inside it"));
          return;
        }
        BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
        if (a.isDirectory()) {
          String first = seen.putIfAbsent(target, p.toString());
          if (first != null) {
            out.add(
                listed(
                    p,
                    a,
                    SKIPPED_LINK,
                    "a link to the folder "
                        + first
                        + ", already listed (a loop or a"
                        + " second way in)"));
          } else {
            walk(p);
          }
        } else {
          entry(p, a, relative(p));
        }
      } catch (IOException e) {
        out.add(failed(p, 0, "cannot_stat: " + e));
      }
    }

    private String relative(java.nio.file.Path p) {
      return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static Listed listed(
        java.nio.file.Path p, BasicFileAttributes a, String status, String message) {
      return new Listed(uri(p), a.size(), a.lastModifiedTime().toMillis(), status, message);
    }

    private static Listed failed(java.nio.file.Path p, long size, String message) {
      return new Listed(uri(p), size, 0, FAILED, message);
    }

    /** The path as the rest of ingest names it: a qualified Hadoop path ({@code file:/...}). */
    private static String uri(java.nio.file.Path p) {
      try {
        // not Path.toUri(): it ends a folder's path with a slash
        return new Path(new java.net.URI("file", null, p.toAbsolutePath().toString(), null))
            .toString();
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
    }
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

  /**
   * The owner of a personal archive: {@code manifest.js} (current exports) or {@code
   * data/js/user_details.js} (Grailbird) in the file's folder or up to three folders above.
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
      for (String candidate :
          List.of("manifest.js", "data/js/user_details.js", "js/user_details.js")) {
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
      String owner = com.brandpulse.ingest.format.Fields.text(doc.path("userInfo"), "userName");
      return owner != null ? owner : com.brandpulse.ingest.format.Fields.text(doc, "screen_name");
    } catch (IOException e) {
      return null; // a hint only: without it archive posts carry no author
    }
  }
}
