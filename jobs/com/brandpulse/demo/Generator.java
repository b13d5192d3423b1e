package com.brandpulse.demo;

import static com.brandpulse.demo.Kit.AURORA;
import static com.brandpulse.demo.Kit.KITS;
import static com.brandpulse.demo.Lexicon.AIR;
import static com.brandpulse.demo.Lexicon.LEX;
import static com.brandpulse.demo.Lexicon.TECH_KO;
import static com.brandpulse.demo.Lexicon.domain;
import static com.brandpulse.demo.Persona.CUSTOMER;
import static com.brandpulse.demo.Persona.OFFICIAL;
import static com.brandpulse.demo.Post.CSV;
import static com.brandpulse.demo.Post.PLACES_EN;
import static com.brandpulse.demo.Post.PLACES_KO;
import static com.brandpulse.demo.Post.REDDIT;
import static com.brandpulse.demo.Post.REF_NONE;
import static com.brandpulse.demo.Post.REF_QUOTE;
import static com.brandpulse.demo.Post.REF_RT;
import static com.brandpulse.demo.Post.V1;
import static com.brandpulse.demo.Post.V2;
import static com.brandpulse.demo.Schedule.DAY;
import static com.brandpulse.demo.Schedule.HOUR;
import static com.brandpulse.demo.Schedule.LANE_EN;
import static com.brandpulse.demo.Schedule.LANE_KO;
import static com.brandpulse.demo.Schedule.LANE_SPIKE;
import static com.brandpulse.demo.Schedule.MINUTE;

import com.brandpulse.demo.Lexicon.K;
import com.brandpulse.demo.Lexicon.Template;
import com.brandpulse.demo.Post.Place;
import com.brandpulse.demo.SampleArchive.Options;
import com.brandpulse.demo.SampleArchive.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.SplittableRandom;

/**
 * Makes the archive's conversations. Each schedule slot yields exactly one post: a reply that has
 * come due in an open thread, or a new conversation (a customer post, a brand promo, a staff post,
 * keyword noise, a retweet or quote). New posts queue the replies they will draw ({@link
 * ReplyPlan}); every post goes to the writer of its format.
 */
final class Generator {
  private static final int RING = 256;

  private final Options o;
  private final boolean bench;
  private final SplittableRandom rng;

  /**
   * Which threads move to other platforms: its own stream, so the posts stay what they were for a
   * seed.
   */
  private final SplittableRandom platformRng;

  private final Output output;
  private final Snowflakes ids = new Snowflakes();
  private final Schedule schedule;
  private final Personas personas;
  private final Renderer text;

  /** The renderer's buffer: posts add mentions, links and extra sentences around a template. */
  private final StringBuilder sb;

  private final OtherPlatforms others;
  private final TwitterV1Writer v1;
  private final TwitterV2Writer v2;
  private final RedditWriter reddit;
  private final CsvExportWriter csv;

  /** The replies that new posts will draw, due later in their threads. */
  private final ReplyPlan replies;

  /** Recent conversation starters per [format][ko] that later posts retweet, quote or delete. */
  private final Post[][][] ring = new Post[2][2][RING];

  private final int[][] ringSize = new int[2][2];

  private long posts, nextSubmission, nextComment;

  Generator(Path out, Options o) {
    this.o = o;
    this.bench = o.benchmarkMode();
    this.rng = new SplittableRandom(o.seed());
    this.platformRng = new SplittableRandom(o.seed() ^ 0x6F746865725F706CL);
    this.output = new Output(out);
    this.others = new OtherPlatforms(out, output::open);
    this.schedule = new Schedule(o);
    // Reddit ids start from the archive's first day and carry 12 bits of its seed, so archives of
    // other dates or seeds never share an id and a history built night by night holds each post
    // once. Counters stay below 2^35 (submissions below 2^34, comments above).
    long base = (o.start().toEpochDay() << 47) | ((mix(o.seed()) & 0xFFFL) << 35);
    this.nextSubmission = base + rng.nextInt(5000);
    this.nextComment = base + (1L << 34) + rng.nextInt(50000);
    // Every draw from rng shapes the output, in order: the personas come after the Reddit id bases.
    this.personas = new Personas(o, rng, ids, output.v1Json);
    this.text = new Renderer(rng);
    this.sb = text.sb;
    this.v1 = new TwitterV1Writer(output, bench, rng, new Entities(personas.byHandle));
    this.v2 = new TwitterV2Writer(output, rng, new Entities(personas.byHandle));
    this.reddit = new RedditWriter(output, rng);
    this.csv = new CsvExportWriter(output, rng);
    this.replies = new ReplyPlan(rng, personas);
  }

