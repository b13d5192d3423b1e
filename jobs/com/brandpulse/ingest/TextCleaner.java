package com.brandpulse.ingest;

import com.brandpulse.common.Pseudonymizer;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.twitter.twittertext.Extractor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text safe for silver: decodes the HTML entities the APIs escape, drops control characters
 * (a NUL cannot be stored in PostgreSQL), masks e-mail addresses and phone numbers, and replaces
 * every way of naming a person (an @handle, a fediverse address, a profile or status link, a Reddit
 * u/name) with the person's pseudonym. Handles and links are found by twitter-text, which knows the
 * platforms' rules (full-width at signs, what may precede a handle, where a URL ends); phone
 * numbers by libphonenumber, which knows every region's numbering plan. Detections become spans of
 * the original text; the first detector to claim a character wins, so a number inside a URL is
 * never also a phone number.
 */
public final class TextCleaner implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String EMAIL_MASK = "<email>";
  public static final String PHONE_MASK = "<phone>";

  /** What a JSON field that names a person becomes in a quarantined raw record. */
  public static final String PERSON_MASK = "<person>";

  // Letters and digits of any script on both sides (jürgen@münchen.de, 홍길동@회사.kr); the top-level
  // domain is letters only, so "a@b.2015" stays text.
  private static final Pattern EMAIL =
      Pattern.compile(
          "[\\p{L}\\p{M}\\p{N}._%+-]+@[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)*\\.\\p{L}{2,}");
  // @user@instance.social: one person on the fediverse, named by both parts.
  private static final Pattern FEDIVERSE =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_])@([A-Za-z0-9_.-]{1,64})@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)");
  // Handles twitter-text refuses (over its 20-character limit) still name somebody: masked all the
  // same.
  private static final Pattern LONG_HANDLE =
      Pattern.compile("(?<![\\p{L}\\p{N}_@])@([A-Za-z0-9_]{1,50})");
  private static final Pattern REDDIT_USER =
      Pattern.compile("(?<![\\w/])(/?u/)([A-Za-z0-9_-]{3,20})(?![A-Za-z0-9_-])");
  private static final Pattern BLUESKY_HANDLE =
      Pattern.compile("(?<![\\p{L}\\p{N}_])@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)");
  // What a phone number looks like before libphonenumber judges it: digits with separators between
  // them.
  private static final Pattern PHONE_CANDIDATE =
      Pattern.compile("[+(]?\\d[\\d \\u00A0().\\-/]{4,}\\d");
  private static final Pattern URL_HINT = Pattern.compile("(?i)://|www\\.|[a-z0-9-]\\.[a-z]{2,}/");
  private static final Pattern SOCIAL_LINK =
      Pattern.compile(
          "(?i)(?:twitter|x|reddit|facebook|fb|instagram|youtube"
              + "|tiktok|threads|linkedin)\\.(?:com|net)|bsky\\.app|\\w/@\\w");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|apos|#39|#x27|#34);");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
  // JSON fields of the platforms' user objects that hold a name, handle, location or contact.
  private static final Pattern PERSON_FIELD =
      Pattern.compile(
          "(\"(?:screen_name|name|username|user_name|author|author_fullname|preferredUsername|displayName|display_name"
              + "|location|description|email|in_reply_to_screen_name|acct|handle|title|story|authorDisplayName)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

  /** Small (U+FE6B) and full-width (U+FF20) at signs: the same character to a reader. */
  private static final char SMALL_AT = '\uFE6B';

  private static final char FULL_AT = '\uFF20';

  private final Pseudonymizer pseudonyms;
  private final List<String> phoneRegions;
  private transient Extractor extractor;

  /** Result of cleaning: the safe text and the pseudonyms of everyone it mentioned, in order. */
  public record Cleaned(String text, List<String> mentionKeys) {}

  /** A stretch of the text and what it becomes; {@code key} is the pseudonym it names, if any. */
  private record Span(int start, int end, String replacement, String key) {
    boolean overlaps(Span o) {
      return start < o.end && o.start < end;
    }
  }

  /**
   * @param phoneRegions ISO 3166 regions whose national formats are recognised (international
   *     numbers, written with +, are recognised whatever the list)
   */
  public TextCleaner(Pseudonymizer pseudonyms, List<String> phoneRegions) {
    this.pseudonyms = pseudonyms;
    this.phoneRegions = List.copyOf(phoneRegions);
  }

  public static String decodeEntities(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement =
          switch (m.group(1)) {
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

  /** Drops C0 control characters other than tab and line breaks, and DEL. */
  public static String dropControls(String text) {
    return text == null ? null : CONTROL.matcher(text).replaceAll("");
  }

  /** Post text: masked, with the pseudonyms of the people it names. */
  public Cleaned clean(String text, String platform) {
    String t = dropControls(text).replace(SMALL_AT, FULL_AT);
    List<Span> spans = new ArrayList<>();
    fediverse(t, spans);
    emails(t, spans);
    links(t, spans);
    mentions(t, platform, spans);
    if (platform.equals("reddit")) {
      redditUsers(t, spans);
    }
    phones(t, spans);
    spans.sort(Comparator.comparingInt(Span::start));
    StringBuilder out = new StringBuilder(t.length());
    List<String> keys = new ArrayList<>();
    int at = 0;
    for (Span s : spans) {
      out.append(t, at, s.start()).append(s.replacement());
      if (s.key() != null) {
        keys.add(s.key());
      }
      at = s.end();
    }
    out.append(t, at, t.length());
    return new Cleaned(out.toString(), keys);
  }

  /** Any other free text bound for silver (a profile location, a reason, a notice's detail). */
  public String mask(String text, String platform) {
    return text == null ? null : clean(text, platform).text();
  }

  /**
   * A raw record kept in silver.quarantine: the fields of user objects that name, locate or contact
   * a person are replaced, then the rest is masked like text. Works on broken JSON too (that is why
   * it is quarantined). Bronze keeps the record whole.
   */
  public String maskRaw(String record, String platform) {
    if (record == null) {
      return null;
    }
    String fields = PERSON_FIELD.matcher(record).replaceAll("$1\"" + PERSON_MASK + "\"");
    return mask(fields, platform);
  }

  private static void add(List<Span> spans, Span span) {
    for (Span s : spans) {
      if (s.overlaps(span)) {
        return;
      }
    }
    spans.add(span);
  }

  private void fediverse(String t, List<Span> spans) {
    int first = t.indexOf('@');
    if (first < 0 || t.indexOf('@', first + 1) < 0) {
      return; // a fediverse address has two at signs
    }
    Matcher m = FEDIVERSE.matcher(t);
    while (m.find()) {
      String key = pseudonyms.handle("mastodon", m.group(1) + "@" + m.group(2));
      add(spans, new Span(m.start(), m.end(), "@" + key, key));
    }
  }

  /**
   * Around each at sign: the address's characters to the left and right, then the whole checked by
   * EMAIL.
   */
  private static void emails(String t, List<Span> spans) {
    for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && isAddressChar(t.charAt(start - 1))) {
        start--;
      }
      int end = at + 1;
      while (end < t.length() && (isAddressChar(t.charAt(end)))) {
        end++;
      }
      if (start < at && end > at + 1) {
        Matcher m = EMAIL.matcher(t).region(start, end);
        if (m.find() && m.start() < at && m.end() > at) {
          add(spans, new Span(m.start(), m.end(), EMAIL_MASK, null));
        }
      }
    }
  }

  private static boolean isAddressChar(char c) {
    return Character.isLetterOrDigit(c)
        || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK
        || c == '.'
        || c == '_'
        || c == '%'
        || c == '+'
        || c == '-';
  }

  /** A cheap look for a platform's host or a fediverse path before the full link grammar runs. */
  private static boolean mayNamePerson(String t) {
    for (int dot = t.indexOf('.'); dot >= 0; dot = t.indexOf('.', dot + 1)) {
      if (t.regionMatches(true, dot, ".com", 0, 4)
          || t.regionMatches(true, dot, ".net", 0, 4)
          || t.regionMatches(true, dot, ".app", 0, 4)) {
        return true;
      }
    }
    return t.contains("/@");
  }

  /** Links that name a person become the person's pseudonym; other links are kept as they are. */
  private void links(String t, List<Span> spans) {
    // twitter-text's URL grammar costs some 45 us a post: only run it when a link could name a
    // person, or when
    // a link's digits could pass for a phone number.
    if (!(mayNamePerson(t) && SOCIAL_LINK.matcher(t).find())
        && !(PHONE_CANDIDATE.matcher(t).find() && URL_HINT.matcher(t).find())) {
      return;
    }
    for (Extractor.Entity url : extractor().extractURLsWithIndices(t)) {
      ProfileLinks.Person person = ProfileLinks.person(url.getValue());
      if (person == null) {
        add(spans, new Span(url.getStart(), url.getEnd(), url.getValue(), null));
      } else {
        String key = pseudonyms.handle(person.platform(), person.handle());
        add(spans, new Span(url.getStart(), url.getEnd(), "<link @" + key + ">", key));
      }
    }
  }

  private void mentions(String t, String platform, List<Span> spans) {
    if (t.indexOf('@') < 0 && t.indexOf(FULL_AT) < 0) {
      return;
    }
    if (platform.equals("bluesky")) {
      Matcher m = BLUESKY_HANDLE.matcher(t);
      while (m.find()) {
        mention(spans, m.start(), m.end(), platform, m.group(1));
      }
    }
    for (Extractor.Entity e : extractor().extractMentionedScreennamesWithIndices(t)) {
      // twitter-text stops at Twitter's 20 characters; the whole run of handle characters names the
      // person.
      // YouTube handles also hold '.', '-' and '·' between those characters (@kettle.owner-88).
      boolean youtube = platform.equals("youtube");
      int end = e.getEnd();
      while (end < t.length()
          && (isHandleChar(t.charAt(end))
              || dottedHandle(t, end, platform)
              || youtube
                  && isYouTubeJoiner(t.charAt(end))
                  && end + 1 < t.length()
                  && isHandleChar(t.charAt(end + 1)))) {
        end++;
      }
      mention(spans, e.getStart(), end, platform, e.getValue() + t.substring(e.getEnd(), end));
    }
    Matcher m = LONG_HANDLE.matcher(t.replace(FULL_AT, '@'));
    while (m.find()) {
      mention(spans, m.start(), m.end(), platform, m.group(1));
    }
  }

  /**
   * Handles elsewhere may hold dots between their letters (Instagram-style @adam.the.creator on
   * Facebook and YouTube): a dot followed by a handle character continues the handle; a sentence's
   * full stop does not.
   */
  private static boolean dottedHandle(String t, int at, String platform) {
    return t.charAt(at) == '.'
        && !platform.equals("twitter")
        && at + 1 < t.length()
        && isHandleChar(t.charAt(at + 1));
  }

  private static boolean isHandleChar(char c) {
    return c == '_' || c < 128 && Character.isLetterOrDigit(c);
  }

  private static boolean isYouTubeJoiner(char c) {
    return c == '.' || c == '-' || c == '\u00B7';
  }

  private void mention(List<Span> spans, int start, int end, String platform, String handle) {
    String key = pseudonyms.handle(platform, handle);
    add(spans, new Span(start, end, "@" + key, key));
  }

  private void redditUsers(String t, List<Span> spans) {
    Matcher r = REDDIT_USER.matcher(t);
    while (r.find()) {
      String key = pseudonyms.handle("reddit", r.group(2));
      add(spans, new Span(r.start(), r.end(), r.group(1) + key, key));
    }
  }

  /**
   * libphonenumber judges each stretch of digits and separators with six digits or more (the
   * shortest numbers any plan dials in full), with a character of context on each side: a pass per
   * region over a short stretch rather than over the whole post.
   */
  private void phones(String t, List<Span> spans) {
    Matcher candidate = PHONE_CANDIDATE.matcher(t);
    PhoneNumberUtil util = null;
    while (candidate.find()) {
      if (digits(candidate.group()) < 6) {
        continue;
      }
      if (util == null) {
        util = PhoneNumberUtil.getInstance();
      }
      int from = Math.max(0, candidate.start() - 1);
      String stretch = t.substring(from, Math.min(t.length(), candidate.end() + 1));
      for (int r = -1; r < phoneRegions.size(); r++) {
        String region =
            r < 0 ? "ZZ" : phoneRegions.get(r); // ZZ: numbers written with a country code
        for (PhoneNumberMatch m :
            util.findNumbers(stretch, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
          if (!decimals(t, from + m.start())) {
            add(spans, new Span(from + m.start(), from + m.end(), PHONE_MASK, null));
          }
        }
      }
    }
  }

  /** The digits after the point of a decimal number (3.1415926535) are no phone number. */
  private static boolean decimals(String t, int start) {
    return start >= 2
        && (t.charAt(start - 1) == '.' || t.charAt(start - 1) == ',')
        && Character.isDigit(t.charAt(start - 2));
  }

  private static int digits(String t) {
    int n = 0;
    for (int i = 0; i < t.length(); i++) {
      if (Character.isDigit(t.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private Extractor extractor() {
    if (extractor == null) {
      extractor = new Extractor();
    }
    return extractor;
  }
}
