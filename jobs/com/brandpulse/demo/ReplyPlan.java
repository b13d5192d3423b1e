package com.brandpulse.demo;

import static com.brandpulse.demo.Kit.AURORA;
import static com.brandpulse.demo.Post.CSV;
import static com.brandpulse.demo.Post.REDDIT;
import static com.brandpulse.demo.Schedule.MINUTE;

import com.brandpulse.demo.Lexicon.K;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The replies the archive's conversations will draw: each new post queues who answers it (brand
 * care, other customers, staff) and after how long (log-normal delays around each kind's median),
 * and the generator takes a reply from its language's queue once it is due. Draws come from the
 * generator's own random stream, in the generator's order, so an archive stays what it was for a
 * seed.
 */
final class ReplyPlan {
  /** A reply that comes due at {@code due}; {@code seq} keeps replies due together in order. */
  record Pending(long due, long seq, Post parent, K kind, Persona author) {}

  private final SplittableRandom rng;
  private final Personas personas;
  private final PriorityQueue<Pending> enQueue = new PriorityQueue<>(ReplyPlan::byDue);
  private final PriorityQueue<Pending> koQueue = new PriorityQueue<>(ReplyPlan::byDue);
  private long pendingSeq;

  ReplyPlan(SplittableRandom rng, Personas personas) {
    this.rng = rng;
    this.personas = personas;
  }

  private static int byDue(Pending a, Pending b) {
    int c = Long.compare(a.due(), b.due());
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  /** The first reply of the language's queue when it is due by {@code t}, taken off; else null. */
  Pending due(boolean ko, long t) {
    PriorityQueue<Pending> q = ko ? koQueue : enQueue;
    Pending first = q.peek();
    if (first == null || first.due() > t) {
      return null;
    }
    return q.poll();
  }

  /** Queues the replies a new conversation will draw: brand care, other customers, staff. */
  void plan(Post p, K kind) {
    if (p.format == CSV) return;
    Kit kit = p.kit;
    Persona care =
        personas.brandAccounts[kit.index()][personas.brandAccounts[kit.index()].length - 1];
    double careMin = kit.careMedianMin();
    if (p.format == REDDIT) {
      int n = 1;
      while (n < 12 && rng.nextDouble() < (p.mood < 0 || kind == K.Q ? 0.62 : 0.45)) n++;
      for (int i = 0; i < n; i++) {
        double u = rng.nextDouble();
        K k =
            switch (kind) {
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

  /**
   * With {@code probability}, queues a reply of {@code kind} to {@code parent} (by {@code author},
   * or by someone chosen when it comes due) after a log-normal delay around {@code medianMin}
   * minutes.
   */
  void maybe(double probability, Post parent, K kind, Persona author, double medianMin) {
    if (rng.nextDouble() < probability) queue(parent, kind, author, lognormalMs(medianMin, 1.1));
  }

  private void queue(Post parent, K kind, Persona author, long delayMs) {
    Pending pd =
        new Pending(parent.ms + Math.max(MINUTE, delayMs), pendingSeq++, parent, kind, author);
    (parent.ko ? koQueue : enQueue).add(pd);
  }

  private long lognormalMs(double medianMin, double sigma) {
    return (long) (medianMin * MINUTE * Math.exp(sigma * rng.nextGaussian()));
  }
}
