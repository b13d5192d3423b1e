package com.brandpulse.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a realistic, deterministic sample social-media archive in the raw formats Brand Pulse
 * ingests: Twitter v1.1 stream dumps, twarc2 (API v2) search pages, Pushshift Reddit dumps, a
 * Tweets.csv-style monitoring export, an employee roster and a handful of malformed lines.
 *
 * <p>Every byte derives from {@link Options}: there is no wall-clock input, so the same options
 * always produce the same archive. Posts are laid out on an hourly schedule (day/night shape in the
 * audience's local time, week-over-week drift, one injected complaint spike) and each schedule slot
 * yields exactly one post: either a reply that has come due in an open thread or a new
 * conversation.
 *
 * <p>This class is the entry point; the package holds the parts: {@link Generator} (conversations
 * and threads), {@link Schedule} (volume over time), {@link Personas}, {@link Lexicon} (the text
 * templates of {@code conf/demo/templates.txt}) with {@link Renderer}, and one writer per output
 * format.
 */
public final class SampleArchive {

  public record Options(LocalDate start, int weeks, long posts, long seed, boolean benchmarkMode) {}

  public record Summary(
      long posts,
      long malformed,
      Map<String, Long> filesByFormat,
      String spikeBrand,
      LocalDate spikeDay,
      long labelled) {}

  /**
   * The archive's folders of posts, in the order ingest reads them (labels and the roster are
   * loaded apart).
   */
  public static final List<String> POST_FOLDERS =
      List.of(
          "twitter-v1",
          "twitter-v2",
          "reddit",
          "mastodon",
          "bluesky",
          "youtube",
          "facebook",
          "exports",
          "malformed");

  /**
   * The post folders a generated archive holds (a small one may have no posts on some platform).
   */
  public static List<String> postFolders(Path archive) {
    return POST_FOLDERS.stream()
        .map(folder -> archive.resolve(folder))
        .filter(Files::isDirectory)
        .map(Path::toString)
        .toList();
  }

  /**
   * Where {@link #generate} writes the labelled set, per `labels import` format (see
   * LabelledSetWriter).
   */
  public static final Map<String, String> LABEL_DIRS =
      Map.of(
          "semeval",
          "labels/en/semeval",
          "tweeteval",
          "labels/en/tweeteval",
          "nsmc",
          "labels/ko/nsmc");

  /**
   * A tracked brand. Handles are screen names without "@"; the last handle is the customer-care
   * account.
   */
  public record Brand(
      String name,
      String koName,
      List<String> handles,
      List<String> aliases,
      List<String> competitors,
      String lang) {}

  public static final List<Brand> BRANDS =
      List.of(
          new Brand(
              "Aurora Air",
              null,
              List.of("AuroraAir", "AuroraAirHelp"),
              List.of("Aurora Air", "Aurora Airlines", "AuroraAir", "Aurora Miles"),
              List.of("Zephyr Airlines", "Nimbus Jet"),
              "en"),
          new Brand(
              "Zephyr Airlines",
              null,
              List.of("ZephyrAir"),
              List.of("Zephyr Airlines", "Zephyr Air", "ZephyrAir"),
              List.of("Aurora Air", "Nimbus Jet"),
              "en"),
          new Brand(
              "Nimbus Jet",
              null,
              List.of("NimbusJet"),
              List.of("Nimbus Jet", "NimbusJet"),
              List.of("Aurora Air", "Zephyr Airlines"),
              "en"),
          new Brand(
              "Hanbit Electronics",
              "한빛전자",
              List.of("HanbitElec"),
              List.of(
                  "한빛전자",
                  "Hanbit Electronics",
                  "Hanbit",
                  "한빛폰",
                  "한빛 노트북",
                  "Hanbit Phone",
                  "Hanbit Book"),
              List.of("Saebyeol Mobile"),
              "ko"),
          new Brand(
              "Saebyeol Mobile",
              "새별모바일",
              List.of("SaebyeolMobile"),
              List.of("새별모바일", "Saebyeol Mobile", "Saebyeol", "새별폰", "새별탭", "Saebyeol Phone"),
              List.of("Hanbit Electronics"),
              "ko"));

  private SampleArchive() {}

  /**
   * Writes the archive under outDir (created), returns what it wrote. Existing files of the same
   * name are replaced.
   */
  public static Summary generate(Path outDir, Options o) throws IOException {
    Objects.requireNonNull(o.start(), "start");
    if (o.weeks() < 1) throw new IllegalArgumentException("weeks must be >= 1");
    if (o.posts() < 0) throw new IllegalArgumentException("posts must be >= 0");
    Files.createDirectories(outDir);
    return new Generator(outDir, o).run();
  }

  /** Usage: {@code outDir [posts] [weeks] [seed] [--bench] [--start=YYYY-MM-DD]}. */
  public static void main(String[] args) throws IOException {
    List<String> positional = new ArrayList<>();
    boolean bench = false;
    LocalDate start = LocalDate.of(2026, 9, 7);
    for (String a : args) {
      if (a.equals("--bench")) bench = true;
      else if (a.startsWith("--start=")) start = LocalDate.parse(a.substring(8));
      else positional.add(a);
    }
    if (positional.isEmpty()) {
      System.err.println(
          "usage: SampleArchive outDir [posts] [weeks] [seed] [--bench] [--start=YYYY-MM-DD]");
      System.exit(2);
    }
    long posts = positional.size() > 1 ? Long.parseLong(positional.get(1)) : 6000;
    int weeks = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 6;
    long seed = positional.size() > 3 ? Long.parseLong(positional.get(3)) : 42;
    long t0 = System.nanoTime();
    Summary s =
        generate(Paths.get(positional.get(0)), new Options(start, weeks, posts, seed, bench));
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s%nwrote %d posts in %.2fs (%.0f posts/s)%n",
        s,
        s.posts(),
        secs,
        s.posts() / secs);
  }
}
