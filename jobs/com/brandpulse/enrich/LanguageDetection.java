package com.brandpulse.enrich;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Language of a post where the source gave none: Lingua (n-gram models shipped in its jar, built
 * for short text), restricted to the languages listed in conf so models stay small and choices
 * sharp. One detector per JVM and language list; models load on first use.
 */
public final class LanguageDetection {
  private LanguageDetection() {}

  /** The source's way of saying "no language": these are detected like a missing tag. */
  public static final List<String> UNDETERMINED = List.of("und", "qme", "qht", "qam", "qst", "zxx");

  private static final Pattern NOT_LANGUAGE =
      Pattern.compile(
          "https?://\\S+|[@#]\\S+|<(email|phone)>|u_[0-9a-f]{20}|[\\p{N}\\p{P}\\p{S}]+");
  private static final Map<List<String>, LanguageDetector> DETECTORS = new ConcurrentHashMap<>();

  /** A detected language with Lingua's confidence (0-1). */
  public record Detected(String code, double confidence) {}

  /** The language of {@code text}, or null when too little language is left to tell. */
  public static Detected detect(String text, List<String> languages, int minLetters) {
    String words = NOT_LANGUAGE.matcher(text).replaceAll(" ").strip();
    if (words.codePoints().filter(Character::isLetter).count() < minLetters) {
      return null;
    }
    LanguageDetector detector = DETECTORS.computeIfAbsent(languages, LanguageDetection::build);
    // One pass of the models per post: detectLanguageOf computes these same values again and takes
    // the most
    // likely language, or none when the two most likely are equally likely; so does this.
    SortedMap<Language, Double> confidences = detector.computeLanguageConfidenceValues(words);
    Language best = null;
    double top = 0;
    boolean tie = false;
    for (Map.Entry<Language, Double> e : confidences.entrySet()) {
      if (e.getValue() > top) {
        best = e.getKey();
        top = e.getValue();
        tie = false;
      } else if (e.getValue() == top && top > 0) {
        tie = true;
      }
    }
    if (best == null || tie || best == Language.UNKNOWN) {
      return null;
    }
    return new Detected(best.getIsoCode639_1().name().toLowerCase(Locale.ROOT), top);
  }

  private static LanguageDetector build(List<String> languages) {
    IsoCode639_1[] codes =
        languages.stream()
            .map(c -> IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT)))
            .toArray(IsoCode639_1[]::new);
    return LanguageDetectorBuilder.fromIsoCodes639_1(codes).build();
  }
}
