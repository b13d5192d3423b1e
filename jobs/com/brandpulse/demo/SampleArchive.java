package com.brandpulse.demo;

import com.brandpulse.ml.LabelledPost;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a realistic, deterministic sample social-media archive in the raw formats Brand Pulse ingests:
 * Twitter v1.1 stream dumps, twarc2 (API v2) search pages, Pushshift Reddit dumps, a Tweets.csv-style
 * monitoring export, an employee roster and a handful of malformed lines.
 *
 * <p>Every byte derives from {@link Options}: there is no wall-clock input, so the same options always
 * produce the same archive. Posts are laid out on an hourly schedule (day/night shape in the audience's
 * local time, week-over-week drift, one injected complaint spike) and each schedule slot yields exactly
 * one post: either a reply that has come due in an open thread or a new conversation.
 */
public final class SampleArchive {

  public record Options(LocalDate start, int weeks, long posts, long seed, boolean benchmarkMode) {}

  public record Summary(long posts, long malformed, Map<String, Long> filesByFormat, String spikeBrand,
                        LocalDate spikeDay, long labelled) {}

  /** The archive's folders of posts, in the order ingest reads them (labels and the roster are loaded apart). */
  public static final List<String> POST_FOLDERS = List.of("twitter-v1", "twitter-v2", "reddit", "mastodon", "bluesky",
      "youtube", "facebook", "exports", "malformed");

  /** The post folders a generated archive holds (a small one may have no posts on some platform). */
  public static List<String> postFolders(Path archive) {
    return POST_FOLDERS.stream().map(folder -> archive.resolve(folder)).filter(Files::isDirectory)
        .map(Path::toString).toList();
  }

  /** Where {@link #generate} writes the labelled set, per `labels import` format (see writeLabelled). */
  public static final Map<String, String> LABEL_DIRS = Map.of(
      "semeval", "labels/en/semeval", "tweeteval", "labels/en/tweeteval", "nsmc", "labels/ko/nsmc");

  /** A tracked brand. Handles are screen names without "@"; the last handle is the customer-care account. */
  public record Brand(String name, String koName, List<String> handles, List<String> aliases,
                      List<String> competitors, String lang) {}

  public static final List<Brand> BRANDS = List.of(
      new Brand("Aurora Air", null, List.of("AuroraAir", "AuroraAirHelp"),
          List.of("Aurora Air", "Aurora Airlines", "AuroraAir", "Aurora Miles"),
          List.of("Zephyr Airlines", "Nimbus Jet"), "en"),
      new Brand("Zephyr Airlines", null, List.of("ZephyrAir"),
          List.of("Zephyr Airlines", "Zephyr Air", "ZephyrAir"),
          List.of("Aurora Air", "Nimbus Jet"), "en"),
      new Brand("Nimbus Jet", null, List.of("NimbusJet"),
          List.of("Nimbus Jet", "NimbusJet"),
          List.of("Aurora Air", "Zephyr Airlines"), "en"),
      new Brand("Hanbit Electronics", "한빛전자", List.of("HanbitElec"),
          List.of("한빛전자", "Hanbit Electronics", "Hanbit", "한빛폰", "한빛 노트북", "Hanbit Phone", "Hanbit Book"),
          List.of("Saebyeol Mobile"), "ko"),
      new Brand("Saebyeol Mobile", "새별모바일", List.of("SaebyeolMobile"),
          List.of("새별모바일", "Saebyeol Mobile", "Saebyeol", "새별폰", "새별탭", "Saebyeol Phone"),
          List.of("Hanbit Electronics"), "ko"));

  private SampleArchive() {}

  /** Writes the archive under outDir (created), returns what it wrote. Existing files of the same name are replaced. */
  public static Summary generate(Path outDir, Options o) throws IOException {
    Objects.requireNonNull(o.start(), "start");
    if (o.weeks() < 1) throw new IllegalArgumentException("weeks must be >= 1");
    if (o.posts() < 0) throw new IllegalArgumentException("posts must be >= 0");
    Files.createDirectories(outDir);
    return new Generator(outDir, o).run();
  }

  /** Usage: {@code outDir [posts] [weeks] [seed] [--bench] [--start=YYYY-MM-DD]}. */
  public static void main(String[] args) throws IOException {
    List<String> positional = new ArrayList<>();
    boolean bench = false;
    LocalDate start = LocalDate.of(2026, 9, 7);
    for (String a : args) {
      if (a.equals("--bench")) bench = true;
      else if (a.startsWith("--start=")) start = LocalDate.parse(a.substring(8));
      else positional.add(a);
    }
    if (positional.isEmpty()) {
      System.err.println("usage: SampleArchive outDir [posts] [weeks] [seed] [--bench] [--start=YYYY-MM-DD]");
      System.exit(2);
    }
    long posts = positional.size() > 1 ? Long.parseLong(positional.get(1)) : 6000;
    int weeks = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 6;
    long seed = positional.size() > 3 ? Long.parseLong(positional.get(3)) : 42;
    long t0 = System.nanoTime();
    Summary s = generate(Paths.get(positional.get(0)), new Options(start, weeks, posts, seed, bench));
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%s%nwrote %d posts in %.2fs (%.0f posts/s)%n", s, s.posts(), secs, s.posts() / secs);
  }

  // ---------------------------------------------------------------------------------------------
  // Brand kits: generation-side facts the public Brand record does not carry.

  private static final int AURORA = 0, HANBIT = 3;

  private record Kit(int index, Brand brand, boolean airline, long[] handleIds, String flightCode,
                     String[] spokenEn, String[] spokenKo, String[] productsEn, String[] productsKo,
                     String tag, String site, String[] paths, double careRate, double careMedianMin,
                     String[] signoffs, String[] subreddits, double[] mood, String city) {
    String official() { return brand.handles().get(0); }
    String care() { return brand.handles().get(brand.handles().size() - 1); }
  }

  private static final String[] AIR_PATHS = {"/deals", "/help/baggage", "/help/pets", "/trip-status", "/check-in", "/miles"};
  private static final String[] TECH_PATHS = {"/support", "/event", "/store", "/notice/update", "/service-center"};

  /** Mood mix per brand: negative, neutral statement, question, positive. */
  private static final Kit[] KITS = {
      new Kit(0, BRANDS.get(0), true, new long[] {19397785L, 2851620483L}, "AU",
          new String[] {"Aurora Air", "Aurora Air", "Aurora Air", "Aurora Airlines", "AuroraAir"}, null,
          new String[] {"Aurora Miles"}, null, "#FlyAurora", "https://www.auroraair.com", AIR_PATHS, 0.78, 35,
          new String[] {"^MK", "^JT", "^RS", "^AL", "^DP"}, new String[] {"flying", "travel", "AuroraAir"},
          new double[] {0.30, 0.22, 0.16, 0.32}, "Denver, CO"),
      new Kit(1, BRANDS.get(1), true, new long[] {26223583L}, "ZY",
          new String[] {"Zephyr Airlines", "Zephyr Airlines", "Zephyr Air", "ZephyrAir"}, null,
          new String[] {"Zephyr Club"}, null, "#ZephyrAir", "https://www.zephyrairlines.com", AIR_PATHS, 0.55, 70,
          new String[] {"-Dana", "-Chris", "-Sam", ""}, new String[] {"flying", "travel", "ZephyrAirlines"},
          new double[] {0.34, 0.24, 0.14, 0.28}, "Dallas, TX"),
      new Kit(2, BRANDS.get(2), true, new long[] {1184417346802221056L}, "NJ",
          new String[] {"Nimbus Jet", "Nimbus Jet", "NimbusJet"}, null,
          new String[] {"Nimbus Plus"}, null, "#NimbusJet", "https://www.nimbusjet.com", AIR_PATHS, 0.30, 180,
          new String[] {""}, new String[] {"flying", "Shoestring", "travel"},
          new double[] {0.40, 0.22, 0.14, 0.24}, "Salt Lake City, UT"),
      new Kit(3, BRANDS.get(3), false, new long[] {331225487L}, null,
          new String[] {"Hanbit", "Hanbit Electronics", "Hanbit"}, new String[] {"한빛전자"},
          new String[] {"Hanbit Phone", "Hanbit Phone S3", "Hanbit Book 14"},
          new String[] {"한빛폰", "한빛폰 S3", "한빛폰 S3", "한빛 노트북", "한빛 노트북 14"},
          "#한빛전자", "https://www.hanbit-elec.co.kr", TECH_PATHS, 0.62, 50,
          new String[] {""}, new String[] {"Android", "smartphones", "HanbitElectronics"},
          new double[] {0.26, 0.24, 0.16, 0.34}, "Seoul, Korea"),
      new Kit(4, BRANDS.get(4), false, new long[] {1402254830176575490L}, null,
          new String[] {"Saebyeol", "Saebyeol Mobile"}, new String[] {"새별모바일"},
          new String[] {"Saebyeol Phone", "Saebyeol X2"}, new String[] {"새별폰", "새별폰 X2", "새별탭"},
          "#새별모바일", "https://www.saebyeolmobile.co.kr", TECH_PATHS, 0.45, 90,
          new String[] {""}, new String[] {"Android", "smartphones"},
          new double[] {0.26, 0.26, 0.16, 0.32}, "Seongnam, Korea"),
  };

  private static Kit kitNamed(String name) {
    for (Kit k : KITS) if (k.brand().name().equals(name)) return k;
    throw new IllegalStateException(name);
  }

  /** Roster entries; dates are offsets from the archive start so any start date yields a coherent roster. */
  private record Staff(int kit, String handle, String name, String department, String role, boolean executive,
                       int yearsBefore, String earlierRole, boolean leavesMidPeriod) {}

  private static final Staff[] STAFF = {
      new Staff(0, "ellen_lind", "Ellen Lind", "Executive Office", "Chief Executive Officer", true, 5, null, false),
      new Staff(0, "captmike_flies", "Mike Alvarez", "Flight Operations", "Captain", false, 11, null, false),
      new Staff(0, "tomas_fa", "Tomás Reyes", "Inflight Services", "Flight Attendant", false, 9, null, true),
      new Staff(0, "gina_at_aurora", "Gina Park", "Marketing", "Social Media Manager", false, 4, "Social Media Specialist", false),
      new Staff(0, "dre_aurora_ops", "Andre Wells", "Operations Control", "Duty Manager", false, 6, null, false),
      new Staff(1, "sam_zephyr_crew", "Sam Ortiz", "Inflight", "Flight Attendant", false, 3, null, false),
      new Staff(1, "kelly_ops_zy", "Kelly Brandt", "Ground Operations", "Station Manager", false, 7, null, false),
      new Staff(2, "raj_at_nimbus", "Raj Mehta", "Revenue Management", "Pricing Analyst", false, 2, null, false),
      new Staff(2, "lena_nj_crew", "Lena Fischer", "Inflight", "Flight Attendant", false, 3, null, false),
      new Staff(3, "jh_park_hanbit", "박정훈", "Marketing", "Chief Marketing Officer", true, 8, null, false),
      new Staff(3, "soyeon_dev", "이소연", "R&D", "Battery Engineer", false, 4, null, false),
      new Staff(3, "yuna_design", "최유나", "Design", "Product Designer", false, 3, null, false),
      new Staff(3, "minsu_hbcs", "김민수", "Customer Service", "CS Team Lead", false, 6, null, false),
      new Staff(4, "sb_dohyun", "정도현", "Product", "Product Manager", false, 5, null, false),
      new Staff(4, "jiho_saebyeol", "한지호", "Marketing", "Community Manager", false, 2, null, false),
  };

  // ---------------------------------------------------------------------------------------------
  // Text templates. "{slot}" expands per post, "{slot:이/가}" also appends the Korean particle that
  // fits the expansion's last syllable, and a leading "Label|" tags the template with a topic that
  // replies match (and that becomes Tweets.csv's negativereason).

  private enum K {
    NEG(-1), UPDATE(-1), SPIKE(-1), NEU(0), Q(0), POS(1), PROMO(1), EMP(1), EXEMP(-1), NOISE(0),
    SUP_NEG(0), SUP_Q(0), SUP_POS(1), SUP_SPIKE(0), COMMISERATE(-1), DEFEND(1), ANSWER(0), CHEER(1),
    THANKS(1), STILL_BAD(-1), QUOTE(0), PROMO_REPLY(0), CONTACT(0), EXTRA_NEG(-1), EXTRA_POS(1), EXTRA_NEU(0),
    TITLE_NEG(-1), TITLE_Q(0), TITLE_POS(1), TITLE_NEU(0), TITLE_SPIKE(-1);

    final int mood;

    K(int mood) { this.mood = mood; }
  }

  private static final int AIR = 0, TECH_EN = 1, TECH_KO = 2, GEN_EN = 3;

  private static final String[] SLOTS = {"@", "brand", "prod", "prodEn", "flight", "city", "city2", "n", "min",
      "hours", "rival", "rivalProd", "emoji", "url", "tag", "first", "sig", "email", "phone", "case", "time",
      "gate", "month"};
  private static final int S_AT = 0, S_BRAND = 1, S_PROD = 2, S_PROD_EN = 3, S_FLIGHT = 4, S_CITY = 5, S_CITY2 = 6,
      S_N = 7, S_MIN = 8, S_HOURS = 9, S_RIVAL = 10, S_RIVAL_PROD = 11, S_EMOJI = 12, S_URL = 13, S_TAG = 14,
      S_FIRST = 15, S_SIG = 16, S_EMAIL = 17, S_PHONE = 18, S_CASE = 19, S_TIME = 20, S_GATE = 21, S_MONTH = 22;

  private record Slot(int code, String afterConsonant, String afterVowel) {}

  private record Template(String label, Object[] parts) {}

  /** Templates by [domain][kind]; labelled subsets by [domain][kind] label. */
  private static final Template[][][] LEX = new Template[4][K.values().length][];
  private static final List<Map<String, Template[]>> LABELLED = new ArrayList<>();
  private static final Template[][][] UNLABELLED = new Template[4][K.values().length][];

  private static void put(int dom, K k, String... texts) {
    Template[] add = new Template[texts.length];
    for (int i = 0; i < texts.length; i++) add[i] = parse(texts[i]);
    Template[] old = LEX[dom][k.ordinal()];
    LEX[dom][k.ordinal()] = old == null ? add : concat(old, add);
  }

