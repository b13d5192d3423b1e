package com.brandpulse.enrich;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brand-level (target-aware) sentiment of a post that names two or more brands: "switched from X to
 * Y, so much better" is negative for X and positive for Y, where the post label says one thing for
 * both. Comparison rules around each brand's mention put it on the <b>preferred</b> side
 * (switched/moving/back to X, taking my business to X, learn from X, like X, why I fly X, next time
 * X, X is better, X ftw, X &gt; Y, hello X in mid-post) or the <b>dispreferred</b> side (better
 * than X, instead of X, switched from X, never fly X again, from X to Y); a brand on neither keeps
 * the post label, except that when a positive or negative post has one side only, its other brands
 * are the other side ({@link #label}). Each rule family was kept only if it raised accuracy or
 * macro recall on the hand-labelled airline pairs (tests/resources/brand-sentiment), except the
 * canonical "from X to Y" and "X &gt; Y", which that file does not hold.
 *
 * <p>In enrich, not ml: the rules need where each brand is named, and posts name official accounts
 * by pseudonym, which only enrich (holding the key) resolves; they need no model. Enrich stores the
 * sides (silver.post_enrichment preferred_ids, dispreferred_ids), gold combines them with the
 * post's current label, so a re-score changes brand labels without re-enriching. The cue words are
 * English; the structure (sides, the complement rule, &gt;/&lt;) is not, and a post in another
 * language simply keeps its label. An optional clause scorer ({@link #labels}) gives a brand
 * outside the rules the label of its own clause; it is measured, not used by the jobs (see
 * docs/benchmarks.md).
 */
public final class TargetSentiment {
  private TargetSentiment() {}

  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";

  /** Where a brand is named in a text: characters [start, end). */
  public record Mention(String brandId, int start, int end) {}

  /**
   * Finds brand names in a text: each brand's surface forms (terms, #hashtags, @handles — or the
   * pseudonyms standing for them) matched case-insensitively between word boundaries, longest
   * first.
   */
  public static final class Locator implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> brandOf = new HashMap<>();
    private final Pattern pattern;

    private Locator(Map<String, ? extends List<String>> formsByBrand) {
      List<String> forms = new ArrayList<>();
      formsByBrand.forEach(
          (brand, list) -> {
            for (String form : list) {
              String key = form.toLowerCase(Locale.ROOT).strip();
              if (!key.isEmpty() && brandOf.putIfAbsent(key, brand) == null) {
                forms.add(key);
              }
            }
          });
      forms.sort(Comparator.comparingInt(String::length).reversed());
      StringBuilder alt = new StringBuilder();
      for (String f : forms) {
        if (alt.length() > 0) {
          alt.append('|');
        }
        // a space in a term also matches no space ("Jet Blue", "JetBlue") and several
        alt.append(Pattern.quote(f).replace(" ", "\\E\\s*\\Q"));
      }
      pattern =
          forms.isEmpty()
              ? null
              : Pattern.compile(
                  "(?<![\\p{L}\\p{N}_@#])(?:" + alt + ")(?![\\p{L}\\p{N}_])",
                  Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public static Locator of(Map<String, ? extends List<String>> formsByBrand) {
      return new Locator(formsByBrand);
    }

    public List<Mention> find(String text) {
      List<Mention> out = new ArrayList<>();
      if (pattern == null || text == null) {
        return out;
      }
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        String key = m.group().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        String brand = brandOf.get(key);
        if (brand == null) {
          brand = brandOf.get(key.replace(" ", ""));
        }
        if (brand == null) { // a spaced term matched without its space
          for (Map.Entry<String, String> e : brandOf.entrySet()) {
            if (e.getKey().replace(" ", "").equals(key.replace(" ", ""))) {
              brand = e.getValue();
              break;
            }
          }
        }
        if (brand != null) {
          out.add(new Mention(brand, m.start(), m.end()));
        }
      }
      return out;
    }
  }

  // ---- cues, matched on the lower-cased text just before or just after a mention ----

  private static final String GAP = "[\\s,:\\-]*";

  /** Cues before a mention that make it the side the author prefers. */
  private static final Pattern PREFER_BEFORE =
      Pattern.compile(
          "(?:"
              + String.join(
                  "|",
                  // switching: "switched to", "moving to", "back to", "going back to"
                  "\\b(?:switch(?:ed|ing)?|mov(?:e|ed|ing)|went|back|come|coming|return(?:ed|ing)?)"
                      + "(?: back| over)? to",
                  "\\bback (?:on|with)",
                  "\\b(?:go|going|went|stick|sticking|stuck|stay|staying) with",
                  "\\bnext time,? (?:i'll |i will |i'm |im |we'll |we will )?(?:just )?"
                      + "(?:fly|flying|book|booking|go with|choose)(?: with| on)?",
                  // "taking my business/status to", "give my money to"
                  "\\b(?:tak(?:e|ing)|took|giv(?:e|ing)|gave|bring(?:ing)?) (?:all )?(?:my|our)"
                      + "(?: \\w+){0,2} (?:business|money|status|loyalty|miles)(?: \\w+){0,2} to",
                  // "learn from", "take a lesson/note from", "take note of"
                  "\\b(?:learn(?:ed)?|lessons?|notes?|cue|page|example) (?:from|of)",
                  // "like @X", "such as @X" (a favourable model), not "would like"
                  "(?<!would |'d |i |to |you |we |they |just |really |not |dont |don't )\\blike",
                  "\\bsuch as",
                  "(?:&lt;|<)",
                  // "why I fly @X", "I always fly @X", "should've flown @X"
                  "\\b(?:i|we) (?:always |usually |normally |typically |now |will |only |just )?"
                      + "(?:fly|choose|prefer|love)(?: with| on)?",
                  "\\bshould(?:'ve| have|a)? (?:flown|flew|gone with|went with|stuck with|taken"
                      + "|booked(?: with)?|chosen|stayed with)",
                  "\\bthank(?:s| god)? (?:to|for)",
                  "\\bthankfully(?: there (?:was|is))?(?: an?)?")
              + ")"
              + GAP
              + "$");

  /** Cues before a mention that make it the side the author turns away from. */
  private static final Pattern DISPREFER_BEFORE =
      Pattern.compile(
          "(?:"
              + String.join(
                  "|",
                  "\\b(?:better|nicer|cheaper|faster|easier|friendlier|superior|more reliable)"
                      + " (?:than|then|to)",
                  "\\binstead of",
                  "(?:&gt;|>)",
                  "\\bunlike",
                  "\\b(?:switch(?:ed|ing)?|mov(?:e|ed|ing)|away|leav(?:e|ing)|left) from",
                  "\\btrad(?:e|ed|ing)(?: in)?",
                  "\\b(?:choose|chose|pick|picked|prefer|preferred) [^.!?]{0,30}? over",
                  "\\bnever (?:have to |want to |going to |gonna |will |again )?"
                      + "(?:fly|flying|choose|book|booking|use|travel)(?: with| on)?",
                  "\\b(?:won't|will not|wont|not) be (?:flying|booking|using)(?: with| on)?")
              + ")"
              + GAP
              + "$");

  /** "hello @X" after the post has opened: the author turns to another brand. */
  private static final Pattern GREETING = Pattern.compile("\\b(?:hello|hi|hey)" + GAP + "$");

  /** What joins the two sides of "from @X to @Y" (and "traded @X for @Y"). */
  private static final Pattern FROM_TO = Pattern.compile("[\\s,]*(?:to|for)[\\s,]*");

  /** Cues right after a mention that make it the preferred side ("@X is so much better"). */
  private static final Pattern PREFER_AFTER =
      Pattern.compile(
          "^"
              + GAP
              + "(?:(?:is|are|was|were|has been|y'all are|you are|you're)\\s+)?"
              + "(?:(?:so |way |much |far |a lot |lot |really |just |also |even )+)?"
              + "(?:better|superior|cheaper|nicer|friendlier|faster|ftw\\b|all the way\\b"
              + "|here i come\\b|instead\\b|knows? better\\b|gets it\\b|has my back\\b"
              + "|(?:&gt;|>))");

  /** Cues right after a mention that make it the dispreferred side ("@X is worse"). */
  private static final Pattern DISPREFER_AFTER =
      Pattern.compile(
          "^"
              + GAP
              + "(?:(?:is|are|was|were|has been)\\s+)?"
              + "(?:(?:so |way |much |far |a lot |even )+)?"
              + "(?:worse|(?:&lt;|<)(?!3))");

  private enum Side {
    PREFERRED,
    DISPREFERRED
  }

  /**
   * What the comparison rules found in a post: the brands it favours and those it turns from
   * (disjoint; a brand the rules put on both sides is on neither).
   */
  public record Sides(Set<String> preferred, Set<String> dispreferred) implements Serializable {
    public static final Sides NONE = new Sides(Set.of(), Set.of());

    public boolean isEmpty() {
      return preferred.isEmpty() && dispreferred.isEmpty();
    }
  }

  /** The comparison sides of a post; none when it names fewer than two brands. */
  public static Sides sides(String text, List<Mention> mentions) {
    if (text == null || mentions.stream().map(Mention::brandId).distinct().count() < 2) {
      return Sides.NONE;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    Map<String, Side> found = new HashMap<>();
    Set<String> conflicting = new TreeSet<>();
    Mention previous = null;
    Side previousSide = null;
    for (Mention m : mentions) {
      Side s = side(lower, m, mentions);
      if (s == null
          && previousSide == Side.DISPREFERRED
          && previous.end() <= m.start()
          && FROM_TO.matcher(lower.substring(previous.end(), m.start())).matches()) {
        s = Side.PREFERRED; // "from @X to @Y"
      }
      previous = m;
      previousSide = s;
      if (s != null && found.putIfAbsent(m.brandId(), s) != null && found.get(m.brandId()) != s) {
        conflicting.add(m.brandId());
      }
    }
    Set<String> preferred = new TreeSet<>();
    Set<String> dispreferred = new TreeSet<>();
    found.forEach(
        (brand, side) -> {
          if (!conflicting.contains(brand)) {
            (side == Side.PREFERRED ? preferred : dispreferred).add(brand);
          }
        });
    return new Sides(preferred, dispreferred);
  }

  /**
   * A brand's label from the post's label and its sides: the preferred side is positive, the
   * dispreferred negative; when a polar post has only one side, the brands on neither are the other
   * side (the post's polarity was about the comparison); otherwise the post label. Unscored posts
   * (null) stay unscored. Gold computes the same with SQL ({@code BrandHealth.brandLabel}).
   */
  public static String label(String brand, Sides sides, String postLabel) {
    if (postLabel == null) {
      return null;
    }
    if (sides.preferred().contains(brand)) {
      return POSITIVE;
    }
    if (sides.dispreferred().contains(brand)) {
      return NEGATIVE;
    }
    if (!postLabel.equals(NEUTRAL)) {
      if (!sides.preferred().isEmpty() && sides.dispreferred().isEmpty()) {
        return NEGATIVE;
      }
      if (sides.preferred().isEmpty() && !sides.dispreferred().isEmpty()) {
        return POSITIVE;
      }
    }
    return postLabel;
  }

  /**
   * The label of each brand the mentions name ({@link #label}); with a {@code scorer} (text →
   * label, e.g. the sentiment model), a brand the rules leave at the post label and that does not
   * open the post takes the label of its own clause when that clause holds words of its own.
   */
  public static Map<String, String> labels(
      String text, List<Mention> mentions, String postLabel, Function<String, String> scorer) {
    Sides sides = sides(text, mentions);
    Map<String, String> out = new LinkedHashMap<>();
    for (Mention m : mentions) {
      out.putIfAbsent(m.brandId(), label(m.brandId(), sides, postLabel));
    }
    if (scorer == null || out.size() < 2 || postLabel == null) {
      return out;
    }
    for (Map.Entry<String, String> e : out.entrySet()) {
      String brand = e.getKey();
      if (!sides.preferred().contains(brand)
          && !sides.dispreferred().contains(brand)
          && postLabel.equals(e.getValue())) {
        String clause = ownClause(text, brand, mentions);
        String l = clause == null ? null : scorer.apply(clause);
        if (l != null) {
          e.setValue(l);
        }
      }
    }
    return out;
  }

  private static Side side(String lower, Mention m, List<Mention> all) {
    int from = Math.max(0, m.start() - 80);
    for (Mention o : all) {
      if (o.end() <= m.start() && o.end() > from) {
        from = o.end(); // cues stop at the previous mention
      }
    }
    String before = clauseTail(lower.substring(from, m.start()));
    int to = Math.min(lower.length(), m.end() + 60);
    for (Mention o : all) {
      if (o.start() >= m.end() && o.start() < to) {
        to = o.start() + (o.end() - o.start()); // "@X > @Y": the cue may sit between the two
        break;
      }
    }
    String after = lower.substring(m.end(), to);
    if (m.start() > leadingBlock(lower, all) && GREETING.matcher(before).find()) {
      return Side.PREFERRED;
    }
    if (DISPREFER_BEFORE.matcher(before).find()) {
      return Side.DISPREFERRED;
    }
    if (PREFER_BEFORE.matcher(before).find() || PREFER_AFTER.matcher(after).find()) {
      return Side.PREFERRED;
    }
    if (DISPREFER_AFTER.matcher(after).find()) {
      return Side.DISPREFERRED;
    }
    return null;
  }

  // ";" ends a clause unless it closes an HTML entity (tweets write > as &gt;)
  private static final Pattern CLAUSE_END =
      Pattern.compile("[.!?\\n]|(?<!&(?:gt|lt|amp|quot|#\\d{1,5}));|\\bbut\\b|\\s[-–—]\\s");

  /** The part of {@code s} after its last clause boundary. */
  private static String clauseTail(String s) {
    Matcher m = CLAUSE_END.matcher(s);
    int last = 0;
    while (m.find()) {
      last = m.end();
    }
    return s.substring(last);
  }

  /**
   * The clause holding the brand's first mention, without any brand's name; null when the brand
   * opens the post (the addressee: the whole post speaks to it) or the clause has no word of its
   * own.
   */
  static String ownClause(String text, String brand, List<Mention> mentions) {
    Mention first = null;
    for (Mention m : mentions) {
      if (m.brandId().equals(brand)) {
        first = m;
        break;
      }
    }
    if (first == null
        || text.substring(0, first.start()).replaceAll("[@\\w_.,&;/\\s]*", "").isEmpty()
            && leadingBlock(text, mentions) >= first.end()) {
      return null;
    }
    int start = 0;
    Matcher m = CLAUSE_END.matcher(text);
    int end = text.length();
    while (m.find()) {
      if (m.end() <= first.start()) {
        start = m.end();
      } else if (m.start() >= first.end()) {
        end = m.start();
        break;
      }
    }
    StringBuilder clause = new StringBuilder(text.substring(start, end));
    for (int i = mentions.size() - 1; i >= 0; i--) {
      Mention x = mentions.get(i);
      if (x.start() >= start && x.end() <= end) {
        clause.replace(x.start() - start, x.end() - start, " ");
      }
    }
    String c = clause.toString().strip();
    return c.replaceAll("[^\\p{L}]", "").length() < 3 ? null : c;
  }

  /** End of the run of mentions that opens the post ("@X @Y &amp; @Z ..."), 0 when none. */
  static int leadingBlock(String text, List<Mention> mentions) {
    int at = 0;
    for (Mention m : mentions) {
      String gap = text.substring(at, Math.max(at, m.start()));
      if (m.start() >= at
          && gap.replaceAll("(?i)[\\s.,/&;:]|&amp;|\\band\\b|@\\w+", "").isEmpty()) {
        at = m.end();
      } else {
        break;
      }
    }
    return at;
  }
}
