package com.brandpulse.enrich;

import com.brandpulse.common.Pseudonymizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole taxonomy compiled once into indexes (terms by first token, hashtags, official handles
 * as pseudonyms, regexes), so one pass over a post finds every brand, competitor, industry and
 * category it matches. Built on the driver and shipped to executors as a broadcast.
 */
public final class TaxonomyMatcher implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TaxonomyMatcher.class);
  private static final Pattern HASHTAG = Pattern.compile("#([\\p{L}\\p{N}_]+)");

  /** What a match is about: a brand, competitor or industry entity, or a monitoring rule. */
  public record Target(
      String kind,
      String entityId,
      String name,
      String category,
      String subcategory,
      String lang,
      String platform)
      implements Serializable {}

  /**
   * One thing a post matched, with the term that matched it and where (text, hashtag, mention,
   * regex).
   */
  public record Match(Target target, String term, String source) {}

  private final String version;
  private final List<Target> targets = new ArrayList<>();
  private final PhraseIndex<Integer> terms = new PhraseIndex<>();
  private final PhraseIndex<Integer> exclusions = new PhraseIndex<>();
  private final Map<String, List<Integer>> hashtags = new HashMap<>();
  private final Map<String, Integer> officialHandles = new HashMap<>();
  private final Map<Integer, String> handleNames = new HashMap<>();
  private final List<Integer> regexTargets = new ArrayList<>();
  private final List<String> regexSources = new ArrayList<>();

  /** Per regex, literals one of which any match contains (null: always run it). */
  private final List<List<String>> regexLiterals = new ArrayList<>();

  private transient List<Pattern> regexes;

  /** Where brands and competitors are named in a text, for {@link #sides}. */
  private TargetSentiment.Locator locator;

  private TaxonomyMatcher(String version) {
    this.version = version;
  }

  public static TaxonomyMatcher compile(Taxonomy taxonomy, Pseudonymizer pseudonyms) {
    TaxonomyMatcher m = new TaxonomyMatcher(taxonomy.version());
    List<String> unmatchable = new ArrayList<>();
    Map<String, List<String>> forms = new LinkedHashMap<>();
    for (Taxonomy.Entity e : taxonomy.entities()) {
      if (e.kind().equals(Taxonomy.BRAND) || e.kind().equals(Taxonomy.COMPETITOR)) {
        List<String> f = forms.computeIfAbsent(e.id(), k -> new ArrayList<>());
        f.addAll(e.terms());
        e.hashtags().forEach(tag -> f.add("#" + tag));
        // posts name official accounts by pseudonym: "@" + the handle's key is how the text reads
        e.handles().forEach(handle -> f.add("@" + pseudonyms.account(handle)));
      }
      int id = m.target(new Target(e.kind(), e.id(), e.name(), null, null, null, null));
      e.terms().forEach(term -> m.phrase(m.terms, term, id, e.id(), unmatchable));
      e.exclude().forEach(phrase -> m.phrase(m.exclusions, phrase, id, e.id(), unmatchable));
      e.hashtags().forEach(tag -> m.hashtags.computeIfAbsent(tag, k -> new ArrayList<>()).add(id));
      for (String handle : e.handles()) {
        // posts carry mentions and authors as pseudonyms: the official handles are keyed the same
        // way
        m.officialHandles.put(pseudonyms.account(handle), id);
        m.handleNames.put(
            id,
            m.handleNames.containsKey(id)
                ? m.handleNames.get(id)
                : "@" + handle.substring(handle.indexOf(':') + 1));
      }
    }
    for (Taxonomy.Rule r : taxonomy.rules()) {
      int id =
          m.target(
              new Target(
                  Taxonomy.CATEGORY,
                  r.path(),
                  r.subcategory(),
                  r.category(),
                  r.subcategory(),
                  r.lang(),
                  r.platform()));
      r.terms().forEach(term -> m.phrase(m.terms, term, id, r.path(), unmatchable));
      r.exclude().forEach(phrase -> m.phrase(m.exclusions, phrase, id, r.path(), unmatchable));
      r.hashtags().forEach(tag -> m.hashtags.computeIfAbsent(tag, k -> new ArrayList<>()).add(id));
      if (r.regex() != null) {
        Pattern.compile(r.regex()); // fail on the driver, with the rule, rather than on an executor
        m.regexTargets.add(id);
        m.regexSources.add(r.regex());
        m.regexLiterals.add(RegexPrefilter.literals(r.regex()).orElse(null));
      }
    }
    m.locator = TargetSentiment.Locator.of(forms);
    if (!unmatchable.isEmpty()) {
      throw new IllegalArgumentException(
          "taxonomy "
              + taxonomy.name()
              + ": these terms give no token to match"
              + " (only particles, endings or punctuation): "
              + unmatchable);
    }
    return m;
  }

  /**
   * Indexes a term; notes it when it can never match, and warns when Nori cuts it to one syllable.
   */
  private void phrase(
      PhraseIndex<Integer> index, String phrase, int id, String owner, List<String> unmatchable) {
    List<String> tokens = index.add(phrase, id);
    if (tokens.isEmpty()) {
      unmatchable.add(owner + ": \"" + phrase + "\"");
    } else if (TextAnalysis.hasHangul(phrase)
        && tokens.size() == 1
        && tokens.get(0).length() == 1
        && phrase.strip().length() > 1) {
      LOG.warn(
          "taxonomy term \"{}\" of {} reduces to the single syllable \"{}\" under Nori: it matches broadly",
          phrase,
          owner,
          tokens.get(0));
    }
  }

  private int target(Target t) {
    targets.add(t);
    return targets.size() - 1;
  }

  public String version() {
    return version;
  }

  /** Number of term, hashtag and regex patterns the matcher holds. */
  public int patterns() {
    return terms.size() + hashtags.size() + regexSources.size() + officialHandles.size();
  }

  private static boolean mayMatch(List<String> literals, String text) {
    if (literals == null) {
      return true;
    }
    for (String literal : literals) {
      if (text.contains(literal)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The comparison sides ({@link TargetSentiment}) among {@code ids}, the brands and competitors
   * {@link #match} found in the post; none when fewer than two of them are named in the text.
   */
  public TargetSentiment.Sides sides(String text, Set<String> ids) {
    if (ids.size() < 2 || text == null) {
      return TargetSentiment.Sides.NONE;
    }
    List<TargetSentiment.Mention> named = new ArrayList<>();
    for (TargetSentiment.Mention mention : locator.find(text)) {
      if (ids.contains(mention.brandId())) {
        named.add(mention);
      }
    }
    return TargetSentiment.sides(text, named);
  }

  /** The brand or competitor whose official account has this pseudonymous author key, else null. */
  public Target officialAccountOf(String authorKey) {
    Integer id = authorKey == null ? null : officialHandles.get(authorKey);
    return id == null ? null : targets.get(id);
  }

  /**
   * Everything a post matches, one match per brand, industry or subcategory (the first term found),
   * with rules outside the post's language or platform left out and matches cancelled by an
   * exclusion phrase removed.
   */
  public List<Match> match(
      String text,
      List<String> postHashtags,
      List<String> mentionKeys,
      String lang,
      String platform) {
    Map<Integer, Match> found = new LinkedHashMap<>();
    Set<Integer> excluded = new HashSet<>();
    boolean hangul = TextAnalysis.hasHangul(text);
    List<String> tokens = hangul ? TextAnalysis.korean(text) : TextAnalysis.standard(text);
    for (PhraseIndex.Hit<Integer> hit : exclusions.find(tokens, hangul)) {
      excluded.add(hit.target());
    }
    for (PhraseIndex.Hit<Integer> hit : terms.find(tokens, hangul)) {
      if (!excluded.contains(hit.target())) {
        found.putIfAbsent(hit.target(), new Match(targets.get(hit.target()), hit.phrase(), "text"));
      }
    }
    Set<String> tags = new HashSet<>();
    if (postHashtags != null) {
      tags.addAll(postHashtags);
    }
    Matcher inText = HASHTAG.matcher(text);
    while (inText.find()) {
      tags.add(inText.group(1).toLowerCase(Locale.ROOT));
    }
    for (String tag : tags) {
      for (int id : hashtags.getOrDefault(tag, List.of())) {
        found.putIfAbsent(id, new Match(targets.get(id), "#" + tag, "hashtag"));
      }
    }
    if (mentionKeys != null) {
      for (String key : mentionKeys) {
        Integer id = officialHandles.get(key);
        if (id != null) {
          found.putIfAbsent(id, new Match(targets.get(id), handleNames.get(id), "mention"));
        }
      }
    }
    if (regexes == null) {
      regexes = regexSources.stream().map(Pattern::compile).toList();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < regexes.size(); i++) {
      int id = regexTargets.get(i);
      if (!found.containsKey(id)
          && !excluded.contains(id)
          && mayMatch(regexLiterals.get(i), lower)) {
        Matcher r = regexes.get(i).matcher(lower);
        if (r.find()) {
          found.put(id, new Match(targets.get(id), r.group(), "regex"));
        }
      }
    }
    // Several rules of one subcategory can fire: the subcategory is reported once, by its first
    // rule.
    List<Match> out = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Match match : found.values()) {
      Target t = match.target();
      if ((t.lang() == null || lang == null || t.lang().equals(lang))
          && (t.platform() == null || t.platform().equals(platform))
          && reported.add(t.kind() + "\u0001" + t.entityId())) {
        out.add(match);
      }
    }
    return out;
  }
}
