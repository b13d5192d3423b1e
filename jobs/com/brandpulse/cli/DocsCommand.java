package com.brandpulse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brandpulse docs}: writes the generated reference pages ({@link ReferenceDocs}) into docs/.
 * No Spark session, no warehouse, no configuration: the pages come from code alone.
 */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "Write the generated reference pages: DIR/tables.md from every table contract (grain, columns",
      "with types and comments, key, partitioning, CHECK constraints) and DIR/commands.md from every command's own",
      "--help. Run it after changing a table contract or a command's options or descriptions, and commit the",
      "result: a test (DocsTest) fails while the committed pages differ from what this writes. Starts no Spark",
      "session and reads no warehouse; the output is sorted and holds no date, so a rerun changes nothing."
    })
public final class DocsCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "docs",
      description = "Folder to write the pages into (default: docs, under the working directory).")
  Path out;

  @Override
  public Integer call() throws IOException {
    for (Map.Entry<String, String> page : pages().entrySet()) {
      Path file = write(out, page.getKey(), page.getValue());
      System.out.println(file);
    }
    return 0;
  }

  /** The generated pages, by file name: what {@code docs} writes and what DocsTest compares. */
  public static Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put(ReferenceDocs.TABLES_FILE, ReferenceDocs.tables());
    // A fresh command line: the same one main runs (writers' help names the lock's exit code), laid
    // out at a fixed width.
    pages.put(ReferenceDocs.COMMANDS_FILE, ReferenceDocs.commands(BrandPulse.commandLine()));
    return pages;
  }

  /**
   * Writes one page, replacing it only when its content changed (a rerun leaves the file's time
   * alone).
   */
  static Path write(Path dir, String name, String content) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      Files.write(file, bytes);
    }
    return file;
  }
}
