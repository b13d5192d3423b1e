package com.brandpulse.gold;

import com.brandpulse.ml.TopicTokens;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gold layer, crisis signals: what one signal's posts say. Given the posts about the signal's brand
 * from its baseline start to its end, returns the window's counts, the drivers (terms, categories
 * and topics that grew most against the baseline) and the representative posts. Pure Java, run per
 * signal inside a Spark task; deterministic (every ranking ends on a name or post_id).
 *
 * <p>Most typical: the post nearest the spike's centroid of driver terms, each term weighing the
 * share of window posts that hold it beyond the baseline mix ((observed - expected) / window
 * posts), the post's score being the sum of its terms' weights over the square root of its term
 * count (cosine of its term set with the centroid, up to a constant).
 *
 * <p>Drivers compare shares, not volumes: expected = baseline posts with it x window posts /
 * baseline posts, the count had the mix of the baseline days held; so words every post carries (the
 * brand name, "flight") stay near lift 1 in a volume spike and what is new about it stands out.
 * Lift is smoothed, (observed + s) / (expected + s), so a term seen twice is not a driver on a lift
 * of 2/0.
 */
public final class CrisisDrivers {
  private CrisisDrivers() {}

  public static final String TERM = "term";
  public static final String CATEGORY = "category";
  public static final String TOPIC = "topic";
  public static final String MOST_ENGAGED = "most_engaged";
  public static final String MOST_TYPICAL = "most_typical";

  /**
   * A post about the signal's brand between its baseline start and its end. inWindow: created in
   * the signal window (else in the baseline); counted: the signal's metric counts it.
   */
  public record SignalPost(
      String postId,
      Timestamp createdAt,
      String platform,
      String authorKey,
      String text,
      long engagement,
      boolean repost,
      boolean inWindow,
      boolean counted,
      boolean scored,
      boolean negative,
      List<String> categories,
      List<String> topics) {}

  public record Driver(String kind, String name, long observed, double expected, double lift) {}

  public record Representative(
      String postId,
      Timestamp createdAt,
      String platform,
      String authorKey,
      String text,
      long engagement,
      String why) {}

  /**
   * The window's posts, scored and negative posts (every post about the brand), drivers and
   * representatives.
   */
  public record Summary(
      long posts,
      long scoredPosts,
      long negativePosts,
      List<Driver> drivers,
      List<Representative> representatives) {}

  /**
   * {@code ownCategory}: the category of a category signal, never its own driver (null otherwise).
   */
  public static Summary summarise(List<SignalPost> posts, String ownCategory, CrisisSettings s) {
    long windowPosts = 0;
    long scored = 0;
    long negative = 0;
    long countedWindow = 0;
    long countedBaseline = 0;
    // kind -> name -> {window posts, baseline posts}
    Map<String, Map<String, long[]>> counts = new HashMap<>();
    Map<String, List<String>> tokens = new HashMap<>();
    for (SignalPost p : posts) {
      if (p.inWindow()) {
        windowPosts++;
        scored += p.scored() ? 1 : 0;
        negative += p.negative() ? 1 : 0;
      }
      if (!p.counted()) {
        continue;
      }
      int slot = p.inWindow() ? 0 : 1;
      if (p.inWindow()) {
        countedWindow++;
      } else {
        countedBaseline++;
      }
      List<String> terms = List.copyOf(new LinkedHashSet<>(TopicTokens.tokens(p.text())));
      tokens.put(p.postId(), terms);
      add(counts, TERM, terms, slot);
      add(
          counts,
          CATEGORY,
          p.categories().stream().filter(c -> !c.equals(ownCategory)).distinct().toList(),
          slot);
      add(counts, TOPIC, p.topics().stream().distinct().toList(), slot);
    }
    List<Driver> drivers = new ArrayList<>();
    Map<String, Double> weights = new HashMap<>();
    List<Driver> allTerms = new ArrayList<>();
    for (String kind : List.of(TERM, CATEGORY, TOPIC)) {
      List<Driver> candidates = new ArrayList<>();
      for (Map.Entry<String, long[]> e : counts.getOrDefault(kind, Map.of()).entrySet()) {
        long w = e.getValue()[0];
        long b = e.getValue()[1];
        double expected =
            round(countedBaseline > 0 ? (double) b * countedWindow / countedBaseline : 0, 4);
        double lift = round((w + s.driverSmoothing()) / (expected + s.driverSmoothing()), 4);
        candidates.add(new Driver(kind, e.getKey(), w, expected, lift));
      }
      if (kind.equals(TERM)) {
        allTerms.addAll(candidates);
      }
      int limit =
          kind.equals(TERM)
              ? s.driverTerms()
              : kind.equals(CATEGORY) ? s.driverCategories() : s.driverTopics();
      candidates.stream()
          .filter(d -> d.observed() >= s.driverMinPosts() && d.lift() >= s.driverMinLift())
          .sorted(
              Comparator.comparingDouble((Driver d) -> d.observed() - d.expected())
                  .reversed()
                  .thenComparing(Driver::name))
          .limit(limit)
          .forEach(drivers::add);
    }
    for (Driver d : drivers) {
      if (d.kind().equals(TERM) && countedWindow > 0) {
        weights.put(d.name(), (d.observed() - d.expected()) / countedWindow);
      }
    }
    if (weights.isEmpty() && countedWindow > 0) {
      // Nothing grew: the window's own centroid, each term weighing the share of window posts
      // holding it.
      for (Driver d : allTerms) {
        if (d.observed() >= s.driverMinPosts()) {
          weights.put(d.name(), (double) d.observed() / countedWindow);
        }
      }
    }
    return new Summary(
        windowPosts,
        scored,
        negative,
        List.copyOf(drivers),
        representatives(posts, tokens, weights, s.representativePosts()));
  }

