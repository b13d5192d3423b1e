package com.brandpulse.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads labelled sentiment data in its published layouts into {@link LabelledPost}s. Pure file
 * parsing: every line either becomes a post or is counted as skipped with a reason, never dropped
 * silently.
 */
public final class LabelReaders {
  private LabelReaders() {}

  public static final List<String> FORMATS = List.of("semeval", "tweeteval", "nsmc", "airline");
  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
  private static final List<String> LABELS =
      List.of(LabelledPost.NEGATIVE, LabelledPost.NEUTRAL, LabelledPost.POSITIVE);

  /** What a read yielded: the posts, and every line left out with why. */
  public record Read(List<LabelledPost> posts, List<String> skipped) {}

  public static Read read(String format, Path input) throws IOException {
    List<Path> files = files(input);
    Read out = new Read(new ArrayList<>(), new ArrayList<>());
    switch (format) {
      case "semeval" -> {
        for (Path f : files) {
          if (f.getFileName().toString().endsWith(".tsv") || Files.isRegularFile(input)) {
            semeval(f, out);
          }
        }
      }
      case "tweeteval" -> tweeteval(Files.isDirectory(input) ? input : input.getParent(), out);
      case "nsmc" -> {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.endsWith(".json")) {
            nsmcRaw(f, out);
          } else if (name.startsWith("ratings") && name.endsWith(".txt")) {
            nsmcRatings(f, out);
          }
        }
      }
      case "airline" -> {
        for (Path f : files) {
          if (f.getFileName().toString().endsWith(".csv")) {
            airline(f, out);
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown label format " + format + "; one of " + FORMATS);
    }
    if (out.posts().isEmpty()) {
      throw new IllegalArgumentException("no labelled posts found in " + input + " as " + format);
    }
    return firstOfEachId(out);
  }

  /**
   * Data sets repeat ids (SemEval files hold 159 repeats): the first one is kept, the others
   * listed.
   */
  private static Read firstOfEachId(Read read) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<LabelledPost> kept = new ArrayList<>();
    for (LabelledPost p : read.posts()) {
      if (seen.add(p.source() + "\u0001" + p.sourceId())) {
        kept.add(p);
      } else {
        read.skipped()
            .add(p.source() + ": id " + p.sourceId() + " repeated; the first one is kept");
      }
    }
    return new Read(kept, read.skipped());
  }

