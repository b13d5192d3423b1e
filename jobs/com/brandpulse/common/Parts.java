package com.brandpulse.common;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Independent parts of one job, run at once on threads of their own or one after the other. On two
 * cores a part spends much of its time planning on the driver, one thread, while the executors
 * wait: a second part's tasks fill that time. Parts share the job's Spark session (Spark schedules
 * jobs from several threads) and must write tables of their own, or hold a table's monitor around a
 * write they share. A failed part does not stop the others: the job waits for all of them, then
 * fails with the first failure in the order the parts were started, as a run one after the other
 * would have.
 */
public final class Parts {
  private Parts() {}

  /** A started part: its result once {@link #awaitAll} returned. */
  public static final class Part<T> {
    private final FutureTask<T> task;

    private Part(FutureTask<T> task) {
      this.task = task;
    }

    /** The part's result; a part that failed throws its failure (as the part threw it). */
    public T result() {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a part", e);
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
      }
    }
  }

  /**
   * Starts {@code work} on a daemon thread named {@code job-name} when {@code together}, else runs
   * it here at once (a failure then propagates before the next part starts, as code without parts).
   */
  public static <T> Part<T> start(boolean together, String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    if (!together) {
      task.run();
      Part<T> part = new Part<>(task);
      part.result(); // throws the failure now
      return part;
    }
    Thread thread = new Thread(task, Thread.currentThread().getName() + "-" + name);
    thread.setDaemon(true);
    thread.start();
    return new Part<>(task);
  }

  /** Waits until every part has ended, then throws the first failure among them, if any. */
  public static void awaitAll(List<? extends Part<?>> parts) {
    for (Part<?> p : parts) {
      try {
        p.task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a part", e);
      } catch (ExecutionException e) {
        // the others are awaited before it is thrown
      }
    }
    for (Part<?> p : parts) {
      p.result();
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause.getMessage(), cause);
  }
}