  private static long mix(long seed) {
    long h = seed * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }

  Summary run() throws IOException {
    try {
      long[] counts = schedule.counts(rng);
      long[] keys = new long[16];
      for (int h = 0; h < schedule.hours; h++) {
        int en = (int) counts[3 * h], ko = (int) counts[3 * h + 1], sp = (int) counts[3 * h + 2];
        int n = en + ko + sp;
        if (keys.length < n) keys = new long[Math.max(n, keys.length * 2)];
        // Slot times are random within the hour; the lane rides in the low two bits.
        for (int i = 0; i < n; i++) {
          int lane = i < en ? LANE_EN : i < en + ko ? LANE_KO : LANE_SPIKE;
          keys[i] = (rng.nextLong(HOUR) << 2) | lane;
        }
        Arrays.sort(keys, 0, n);
        long hourStart = schedule.startMs + h * HOUR;
        // The stream API reports dropped deliveries now and then, mostly when volume surges.
        if (n > 0 && rng.nextDouble() < (sp > 0 ? 0.6 : 0.03))
          v1.limit(hourStart + rng.nextLong(HOUR));
        for (int i = 0; i < n; i++) slot(hourStart + (keys[i] >>> 2), (int) (keys[i] & 3));
      }
      v1.close();
      long malformed = 0, labelled = 0;
      if (!bench) {
        v2.flush();
        reddit.write();
        others.write();
        csv.write();
        RosterWriter.write(output, personas.roster);
        malformed =
            new MalformedWriter(output, rng, ids).write(schedule, o.weeks(), personas.enCustomers);
        // Last, so the posts and every other file stay what they were for a seed.
        labelled = new LabelledSetWriter(output, rng, text, personas).write();
      }
      return new Summary(
          posts,
          malformed,
          Collections.unmodifiableMap(output.files),
          KITS[AURORA].brand().name(),
          schedule.spikeDay(),
          labelled);
    } finally {
      v1.close();
    }
  }

  // --- one slot, one post -------------------------------------------------------------------