  private static List<Path> files(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    try (Stream<Path> walk = Files.walk(input)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** SemEval 2013-2016 task 4A: {@code id<TAB>label<TAB>text}; the file name says the split. */
  static void semeval(Path file, Read out) throws IOException {
    String name = file.getFileName().toString().replaceFirst("\\.tsv$", "");
    String split = name.contains("train") ? "train" : name.contains("dev") ? "validation" : "test";
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String[] parts = line.split("\t", 3);
      if (parts.length < 3 || !LABELS.contains(parts[1]) || parts[2].isBlank()) {
        out.skipped().add(file.getFileName() + ":" + n + ": not id<TAB>label<TAB>text");
        continue;
      }
      out.posts()
          .add(
              new LabelledPost(
                  "semeval:" + name,
                  parts[0],
                  unescape(parts[2]).strip(),
                  parts[1],
                  "en",
                  split,
                  parts[0]));
    }
  }

  /**
   * TweetEval: {split}_text.txt and {split}_labels.txt line by line, labels mapped by mapping.txt.
   */
  static void tweeteval(Path dir, Read out) throws IOException {
    Path root =
        Files.isDirectory(dir.resolve("datasets/sentiment"))
            ? dir.resolve("datasets/sentiment")
            : dir;
    Map<String, String> mapping =
        Map.of("0", LabelledPost.NEGATIVE, "1", LabelledPost.NEUTRAL, "2", LabelledPost.POSITIVE);
    for (String split : List.of("train", "val", "test")) {
      Path text = root.resolve(split + "_text.txt");
      Path labels = root.resolve(split + "_labels.txt");
      if (!Files.exists(labels)) {
        continue;
      }
      if (!Files.exists(text)) {
        out.skipped()
            .add(
                labels.getFileName()
                    + ": no "
                    + text.getFileName()
                    + " beside it, split not imported");
        continue;
      }
      List<String> texts = Files.readAllLines(text, StandardCharsets.UTF_8);
      List<String> ls = Files.readAllLines(labels, StandardCharsets.UTF_8);
      if (texts.size() != ls.size()) {
        throw new IllegalArgumentException(
            text + " has " + texts.size() + " lines but " + labels + " has " + ls.size());
      }
      String name = split.equals("val") ? "validation" : split;
      for (int i = 0; i < texts.size(); i++) {
        String label = mapping.get(ls.get(i).strip());
        if (label == null || texts.get(i).isBlank()) {
          out.skipped()
              .add(
                  text.getFileName() + ":" + (i + 1) + ": label '" + ls.get(i) + "' or empty text");
          continue;
        }
        out.posts()
            .add(
                new LabelledPost(
                    "tweeteval:" + name,
                    Integer.toString(i + 1),
                    unescape(texts.get(i)).strip(),
                    label,
                    "en",
                    name,
                    split + ":" + (i + 1)));
      }
    }
  }

  /** NSMC raw per-movie JSON: ratings 1-4 negative, 9-10 positive, 5-8 left out; split by movie. */
  static void nsmcRaw(Path file, Read out) throws IOException {
    JsonNode reviews = new ObjectMapper().readTree(file.toFile());
    for (JsonNode r : reviews) {
      String id = r.path("review_id").asText(null);
      String movie = r.path("movie_id").asText(null);
      String text = r.path("review").asText("").strip();
      int rating;
      try {
        rating = Integer.parseInt(r.path("rating").asText(""));
      } catch (NumberFormatException e) {
        out.skipped()
            .add(
                file.getFileName()
                    + ": review "
                    + id
                    + ": rating '"
                    + r.path("rating").asText()
                    + "'");
        continue;
      }
      if (rating >= 5 && rating <= 8) {
        out.skipped()
            .add(
                file.getFileName()
                    + ": review "
                    + id
                    + ": rating "
                    + rating
                    + " is neither (NSMC rule)");
      } else if (id == null || movie == null || text.isEmpty()) {
        out.skipped().add(file.getFileName() + ": review " + id + ": no id, movie or text");
      } else {
        out.posts()
            .add(
                new LabelledPost(
                    "nsmc",
                    id,
                    text,
                    rating <= 4 ? LabelledPost.NEGATIVE : LabelledPost.POSITIVE,
                    "ko",
                    LabelledPost.splitOf("movie:" + movie),
                    "movie:" + movie));
      }
    }
  }

  /**
   * NSMC ratings*.txt: {@code id<TAB>document<TAB>label(0|1)} with a header; the file name says the
   * split.
   */
  static void nsmcRatings(Path file, Read out) throws IOException {
    String name = file.getFileName().toString();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] parts = lines.get(i).split("\t", -1);
      if (parts.length != 3
          || !(parts[2].equals("0") || parts[2].equals("1"))
          || parts[1].isBlank()) {
        out.skipped().add(name + ":" + (i + 1) + ": not id<TAB>document<TAB>0|1");
        continue;
      }
      String split =
          name.contains("train")
              ? "train"
              : name.contains("test") ? "test" : LabelledPost.splitOf(parts[0]);
      out.posts()
          .add(
              new LabelledPost(
                  "nsmc",
                  parts[0],
                  parts[1].strip(),
                  parts[2].equals("0") ? LabelledPost.NEGATIVE : LabelledPost.POSITIVE,
                  "ko",
                  split,
                  parts[0]));
    }
  }

  /** The airline Tweets.csv: airline_sentiment is the label. */
  static void airline(Path file, Read out) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setMaxCharsPerColumn(100_000);
    CsvParser parser = new CsvParser(settings);
    int n = 0;
    parser.beginParsing(file.toFile(), StandardCharsets.UTF_8);
    List<String> h = null;
    String[] row;
    while ((row = parser.parseNext()) != null) {
      n++;
      if (h == null) {
        h = List.of(parser.getContext().headers());
      }
      String id = row[h.indexOf("tweet_id")];
      String label = row[h.indexOf("airline_sentiment")];
      String text = row[h.indexOf("text")];
      if (label == null
          || !LABELS.contains(label.toLowerCase(Locale.ROOT))
          || text == null
          || text.isBlank()) {
        out.skipped()
            .add(file.getFileName() + ": record " + n + ": label '" + label + "' or empty text");
      } else {
        out.posts()
            .add(
                new LabelledPost(
                    "airline",
                    id,
                    text.strip(),
                    label.toLowerCase(Locale.ROOT),
                    "en",
                    LabelledPost.splitOf(id),
                    id));
      }
    }
  }

  /** SemEval files write some characters as literal {@code \}{@code uXXXX} escapes. */
  static String unescape(String text) {
    Matcher m = ESCAPE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
