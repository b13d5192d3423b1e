package com.brandpulse.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.demo.SampleArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The regex prefilter never skips a text its regex matches, and it does skip most texts. */
class RegexPrefilterTest {
  @Tag("fast")
  @Test
  void derivesMandatoryLiterals() {
    assertEquals(Optional.of(List.of("refund")), RegexPrefilter.literals("refund(ed|s)?\\b"));
    assertEquals(
        Optional.of(List.of("on hold", "waiting")),
        RegexPrefilter.literals("(on hold|waiting)\\s\\d+"));
    assertEquals(
        Optional.of(List.of("<email>", "@")),
        RegexPrefilter.literals("<email>|[a-z0-9._%+-]+@[a-z0-9-]+"));
    assertEquals(Optional.of(List.of("colo")), RegexPrefilter.literals("colou?r"));
    assertEquals(
        Optional.of(List.of("broken", "torn")),
        RegexPrefilter.literals("\\b(bag|car seat)\\b.{0,50}\\b(broken|torn)\\b"),
        "the quantifier is no literal");
    assertEquals(Optional.of(List.of("%")), RegexPrefilter.literals("\\d{1,3}\\s?%"));
    assertEquals(
        Optional.empty(), RegexPrefilter.literals("\\d+\\s\\w+"), "nothing literal: always run");
    assertEquals(Optional.empty(), RegexPrefilter.literals("(?i)refund"));
    assertEquals(Optional.empty(), RegexPrefilter.literals("\\u0041bc"));
    assertEquals(
        Optional.empty(), RegexPrefilter.literals("(a|b)?|c"), "an alternative without literal");
  }

  @Test
  void neverSkipsATextItsRegexMatches() throws Exception {
    Path archive = TestSpark.newWarehouse("prefilter").resolve("archive");
    SampleArchive.generate(
        archive, new SampleArchive.Options(LocalDate.of(2026, 9, 7), 2, 20_000, 3, true));
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(archive.resolve("twitter-v1"))) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
          if (node.has("text")) {
            texts.add(node.get("text").asText().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    // and the real airline tweets
    var settings = new com.univocity.parsers.csv.CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setLineSeparatorDetectionEnabled(true);
    for (String[] row :
        new com.univocity.parsers.csv.CsvParser(settings)
            .parseAll(
                TestSpark.sharedData().resolve("twitter-us-airline-sentiment/Tweets.csv").toFile(),
                "UTF-8")) {
      texts.add(row[10].toLowerCase(Locale.ROOT));
    }
    Taxonomy demo = Taxonomy.load("classpath:taxonomy/demo.conf");
    long runs = 0;
    long skipped = 0;
    int prefiltered = 0;
    for (Taxonomy.Rule rule : demo.rules()) {
      if (rule.regex() == null) {
        continue;
      }
      Pattern regex = Pattern.compile(rule.regex());
      Optional<List<String>> literals = RegexPrefilter.literals(rule.regex());
      prefiltered += literals.isPresent() ? 1 : 0;
      for (String text : texts) {
        boolean passes = literals.isEmpty() || literals.get().stream().anyMatch(text::contains);
        if (regex.matcher(text).find()) {
          assertTrue(passes, "prefilter of " + rule.regex() + " would skip a match in: " + text);
        }
        runs++;
        skipped += passes ? 0 : 1;
      }
    }
    System.out.printf(
        "regex prefilter: %d of the demo's regex rules prefiltered, %.1f%% of regex runs skipped%n",
        prefiltered, 100.0 * skipped / runs);
    assertTrue(skipped > runs / 2, "most regex runs are skipped: " + skipped + " of " + runs);
  }
}
