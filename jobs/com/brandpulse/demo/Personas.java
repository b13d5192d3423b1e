package com.brandpulse.demo;

import static com.brandpulse.demo.Schedule.DAY;

import com.brandpulse.demo.SampleArchive.Options;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everyone who posts in the archive: 1,500 customers (a quarter Korean) with names, handles and
 * follower counts, each brand's official and care accounts, and the brands' staff with the roster
 * rows HR would export for them (one employee leaves halfway through, one was promoted before the
 * archive starts).
 */
final class Personas {
  /**
   * Roster entries; dates are offsets from the archive start so any start date yields a coherent
   * roster.
   */
  record Staff(
      int kit,
      String handle,
      String name,
      String department,
      String role,
      boolean executive,
      int yearsBefore,
      String earlierRole,
      boolean leavesMidPeriod) {}

  private static final Staff[] STAFF = {
    new Staff(
        0,
        "ellen_lind",
        "Ellen Lind",
        "Executive Office",
        "Chief Executive Officer",
        true,
        5,
        null,
        false),
    new Staff(
        0,
        "captmike_flies",
        "Mike Alvarez",
        "Flight Operations",
        "Captain",
        false,
        11,
        null,
        false),
    new Staff(
        0,
        "tomas_fa",
        "Tomás Reyes",
        "Inflight Services",
        "Flight Attendant",
        false,
        9,
        null,
        true),
    new Staff(
        0,
        "gina_at_aurora",
        "Gina Park",
        "Marketing",
        "Social Media Manager",
        false,
        4,
        "Social Media Specialist",
        false),
    new Staff(
        0,
        "dre_aurora_ops",
        "Andre Wells",
        "Operations Control",
        "Duty Manager",
        false,
        6,
        null,
        false),
    new Staff(
        1, "sam_zephyr_crew", "Sam Ortiz", "Inflight", "Flight Attendant", false, 3, null, false),
    new Staff(
        1,
        "kelly_ops_zy",
        "Kelly Brandt",
        "Ground Operations",
        "Station Manager",
        false,
        7,
        null,
        false),
    new Staff(
        2,
        "raj_at_nimbus",
        "Raj Mehta",
        "Revenue Management",
        "Pricing Analyst",
        false,
        2,
        null,
        false),
    new Staff(
        2, "lena_nj_crew", "Lena Fischer", "Inflight", "Flight Attendant", false, 3, null, false),
    new Staff(
        3, "jh_park_hanbit", "박정훈", "Marketing", "Chief Marketing Officer", true, 8, null, false),
    new Staff(3, "soyeon_dev", "이소연", "R&D", "Battery Engineer", false, 4, null, false),
    new Staff(3, "yuna_design", "최유나", "Design", "Product Designer", false, 3, null, false),
    new Staff(3, "minsu_hbcs", "김민수", "Customer Service", "CS Team Lead", false, 6, null, false),
    new Staff(4, "sb_dohyun", "정도현", "Product", "Product Manager", false, 5, null, false),
    new Staff(4, "jiho_saebyeol", "한지호", "Marketing", "Community Manager", false, 2, null, false),
  };

  /** One dated roster row: a role held from a day until a day (null: still held). */
  record RosterRow(Staff staff, String role, LocalDate from, LocalDate to) {}

