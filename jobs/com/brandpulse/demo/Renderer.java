package com.brandpulse.demo;

import static com.brandpulse.demo.Lexicon.GEN_EN;
import static com.brandpulse.demo.Lexicon.LABELLED;
import static com.brandpulse.demo.Lexicon.LEX;
import static com.brandpulse.demo.Lexicon.UNLABELLED;
import static com.brandpulse.demo.Post.REDDIT;

import com.brandpulse.demo.Lexicon.K;
import com.brandpulse.demo.Lexicon.Slot;
import com.brandpulse.demo.Lexicon.Template;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Expands templates into post text: fills each "{slot}" for the post at hand (its brand, flight,
 * city, author...), appends Korean particles that fit, and closes the gaps an empty slot leaves.
 * Texts are built in {@link #sb}, which callers clear and may append to around a template.
 */
final class Renderer {
  private static final String[] SLOTS = {
    "@",
    "brand",
    "prod",
    "prodEn",
    "flight",
    "city",
    "city2",
    "n",
    "min",
    "hours",
    "rival",
    "rivalProd",
    "emoji",
    "url",
    "tag",
    "first",
    "sig",
    "email",
    "phone",
    "case",
    "time",
    "gate",
    "month"
  };
  private static final int S_AT = 0,
      S_BRAND = 1,
      S_PROD = 2,
      S_PROD_EN = 3,
      S_FLIGHT = 4,
      S_CITY = 5,
      S_CITY2 = 6,
      S_N = 7,
      S_MIN = 8,
      S_HOURS = 9,
      S_RIVAL = 10,
      S_RIVAL_PROD = 11,
      S_EMOJI = 12,
      S_URL = 13,
      S_TAG = 14,
      S_FIRST = 15,
      S_SIG = 16,
      S_EMAIL = 17,
      S_PHONE = 18,
      S_CASE = 19,
      S_TIME = 20,
      S_GATE = 21,
      S_MONTH = 22;

  private static final String[] CITIES = {
    "JFK",
    "LAX",
    "ORD",
    "SEA",
    "DEN",
    "BOS",
    "SFO",
    "ATL",
    "Miami",
    "Chicago",
    "Newark",
    "Dallas",
    "Phoenix",
    "Vegas",
    "Orlando",
    "Toronto",
    "Seattle",
    "Austin",
    "Portland",
    "Nashville"
  };
  private static final String[] MONTHS_BEFORE = {"last month", "July", "August", "June"};
  private static final String[] EMOJI_NEG = {"😡", "😤", "🙄", "😩", "😭", "🤬", "💀", "🤦‍♀️"};
  private static final String[] EMOJI_POS = {"😍", "🙌", "✈️", "💙", "👏", "😊", "🥰", "🎉"};
  private static final String[] EMOJI_NEU = {"🤔", "👀", "🙏", "😅"};
  private static final String[] EMOJI_NEG_KO = {"ㅠㅠ", "😭", "😡", "🤬", "하...", "ㅡㅡ"};
  private static final String[] EMOJI_POS_KO = {"ㅋㅋ", "😍", "👍", "💙", "ㅎㅎ", "🥰"};
  private static final String[] TAGS_AIR_NEG = {
    "#fail", "#delayed", "#lostluggage", "#customerservice", "#neveragain"
  };
  private static final String[] TAGS_AIR_POS = {"#travel", "#avgeek", "#happytraveler"};
  private static final String[] TAGS_TECH_NEG = {"#fail", "#battery"};
  private static final String[] TAGS_TECH_POS = {"#tech", "#photography"};
  private static final String[] TAGS_KO_NEG = {"#배터리광탈", "#서비스최악", "#업데이트오류"};
  private static final String[] TAGS_KO_POS = {"#내돈내산", "#추천", "#만족"};

  private final SplittableRandom rng;

  /** The text being rendered. */
  final StringBuilder sb = new StringBuilder(512);

  /** Whether a slot in sb rendered empty, leaving spaces for finish() to close. */
  private boolean gap;

  Renderer(SplittableRandom rng) {
    this.rng = rng;
  }

  /** The code of a slot name, -1 when there is no such slot. */
  static int slotCode(String name) {
    return Arrays.asList(SLOTS).indexOf(name);
  }

  Template pick(Template[] ts) {
    return ts[rng.nextInt(ts.length)];
  }

  /** Replies stay on the thread's topic when there is a template for it. */
  Template pickFor(int dom, K kind, String topic) {
    if (topic != null && rng.nextDouble() < 0.75) {
      Template[] on = LABELLED.get(dom).get(kind.name() + '|' + topic);
      if (on != null) return pick(on);
    }
    Template[] plain = UNLABELLED[dom][kind.ordinal()];
    return pick(plain != null ? plain : LEX[GEN_EN][kind.ordinal()]);
  }

  void render(Template t, Post p) {
    Object[] parts = t.parts();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] instanceof String s) {
        sb.append(s);
        continue;
      }
      Slot slot = (Slot) parts[i];
      int before = sb.length();
      // On Reddit nobody addresses the brand by handle: an opening or closing mention just goes
      // away.
      if (!(slot.code() == S_AT && p.format == REDDIT && (i == 0 || i == parts.length - 1)))
        fill(slot.code(), p);
      if (sb.length() == before) gap = true;
      else if (slot.afterConsonant() != null) particle(slot);
    }
  }

  /** The rendered text, with the gaps of empty slots closed. */
  String finish() {
    if (!gap) return sb.toString();
    gap = false;
    int w = 0;
    for (int i = 0; i < sb.length(); i++) {
      char c = sb.charAt(i);
      if (c == ' ' && (w == 0 || sb.charAt(w - 1) == ' ' || sb.charAt(w - 1) == '\n')) continue;
      sb.setCharAt(w++, c);
    }
    while (w > 0 && sb.charAt(w - 1) == ' ') w--;
    sb.setLength(w);
    return sb.toString();
  }

  private void fill(int code, Post p) {
    Kit kit = p.kit;
    boolean tweet = p.format != REDDIT;
    switch (code) {
      case S_AT -> {
        if (tweet) {
          boolean toCare =
              p.author.kind == Persona.CUSTOMER && p.mood < 0 && rng.nextDouble() < 0.3;
          sb.append('@').append(toCare ? kit.care() : kit.official());
          p.mentioned = true;
        } else {
          sb.append(spoken(kit, p.ko));
        }
      }
      case S_BRAND -> sb.append(spoken(kit, p.ko));
      case S_PROD -> sb.append(oneOf(p.ko ? kit.productsKo() : kit.productsEn()));
      case S_PROD_EN -> sb.append(oneOf(kit.productsEn()));
      case S_FLIGHT -> {
        if (p.flight < 0) p.flight = 100 + rng.nextInt(2900);
        sb.append(kit.flightCode()).append(p.flight);
      }
      case S_CITY -> {
        if (p.city < 0) p.city = rng.nextInt(CITIES.length);
        sb.append(CITIES[p.city]);
      }
      case S_CITY2 -> {
        if (p.city2 < 0)
          p.city2 = (Math.max(p.city, 0) + 1 + rng.nextInt(CITIES.length - 1)) % CITIES.length;
        sb.append(CITIES[p.city2]);
      }
      case S_N -> sb.append(2 + rng.nextInt(8));
      case S_MIN -> sb.append(20 + 5 * rng.nextInt(32));
      case S_HOURS -> sb.append(2 + rng.nextInt(6));
      case S_RIVAL -> {
        Kit r = rival(kit);
        sb.append(p.ko && r.brand().koName() != null ? r.brand().koName() : r.brand().name());
      }
      case S_RIVAL_PROD -> {
        Kit r = rival(kit);
        sb.append(oneOf(p.ko && r.productsKo() != null ? r.productsKo() : r.productsEn()));
      }
      case S_EMOJI -> {
        if (rng.nextDouble() < 0.6) {
          String[] pool =
              p.mood < 0
                  ? (p.ko ? EMOJI_NEG_KO : EMOJI_NEG)
                  : p.mood > 0 ? (p.ko ? EMOJI_POS_KO : EMOJI_POS) : EMOJI_NEU;
          sb.append(oneOf(pool));
        }
      }
      case S_URL -> {
        String site = kit == null ? "https://www.example.com" : kit.site() + oneOf(kit.paths());
        p.urlExpanded = site;
        p.url = tweet ? tco() : site;
        sb.append(p.url);
      }
      case S_TAG -> {
        if (kit == null) break;
        if (p.author.kind != Persona.CUSTOMER || rng.nextBoolean()) sb.append(kit.tag());
        else if (p.ko) sb.append(oneOf(p.mood < 0 ? TAGS_KO_NEG : TAGS_KO_POS));
        else if (kit.airline()) sb.append(oneOf(p.mood < 0 ? TAGS_AIR_NEG : TAGS_AIR_POS));
        else sb.append(oneOf(p.mood < 0 ? TAGS_TECH_NEG : TAGS_TECH_POS));
      }
      case S_FIRST ->
          sb.append(
              p.replyToUser != null && p.replyToUser.first != null ? p.replyToUser.first : "there");
      case S_SIG -> sb.append(oneOf(kit.signoffs()));
      case S_EMAIL ->
          sb.append(p.author.handle.toLowerCase(Locale.ROOT).replace('_', '.'))
              .append(rng.nextInt(100))
              .append('@')
              .append(oneOf(new String[] {"example.com", "example.net", "example.org"}));
      case S_PHONE -> {
        if (p.ko)
          sb.append("010-")
              .append(5550 + rng.nextInt(10))
              .append("-01")
              .append(10 + rng.nextInt(90));
        else {
          int area = 200 + rng.nextInt(780), line = 100 + rng.nextInt(100);
          sb.append(
              switch (rng.nextInt(3)) {
                case 0 -> "(" + area + ") 555-0" + line;
                case 1 -> area + "-555-0" + line;
                default -> "+1 " + area + " 555 0" + line;
              });
        }
      }
      case S_CASE -> sb.append(10_000_000 + rng.nextInt(90_000_000));
      case S_TIME ->
          sb.append(1 + rng.nextInt(12))
              .append(':')
              .append(rng.nextInt(6))
              .append(rng.nextBoolean() ? '0' : '5')
              .append(rng.nextBoolean() ? "am" : "pm");
      case S_GATE -> sb.append((char) ('A' + rng.nextInt(5))).append(1 + rng.nextInt(40));
      case S_MONTH -> sb.append(oneOf(MONTHS_BEFORE));
      default -> throw new IllegalStateException("slot " + code);
    }
  }

  private String spoken(Kit kit, boolean ko) {
    return oneOf(ko && kit.spokenKo() != null ? kit.spokenKo() : kit.spokenEn());
  }

  private Kit rival(Kit kit) {
    List<String> names = kit.brand().competitors();
    return Kit.named(names.get(rng.nextInt(names.size())));
  }

  private String oneOf(String[] xs) {
    return xs[rng.nextInt(xs.length)];
  }

  String tco() {
    char[] c = new char[10];
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < c.length; i++) c[i] = alphabet.charAt(rng.nextInt(alphabet.length()));
    return "https://t.co/" + new String(c);
  }

  /** Appends the particle variant that fits whether the preceding syllable ends in a consonant. */
  private void particle(Slot s) {
    int jong = finalConsonant(sb.charAt(sb.length() - 1));
    boolean ro = s.afterConsonant().equals("으로");
    boolean consonant = ro ? jong != 0 && jong != 8 : jong != 0; // ㄹ (8) takes 로, not 으로
    sb.append(consonant ? s.afterConsonant() : s.afterVowel());
  }

  /**
   * Index of the final consonant (0 = none) of a Hangul syllable, or of a digit read in
   * Sino-Korean.
   */
  private static int finalConsonant(char c) {
    if (c >= 0xAC00 && c <= 0xD7A3) return (c - 0xAC00) % 28;
    if (c >= '0' && c <= '9') return new int[] {21, 8, 0, 16, 0, 0, 1, 8, 8, 0}[c - '0'];
    return switch (Character.toLowerCase(c)) {
      case 'l', 'r' -> 8;
      case 'm' -> 16;
      case 'n' -> 4;
      default -> 0;
    };
  }
}
