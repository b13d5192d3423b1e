package com.brandpulse.gold;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Every reply link of the history held in the driver, for walking threads: each reply's 64-bit id
 * hash and its parent's, kept twice in sorted primitive arrays (by reply, by parent), so that a
 * step up or down a thread is a binary search instead of a Spark job over every link.
 *
 * <p>Why the driver: a walk takes as many steps as the deepest thread it meets (6 and 11 on the 3M
 * year's night), and as Spark joins each step cost about a second whatever the history's size: on a
 * synthetic 3M-post history the two walks took 8.2 and 17.5 s as joins, 3.0 and 3.4 s here
 * (docs/benchmarks.md). The links cost 32 bytes per reply (about 50 MB for 3M posts, 160 MB for
 * 10M) and about twice that while they are sorted; they are read once per run and released with the
 * scope.
 *
 * <p>Hashes, not ids: two ids sharing a hash (about 2e-7 for one pair among 3M posts) can only add
 * posts to a walk's result, and a scope that reads more than it must stays correct.
 */
final class ThreadLinks {
  /** Reply hashes, sorted, and the parent of each. */
  private final long[] replies;

  private final long[] parentOf;

  /** Parent hashes, sorted (a parent once per reply), and the reply of each. */
  private final long[] parents;

  private final long[] replyOf;

  private ThreadLinks(long[] replies, long[] parentOf, long[] parents, long[] replyOf) {
    this.replies = replies;
    this.parentOf = parentOf;
    this.parents = parents;
    this.replyOf = replyOf;
  }

  /**
   * The links of {@code rows} ({@code h}, {@code parent_h}: long, null for a post that is not a
   * reply), collected in one pass and sorted in the driver (primitive sorts, no row objects).
   */
  static ThreadLinks of(Dataset<Row> rows) {
    long[] pairs = longs(rows.select("h", "parent_h").where(col("parent_h").isNotNull()), 2);
    int n = pairs.length / 2;
    long[] replies = new long[n];
    long[] parents = new long[n];
    for (int i = 0; i < n; i++) {
      replies[i] = pairs[2 * i];
      parents[i] = pairs[2 * i + 1];
    }
    long[] sortedReplies = replies.clone();
    long[] sortedParents = parents.clone();
    Arrays.sort(sortedReplies);
    Arrays.sort(sortedParents);
    long[] parentOf = inRuns(sortedReplies, replies, parents);
    long[] replyOf = inRuns(sortedParents, parents, replies);
    return new ThreadLinks(sortedReplies, parentOf, sortedParents, replyOf);
  }

  /**
   * {@code values} laid out beside {@code sorted}, the sorted {@code keys}: each key's values fill
   * its run of equal keys in arrival order (a parent has a run of replies; a reply has a run of
   * one, or more when two ids share a hash, and then every link is kept).
   */
  private static long[] inRuns(long[] sorted, long[] keys, long[] values) {
    long[] out = new long[keys.length];
    int[] filled = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      int run = firstIndex(sorted, keys[i]);
      out[run + filled[run]++] = values[i];
    }
    return out;
  }

  /** Replies in the history. */
  int size() {
    return replies.length;
  }

  /**
   * The hashes reached by following links up (to parents) from {@code up}, at most {@code upSteps}
   * links, and down (to replies) from {@code down}, at most {@code downSteps} links; a seed is in
   * the result only when reached from another seed. A parent that is no post of the history
   * (deleted, never archived) is reached but leads no further. Level by level, so every post is
   * reached at its least distance and met once per direction: a cycle in bad data ends too.
   */
  long[] walk(long[] up, int upSteps, long[] down, int downSteps) {
    LongStream.Builder reached = LongStream.builder();
    walk(replies, parentOf, up, upSteps, reached);
    walk(parents, replyOf, down, downSteps, reached);
    long[] all = reached.build().toArray();
    Arrays.sort(all);
    int n = 0;
    for (long h : all) {
      if (n == 0 || all[n - 1] != h) {
        all[n++] = h;
      }
    }
    return Arrays.copyOf(all, n);
  }

  /**
   * One direction: from {@code seeds}, at most {@code steps} links from each key of {@code keys} to
   * the values of its run, every value reached added to {@code reached}.
   */
  private static void walk(
      long[] keys, long[] values, long[] seeds, int steps, LongStream.Builder reached) {
    BitSet seen = new BitSet(keys.length);
    long[] frontier = seeds;
    for (int step = 0; step < steps && frontier.length > 0; step++) {
      LongStream.Builder next = LongStream.builder();
      for (long h : frontier) {
        int first = firstIndex(keys, h);
        if (first >= 0 && !seen.get(first)) {
          seen.set(first);
          for (int i = first; i < keys.length && keys[i] == h; i++) {
            next.add(values[i]);
            reached.add(values[i]);
          }
        }
      }
      frontier = next.build().toArray();
    }
  }

  /** The first index of {@code key} in sorted {@code a}, or -1. */
  private static int firstIndex(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < a.length && a[lo] == key ? lo : -1;
  }

  /** The long values of column 0 of {@code rows}, packed per partition. */
  static long[] longs(Dataset<Row> rows) {
    return longs(rows, 1);
  }

  /** The long values of the first {@code columns} columns of {@code rows}, row by row. */
  private static long[] longs(Dataset<Row> rows, int columns) {
    MapPartitionsFunction<Row, byte[]> pack = it -> pack(it, columns);
    List<byte[]> parts = rows.mapPartitions(pack, Encoders.BINARY()).collectAsList();
    LongStream.Builder out = LongStream.builder();
    for (byte[] p : parts) {
      ByteBuffer b = ByteBuffer.wrap(p);
      while (b.hasRemaining()) {
        out.add(b.getLong());
      }
    }
    return out.build().toArray();
  }

  private static Iterator<byte[]> pack(Iterator<Row> rows, int columns) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int c = 0; c < columns; c++) {
          out.writeLong(r.getLong(c));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(bytes.toByteArray()).iterator();
  }
}