  private static final String[] EN_FIRST = {
    "jess", "mike", "sarah", "chris", "emily", "dan", "megan", "josh", "ashley", "matt", "kate",
    "ryan", "lauren", "tyler", "nicole", "kevin", "amanda", "brian", "rachel", "jason", "olivia",
    "ethan", "sophia", "noah", "ava", "liam", "mia", "lucas", "chloe", "owen", "grace", "jack",
    "zoe", "nate", "lily", "sam", "hannah", "alex", "maya", "ben", "ella", "luke", "nora", "adam",
    "ruby", "eli", "claire", "jake", "tess", "marcus", "priya", "diego", "aisha", "kenji", "fatima",
    "carlos", "leah", "omar", "sofia", "andre"
  };
  private static final String[] EN_LAST = {
    "moreno", "smith", "johnson", "lee", "garcia", "brown", "davis", "miller", "wilson", "taylor",
    "clark", "lewis", "walker", "hall", "young", "king", "wright", "lopez", "hill", "scott",
    "green", "adams", "baker", "nelson", "carter", "perez", "turner", "parker", "evans", "collins",
    "stewart", "sanchez", "morris", "reed", "patel", "nguyen", "kim", "chen", "okafor", "silva"
  };
  private static final String[] EN_SUFFIX = {
    "travels", "nyc", "atl", "runs", "eats", "writes", "codes", "fit", "photo", "flies", "la",
    "chi", "reads", "mom", "dad", "bakes"
  };
  private static final String[][] KO_GIVEN = {
    {"minji", "민지"},
    {"jiwoo", "지우"},
    {"seojun", "서준"},
    {"hyejin", "혜진"},
    {"jisoo", "지수"},
    {"yuna", "유나"},
    {"doyoon", "도윤"},
    {"eunji", "은지"},
    {"sooah", "수아"},
    {"haeun", "하은"},
    {"minho", "민호"},
    {"jihoon", "지훈"},
    {"taeyang", "태양"},
    {"subin", "수빈"},
    {"yerin", "예린"},
    {"junho", "준호"},
    {"dahye", "다혜"},
    {"seoyeon", "서연"},
    {"hyunwoo", "현우"},
    {"jimin", "지민"},
    {"sujin", "수진"},
    {"dongha", "동하"},
    {"chaewon", "채원"},
    {"siwoo", "시우"},
    {"nayeon", "나연"},
    {"gunwoo", "건우"},
    {"soyoung", "소영"},
    {"jaehyun", "재현"}
  };
  private static final String[][] KO_FAMILY = {
    {"kim", "김"},
    {"lee", "이"},
    {"park", "박"},
    {"choi", "최"},
    {"jung", "정"},
    {"kang", "강"},
    {"cho", "조"},
    {"yoon", "윤"},
    {"jang", "장"},
    {"lim", "임"},
    {"han", "한"},
    {"shin", "신"},
    {"oh", "오"},
    {"seo", "서"},
    {"kwon", "권"},
    {"hwang", "황"},
    {"song", "송"},
    {"jeon", "전"},
    {"moon", "문"},
    {"bae", "배"}
  };
  private static final String[][] EN_PLACES = {
    {"Brooklyn, NY", "Eastern Time (US & Canada)"},
    {"New York, NY", "Eastern Time (US & Canada)"},
    {"Boston, MA", "Eastern Time (US & Canada)"},
    {"Atlanta, GA", "Eastern Time (US & Canada)"},
    {"Miami, FL", "Eastern Time (US & Canada)"},
    {"Chicago, IL", "Central Time (US & Canada)"},
    {"Austin, TX", "Central Time (US & Canada)"},
    {"Nashville", "Central Time (US & Canada)"},
    {"Denver, CO", "Mountain Time (US & Canada)"},
    {"Phoenix, AZ", "Arizona"},
    {"Los Angeles, CA", "Pacific Time (US & Canada)"},
    {"San Francisco", "Pacific Time (US & Canada)"},
    {"Seattle, WA", "Pacific Time (US & Canada)"},
    {"Toronto", "Eastern Time (US & Canada)"},
    {"London", "London"},
    {"NYC ✈️ LAX", ""},
    {"somewhere over the rainbow", ""},
    {"", ""},
    {"", "Eastern Time (US & Canada)"},
    {"", ""}
  };
  private static final String[] KO_PLACES = {
    "서울", "Seoul", "서울 강남구", "서울 마포구", "부산", "Busan, Korea", "인천", "대구", "대한민국", "", "", "판교"
  };

  private final Options o;
  private final SplittableRandom rng;
  private final Snowflakes ids;
  private final JsonFactory v1Json;
  final Persona[] enCustomers, koCustomers;

  /** Per brand kit: its accounts in handle order, the care account last. */
  final Persona[][] brandAccounts = new Persona[Kit.KITS.length][];

  final List<Persona> staff = new ArrayList<>();
  final List<RosterRow> roster = new ArrayList<>();

  /** Every account by handle: the writers resolve @mentions with it. */
  final Map<String, Persona> byHandle = new HashMap<>();