  private static Template[] concat(Template[] a, Template[] b) {
    Template[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static Template parse(String src) {
    String label = null;
    int bar = src.indexOf('|');
    if (bar > 0 && bar < 30 && src.lastIndexOf('{', bar) < 0) {
      label = src.substring(0, bar);
      src = src.substring(bar + 1);
    }
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      int open = src.indexOf('{', i);
      if (open < 0) { parts.add(src.substring(i)); break; }
      if (open > i) parts.add(src.substring(i, open));
      int close = src.indexOf('}', open);
      String spec = src.substring(open + 1, close);
      String name = spec;
      String cons = null, vowel = null;
      int colon = spec.indexOf(':');
      if (colon >= 0) {
        name = spec.substring(0, colon);
        String[] pair = spec.substring(colon + 1).split("/");
        cons = pair[0];
        vowel = pair[1];
      }
      int code = Arrays.asList(SLOTS).indexOf(name);
      if (code < 0) throw new IllegalStateException("unknown slot {" + name + "} in: " + src);
      parts.add(new Slot(code, cons, vowel));
      i = close + 1;
    }
    return new Template(label, parts.toArray());
  }

  static {
    // --- English airline conversation -------------------------------------------------------
    put(AIR, K.NEG,
        "Late Flight|{@} flight {flight} delayed {hours} hours and counting. No updates at the gate. {emoji}",
        "Late Flight|Sitting at gate {gate} in {city} since {time}. {flight} still says delayed. {@} what is going on?",
        "Late Flight|{@} third delay announcement for {flight}. Just tell us the truth {emoji}",
        "Late Flight|Missed my connection in {city} because {flight} left {min} minutes late. Thanks {@} {tag}",
        "Cancelled Flight|{@} cancelled {flight} with zero notice and the next seat is in 2 days?? {emoji}",
        "Cancelled Flight|My {city} → {city2} flight just got cancelled. Rebooked on a flight 9 hours later. Great job {@} {tag}",
        "Cancelled Flight|{brand} cancelled our flight home and the hotel voucher line is 200 people long {emoji}",
        "Lost Luggage|{@} my bag didn't make it to {city}. Third time this year. {tag}",
        "Lost Luggage|Day {n} without my suitcase. {@} your tracker says it's in {city2}?? I'm in {city}",
        "Lost Luggage|{@} still no sign of my bag from {flight}, file ref {case}. Please call me at {phone}",
        "Damaged Luggage|{@} my suitcase came off the belt with a broken wheel and a hole in it. Who pays for this?",
        "Customer Service Issue|Been on hold with {brand} for {min} minutes. Still no one. {@}",
        "Customer Service Issue|{@} still waiting on my refund from {month}. Case {case} {emoji}",
        "Customer Service Issue|{@} your chat bot keeps sending me in circles. I just want a human",
        "Customer Service Issue|Hey {@} my refund still hasn't shown up. You can reach me at {email}",
        "Bad Flight|{@} why is wifi $20 if it doesn't even work",
        "Bad Flight|Sat on the tarmac at {city} for {min} min with no AC. {@} you can do better {emoji}",
        "Bad Flight|{@} the seat on {flight} didn't recline and the tray table was sticky. For $480.",
        "Flight Booking Problems|{@} your app keeps logging me out and now my seat assignment is gone",
        "Flight Booking Problems|Paid for extra legroom on {flight} and got moved to a middle seat. {@} I want a refund",
        "Flight Booking Problems|{@} charged me twice for the same booking & nobody can explain why",
        "Flight Attendant Complaints|The flight attendant on {flight} was rude to an elderly passenger. Not ok {@}",
        "longlines|The {brand} bag drop line at {city} is an hour long with 2 agents working {emoji}",
        "Can't Tell|Never flying {brand} again. {emoji}",
        "Can't Tell|{@} you had one job {emoji}");
    put(AIR, K.NEU,
        "Flying {brand} to {city} next week. First time with them",
        "Booked {brand} for the holidays. {city2} here I come",
        "At {city} waiting for {flight} {emoji}",
        "{brand} or {rival} for {city} → {city2}? Prices are about the same",
        "{brand} just announced new routes to {city2} starting in spring {url}",
        "Boarding {flight} to {city2}. See you on the other side",
        "Switched from {rival} to {brand} for work travel this quarter");
    put(AIR, K.Q,
        "pets|does anyone know if {@} allows pets in cabin?",
        "pets|{@} can my dog fly in cabin on {flight}? she's 12 lbs",
        "baggage|{@} what's the carry-on size limit for international flights?",
        "baggage|{@} is a backpack a personal item or do I need to pay for carry-on?",
        "change|{@} can I change my flight online or do I need to call?",
        "change|{@} if I miss my connection in {city} do you rebook automatically?",
        "miles|{@} do miles expire if I don't fly this year?",
        "miles|How do I get my {brand} miles added to a past trip? {@}",
        "wifi|{@} is there wifi on the {city} to {city2} route?",
        "tips|Anyone flown {brand} premium economy? Worth the upgrade?",
        "tips|Is {brand} or {rival} better for {city} → {city2}?");
    put(AIR, K.POS,
        "Shoutout to the crew on {flight} {@}, they made my kid's first flight amazing {emoji}",
        "{brand} upgraded me for free today. Not complaining {emoji}",
        "Smooth flight {city} → {city2} with {@}, landed 20 minutes early! {tag}",
        "{@} the gate agent at {city} was so kind when my connection got tight. Thank you!",
        "Honestly {brand} has the best legroom in economy {tag}",
        "Love the new {brand} app, check-in took 30 seconds {emoji}",
        "{@} lost my bag yesterday but it was delivered to my hotel this morning. Great recovery",
        "Cookies & coffee on a 6am flight. {brand} gets it {emoji}",
        "Flew {rival} last month and {brand} today. Not even close {emoji}",
        "The pilot on {flight} gave the best turbulence announcement ever lol {@} <3");
    put(AIR, K.SPIKE,
        "Flight Booking Problems|{@} your app is down and I can't check in for {flight}. Flight leaves in {hours} hours!!",
        "Flight Booking Problems|Is the {brand} app down for everyone?? Can't check in, keeps saying something went wrong {@}",
        "Flight Booking Problems|{@} website AND app won't let me check in. {flight} boards at {time}. What do I do?",
        "Flight Booking Problems|Line at the {city} {brand} counter is insane because online check-in is broken. {@} #AuroraDown",
        "Flight Booking Problems|{@} error 503 every time I try to check in for {flight} {emoji}",
        "Flight Booking Problems|{@} can't get my boarding pass, the app crashes every time. Please fix this",
        "Flight Booking Problems|Missed my flight because {brand} check-in was down for hours. Unbelievable. {@} #AuroraDown",
        "Flight Booking Problems|{@} check-in page just spins forever. {flight} to {city2} today, please help",
        "Flight Booking Problems|{brand} app outage + 2 agents at the counter = chaos at {city}. {@} {emoji}",
        "Flight Booking Problems|{@} is online check-in broken? Tried 5 times for {flight}, nothing {emoji}",
        "Flight Booking Problems|Can't check in, can't change seats, can't even see my booking. {@} what is happening #AuroraDown");
    put(AIR, K.PROMO,
        "Fall sale! Fares from $59 to 20+ cities. Book by Sunday: {url} {tag}",
        "New nonstop: {city} ↔ {city2} starting November {url}",
        "Our crews are ready for the weekend rush. Check in early in the app to skip the line {tag}",
        "Members: double miles on all flights booked this week {url}",
        "Wifi is now free on all flights over 2 hours ✈️ {url}");
    put(AIR, K.EMP,
        "So proud of our crew at {@} for getting everyone home during the storm {tag}",
        "Another early morning out of {city}. Love this job ✈️ {tag}",
        "Great turnout at our {brand} volunteer day today {emoji}",
        "Welcome aboard to our newest flight attendants! {@} {tag}",
        "Behind the scenes at the {city} ops center tonight. These folks never stop");
    put(AIR, K.EXEMP,
        "Last week was my last day at {brand}. Grateful for the crew, not for the schedules.",
        "Funny how {brand} found money for ads but not for crew raises. Glad I left.");
    put(AIR, K.NOISE,
        "the aurora last night was unreal {emoji}",
        "Aurora is such a pretty name for a baby girl",
        "aurora forecast says kp 6 tonight, heading north after work",
        "finally got my Nimbus 2000 replica lol",
        "zephyr of a breeze on the porch this morning, fall is here");
    put(AIR, K.SUP_NEG,
        "Late Flight|We apologize for the delay on {flight}, {first}. It's due to a late inbound aircraft. We'll keep you posted. {sig}",
        "Late Flight|Sorry for the wait, {first}. Current departure estimate for {flight} is {time}. {sig}",
        "Cancelled Flight|We're so sorry your flight was cancelled, {first}. Please DM your confirmation code and we'll look at earlier options. {sig}",
        "Lost Luggage|So sorry about your bag, {first}! Please file a report at {url} and DM us the file reference. {sig}",
        "Lost Luggage|We're tracking your bag now, {first}. DM us your file reference and a good phone number. {sig}",
        "Customer Service Issue|Sorry about the wait, {first}. Please DM us your case number and we'll escalate it. {sig}",
        "Bad Flight|That's not the experience we want for you, {first}. We've shared this with our inflight team. {sig}",
        "Flight Booking Problems|Sorry about the trouble, {first}. Try updating the app; if it persists, DM us your booking code. {sig}",
        "Hi {first}, we're sorry to hear about this. Please DM us your confirmation number so we can take a closer look. {sig}",
        "We're sorry for the frustration, {first}. Can you DM us your booking details? We'd like to help. {sig}");
    put(AIR, K.SUP_Q,
        "pets|Hi {first}! Small cats and dogs are welcome in cabin in an approved carrier. More info: {url} {sig}",
        "baggage|Hi {first}, carry-ons can be up to 22 x 14 x 9 in. Details: {url} {sig}",
        "change|Hi {first}! You can change most fares in the app under My Trips. {sig}",
        "miles|Hi {first}, miles don't expire as long as you have activity every 24 months. {sig}",
        "wifi|Hi {first}, yes! Wifi is available on that route. {sig}",
        "Hi {first}, great question! You'll find everything here: {url} {sig}",
        "Happy to help, {first}! Please DM us the details. {sig}");
    put(AIR, K.SUP_POS,
        "Thanks for flying with us, {first}! We'll pass your kind words on to the crew. 💙",
        "Love to hear it, {first}! See you on board again soon ✈️",
        "This made our day, {first}. Thank you! {sig}");
    put(AIR, K.SUP_SPIKE,
        "We're sorry, {first}. Our app and website check-in are currently down. Our team is working on a fix. Please check in at the airport. {sig}",
        "{first}, we're aware of the check-in outage and are working to restore it ASAP. If you miss your flight because of it, we'll rebook you at no cost. {sig}",
        "Sorry for the trouble, {first}. Check-in is down across our app and site right now. Updates here: {url} {sig}");
    put(AIR, K.COMMISERATE,
        "Lost Luggage|they lost my bag in {city} last year, took 9 days to get it back",
        "Late Flight|same here, {flight} also delayed. Nobody knows anything",
        "Flight Booking Problems|same, the app won't even load for me {emoji}",
        "Flight Booking Problems|stuck in the same line at {city}. check-in has been down all morning",
        "this is why I stopped flying {brand}");
    put(AIR, K.DEFEND,
        "honestly they've been great to me, weather delays aren't their fault",
        "to be fair the storm grounded half the flights at {city} today",
        "Lost Luggage|they found my bag within a day last time, hang in there");
    put(AIR, K.ANSWER,
        "pets|yes! I flew with my cat in cabin last month, just add the pet fee when you book",
        "pets|they do, the carrier has to fit under the seat though",
        "baggage|22x14x9 for carry-on, they measured mine at the gate lol",
        "baggage|a backpack counts as a personal item if it fits under the seat",
        "change|you can do it in the app, took me 2 minutes",
        "miles|they expire after 24 months with no activity I think",
        "wifi|there was wifi on my flight last week, pretty slow though",
        "tips|premium economy is worth it on anything over 4 hours",
        "tips|{brand} every time. {rival} nickel and dimes you");
    put(AIR, K.CHEER, "agreed, best crew in the sky {emoji}", "have a great trip!");
    put(AIR, K.PROMO_REPLY,
        "Customer Service Issue|still waiting on my refund from {month} but ok",
        "Bad Flight|how about you fix the wifi first",
        "+|booked! see you in {city2} {emoji}",
        "any deals from {city}?");
    put(AIR, K.EXTRA_NEG,
        "I've been a loyal customer for {n} years and this is how you treat people?",
        "Seriously considering switching to {rival}.",
        "Nobody at the counter could tell us anything and the app just says delayed.",
        "I have a meeting in {city2} tomorrow morning that I'm now going to miss.");
    put(AIR, K.EXTRA_POS, "Will definitely fly with them again.", "Keep it up!");
    put(AIR, K.TITLE_NEG,
        "{brand} cancelled my flight and won't refund, what are my options?",
        "Lost luggage with {brand}, day {n}. Anyone had luck getting compensation?",
        "Worst experience with {brand} customer service",
        "{brand} delays are getting ridiculous");
    put(AIR, K.TITLE_Q,
        "Pets in cabin on {brand}?",
        "{brand} vs {rival} for a {n}-hour flight?",
        "How strict is {brand} about carry-on size?",
        "Do {brand} miles expire?");
    put(AIR, K.TITLE_POS,
        "{brand} actually surprised me today",
        "Props to the {brand} crew on my flight from {city}");
    put(AIR, K.TITLE_NEU,
        "Trip report: {brand} {city} to {city2}",
        "{brand} adding new routes from {city}");
    put(AIR, K.TITLE_SPIKE,
        "Is {brand}'s app down for everyone?",
        "{brand} check-in outage, anyone else stuck at the airport?");

    // --- English electronics conversation ----------------------------------------------------
    put(TECH_EN, K.NEG,
        "Battery|my {prod} battery is dead by 2pm every day {@}",
        "Device Defect|{@} screen on my {prod} started flickering after 3 months {emoji}",
        "Customer Service Issue|{brand} support told me to wait 2 weeks for a repair. 2 weeks without a phone??",
        "Overheating|{prod} gets so hot while charging I can't hold it {@}",
        "Delivery Problem|{@} ordered a {prod} 10 days ago, tracking hasn't moved");
    put(TECH_EN, K.UPDATE,
        "Software Update|{@} the new update broke bluetooth on my {prod}",
        "Battery|since the last update my {prod} loses 30% overnight {@} {emoji}");
    put(TECH_EN, K.NEU,
        "thinking about getting the {prod}. anyone using it?",
        "{brand} event is next week, hoping for a new {prod}");
    put(TECH_EN, K.Q,
        "update|{@} when is the next update coming for the {prod}?",
        "compare|{prod} or {rivalProd}? need a phone for photos mostly",
        "repair|{@} is screen repair covered under warranty?");
    put(TECH_EN, K.POS,
        "the camera on the {prod} is insane {emoji}",
        "{prod} battery lasts me 2 days. switched from {rivalProd} and not going back",
        "{brand} replaced my cracked screen in 30 minutes. impressed");
    put(TECH_EN, K.SUP_NEG,
        "Hi {first}, sorry about the trouble with your device. Please DM us your model and purchase date and we'll help.",
        "Battery|Hi {first}, please try Settings > Battery > Optimize. If it continues, DM us and we'll book a check.");
    put(TECH_EN, K.SUP_Q,
        "update|Hi {first}! The next update rolls out at the end of this month.",
        "repair|Hi {first}, defects within the warranty period are repaired free of charge: {url}",
        "Hi {first}, you'll find the details here: {url}");
    put(TECH_EN, K.SUP_POS, "Thank you {first}! Enjoy your new phone 😊");
    put(TECH_EN, K.DEFEND, "mine's been fine for a year, maybe try a factory reset?");
    put(TECH_EN, K.ANSWER,
        "compare|{prod} for photos, no contest",
        "repair|it was free for me within the first year, bring the receipt",
        "update|they said end of the month on their site");
    put(TECH_EN, K.PROMO_REPLY,
        "Software Update|fix the battery drain first",
        "+|preordered! {emoji}",
        "is this coming to the US?");
    put(TECH_EN, K.TITLE_NEG, "{prod} battery drain, anyone else?", "{brand} warranty repair took 3 weeks");
    put(TECH_EN, K.TITLE_Q, "{prod} vs {rivalProd}?", "Is the {prod} worth it in 2026?");
    put(TECH_EN, K.TITLE_POS, "{prod} one month review: pleasantly surprised");
    put(TECH_EN, K.TITLE_NEU, "{brand} event rumors thread");

    // --- Korean electronics conversation (plus a few Korean-English mixes) ----------------------
    put(TECH_KO, K.NEG,
        "Device Defect|{prod:이/가} 또 꺼졌어요 {emoji}",
        "Battery|{prod} 배터리가 너무 빨리 닳아요 {emoji}",
        "Device Defect|{prod} 화면에 줄이 생겼어요. 산 지 3개월 됐는데 {emoji}",
        "Overheating|{prod} 충전할 때 너무 뜨거워요 ㅠㅠ",
        "Delivery Problem|배송이 일주일째 안 와요 {@} 확인 부탁드립니다",
        "Customer Service Issue|{brand} AS 센터 예약이 2주 뒤라니... 너무하네요",
        "Customer Service Issue|{brand} 고객센터 전화 연결이 {min}분째 안 돼요 {emoji}",
        "Customer Service Issue|{@} 환불 언제 되나요? 연락처 남깁니다 {phone}",
        "Can't Tell|{brand:은/는} 광고만 잘하고 품질은 별로",
        "Price|{prod} 가격 또 올랐네요. {rival:으로/로} 갈아탈까",
        "Battery|{prod} battery 진짜 최악... 하루도 못 버팀",
        "Device Defect|{@} {prod:을/를} 산 지 한 달 만에 카메라가 안 켜져요");
    put(TECH_KO, K.UPDATE,
        "Software Update|{@} 업데이트하고 나서 {prod:이/가} 계속 재부팅돼요. 해결 방법 있나요?",
        "Battery|{prod} 업데이트 후 배터리가 반나절도 안 가요 {emoji}",
        "Battery|업데이트하고 배터리 광탈... {@} 롤백 방법 좀 알려주세요 #배터리광탈",
        "Software Update|{@} 이번 업데이트 배터리 문제 언제 고쳐주나요?",
        "Battery|update 이후로 {prod} battery drain 심각함 {emoji}",
        "Software Update|이번 업데이트 이후 {prod} 카메라가 느려졌어요 {@}");
    put(TECH_KO, K.NEU,
        "{brand} 신제품 발표 내일이래요",
        "{prod} 케이스 뭐 쓰세요?",
        "{prod} 사전예약 시작했네요 {url}",
        "{brand} 매장 가서 {prod} 만져보고 왔어요",
        "오늘 {prod} unboxing 했어요! so far so good {emoji}");
    put(TECH_KO, K.Q,
        "compare|{prod:과/와} {rivalProd} 중에 뭐가 나을까요?",
        "update|{@} {prod} 업데이트 언제 나오나요?",
        "repair|{@} 액정 수리 보증 기간 안에 무상인가요?",
        "case|{prod} 케이스 어디서 사요?",
        "compare|{prod} vs {rivalProd} 실사용 후기 있나요?");
    put(TECH_KO, K.POS,
        "{brand:은/는} 서비스가 최고",
        "{prod} 카메라 진짜 잘 나와요 {emoji}",
        "{prod:으로/로} 바꾸고 배터리 걱정 없어졌어요",
        "{brand} 서비스센터 직원분 너무 친절하셨어요 감사합니다",
        "{prod} 디자인 너무 예쁘다 ㅎㅎ {tag}",
        "{prodEn} 카메라 is insane ㅋㅋ",
        "{rival}에서 {brand:으로/로} 넘어왔는데 만족합니다 {emoji}");
    put(TECH_KO, K.PROMO,
        "{prod} 가을 프로모션! 지금 구매하시면 무선 이어폰 증정 {url} {tag}",
        "{prod} 새 소프트웨어 업데이트가 배포되었습니다. 배터리 효율이 개선되었어요 {url}",
        "{brand} 신제품 언팩 D-3 {tag}");
    put(TECH_KO, K.EMP,
        "우리 팀이 만든 {prod} 드디어 출시! {tag}",
        "{prod} 배터리 개선 작업 중입니다. 조금만 기다려 주세요 🙏",
        "오늘 {brand} 사내 해커톤 {emoji}");
    put(TECH_KO, K.NOISE,
        "오늘 한빛초 운동회 날씨 최고 {emoji}",
        "한빛 도서관 공부하러 왔어요",
        "새별 보러 천문대 왔어요 {emoji}");
    put(TECH_KO, K.SUP_NEG,
        "안녕하세요, {brand}입니다. 불편을 드려 죄송합니다. DM으로 모델명과 구매일자를 알려주시면 빠르게 확인해 드리겠습니다.",
        "Battery|고객님, 배터리 관련 불편을 드려 죄송합니다. 설정 > 배터리 > 최적화를 먼저 시도해 보시고, 계속되면 DM 부탁드립니다.",
        "Software Update|고객님, 업데이트 관련 문제를 확인 중입니다. 빠른 시일 내 개선 업데이트를 배포하겠습니다.",
        "Customer Service Issue|불편을 드려 정말 죄송합니다. DM으로 접수번호를 알려주시면 바로 확인하겠습니다.",
        "Delivery Problem|고객님, 배송 지연으로 불편을 드려 죄송합니다. DM으로 주문번호 부탁드립니다.");
    put(TECH_KO, K.SUP_Q,
        "update|안녕하세요 고객님! 다음 업데이트는 이달 말 배포 예정입니다 😊",
        "repair|고객님, 보증 기간 내 자연 고장은 무상 수리됩니다. 자세한 내용: {url}",
        "가까운 서비스센터 예약은 {url} 에서 가능합니다.");
    put(TECH_KO, K.SUP_POS,
        "소중한 의견 감사합니다! 더 좋은 제품으로 보답하겠습니다 😊",
        "좋게 봐주셔서 감사합니다 고객님 💙");
    put(TECH_KO, K.COMMISERATE,
        "저도요 ㅠㅠ 업데이트 이후로 똑같아요",
        "저도 같은 증상이에요. 서비스센터 가봐야 하나",
        "Battery|배터리 진짜 심각하죠... 저만 그런 게 아니었네",
        "이거 리콜해야 하는 거 아닌가요");
    put(TECH_KO, K.DEFEND,
        "저는 2년째 잘 쓰고 있는데... 교환 받아보세요",
        "초기화 한번 해보세요 저는 그걸로 해결됐어요",
        "{brand} 서비스센터 가면 바로 해결해 줘요");
    put(TECH_KO, K.ANSWER,
        "case|케이스는 공식몰에서 사는 게 제일 나아요",
        "compare|카메라는 {prod:이/가} 낫고 배터리는 비슷해요",
        "repair|1년 안이면 무상이에요. 영수증 챙겨가세요",
        "update|다음 주쯤 나온다는 얘기 있어요",
        "서비스센터 가보시는 게 제일 빨라요");
    put(TECH_KO, K.CHEER, "인정합니다 ㅋㅋ", "저도 만족해요 {emoji}", "완전 공감이요");
    put(TECH_KO, K.THANKS, "DM 보냈습니다 감사합니다", "답변 감사합니다!", "해결됐어요 감사합니다 🙏");
    put(TECH_KO, K.STILL_BAD, "DM 보낸 지 {n}일째 답이 없네요", "매번 같은 답변만 하시네요");
    put(TECH_KO, K.QUOTE, "이거 완전 제 얘기", "ㅋㅋㅋ 공감", "요즘 {brand} 왜 이래요");
    put(TECH_KO, K.PROMO_REPLY,
        "Customer Service Issue|할인보다 AS부터 신경 써 주세요",
        "Software Update|업데이트부터 고쳐주세요",
        "+|사전예약 했어요! {emoji}",
        "쿠폰은 언제 주나요?");
    put(TECH_KO, K.CONTACT, "연락처 {phone} 입니다", "메일 주세요 {email}");
    put(TECH_KO, K.EXTRA_NEG,
        "진짜 실망이에요.",
        "{rival:으로/로} 갈아탈까 고민 중입니다.",
        "산 지 얼마 안 됐는데 이러면 곤란하죠.");
    put(TECH_KO, K.EXTRA_POS, "강추합니다!", "다음에도 {brand} 살게요.");
    put(TECH_KO, K.EXTRA_NEU, "정보 공유 부탁드려요.");
    put(TECH_KO, K.TITLE_NEG, "{prod} 배터리 문제 저만 그런가요?", "{brand} AS 후기 (별로였음)");
    put(TECH_KO, K.TITLE_Q, "{prod} vs {rivalProd} 고민중");
    put(TECH_KO, K.TITLE_POS, "{prod} 한 달 사용 후기");
    put(TECH_KO, K.TITLE_NEU, "{brand} 신제품 루머 정리");

    // --- English, any brand --------------------------------------------------------------------
    put(GEN_EN, K.COMMISERATE,
        "same thing happened to me last month. Ridiculous",
        "ugh, you're not alone. their customer service has been awful lately",
        "{emoji} sorry, that's the worst");
    put(GEN_EN, K.DEFEND,
        "I've had nothing but good experiences with {brand} tbh",
        "give them a chance to fix it, their support usually comes through");
    put(GEN_EN, K.ANSWER, "check their website, it's in the FAQ", "DM them, they usually answer within an hour");
    put(GEN_EN, K.CHEER, "love this {emoji}", "same! they've been great lately");
    put(GEN_EN, K.THANKS, "DM sent, thanks", "thanks, that actually helped", "appreciate the quick reply",
        "ok done. thank you!");
    put(GEN_EN, K.STILL_BAD, "it's been 3 days and still nothing", "I DMed you {hours} hours ago. No answer.",
        "copy-paste replies don't fix anything");
    put(GEN_EN, K.QUOTE, "This is exactly what happened to me {emoji}", "lol {brand} never learns", "can confirm",
        "this 👇");
    put(GEN_EN, K.CONTACT, "You can reach me at {email}", "Call me back: {phone}",
        "my number is {phone} if someone can call");
    put(GEN_EN, K.EXTRA_NEG, "Seriously disappointed.", "Fix it.");
    put(GEN_EN, K.EXTRA_POS, "10/10 would recommend.");
    put(GEN_EN, K.EXTRA_NEU, "Any tips welcome.");

    // English domains also draw on the generic pool; labelled subsets serve topic-matched replies.
    for (int dom : new int[] {AIR, TECH_EN}) {
      for (K k : K.values()) {
        Template[] gen = LEX[GEN_EN][k.ordinal()];
        if (gen != null) LEX[dom][k.ordinal()] = LEX[dom][k.ordinal()] == null ? gen : concat(LEX[dom][k.ordinal()], gen);
      }
    }
    for (int dom = 0; dom < 4; dom++) {
      Map<String, Template[]> byLabel = new HashMap<>();
      for (K k : K.values()) {
        Template[] all = LEX[dom][k.ordinal()];
        if (all == null) continue;
        Map<String, List<Template>> groups = new LinkedHashMap<>();
        List<Template> plain = new ArrayList<>();
        for (Template t : all) {
          if (t.label() == null) plain.add(t);
          else groups.computeIfAbsent(t.label(), x -> new ArrayList<>()).add(t);
        }
        groups.forEach((label, ts) -> byLabel.put(k.name() + '|' + label, ts.toArray(new Template[0])));
        UNLABELLED[dom][k.ordinal()] = plain.isEmpty() ? all : plain.toArray(new Template[0]);
      }
      LABELLED.add(byLabel);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Vocabulary for slots and personas.

  private static final String[] CITIES = {"JFK", "LAX", "ORD", "SEA", "DEN", "BOS", "SFO", "ATL", "Miami", "Chicago",
      "Newark", "Dallas", "Phoenix", "Vegas", "Orlando", "Toronto", "Seattle", "Austin", "Portland", "Nashville"};
  private static final String[] MONTHS_BEFORE = {"last month", "July", "August", "June"};
  private static final String[] EMOJI_NEG = {"😡", "😤", "🙄", "😩", "😭", "🤬", "💀", "🤦‍♀️"};
  private static final String[] EMOJI_POS = {"😍", "🙌", "✈️", "💙", "👏", "😊", "🥰", "🎉"};
  private static final String[] EMOJI_NEU = {"🤔", "👀", "🙏", "😅"};
  private static final String[] EMOJI_NEG_KO = {"ㅠㅠ", "😭", "😡", "🤬", "하...", "ㅡㅡ"};
  private static final String[] EMOJI_POS_KO = {"ㅋㅋ", "😍", "👍", "💙", "ㅎㅎ", "🥰"};
  private static final String[] TAGS_AIR_NEG = {"#fail", "#delayed", "#lostluggage", "#customerservice", "#neveragain"};
  private static final String[] TAGS_AIR_POS = {"#travel", "#avgeek", "#happytraveler"};
  private static final String[] TAGS_TECH_NEG = {"#fail", "#battery"};
  private static final String[] TAGS_TECH_POS = {"#tech", "#photography"};
  private static final String[] TAGS_KO_NEG = {"#배터리광탈", "#서비스최악", "#업데이트오류"};
  private static final String[] TAGS_KO_POS = {"#내돈내산", "#추천", "#만족"};

  private static final String[] EN_FIRST = {"jess", "mike", "sarah", "chris", "emily", "dan", "megan", "josh", "ashley",
      "matt", "kate", "ryan", "lauren", "tyler", "nicole", "kevin", "amanda", "brian", "rachel", "jason", "olivia",
      "ethan", "sophia", "noah", "ava", "liam", "mia", "lucas", "chloe", "owen", "grace", "jack", "zoe", "nate", "lily",
      "sam", "hannah", "alex", "maya", "ben", "ella", "luke", "nora", "adam", "ruby", "eli", "claire", "jake", "tess",
      "marcus", "priya", "diego", "aisha", "kenji", "fatima", "carlos", "leah", "omar", "sofia", "andre"};
  private static final String[] EN_LAST = {"moreno", "smith", "johnson", "lee", "garcia", "brown", "davis", "miller",
      "wilson", "taylor", "clark", "lewis", "walker", "hall", "young", "king", "wright", "lopez", "hill", "scott",
      "green", "adams", "baker", "nelson", "carter", "perez", "turner", "parker", "evans", "collins", "stewart",
      "sanchez", "morris", "reed", "patel", "nguyen", "kim", "chen", "okafor", "silva"};
  private static final String[] EN_SUFFIX = {"travels", "nyc", "atl", "runs", "eats", "writes", "codes", "fit", "photo",
      "flies", "la", "chi", "reads", "mom", "dad", "bakes"};
  private static final String[][] KO_GIVEN = {{"minji", "민지"}, {"jiwoo", "지우"}, {"seojun", "서준"},
      {"hyejin", "혜진"}, {"jisoo", "지수"}, {"yuna", "유나"}, {"doyoon", "도윤"}, {"eunji", "은지"}, {"sooah", "수아"},
      {"haeun", "하은"}, {"minho", "민호"}, {"jihoon", "지훈"}, {"taeyang", "태양"}, {"subin", "수빈"}, {"yerin", "예린"},
      {"junho", "준호"}, {"dahye", "다혜"}, {"seoyeon", "서연"}, {"hyunwoo", "현우"}, {"jimin", "지민"}, {"sujin", "수진"},
      {"dongha", "동하"}, {"chaewon", "채원"}, {"siwoo", "시우"}, {"nayeon", "나연"}, {"gunwoo", "건우"},
      {"soyoung", "소영"}, {"jaehyun", "재현"}};
  private static final String[][] KO_FAMILY = {{"kim", "김"}, {"lee", "이"}, {"park", "박"}, {"choi", "최"},
      {"jung", "정"}, {"kang", "강"}, {"cho", "조"}, {"yoon", "윤"}, {"jang", "장"}, {"lim", "임"}, {"han", "한"},
      {"shin", "신"}, {"oh", "오"}, {"seo", "서"}, {"kwon", "권"}, {"hwang", "황"}, {"song", "송"}, {"jeon", "전"},
      {"moon", "문"}, {"bae", "배"}};
  private static final String[][] EN_PLACES = {{"Brooklyn, NY", "Eastern Time (US & Canada)"},
      {"New York, NY", "Eastern Time (US & Canada)"}, {"Boston, MA", "Eastern Time (US & Canada)"},
      {"Atlanta, GA", "Eastern Time (US & Canada)"}, {"Miami, FL", "Eastern Time (US & Canada)"},
      {"Chicago, IL", "Central Time (US & Canada)"}, {"Austin, TX", "Central Time (US & Canada)"},
      {"Nashville", "Central Time (US & Canada)"}, {"Denver, CO", "Mountain Time (US & Canada)"},
      {"Phoenix, AZ", "Arizona"}, {"Los Angeles, CA", "Pacific Time (US & Canada)"},
      {"San Francisco", "Pacific Time (US & Canada)"}, {"Seattle, WA", "Pacific Time (US & Canada)"},
      {"Toronto", "Eastern Time (US & Canada)"}, {"London", "London"}, {"NYC ✈️ LAX", ""},
      {"somewhere over the rainbow", ""}, {"", ""}, {"", "Eastern Time (US & Canada)"}, {"", ""}};
  private static final String[] KO_PLACES = {"서울", "Seoul", "서울 강남구", "서울 마포구", "부산", "Busan, Korea", "인천",
      "대구", "대한민국", "", "", "판교"};

  private record Place(String id, String name, String fullName, String countryCode, String country, double lat,
                       double lon) {}

  private static final Place[] PLACES_EN = {
      new Place("01a9a39529b27f36", "Manhattan", "Manhattan, NY", "US", "United States", 40.7831, -73.9712),
      new Place("1d9a5370a355ab0c", "Chicago", "Chicago, IL", "US", "United States", 41.8781, -87.6298),
      new Place("3b77caf94bfc81fe", "Los Angeles", "Los Angeles, CA", "US", "United States", 34.0522, -118.2437),
      new Place("b49b3053b5c25bf5", "Denver", "Denver, CO", "US", "United States", 39.7392, -104.9903),
      new Place("300bcc6e23a88361", "Seattle", "Seattle, WA", "US", "United States", 47.6062, -122.3321),
      new Place("a3d770a00f15bcb1", "Atlanta", "Atlanta, GA", "US", "United States", 33.7490, -84.3880)};
  private static final Place[] PLACES_KO = {
      new Place("0080a6fe1c0fba23", "Seoul", "Seoul, Republic of Korea", "KR", "Republic of Korea", 37.5665, 126.9780),
      new Place("2b6ff8c22edd9576", "Busan", "Busan, Republic of Korea", "KR", "Republic of Korea", 35.1796, 129.0756)};

  // ---------------------------------------------------------------------------------------------
  // Shapes of volume over time.

  /** Relative volume by local hour of day. */
  private static final double[] HOURLY_EN = {0.30, 0.18, 0.11, 0.08, 0.08, 0.14, 0.32, 0.55, 0.75, 0.88, 0.95, 1.0,
      1.05, 1.0, 0.97, 0.97, 1.0, 1.05, 1.10, 1.12, 1.08, 0.95, 0.72, 0.48};
  private static final double[] HOURLY_KO = {0.55, 0.35, 0.20, 0.12, 0.08, 0.08, 0.15, 0.35, 0.60, 0.70, 0.75, 0.85,
      1.0, 0.90, 0.85, 0.85, 0.90, 0.95, 1.0, 1.10, 1.20, 1.25, 1.15, 0.85};
  /** Relative volume by local day of week, Monday first: travel peaks Friday and Sunday. */
  private static final double[] DAILY_EN = {1.0, 1.02, 1.0, 1.03, 1.10, 0.86, 0.97};
  private static final double[] DAILY_KO = {1.0, 1.0, 1.0, 1.02, 1.05, 0.90, 0.93};
  /** Shape of the complaint spike over its six hours; averages 1, scaled to 7x extra (so ~8x normal). */
  private static final double[] SPIKE_RAMP = {0.6, 1.3, 1.45, 1.25, 0.85, 0.55};

  private static final ZoneId US_EAST = ZoneId.of("America/New_York");
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final ZoneId US_PACIFIC = ZoneId.of("America/Los_Angeles");

  private static final long TWEPOCH = 1288834974657L;
  private static final long MINUTE = 60_000L, HOUR = 3_600_000L, DAY = 86_400_000L;
  private static final int V1 = 0, V2 = 1, REDDIT = 2, CSV = 3;
  private static final int CUSTOMER = 0, OFFICIAL = 1, EMPLOYEE = 2;
  private static final int REF_NONE = 0, REF_RT = 1, REF_QUOTE = 2;
  private static final int PART_SIZE = 100_000;
  private static final String CSV_HEADER = "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,"
      + "negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,"
      + "tweet_coord,tweet_created,tweet_location,user_timezone";

  private static final DateTimeFormatter V1_DAY = DateTimeFormatter.ofPattern("EEE MMM dd ", Locale.ENGLISH);
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);
  private static final DateTimeFormatter TWARC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT);

  // ---------------------------------------------------------------------------------------------
  // Model.

  private static final class Persona {
    long id;
    String idStr, handle, name, first, location = "", tz = "", v2Created;
    /** The v1.1 "user" object, serialized once: every tweet by this author repeats it. */
    SerializedString v1User;
    boolean ko, verified;
    int followers, following, statuses, listed, kind = CUSTOMER;
    Kit employer;
    LocalDate employedFrom, employedTo;

    boolean employedOn(LocalDate d) {
      return !d.isBefore(employedFrom) && (employedTo == null || !d.isAfter(employedTo));
    }
  }

  private static final class Post {
    long id, ms, replyToId;
    String idStr, text, title, topic, url, urlExpanded, rid, subreddit;
    int format, mood, refType, flight = -1, city = -1, city2 = -1;
    int retweets, likes, replies, quotes, score, thread;
    boolean ko, mentioned, deleted, removed, geo;
    double lat, lon;
    Persona author, replyToUser;
    Kit kit;
    Post parent, root, ref, lastComment;
    Place place;
    /** The platform a thread moved to (OtherPlatforms), and this post as written there. */
    int platform;
    OtherPlatforms.Post moved;
  }

  private record Pending(long due, long seq, Post parent, K kind, Persona author) {}

  private record RosterRow(Staff staff, String role, LocalDate from, LocalDate to) {}

  // ---------------------------------------------------------------------------------------------

  private static final class Generator {
    private static final int LANE_EN = 0, LANE_KO = 1, LANE_SPIKE = 2;
    private static final int RING = 256;

    private final Options o;
    private final Path out;
    private final boolean bench;
    private final SplittableRandom rng;
    /** Which threads move to other platforms: its own stream, so the posts stay what they were for a seed. */
    private final SplittableRandom platformRng;
    private final OtherPlatforms others;
    private final long startMs;
    private final int hours;
    /** v1.1 payloads escape every non-ASCII character, as Twitter's did; each line's newline is written by hand. */
    private final JsonFactory v1Json = new JsonFactoryBuilder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .rootValueSeparator("").build();
    private final JsonFactory plainJson = new JsonFactoryBuilder().rootValueSeparator("").build();
    private final Map<String, Long> files = new LinkedHashMap<>();
    private final StringBuilder sb = new StringBuilder(512);
    /** Whether a slot in sb rendered empty, leaving spaces for finish() to close. */
    private boolean gap;

    private final Persona[] enCustomers, koCustomers;
    private final Persona[][] brandAccounts = new Persona[KITS.length][];
    private final List<Persona> staff = new ArrayList<>();
    private final List<RosterRow> roster = new ArrayList<>();
    private final Map<String, Persona> byHandle = new HashMap<>();

    private final PriorityQueue<Pending> enQueue = new PriorityQueue<>(Generator::byDue);
    private final PriorityQueue<Pending> koQueue = new PriorityQueue<>(Generator::byDue);
    private long pendingSeq;
    /** Recent conversation starters per [format][ko] that later posts retweet, quote or delete. */
    private final Post[][][] ring = new Post[2][2][RING];
    private final int[][] ringSize = new int[2][2];

    private final V1Sink v1 = new V1Sink();
    private final List<Post> v2Week = new ArrayList<>();
    private long v2WeekMonday = Long.MIN_VALUE;
    private final List<Post> submissions = new ArrayList<>(), comments = new ArrayList<>(), csvRows = new ArrayList<>();

    private long posts, idSeq, limitTrack, nextSubmission, nextComment;
    private LocalDate spikeDay;

    // Entity scan scratch: kind (0 hashtag, 1 mention, 2 url), char and code point offsets.
    private final int[] entKind = new int[48], entS = new int[48], entE = new int[48], entCs = new int[48], entCe = new int[48];
    private final Persona[] entWho = new Persona[48];

    private long cachedDay = Long.MIN_VALUE;
    private String cachedV1Day, cachedYear, cachedIsoDay;

    Generator(Path out, Options o) {
      this.o = o;
      this.out = out;
      this.bench = o.benchmarkMode();
      this.rng = new SplittableRandom(o.seed());
      this.platformRng = new SplittableRandom(o.seed() ^ 0x6F746865725F706CL);
      this.others = new OtherPlatforms(out, this::open);
      this.startMs = o.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      this.hours = o.weeks() * 168;
      this.nextSubmission = Long.parseLong("1fb2k00", 36) + rng.nextInt(5000);
      this.nextComment = Long.parseLong("lq3a000", 36) + rng.nextInt(50000);
      this.enCustomers = customers(1125, false);
      this.koCustomers = customers(375, true);
      brandPersonas();
      staffPersonas();
    }

    private static int byDue(Pending a, Pending b) {
      int c = Long.compare(a.due(), b.due());
      return c != 0 ? c : Long.compare(a.seq(), b.seq());
    }

    Summary run() throws IOException {
      try {
        long[] counts = allocate(weights(), o.posts());
        long[] keys = new long[16];
        for (int h = 0; h < hours; h++) {
          int en = (int) counts[3 * h], ko = (int) counts[3 * h + 1], sp = (int) counts[3 * h + 2];
          int n = en + ko + sp;
          if (keys.length < n) keys = new long[Math.max(n, keys.length * 2)];
          // Slot times are random within the hour; the lane rides in the low two bits.
          for (int i = 0; i < n; i++) {
            int lane = i < en ? LANE_EN : i < en + ko ? LANE_KO : LANE_SPIKE;
            keys[i] = (rng.nextLong(HOUR) << 2) | lane;
          }
          Arrays.sort(keys, 0, n);
          long hourStart = startMs + h * HOUR;
          // The stream API reports dropped deliveries now and then, mostly when volume surges.
          if (n > 0 && rng.nextDouble() < (sp > 0 ? 0.6 : 0.03)) v1.limit(hourStart + rng.nextLong(HOUR));
          for (int i = 0; i < n; i++) slot(hourStart + (keys[i] >>> 2), (int) (keys[i] & 3));
        }
        v1.close();
        long malformed = 0, labelled = 0;
        if (!bench) {
          flushV2Week();
          writeReddit();
          others.write();
          writeCsv();
          writeRoster();
          malformed = writeMalformed();
          // Last, so the posts and every other file stay what they were for a seed.
          labelled = writeLabelled();
        }
        return new Summary(posts, malformed, Collections.unmodifiableMap(files), KITS[AURORA].brand().name(), spikeDay,
            labelled);
      } finally {
        v1.close();
      }
    }

    // --- schedule ---------------------------------------------------------------------------

    /** Expected volume per hour and lane (English, Korean, spike), flattened as [3 * hour + lane]. */
    private double[] weights() {
      double[] w = new double[hours * 3];
      double[] weekly = new double[o.weeks()];
      for (int i = 0; i < weekly.length; i++) weekly[i] = 1 + 0.05 * i + (rng.nextDouble() - 0.5) * 0.1;
      double en = 0, ko = 0, spike = 0;
      for (int h = 0; h < hours; h++) {
        Instant at = Instant.ofEpochMilli(startMs + h * HOUR);
        ZonedDateTime us = at.atZone(US_EAST), kr = at.atZone(SEOUL);
        double f = weekly[h / 168];
        w[3 * h] = f * DAILY_EN[us.getDayOfWeek().getValue() - 1] * HOURLY_EN[us.getHour()] * (0.85 + 0.3 * rng.nextDouble());
        w[3 * h + 1] = f * DAILY_KO[kr.getDayOfWeek().getValue() - 1] * HOURLY_KO[kr.getHour()] * (0.85 + 0.3 * rng.nextDouble());
        en += w[3 * h];
        ko += w[3 * h + 1];
      }
      // The spike: a weekday in the fifth week (or the last week of a shorter archive), from ~9-11am US Eastern.
      int day = Math.min(Math.min(4, o.weeks() - 1) * 7 + 1 + rng.nextInt(3), o.weeks() * 7 - 1);
      spikeDay = o.start().plusDays(day);
      int spikeStartHour = day * 24 + 13 + rng.nextInt(3);
      for (int i = 0; i < SPIKE_RAMP.length; i++) {
        int h = spikeStartHour + i;
        if (h >= hours) break;
        int week = h / 168;
        double auroraNegative = (1 - 0.12) * airlineShares(week)[0] * KITS[AURORA].mood()[0];
        w[3 * h + 2] = 7 * SPIKE_RAMP[i] * w[3 * h] * auroraNegative;
        spike += w[3 * h + 2];
      }
      // Korean is a quarter of all posts.
      double scale = ko == 0 ? 0 : (en + spike) / 3 / ko;
      for (int h = 0; h < hours; h++) w[3 * h + 1] *= scale;
      return w;
    }

    /** Rounds cumulative expected volume so the counts add up to exactly {@code total}. */
    private static long[] allocate(double[] w, long total) {
      double sum = 0;
      for (double x : w) sum += x;
      long[] counts = new long[w.length];
      double cum = 0;
      long prev = 0;
      for (int i = 0; i < w.length; i++) {
        cum += w[i];
        long upto = i == w.length - 1 ? total : Math.round(cum / sum * total);
        counts[i] = upto - prev;
        prev = upto;
      }
      return counts;
    }

    /** Aurora loses a little share each week, mostly to Zephyr. */
    private static double[] airlineShares(int week) {
      double aurora = 0.47 - 0.008 * week, zephyr = 0.30 + 0.015 * week;
      return new double[] {aurora, zephyr, 1 - aurora - zephyr};
    }

    private int week(long ms) {
      return (int) Math.min(o.weeks() - 1, Math.max(0, (ms - startMs) / (168 * HOUR)));
    }

    // --- one slot, one post -------------------------------------------------------------------

    private void slot(long t, int lane) throws IOException {
      PriorityQueue<Pending> q = lane == LANE_KO ? koQueue : enQueue;
      Pending due = q.peek();
      if (lane != LANE_SPIKE && due != null && due.due() <= t) {
        q.poll();
        reply(due, t);
      } else {
        conversation(t, lane);
      }
    }

    private void conversation(long t, int lane) throws IOException {
      boolean ko = lane == LANE_KO;
      int fmt = bench ? V1 : format(ko);
      if (lane == LANE_SPIKE) {
        customerPost(t, fmt, false, KITS[AURORA], K.SPIKE);
        return;
      }
      // Twitter also carries brand promos, staff posts, keyword noise, retweets, quotes and replies to
      // posts outside the archive; each may decline (nothing to share yet), leaving a customer post.
      if (fmt == V1 || fmt == V2) {
        double u = rng.nextDouble();
        boolean done = u < 0.010 ? promo(t, fmt, ko)
            : u < 0.018 ? staffPost(t, fmt, ko)
            : u < 0.028 ? noise(t, fmt, ko)
            : u < 0.088 ? share(t, fmt, ko, REF_RT)
            : u < 0.100 ? share(t, fmt, ko, REF_QUOTE)
            : u < 0.115 && promoReply(t, fmt, ko);
        if (done) return;
      }
      int week = week(t);
      Kit kit = kit(ko, week);
      customerPost(t, fmt, ko, kit, moodKind(kit, week));
    }

    /** Root formats, tuned so that with threads the archive is ~55% v1, 20% v2, 15% Reddit, 10% CSV. */
    private int format(boolean ko) {
      double u = rng.nextDouble();
      if (ko) return u < 0.685 ? V1 : u < 0.885 ? V2 : u < 0.91 ? REDDIT : CSV;
      return u < 0.535 ? V1 : u < 0.735 ? V2 : u < 0.82 ? REDDIT : CSV;
    }

    private Kit kit(boolean ko, int week) {
      double u = rng.nextDouble();
      if (ko) return u < 0.64 - 0.01 * week ? KITS[3] : KITS[4];
      if (u < 0.12) return u < 0.085 ? KITS[3] : KITS[4];
      double[] s = airlineShares(week);
      double v = rng.nextDouble();
      return v < s[0] ? KITS[0] : v < s[0] + s[1] ? KITS[1] : KITS[2];
    }

    /** Hanbit's firmware update from week three onward makes battery/update complaints grow. */
    private K moodKind(Kit kit, int week) {
      double[] m = kit.mood();
      boolean updateSaga = kit.index() == HANBIT && week >= 2;
      double neg = updateSaga ? Math.min(0.5, m[0] + 0.05 * (week - 1)) : m[0];
      double u = rng.nextDouble() * (neg + m[1] + m[2] + m[3]);
      if (u < neg) return updateSaga && rng.nextDouble() < 0.45 ? K.UPDATE : K.NEG;
      if ((u -= neg) < m[1]) return K.NEU;
      if (u - m[1] < m[2]) return K.Q;
      return K.POS;
    }

    private void customerPost(long t, int fmt, boolean ko, Kit kit, K kind) throws IOException {
      Post p = post(t, fmt, ko, customer(ko, null), kit, kind.mood);
      int dom = domain(kit, ko);
      Template tpl = pick(LEX[dom][kind.ordinal()]);
      p.topic = tpl.label();
      sb.setLength(0);
      render(tpl, p);
      if (rng.nextDouble() < (fmt == REDDIT ? 0.5 : 0.12)) {
        K extra = p.mood < 0 ? K.EXTRA_NEG : p.mood > 0 ? K.EXTRA_POS : K.EXTRA_NEU;
        sb.append(rng.nextDouble() < 0.2 || fmt == REDDIT ? "\n\n" : " ");
        render(pick(LEX[dom][extra.ordinal()]), p);
      }
      if ((kind == K.NEG || kind == K.Q) && rng.nextDouble() < 0.03) {
        sb.append(' ');
        render(pick(LEX[dom][K.CONTACT.ordinal()]), p);
      }
      p.text = finish();
      if (fmt == REDDIT) {
        K title = switch (kind) {
          case NEG, UPDATE -> K.TITLE_NEG;
          case SPIKE -> K.TITLE_SPIKE;
          case Q -> K.TITLE_Q;
          case POS -> K.TITLE_POS;
          default -> K.TITLE_NEU;
        };
        sb.setLength(0);
        render(pick(LEX[dom][title.ordinal()]), p);
        p.title = finish();
        p.rid = Long.toString(nextSubmission += 1 + rng.nextInt(40), 36);
        p.subreddit = ko ? (rng.nextBoolean() ? "hanguk" : "korea") : kit.subreddits()[rng.nextInt(kit.subreddits().length)];
      }
      if (kind == K.SPIKE) {
        p.retweets *= 3;
        p.likes *= 2;
      }
      emit(p);
      plan(p, kind);
    }

    private boolean promo(long t, int fmt, boolean ko) throws IOException {
      Kit kit = ko ? KITS[3 + rng.nextInt(2)] : KITS[rng.nextInt(3)];
      Post p = post(t, fmt, ko, brandAccounts[kit.index()][0], kit, 1);
      sb.setLength(0);
      render(pick(LEX[domain(kit, ko)][K.PROMO.ordinal()]), p);
      p.text = finish();
      emit(p);
      remember(p);
      maybe(0.06, p, K.CHEER, null, 30);
      return true;
    }

    /** Employees post about their employer; the one who leaves mid-period turns critical afterwards. */
    private boolean staffPost(long t, int fmt, boolean ko) throws IOException {
      Persona e = staff.get(rng.nextInt(staff.size()));
      if (e.ko != ko) return false;
      LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, DAY));
      if (d.isBefore(e.employedFrom)) return false;
      K kind = e.employedOn(d) ? K.EMP : K.EXEMP;
      Template[] tpls = LEX[domain(e.employer, ko)][kind.ordinal()];
      if (tpls == null) return false;
      Post p = post(t, fmt, ko, e, e.employer, kind.mood);
      sb.setLength(0);
      render(pick(tpls), p);
      p.text = finish();
      emit(p);
      maybe(0.08, p, K.CHEER, null, 60);
      return true;
    }