  private void slot(long t, int lane) throws IOException {
    ReplyPlan.Pending due = lane == LANE_SPIKE ? null : replies.due(lane == LANE_KO, t);
    if (due != null) {
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
    // Twitter also carries brand promos, staff posts, keyword noise, retweets, quotes and replies
    // to
    // posts outside the archive; each may decline (nothing to share yet), leaving a customer post.
    if (fmt == V1 || fmt == V2) {
      double u = rng.nextDouble();
      boolean done =
          u < 0.010
              ? promo(t, fmt, ko)
              : u < 0.018
                  ? staffPost(t, fmt, ko)
                  : u < 0.028
                      ? noise(t, fmt, ko)
                      : u < 0.088
                          ? share(t, fmt, ko, REF_RT)
                          : u < 0.100
                              ? share(t, fmt, ko, REF_QUOTE)
                              : u < 0.115 && promoReply(t, fmt, ko);
      if (done) return;
    }
    int week = schedule.week(t);
    Kit kit = Schedule.kit(rng, ko, week);
    customerPost(t, fmt, ko, kit, Schedule.moodKind(rng, kit, week));
  }

  /**
   * Root formats, tuned so that with threads the archive is ~55% v1, 20% v2, 15% Reddit, 10% CSV.
   */
  private int format(boolean ko) {
    double u = rng.nextDouble();
    if (ko) return u < 0.685 ? V1 : u < 0.885 ? V2 : u < 0.91 ? REDDIT : CSV;
    return u < 0.535 ? V1 : u < 0.735 ? V2 : u < 0.82 ? REDDIT : CSV;
  }

  private void customerPost(long t, int fmt, boolean ko, Kit kit, K kind) throws IOException {
    Post p = post(t, fmt, ko, personas.customer(ko, null), kit, kind.mood);
    int dom = domain(kit, ko);
    Template tpl = text.pick(LEX[dom][kind.ordinal()]);
    p.topic = tpl.label();
    sb.setLength(0);
    text.render(tpl, p);
    if (rng.nextDouble() < (fmt == REDDIT ? 0.5 : 0.12)) {
      K extra = p.mood < 0 ? K.EXTRA_NEG : p.mood > 0 ? K.EXTRA_POS : K.EXTRA_NEU;
      sb.append(rng.nextDouble() < 0.2 || fmt == REDDIT ? "\n\n" : " ");
      text.render(text.pick(LEX[dom][extra.ordinal()]), p);
    }
    if ((kind == K.NEG || kind == K.Q) && rng.nextDouble() < 0.03) {
      sb.append(' ');
      text.render(text.pick(LEX[dom][K.CONTACT.ordinal()]), p);
    }
    p.text = text.finish();
    if (fmt == REDDIT) {
      K title =
          switch (kind) {
            case NEG, UPDATE -> K.TITLE_NEG;
            case SPIKE -> K.TITLE_SPIKE;
            case Q -> K.TITLE_Q;
            case POS -> K.TITLE_POS;
            default -> K.TITLE_NEU;
          };
      sb.setLength(0);
      text.render(text.pick(LEX[dom][title.ordinal()]), p);
      p.title = text.finish();
      p.rid = Long.toString(nextSubmission += 1 + rng.nextInt(40), 36);
      p.subreddit =
          ko
              ? (rng.nextBoolean() ? "hanguk" : "korea")
              : kit.subreddits()[rng.nextInt(kit.subreddits().length)];
    }
    if (kind == K.SPIKE) {
      p.retweets *= 3;
      p.likes *= 2;
    }
    emit(p);
    replies.plan(p, kind);
  }

  private boolean promo(long t, int fmt, boolean ko) throws IOException {
    Kit kit = ko ? KITS[3 + rng.nextInt(2)] : KITS[rng.nextInt(3)];
    Post p = post(t, fmt, ko, personas.brandAccounts[kit.index()][0], kit, 1);
    sb.setLength(0);
    text.render(text.pick(LEX[domain(kit, ko)][K.PROMO.ordinal()]), p);
    p.text = text.finish();
    emit(p);
    remember(p);
    replies.maybe(0.06, p, K.CHEER, null, 30);
    return true;
  }

  /**
   * Employees post about their employer; the one who leaves mid-period turns critical afterwards.
   */
  private boolean staffPost(long t, int fmt, boolean ko) throws IOException {
    Persona e = personas.staff.get(rng.nextInt(personas.staff.size()));
    if (e.ko != ko) return false;
    LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, DAY));
    if (d.isBefore(e.employedFrom)) return false;
    K kind = e.employedOn(d) ? K.EMP : K.EXEMP;
    Template[] tpls = LEX[domain(e.employer, ko)][kind.ordinal()];
    if (tpls == null) return false;
    Post p = post(t, fmt, ko, e, e.employer, kind.mood);
    sb.setLength(0);
    text.render(text.pick(tpls), p);
    p.text = text.finish();
    emit(p);
    replies.maybe(0.08, p, K.CHEER, null, 60);
    return true;
  }

  /** Keyword tracking also catches posts that merely contain a brand-like word. */
  private boolean noise(long t, int fmt, boolean ko) throws IOException {
    Post p = post(t, fmt, ko, personas.customer(ko, null), null, 0);
    sb.setLength(0);
    text.render(text.pick(LEX[ko ? TECH_KO : AIR][K.NOISE.ordinal()]), p);
    p.text = text.finish();
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
    Post p = post(t, fmt, ko, personas.customer(ko, orig.author), orig.kit, orig.mood);
    p.ref = orig;
    p.refType = refType;
    p.topic = orig.topic;
    if (refType == REF_RT) {
      p.text = "RT @" + orig.author.handle + ": " + orig.text;
      p.retweets = orig.retweets;
      p.likes = 0;
    } else {
      sb.setLength(0);
      text.render(text.pick(LEX[domain(orig.kit, ko)][K.QUOTE.ordinal()]), p);
      p.url = text.tco();
      p.urlExpanded = "https://twitter.com/" + orig.author.handle + "/status/" + orig.idStr;
      sb.append(' ').append(p.url);
      p.text = text.finish();
      orig.quotes++;
    }
    emit(p);
    return true;
  }

  /** A reply to a brand post that is not in the archive (the collector only tracked mentions). */
  private boolean promoReply(long t, int fmt, boolean ko) throws IOException {
    Kit kit = Schedule.kit(rng, ko, schedule.week(t));
    Persona brand = personas.brandAccounts[kit.index()][0];
    Post p = post(t, fmt, ko, personas.customer(ko, null), kit, 0);
    p.replyToId = ids.next(t - MINUTE * (30 + rng.nextInt(48 * 60)));
    p.replyToUser = brand;
    Template tpl = text.pick(LEX[domain(kit, ko)][K.PROMO_REPLY.ordinal()]);
    p.mood = tpl.label() == null ? 0 : tpl.label().equals("+") ? 1 : -1;
    p.topic = p.mood < 0 ? tpl.label() : null;
    sb.setLength(0);
    sb.append('@').append(brand.handle).append(' ');
    text.render(tpl, p);
    p.text = text.finish();
    emit(p);
    return true;
  }

  // --- threads ------------------------------------------------------------------------------

  private void reply(ReplyPlan.Pending pd, long t) throws IOException {
    Post parent = pd.parent();
    Post root = parent.root;
    K kind = pd.kind();
    // Reddit discussions branch: some comments answer the latest comment rather than the post.
    if (parent.format == REDDIT
        && root.lastComment != null
        && kind != K.SUP_NEG
        && rng.nextDouble() < 0.35) {
      parent = root.lastComment;
    }
    Persona author = pd.author();
    if (author == null) {
      if (kind == K.THANKS || kind == K.STILL_BAD) author = root.author;
      else if (kind == K.DEFEND && rng.nextDouble() < 0.2)
        author = personas.activeStaff(root.kit, t, parent.ko);
      if (author == null) author = personas.customer(parent.ko, parent.author);
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
    Template tpl = text.pickFor(dom, kind, root.topic);
    r.topic = root.topic;
    sb.setLength(0);
    if (parent.format != REDDIT) sb.append('@').append(parent.author.handle).append(' ');
    text.render(tpl, r);
    r.text = text.finish();
    parent.replies++;
    root.thread++;
    if (r.format == REDDIT) {
      r.rid = Long.toString(nextComment += 1 + rng.nextInt(400), 36);
      r.subreddit = root.subreddit;
      root.lastComment = r;
    }
    emit(r);
    if (r.format != REDDIT && (kind == K.SUP_NEG || kind == K.SUP_Q || kind == K.SUP_SPIKE)) {
      replies.maybe(0.3, r, rng.nextDouble() < 0.65 ? K.THANKS : K.STILL_BAD, root.author, 20);
    }
  }

  // --- posts -------------------------------------------------------------------------------

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
      p.id = ids.next(t);
      p.idStr = Long.toString(p.id);
    }
    double reach = Math.sqrt(author.followers + 1.0) / (author.kind == OFFICIAL ? 2 : 10);
    p.likes = (int) (reach * Math.exp(1.2 * rng.nextGaussian()) * 0.6);
    p.retweets = p.likes / (3 + rng.nextInt(6));
    p.quotes = p.retweets / 6;
    if (fmt == REDDIT) {
      p.score =
          (int) Math.round(Math.exp(1.5 + 1.2 * rng.nextGaussian()))
              - (rng.nextDouble() < 0.1 ? rng.nextInt(8) : 0);
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
          p.moved =
              new OtherPlatforms.Post(
                  p.platform,
                  p.id,
                  p.ms,
                  p.author.handle,
                  p.author.id,
                  p.author.name,
                  p.ko,
                  p.text,
                  p.parent == null ? null : p.parent.moved,
                  p.parent == null ? null : p.root.moved,
                  p.likes,
                  p.retweets,
                  p.kit == null ? "none" : p.kit.brand().name());
          others.add(p.moved);
        }
        // Now and then someone deletes an earlier tweet; the stream announces it.
        if (rng.nextDouble() < 0.003) {
          int side = rng.nextInt(2), n = Math.min(ringSize[V1][side], RING);
          Post victim = n == 0 ? null : ring[V1][side][rng.nextInt(n)];
          if (victim != null
              && !victim.deleted
              && victim.ms < p.ms
              && victim.platform == OtherPlatforms.NONE) {
            victim.deleted = true;
            v1.delete(victim, p.ms);
          }
        }
      }
      case V2 -> v2.add(p);
      case REDDIT -> reddit.add(p);
      default -> csv.add(p);
    }
    if (p.parent == null && p.refType == REF_NONE && p.kit != null && p.author.kind == CUSTOMER)
      remember(p);
  }

  private void remember(Post p) {
    if (p.format > V2) return;
    int side = p.ko ? 1 : 0;
    ring[p.format][side][ringSize[p.format][side]++ % RING] = p;
    if (ringSize[p.format][side] == 2 * RING) ringSize[p.format][side] = RING;
  }
}