  Personas(Options o, SplittableRandom rng, Snowflakes ids, JsonFactory v1Json) {
    this.o = o;
    this.rng = rng;
    this.ids = ids;
    this.v1Json = v1Json;
    this.enCustomers = customers(1125, false);
    this.koCustomers = customers(375, true);
    brandPersonas();
    staffPersonas();
  }

  /** Posting activity is heavy-tailed: a few regulars post far more than everyone else. */
  Persona customer(boolean ko, Persona not) {
    Persona[] pool = ko ? koCustomers : enCustomers;
    Persona p;
    do {
      p = pool[(int) (pool.length * Math.pow(rng.nextDouble(), 2.2))];
    } while (p == not);
    return p;
  }

  /** An employee of the brand on that day who writes in that language, or null. */
  Persona activeStaff(Kit kit, long t, boolean ko) {
    LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, DAY));
    List<Persona> eligible = new ArrayList<>();
    for (Persona e : staff) if (e.employer == kit && e.ko == ko && e.employedOn(d)) eligible.add(e);
    return eligible.isEmpty() ? null : eligible.get(rng.nextInt(eligible.size()));
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
      p.id =
          created < LocalDate.of(2014, 1, 1).toEpochDay() * DAY
              ? 10_000_000L + rng.nextLong(2_400_000_000L)
              : ids.next(created);
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
    String first = EN_FIRST[rng.nextInt(EN_FIRST.length)],
        last = EN_LAST[rng.nextInt(EN_LAST.length)];
    p.handle =
        switch (rng.nextInt(5)) {
          case 0 -> first + "_" + EN_SUFFIX[rng.nextInt(EN_SUFFIX.length)];
          case 1 -> first + last.charAt(0) + (80 + rng.nextInt(20));
          case 2 -> first + "_" + last;
          case 3 -> cap(first) + cap(last);
          default -> first + last + rng.nextInt(100);
        };
    p.first = cap(first);
    double u = rng.nextDouble();
    p.name =
        u < 0.6
            ? cap(first) + " " + cap(last)
            : u < 0.8
                ? cap(first) + " " + Character.toUpperCase(last.charAt(0)) + "."
                : u < 0.9 ? first + " ✈️" : cap(first);
    String[] where = EN_PLACES[rng.nextInt(EN_PLACES.length)];
    p.location = where[0];
    p.tz = where[1];
  }

  private void koName(Persona p) {
    String[] given = KO_GIVEN[rng.nextInt(KO_GIVEN.length)],
        family = KO_FAMILY[rng.nextInt(KO_FAMILY.length)];
    p.handle =
        switch (rng.nextInt(5)) {
          case 0 -> given[0] + "_" + family[0].charAt(0) + (85 + rng.nextInt(15));
          case 1 -> given[0] + "_" + family[0];
          case 2 ->
              given[0]
                  + String.format(
                      Locale.ROOT, "%02d%02d", 1 + rng.nextInt(12), 1 + rng.nextInt(28));
          case 3 -> given[0] + "_" + family[0].charAt(0);
          default -> family[0] + given[0];
        };
    p.first = given[1];
    double u = rng.nextDouble();
    p.name =
        u < 0.5
            ? family[1] + given[1]
            : u < 0.7 ? given[1] : u < 0.85 ? given[1] + " 🌸" : "여행하는 " + given[1];
    p.location = KO_PLACES[rng.nextInt(KO_PLACES.length)];
    p.tz = rng.nextDouble() < 0.7 ? "Seoul" : "";
  }

  private void brandPersonas() {
    for (Kit k : Kit.KITS) {
      List<String> handles = k.brand().handles();
      brandAccounts[k.index()] = new Persona[handles.size()];
      for (int i = 0; i < handles.size(); i++) {
        Persona p = new Persona();
        p.kind = Persona.OFFICIAL;
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
      Kit k = Kit.KITS[s.kit()];
      Persona p = new Persona();
      p.kind = Persona.EMPLOYEE;
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
      p.id = ids.next(created);
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
    p.v2Created =
        c.toLocalDate()
            + "T"
            + String.format(
                Locale.ROOT, "%02d:%02d:%02d.000Z", c.getHour(), c.getMinute(), c.getSecond());
    byHandle.put(p.handle, p);
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