    /** Keyword tracking also catches posts that merely contain a brand-like word. */
    private boolean noise(long t, int fmt, boolean ko) throws IOException {
      Post p = post(t, fmt, ko, customer(ko, null), null, 0);
      sb.setLength(0);
      render(pick(LEX[ko ? TECH_KO : AIR][K.NOISE.ordinal()]), p);
      p.text = finish();
      emit(p);
      return true;
    }

    /** A retweet or quote of a recent, preferably popular, post in the same format and language. */
    private boolean share(long t, int fmt, boolean ko, int refType) throws IOException {
      int n = ringSize[fmt][ko ? 1 : 0];
      if (n == 0) return false;
      Post orig = null;
      for (int i = 0; i < 3; i++) {
        Post c = ring[fmt][ko ? 1 : 0][rng.nextInt(Math.min(n, RING))];
        if (c.ms < t && !c.deleted && (orig == null || c.retweets > orig.retweets)) orig = c;
      }
      if (orig == null) return false;
      Post p = post(t, fmt, ko, customer(ko, orig.author), orig.kit, orig.mood);
      p.ref = orig;
      p.refType = refType;
      p.topic = orig.topic;
      if (refType == REF_RT) {
        p.text = "RT @" + orig.author.handle + ": " + orig.text;
        p.retweets = orig.retweets;
        p.likes = 0;
      } else {
        sb.setLength(0);
        render(pick(LEX[domain(orig.kit, ko)][K.QUOTE.ordinal()]), p);
        p.url = tco();
        p.urlExpanded = "https://twitter.com/" + orig.author.handle + "/status/" + orig.idStr;
        sb.append(' ').append(p.url);
        p.text = finish();
        orig.quotes++;
      }
      emit(p);
      return true;
    }

