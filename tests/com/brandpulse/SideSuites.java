package com.brandpulse;

import java.io.PrintStream;

/**
 * Suites that run beside the others (junit-platform.properties enables parallel execution; every
 * suite runs in one sequence except those annotated {@code @Execution(CONCURRENT)} and
 * {@code @ResourceLock(SideSuites.LOCK)}). Such a suite spends its time in processes of its own
 * (spark-submit JVMs, Jupyter kernels) that the sequence's Spark work leaves a core for; the lock
 * keeps two of them from running at once. Each prints to {@link #OUT}, the standard output the run
 * began with: a suite in the sequence that captures System.out for a moment never receives their
 * lines.
 */
public final class SideSuites {
  /** The lock every side suite holds. */
  public static final String LOCK = "side-suite";

  /** System.out as it was when the run began (EarlySetUps loads this class first). */
  public static final PrintStream OUT = System.out;

  private SideSuites() {}

  /** Loads this class, fixing {@link #OUT}. */
  static void init() {}
}
