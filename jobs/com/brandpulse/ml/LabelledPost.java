package com.brandpulse.ml;

import java.util.Locale;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * One labelled post as imported: the unit of ml.labelled_posts.
 *
 * @param group what must not be split across train and evaluation (an NSMC movie), else the post
 *     itself
 */
public record LabelledPost(
    String source,
    String sourceId,
    String text,
    String label,
    String lang,
    String split,
    String group) {

  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";

  /**
   * Deterministic split by group: about 80% train, 10% validation, 10% test, the same on every run.
   */
  public static String splitOf(String group) {
    int bucket = Math.floorMod(hash(group).hashCode(), 10);
    return bucket < 8 ? "train" : bucket == 8 ? "validation" : "test";
  }

  /**
   * Normalised text hash: the same tweet in two collections has the same hash (overlap checks).
   * Data sets republish tweets with links removed and users replaced by "@user" (TweetEval does
   * both), so links, user names, punctuation and spacing do not count.
   */
  public String textHash() {
    return hash(
        text.toLowerCase(Locale.ROOT)
            .replaceAll("(?:https?://|www\\.)\\S+", " ")
            .replaceAll("@\\w+", "@user")
            .replaceAll("[^\\p{L}\\p{N}@]+", " ")
            .strip());
  }

  static String hash(String value) {
    return DigestUtils.sha256Hex(value).substring(0, 16);
  }
}