  private static void add(
      Map<String, Map<String, long[]>> counts, String kind, List<String> names, int slot) {
    Map<String, long[]> m = counts.computeIfAbsent(kind, k -> new HashMap<>());
    for (String name : names) {
      m.computeIfAbsent(name, k -> new long[2])[slot]++;
    }
  }

  private static final Comparator<SignalPost> BY_ENGAGEMENT =
      Comparator.comparingLong(SignalPost::engagement)
          .reversed()
          .thenComparing(SignalPost::createdAt)
          .thenComparing(SignalPost::postId);

  /**
   * Most engaged, then most typical of the others, among counted window posts, reposts and repeated
   * texts left out.
   */
  static List<Representative> representatives(
      List<SignalPost> posts,
      Map<String, List<String>> tokens,
      Map<String, Double> weights,
      int k) {
    Map<String, SignalPost> byText = new HashMap<>();
    for (SignalPost p : posts) {
      if (p.counted() && p.inWindow() && !p.repost()) {
        byText.merge(p.text(), p, (a, b) -> BY_ENGAGEMENT.compare(a, b) <= 0 ? a : b);
      }
    }
    List<SignalPost> pool = new ArrayList<>(byText.values());
    pool.sort(BY_ENGAGEMENT);
    List<Representative> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (SignalPost p : pool.subList(0, Math.min(k, pool.size()))) {
      out.add(representative(p, MOST_ENGAGED));
      taken.add(p.postId());
    }
    Map<String, Double> typicality = new HashMap<>();
    for (SignalPost p : pool) {
      List<String> terms = tokens.getOrDefault(p.postId(), List.of());
      double sum = 0;
      for (String t : terms) {
        sum += weights.getOrDefault(t, 0.0);
      }
      typicality.put(p.postId(), round(sum / Math.sqrt(Math.max(1, terms.size())), 9));
    }
    pool.stream()
        .filter(p -> !taken.contains(p.postId()) && typicality.get(p.postId()) > 0)
        .sorted(
            Comparator.comparingDouble((SignalPost p) -> typicality.get(p.postId()))
                .reversed()
                .thenComparing(SignalPost::postId))
        .limit(k)
        .forEach(p -> out.add(representative(p, MOST_TYPICAL)));
    return out;
  }

  private static Representative representative(SignalPost p, String why) {
    return new Representative(
        p.postId(), p.createdAt(), p.platform(), p.authorKey(), p.text(), p.engagement(), why);
  }

  private static double round(double x, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(x * f) / f;
  }
}