    /** A reply to a brand post that is not in the archive (the collector only tracked mentions). */
    private boolean promoReply(long t, int fmt, boolean ko) throws IOException {
      Kit kit = kit(ko, week(t));
      Persona brand = brandAccounts[kit.index()][0];
      Post p = post(t, fmt, ko, customer(ko, null), kit, 0);
      p.replyToId = snowflake(t - MINUTE * (30 + rng.nextInt(48 * 60)));
      p.replyToUser = brand;
      Template tpl = pick(LEX[domain(kit, ko)][K.PROMO_REPLY.ordinal()]);
      p.mood = tpl.label() == null ? 0 : tpl.label().equals("+") ? 1 : -1;
      p.topic = p.mood < 0 ? tpl.label() : null;
      sb.setLength(0);
      sb.append('@').append(brand.handle).append(' ');
      render(tpl, p);
      p.text = finish();
      emit(p);
      return true;
    }

    // --- threads ------------------------------------------------------------------------------

    /** Queues the replies a new conversation will draw: brand care, other customers, staff. */
    private void plan(Post p, K kind) {
      if (p.format == CSV) return;
      Kit kit = p.kit;
      Persona care = brandAccounts[kit.index()][brandAccounts[kit.index()].length - 1];
      double careMin = kit.careMedianMin();
      if (p.format == REDDIT) {
        int n = 1;
        while (n < 12 && rng.nextDouble() < (p.mood < 0 || kind == K.Q ? 0.62 : 0.45)) n++;
        for (int i = 0; i < n; i++) {
          double u = rng.nextDouble();
          K k = switch (kind) {
            case Q -> u < 0.7 ? K.ANSWER : u < 0.85 ? K.COMMISERATE : K.DEFEND;
            case POS, NEU -> u < 0.6 ? K.CHEER : u < 0.8 ? K.DEFEND : K.COMMISERATE;
            default -> u < 0.5 ? K.COMMISERATE : u < 0.8 ? K.DEFEND : K.ANSWER;
          };
          queue(p, k, null, lognormalMs(180, 1.2));
        }
        if (kit.index() == AURORA && p.mood < 0) maybe(0.15, p, K.SUP_NEG, care, 240);
        return;
      }
      double careRate = kit.careRate() * (p.mentioned ? 1 : 0.35);
      switch (kind) {
        case NEG, UPDATE -> {
          maybe(careRate, p, K.SUP_NEG, care, careMin);
          maybe(0.18, p, K.COMMISERATE, null, 25);
          maybe(0.09, p, K.DEFEND, null, 40);
        }
        case SPIKE -> {
          // Care is swamped: fewer and slower answers, all of them the same canned line.
          maybe(0.5, p, K.SUP_SPIKE, care, 110);
          maybe(0.25, p, K.COMMISERATE, null, 15);
        }
        case Q -> {
          maybe(careRate, p, K.SUP_Q, care, careMin);
          maybe(0.40, p, K.ANSWER, null, 20);
          maybe(0.10, p, K.ANSWER, null, 60);
        }
        case POS -> {
          maybe(careRate * 0.4, p, K.SUP_POS, care, careMin * 2);
          maybe(0.08, p, K.CHEER, null, 30);
        }
        default -> maybe(0.06, p, K.CHEER, null, 45);
      }
    }

