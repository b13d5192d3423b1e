package com.brandpulse.ingest;

import com.brandpulse.common.Pseudonymizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes post text safe for silver: decodes the HTML entities the APIs escape, masks e-mail addresses
 * and phone numbers, and replaces @mentions (and Reddit u/ names) with the mentioned person's pseudonym.
 */
public final class TextCleaner {
  private TextCleaner() {}

  static final String EMAIL_MASK = "<email>";
  static final String PHONE_MASK = "<phone>";
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  // Separated digit groups (+1 212-555-0187, (02) 1234-5678, 010-1234-5678); plain numbers such as
  // flight numbers or dates stay, because a phone number needs at least two separators.
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]\\d{4}(?!\\w)");
  // A bare run of 10-11 digits (US numbers, Korean mobiles without dashes); ids are longer, flight
  // numbers and prices shorter.
  private static final Pattern BARE_PHONE = Pattern.compile("(?<![\\w+./-])\\+?\\d{10,11}(?![\\w/-]|\\.\\d)");
  // Handles end where handle characters end (Korean particles follow them directly: @handle님).
  private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9_]{1,30})(?![A-Za-z0-9_])");
  private static final Pattern REDDIT_USER = Pattern.compile("(?<![\\w/])(/?u/)([A-Za-z0-9_-]{3,20})(?![A-Za-z0-9_-])");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|apos|#39|#x27|#34);");

  /** Result of cleaning: the safe text and the pseudonyms of everyone it mentioned, in order. */
  public record Cleaned(String text, List<String> mentionKeys) {}

  public static String decodeEntities(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement = switch (m.group(1)) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot", "#34" -> "\"";
        default -> "'";
      };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  public static Cleaned clean(String text, String platform, Pseudonymizer pseudonyms) {
    String masked = EMAIL.matcher(text).replaceAll(EMAIL_MASK);
    masked = PHONE.matcher(masked).replaceAll(PHONE_MASK);
    masked = BARE_PHONE.matcher(masked).replaceAll(PHONE_MASK);
    List<String> keys = new ArrayList<>();
    Matcher m = MENTION.matcher(masked);
    StringBuilder out = new StringBuilder(masked.length());
    while (m.find()) {
      String key = pseudonyms.handle(platform, m.group(1));
      keys.add(key);
      m.appendReplacement(out, Matcher.quoteReplacement("@" + key));
    }
    m.appendTail(out);
    if (platform.equals("reddit")) {
      Matcher r = REDDIT_USER.matcher(out.toString());
      StringBuilder redditOut = new StringBuilder(out.length());
      while (r.find()) {
        String key = pseudonyms.handle(platform, r.group(2));
        keys.add(key);
        r.appendReplacement(redditOut, Matcher.quoteReplacement(r.group(1) + key));
      }
      r.appendTail(redditOut);
      return new Cleaned(redditOut.toString(), keys);
    }
    return new Cleaned(out.toString(), keys);
  }
}
