package com.brandpulse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The logs of processes the tests start (set-up scripts, JVMs, Jupyter, Chromium): read leniently
 * and shown by their last lines in failure messages.
 */
public final class TestLogs {
  private TestLogs() {}

  /**
   * A log as text; bytes that are not UTF-8 (a tool's stray output) become U+FFFD instead of
   * failing.
   */
  public static String read(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
  }

  /** A log's lines, read as {@link #read} does. */
  public static List<String> lines(Path log) throws IOException {
    return read(log).lines().toList();
  }

  /** The last {@code n} lines of {@code text}. */
  public static String tail(String text, int n) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  /** The last {@code n} lines of a log. */
  public static String tail(Path log, int n) throws IOException {
    return tail(read(log), n);
  }
}