    private void maybe(double probability, Post parent, K kind, Persona author, double medianMin) {
      if (rng.nextDouble() < probability) queue(parent, kind, author, lognormalMs(medianMin, 1.1));
    }

    private void queue(Post parent, K kind, Persona author, long delayMs) {
      Pending pd = new Pending(parent.ms + Math.max(MINUTE, delayMs), pendingSeq++, parent, kind, author);
      (parent.ko ? koQueue : enQueue).add(pd);
    }

    private long lognormalMs(double medianMin, double sigma) {
      return (long) (medianMin * MINUTE * Math.exp(sigma * rng.nextGaussian()));
    }

    private void reply(Pending pd, long t) throws IOException {
      Post parent = pd.parent();
      Post root = parent.root;
      K kind = pd.kind();
      // Reddit discussions branch: some comments answer the latest comment rather than the post.
      if (parent.format == REDDIT && root.lastComment != null && kind != K.SUP_NEG && rng.nextDouble() < 0.35) {
        parent = root.lastComment;
      }
      Persona author = pd.author();
      if (author == null) {
        if (kind == K.THANKS || kind == K.STILL_BAD) author = root.author;
        else if (kind == K.DEFEND && rng.nextDouble() < 0.2) author = activeStaff(root.kit, t, parent.ko);
        if (author == null) author = customer(parent.ko, parent.author);
      }
      Post r = post(t, parent.format, parent.ko, author, parent.kit, kind.mood);
      r.parent = parent;
      r.root = root;
      r.replyToId = parent.id;
      r.replyToUser = parent.author;
      // Replies travel far less than the posts they answer, even from big brand accounts.
      r.likes /= 20;
      r.retweets /= 40;
      r.quotes = 0;
      r.flight = root.flight;
      r.city = root.city;
      r.city2 = root.city2;
      int dom = domain(parent.kit, parent.ko);
      Template tpl = pickFor(dom, kind, root.topic);
      r.topic = root.topic;
      sb.setLength(0);
      if (parent.format != REDDIT) sb.append('@').append(parent.author.handle).append(' ');
      render(tpl, r);
      r.text = finish();
      parent.replies++;
      root.thread++;
      if (r.format == REDDIT) {
        r.rid = Long.toString(nextComment += 1 + rng.nextInt(400), 36);
        r.subreddit = root.subreddit;
        root.lastComment = r;
      }
      emit(r);
      if (r.format != REDDIT && (kind == K.SUP_NEG || kind == K.SUP_Q || kind == K.SUP_SPIKE)) {
        maybe(0.3, r, rng.nextDouble() < 0.65 ? K.THANKS : K.STILL_BAD, root.author, 20);
      }
    }

    private Persona activeStaff(Kit kit, long t, boolean ko) {
      LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, DAY));
      List<Persona> eligible = new ArrayList<>();
      for (Persona e : staff) if (e.employer == kit && e.ko == ko && e.employedOn(d)) eligible.add(e);
      return eligible.isEmpty() ? null : eligible.get(rng.nextInt(eligible.size()));
    }

    // --- posts and personas -------------------------------------------------------------------

    private Post post(long t, int fmt, boolean ko, Persona author, Kit kit, int mood) {
      Post p = new Post();
      p.ms = t;
      p.format = fmt;
      p.ko = ko;
      p.author = author;
      p.kit = kit;
      p.mood = mood;
      p.root = p;
      if (fmt != REDDIT) {
        p.id = snowflake(t);
        p.idStr = Long.toString(p.id);
      }
      double reach = Math.sqrt(author.followers + 1.0) / (author.kind == OFFICIAL ? 2 : 10);
      p.likes = (int) (reach * Math.exp(1.2 * rng.nextGaussian()) * 0.6);
      p.retweets = p.likes / (3 + rng.nextInt(6));
      p.quotes = p.retweets / 6;
      if (fmt == REDDIT) {
        p.score = (int) Math.round(Math.exp(1.5 + 1.2 * rng.nextGaussian())) - (rng.nextDouble() < 0.1 ? rng.nextInt(8) : 0);
      }
      if (author.kind == CUSTOMER && fmt != REDDIT && rng.nextDouble() < 0.03) {
        Place[] places = ko ? PLACES_KO : PLACES_EN;
        p.place = places[rng.nextInt(places.length)];
        if (rng.nextDouble() < 0.4) {
          p.geo = true;
          p.lat = Math.round((p.place.lat() + (rng.nextDouble() - 0.5) * 0.1) * 1e8) / 1e8;
          p.lon = Math.round((p.place.lon() + (rng.nextDouble() - 0.5) * 0.1) * 1e8) / 1e8;
        }
      }
      return p;
    }

    /** Snowflake-style id: milliseconds since the Twitter epoch, then a 22-bit sequence. */
    private long snowflake(long ms) {
      return ((ms - TWEPOCH) << 22) | (idSeq++ & 0x3FFFFF);
    }

    /** Posting activity is heavy-tailed: a few regulars post far more than everyone else. */
    private Persona customer(boolean ko, Persona not) {
      Persona[] pool = ko ? koCustomers : enCustomers;
      Persona p;
      do {
        p = pool[(int) (pool.length * Math.pow(rng.nextDouble(), 2.2))];
      } while (p == not);
      return p;
    }

    private Persona[] customers(int n, boolean ko) {
      Persona[] r = new Persona[n];
      for (int i = 0; i < n; i++) {
        Persona p = new Persona();
        p.ko = ko;
        do {
          if (ko) koName(p);
          else enName(p);
        } while (p.handle.length() > 15 || byHandle.containsKey(p.handle));
        long created = LocalDate.of(2009, 1, 1).toEpochDay() * DAY + rng.nextLong(16L * 365 * DAY);
        // Accounts from before 2014 carry the old small sequential ids, later ones snowflakes.
        p.id = created < LocalDate.of(2014, 1, 1).toEpochDay() * DAY
            ? 10_000_000L + rng.nextLong(2_400_000_000L) : snowflake(created);
        p.followers = (int) Math.min(2_000_000, Math.exp(5 + 1.5 * rng.nextGaussian()));
        p.following = (int) Math.exp(5.5 + rng.nextGaussian());
        p.statuses = (int) Math.exp(7 + 1.5 * rng.nextGaussian());
        p.listed = p.followers / 200;
        p.verified = p.followers > 50_000 ? rng.nextBoolean() : rng.nextDouble() < 0.003;
        finishPersona(p, created);
        r[i] = p;
      }
      return r;
    }

    private void enName(Persona p) {
      String first = EN_FIRST[rng.nextInt(EN_FIRST.length)], last = EN_LAST[rng.nextInt(EN_LAST.length)];
      p.handle = switch (rng.nextInt(5)) {
        case 0 -> first + "_" + EN_SUFFIX[rng.nextInt(EN_SUFFIX.length)];
        case 1 -> first + last.charAt(0) + (80 + rng.nextInt(20));
        case 2 -> first + "_" + last;
        case 3 -> cap(first) + cap(last);
        default -> first + last + rng.nextInt(100);
      };
      p.first = cap(first);
      double u = rng.nextDouble();
      p.name = u < 0.6 ? cap(first) + " " + cap(last) : u < 0.8 ? cap(first) + " " + Character.toUpperCase(last.charAt(0)) + "."
          : u < 0.9 ? first + " ✈️" : cap(first);
      String[] where = EN_PLACES[rng.nextInt(EN_PLACES.length)];
      p.location = where[0];
      p.tz = where[1];
    }

    private void koName(Persona p) {
      String[] given = KO_GIVEN[rng.nextInt(KO_GIVEN.length)], family = KO_FAMILY[rng.nextInt(KO_FAMILY.length)];
      p.handle = switch (rng.nextInt(5)) {
        case 0 -> given[0] + "_" + family[0].charAt(0) + (85 + rng.nextInt(15));
        case 1 -> given[0] + "_" + family[0];
        case 2 -> given[0] + String.format(Locale.ROOT, "%02d%02d", 1 + rng.nextInt(12), 1 + rng.nextInt(28));
        case 3 -> given[0] + "_" + family[0].charAt(0);
        default -> family[0] + given[0];
      };
      p.first = given[1];
      double u = rng.nextDouble();
      p.name = u < 0.5 ? family[1] + given[1] : u < 0.7 ? given[1] : u < 0.85 ? given[1] + " 🌸" : "여행하는 " + given[1];
      p.location = KO_PLACES[rng.nextInt(KO_PLACES.length)];
      p.tz = rng.nextDouble() < 0.7 ? "Seoul" : "";
    }

    private void brandPersonas() {
      for (Kit k : KITS) {
        List<String> handles = k.brand().handles();
        brandAccounts[k.index()] = new Persona[handles.size()];
        for (int i = 0; i < handles.size(); i++) {
          Persona p = new Persona();
          p.kind = OFFICIAL;
          p.ko = k.brand().lang().equals("ko");
          p.id = k.handleIds()[i];
          p.handle = handles.get(i);
          boolean care = i > 0;
          p.name = (p.ko ? k.brand().koName() : k.brand().name()) + (care ? " Help" : "");
          p.first = p.name;
          p.location = k.city();
          p.verified = true;
          p.followers = care ? 95_000 + rng.nextInt(20_000) : 250_000 + rng.nextInt(400_000);
          p.following = 1_000 + rng.nextInt(9_000);
          p.statuses = 40_000 + rng.nextInt(300_000);
          p.listed = p.followers / 150;
          finishPersona(p, LocalDate.of(2009 + (int) (p.id % 7), 3, 1).toEpochDay() * DAY);
          brandAccounts[k.index()][i] = p;
        }
      }
    }

    private void staffPersonas() {
      LocalDate start = o.start();
      LocalDate leaves = start.plusDays(o.weeks() * 7L / 2);
      for (Staff s : STAFF) {
        Kit k = KITS[s.kit()];
        Persona p = new Persona();
        p.kind = EMPLOYEE;
        p.employer = k;
        p.ko = k.brand().lang().equals("ko");
        p.handle = s.handle();
        p.name = s.name();
        p.first = s.name().split(" ")[0];
        p.location = k.city();
        p.followers = (int) Math.exp(6 + rng.nextGaussian());
        p.following = (int) Math.exp(5.5 + rng.nextGaussian());
        p.statuses = (int) Math.exp(7 + rng.nextGaussian());
        p.verified = s.executive();
        long created = start.minusYears(s.yearsBefore() + 1).toEpochDay() * DAY;
        p.id = snowflake(created);
        p.employedFrom = start.minusYears(s.yearsBefore()).withDayOfMonth(1);
        p.employedTo = s.leavesMidPeriod() ? leaves : null;
        finishPersona(p, created);
        staff.add(p);
        if (s.earlierRole() != null) {
          // A promotion: the roster keeps the earlier role as its own dated row.
          LocalDate promoted = start.minusMonths(2).withDayOfMonth(1);
          roster.add(new RosterRow(s, s.earlierRole(), p.employedFrom, promoted.minusDays(1)));
          roster.add(new RosterRow(s, s.role(), promoted, null));
        } else {
          roster.add(new RosterRow(s, s.role(), p.employedFrom, p.employedTo));
        }
      }
    }

    private void finishPersona(Persona p, long createdMs) {
      p.idStr = Long.toString(p.id);
      StringWriter json = new StringWriter();
      try (JsonGenerator g = v1Json.createGenerator(json)) {
        g.writeStartObject();
        g.writeNumberField("id", p.id);
        g.writeStringField("id_str", p.idStr);
        g.writeStringField("name", p.name);
        g.writeStringField("screen_name", p.handle);
        if (p.location.isEmpty()) g.writeNullField("location");
        else g.writeStringField("location", p.location);
        g.writeBooleanField("verified", p.verified);
        g.writeNumberField("followers_count", p.followers);
        g.writeEndObject();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      p.v1User = new SerializedString(json.toString());
      ZonedDateTime c = Instant.ofEpochMilli(createdMs).atZone(ZoneOffset.UTC);
      p.v2Created = c.toLocalDate() + "T" + String.format(Locale.ROOT, "%02d:%02d:%02d.000Z", c.getHour(), c.getMinute(), c.getSecond());
      byHandle.put(p.handle, p);
    }

    private static String cap(String s) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // --- text ---------------------------------------------------------------------------------

    private static int domain(Kit kit, boolean ko) {
      return ko ? TECH_KO : kit == null || kit.airline() ? AIR : TECH_EN;
    }

    private Template pick(Template[] ts) {
      return ts[rng.nextInt(ts.length)];
    }

    /** Replies stay on the thread's topic when there is a template for it. */
    private Template pickFor(int dom, K kind, String topic) {
      if (topic != null && rng.nextDouble() < 0.75) {
        Template[] on = LABELLED.get(dom).get(kind.name() + '|' + topic);
        if (on != null) return pick(on);
      }
      Template[] plain = UNLABELLED[dom][kind.ordinal()];
      return pick(plain != null ? plain : LEX[GEN_EN][kind.ordinal()]);
    }

    private void render(Template t, Post p) {
      Object[] parts = t.parts();
      for (int i = 0; i < parts.length; i++) {
        if (parts[i] instanceof String s) {
          sb.append(s);
          continue;
        }
        Slot slot = (Slot) parts[i];
        int before = sb.length();
        // On Reddit nobody addresses the brand by handle: an opening or closing mention just goes away.
        if (!(slot.code() == S_AT && p.format == REDDIT && (i == 0 || i == parts.length - 1))) fill(slot.code(), p);
        if (sb.length() == before) gap = true;
        else if (slot.afterConsonant() != null) particle(slot);
      }
    }

    /** The rendered text, with the gaps of empty slots closed. */
    private String finish() {
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
            boolean toCare = p.author.kind == CUSTOMER && p.mood < 0 && rng.nextDouble() < 0.3;
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
          if (p.city2 < 0) p.city2 = (Math.max(p.city, 0) + 1 + rng.nextInt(CITIES.length - 1)) % CITIES.length;
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
            String[] pool = p.mood < 0 ? (p.ko ? EMOJI_NEG_KO : EMOJI_NEG) : p.mood > 0 ? (p.ko ? EMOJI_POS_KO : EMOJI_POS) : EMOJI_NEU;
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
          if (p.author.kind != CUSTOMER || rng.nextBoolean()) sb.append(kit.tag());
          else if (p.ko) sb.append(oneOf(p.mood < 0 ? TAGS_KO_NEG : TAGS_KO_POS));
          else if (kit.airline()) sb.append(oneOf(p.mood < 0 ? TAGS_AIR_NEG : TAGS_AIR_POS));
          else sb.append(oneOf(p.mood < 0 ? TAGS_TECH_NEG : TAGS_TECH_POS));
        }
        case S_FIRST -> sb.append(p.replyToUser != null && p.replyToUser.first != null ? p.replyToUser.first : "there");
        case S_SIG -> sb.append(oneOf(kit.signoffs()));
        case S_EMAIL -> sb.append(p.author.handle.toLowerCase(Locale.ROOT).replace('_', '.'))
            .append(rng.nextInt(100)).append('@').append(oneOf(new String[] {"example.com", "example.net", "example.org"}));
        case S_PHONE -> {
          if (p.ko) sb.append("010-").append(5550 + rng.nextInt(10)).append("-01").append(10 + rng.nextInt(90));
          else {
            int area = 200 + rng.nextInt(780), line = 100 + rng.nextInt(100);
            sb.append(switch (rng.nextInt(3)) {
              case 0 -> "(" + area + ") 555-0" + line;
              case 1 -> area + "-555-0" + line;
              default -> "+1 " + area + " 555 0" + line;
            });
          }
        }
        case S_CASE -> sb.append(10_000_000 + rng.nextInt(90_000_000));
        case S_TIME -> sb.append(1 + rng.nextInt(12)).append(':').append(rng.nextInt(6)).append(rng.nextBoolean() ? '0' : '5')
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
      return kitNamed(names.get(rng.nextInt(names.size())));
    }

    private String oneOf(String[] xs) {
      return xs[rng.nextInt(xs.length)];
    }

    private String tco() {
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

    /** Index of the final consonant (0 = none) of a Hangul syllable, or of a digit read in Sino-Korean. */
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

    // --- emitting -----------------------------------------------------------------------------

    private void emit(Post p) throws IOException {
      posts++;
      switch (p.format) {
        case V1 -> {
          if (!bench && p.refType == REF_NONE) {
            p.platform = p.parent == null ? OtherPlatforms.pick(platformRng, p.ko) : p.root.platform;
          }
          if (p.platform == OtherPlatforms.NONE) {
            v1.tweet(p);
          } else {
            p.moved = new OtherPlatforms.Post(p.platform, p.id, p.ms, p.author.handle, p.author.id, p.author.name,
                p.ko, p.text, p.parent == null ? null : p.parent.moved, p.parent == null ? null : p.root.moved,
                p.likes, p.retweets, p.kit == null ? "none" : p.kit.brand().name());
            others.add(p.moved);
          }
          // Now and then someone deletes an earlier tweet; the stream announces it.
          if (rng.nextDouble() < 0.003) {
            int side = rng.nextInt(2), n = Math.min(ringSize[V1][side], RING);
            Post victim = n == 0 ? null : ring[V1][side][rng.nextInt(n)];
            if (victim != null && !victim.deleted && victim.ms < p.ms && victim.platform == OtherPlatforms.NONE) {
              victim.deleted = true;
              v1.delete(victim, p.ms);
            }
          }
        }
        case V2 -> {
          long monday = LocalDate.ofEpochDay(Math.floorDiv(p.ms, DAY)).with(DayOfWeek.MONDAY).toEpochDay();
          if (monday != v2WeekMonday) {
            flushV2Week();
            v2WeekMonday = monday;
          }
          v2Week.add(p);
        }
        case REDDIT -> (p.parent == null ? submissions : comments).add(p);
        default -> csvRows.add(p);
      }
      if (p.parent == null && p.refType == REF_NONE && p.kit != null && p.author.kind == CUSTOMER) remember(p);
    }

    private void remember(Post p) {
      if (p.format > V2) return;
      int side = p.ko ? 1 : 0;
      ring[p.format][side][ringSize[p.format][side]++ % RING] = p;
      if (ringSize[p.format][side] == 2 * RING) ringSize[p.format][side] = RING;
    }

    // --- Twitter v1.1 stream --------------------------------------------------------------------

    /** Day files (gzip) in demo mode, 100k-post parts in benchmark mode. */
    private final class V1Sink {
      private JsonGenerator g;
      private long openDay = Long.MIN_VALUE;
      private int part;
      private long inPart;

      void tweet(Post p) throws IOException {
        if (bench) {
          if (g == null || inPart == PART_SIZE) openPart();
          inPart++;
        } else {
          openDay(p.ms);
        }
        v1Tweet(g, p);
        g.writeRaw('\n');
      }

      void delete(Post victim, long ms) throws IOException {
        at(ms);
        g.writeStartObject();
        g.writeObjectFieldStart("delete");
        g.writeObjectFieldStart("status");
        g.writeNumberField("id", victim.id);
        g.writeStringField("id_str", victim.idStr);
        g.writeNumberField("user_id", victim.author.id);
        g.writeStringField("user_id_str", victim.author.idStr);
        g.writeEndObject();
        g.writeStringField("timestamp_ms", Long.toString(ms));
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }

      void limit(long ms) throws IOException {
        at(ms);
        limitTrack += 5 + rng.nextInt(300);
        g.writeStartObject();
        g.writeObjectFieldStart("limit");
        g.writeNumberField("track", limitTrack);
        g.writeStringField("timestamp_ms", Long.toString(ms));
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }

      private void at(long ms) throws IOException {
        if (!bench) openDay(ms);
        else if (g == null) openPart();
      }

      private void openDay(long ms) throws IOException {
        long day = Math.floorDiv(ms, DAY);
        if (day == openDay) return;
        close();
        openDay = day;
        Path f = out.resolve("twitter-v1").resolve("stream-" + LocalDate.ofEpochDay(day) + ".jsonl.gz");
        g = v1Json.createGenerator(new GZIPOutputStream(open(f, "twitter-v1"), 1 << 16), JsonEncoding.UTF8);
      }

      private void openPart() throws IOException {
        close();
        Path f = out.resolve("twitter-v1").resolve(String.format(Locale.ROOT, "part-%05d.jsonl", part++));
        g = v1Json.createGenerator(open(f, "twitter-v1"), JsonEncoding.UTF8);
        inPart = 0;
      }

      void close() throws IOException {
        if (g != null) {
          JsonGenerator closing = g;
          g = null;
          closing.close();
        }
      }
    }

    private OutputStream open(Path f, String format) throws IOException {
      Files.createDirectories(f.getParent());
      files.merge(format, 1L, Long::sum);
      return new BufferedOutputStream(Files.newOutputStream(f), 1 << 16);
    }

    private Writer writer(Path f, String format) throws IOException {
      return new BufferedWriter(new OutputStreamWriter(open(f, format), StandardCharsets.UTF_8));
    }

    // Pre-encoded names for the hot v1 path.
    private static final SerializedString CREATED_AT = new SerializedString("created_at"), ID = new SerializedString("id"),
        ID_STR = new SerializedString("id_str"), TEXT = new SerializedString("text"),
        TRUNCATED = new SerializedString("truncated"), USER = new SerializedString("user"),
        IS_QUOTE = new SerializedString("is_quote_status"), QUOTES = new SerializedString("quote_count"),
        REPLIES = new SerializedString("reply_count"), RETWEETS = new SerializedString("retweet_count"),
        FAVORITES = new SerializedString("favorite_count"), ENTITIES = new SerializedString("entities"),
        HASHTAGS = new SerializedString("hashtags"), URLS = new SerializedString("urls"),
        MENTIONS = new SerializedString("user_mentions"), INDICES = new SerializedString("indices"),
        SCREEN_NAME = new SerializedString("screen_name"), NAME = new SerializedString("name"),
        LANG = new SerializedString("lang"), TIMESTAMP_MS = new SerializedString("timestamp_ms");

    private void v1Tweet(JsonGenerator g, Post p) throws IOException {
      String full = p.text;
      int cps = full.codePointCount(0, full.length());
      String shown = cps > 140 ? full.substring(0, full.offsetByCodePoints(0, 139)) + "…" : full;
      // Long tweets arrive "truncated" with the full text aside; retweets are cut without the flag, as Twitter does.
      boolean truncated = cps > 140 && p.refType != REF_RT;
      g.writeStartObject();
      g.writeFieldName(CREATED_AT);
      g.writeString(v1Date(p.ms));
      g.writeFieldName(ID);
      g.writeNumber(p.id);
      g.writeFieldName(ID_STR);
      g.writeString(p.idStr);
      g.writeFieldName(TEXT);
      g.writeString(html(shown));
      g.writeFieldName(TRUNCATED);
      g.writeBoolean(truncated);
      if (p.replyToId != 0) {
        g.writeNumberField("in_reply_to_status_id", p.replyToId);
        g.writeStringField("in_reply_to_status_id_str", Long.toString(p.replyToId));
        g.writeNumberField("in_reply_to_user_id", p.replyToUser.id);
        g.writeStringField("in_reply_to_user_id_str", p.replyToUser.idStr);
        g.writeStringField("in_reply_to_screen_name", p.replyToUser.handle);
      }
      g.writeFieldName(USER);
      g.writeRawValue(p.author.v1User);
      if (p.place != null) v1Place(g, p.place);
      if (p.geo) {
        g.writeObjectFieldStart("coordinates");
        g.writeStringField("type", "Point");
        g.writeArrayFieldStart("coordinates");
        g.writeNumber(p.lon);
        g.writeNumber(p.lat);
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeFieldName(IS_QUOTE);
      g.writeBoolean(p.refType == REF_QUOTE);
      if (p.refType == REF_QUOTE) {
        g.writeNumberField("quoted_status_id", p.ref.id);
        g.writeStringField("quoted_status_id_str", p.ref.idStr);
        g.writeFieldName("quoted_status");
        v1Tweet(g, p.ref);
      } else if (p.refType == REF_RT) {
        g.writeFieldName("retweeted_status");
        v1Tweet(g, p.ref);
      }
      if (truncated) {
        g.writeObjectFieldStart("extended_tweet");
        g.writeStringField("full_text", html(full));
        g.writeArrayFieldStart("display_text_range");
        g.writeNumber(0);
        g.writeNumber(cps);
        g.writeEndArray();
        g.writeFieldName(ENTITIES);
        v1Entities(g, full, p);
        g.writeEndObject();
      }
      g.writeFieldName(QUOTES);
      g.writeNumber(p.quotes);
      g.writeFieldName(REPLIES);
      g.writeNumber(p.replies);
      g.writeFieldName(RETWEETS);
      g.writeNumber(p.retweets);
      g.writeFieldName(FAVORITES);
      g.writeNumber(p.likes);
      g.writeFieldName(ENTITIES);
      v1Entities(g, shown, p);
      g.writeFieldName(LANG);
      g.writeString(p.ko ? "ko" : "en");
      g.writeFieldName(TIMESTAMP_MS);
      g.writeString(Long.toString(p.ms));
      g.writeEndObject();
    }

    private void v1Place(JsonGenerator g, Place pl) throws IOException {
      g.writeObjectFieldStart("place");
      g.writeStringField("id", pl.id());
      g.writeStringField("url", "https://api.twitter.com/1.1/geo/id/" + pl.id() + ".json");
      g.writeStringField("place_type", "city");
      g.writeStringField("name", pl.name());
      g.writeStringField("full_name", pl.fullName());
      g.writeStringField("country_code", pl.countryCode());
      g.writeStringField("country", pl.country());
      g.writeObjectFieldStart("bounding_box");
      g.writeStringField("type", "Polygon");
      g.writeArrayFieldStart("coordinates");
      g.writeStartArray();
      double[][] corners = {{-0.2, -0.15}, {-0.2, 0.15}, {0.2, 0.15}, {0.2, -0.15}};
      for (double[] c : corners) {
        g.writeStartArray();
        g.writeNumber(Math.round((pl.lon() + c[0]) * 1e6) / 1e6);
        g.writeNumber(Math.round((pl.lat() + c[1]) * 1e6) / 1e6);
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }

    private void v1Entities(JsonGenerator g, String text, Post p) throws IOException {
      int n = scan(text);
      g.writeStartObject();
      g.writeFieldName(HASHTAGS);
      g.writeStartArray();
      for (int i = 0; i < n; i++) {
        if (entKind[i] != 0) continue;
        g.writeStartObject();
        g.writeFieldName(TEXT);
        g.writeString(text.substring(entS[i] + 1, entE[i]));
        indices(g, i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeFieldName(URLS);
      g.writeStartArray();
      for (int i = 0; i < n; i++) {
        if (entKind[i] != 2) continue;
        String url = text.substring(entS[i], entE[i]), expanded = expanded(p, url);
        g.writeStartObject();
        g.writeStringField("url", url);
        g.writeStringField("expanded_url", expanded);
        g.writeStringField("display_url", display(expanded));
        indices(g, i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeFieldName(MENTIONS);
      g.writeStartArray();
      for (int i = 0; i < n; i++) {
        if (entKind[i] != 1) continue;
        Persona who = entWho[i];
        g.writeStartObject();
        g.writeFieldName(SCREEN_NAME);
        g.writeString(who.handle);
        g.writeFieldName(NAME);
        g.writeString(who.name);
        g.writeFieldName(ID);
        g.writeNumber(who.id);
        g.writeFieldName(ID_STR);
        g.writeString(who.idStr);
        indices(g, i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private void indices(JsonGenerator g, int i) throws IOException {
      g.writeFieldName(INDICES);
      g.writeStartArray();
      g.writeNumber(entCs[i]);
      g.writeNumber(entCe[i]);
      g.writeEndArray();
    }

    private static String expanded(Post p, String url) {
      if (p.url != null && p.url.equals(url)) return p.urlExpanded;
      if (p.ref != null && p.ref.url != null && p.ref.url.equals(url)) return p.ref.urlExpanded;
      return url;
    }

    private static String display(String expanded) {
      String d = expanded.substring(expanded.indexOf("//") + 2);
      return d.length() > 26 ? d.substring(0, 25) + "…" : d;
    }

    /**
     * Finds #hashtags, @mentions of known accounts and t.co links; offsets are in code points as
     * Twitter's are. Fills the ent* scratch arrays and returns how many it found.
     */
    private int scan(String s) {
      int n = 0, cp = 0, len = s.length();
      for (int i = 0; i < len && n < entKind.length; ) {
        char c = s.charAt(i);
        if ((c == '#' || c == '@') && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
          int j = i + 1;
          while (j < len && (c == '#' ? isWordChar(s.charAt(j)) : isHandleChar(s.charAt(j))) && (c == '#' || j - i <= 15)) j++;
          Persona who = c == '@' && j > i + 1 ? byHandle.get(s.substring(i + 1, j)) : null;
          boolean hashtag = c == '#' && j > i + 1 && !allDigits(s, i + 1, j);
          if (hashtag || who != null) {
            record(n++, hashtag ? 0 : 1, i, j, cp, cp + (j - i), who);
            cp += j - i;
            i = j;
            continue;
          }
        } else if (c == 'h' && s.startsWith("https://t.co/", i)) {
          int j = i;
          while (j < len && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) < 128) j++;
          record(n++, 2, i, j, cp, cp + (j - i), null);
          cp += j - i;
          i = j;
          continue;
        }
        i += Character.isHighSurrogate(c) && i + 1 < len ? 2 : 1;
        cp++;
      }
      return n;
    }

    private void record(int n, int kind, int s, int e, int cs, int ce, Persona who) {
      entKind[n] = kind;
      entS[n] = s;
      entE[n] = e;
      entCs[n] = cs;
      entCe[n] = ce;
      entWho[n] = who;
    }

    private static boolean isWordChar(char c) {
      return c == '_' || Character.isLetterOrDigit(c);
    }

    private static boolean isHandleChar(char c) {
      return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean allDigits(String s, int from, int to) {
      for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
      return true;
    }

    /** Twitter and Reddit serve text HTML-escaped (&amp; &lt; &gt;); so does this archive. */
    private static String html(String s) {
      if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) return s;
      return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** v1.1 created_at, e.g. "Wed Aug 27 13:08:45 +0000 2008"; the day part is cached. */
    private String v1Date(long ms) {
      dayCache(ms);
      return cachedV1Day + hms(ms) + " +0000 " + cachedYear;
    }

    /** API v2 created_at, e.g. "2026-09-07T10:00:00.000Z". */
    private String isoDate(long ms) {
      dayCache(ms);
      int milli = (int) Math.floorMod(ms, 1000L);
      return cachedIsoDay + hms(ms) + '.' + (char) ('0' + milli / 100) + (char) ('0' + milli / 10 % 10) + (char) ('0' + milli % 10) + 'Z';
    }

    private void dayCache(long ms) {
      long day = Math.floorDiv(ms, DAY);
      if (day == cachedDay) return;
      LocalDate d = LocalDate.ofEpochDay(day);
      cachedDay = day;
      cachedV1Day = V1_DAY.format(d);
      cachedYear = Integer.toString(d.getYear());
      cachedIsoDay = d + "T";
    }

    private static String hms(long ms) {
      int s = (int) (Math.floorMod(ms, DAY) / 1000);
      int h = s / 3600, m = s / 60 % 60, sec = s % 60;
      return new String(new char[] {(char) ('0' + h / 10), (char) ('0' + h % 10), ':', (char) ('0' + m / 10),
          (char) ('0' + m % 10), ':', (char) ('0' + sec / 10), (char) ('0' + sec % 10)});
    }

    // --- twarc2 API v2 pages ----------------------------------------------------------------------

    /** One file per ISO week, pages of up to 100 tweets newest first, as the search endpoint pages backwards. */
    private void flushV2Week() throws IOException {
      if (v2Week.isEmpty()) return;
      LocalDate monday = LocalDate.ofEpochDay(v2WeekMonday);
      String name = String.format(Locale.ROOT, "search-%d-W%02d.jsonl",
          monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      List<Post> newestFirst = new ArrayList<>(v2Week);
      Collections.reverse(newestFirst);
      // Collected the Monday after the week, early morning UTC.
      ZonedDateTime retrieved = monday.plusDays(7).atTime(2, 0).atZone(ZoneOffset.UTC);
      try (JsonGenerator g = plainJson.createGenerator(open(out.resolve("twitter-v2").resolve(name), "twitter-v2"), JsonEncoding.UTF8)) {
        for (int from = 0; from < newestFirst.size(); from += 100) {
          List<Post> page = newestFirst.subList(from, Math.min(from + 100, newestFirst.size()));
          retrieved = retrieved.plusNanos(400_000_000L + rng.nextLong(900_000_000L));
          v2Page(g, page, from + 100 < newestFirst.size(), TWARC_TIME.format(retrieved));
          g.writeRaw('\n');
        }
      }
      v2Week.clear();
    }

    private void v2Page(JsonGenerator g, List<Post> page, boolean more, String retrievedAt) throws IOException {
      Map<Long, Persona> users = new LinkedHashMap<>();
      Map<Long, Post> referenced = new LinkedHashMap<>();
      List<Long> missing = new ArrayList<>();
      g.writeStartObject();
      g.writeArrayFieldStart("data");
      for (Post p : page) {
        v2Tweet(g, p);
        users.putIfAbsent(p.author.id, p.author);
        if (p.replyToUser != null) users.putIfAbsent(p.replyToUser.id, p.replyToUser);
        int n = scan(p.text);
        for (int i = 0; i < n; i++) if (entKind[i] == 1) users.putIfAbsent(entWho[i].id, entWho[i]);
        if (p.ref != null) referenced.putIfAbsent(p.ref.id, p.ref);
        if (p.parent != null) referenced.putIfAbsent(p.parent.id, p.parent);
        else if (p.replyToId != 0) missing.add(p.replyToId);
      }
      g.writeEndArray();
      for (Post r : referenced.values()) users.putIfAbsent(r.author.id, r.author);
      g.writeObjectFieldStart("includes");
      g.writeArrayFieldStart("users");
      for (Persona u : users.values()) v2User(g, u);
      g.writeEndArray();
      if (!referenced.isEmpty()) {
        g.writeArrayFieldStart("tweets");
        for (Post r : referenced.values()) v2Tweet(g, r);
        g.writeEndArray();
      }
      g.writeEndObject();
      if (!missing.isEmpty()) {
        // What the API says about referenced tweets it cannot return.
        g.writeArrayFieldStart("errors");
        for (long id : missing) {
          g.writeStartObject();
          g.writeStringField("value", Long.toString(id));
          g.writeStringField("detail", "Could not find tweet with referenced_tweets.id: [" + id + "].");
          g.writeStringField("title", "Not Found Error");
          g.writeStringField("resource_type", "tweet");
          g.writeStringField("parameter", "referenced_tweets.id");
          g.writeStringField("resource_id", Long.toString(id));
          g.writeStringField("type", "https://api.twitter.com/2/problems/resource-not-found");
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeObjectFieldStart("meta");
      g.writeStringField("newest_id", page.get(0).idStr);
      g.writeStringField("oldest_id", page.get(page.size() - 1).idStr);
      g.writeNumberField("result_count", page.size());
      if (more) {
        String token = Long.toString(rng.nextLong() & Long.MAX_VALUE, 36) + Long.toString(rng.nextLong() & Long.MAX_VALUE, 36);
        g.writeStringField("next_token", token.substring(0, Math.min(token.length(), 18)));
      }
      g.writeEndObject();
      g.writeObjectFieldStart("__twarc");
      g.writeStringField("url", "https://api.twitter.com/2/tweets/search/all");
      g.writeStringField("version", "2.14.0");
      g.writeStringField("retrieved_at", retrievedAt);
      g.writeEndObject();
      g.writeEndObject();
    }

    private void v2Tweet(JsonGenerator g, Post p) throws IOException {
      String text = p.text;
      if (p.refType == REF_RT && text.codePointCount(0, text.length()) > 140) {
        text = text.substring(0, text.offsetByCodePoints(0, 139)) + "…";
      }
      g.writeStartObject();
      g.writeStringField("id", p.idStr);
      g.writeStringField("text", html(text));
      g.writeStringField("created_at", isoDate(p.ms));
      g.writeStringField("author_id", p.author.idStr);
      g.writeStringField("conversation_id", p.root != p ? p.root.idStr : p.replyToId != 0 ? Long.toString(p.replyToId) : p.idStr);
      g.writeStringField("lang", p.ko ? "ko" : "en");
      if (p.replyToId != 0) g.writeStringField("in_reply_to_user_id", p.replyToUser.idStr);
      if (p.replyToId != 0 || p.ref != null) {
        g.writeArrayFieldStart("referenced_tweets");
        if (p.replyToId != 0) refTweet(g, "replied_to", Long.toString(p.replyToId));
        if (p.ref != null) refTweet(g, p.refType == REF_RT ? "retweeted" : "quoted", p.ref.idStr);
        g.writeEndArray();
      }
      g.writeObjectFieldStart("public_metrics");
      g.writeNumberField("retweet_count", p.retweets);
      g.writeNumberField("reply_count", p.replies);
      g.writeNumberField("like_count", p.likes);
      g.writeNumberField("quote_count", p.quotes);
      g.writeEndObject();
      int n = scan(text);
      if (n > 0) {
        g.writeObjectFieldStart("entities");
        v2EntityGroup(g, text, p, n, 1, "mentions");
        v2EntityGroup(g, text, p, n, 0, "hashtags");
        v2EntityGroup(g, text, p, n, 2, "urls");
        g.writeEndObject();
      }
      g.writeArrayFieldStart("edit_history_tweet_ids");
      g.writeString(p.idStr);
      g.writeEndArray();
      g.writeBooleanField("possibly_sensitive", false);
      g.writeEndObject();
    }

    private static void refTweet(JsonGenerator g, String type, String id) throws IOException {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("id", id);
      g.writeEndObject();
    }

    private void v2EntityGroup(JsonGenerator g, String text, Post p, int n, int kind, String field) throws IOException {
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (entKind[i] != kind) continue;
        if (!any) g.writeArrayFieldStart(field);
        any = true;
        g.writeStartObject();
        g.writeNumberField("start", entCs[i]);
        g.writeNumberField("end", entCe[i]);
        switch (kind) {
          case 0 -> g.writeStringField("tag", text.substring(entS[i] + 1, entE[i]));
          case 1 -> {
            g.writeStringField("username", entWho[i].handle);
            g.writeStringField("id", entWho[i].idStr);
          }
          default -> {
            String url = text.substring(entS[i], entE[i]), expanded = expanded(p, url);
            g.writeStringField("url", url);
            g.writeStringField("expanded_url", expanded);
            g.writeStringField("display_url", display(expanded));
          }
        }
        g.writeEndObject();
      }
      if (any) g.writeEndArray();
    }

    private void v2User(JsonGenerator g, Persona u) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", u.idStr);
      g.writeStringField("name", u.name);
      g.writeStringField("username", u.handle);
      g.writeStringField("created_at", u.v2Created);
      if (!u.location.isEmpty()) g.writeStringField("location", u.location);
      g.writeBooleanField("verified", u.verified);
      g.writeObjectFieldStart("public_metrics");
      g.writeNumberField("followers_count", u.followers);
      g.writeNumberField("following_count", u.following);
      g.writeNumberField("tweet_count", u.statuses);
      g.writeNumberField("listed_count", u.listed);
      g.writeEndObject();
      g.writeEndObject();
    }

    // --- Pushshift Reddit dumps --------------------------------------------------------------------

    private void writeReddit() throws IOException {
      // A couple of comments were removed by moderators before the dump was taken.
      for (int i = 0; i < Math.min(2, comments.size()); i++) comments.get(rng.nextInt(comments.size())).removed = true;
      writeMonthly(submissions, "RS_");
      writeMonthly(comments, "RC_");
    }

    private void writeMonthly(List<Post> records, String prefix) throws IOException {
      JsonGenerator g = null;
      String month = null;
      try {
        for (Post p : records) {
          String m = LocalDate.ofEpochDay(Math.floorDiv(p.ms, DAY)).toString().substring(0, 7);
          if (!m.equals(month)) {
            if (g != null) g.close();
            month = m;
            g = plainJson.createGenerator(open(out.resolve("reddit").resolve(prefix + m + ".jsonl"), "reddit"), JsonEncoding.UTF8);
          }
          if (p.parent == null) submission(g, p);
          else comment(g, p);
          g.writeRaw('\n');
        }
      } finally {
        if (g != null) g.close();
      }
    }

    private void submission(JsonGenerator g, Post p) throws IOException {
      String permalink = "/r/" + p.subreddit + "/comments/" + p.rid + "/" + slug(p.title) + "/";
      g.writeStartObject();
      g.writeStringField("id", p.rid);
      g.writeStringField("name", "t3_" + p.rid);
      g.writeStringField("author", p.author.handle);
      g.writeStringField("title", html(p.title));
      g.writeStringField("selftext", html(p.text));
      g.writeNumberField("created_utc", p.ms / 1000);
      g.writeStringField("subreddit", p.subreddit);
      g.writeStringField("subreddit_id", subredditId(p.subreddit));
      g.writeNumberField("num_comments", p.thread);
      g.writeNumberField("score", Math.max(0, p.score));
      g.writeStringField("permalink", permalink);
      g.writeStringField("url", "https://www.reddit.com" + permalink);
      g.writeBooleanField("is_self", true);
      g.writeBooleanField("over_18", false);
      g.writeEndObject();
    }

    private void comment(JsonGenerator g, Post p) throws IOException {
      Post root = p.root;
      g.writeStartObject();
      g.writeStringField("id", p.rid);
      g.writeStringField("name", "t1_" + p.rid);
      g.writeStringField("author", p.removed ? "[deleted]" : p.author.handle);
      g.writeStringField("body", p.removed ? "[removed]" : html(p.text));
      g.writeNumberField("created_utc", p.ms / 1000);
      g.writeStringField("subreddit", p.subreddit);
      g.writeStringField("subreddit_id", subredditId(p.subreddit));
      g.writeStringField("link_id", "t3_" + root.rid);
      g.writeStringField("parent_id", p.parent == root ? "t3_" + root.rid : "t1_" + p.parent.rid);
      g.writeNumberField("score", p.score);
      g.writeBooleanField("is_submitter", !p.removed && p.author == root.author);
      g.writeStringField("permalink", "/r/" + p.subreddit + "/comments/" + root.rid + "/" + slug(root.title) + "/" + p.rid + "/");
      g.writeEndObject();
    }

    private static String slug(String title) {
      String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
      return s.length() > 50 ? s.substring(0, 50).replaceAll("_+$", "") : s;
    }

    private static String subredditId(String name) {
      return "t5_" + Long.toString(Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), 60_000_000L) + 1_000_000L, 36);
    }

    // --- Tweets.csv-style export ---------------------------------------------------------------------

    private void writeCsv() throws IOException {
      try (Writer w = writer(out.resolve("exports").resolve("brand-monitor-export.csv"), "csv")) {
        w.write(CSV_HEADER);
        w.write('\n');
        // Monitoring tools export newest first.
        for (int i = csvRows.size() - 1; i >= 0; i--) {
          Post p = csvRows.get(i);
          double u = rng.nextDouble();
          boolean unlabelled = u < 0.03;
          int label = u < 0.11 ? rng.nextInt(3) - 1 : p.mood; // annotators disagree with the author now and then
          String sentiment = unlabelled ? "" : label < 0 ? "negative" : label > 0 ? "positive" : "neutral";
          boolean negative = label < 0 && !unlabelled;
          String reason = negative ? (p.topic != null ? p.topic : "Can't Tell") : "";
          String[] row = {
              p.idStr,
              sentiment,
              unlabelled ? "" : confidence(),
              reason,
              negative ? confidence() : unlabelled || rng.nextDouble() < 0.7 ? "" : "0.0",
              p.kit.brand().name(),
              rng.nextDouble() < 0.01 ? sentiment : "",
              p.author.handle,
              negative && rng.nextDouble() < 0.01 ? reason : "",
              Integer.toString(p.retweets),
              html(p.text),
              p.geo ? "[" + p.lat + ", " + p.lon + "]" : "",
              CSV_TIME.format(Instant.ofEpochMilli(p.ms).atZone(US_PACIFIC)),
              p.author.location,
              p.author.tz};
          for (int c = 0; c < row.length; c++) {
            if (c > 0) w.write(',');
            w.write(csvField(row[c]));
          }
          w.write('\n');
        }
      }
    }

    private String confidence() {
      if (rng.nextDouble() < 0.35) return "1.0";
      String digits = Integer.toString(3300 + rng.nextInt(6700)).replaceAll("0+$", "");
      return "0." + digits;
    }

    private static String csvField(String s) {
      if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
      return '"' + s.replace("\"", "\"\"") + '"';
    }

    // --- roster and malformed lines ------------------------------------------------------------------

    private void writeRoster() throws IOException {
      try (Writer w = writer(out.resolve("roster").resolve("employees.csv"), "roster")) {
        w.write("handle,brand,department,role,is_executive,effective_from,effective_to\n");
        for (RosterRow r : roster) {
          List<String> accounts = new ArrayList<>(List.of(r.staff().handle()));
          accounts.addAll(OtherPlatforms.accountRefs(r.staff().handle()));
          for (String account : accounts) {
            w.write(String.join(",", account, csvField(KITS[r.staff().kit()].brand().name()),
                csvField(r.staff().department()), csvField(r.role()), Boolean.toString(r.staff().executive()),
                r.from().toString(), r.to() == null ? "" : r.to().toString()));
            w.write('\n');
          }
        }
      }
    }

    /** The broken records a real crawl leaves behind; the last one is cut off mid-object with no newline. */
    private long writeMalformed() throws IOException {
      long t = startMs + 9 * HOUR + rng.nextLong(o.weeks() * 7L * DAY - 10 * HOUR);
      Persona a = enCustomers[rng.nextInt(enCustomers.length)];
      String user = "{\"id\":" + a.id + ",\"id_str\":\"" + a.idStr + "\",\"name\":\"" + a.name.replace("\"", "")
          + "\",\"screen_name\":\"" + a.handle + "\",\"followers_count\":" + a.followers + ",\"verified\":false,\"location\":null}";
      String[] lines = {
          "{\"id_str\": \"1\", \"text\": ",
          "{\"created_at\":\"" + v1Date(t) + "\",\"text\":\"@AuroraAir where is my bag??\",\"user\":" + user
              + ",\"lang\":\"en\",\"timestamp_ms\":\"" + t + "\"}",
          tweetJson(t + 60_000, "not a date", "@ZephyrAir boarding now", user),
          tweetJson(t + 120_000, v1Date(t + 120_000), "", user),
          tweetJson(t + 180_000, v1Date(t + 180_000), "@NimbusJet seat 14C is broken", "\"" + a.handle + "\""),
          tweetJson(t + 240_000, v1Date(t + 240_000), "@AuroraAirHelp still waiting on a callback", user)
              .substring(0, 120)};
      try (OutputStream os = open(out.resolve("malformed").resolve("bad-lines.jsonl"), "malformed")) {
        for (int i = 0; i < lines.length; i++) {
          os.write(lines[i].getBytes(StandardCharsets.UTF_8));
          if (i < lines.length - 1) os.write('\n');
        }
      }
      return lines.length;
    }

    // --- labelled set for the sentiment models ------------------------------------------------------

    /** What a customer writes, per polarity: the kinds the labelled texts are drawn from. */
    private static final K[] SENTIMENT_KINDS = {K.NEG, K.UPDATE, K.STILL_BAD, K.COMMISERATE, K.NEU, K.Q, K.POS,
        K.CHEER, K.THANKS, K.DEFEND};
    private static final int EN_TRAIN = 1500, EN_EVAL = 300, KO_ALL = 1500;

    /**
     * Texts drawn from the posts' templates but rendered anew (not the posts themselves), labelled by their
     * kind's polarity, in layouts `labels import` reads: English training rows as SemEval TSV, English
     * evaluation rows as TweetEval's validation files (the conf's evaluation source), Korean as an NSMC
     * ratings file (0/1: NSMC has no neutral class; split by id hash, about 10% validation). Training leaves
     * out any text whose normalised form is also in the evaluation data (SentimentTrainJob), and templates
     * with few slots repeat, so training rows are drawn first and an evaluation text is redrawn while it
     * repeats one: evaluation then measures renderings training has not seen, and training keeps its rows.
     */
    private long writeLabelled() throws IOException {
      String[] names = {"negative", "neutral", "positive"};
      Set<String> seen = new HashSet<>();
      try (Writer w = writer(out.resolve(LABEL_DIRS.get("semeval")).resolve("demo-train.tsv"), "labels")) {
        for (int i = 0; i < EN_TRAIN; i++) {
          int mood = i % 3 - 1;
          w.write("demo" + i + '\t' + names[mood + 1] + '\t' + labelledText(false, mood, null, seen) + '\n');
        }
      }
      Path tweetEval = out.resolve(LABEL_DIRS.get("tweeteval"));
      try (Writer text = writer(tweetEval.resolve("val_text.txt"), "labels");
           Writer labels = writer(tweetEval.resolve("val_labels.txt"), "labels")) {
        for (int i = 0; i < EN_EVAL; i++) {
          int mood = i % 3 - 1;
          text.write(labelledText(false, mood, seen, null) + '\n');
          labels.write((mood + 1) + "\n");
        }
      }
      seen.clear();
      try (Writer w = writer(out.resolve(LABEL_DIRS.get("nsmc")).resolve("ratings_demo.txt"), "labels")) {
        w.write("id\tdocument\tlabel\n");
        for (boolean validation : new boolean[] {false, true}) {
          for (int i = 0; i < KO_ALL; i++) {
            String id = Integer.toString(9_100_000 + i);
            if (LabelledPost.splitOf(id).equals("validation") != validation) continue;
            int mood = i % 2 == 0 ? -1 : 1;
            String t = validation ? labelledText(true, mood, seen, null) : labelledText(true, mood, null, seen);
            w.write(id + '\t' + t + '\t' + (mood > 0 ? 1 : 0) + '\n');
          }
        }
      }
      return EN_TRAIN + EN_EVAL + KO_ALL;
    }

    /**
     * One text of the given polarity by a customer about a brand (English: airlines and tech, as the posts);
     * redrawn (a few times) while its normalised form is in {@code avoid}, and added to {@code add}.
     */
    private String labelledText(boolean ko, int mood, Set<String> avoid, Set<String> add) {
      String text = null;
      for (int tries = 0; tries < 20 && (text == null || avoid != null && avoid.contains(normalised(text))); tries++) {
        Kit kit = ko || rng.nextDouble() < 0.25 ? KITS[HANBIT + rng.nextInt(2)] : KITS[rng.nextInt(3)];
        int dom = domain(kit, ko);
        List<K> kinds = Arrays.stream(SENTIMENT_KINDS).filter(k -> k.mood == mood && LEX[dom][k.ordinal()] != null).toList();
        Post p = new Post();
        p.format = V1;
        p.ko = ko;
        p.kit = kit;
        p.mood = mood;
        p.author = customer(ko, null);
        sb.setLength(0);
        render(pick(LEX[dom][kinds.get(rng.nextInt(kinds.size())).ordinal()]), p);
        text = finish().replace('\t', ' ').replace('\n', ' ');
      }
      if (add != null) add.add(normalised(text));
      return text;
    }

    /** The text as training compares it with evaluation data (links, users, punctuation and spacing left out). */
    private static String normalised(String text) {
      return new LabelledPost("", "", text, "", "", "", "").textHash();
    }

    private String tweetJson(long ms, String createdAt, String text, String userJson) {
      long id = snowflake(ms);
      return "{\"created_at\":\"" + createdAt + "\",\"id\":" + id + ",\"id_str\":\"" + id + "\",\"text\":\"" + text
          + "\",\"truncated\":false,\"user\":" + userJson + ",\"entities\":{\"hashtags\":[],\"urls\":[],"
          + "\"user_mentions\":[]},\"lang\":\"en\",\"timestamp_ms\":\"" + ms + "\"}";
    }
  }
}
